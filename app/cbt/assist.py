"""AI help with one step of a thought record, through the same guarded path as a chat reply.

    record text → input rail (crisis / paused / out of scope: fixed words, no model) → model → output rail

The model is told the profile's system prompt plus the step's prompt from assets/cbt/assist.toml, and sees
only the record. Its reply streams through `guardrails.output_filter()` a sentence at a time, exactly as in
ChatSession (CheckedReply: a withheld sentence is regenerated once with a stricter instruction); if the
retry is withheld too, the whole suggestion is withheld and the profile's replacement is returned instead.
A balanced thought is written in the person's own voice, so the rail's built-in rules against the assistant
speaking as a person do not apply to it (the profile's rules do).

Each released sentence is also checked against the record (suggestion_check.py): a suggestion that adds a
harsh label, catastrophises, or contradicts the person's own evidence is withheld with a kind, plain
message and audited like an output block (category "suggestion-fit"). While the shared crisis state waits
for the person to confirm they are safe, the model is not asked at all. The suggestion is only ever shown
for the person to edit or ignore; nothing is filled in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from app.cbt.content import Content, load_content
from app.cbt.screening import load_crisis_state, screen_exercise_text
from app.cbt.suggestion_check import CATEGORY as SUGGESTION_CATEGORY
from app.cbt.suggestion_check import DEFAULT_WITHHELD_MESSAGE, WITHHELD_MESSAGE, check_suggestion
from app.chat.checked_reply import CheckedReply
from app.chat.errors import ChatError
from app.model.engine import Engine
from app.model.sampling import Sampling
from app.safety import Action, Guardrails, HelpResource, Verdict
from app.storage import AuditRecord, Store
from app.storage.journal import ThoughtRecord

MAX_FIELD_CHARS = 1500  # per field in the prompt: the small models' context is a few thousand tokens
ASSIST_MAX_TOKENS = 160


@dataclass(frozen=True)
class AssistResult:
    text: str  # what to show: the suggestion, or the fixed words that replace it
    withheld: bool  # the suggestion is not shown (output rail, or it did not fit the record); `text` says why
    verdict: Verdict | None  # what decided, when a rail or the fit check did (input crisis/redirect, block)
    asked_model: bool  # False when the rails answered without the model
    resources: tuple[HelpResource, ...] = ()  # help lines to show (crisis, or still pinned)
    safety_plan_prompt: str | None = None


def render_record(record: ThoughtRecord) -> str:
    """The record as the model reads it: only the steps filled in, each clipped to MAX_FIELD_CHARS."""
    def clip(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= MAX_FIELD_CHARS else text[:MAX_FIELD_CHARS].rsplit(" ", 1)[0] + " …"

    def feelings(ratings: tuple) -> str:
        return ", ".join(f"{r.name} {r.intensity}/100" for r in ratings)

    parts = [("Situation", clip(record.situation)), ("Automatic thought", clip(record.automatic_thought)),
             ("Feelings", feelings(record.emotions_before)), ("Evidence for the thought", clip(record.evidence_for)),
             ("Evidence against the thought", clip(record.evidence_against)),
             ("Balanced thought so far", clip(record.balanced_thought))]
    return "\n".join(f"{label}: {text}" for label, text in parts if text)


def assist(
    engine: Engine | None,
    guardrails: Guardrails,
    step: str,
    record: ThoughtRecord,
    *,
    store: Store,
    sampling: Sampling | None = None,
    cancel: threading.Event | None = None,
    on_text: Callable[[str], None] | None = None,
    content: Content | None = None,
) -> AssistResult:
    """Ask the model for help with `step` ("evidence-against" or "balanced-thought") of `record`.

    Blocking; run it on the model thread. `on_text` receives each piece of the suggestion once it has passed
    the output rail; `cancel` stops generation (the text so far is returned). The crisis state is read from
    (and, on a crisis in the record, written to) `store`, the same setting the chat uses."""
    content = content or load_content()
    prompt = content.assist.get(step)
    if prompt is None:
        raise ValueError(f"step must be one of {tuple(content.assist)}, not {step!r}")
    screening = screen_exercise_text(guardrails, store, record.texts)
    if screening.crisis:
        return AssistResult(screening.response or "", False, screening.verdict, False, screening.resources,
                            screening.safety_plan_prompt)
    state = load_crisis_state(store)
    if not state.model_allowed:
        return AssistResult(guardrails.profile.after_crisis.holding_message, False, None, False,
                            guardrails.pinned(state))
    rendered = render_record(record)
    if not rendered.strip():
        raise ChatError("Write the situation and the thought first; then Confidant can help with this step.")
    verdict = guardrails.check_input(rendered)
    if verdict.action in (Action.REDIRECT, Action.BLOCK):
        _audit(store, guardrails, verdict, rendered, "input")
        return AssistResult(verdict.response or "", False, verdict, False, guardrails.pinned(state))
    if engine is None:
        raise ChatError("The model is still loading. Please try again shortly.")
    sampling = sampling or engine.default_sampling.with_overrides(max_tokens=ASSIST_MAX_TOKENS)
    messages = [{"role": "system", "content": f"{guardrails.system_prompt}\n\n{prompt.prompt}"},
                {"role": "user", "content": rendered}]
    if engine.count_tokens(messages) + sampling.max_tokens >= engine.info.n_ctx:
        raise ChatError("This thought record is too long for the model to help with. Shorten the longest "
                        "steps a little and try again.")
    return _generate(engine, guardrails, store, step, record, messages, sampling, cancel, on_text, state)


def _generate(engine: Engine, guardrails: Guardrails, store: Store, step: str, record: ThoughtRecord,
              messages: list[dict[str, str]], sampling: Sampling, cancel: threading.Event | None,
              on_text: Callable[[str], None] | None, state) -> AssistResult:
    rail = guardrails.output_filter(persons_voice=step == "balanced-thought")
    checked = CheckedReply.start(engine, messages, sampling, rail, cancel or threading.Event())
    pieces = iter(checked)
    verdict: Verdict | None = None
    try:
        for safe in pieces:
            problem = check_suggestion(step, checked.text, record)  # the suggestion so far, sentence by sentence
            if problem is not None:
                message = WITHHELD_MESSAGE.get(step, DEFAULT_WITHHELD_MESSAGE)
                verdict = Verdict(Action.BLOCK, SUGGESTION_CATEGORY, problem.rule_id, message, (), problem.detail)
                break
            if on_text:
                on_text(safe)
    finally:
        pieces.close()  # stops the model when the fit check withheld the suggestion
    for withheld in checked.withheld:  # every sentence the output rail withheld, retried or not
        _audit(store, guardrails, withheld, None, "output")  # the withheld text is never stored
    verdict = verdict or checked.violation
    if verdict is not None:
        if verdict.category == SUGGESTION_CATEGORY:
            _audit(store, guardrails, verdict, None, "output")
        return AssistResult(verdict.response or "", True, verdict, True, guardrails.pinned(state))
    return AssistResult(checked.text.strip(), False, None, True, guardrails.pinned(state))


def _audit(store: Store, guardrails: Guardrails, verdict: Verdict, text: str | None, side: str) -> None:
    entry = guardrails.audit_entry(verdict, text or "", side=side)
    if entry is not None:
        store.add_audit_event(AuditRecord(entry.kind, entry.category, entry.rule, None,
                                          entry.text if text is not None else None))
