"""Messages about the conversation itself rather than a feeling: hello, thanks and goodbye, questions about
Confidant, "I don't want to talk about it", a request it isn't for, "that helps", a plan. (A thought being
weighed, the other kind of turn with a written reply, is in weighing.py.)

A guided reply reflects a feeling and asks the topic's next question. For these messages both go wrong: the
model read "ok that helps a bit actually" as "you're feeling frustrated and disappointed", and "thanks" got
"How likely is that, really…" because the conversation's topic was worry. So a whole message that only
thanks or says goodbye gets a closing reply; one that only says something helped gets that acknowledged
before the topic's next small step; and one that says what the person will do next ("maybe I'll ring him on
Sunday") gets a question that makes the plan concrete (when, and what might get in the way), the usual CBT
move for an intention. "Are you a real person?" was reflected as "you're feeling confused about yourself";
a question about what Confidant is, what it can do or who can read the conversation now gets a true answer,
a greeting gets a greeting, and "what's the capital of France" gets what Confidant is for. The texts are
curated (assets/cbt/guided/turns.toml) and used in turn, never one shown in the last few replies; the output
rail still checks them, as every guided reply.

Only whole, short messages are read this way, on normalised text ("i will", "do not", lowercase): "thanks.
the flat just feels wrong without her" says something else too, and gets the usual reply. The input rail
has screened the message before any of this runs: "thank you for everything. goodbye." never gets here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.cbt.content import Move, least_recent
from app.paths import assets_dir
from app.safety.normalise import SEPARATOR
from app.safety.sign_off import is_sign_off

MAX_WORDS = 12  # thanks or "that helps" is short; a longer message says something of its own
PLAN_MAX_WORDS = 30

_LEAD = (r"(?:ok|okay|k|oh|ah|aw|right|alright|all right|great|cool|nice|lovely|perfect|brilliant|amazing|"
         r"yeah|yes|yep|well|honestly|really|seriously|hmm|mm|wow|true|good)")
_THANKS = (r"(?:thanks|thank you|thank u|thankyou|thx|ty|tysm|cheers|ta|many thanks|much appreciated|"
           r"appreciate it|i appreciate (?:it|that|this|you)|that is (?:really |so )?(?:kind|nice|sweet|lovely))")
_THANKS_TAIL = (r"(?:so much|a lot|a bunch|loads|very much|again|x+|for (?:that|this|listening|the chat|the help|"
                r"the advice|the tips|the idea|your help|helping|being here|letting me vent|talking|hearing me out|"
                r"the reminder|asking)|that (?:helps|helped)|it (?:helps|helped)|this (?:helps|helped)|"
                r"that (?:is|was) (?:really |so |very |super )?(?:helpful|useful)|i will try that|"
                r"i will think about (?:it|that))")
_THANKS_ONLY = re.compile(rf"^(?:{_LEAD} )*{_THANKS}(?: {_THANKS_TAIL})*$")

# About Confidant itself, or not about feelings at all (whole normalised messages; see kind_of_turn).
ABOUT = ("greeting", "identity", "help", "privacy", "not-ready", "off-topic")
_GREETING = re.compile(r"^(?:(?:oh|ok|okay|well|um|so) )*(?:hi+|hello|hey+|hiya|heya|howdy|yo|morning|evening"
                       r"|good (?:morning|afternoon|evening))(?: there| again| confidant| you| everyone)*"
                       r"(?: how are you(?: doing| today)*)?$")
_IDENTITY = re.compile(r"\b(?:are you|r u|am i (?:talking|speaking|chatting) (?:to|with)|is this) "
                       r"(?:a |an |actually |really |even )*(?:real (?:person|human|people|someone)|human|person|bot|"
                       r"robot|ai|machine|computer|chatbot|program|therapist|counsell?or|doctor)\b"
                       r"|^(?:so )?(?:who|what) are you$|\bare you (?:real|alive|conscious|sentient)\b"
                       r"|\bwho (?:made|created|built|programmed|wrote|designed) you\b")
# Whole messages only: "what do you do when you feel like this?" and "how does this work in practice?" (after
# an explanation) are not about the app.
_HELP = re.compile(r"^(?:(?:so|ok|okay|um|and|but|hi|hey|hello) )*(?:what (?:can|could|do|will) you (?:actually |"
                   r"really |even )?(?:do|help(?: me)?(?: with)?|offer)(?: me| for me)?|how (?:can|could|do|will) you "
                   r"help(?: me)?|what (?:are you|is this|is confidant|is this app) for|what do you do|how does "
                   r"(?:this app|confidant|this thing) work|what is (?:this app|confidant))(?: exactly| then| here|"
                   r" anyway)*$")
# About who can read what they write: "can anyone see this?", "is this private?", "will you tell my parents?";
# not "can anyone see how much I'm struggling?" or "is my son safe?".
_WRITTEN = r"(?:this|it|these|my (?:messages|chats|conversations|data|diary|entries)|what i (?:write|say|type))"
_PRIVACY = re.compile(rf"^(?:(?:so|ok|okay|um|and|but|wait) )*is (?:this|it|this app|{_WRITTEN}) (?:really |actually )?"
                      r"(?:private|confidential|secure|encrypted|anonymous|saved|stored|recorded|shared)(?: here)?$"
                      r"|\b(?:can|will|does|could|would) (?:anyone|anybody|someone|my (?:therapist|parents|mum|mom|"
                      r"dad|partner|boss|school|teacher|doctor)|the (?:company|developers)|you) (?:else )?(?:see|read|"
                      rf"access|look at) {_WRITTEN}\b|\bwho (?:else )?(?:can|could|will) (?:see|read) {_WRITTEN}\b"
                      r"|\bwhere (?:does|do|is|are) (?:this|it|my (?:messages|data|chats|conversations)) "
                      r"(?:go|stored|saved|kept)\b|\bare (?:my )?(?:messages|chats|conversations) (?:saved|stored|kept|"
                      r"private)\b|\bdo you (?:store|save|keep|share|sell|send) (?:this|it|my|what)\b"
                      r"|\b(?:do|will|would) you (?:tell|report (?:this |me )?to) (?:anyone|anybody|my \w+|"
                      r"the police)\b")
_NOT_READY = re.compile(r"^(?:(?:ok|okay|um|well|honestly|sorry|i mean|hmm|yeah|no|nah|just|actually) )*"
                        r"(?:(?:i )?do not (?:really |quite )?(?:want|feel like|wanna) (?:to )?(?:talk|go into|"
                        r"get into|say|share)(?: about)?(?: it| this| that)?|(?:i am )?not ready to (?:talk|share|say)"
                        r"(?: about)?(?: it| this| that)?|(?:i would )?rather not (?:say|talk about it|go into it)"
                        r"|i do not (?:even )?know where to (?:start|begin)|can we (?:talk about|change) "
                        r"(?:something else|the subject))(?: (?:yet|right now|now|today|tbh|sorry|thanks|really))*$")
_OFF_TOPIC = re.compile(r"\b(?:capital of|tell me a joke|(?:write|make) (?:me )?(?:a |an )?(?:poem|story|song|essay|"
                        r"limerick|haiku|code|program|script)|translate|what is the weather|who won|recipe for|"
                        r"solve (?:this|my) (?:maths?|math|equation)|what is \d+ (?:plus|times|minus|divided))\b")
ABOUT_MAX_WORDS = 16

_SOFT = r"(?:really|actually|kind of|sort of|does|do|did|definitely|genuinely|honestly|probably|maybe|i think)"
_HELPED_CORE = (r"(?:(?:that|this|it|which|what you said|that idea|that one|you are|that is) )?"
                rf"(?:{_SOFT} )*(?:helps|helped|is helpful|was helpful|is useful|was useful|makes sense|made sense|"
                r"is a good idea|sounds good|sounds helpful|sounds useful|sounds like a good idea|is true|is fair|"
                r"right|probably right|have a point|has a point)"
                r"|good idea|good point|fair enough|fair point|very true|so true|i like that(?: idea)?|"
                r"i never thought of it like that|i had not thought of (?:it|that)(?: like that| that way)?")
_HELPED_TAIL = r"(?:a bit|a little|a lot|actually|thanks|thank you|tbh|honestly|i guess|i suppose|to be honest|too)"
_HELPFUL = re.compile(r"\b(?:help|helps|helped|helpful|useful)\b")
_HELPED_ONLY = re.compile(rf"^(?:{_LEAD} )*(?:{_HELPED_CORE})(?: {_HELPED_TAIL})*$")

# A plan: an intention, then something to do ("maybe i will ring him on sunday", "i am going to ask her").
_INTEND = (r"\b(?:i will|i am going to|i am gonna|i think i will|maybe i will|maybe i could|maybe i can|i might|"
           r"maybe i should|i could|maybe|i plan to|i am planning to|i am planning on|i have decided to|"
           r"i decided to|i will try to|i am going to try to|i am going to try and|i will try and)")
_ACT = (r"(?:talk|speak|ask|tell|mention|ring|call|phone|text|message|email|write (?:down|it|a list|out)|jot|"
        r"start|book|suggest|"
        r"open|look at|have a look|go through|sort (?:out|it|things)|pay|try [a-z]+ing|"
        r"(?:have|take) (?:a|an|some) (?:break|walk|bath|shower|nap|rest|breather|early night|day off)|"
        r"revise|study|cook|tidy|clean|finish|send|reply|apologi[sz]e|stretch|meditate|journal|"
        r"make (?:a|an|some|time|plans?)|do (?:some|a|the|my) (?!nothing)|"
        r"do that|do it|do this|try (?:that|it|this)|plan|say (?:something|no|it|that)|reach out|sit down|"
        r"go (?:for|out|outside|and|round|over|back to|to)|walk|read|get up|set|apply|visit|meet|join|sign up|"
        r"check in|explain|bring (?:it|that|this) up|raise it|make (?:a list|time|a plan)|have a (?:word|chat|go)|"
        r"give (?:it|that|this) a (?:go|try|shot)|practi[cs]e|schedule|put (?:aside|some time)|look for|"
        r"see (?:a|my|if|him|her|them)|sit (?:near|by|next to|at the|on the end)|stand (?:near|by|next to)|"
        r"listen to|bring (?:a|my|some|water|headphones)|leave (?:a bit |a little )?early|"
        r"get (?:the|my|some|a) [a-z]+ out|get out (?:the|my|some)|search|look up|paint|draw|bake|knit|sew|swim|"
        r"run(?! away)|"
        r"cycle|dance|sing|play (?:some|a|the|my|with|football|tennis|guitar|piano|music|games?)\b|garden|"
        r"write (?:to|a|an|some)|put (?:on|out) (?:some|the|my|a))")
_PLAN = re.compile(rf"{_INTEND}(?: (?:just|probably|definitely|actually|finally|first|then|also|really|have a go at|"
                   rf"try to|try and))* {_ACT}\b")
# A plan in words, but a worry, a question or a risk: "i will talk to him but what if he laughs", "i am going
# to say goodbye". The input rail judges risk; this only keeps a plan question away from such messages.
_NOT_A_PLAN = re.compile(r"\b(?:but|what if|not sure|scared|afraid|worried|nervous|dread|terrified|anxious|"
                         r"goodbye|bye|farewell|forever|end it|end things|ending|kill|die|dying|dead|suicide|"
                         r"pills|overdose|rope|bridge|gun|knife|blade|cut|hurt|letter|note|last time|never again|"
                         r"my will|give away|everyone|never|not|wake|wish|if i could|could have (?!a|an|some)|used to|"
                         r"back then|when i was|then what|what then|now what|what next)\b")


@dataclass(frozen=True)
class TurnTexts:
    """assets/cbt/guided/turns.toml."""

    thanks: tuple[str, ...]
    goodbye: tuple[str, ...]
    about: dict[str, tuple[str, ...]]  # ABOUT kinds: greeting, identity, help, privacy, not_ready, off_topic
    helped: tuple[str, ...]
    agreed: tuple[str, ...]
    plan_acknowledgements: tuple[str, ...]
    plan_echoes: tuple[str, ...]  # with "{plan}": the person's plan in their words
    plan_questions: tuple[str, ...]
    plan_questions_timed: tuple[str, ...]  # for a plan that already says when
    evidence: tuple[str, ...] = ()  # after something that doesn't fit the thought ("well, she did ask me")
    evidence_echoes: tuple[str, ...] = ()  # the same with "{evidence}": what they said, turned to "you"
    fairer: tuple[str, ...] = ()  # after a fairer view in the person's words ("i guess it's normal")
    thought: tuple[str, ...] = ()  # with "{thought}": a thought the person named, to check against the facts
    lingering: tuple[str, ...] = ()  # the feeling still there after a fairer view ("still feel gross though")
    fairer_echoes: tuple[str, ...] = ()  # the same as fairer with "{view}": their words, quoted
    lingering_echoes: tuple[str, ...] = ()  # the same as lingering with "{feeling}": the feeling they named


@lru_cache(maxsize=4)
def turn_texts(path: Path | None = None) -> TurnTexts | None:
    """The curated texts; None when the file is missing or damaged, which only costs these replies (the
    message then gets the usual reflection and question), so it is read leniently."""
    path = path or assets_dir() / "cbt" / "guided" / "turns.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))

        def texts(table: str, key: str) -> tuple[str, ...]:
            return tuple(" ".join(str(text).split()) for text in data[table][key])

        about = {kind: texts("about", kind.replace("-", "_")) for kind in ABOUT}
        found = TurnTexts(texts("closing", "thanks"), texts("closing", "goodbye"), about, texts("helped", "helped"),
                          texts("helped", "agreed"), texts("plan", "acknowledgements"), texts("plan", "echoes"),
                          texts("plan", "questions"), texts("plan", "questions_timed"), texts("balance", "evidence"),
                          texts("balance", "evidence_echoes"), texts("balance", "fairer"),
                          texts("balance", "thought"), texts("balance", "lingering"),
                          texts("balance", "fairer_echoes"), texts("balance", "lingering_echoes"))
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError):
        return None
    complete = all((found.thanks, found.goodbye, *found.about.values(), found.helped, found.agreed,
                    found.plan_acknowledgements, found.plan_echoes, found.plan_questions, found.plan_questions_timed,
                    found.evidence, found.evidence_echoes, found.fairer, found.thought, found.lingering,
                    found.fairer_echoes, found.lingering_echoes))
    slots = (("{plan}", found.plan_echoes), ("{evidence}", found.evidence_echoes), ("{thought}", found.thought),
             ("{view}", found.fairer_echoes), ("{feeling}", found.lingering_echoes))
    echoes = all(slot in text for slot, filled in slots for text in filled)
    return found if complete and echoes else None


def kind_of_turn(normalised: str, message: str = "") -> str | None:
    """ "goodbye", "thanks", "helped" or "plan" for a message of that kind (normalised text; `message` as
    written, to see a question mark); None for anything else."""
    words = [word for word in normalised.split() if word != SEPARATOR]
    text = " ".join(words)
    if not words:
        return None
    if is_sign_off(text):
        return "goodbye"
    if len(words) <= ABOUT_MAX_WORDS:
        about = _about(text)
        if about is not None:
            return about
    if len(words) <= MAX_WORDS and _THANKS_ONLY.match(text):
        return "thanks"
    if len(words) <= MAX_WORDS and _HELPED_ONLY.match(text):
        return "helped"
    if (len(words) <= PLAN_MAX_WORDS and "?" not in message and _PLAN.search(text)
            and not _NOT_A_PLAN.search(text)):
        return "plan"
    return None


def _about(text: str) -> str | None:
    """Which ABOUT kind a short (normalised) message is, if any. Off-topic only when it names no feeling
    and nothing of the person's own: "write me a poem about how I miss her" is about them."""
    if _GREETING.match(text):
        return "greeting"
    for kind, pattern in (("identity", _IDENTITY), ("privacy", _PRIVACY), ("help", _HELP), ("not-ready", _NOT_READY)):
        if pattern.search(text):
            return kind
    if _OFF_TOPIC.search(text) and not re.search(r"\b(?:i|my|myself|feel|feeling|felt)\b", text):
        return "off-topic"
    return None


WHOLE_TURNS = ("thanks", "goodbye", *ABOUT)  # turns whose reply is a curated text alone


def closing_move(kind: str, recent_replies: Sequence[str]) -> Move | None:
    """The whole reply to thanks, a goodbye, a greeting, a question about Confidant, "I don't want to talk
    about it" or a request it isn't for (`kind`, one of WHOLE_TURNS); None when the texts are missing."""
    texts = turn_texts()
    if texts is None or kind not in WHOLE_TURNS:
        return None
    choices = {"thanks": texts.thanks, "goodbye": texts.goodbye}.get(kind) or texts.about[kind]
    return Move(f"turn.{kind}", "general", "whole", least_recent(choices, recent_replies))


def plan_move(normalised: str, message: str, topic: str, recent_replies: Sequence[str]) -> Move | None:
    """The plan said back in the person's words ("So the plan is to ring him on Sunday.") and a question that
    makes it concrete, as the whole reply; without the words when they can't be said back cleanly."""
    texts = turn_texts()
    if texts is None:
        return None
    plan = plan_words(normalised, message)
    acknowledgements = texts.plan_echoes if plan else texts.plan_acknowledgements
    acknowledgement = least_recent(acknowledgements, recent_replies).replace("{plan}", plan or "")
    questions = texts.plan_questions_timed if _WHEN.search(normalised) else texts.plan_questions
    return Move("turn.plan", topic, "whole", f"{acknowledgement} {least_recent(questions, recent_replies)}")


# The person's words, said back to them: "i", "my", "we" become "you", "your"; "you" (the app) can't be
# turned round cleanly, so a plan naming it is not said back.
_SWAP = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "we": "you", "us": "you",
         "our": "your", "ours": "yours"}
_AFTER_I = {"am": "are", "was": "were"}  # only right after "i"
PLAN_ECHO_WORDS = 14
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "april", "june", "july", "august", "september", "october", "november",
           "december")  # not "march" or "may", which are words too
# A plan that already says when: then the question asks what might get in the way, not "when exactly".
_WHEN = re.compile(rf"\b(?:today|tonight|tomorrow|weekend|morning|afternoon|evening|lunch|lunchtime|next week|"
                   rf"this week|later|after work|after school|before work|{'|'.join(_DAYS)})\b")


def plan_words(normalised: str, message: str) -> str | None:
    """What the person plans to do, from its first verb to the end of that clause, in their own words turned
    to "you" ("ring him on Sunday", "ask to talk about it at the weekend instead of when you are knackered");
    None when there is none, it runs long, or it speaks of "you"."""
    text = " ".join(normalised.split())
    match = _PLAN.search(text)
    if match is None:
        return None
    act = re.search(rf"{_ACT}\b", text[match.start():])
    if act is None:
        return None
    return said_back(text[match.start() + act.start():], message)


def said_back(text: str, message: str) -> str | None:
    """The first clause of normalised `text`, turned to "you" and cased as in `message` ("ring him on
    Sunday"); None when it is empty, runs long, or speaks of "you" (the app)."""
    clause = _first_clause(text.split(f" {SEPARATOR}")[0].split(SEPARATOR)[0].split())
    if (not clause or len(clause) > PLAN_ECHO_WORDS or {"you", "your", "yours", "yourself"} & set(clause)
            or clause[0] in _JOINING or clause[-1] in _WANTS_MORE):  # "when he started cubs", "she thought"
        return None
    cased = {word.casefold(): word for word in re.findall(r"[A-Za-z]+", message) if word[:1].isupper()}
    cased |= {name: name.capitalize() for name in (*_DAYS, *_MONTHS)}
    turned = []
    for i, word in enumerate(clause):
        if word in _AFTER_I:  # "i was" → "you were", but "the report was" stays
            turned.append(_AFTER_I[word] if i and clause[i - 1] == "i" else word)
        else:
            turned.append(_SWAP.get(word, cased.get(word, word) if word != "i" else word))
    return " ".join(turned)


# A pronoun that starts a new clause unless a word like these joins it to the plan ("ask her if she is ok").
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we"})
_WANTS_MORE = frozenset({"thought", "think", "thinks", "said", "says", "told", "felt", "knew", "know", "that",
                         "because", "if", "and", "but", "so", "the", "a", "an", "my", "to"})  # a clause cut short
# A verb whose object is a clause: "my teacher did say i could resit" is one clause, not two.
_CLAUSE_VERBS = frozenset({"say", "said", "says", "told", "tell", "thought", "think", "thinks", "knew", "know",
                           "reckon", "reckons", "promised", "mean", "meant", "felt", "hope", "hoped", "guess"})
_TAKES_A_CLAUSE = frozenset({"tell", "say", "explain", "mention", "remind", "let"})  # "tell him it hurts"
_JOINING = frozenset({"if", "that", "whether", "when", "how", "what", "why", "because", "so", "and", "while",
                      "before", "after", "until", "once", "where", "who"})


def _first_clause(words: list[str]) -> list[str]:
    """The plan's words up to where a new clause starts without a joining word: a comma the normaliser dropped
    ("ring my brother, he gets it" → "ring my brother")."""
    if words and words[0] in _TAKES_A_CLAUSE:
        return words
    for i in range(1, len(words) - 1):
        if (words[i] in _SUBJECT_PRONOUNS and words[i - 1] not in _JOINING and words[i - 1] not in _CLAUSE_VERBS
                and re.fullmatch(r"[a-z]+(?:s|ed)|is|was|are|were|will|would|can|could|has|had|does|did",
                                 words[i + 1])):
            return words[:i]
    return words


def helped_move(normalised: str, step: Move, recent_replies: Sequence[str]) -> Move | None:
    """ "It sounds like that helped a little." (or, to "you're right", "…made some sense to you.") before
    `step`, the conversation's next small step."""
    texts = turn_texts()
    if texts is None:
        return None
    said_helped = _HELPFUL.search(normalised) is not None
    acknowledgement = least_recent(texts.helped if said_helped else texts.agreed, recent_replies)
    return Move(f"turn.helped.{step.id}", step.topic, "whole", f"{acknowledgement} {step.text}")
