"""AI help with one step of a thought record, through the same guarded path as a chat reply.

    record text → input rail (crisis / paused / out of scope: fixed words, no model) → suggestion → checks
    → output rail

A 135M model writing freely was unkind and unfaithful to the record ("...because you're a bad person...";
"two good reviews" became "my last two reviews were bad" as the balanced thought), and on
bench/assist_quality.py almost none of its free suggestions were kind, balanced and built on the person's
evidence. So a suggestion is composed from the person's own words and curated sentences
(assist_compose.py, assets/cbt/assist/phrases.toml). With `model_slot`, the model writes only the last
clause of a balanced thought, a few times with different seeds, and its words are kept only when the whole
suggestion passes every check.

Every candidate is judged by suggestion_quality.py (kinder than the thought, balanced, uses the person's
evidence, keeps its polarity, whole sentences, short, passes the output rail and the fit check of
suggestion_check.py); the first that passes is released through `guardrails.output_filter()` sentence by
sentence, as a chat reply is. When none passes every check, the first that is still safe and fair to the
record is shown; when none is, the suggestion is withheld with a kind, plain message, audited like an
output block. A balanced thought is written in the person's own voice, so the rail's built-in rules against
the assistant speaking as a person do not apply to it (the profile's rules do). While the shared crisis
state waits for the person to confirm they are safe, nothing is suggested. The suggestion is only ever
shown for the person to edit or ignore; nothing is filled in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from app.cbt.assist_compose import Phrases, candidates, load_phrases, pick, traps
from app.cbt.content import Content, load_content
from app.cbt.screening import load_crisis_state, screen_exercise_text
from app.cbt.suggestion_check import CATEGORY as SUGGESTION_CATEGORY
from app.cbt.suggestion_check import DEFAULT_WITHHELD_MESSAGE, WITHHELD_MESSAGE, check_suggestion
from app.cbt.suggestion_quality import assess
from app.chat.checked_reply import CheckedReply
from app.chat.errors import ChatError
from app.model.engine import Engine, FinishReason
from app.model.sampling import Sampling
from app.safety import Action, Guardrails, HelpResource, Verdict
from app.storage import AuditRecord, Store
from app.storage.journal import ThoughtRecord

MAX_FIELD_CHARS = 1500  # per field in the prompt: the small models' context is a few thousand tokens
ASSIST_MAX_TOKENS = 160  # the most a front end lets one suggestion run to
SLOT_MAX_TOKENS = 32  # the model's slot is one short clause
MODEL_TRIES = 4  # conclusions the model writes per ask (about 0.1 s each with the default model)
# A suggestion that fails one of these is never shown; one that fails only "uses-evidence" may be, when no
# candidate passes everything (a curated question is better than nothing).
MUST_PASS = frozenset({"kinder", "balanced", "polarity-kept", "whole-sentence", "short", "rail"})


@dataclass(frozen=True)
class AssistResult:
    text: str  # what to show: the suggestion, or the fixed words that replace it
    withheld: bool  # the suggestion is not shown (output rail, or it did not fit the record); `text` says why
    verdict: Verdict | None  # what decided, when a rail or the fit check did (input crisis/redirect, block)
    asked_model: bool  # True for a suggestion (composed or model-written); False when the rails answered
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
    model_slot: bool = False,
) -> AssistResult:
    """A suggestion for `step` ("evidence-against" or "balanced-thought") of `record`.

    Blocking; run it on the model thread. `engine` may be None (still loading) unless `model_slot` is on and
    it is needed. `on_text` receives each piece of the suggestion once it has passed the output rail;
    `cancel` stops the model's slot. The crisis state is read from
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
    phrases = load_phrases()
    seed = sampling.seed if sampling is not None else None
    written: list[str] = []
    if model_slot and engine is not None and step == "balanced-thought":
        written = model_conclusions(engine, guardrails, prompt.prompt, record, phrases, sampling, cancel)
    options = candidates(step, record, phrases, traps(record, content), seed, conclusions=written)
    return _choose(guardrails, store, step, record, options, on_text, state, asked_model=bool(written))


def model_conclusions(engine: Engine, guardrails: Guardrails, instruction: str, record: ThoughtRecord,
                      phrases: Phrases, sampling: Sampling | None, cancel: threading.Event | None) -> list[str]:
    """Up to MODEL_TRIES short conclusions the model writes for a balanced thought (the one slot it fills),
    each through the output rail; the caller keeps one only if the whole suggestion passes every check."""
    messages = [{"role": "system", "content": f"{guardrails.system_prompt}\n\n{instruction}"}]
    for thought, against, ending in phrases.examples:
        messages += [{"role": "user", "content": f"Thought: {thought}\nEvidence against: {against}"},
                     {"role": "assistant", "content": ending}]
    evidence = pick(record.evidence_against, 22) or pick(record.evidence_for, 12) or record.situation
    messages.append({"role": "user", "content": f"Thought: {record.automatic_thought}\nEvidence against: {evidence}"})
    base = sampling or engine.default_sampling
    if engine.count_tokens(messages) + SLOT_MAX_TOKENS >= engine.info.n_ctx:
        return []
    out = []
    for attempt in range(MODEL_TRIES):
        if cancel is not None and cancel.is_set():
            break
        seed = None if base.seed is None else base.seed * 101 + attempt
        slot = base.with_overrides(max_tokens=SLOT_MAX_TOKENS, temperature=max(base.temperature, 0.7), seed=seed)
        rail = guardrails.output_filter(persons_voice=True)
        checked = CheckedReply.start(engine, messages, slot, rail, cancel or threading.Event(), retry=False)
        text = "".join(checked).strip()
        if checked.violation is None and checked.finish_reason is FinishReason.STOP and text:
            out.append(text[:1].upper() + text[1:])
    return out


def _choose(guardrails: Guardrails, store: Store, step: str, record: ThoughtRecord, options: list[str],
            on_text: Callable[[str], None] | None, state, *, asked_model: bool) -> AssistResult:
    """Show the first option that passes every quality check, else the first that is at least safe, kind
    and fair to the record; else withhold, saying why."""
    rail_block: Verdict | None = None
    fallback: str | None = None
    fit: Verdict | None = None
    for text in options:
        quality = assess(step, text, record, guardrails)
        if quality.passed:
            return _release(guardrails, store, step, record, text, on_text, state)
        if rail_block is None and "rail" in quality.failed:
            rail_block = _rail_verdict(guardrails, step, text)
        if fallback is None and not set(quality.failed) & MUST_PASS:
            fallback = text
        if fit is None and (problem := check_suggestion(step, text, record)) is not None:
            message = WITHHELD_MESSAGE.get(step, DEFAULT_WITHHELD_MESSAGE)
            fit = Verdict(Action.BLOCK, SUGGESTION_CATEGORY, problem.rule_id, message, (), problem.detail)
    if rail_block is not None:
        _audit(store, guardrails, rail_block, None, "output")  # the withheld text is never stored
    if fallback is not None:
        return _release(guardrails, store, step, record, fallback, on_text, state)
    verdict = rail_block or fit or Verdict(Action.BLOCK, SUGGESTION_CATEGORY, "suggestion.no-fit",
                                           WITHHELD_MESSAGE.get(step, DEFAULT_WITHHELD_MESSAGE))
    if verdict is fit or verdict.rule == "suggestion.no-fit":
        _audit(store, guardrails, verdict, None, "output")
    return AssistResult(verdict.response or "", True, verdict, asked_model, guardrails.pinned(state))


def _rail_verdict(guardrails: Guardrails, step: str, text: str) -> Verdict | None:
    rail = guardrails.output_filter(persons_voice=step == "balanced-thought")
    _, verdict = rail.feed(text)
    return verdict or rail.finish()[1]


def _release(guardrails: Guardrails, store: Store, step: str, record: ThoughtRecord, text: str,
             on_text: Callable[[str], None] | None, state) -> AssistResult:
    """The chosen suggestion, released through the output rail sentence by sentence as a reply is."""
    rail = guardrails.output_filter(persons_voice=step == "balanced-thought")
    shown = []
    for piece, verdict in (rail.feed(text), rail.finish()):
        if verdict is not None:  # cannot happen for a suggestion that passed assess(); fail closed anyway
            _audit(store, guardrails, verdict, None, "output")
            return AssistResult(verdict.response or "", True, verdict, True, guardrails.pinned(state))
        shown.append(piece)
    if on_text:
        for piece in shown:
            if piece:
                on_text(piece)
    return AssistResult("".join(shown).strip(), False, None, True, guardrails.pinned(state))


def _audit(store: Store, guardrails: Guardrails, verdict: Verdict, text: str | None, side: str) -> None:
    entry = guardrails.audit_entry(verdict, text or "", side=side)
    if entry is not None:
        store.add_audit_event(AuditRecord(entry.kind, entry.category, entry.rule, None,
                                          entry.text if text is not None else None))
