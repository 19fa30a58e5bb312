"""A crisis sign typed into any exercise field gets the crisis response and moves the crisis state the chat
keeps — saved under the same setting, so the chat and the GUI pin the help lines and pause the model."""

from __future__ import annotations

import pytest

from app.cbt.screening import load_crisis_state, screen_exercise_text
from app.chat.session import CRISIS_STATE_KEY, ChatSession, ReplyKind
from app.safety import Action, CrisisState
from app.storage import journal as j

CRISIS = "honestly I just want to kill myself"

FIELDS = {
    "thought record situation": lambda t: j.ThoughtRecord(situation=t).texts,
    "automatic thought": lambda t: j.ThoughtRecord(automatic_thought=t).texts,
    "evidence for": lambda t: j.ThoughtRecord(evidence_for=t).texts,
    "evidence against": lambda t: j.ThoughtRecord(evidence_against=t).texts,
    "balanced thought": lambda t: j.ThoughtRecord(balanced_thought=t).texts,
    "a feeling's name": lambda t: j.ThoughtRecord(emotions_before=(j.EmotionRating(t, 90),)).texts,
    "activity": lambda t: j.Activity(text=t).texts,
    "activity note": lambda t: j.Activity(text="walk", note=t).texts,
    "mood note": lambda t: t,
    "memory item": lambda t: t,
}


@pytest.mark.parametrize("where", FIELDS)
def test_a_crisis_phrase_in_any_exercise_field_gets_the_crisis_response(where, guardrails, chat_store) -> None:
    screening = screen_exercise_text(guardrails, chat_store, FIELDS[where](CRISIS))
    assert screening.crisis and screening.verdict.action is Action.CRISIS
    category = guardrails.profile.crisis_category(screening.verdict.category)
    assert screening.response == category.response
    assert any(r.phone == "988" for r in screening.resources)
    assert screening.safety_plan_prompt == guardrails.profile.after_crisis.safety_plan_prompt
    saved = CrisisState.from_json(chat_store.get_setting(CRISIS_STATE_KEY))
    assert saved == screening.state and saved.awaiting_confirmation and saved.pinned_resources
    (event,) = chat_store.audit_events()
    assert (event.kind, event.category, event.rule, event.text) == (
        "exercise.crisis", screening.verdict.category, screening.verdict.rule, None)


def test_after_an_exercise_crisis_the_chat_pins_help_and_waits_for_confirmation(guardrails, chat_store) -> None:
    screen_exercise_text(guardrails, chat_store, j.ThoughtRecord(automatic_thought=CRISIS).texts)
    chat = ChatSession.open(None, guardrails, chat_store)  # no model needed: it must not be asked
    assert not chat.crisis.model_allowed and chat.pinned
    assert chat.opening.confirmation_prompt
    stream = chat.send("I'm fine now, really")
    assert stream.kind is ReplyKind.HOLDING
    chat.confirm_safe()
    assert load_crisis_state(chat_store).model_allowed  # the toolkit sees the confirmation too


def test_the_safety_plan_is_offered_once_and_a_second_crisis_keeps_the_state(guardrails, chat_store) -> None:
    first = screen_exercise_text(guardrails, chat_store, CRISIS)
    second = screen_exercise_text(guardrails, chat_store, {"note": "I want to end my life"})
    assert first.safety_plan_prompt and second.crisis
    assert second.state.crises == 2 and second.state.awaiting_confirmation
    assert second.field == "note"


@pytest.mark.parametrize("text", [
    "This homework is killing me.",
    "I felt nervous before the meeting and thought everyone would laugh.",
    "I should stop taking my sertraline, it isn't working.",  # out of scope for the model, fine to write
    "",
])
def test_everyday_and_out_of_scope_writing_is_left_alone(text: str, guardrails, chat_store) -> None:
    screening = screen_exercise_text(guardrails, chat_store, {"situation": text, "automatic_thought": text})
    assert not screening.crisis and screening.response is None and screening.resources == ()
    assert chat_store.get_setting(CRISIS_STATE_KEY) is None and chat_store.audit_events() == []


def test_a_pending_crisis_stays_pinned_while_the_person_writes(guardrails, chat_store) -> None:
    screen_exercise_text(guardrails, chat_store, CRISIS)
    calm = screen_exercise_text(guardrails, chat_store, "Went for a walk with the dog.")
    assert not calm.crisis and calm.resources and not calm.state.model_allowed
