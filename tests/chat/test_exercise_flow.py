"""Guided exercises inside the chat: a thought record and a small activity plan walked through step by step,
stored in the journal exactly as the toolkit stores them, with the guardrails still first on every answer.

Real encrypted store, real default model, the shipped default profile."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from app import cbt
from app.chat.errors import ChatError
from app.chat.exercise_flow import STATE_KEY, ChatExercise
from app.chat.messages import Role
from app.chat.session import ChatSession, ReplyKind
from app.model.sampling import Sampling
from app.safety import Guardrails, load_profile, shipped_profiles

SHORT = Sampling(max_tokens=24, temperature=0, seed=1)
CRISIS = "Honestly I just want to kill myself tonight."
WORDS = cbt.load_content().exercises

THOUGHT_RECORD_ANSWERS = [
    ("situation", "My friend didn't answer my message for two days"),
    ("automatic-thought", "They think I am boring and I always mess things up"),
    ("emotions-before", "anxious 70, sad 40"),
    ("thinking-traps", "1"),
    ("evidence-for", "They haven't replied yet"),
    ("evidence-against", "They invited me to their birthday last week"),
    ("balanced-thought", "They may just be busy; one late reply doesn't mean they think I'm boring"),
    ("emotions-after", "40, 30"),
]


def open_chat(engine, guardrails, store, conversation_id: int | None = None) -> ChatSession:
    return ChatSession.open(engine, guardrails, store, conversation_id, sampling=SHORT)


def say(chat: ChatSession, text: str):
    stream = chat.send(text)
    stream.finish()
    return stream


def the_toolkits_record(**fields) -> cbt.ThoughtRecord:
    """The record as the toolkit's thought-record page builds it from the same answers (its `record()`)."""
    return cbt.ThoughtRecord(**fields)


def same_entry(stored, expected) -> bool:
    return type(stored) is type(expected) and stored.to_data() == expected.to_data() and (
        stored.completed == expected.completed if isinstance(expected, cbt.ThoughtRecord)
        else (stored.done, stored.planned_for) == (expected.done, expected.planned_for))


def test_a_whole_thought_record_walked_through_in_the_chat_is_stored_as_the_toolkit_stores_it(
        engine, guardrails, chat_store) -> None:
    chat = open_chat(engine, guardrails, chat_store)
    first = say(chat, "I keep worrying that my friends think I am boring")
    assert first.kind is ReplyKind.MODEL
    assert first.exercise_offer is not None and first.exercise_offer.exercise == "thought-record"

    start = chat.start_exercise("thought-record")
    assert start.kind is ReplyKind.EXERCISE
    opening = start.finish().text
    assert opening.startswith(WORDS["thought-record"].chat.start) and "What happened?" in opening
    for step, answer in THOUGHT_RECORD_ANSWERS:
        assert chat.exercise is not None and chat.exercise.step_id == step
        stream = say(chat, answer)
        assert stream.kind is ReplyKind.EXERCISE
        assert chat.messages[-2].role is Role.USER and chat.messages[-2].content == answer
    assert chat.exercise is None
    finish = stream.reply.text
    assert finish.startswith(WORDS["thought-record"].chat.finish) and "anxious 40/100 (was 70)" in finish

    stored = cbt.list_exercises(chat_store, "thought-record")
    assert len(stored) == 1
    expected = the_toolkits_record(
        situation=THOUGHT_RECORD_ANSWERS[0][1], automatic_thought=THOUGHT_RECORD_ANSWERS[1][1],
        emotions_before=(cbt.EmotionRating("anxious", 70), cbt.EmotionRating("sad", 40)),
        distortions_confirmed=("mind-reading",), distortions_rejected=("labelling", "overgeneralisation"),
        evidence_for=THOUGHT_RECORD_ANSWERS[4][1], evidence_against=THOUGHT_RECORD_ANSWERS[5][1],
        balanced_thought=THOUGHT_RECORD_ANSWERS[6][1],
        emotions_after=(cbt.EmotionRating("anxious", 40), cbt.EmotionRating("sad", 30)), completed=True)
    assert same_entry(stored[0], expected)
    assert stored[0].completed_at is not None  # marks its day on the mood chart, as a finished toolkit record

    # every step is a fixed assistant message, flagged with its step; the conversation's messages are stored
    flags = [m.flags for m in chat.messages if m.role is Role.ASSISTANT][1:]
    assert flags[0] == ("exercise:thought-record:situation",) and flags[-1] == ("exercise:thought-record:done",)
    assert [m.content for m in chat.record.messages()] == [m.content for m in chat.messages]
    with pytest.raises(ChatError):
        chat.regenerate()  # a fixed step is part of the record, never redone


def test_a_small_activity_plan_is_stored_as_the_activity_planner_stores_it(engine, guardrails, chat_store) -> None:
    chat = open_chat(engine, guardrails, chat_store)
    first = say(chat, "I have no energy and I stayed in bed all day")
    assert first.exercise_offer is not None and first.exercise_offer.exercise == "behavioural-activation"
    chat.start_exercise("behavioural-activation").finish()
    assert say(chat, "a ten-minute walk after lunch").reply.text.startswith("Step 2 of 3: When?")
    unread = say(chat, "at some point")
    assert unread.reply.text.startswith(WORDS["behavioural-activation"].chat.hints["when"])
    assert chat.exercise.step_id == "when"  # asked again, nothing lost
    say(chat, "tomorrow")
    done = say(chat, "a bit calmer, maybe")
    assert chat.exercise is None and "I planned an activity for" in done.reply.text

    stored = cbt.list_exercises(chat_store, "behavioural-activation")
    planned = cbt.Activity(text="a ten-minute walk after lunch", planned_for=date.today() + timedelta(days=1))
    expected = replace(planned, note="Expected: a bit calmer, maybe")  # the guess, kept as the planner's note
    assert len(stored) == 1 and same_entry(stored[0], expected)
    assert cbt.planned_activities(chat_store, date.today(), date.today() + timedelta(days=13)) == stored


def test_leaving_midway_keeps_what_was_written_as_a_draft(engine, guardrails, chat_store) -> None:
    chat = open_chat(engine, guardrails, chat_store)
    chat.start_exercise("thought-record").finish()
    say(chat, "A meeting at work went badly")
    say(chat, "skip")
    left = chat.leave_exercise()
    assert left.kind is ReplyKind.EXERCISE and left.finish().text == WORDS["thought-record"].chat.left
    assert chat.exercise is None and chat_store.get_setting(STATE_KEY.format(chat.conversation_id)) is None
    (draft,) = cbt.list_exercises(chat_store, "thought-record")
    assert same_entry(draft, the_toolkits_record(situation="A meeting at work went badly"))
    assert not draft.completed  # a draft, as the toolkit's "Save draft" keeps it
    assert say(chat, "Thanks, that helped a little").kind is ReplyKind.MODEL  # the chat carries on

    chat.start_exercise("behavioural-activation").finish()
    assert say(chat, "leave").reply.text == WORDS["behavioural-activation"].chat.left_empty  # typed, too
    assert chat.exercise is None and cbt.list_exercises(chat_store, "behavioural-activation") == []


def test_a_crisis_message_midway_gets_the_crisis_response_and_stops_the_exercise(
        engine, guardrails, chat_store) -> None:
    chat = open_chat(engine, guardrails, chat_store)
    chat.start_exercise("thought-record").finish()
    say(chat, "I lost my job today")
    stream = say(chat, CRISIS)
    assert stream.kind is ReplyKind.CRISIS and stream.resources
    assert chat.exercise is None and not chat.crisis.model_allowed
    (draft,) = cbt.list_exercises(chat_store, "thought-record")
    assert draft.situation == "I lost my job today" and draft.automatic_thought == "" and not draft.completed
    assert say(chat, "anxious 80").kind is ReplyKind.HOLDING  # no longer an answer: the rails hold
    with pytest.raises(ChatError):
        chat.start_exercise("thought-record")  # not while the conversation waits for confirmation
    reopened = open_chat(engine, guardrails, chat_store, chat.conversation_id)
    assert reopened.exercise is None


def test_an_exercise_in_progress_survives_closing_the_conversation(engine, guardrails, chat_store) -> None:
    chat = open_chat(engine, guardrails, chat_store)
    chat.start_exercise("thought-record").finish()
    for _step, answer in THOUGHT_RECORD_ANSWERS[:2]:
        say(chat, answer)
    cannot_read = say(chat, "anxious")  # no number: the step is asked again with a hint
    assert cannot_read.reply.text.startswith(WORDS["thought-record"].chat.hints["emotions-before"])

    again = open_chat(engine, guardrails, chat_store, chat.conversation_id)
    assert again.exercise is not None and again.exercise.step_id == "emotions-before"
    assert again.messages[-1].flags == ("exercise:thought-record:emotions-before",)
    for _step, answer in THOUGHT_RECORD_ANSWERS[2:]:
        assert say(again, answer).kind is ReplyKind.EXERCISE
    assert again.exercise is None
    (record,) = cbt.list_exercises(chat_store, "thought-record")
    assert record.completed and record.situation == THOUGHT_RECORD_ANSWERS[0][1]
    assert record.emotions_after == (cbt.EmotionRating("anxious", 40), cbt.EmotionRating("sad", 30))


def test_a_record_deleted_in_the_toolkit_meanwhile_ends_the_exercise_quietly(engine, guardrails, chat_store) -> None:
    chat = open_chat(engine, guardrails, chat_store)
    chat.start_exercise("thought-record").finish()
    say(chat, "A party I didn't go to")
    (draft,) = cbt.list_exercises(chat_store, "thought-record")
    cbt.delete_exercise(chat_store, draft.id)
    assert open_chat(engine, guardrails, chat_store, chat.conversation_id).exercise is None


@pytest.mark.parametrize(("asked", "exercise"), [
    ("can we do one of those thought exercises?", "thought-record"),  # found by using the app
    ("Walk me through a thought record please", "thought-record"),
    ("could you help me plan something small for tomorrow", "behavioural-activation"),
])
def test_asking_for_an_exercise_in_words_starts_it(engine, guardrails, chat_store, asked: str,
                                                    exercise: str) -> None:
    chat = open_chat(engine, guardrails, chat_store)
    say(chat, "I keep worrying that my friends think I am boring")
    stream = say(chat, asked)
    assert stream.kind is ReplyKind.EXERCISE and chat.exercise is not None
    assert chat.exercise.exercise_id == exercise
    assert stream.reply.text.startswith(WORDS[exercise].chat.start)
    assert [m.content for m in chat.record.messages()][-2:] == [asked, stream.reply.text]  # both kept
    first_step = chat.exercise.step_id
    assert say(chat, "At work on Monday").kind is ReplyKind.EXERCISE and chat.exercise.step_id != first_step


def test_talking_about_exercise_or_past_records_starts_nothing(engine, guardrails, chat_store) -> None:
    chat = open_chat(engine, guardrails, chat_store)
    for message in ("I should exercise more", "I used to do a thought record every day"):
        assert say(chat, message).kind is ReplyKind.MODEL and chat.exercise is None


def test_only_exercises_the_profile_offers_are_offered_or_started(engine, chat_store) -> None:
    profile = load_profile()
    rails = Guardrails(replace(profile, features=replace(profile.features, exercises=("breathing",))))
    chat = open_chat(engine, rails, chat_store)
    assert say(chat, "I keep worrying that my friends think I am boring").exercise_offer is None
    assert say(chat, "can we do a thought record?").kind is ReplyKind.MODEL and chat.exercise is None
    with pytest.raises(ChatError):
        chat.start_exercise("thought-record")


def test_feelings_and_days_are_read_the_ways_people_write_them(chat_store) -> None:
    exercise = ChatExercise("thought-record", chat_store, today=date(2025, 3, 5))  # a Wednesday
    ratings = exercise._ratings("I feel anxious: 70%, really sad 40 and 20 ashamed", ())
    assert [(r.name, r.intensity) for r in ratings] == [("anxious", 70), ("sad", 40), ("ashamed", 20)]
    assert [r.intensity for r in exercise._ratings("30 and 10", ratings[:2])] == [30, 10]
    planner = ChatExercise("behavioural-activation", chat_store, today=date(2025, 3, 5))
    assert planner._day("tonight") == date(2025, 3, 5)
    assert planner._day("Saturday morning") == date(2025, 3, 8)
    assert planner._day("next wednesday") == date(2025, 3, 12)
    assert planner._day("in 3 days") == date(2025, 3, 8)


@pytest.mark.parametrize("profile_path", shipped_profiles(), ids=lambda p: Path(p).stem)
def test_the_chat_wording_passes_the_output_rules_of_every_shipped_profile(profile_path) -> None:
    rails = Guardrails(load_profile(profile_path))
    texts = []
    for exercise in ("thought-record", "behavioural-activation"):
        words = WORDS[exercise].chat
        texts += [words.start, words.finish, words.left, words.left_empty, *words.prompts.values(),
                  *words.hints.values()]
        texts += [f"{s.title} {s.prompt}" for s in WORDS[exercise].steps]
    assert [t for t in texts if not rails.check_output_text(t).allowed] == []
