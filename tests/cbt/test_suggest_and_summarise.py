"""Exercises suggested from what the person says in the chat, and finished exercises summarised for it."""

from __future__ import annotations

from datetime import date

import pytest

from app.cbt.suggestions import suggest_exercise
from app.cbt.summary import summarise
from app.storage import journal as j


@pytest.mark.parametrize(("text", "exercise"), [
    ("I keep worrying that I'll fail my exams and let everyone down.", "thought-record"),
    ("What if she leaves me?", "thought-record"),
    ("I'm having a panic attack, my heart is racing.", "breathing"),
    ("I feel so tense before the interview", "breathing"),
    ("I've had no energy all week and just stayed in bed.", "behavioural-activation"),
    ("I can't be bothered to do anything any more.", "behavioural-activation"),
    ("I can't sleep, I was awake all night again.", "psychoeducation"),
    ("Feeling pretty low today.", "mood-check-in"),
])
def test_a_fitting_exercise_is_suggested(text: str, exercise: str) -> None:
    suggestion = suggest_exercise(text)
    assert suggestion is not None and suggestion.exercise == exercise
    assert suggestion.label and suggestion.reason and suggestion.cue


@pytest.mark.parametrize("text", ["Thanks, that was helpful!", "What's a good recipe for soup?", "", "Hello"])
def test_nothing_is_suggested_when_nothing_fits(text: str) -> None:
    assert suggest_exercise(text) is None


def test_the_sleep_suggestion_opens_the_sleep_reading() -> None:
    assert suggest_exercise("I can't sleep at night").card == "sleep"


def test_only_exercises_the_profile_offers_are_suggested() -> None:
    text = "I keep worrying and my heart is racing"
    assert suggest_exercise(text).exercise == "breathing"
    assert suggest_exercise(text, offered=("thought-record",)).exercise == "thought-record"
    assert suggest_exercise(text, offered=()) is None


def test_a_finished_thought_record_reads_as_plain_words() -> None:
    record = j.ThoughtRecord(
        situation="Presented at the team meeting.", automatic_thought="Everyone thought I was boring.",
        emotions_before=(j.EmotionRating("embarrassed", 80), j.EmotionRating("anxious", 60)),
        evidence_for="Nobody asked questions.", evidence_against="Two people thanked me.",
        balanced_thought="Some people found it useful.", emotions_after=(j.EmotionRating("Embarrassed", 40),),
        distortions_confirmed=("mind-reading",), distortions_rejected=("labelling",), completed=True)
    assert summarise(record) == (
        "I did a thought record.\n"
        "The situation: Presented at the team meeting.\n"
        "The thought: Everyone thought I was boring.\n"
        "How I felt: embarrassed 80/100, anxious 60/100.\n"
        "Thinking traps I noticed: mind reading.\n"
        "What supports the thought: Nobody asked questions.\n"
        "What doesn't fit it: Two people thanked me.\n"
        "A more balanced thought: Some people found it useful.\n"
        "Afterwards: Embarrassed 40/100 (was 80)."
    )
    assert "labelling" not in summarise(record).lower()  # rejected traps are not claimed


def test_activities_breathing_and_check_ins_read_as_plain_words() -> None:
    planned = j.Activity(text="Ten-minute walk", planned_for=date(2025, 3, 4))
    assert summarise(planned) == "I planned an activity for Tuesday 4 March: Ten-minute walk."
    done = j.Activity(text="Ten-minute walk", planned_for=date(2025, 3, 4), done=True, mastery=6, pleasure=8,
                      note="It was sunny.")
    assert summarise(done) == ("I did an activity I planned for Tuesday 4 March: Ten-minute walk — sense of "
                               "achievement 6/10, enjoyment 8/10. It was sunny.")
    assert summarise(j.BreathingSession(pattern_id="4-7-8", seconds=76, cycles=4)) == \
        "I did 1 min 16 s of 4-7-8 breathing."
    assert summarise(j.BreathingSession(pattern_id="box", seconds=120)) == "I did 2 min of Box breathing (4-4-4-4)."
    assert summarise(j.MoodCheckIn(mood=4, emotions=("tired", "worried"), note="Long day.")) == \
        "Mood check-in: 4/10, feeling tired, worried. Long day."


def test_a_draft_summarises_only_what_is_filled_in() -> None:
    assert summarise(j.ThoughtRecord(automatic_thought="I'll never get this right.")) == (
        "I did a thought record.\nThe thought: I'll never get this right.")
