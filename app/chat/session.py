"""The chat session: the single path from a person's message to a finished, checked, saved reply.

    front end → session → input rail → model → output rail → encrypted store → front end

Every front end (terminal, GUI) drives a conversation through one ChatSession. It screens each message
with the active guardrail profile before the model sees anything; a crisis, an out-of-scope request, or a
conversation still waiting for the person to confirm they are safe gets the profile's fixed words, never
an improvised reply. Moderate risk gets the profile's direct check-in question with the help lines; the
person answers with a button (`answer_check_in`) or in words (`send`), and yes or not sure starts the
crisis flow. Model replies stream through the output rail a sentence at a time, and only text
that passed is shown and saved. Long calls (`send`, `regenerate`, `edit_last`) iterate on the caller's
thread — the GUI runs them on its model thread — while `stop()` is safe from any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.cbt.memory import memory_block
from app.cbt.suggestions import ExerciseSuggestion, requested_exercise, suggest_exercise
from app.chat.checked_reply import CheckedReply
from app.chat.context import ContextWindow
from app.chat.errors import ChatError
from app.chat.exercise_flow import CHAT_EXERCISES, LEFT, ChatExercise, load_chat_exercise, save_chat_exercise, step_flag
from app.chat.guided import GuidedReply
from app.chat.messages import ChatMessage, Role, Status
from app.chat.record import ConversationRecord
from app.chat.reflection import load_reflection_prompt, reflection_messages
from app.chat.style import ReplyStyle, resolve_style
from app.model.engine import Engine, FinishReason
from app.model.sampling import Sampling
from app.safety import (
    CRISIS_STATE_KEY,
    Action,
    AuditEntry,
    CheckInAnswer,
    CrisisState,
    Guardrails,
    HelpResource,
    Opening,
    Screening,
    Verdict,
    load_crisis_state,
    save_crisis_state,
)
from app.safety.events import SAFETY_CONFIRMED

LIMIT_REASONS = (FinishReason.LENGTH, FinishReason.CONTEXT)  # a reply that ended here was cut short, not finished
RECENT_REPLIES = 3  # a reply never repeats a sentence from this many earlier replies
MAX_MESSAGE_CHARS = 20_000  # a long letter fits; a pasted megabyte is refused in a sentence, not stored
MEMORY_BUDGET_TOKENS = 256  # what the person asked Confidant to remember, at most (less in small contexts)

__all__ = ["CRISIS_STATE_KEY", "ChatSession", "CheckInAnswer", "Reply", "ReplyKind", "ReplyStream"]


class ReplyKind(StrEnum):
    MODEL = "model"  # the model's reply, checked sentence by sentence
    CRISIS = "crisis"  # the profile's fixed crisis response with help lines
    REDIRECT = "redirect"  # out of scope: the profile's redirect message
    BLOCKED = "blocked"  # not allowed at all: the profile's fixed text
    HOLDING = "holding"  # after a crisis, until the person confirms they are safe
    RESUME = "resume"  # the person confirmed they are safe; the model may answer again
    CHECK_IN = "check-in"  # the profile's direct question, with help lines (`resources`); awaits an answer
    CHECK_IN_CLEARED = "check-in-cleared"  # the person answered no: the profile's fixed reply; talk carries on
    EXERCISE = "exercise"  # a step of an exercise walked through in the chat (fixed words, app.chat.exercise_flow)


@dataclass(frozen=True)
class Reply:
    """A finished reply, as shown and stored."""

    text: str
    status: Status
    finish_reason: FinishReason
    tokens: int = 0
    violation: Verdict | None = None  # the output rule that withheld a model reply
    cut_short: bool = False  # stopped at its length limit (LIMIT_REASONS): it may end mid-thought, and says so


class ReplyStream:
    """Iterate for the reply's text pieces as they become safe to show; `reply` is set at the end.

    `kind`, `verdict`, `resources` and `safety_plan_prompt` are known before the first piece, so a front end
    can decide how to show the reply (a bubble, a crisis card) as soon as it starts.
    """

    exercise_offer: ExerciseSuggestion | None = None  # on a model reply: an exercise to walk through in the chat

    def __init__(
        self,
        kind: ReplyKind,
        produce: Callable[[ReplyStream], Iterator[str]],
        verdict: Verdict | None = None,
        resources: tuple[HelpResource, ...] = (),
        safety_plan_prompt: str | None = None,
    ) -> None:
        self.kind = kind
        self.verdict = verdict
        self.resources = resources
        self.safety_plan_prompt = safety_plan_prompt
        self.reply: Reply | None = None
        self._pieces = produce(self)

    def __iter__(self) -> Iterator[str]:
        return self._pieces

    def finish(self) -> Reply:
        """Drain the stream (for callers that do not show pieces) and return the reply."""
        for _ in self:
            pass
        assert self.reply is not None
        return self.reply


CHECK_IN_NO_FLAG = "check-in-no"  # on the person's "no" to the check-in question and on the reply to it


def verdict_flag(verdict: Verdict) -> str:
    """How a guardrail verdict is recorded on a message: "action:category:rule"."""
    return f"{verdict.action}:{verdict.category}:{verdict.rule}"


class ChatSession:
    _exercise: ChatExercise | None = None  # an exercise walked through in this conversation, in progress

    def __init__(
        self,
        engine: Engine | None,
        guardrails: Guardrails,
        *,
        record: ConversationRecord | None = None,
        sampling: Sampling | None = None,
        messages: Sequence[ChatMessage] = (),
        crisis: CrisisState | None = None,
        style: ReplyStyle | str | None = None,
    ) -> None:
        self.engine = engine
        self._style_setting = ReplyStyle(style) if style is not None else None
        self.guardrails = guardrails
        self.record = record
        self._sampling = sampling
        self.messages: list[ChatMessage] = list(messages)
        self.crisis = crisis or CrisisState()
        self.opening: Opening = guardrails.open_conversation(self.crisis, self.conversation_id)
        self._set_crisis(self.opening.state)
        self._window: ContextWindow | None = None
        self._cancel: threading.Event | None = None
        self._busy = threading.Lock()

    @classmethod
    def open(
        cls,
        engine: Engine | None,
        guardrails: Guardrails,
        store,
        conversation_id: int | None = None,
        *,
        sampling: Sampling | None = None,
        style: ReplyStyle | str | None = None,
    ) -> ChatSession:
        """A session on a stored conversation (or a new one, created with its first message)."""
        record = ConversationRecord(store, conversation_id, guardrails.profile.id)
        messages = [
            ChatMessage(Role(m.role), m.content, Status(m.status), m.id, tuple(m.flags), m.cut_short)
            for m in record.messages() if m.role in ("user", "assistant")
        ]
        crisis = load_crisis_state(store)
        session = cls(engine, guardrails, record=record, sampling=sampling, messages=messages, crisis=crisis,
                      style=style)
        session._exercise = load_chat_exercise(store, conversation_id)
        return session

    # ---- what front ends read -----------------------------------------------------------------------

    @property
    def conversation_id(self) -> int | None:
        return self.record.conversation_id if self.record else None

    @property
    def opening_message(self) -> str | None:
        """The gentle check-in to show first, after a crisis in an earlier conversation."""
        return self.opening.check_in

    @property
    def pinned(self) -> tuple[HelpResource, ...]:
        """The help lines kept on screen: the crisis flow's, or — once the person has moved on and comes back
        to a conversation that had a crisis — the lines of its stored crisis responses, so they stay pinned
        for the rest of that conversation as the crisis flow promises."""
        return self.guardrails.pinned(self.crisis) or self._earlier_crisis_resources()

    def _earlier_crisis_resources(self) -> tuple[HelpResource, ...]:
        profile = self.guardrails.profile
        found: list[HelpResource] = []
        for message in self.messages:
            flag = next((f for f in message.flags if f.startswith(f"{Action.CRISIS}:")), None)
            if message.role is not Role.ASSISTANT or flag is None:
                continue
            category = profile.crisis_category(flag.split(":")[1])
            found.extend(category.resources if category is not None else
                         (profile.crisis[0].resources if profile.crisis else ()))
        return tuple(dict.fromkeys(found))

    @property
    def check_in_pending(self) -> bool:
        """The check-in question waits for the person's answer (offer yes / not sure / no)."""
        return self.crisis.check_in_pending and self.crisis.model_allowed

    @property
    def sampling(self) -> Sampling:
        if self._sampling is not None:
            return self._sampling
        return self.engine.default_sampling if self.engine else Sampling()

    @sampling.setter
    def sampling(self, sampling: Sampling | None) -> None:
        """New settings apply from the next reply on."""
        self._sampling = sampling
        self._window = None

    @property
    def style(self) -> ReplyStyle:
        """How the next reply is written (never AUTO): the person's setting, the profile's, the model's size."""
        size = self.engine.info.size_bytes if self.engine is not None else None
        return resolve_style(self._style_setting, self.guardrails.profile.reply_style, size)

    @style.setter
    def style(self, style: ReplyStyle | str | None) -> None:
        self._style_setting = ReplyStyle(style) if style is not None else None

    def _recent_user_messages(self, count: int = 3) -> list[str]:
        return [m.content for m in self.messages if m.role is Role.USER][-count:]

    def recent_replies(self, count: int = RECENT_REPLIES) -> list[str]:
        """The last few replies shown (before the one being written): a reply does not repeat their sentences."""
        replies = [m.content for m in self.messages if m.role is Role.ASSISTANT and m.content]
        return replies[-count:]

    def last_user_message(self) -> str | None:
        return next((m.content for m in reversed(self.messages) if m.role is Role.USER), None)

    def crisis_resources(self, message: ChatMessage) -> tuple[HelpResource, ...]:
        """The help lines shown with a stored crisis response (empty for other messages)."""
        flag = next((f for f in message.flags if f.startswith(f"{Action.CRISIS}:")), None)
        if message.role is not Role.ASSISTANT or flag is None:
            return ()
        category = self.guardrails.profile.crisis_category(flag.split(":")[1])
        if category is not None:
            return category.resources
        return self.pinned or self.guardrails.profile.resources

    def check_in_resources(self, message: ChatMessage) -> tuple[HelpResource, ...]:
        """The help lines shown with a stored check-in question (empty for other messages)."""
        if message.role is not Role.ASSISTANT or not any(f.startswith(f"{Action.CHECK_IN}:") for f in message.flags):
            return ()
        return self.guardrails.check_in_resources

    # ---- the person's actions -----------------------------------------------------------------------

    def send(self, text: str) -> ReplyStream:
        """Screen the person's message, save it, and stream the reply it gets."""
        text = text.strip()
        if not text:
            raise ChatError("There is nothing to send.")
        if len(text) > MAX_MESSAGE_CHARS:
            raise ChatError(f"That message is {len(text):,} characters long, and Confidant takes at most "
                            f"{MAX_MESSAGE_CHARS:,} at once. Nothing was sent: please send it in parts.")
        self._ensure_idle()
        self._sync_crisis()
        if self._exercise is not None:
            return self._exercise_answer(text)
        requested = self._requested_exercise(text)
        if self.engine is None and requested is None and self.guardrails.screen(text, self.crisis).ask_model:
            raise ChatError("The model is still loading. Your message was not sent; please try again "
                            "shortly.")  # that screen() was pure: nothing is kept
        self._ensure_conversation(text)  # first: opening a conversation moves the crisis state to it
        screening = self.guardrails.screen(text, self.crisis, "\n".join(self._recent_user_messages(2)))
        if requested is not None and screening.ask_model:  # "can we do one of those thought exercises?"
            self._keep_message(text, screening)
            return self._begin_exercise(ChatExercise(requested, self.record.store))
        stream = self._respond(text, screening)
        if stream.kind is ReplyKind.MODEL:
            stream.exercise_offer = self._exercise_offer(text)
        return stream

    def answer_check_in(self, answer: CheckInAnswer | str) -> ReplyStream:
        """The person's answer to the pending check-in question (a button or a command).

        Yes or not sure: a CRISIS reply, exactly as a crisis message gets. No: a CHECK_IN_CLEARED reply, the
        profile's fixed words, and the model answers the next message. The answer is stored as the person's
        message, in words (`CheckInAnswer.label`: "Yes", "I'm not sure", "No")."""
        answer = CheckInAnswer(answer)
        self._ensure_idle()
        self._sync_crisis()
        if not self.check_in_pending:
            raise ChatError("There is no question waiting for an answer.")
        self._ensure_conversation(answer.label, private=True)
        return self._respond(answer.label, self.guardrails.answer_check_in(answer, self.crisis, answer.label))

    def regenerate(self) -> ReplyStream:
        """Replace the last reply with a new one from the model."""
        self._ensure_idle()
        if not self.messages or self.messages[-1].role is not Role.ASSISTANT:
            raise ChatError("There is no reply to regenerate yet.")
        if self.messages[-1].is_safety_message:
            raise ChatError("That reply is a fixed safety message from your guardrail profile, so it "
                            "cannot be regenerated.")
        self._sync_crisis()
        if not self.crisis.model_allowed:
            raise ChatError("The conversation is paused until you confirm you are safe.")
        if self.check_in_pending:
            raise ChatError("Please answer the question first: yes, no or not sure.")
        self._drop_last()
        self._cancel = threading.Event()
        return ReplyStream(ReplyKind.MODEL, self._model_reply)

    def edit_last(self, text: str) -> ReplyStream:
        """Replace the person's last message (and the reply to it) with `text`, and send that instead."""
        self._ensure_idle()
        if not text.strip():
            raise ChatError("There is nothing to send.")
        if not self.messages or self.messages[-1].role is not Role.ASSISTANT:
            raise ChatError("There is no message to edit yet.")
        if self.messages[-1].is_safety_message:
            raise ChatError("A message that got a safety response stays in the record, so it cannot be "
                            "edited. You can write a new message instead.")
        self._drop_last()
        if self.messages and self.messages[-1].role is Role.USER:
            self._drop_last()
        return self.send(text)

    def confirm_safe(self) -> str:
        """The person's explicit "I am safe right now": the model may answer again; help stays pinned."""
        self._ensure_idle()
        self._sync_crisis()
        if self.crisis.model_allowed:
            return ""
        self._set_crisis(self.crisis.confirm_safe())
        message = self.guardrails.profile.after_crisis.resume_message
        self._append(Role.ASSISTANT, message, Status.COMPLETE, ("resume",))
        if self.record is not None:
            self.record.audit(SAFETY_CONFIRMED, self.crisis.category, self.crisis.rule, None)
        return message

    def stop(self) -> None:
        """Stop the reply being written, keeping what was written so far. Safe from any thread."""
        if self._cancel is not None:
            self._cancel.set()

    # ---- exercises walked through in the chat -------------------------------------------------------

    @property
    def exercise(self) -> ChatExercise | None:
        """The exercise in progress here: while it runs, each message answers its current step."""
        return self._exercise

    def start_exercise(self, exercise_id: str) -> ReplyStream:
        """Walk through a thought record or an activity plan here; the reply is its first step."""
        self._ensure_idle()
        self._sync_crisis()
        if exercise_id not in CHAT_EXERCISES or not self.guardrails.profile.features.offers(exercise_id):
            raise ChatError("That exercise is not offered by your guardrail profile here.")
        if self.record is None:
            raise ChatError("Exercises are kept in your encrypted journal, which is not open.")
        if not self.crisis.model_allowed:
            raise ChatError("The conversation is paused until you confirm you are safe.")
        if self.check_in_pending:
            raise ChatError("Please answer the question first: yes, no or not sure.")
        if self._exercise is not None:
            raise ChatError("An exercise is already under way here. Leave it first, or carry on with it.")
        exercise = ChatExercise(exercise_id, self.record.store)
        self._ensure_conversation(exercise.guide.name, private=False)
        return self._begin_exercise(exercise)

    def _begin_exercise(self, exercise: ChatExercise) -> ReplyStream:
        """Make `exercise` the one under way here (kept, so it survives closing); the reply is its first step."""
        text = exercise.start()
        self._exercise = exercise
        self._keep_exercise()
        return ReplyStream(ReplyKind.EXERCISE, self._fixed_reply(text, (exercise.flag,)))

    def leave_exercise(self) -> ReplyStream:
        """Stop the exercise at this step; what was written so far stays in the journal."""
        self._ensure_idle()
        exercise = self._exercise
        if exercise is None:
            raise ChatError("There is no exercise under way.")
        text = exercise.leave()
        self._keep_exercise()
        return ReplyStream(ReplyKind.EXERCISE, self._fixed_reply(text, (step_flag(exercise.exercise_id, LEFT),)))

    def _exercise_answer(self, text: str) -> ReplyStream:
        """The person's message answers the current step, once the rails have screened it: a crisis, a
        check-in or a paused conversation gets the rails' reply, as always, and ends the exercise (what was
        written is kept). Out-of-scope words are fine to write down, as in the toolkit; a blocked message
        gets the profile's words and the step waits."""
        screening = self.guardrails.screen(text, self.crisis)
        verdict = screening.verdict
        if not screening.ask_model and verdict.action is not Action.REDIRECT:
            if verdict.action is not Action.BLOCK and self._exercise is not None:
                self._exercise.leave()
                self._keep_exercise()
            return self._respond(text, screening)
        self._keep_message(text, screening)
        assert self._exercise is not None
        step = self._exercise.answer(text)
        self._keep_exercise()
        return ReplyStream(ReplyKind.EXERCISE, self._fixed_reply(step.text, (step.flag,)))

    def _keep_message(self, text: str, screening: Screening) -> None:
        """Store a message the rails let through to an exercise, with its crisis state and audit event."""
        self._set_crisis(screening.state)
        self._append(Role.USER, text, Status.COMPLETE)
        if screening.audit is not None:
            self._audit(screening.audit)

    def _keep_exercise(self) -> None:
        """Save where the exercise is (so it survives closing the conversation); forget a finished one."""
        if self.record is not None and self.record.conversation_id is not None:
            save_chat_exercise(self.record.store, self.record.conversation_id, self._exercise)
        if self._exercise is not None and self._exercise.finished:
            self._exercise = None

    def _chat_exercises(self) -> list[str]:
        """The exercises the chat can walk through that the profile offers."""
        return [e for e in CHAT_EXERCISES if self.guardrails.profile.features.offers(e)]

    def _requested_exercise(self, text: str) -> str | None:
        """The exercise a message asks to do now, if the profile offers it and the journal is open."""
        return requested_exercise(text, self._chat_exercises()) if self.record is not None else None

    def _exercise_offer(self, text: str) -> ExerciseSuggestion | None:
        """A thought record or an activity plan that may fit the message, if the profile offers it."""
        if self.record is None or self._exercise is not None:
            return None
        offered = self._chat_exercises()
        return suggest_exercise(text, offered) if offered else None

    # ---- the pipeline -------------------------------------------------------------------------------

    def _respond(self, text: str, screening: Screening) -> ReplyStream:
        """Keep the crisis state, store the person's message and the guardrail event, and stream the reply."""
        self._set_crisis(screening.state)
        verdict = screening.verdict
        if screening.answer is CheckInAnswer.NO:
            flags: tuple[str, ...] = (CHECK_IN_NO_FLAG,)
        else:
            flags = () if verdict.allowed else (verdict_flag(verdict),)
        self._append(Role.USER, text, Status.COMPLETE, flags)
        if screening.audit is not None:
            self._audit(screening.audit)
        if screening.ask_model:
            self._cancel = threading.Event()  # from now on a stop() counts, even before the first token
            return ReplyStream(ReplyKind.MODEL, self._model_reply, verdict)
        if verdict.action is Action.CRISIS:
            kind = ReplyKind.CRISIS
        elif not screening.state.model_allowed:
            kind = ReplyKind.HOLDING
        elif screening.answer is CheckInAnswer.NO:
            kind = ReplyKind.CHECK_IN_CLEARED
        else:
            kind = {Action.CHECK_IN: ReplyKind.CHECK_IN, Action.REDIRECT: ReplyKind.REDIRECT,
                    Action.BLOCK: ReplyKind.BLOCKED}.get(verdict.action, ReplyKind.HOLDING)
        reply_flags = {ReplyKind.HOLDING: ("holding",), ReplyKind.CHECK_IN_CLEARED: (CHECK_IN_NO_FLAG,)}.get(
            kind, (verdict_flag(verdict),))
        resources = verdict.resources if kind in (ReplyKind.CRISIS, ReplyKind.CHECK_IN) else screening.pinned
        return ReplyStream(kind, self._fixed_reply(screening.reply or "", reply_flags), verdict, resources,
                           screening.safety_plan_prompt)

    def prompt_messages(self) -> list[dict[str, str]]:
        """What the model will see for the next reply. Free style: the system prompt and the recent turns
        that fit. Guided style: the reflection prompt with its examples, then the person's latest message
        (before they have written one: the fixed part alone, which is what pre-warming evaluates)."""
        engine = self._require_engine()
        if self.style is ReplyStyle.GUIDED:
            messages = reflection_messages(load_reflection_prompt(), self.last_user_message() or "")
            waiting = bool(self.messages) and self.messages[-1].role is Role.USER
            return messages if waiting else messages[:-1]
        if self._window is None or self._window.n_ctx != engine.info.n_ctx:
            self._window = ContextWindow(engine.info.n_ctx, reply_reserve=self.sampling.max_tokens)
        turns = [m.as_prompt() for m in self.messages]
        return self._window.select(self.free_prompt_head(engine), turns, engine.count_tokens)

    def free_prompt_head(self, engine: Engine) -> list[dict[str, str]]:
        """The free style's fixed start of every prompt: the system prompt, then the clinician's example
        exchanges as earlier turns (benchmarks give a bare model loop the same prefix)."""
        head = [{"role": "system", "content": self._system_prompt(engine)}]
        for example in self.guardrails.profile.examples:
            head += [{"role": "user", "content": example.user}, {"role": "assistant", "content": example.assistant}]
        return head

    def prewarm(self, cancel: threading.Event | None = None) -> int:
        """Evaluate what the model will see for the next reply before the person sends it (a conversation
        opened, a model loaded), so the reply's first words come sooner. Run it where replies run; `cancel`
        makes it give way to a reply within one chunk. Returns the tokens evaluated."""
        if self.engine is None or self._busy.locked():
            return 0
        try:
            messages = self.prompt_messages()
        except ChatError:  # a new conversation in the free style: only the system prompt so far
            messages = [{"role": "system", "content": self._system_prompt(self.engine)}]
        return self.engine.prewarm(messages, cancel)

    def _system_prompt(self, engine: Engine) -> str:
        """The profile's instructions, then what the person asked Confidant to remember (within a budget).
        Memory rarely changes, so the prompt prefix — and llama.cpp's cache of it — stays stable."""
        prompt = self.guardrails.system_prompt
        if self.record is not None:
            budget = min(MEMORY_BUDGET_TOKENS, engine.info.n_ctx // 8)
            memory = memory_block(self.record.store, lambda text: len(engine.tokenize(text)), budget,
                                  self.guardrails.profile)
            if memory:
                prompt += "\n\n" + memory
        return prompt

    def _model_reply(self, stream: ReplyStream) -> Iterator[str]:
        if not self._busy.acquire(blocking=False):
            raise ChatError("A reply is already being written. Stop it first.")
        try:
            engine = self._require_engine()
            cancel = self._cancel = self._cancel or threading.Event()
            checked: CheckedReply | GuidedReply
            if self.style is ReplyStyle.GUIDED:
                checked = GuidedReply(engine, self.guardrails, self._recent_user_messages(), self.recent_replies(),
                                      self.sampling, cancel)
            else:
                rail = self.guardrails.output_filter(message=self.last_user_message() or "")  # read in context
                checked = CheckedReply.start(engine, self.prompt_messages(), self.sampling, rail, cancel,
                                             avoid=self.recent_replies())
            reply = self._append(Role.ASSISTANT, "", Status.INCOMPLETE)
            for safe in checked:
                self._save_progress(reply, checked.text)
                yield safe
            reason, violation = checked.finish_reason, checked.violation
            for withheld in checked.withheld:  # the first attempt's and, if the retry failed too, the retry's
                self._audit_withheld(withheld)
            if violation is not None:
                self._withhold(reply, violation)
            else:
                reply.content = checked.text.rstrip()
                reply.status = Status.INCOMPLETE if reason is FinishReason.CANCELLED else Status.COMPLETE
                reply.cut_short = reason in LIMIT_REASONS
                self._finish_message(reply)
            stream.reply = Reply(reply.content, reply.status, reason, checked.token_count, violation, reply.cut_short)
        finally:
            self._cancel = None
            self._busy.release()

    def _withhold(self, reply: ChatMessage, violation: Verdict) -> None:
        reply.content = violation.response or ""
        reply.status = Status.WITHHELD
        reply.flags = (verdict_flag(violation),)
        self._finish_message(reply)

    def _audit_withheld(self, violation: Verdict) -> None:
        entry = self.guardrails.audit_entry(violation, "", side="output")
        if entry is not None:
            # The withheld sentence is never stored: the output side records only category and rule.
            self._audit(AuditEntry(entry.kind, entry.category, entry.rule, None))

    def _fixed_reply(self, text: str, flags: tuple[str, ...]) -> Callable[[ReplyStream], Iterator[str]]:
        def produce(stream: ReplyStream) -> Iterator[str]:
            self._append(Role.ASSISTANT, text, Status.COMPLETE, flags)
            yield text
            stream.reply = Reply(text, Status.COMPLETE, FinishReason.STOP)

        return produce

    # ---- state and storage --------------------------------------------------------------------------

    def _ensure_idle(self) -> None:
        if self._busy.locked():
            raise ChatError("A reply is already being written. Stop it first.")

    def _require_engine(self) -> Engine:
        if self.engine is None:
            raise ChatError("The model is still loading. Please try again shortly.")
        return self.engine

    def _ensure_conversation(self, first_message: str, *, private: bool | None = None) -> None:
        """Create the stored conversation with its first message. A first message that raises a crisis or a
        check-in (`private`, by default read from the input rail) gives the conversation a neutral title."""
        if self.record is not None and self.record.conversation_id is None:
            if private is None:
                private = self.guardrails.check_input(first_message).action in (Action.CRISIS, Action.CHECK_IN)
            self.record.create(first_message, private=private)
            self._set_crisis(self.crisis.start_conversation(self.record.conversation_id))

    def _sync_crisis(self) -> None:
        """The stored crisis state is the truth: a crisis typed into an exercise pauses this chat too."""
        if self.record is not None:
            self.crisis = load_crisis_state(self.record.store)

    def _set_crisis(self, state: CrisisState) -> None:
        changed = state != self.crisis
        self.crisis = state
        if changed and self.record is not None:
            save_crisis_state(self.record.store, state)

    def _append(self, role: Role, content: str, status: Status, flags: Sequence[str] = ()) -> ChatMessage:
        message = ChatMessage(role, content, status, None, tuple(flags))
        if self.record is not None:
            message.id = self.record.add(str(role), content, str(status), flags)
        self.messages.append(message)
        return message

    def _save_progress(self, message: ChatMessage, text: str) -> None:
        message.content = text
        if self.record is not None and message.id is not None:
            self.record.save_progress(message.id, text)

    def _finish_message(self, message: ChatMessage) -> None:
        if self.record is not None and message.id is not None:
            self.record.finish(message.id, message.content, str(message.status), message.flags,
                               cut_short=message.cut_short)

    def _drop_last(self) -> None:
        message = self.messages.pop()
        if self.record is not None and message.id is not None:
            self.record.delete(message.id)

    def _audit(self, entry: AuditEntry) -> None:
        if self.record is not None:
            self.record.audit(entry.kind, entry.category, entry.rule, entry.text)
