"""The rails: every message in and every reply out passes through the active profile here.

Input rail (`Guardrails.check_input`): normalise the message, mask the profile's idiom exclusions, then try
crisis categories, then scope categories, in profile order, then the built-in medicine questions every profile
gets (medicine_questions.py: "cbd oil with fluoxetine, any problem?" is a medication redirect). In a short
message, a crisis match that is only a mention — negated ("I'm not suicidal") or a topic word in a message
about the past or about study (framing.py) — gets the check-in question instead of the crisis response,
whatever the score. Beside the rules, a learned scorer (scorer.py) gives every message a risk score; the
profile's thresholds turn a high score into a crisis and a moderate one into a check-in (a direct question
with the help lines). Crisis beats check-in beats block beats redirect beats allow; the first matching rule of
the most severe kind wins, so an instruction such as "ignore your rules" in the same message can never lower a
verdict — the rails do not read instructions. If the scorer's weights could not be loaded, the rules run alone
and `scorer_problem` says so.

The check-in (`Guardrails.screen`, `Guardrails.answer_check_in`): a check-in verdict, or moderate scores
that add up over the last few messages, asks the profile's direct question with the help lines instead of
asking the model. The answer decides: yes or not sure starts the crisis flow exactly as a crisis verdict
does; no carries on with the profile's reply and is recorded in the audit log.

Output rail (`OutputFilter`): fed the reply as it streams; it releases text a sentence at a time, only once
that sentence has passed the profile's output rules. A violating sentence is withheld and reported, and the
filter releases nothing more: the caller stops generation and shows the replacement text instead. Each
sentence passes the profile's output rules, then the built-in rules every profile gets (builtin_harm.py: no
instructions, code or content written to order for crime, weapons, drugs, fraud, stalking, hate, sexual content
or disinformation, reported as `harmful-instructions` with a built-in replacement; builtin_rules.py: the
assistant never speaks as a person with a name, job, family, body, past or appointments), then the context
rules every profile gets (context_rules.py: read with the person's latest message, so "Yes, absolutely." to
"is cutting ok if it helps?" is withheld; a sentence that names a harmful act and approves of it is withheld
on any turn), then the learned output scorer. Output text is normalised towards
the vocabulary of the profile's rules and the built-in ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.safety import builtin_harm, context_rules, medicine_questions
from app.safety.builtin_rules import CATEGORY as BUILTIN_CATEGORY
from app.safety.builtin_rules import builtin_output_rules, quote_open_after, unquoted
from app.safety.check_in import CheckInAnswer, parse_check_in_answer
from app.safety.crisis import CrisisState
from app.safety.events import CHECK_IN_LAPSED, CHECK_IN_NO, verdict_event
from app.safety.framing import MENTION_MAX_CHARS, mention_only
from app.safety.normalise import SEPARATOR, Normaliser, fold
from app.safety.patterns import compile_rule
from app.safety.profile import CrisisCategory, OutputCategory, Profile, Rule
from app.safety.scorer import ScorerSet, shipped_scorers
from app.safety.sign_off import is_sign_off, raises_concern
from app.safety.verdict import ALLOW, Action, HelpResource, Verdict

MASK = "-"  # what an excluded word becomes: no rule or gap can match it
MAX_PENDING = 400  # characters held back before an unfinished sentence is checked and released anyway
SCORED_CONTEXT = 600  # characters of already-released reply the output scorer reads before a new sentence
_CARRY_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)|\n")
RULE_SCORER = "scorer.input"  # a crisis or check-in from the learned score alone
CALM_SHARE = 0.9  # a score at this share of the check-in threshold makes a conversation not calm
RULE_BUILD_UP = "scorer.build-up"  # a check-in because scores added up over the last few messages
RULE_UNCLEAR = "check-in.unclear"  # asked again after a reply that answered neither way (twice: a crisis)
RULE_NO = "check-in.no"
RULE_LAPSED = "check-in.lapsed"  # unanswered twice in calm words, after a question from the score alone


@dataclass(frozen=True)
class AuditEntry:
    """What to record for one guardrail event; `text` is None unless the profile allows storing it."""

    kind: str  # one of events.py's kinds: "input.crisis", "input.check-in-no", "output.block", ...
    category: str
    rule: str
    text: str | None


@dataclass(frozen=True)
class Screening:
    """Everything a session needs to handle one message from the person (see `Guardrails.screen`)."""

    verdict: Verdict  # what the input rail decided (explainable: category + rule)
    state: CrisisState  # the crisis state to persist from now on
    ask_model: bool  # True only if the model may answer this message
    reply: str | None  # when not asking the model: the text to show and store as the reply
    pinned: tuple[HelpResource, ...]  # help lines to keep visible
    safety_plan_prompt: str | None  # when set: offer the person's safety plan with this text
    audit: AuditEntry | None  # the guardrail event to record, if any
    answer: CheckInAnswer | None = None  # the check-in answer this message (or button) gave, if any


@dataclass(frozen=True)
class Opening:
    """What to show when a conversation opens (see `Guardrails.open_conversation`)."""

    state: CrisisState
    disclaimer: str  # always shown at the start of a conversation
    check_in: str | None  # the gentle check-in after a crisis in an earlier conversation
    pinned: tuple[HelpResource, ...]
    confirmation_prompt: str | None  # set while the model waits for the person to confirm they are safe
    check_in_question: str | None = None  # set while the check-in question waits for an answer


class Guardrails:
    """One profile's rails. Cheap to call: build once per profile and reuse for every message."""

    def __init__(self, profile: Profile, scorers: ScorerSet | None = None) -> None:
        self.profile = profile
        self.scorers = scorers if scorers is not None else shipped_scorers()
        self.normaliser = Normaliser(profile.vocabulary, profile.stems)
        excluded = [pattern for rule in profile.exclusions for pattern in rule.patterns]
        self._exclusion = compile_rule(excluded) if excluded else None
        self._input_order = [
            *((rule, category, Action.CRISIS) for category in profile.crisis for rule in category.rules),
            *((rule, category, category.action) for category in profile.scope
              if category.action is Action.BLOCK for rule in category.rules),
            *((rule, category, category.action) for category in profile.scope
              if category.action is Action.REDIRECT for rule in category.rules),
        ]
        self._crisis_regexes = [rule.regex for category in profile.crisis for rule in category.rules]
        self._output_order = [(rule, category) for category in profile.output for rule in category.rules]
        builtin = builtin_output_rules()
        human_claims = next((c for c in profile.output if c.id == BUILTIN_CATEGORY), None)
        # Every profile has a human-claims category (profile.REQUIRED_OUTPUT); its replacement is shown.
        self._builtin_order = [(rule, human_claims) for rule in builtin.rules] if human_claims else []
        self.output_normaliser = Normaliser(profile.vocabulary | builtin.words, profile.stems | builtin.stems)
        # Harmful instructions (builtin_harm.py) are withheld in every profile, with a built-in replacement; a
        # profile may word it itself in an output category of the same id.
        own = next((c for c in profile.output if c.id == builtin_harm.CATEGORY), None)
        self._harm_replacement = own.replacement if own is not None else builtin_harm.REPLACEMENT
        # Questions about taking a medicine (medicine_questions.py) are redirected in every profile, in the words
        # of the profile's medication category when it has one.
        medication = next((c for c in profile.scope if c.id == medicine_questions.CATEGORY), None)
        self._medicine_response = medication.response if medication is not None else medicine_questions.RESPONSE
        # What a learned verdict reports and shows: the suicide/self-harm category's words and help lines
        # (the scorer learned crisis in general; that category's response is written for exactly this).
        self._scored_crisis: CrisisCategory | None = (
            profile.crisis_category("suicide-self-harm") or (profile.crisis[0] if profile.crisis else None))
        self._scored_output: OutputCategory | None = next(
            (c for c in profile.output if c.id == "unsafe-messaging"), profile.output[0] if profile.output else None)
        self._context_categories = {rule.id: self._context_category(rule.category) for rule in context_rules.RULES}

    @property
    def scorer_problem(self) -> str | None:
        """One sentence for people when a learned scorer is missing and rules run alone (else None)."""
        return self.scorers.problem

    @property
    def check_in_resources(self) -> tuple[HelpResource, ...]:
        """The help lines shown with the check-in question (those of the suicide/self-harm category)."""
        return self._scored_crisis.resources if self._scored_crisis is not None else self.profile.resources

    def input_score(self, text: str) -> float | None:
        """The learned input scorer's risk score for a message, or None when it is unavailable."""
        scorer = self.scorers.input
        return None if scorer is None else scorer.score(text)

    # ---- what the model is told ---------------------------------------------------------------------

    @property
    def system_prompt(self) -> str:
        """Persona, the profile's instructions, the lines it must never cross, and the AI disclosure."""
        p = self.profile
        never = "; ".join(category.name.lower() for category in p.output)
        return (
            f"{p.persona.strip()}\n\n{p.system_prompt_text.strip()}\n\n"
            f"Your replies are checked before they are shown, and must never contain: {never}.\n"
            f"You are an AI, not a human, a therapist or a doctor. {p.ai_disclosure.strip()}"
        )

    # ---- input rail ---------------------------------------------------------------------------------

    def matchable(self, text: str) -> str:
        """The normalised, idiom-masked form the input rules see (for clinicians debugging a profile)."""
        normalised = self.normaliser(text)
        if self._exclusion is not None:
            normalised = self._exclusion.sub(_mask, normalised)
        return normalised

    def check_input(self, text: str) -> Verdict:
        """The verdict on one message from the person, before the model sees anything."""
        if not text or not text.strip():
            return ALLOW
        matchable = self.matchable(text)
        scored_text = self._scorer_text(text, matchable)
        score = self.input_score(scored_text)
        scope: Verdict | None = None
        for rule, category, action in self._input_order:
            if rule.regex.search(matchable):
                if action is Action.CRISIS:
                    mention = mention_only(matchable, self._crisis_regexes) if len(text) <= MENTION_MAX_CHARS else None
                    if mention is not None:  # every crisis match is a mention: ask directly, unless what is
                        frame, masked = mention  # left of the message is itself a crisis to the scorer
                        rest = self._scorer_text(text, masked)
                        learned = self._scored_verdict(rest, self.input_score(rest))
                        if learned is not None and learned.action is Action.CRISIS:
                            return learned
                        return Verdict(Action.CHECK_IN, category.id, rule.id, self.profile.scorer.check_in_question,
                                       category.resources, rule.first_match(matchable), score, (frame,))
                    return Verdict(Action.CRISIS, category.id, rule.id, category.response,
                                   category.resources, rule.first_match(matchable), score)
                scope = Verdict(action, category.id, rule.id, category.response, (),
                                rule.first_match(matchable), score)
                break
        if scope is None and (question := medicine_questions.find(text)) is not None:
            scope = Verdict(Action.REDIRECT, medicine_questions.CATEGORY, medicine_questions.RULE,
                            self._medicine_response, (), question.medicine, score)
        learned = self._scored_verdict(scored_text, score)
        return learned or scope or (Verdict(Action.ALLOW, score=score) if score is not None else ALLOW)

    def _scorer_text(self, text: str, matchable: str) -> str:
        """What the input scorer reads: the message as written, unless the profile's idiom exclusions
        matched ("my sister is going to kill me for borrowing her top"). Then it reads the message as
        written with those idioms cut out, so a clinician's exclusions quiet the scorer as well as the
        rules while the rest of the message keeps the case, punctuation and spelling the scorer was
        trained on. Where an idiom cannot be found in the text as written (the normaliser rewrote it:
        "k1lling me"), it reads the normalised message without the idioms instead."""
        masked = matchable.split()
        if MASK not in masked:
            return text
        plain = self.normaliser(text).split()
        cut, start = text, 0
        for run in _masked_runs(masked, plain):
            pattern = r"(?<![A-Za-z0-9])" + r"[^A-Za-z0-9]+".join(map(re.escape, run)) + r"(?![A-Za-z0-9])"
            found = re.compile(pattern, re.IGNORECASE).search(cut, start)
            if found is None:
                return " ".join("." if word == SEPARATOR else word for word in masked if word != MASK)
            cut = cut[:found.start()] + " " + cut[found.end():]
            start = found.start()
        return " ".join(cut.split())

    def _scored_verdict(self, text: str, score: float | None) -> Verdict | None:
        """A crisis or check-in from the learned score alone (None below the check-in threshold)."""
        settings, category = self.profile.scorer, self._scored_crisis
        if score is None or category is None or score < settings.check_in_threshold:
            return None
        reasons = tuple(r.text for r in self.scorers.input.reasons(text)) if self.scorers.input else ()
        if score >= settings.crisis_threshold:
            return Verdict(Action.CRISIS, category.id, RULE_SCORER, category.response, category.resources,
                           None, score, reasons)
        return Verdict(Action.CHECK_IN, category.id, RULE_SCORER, settings.check_in_question,
                       category.resources, None, score, reasons)

    # ---- the crisis flow, for sessions ---------------------------------------------------------------------

    def screen(self, text: str, state: CrisisState, before: str | None = None) -> Screening:
        """Check one message and advance the crisis flow: the single call a session makes per message.

        A crisis always wins. While a crisis waits for confirmation, anything else gets the holding message.
        While the check-in question waits for an answer, the message is read as the answer; one that
        answers neither way gets the question again, and a second such reply counts as "not sure" (unless the
        score alone asked and neither reply raised concern: then the question lapses, `check-in.lapsed`).
        Otherwise the message's learned score joins `state.recent_scores`, and if the last
        `build_up_messages` scores add up to `build_up_threshold`, an allow, redirect or block verdict
        becomes a check-in (rule "scorer.build-up"). After the person has answered no, a check-in from the
        score alone is asked again in that conversation only for a message that scores higher than the one
        they said no about; rules, build-up and a crisis are never held back. `before`, the person's previous
        messages in this conversation (the session passes the last two), names the medicine a question about
        taking "it" means."""
        verdict = self.check_input(text)
        if verdict.action is Action.ALLOW and before and (
                question := medicine_questions.find(text, before)) is not None:
            verdict = Verdict(Action.REDIRECT, medicine_questions.CATEGORY, medicine_questions.RULE,
                              self._medicine_response, (), question.medicine, verdict.score)
        normalised = self.normaliser(text)
        if verdict.rule == RULE_SCORER and self._ends_calm_conversation(normalised, state):
            verdict = Verdict(Action.ALLOW, score=verdict.score)  # "ok thanks, bye" after a calm chat
        elif (verdict.action is Action.CHECK_IN and verdict.rule == RULE_SCORER and not state.check_in_pending
              and not state.asks_again(verdict.score)):
            verdict = Verdict(Action.ALLOW, score=verdict.score)  # they said no about as much: not asked again
        elif not state.uneasy and self._raises_concern(normalised, verdict.score):
            state = state.noted_unease()
        if verdict.action is not Action.CRISIS and state.model_allowed:
            if state.check_in_pending:
                return self._read_answer(text, normalised, verdict, state)
            state = state.scored(verdict.score)
            if verdict.action is not Action.CHECK_IN and self._built_up(state):
                verdict = self._check_in_verdict(RULE_BUILD_UP, verdict.score)
        state = state.after_verdict(verdict)
        reply: str | None = None
        if verdict.action is Action.CRISIS:
            reply = verdict.response
        elif not state.model_allowed:
            reply = self.profile.after_crisis.holding_message  # "I'm fine" is no way out: only confirm_safe()
        elif not verdict.allowed:
            reply = verdict.response  # a check-in's reply is its question
        return self._screening(verdict, state, reply, self.audit_entry(verdict, text))

    def answer_check_in(self, answer: CheckInAnswer | str, state: CrisisState,
                        text: str | None = None) -> Screening:
        """The person's answer to the check-in question (a button, a command, or words read by `screen`).

        Yes or not sure: the crisis flow, exactly as for a crisis verdict — the suicide/self-harm category's
        response and help lines, pinned; the safety plan offered; the model held until the person confirms
        they are safe (rule "check-in.yes" / "check-in.unsure", audit "input.crisis"). No: the profile's
        `check_in_no_response`, build-up counted afresh, the score asked about remembered
        (CrisisState.said_no_to), audit "input.check-in-no". `text`, what the person
        wrote, goes into the audit only if the profile allows it. No never ends a crisis."""
        answer = CheckInAnswer(answer)
        return self._answer(answer, state, text, f"check-in.{answer}")

    def _read_answer(self, text: str, normalised: str, verdict: Verdict, state: CrisisState) -> Screening:
        answer = parse_check_in_answer(text)
        if answer is CheckInAnswer.NO and verdict.action is Action.CHECK_IN:
            answer = None  # no in words, but the message itself sounds at risk: not a plain no
        if answer is not None:
            return self._answer(answer, state, text, f"check-in.{answer}")
        calm = verdict.action is Action.ALLOW and not self._raises_concern(normalised, verdict.score)
        if state.unclear_answers < 1:
            asked = self._check_in_verdict(RULE_UNCLEAR, verdict.score)
            # the reply's score is kept (words of despair count as concern) for the lapse below
            state = state.check_in_unclear().scored(verdict.score if calm else 1.0)
            return self._screening(asked, state, asked.response, self.audit_entry(asked, text))
        if calm and state.asked_rule == RULE_SCORER and all(
                score < CALM_SHARE * self.profile.scorer.check_in_threshold for score in state.recent_scores):
            # A question the score alone asked, not answered twice in words that raised no concern ("i'll email
            # her tomorrow"): people carry on with their story, and a crisis response for that teaches them to
            # type "no". The help lines were shown twice; the next moderate score asks again.
            category = self._scored_crisis
            lapsed = Verdict(Action.ALLOW, category.id if category else None, RULE_LAPSED, score=verdict.score)
            audit = AuditEntry(CHECK_IN_LAPSED, lapsed.category, RULE_LAPSED,
                               text if self.profile.include_message_text else None)
            return self._screening(lapsed, state.check_in_lapsed(), None, audit)
        return self._answer(CheckInAnswer.UNSURE, state, text, RULE_UNCLEAR)  # unclear twice: fail closed

    def _answer(self, answer: CheckInAnswer, state: CrisisState, text: str | None, rule: str) -> Screening:
        category = self._scored_crisis
        assert category is not None  # validation requires the crisis categories
        if answer is CheckInAnswer.NO:
            if not state.model_allowed:
                return self._screening(ALLOW, state, self.profile.after_crisis.holding_message, None, answer)
            state = state.check_in_cleared()
            verdict = Verdict(Action.ALLOW, category.id, RULE_NO, self.profile.scorer.check_in_no_response)
            audit = AuditEntry(CHECK_IN_NO, category.id, RULE_NO,
                               text if self.profile.include_message_text else None)
            return self._screening(verdict, state, verdict.response, audit, answer)
        verdict = Verdict(Action.CRISIS, category.id, rule, category.response, category.resources)
        state = state.after_verdict(verdict)
        return self._screening(verdict, state, verdict.response, self.audit_entry(verdict, text), answer)

    def _screening(self, verdict: Verdict, state: CrisisState, reply: str | None, audit: AuditEntry | None,
                   answer: CheckInAnswer | None = None) -> Screening:
        after = self.profile.after_crisis
        plan_prompt = None
        if state.safety_plan_due:
            plan_prompt = after.safety_plan_prompt if after.offer_safety_plan else None
            state = state.safety_plan_offered()
        return Screening(verdict, state, reply is None, reply, self.pinned(state), plan_prompt, audit, answer)

    def _ends_calm_conversation(self, normalised: str, state: CrisisState) -> bool:
        """Whether a (normalised) message only says goodbye at the end of a conversation that raised no
        concern: earlier messages were scored, none raised concern, no crisis, nothing waiting. A farewell
        after "nothing matters anymore" keeps its score's verdict (sign_off.py says why)."""
        return (bool(state.recent_scores) and not state.uneasy and not state.in_crisis and state.model_allowed
                and not state.check_in_pending and is_sign_off(normalised))

    def _raises_concern(self, normalised: str, score: float | None) -> bool:
        """A message after which a goodbye is not waved through: a score of at least CALM_SHARE of the check-in
        threshold, or words of despair the scorer may rate low ("I feel hopeless"). A check-in marks the
        conversation itself (CrisisState.after_verdict), and a crisis keeps its help lines pinned anyway."""
        return (score or 0.0) >= CALM_SHARE * self.profile.scorer.check_in_threshold or raises_concern(normalised)

    def _built_up(self, state: CrisisState) -> bool:
        settings = self.profile.scorer
        recent = state.recent_scores[-settings.build_up_messages:]
        return bool(recent) and sum(recent) >= settings.build_up_threshold

    def _check_in_verdict(self, rule: str, score: float | None) -> Verdict:
        category = self._scored_crisis
        assert category is not None  # validation requires the crisis categories
        return Verdict(Action.CHECK_IN, category.id, rule, self.profile.scorer.check_in_question,
                       category.resources, None, score)

    def open_conversation(self, state: CrisisState, conversation_id: str | int | None) -> Opening:
        """Start (or switch to) a conversation: disclaimer, check-in if one is due, pinned help lines."""
        changed = state.conversation_id != (None if conversation_id is None else str(conversation_id))
        state = state.start_conversation(conversation_id)
        check_in = None
        if state.check_in_due and changed:
            check_in = self.profile.check_in_message
            state = state.checked_in()
        prompt = self.profile.after_crisis.confirmation_prompt if not state.model_allowed else None
        question = self.profile.scorer.check_in_question if state.check_in_pending and state.model_allowed \
            else None
        return Opening(state, self.profile.disclaimer, check_in, self.pinned(state), prompt, question)

    def pinned(self, state: CrisisState) -> tuple[HelpResource, ...]:
        """The help lines to keep on screen; falls back to the first crisis category's lines if the saved
        state lost its own (a damaged state is treated as an unconfirmed crisis)."""
        if not state.in_crisis:
            return ()
        return state.pinned_resources or (self.profile.crisis[0].resources if self.profile.crisis else ())

    # ---- output rail --------------------------------------------------------------------------------

    def output_filter(self, *, persons_voice: bool = False, message: str = "") -> OutputFilter:
        """A filter for one reply. `message` is the person's latest message, the one the reply answers: the
        context rules read it ("Yes." is harmless alone and harmful after "is cutting ok?"). Without it they
        cannot judge, and only the rules that need no context run. `persons_voice=True` when the model was
        asked to write in the person's own voice (a suggested balanced thought: "my manager said my work was
        good"): the built-in and context rules about the assistant's own voice do not apply there; the
        profile's rules still do."""
        heard = self.output_normaliser(message) if message and not persons_voice else ""
        asks = context_rules.asks(heard, question=self._questions(message)) if heard else frozenset()
        return OutputFilter(self, persons_voice=persons_voice, asks=asks, heard=heard)

    def message_asks(self, message: str) -> frozenset[str]:
        """What a message asks, as the context rules read it (context_rules.asks; normalising drops the question
        mark, so which sentences had one is passed along)."""
        if not message:
            return frozenset()
        return context_rules.asks(self.output_normaliser(message), question=self._questions(message))

    def _questions(self, message: str) -> frozenset[int]:
        return context_rules.questions(message, self.output_normaliser) if "?" in message else frozenset()

    def _context_category(self, wanted: str) -> OutputCategory | None:
        by_id = {category.id: category for category in self.profile.output}
        for candidate in (wanted, *context_rules.fallback_categories()):
            if candidate in by_id:
                return by_id[candidate]
        return self.profile.output[0] if self.profile.output else None

    def check_output_text(self, text: str, message: str = "") -> Verdict:
        """The verdict on a whole reply (what the streaming filter would have decided); `message` is the
        person's message it answers, if known. An allowed reply carries the output scorer's number for the
        whole text, for tools that show it."""
        stream = self.output_filter(message=message)
        _, verdict = stream.feed(text)
        if verdict is None:
            _, verdict = stream.finish()
        if verdict is not None:
            return verdict
        scorer = self.scorers.output
        return Verdict(Action.ALLOW, score=scorer.score(text)) if scorer is not None and text.strip() else ALLOW

    def check_output_sentence(self, sentence: str, context: str = "", released: str = "", *,
                              persons_voice: bool = False, in_quote: bool = False,
                              asks: frozenset[str] = frozenset(), heard: str = "") -> Verdict:
        """Output rules on one sentence; `context` is the normalised tail of an unfinished previous chunk.

        The learned scorer reads the sentence after the tail of the reply released so far (`released`):
        it was trained on whole replies, and a sentence alone ("Yes, do that.") can mean anything.
        The built-in rules skip quoted words (`in_quote`: the sentence starts inside a quotation opened in an
        earlier one) and text in the person's own voice (see output_filter). The context rules read the
        sentence, quotations left out, against what the person's message `asks` (Guardrails.message_asks).
        `heard` is that message, normalised: a first-person question that repeats the person's own words
        ("What if I have an eating disorder?" after "Do I have an eating disorder?") echoes them, and is not
        the assistant claiming a body or a life."""
        normalised = self.output_normaliser(sentence)
        if context:
            normalised = context + normalised[1:]
        for rule, category in self._output_order:
            if any(not _denied_judgement(normalised, found) for found in rule.regex.finditer(normalised)):
                return Verdict(Action.BLOCK, category.id, rule.id, category.replacement, (),
                               rule.first_match(normalised))
        harm = builtin_harm.check(normalised, sentence, released, self.output_normaliser, heard)
        if harm is not None:  # quoted words too: a scam letter in quotation marks is still the scam letter
            return Verdict(Action.BLOCK, builtin_harm.CATEGORY, harm.rule, self._harm_replacement, (), harm.matched)
        if not persons_voice and self._builtin_order:
            speaking = unquoted(sentence, inside=in_quote)
            if speaking is not sentence:
                speaking = self.output_normaliser(speaking)
                normalised = context + speaking[1:] if context else speaking
            for rule, category in self._builtin_order:
                if (claim := rule.regex.search(normalised)) and not _echoes(claim.group(0), sentence, heard):
                    return Verdict(Action.BLOCK, category.id, rule.id, category.replacement, (),
                                   rule.first_match(normalised))
            found = context_rules.check(asks, normalised, fold(speaking), opening=not released.strip())
            if found is not None and (category := self._context_categories[found.rule.id]) is not None:
                return Verdict(Action.BLOCK, category.id, found.rule.id, category.replacement, (), found.matched)
        scorer, category = self.scorers.output, self._scored_output
        if scorer is None or category is None or not sentence.strip():
            return ALLOW
        scored = (released[-SCORED_CONTEXT:] + " " + sentence) if released else sentence
        score = scorer.score(scored)
        if score >= self.profile.scorer.output_threshold:
            reasons = tuple(r.text for r in scorer.reasons(scored))
            return Verdict(Action.BLOCK, category.id, "scorer.output", category.replacement, (), None, score,
                           reasons)
        return ALLOW

    # ---- audit --------------------------------------------------------------------------------------

    def audit_entry(self, verdict: Verdict, text: str | None, *, side: str = "input") -> AuditEntry | None:
        """The audit record for a verdict (None when allowed); text only if the profile allows it."""
        if verdict.allowed or verdict.category is None or verdict.rule is None:
            return None
        return AuditEntry(verdict_event(side, verdict.action), verdict.category, verdict.rule,
                          text if self.profile.include_message_text else None)

    def rule(self, rule_id: str) -> Rule | None:
        """Look a rule up by its id (for explanations in tools)."""
        for rule, _, _ in self._input_order:
            if rule.id == rule_id:
                return rule
        return next((rule for rule, _ in (*self._output_order, *self._builtin_order) if rule.id == rule_id), None)


# Before a judgement of the person: the sentence denies it ("I don't think you're useless", "it doesn't mean
# you are a burden", "nobody thinks you're pathetic"). "Don't you think you are…" asks it, so no "you" between.
_DENIED_BY = re.compile(r" (?:not|never|nobody|no one) (?:(?!you )\w+ ){0,2}(?:think|thinks|thought|say|said|"
                        r"saying|believe|believes|mean|means|call|calls|called)(?: that)? $")


def _denied_judgement(text: str, match: re.Match[str]) -> bool:
    """Whether a profile rule's match is a judgement of the person ("you are worthless") that the sentence
    denies: the kind answer, not the harm the rule stops. Only a match that begins "you are" is read this
    way, so advice and methods ("do not tell anyone") stay violations whatever comes before them."""
    return (match.group(0).strip().startswith("you are")
            and _DENIED_BY.search(text[:match.start()].rstrip() + " ") is not None)


def _echoes(claim: str, sentence: str, heard: str) -> bool:
    """Whether a first-person claim is the person's own question asked back: the sentence is a question and
    the claim's words (at least three) are words the person wrote."""
    words = claim.replace(SEPARATOR, " ").split()
    return len(words) >= 3 and sentence.rstrip().endswith("?") and f" {' '.join(words)} " in heard


def _masked_runs(masked: list[str], plain: list[str]) -> list[list[str]]:
    """The normalised words under each run of masks, in order (the two lists align word for word)."""
    runs: list[list[str]] = []
    previous = False
    for word, original in zip(masked, plain, strict=False):
        if word == MASK:
            if not previous:
                runs.append([])
            runs[-1].append(original)
        previous = word == MASK
    return runs


def _mask(match: re.Match[str]) -> str:
    return " ".join(MASK if word != SEPARATOR else word for word in match.group(0).split()) + " "


class OutputFilter:
    """Checks one reply as it streams; releases only sentences that have passed.

    Use: for each generated piece, `safe, violation = f.feed(piece)`; show `safe`; if `violation` is not None,
    stop generating, and show/store `violation.response` (the replacement text) instead of the rest. At the
    end call `f.finish()` the same way to check and release the last, unfinished sentence. After a
    violation every call returns ("", violation).
    """

    def __init__(self, guardrails: Guardrails, *, persons_voice: bool = False, released: str = "",
                 asks: frozenset[str] = frozenset(), heard: str = "") -> None:
        self._guardrails = guardrails
        self.persons_voice = persons_voice
        self.asks = asks  # what the message this reply answers asks (read once, for every sentence)
        self.heard = heard  # that message, normalised
        self._pending = ""
        self._context = ""
        self._in_quote = False  # a quotation opened in a released sentence is still open
        self.released = released  # what has passed so far (a continuation starts with the reply before it)
        self.violation: Verdict | None = None

    def continuation(self) -> OutputFilter:
        """A fresh filter, same rules, for text that continues this reply after a withheld sentence: it
        starts from what this one released (the learned scorer reads the reply so far)."""
        following = OutputFilter(self._guardrails, persons_voice=self.persons_voice, released=self.released,
                                 asks=self.asks, heard=self.heard)
        following._in_quote = self._in_quote
        return following

    def feed(self, piece: str) -> tuple[str, Verdict | None]:
        if self.violation is not None:
            return "", self.violation
        self._pending += piece
        out: list[str] = []
        while True:
            cut = self._next_cut()
            if cut is None:
                break
            chunk, self._pending = self._pending[:cut], self._pending[cut:]
            if not self._release(chunk, out, sentence_ended=True):
                break
        if self.violation is None and len(self._pending) > MAX_PENDING:
            cut = self._pending.rfind(" ", 0, MAX_PENDING)
            cut = cut + 1 if cut > 0 else MAX_PENDING
            chunk, self._pending = self._pending[:cut], self._pending[cut:]
            self._release(chunk, out, sentence_ended=False)
        return "".join(out), self.violation

    def finish(self) -> tuple[str, Verdict | None]:
        if self.violation is not None:
            return "", self.violation
        out: list[str] = []
        chunk, self._pending = self._pending, ""
        if chunk:
            self._release(chunk, out, sentence_ended=True)
        return "".join(out), self.violation

    def _next_cut(self) -> int | None:
        match = _SENTENCE_END.search(self._pending)
        if match is None:
            return None
        end = match.end()  # a mark counts only once whitespace follows it: "3.5" and "e.g" do not end one
        while end < len(self._pending) and self._pending[end] in " \t\r\n":
            end += 1
        return end

    def _release(self, chunk: str, out: list[str], *, sentence_ended: bool) -> bool:
        verdict = self._guardrails.check_output_sentence(chunk, self._context, self.released,
                                                         persons_voice=self.persons_voice, in_quote=self._in_quote,
                                                         asks=self.asks, heard=self.heard)
        if not verdict.allowed:
            self.violation = verdict
            return False
        out.append(chunk)
        self.released += chunk
        self._in_quote = quote_open_after(chunk, inside=self._in_quote)
        if sentence_ended:
            self._context = ""
        else:
            words = self._guardrails.output_normaliser(chunk).split()
            self._context = " " + " ".join(words[-_CARRY_WORDS:]) + " " if words else ""
        return True
