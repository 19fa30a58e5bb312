"""The crisis flow: what stays true after a crisis verdict, as a small pure state machine.

Public reviews of mental-health chatbots faulted letting one typed "I'm fine" end a crisis. Here, after a
crisis verdict:
- the help lines stay pinned for the rest of the conversation;
- the person's own safety plan is offered (once per crisis);
- the model does not speak again until the person takes an explicit confirmation action (a button or
  command that calls `confirm_safe()`), never because of anything they type;
- leaving without confirming does not escape it: a new conversation starts still waiting for confirmation;
- the next conversation opens with the profile's gentle check-in message.

Before any crisis, moderate risk asks first: a check-in verdict (a moderate learned score, or scores that
build up over the last few messages, `recent_scores`) puts the profile's direct question with the help
lines, and `check_in_pending` stays set until the person answers it (see `Guardrails.screen` and
`Guardrails.answer_check_in`). Yes or not sure starts the crisis flow above; no clears it. An unanswered
question follows the person to their next conversation, like an unconfirmed crisis.

`CrisisState` is immutable; every transition returns a new state, and `to_json()`/`from_json()` let the
session persist it (e.g. in the encrypted store's settings) between messages and between runs.

How a session uses it (see also `Guardrails.screen`):
    state = CrisisState.from_json(saved) if saved else CrisisState()
    state = state.start_conversation(conversation_id)        # on opening a conversation
    if state.check_in_due: show(profile.check_in_message); state = state.checked_in()
    verdict = guardrails.check_input(text)
    state = state.after_verdict(verdict)                      # a crisis verdict pins resources, holds model
    if verdict.action is Action.CRISIS: show(verdict.response, state.pinned_resources)
    elif not state.model_allowed: show(profile.after_crisis.holding_message)   # still waiting
    ...  # on the confirmation button: state = state.confirm_safe(); show(profile.after_crisis.resume_message)
    save(state.to_json())
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from app.safety.verdict import Action, HelpResource, Verdict

_VERSION = 1  # fields added since default when missing, so states saved by older versions load as they were
MAX_RECENT_SCORES = 20


@dataclass(frozen=True)
class CrisisState:
    conversation_id: str | int | None = None  # stored as text
    in_crisis: bool = False  # a crisis was detected in this conversation: resources stay pinned
    awaiting_confirmation: bool = False  # the model stays silent until confirm_safe()
    category: str | None = None  # the most recent crisis category and rule, for the UI and audit
    rule: str | None = None
    resources: tuple[HelpResource, ...] = ()
    crises: int = 0  # crisis verdicts in this conversation
    safety_plan_due: bool = False  # offer the safety plan (cleared by safety_plan_offered())
    check_in_due: bool = False  # the next conversation opens with a check-in (cleared by checked_in())
    check_in_pending: bool = False  # the check-in question was asked and waits for the person's answer
    recent_scores: tuple[float, ...] = ()  # learned input scores of this conversation's latest messages
    unclear_answers: int = 0  # replies to the pending question that answered neither way
    # a message of this conversation raised concern (sign_off.py): a goodbye then keeps its score's verdict
    uneasy: bool = False
    asked_score: float | None = None  # the learned score of the message the pending check-in asked about
    # the highest score the person has answered "no" about in this conversation: the score alone asks again
    # only above it (a clinician asks again when things sound worse, not every time they sound the same)
    said_no_to: float | None = None
    # the rule that asked the pending check-in ("scorer.input", "scorer.build-up", a rule's id): only a question
    # from the score alone may lapse unanswered in a calm conversation (Guardrails.screen)
    asked_rule: str | None = None

    def __post_init__(self) -> None:
        if self.conversation_id is not None and not isinstance(self.conversation_id, str):
            object.__setattr__(self, "conversation_id", str(self.conversation_id))  # ids compare as text

    # ---- what the session asks ------------------------------------------------------------------------

    @property
    def model_allowed(self) -> bool:
        """False while a crisis awaits the person's explicit confirmation."""
        return not self.awaiting_confirmation

    @property
    def pinned_resources(self) -> tuple[HelpResource, ...]:
        """Help lines to keep visible for the rest of this conversation (empty when no crisis)."""
        return self.resources if self.in_crisis else ()

    # ---- transitions ---------------------------------------------------------------------------------

    def after_verdict(self, verdict: Verdict) -> CrisisState:
        """Record an input verdict. A crisis starts the crisis flow (and settles any pending check-in); a
        check-in asks the question, unless a crisis is already waiting for confirmation. Nothing else
        changes anything, and no text can clear a crisis."""
        if verdict.action is Action.CHECK_IN and self.model_allowed:
            return replace(self, check_in_pending=True, unclear_answers=0, recent_scores=(), uneasy=True,
                           asked_score=None if verdict.score is None else round(float(verdict.score), 4),
                           asked_rule=verdict.rule)
        if verdict.action is not Action.CRISIS:
            return self
        merged = tuple(dict.fromkeys((*verdict.resources, *self.resources)))
        return replace(self, in_crisis=True, awaiting_confirmation=True, category=verdict.category,
                       rule=verdict.rule, resources=merged, crises=self.crises + 1, safety_plan_due=True,
                       check_in_due=True, check_in_pending=False, unclear_answers=0, recent_scores=(),
                       said_no_to=None, asked_rule=None)  # after a crisis, an earlier "no" no longer speaks for now

    def scored(self, score: float | None) -> CrisisState:
        """Remember one message's learned score (the latest MAX_RECENT_SCORES), for build-up."""
        if score is None:
            return self
        return replace(self, recent_scores=(*self.recent_scores, round(float(score), 4))[-MAX_RECENT_SCORES:])

    def noted_unease(self) -> CrisisState:
        """A message raised concern without a verdict against it (a moderate score, words of despair)."""
        return replace(self, uneasy=True)

    def check_in_cleared(self) -> CrisisState:
        """The person answered no: carry on, start counting build-up afresh, and remember what they said no
        about, so the same level of concern is not asked about again in this conversation."""
        said_no_to = max(score for score in (self.said_no_to, self.asked_score, 0.0) if score is not None)
        return replace(self, check_in_pending=False, unclear_answers=0, recent_scores=(), asked_score=None,
                       said_no_to=said_no_to, asked_rule=None)

    def check_in_lapsed(self) -> CrisisState:
        """The person answered neither way twice, in words that raised no concern, to a question the score alone
        asked: the conversation carries on without an answer. Nothing is taken as no (`said_no_to` is kept), so
        the next moderate score asks again; the conversation stays uneasy."""
        return replace(self, check_in_pending=False, unclear_answers=0, recent_scores=(), asked_score=None,
                       asked_rule=None, uneasy=True)

    def asks_again(self, score: float | None) -> bool:
        """Whether a check-in from the learned score alone is asked: always, unless the person has said no in
        this conversation about a message that scored at least as high."""
        return self.said_no_to is None or round(float(score or 0.0), 4) > self.said_no_to  # scores are kept to 4 places

    def check_in_unclear(self) -> CrisisState:
        """A reply that answered neither way; the question is asked again."""
        return replace(self, unclear_answers=self.unclear_answers + 1)

    def confirm_safe(self) -> CrisisState:
        """The person pressed "I am safe right now": the model may speak again; resources stay pinned."""
        return replace(self, awaiting_confirmation=False)

    def safety_plan_offered(self) -> CrisisState:
        return replace(self, safety_plan_due=False)

    def start_conversation(self, conversation_id: str | int | None) -> CrisisState:
        """Moving to a (new or other) conversation. An unconfirmed crisis follows the person; a confirmed one
        leaves only the check-in behind. An unanswered check-in question follows too; build-up starts
        afresh."""
        cid = None if conversation_id is None else str(conversation_id)
        if cid is not None and cid == self.conversation_id:
            return self
        if self.awaiting_confirmation:
            return replace(self, conversation_id=cid, crises=0, recent_scores=())
        return CrisisState(conversation_id=cid, check_in_due=self.check_in_due,
                           check_in_pending=self.check_in_pending, unclear_answers=self.unclear_answers,
                           asked_score=self.asked_score, asked_rule=self.asked_rule)

    def checked_in(self) -> CrisisState:
        """The check-in message has been shown."""
        return replace(self, check_in_due=False)

    # ---- persistence ---------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": _VERSION, "conversation_id": self.conversation_id, "in_crisis": self.in_crisis,
            "awaiting_confirmation": self.awaiting_confirmation, "category": self.category, "rule": self.rule,
            "resources": [r.to_dict() for r in self.resources], "crises": self.crises,
            "safety_plan_due": self.safety_plan_due, "check_in_due": self.check_in_due,
            "check_in_pending": self.check_in_pending, "recent_scores": list(self.recent_scores),
            "unclear_answers": self.unclear_answers, "uneasy": self.uneasy, "asked_score": self.asked_score,
            "said_no_to": self.said_no_to, "asked_rule": self.asked_rule,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrisisState:
        """Rebuild a saved state. Anything unreadable fails closed: treated as an unconfirmed crisis. Fields
        added after version 1 was first saved (the check-in's) default when missing; `uneasy` to True, since a
        conversation not known to be calm is not treated as calm."""
        try:
            if data.get("version") != _VERSION:
                raise ValueError("unknown version")
            return cls(
                conversation_id=_opt_str(data.get("conversation_id")),
                in_crisis=_bool(data["in_crisis"]),
                awaiting_confirmation=_bool(data["awaiting_confirmation"]),
                category=_opt_str(data.get("category")),
                rule=_opt_str(data.get("rule")),
                resources=tuple(HelpResource.from_dict(r) for r in data.get("resources", [])),
                crises=int(data.get("crises", 0)),
                safety_plan_due=_bool(data.get("safety_plan_due", False)),
                check_in_due=_bool(data.get("check_in_due", False)),
                check_in_pending=_bool(data.get("check_in_pending", False)),
                recent_scores=_scores(data.get("recent_scores", [])),
                unclear_answers=_count(data.get("unclear_answers", 0)),
                uneasy=_bool(data.get("uneasy", True)),  # saved before it existed: not known to be calm
                asked_score=_opt_score(data.get("asked_score")),
                said_no_to=_opt_score(data.get("said_no_to")),  # missing: never said no, so asked as usual
                asked_rule=_opt_str(data.get("asked_rule")),  # missing: not known to be the score's, so no lapse
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls(in_crisis=True, awaiting_confirmation=True, check_in_due=True)

    @classmethod
    def from_json(cls, text: str | None) -> CrisisState:
        if not text:
            return cls()
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, TypeError):
            data = None
        if not isinstance(data, dict):
            return cls(in_crisis=True, awaiting_confirmation=True, check_in_due=True)
        return cls.from_dict(data)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("not a boolean")
    return value


def _opt_score(value: Any) -> float | None:
    return None if value is None else _scores([value])[0]


def _scores(value: Any) -> tuple[float, ...]:
    if not isinstance(value, list):
        raise ValueError("not a list of scores")
    for score in value:
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0.0 <= score <= 1.0:
            raise ValueError("not a score")  # NaN fails the range check too
    return tuple(float(score) for score in value)[-MAX_RECENT_SCORES:]


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("not a count")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


CRISIS_STATE_KEY = "safety.crisis_state"


def load_crisis_state(settings) -> CrisisState:
    """The one crisis state the chat and the exercises share, from the encrypted settings (anything
    unreadable comes back as an unconfirmed crisis: fail closed)."""
    return CrisisState.from_json(settings.get_setting(CRISIS_STATE_KEY))


def save_crisis_state(settings, state: CrisisState) -> None:
    settings.set_setting(CRISIS_STATE_KEY, state.to_json())
