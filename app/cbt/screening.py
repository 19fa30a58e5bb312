"""The input rail on what people type into exercises: a crisis sign gets the crisis response, as in the chat.

What the person writes in a thought record, an activity, a mood note or a memory item is theirs and is always
saved. But a crisis sign typed there must not go unseen: it gets the profile's fixed crisis response and help
lines, and it moves the same crisis state the chat keeps (the CRISIS_STATE_KEY setting). So the help lines
are pinned, the model pauses until the person confirms they are safe — in the chat and in the toolkit's
AI-assisted steps alike — and the next conversation opens with the check-in.

Only crisis verdicts act here. Out-of-scope topics (say, a thought about medication) are fine to write down;
they are only redirected when the text is sent to the model (see assist.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.safety import Action, CrisisState, Guardrails, HelpResource, Verdict, load_crisis_state, save_crisis_state
from app.safety.verdict import ALLOW
from app.storage import AuditRecord, Store


@dataclass(frozen=True)
class ExerciseScreening:
    verdict: Verdict  # the crisis verdict, or ALLOW
    field: str | None  # which field set it off
    state: CrisisState  # the crisis state now saved in the store
    response: str | None  # the crisis response to show (None when there is no new crisis)
    resources: tuple[HelpResource, ...]  # help lines to keep on screen (also while a past crisis is open)
    safety_plan_prompt: str | None  # when set: offer the person's safety plan with these words

    @property
    def crisis(self) -> bool:
        return self.verdict.action is Action.CRISIS


def screen_exercise_text(guardrails: Guardrails, store: Store, text: str | Mapping[str, str]) -> ExerciseScreening:
    """Check one field (`text`) or several ({field: text}, e.g. `record.texts`) for crisis signs.

    On a crisis: the state is advanced exactly as `Guardrails.screen` does for a chat message and saved,
    and a guardrail event ("exercise.crisis") is recorded — with the text only if the profile allows it."""
    fields = {"text": text} if isinstance(text, str) else dict(text)
    state = load_crisis_state(store)
    for name, value in fields.items():
        verdict = guardrails.check_input(value) if value else ALLOW
        if verdict.action is not Action.CRISIS:
            continue
        screening = guardrails.screen(value, state)
        state = screening.state
        save_crisis_state(store, state)
        entry = guardrails.audit_entry(verdict, value, side="exercise")
        if entry is not None:
            store.add_audit_event(AuditRecord(entry.kind, entry.category, entry.rule, None, entry.text))
        return ExerciseScreening(verdict, name, state, verdict.response, guardrails.pinned(state),
                                 screening.safety_plan_prompt)
    return ExerciseScreening(ALLOW, None, state, None, guardrails.pinned(state), None)
