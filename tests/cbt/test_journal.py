"""Every toolkit record is saved, read back after the store is closed and unlocked again, edited, and deleted
for good — through the real encrypted store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.storage import NotFound, Store
from app.storage import journal as j
from app.storage.connection import configure, connect
from app.storage.migrations import migrate


def test_a_mood_check_in_is_saved_reopened_edited_and_deleted(vault) -> None:
    saved = j.save_mood(vault.store, j.MoodCheckIn(mood=4, emotions=("tired", " Tired ", "worried"),
                                                   note="Long day at work."))
    assert saved.id is not None and saved.created_at is not None
    assert saved.emotions == ("tired", "worried")  # the same feeling twice is kept once

    store = vault.reopen()
    assert j.get_mood(store, saved.id) == saved
    edited = j.save_mood(store, replace(saved, mood=6, note="Better after a walk."))
    assert (edited.mood, edited.note, edited.created_at) == (6, "Better after a walk.", saved.created_at)

    store = vault.reopen()
    assert j.list_moods(store) == [edited]
    j.delete_mood(store, saved.id)
    assert j.get_mood(store, saved.id) is None
    store = vault.reopen()
    assert j.list_moods(store) == []
    with pytest.raises(NotFound):
        j.delete_mood(store, saved.id)


def test_a_thought_record_is_saved_as_a_draft_finished_reopened_edited_and_deleted(vault) -> None:
    draft = j.save_exercise(vault.store, j.ThoughtRecord(
        situation="Presented my project at the team meeting.",
        automatic_thought="Everyone thought it was boring.",
        emotions_before=(j.EmotionRating("embarrassed", 80), j.EmotionRating("anxious", 60)),
    ))
    assert isinstance(draft, j.ThoughtRecord) and not draft.completed and draft.completed_at is None

    store = vault.reopen()
    assert j.get_exercise(store, draft.id) == draft
    finished = j.save_exercise(store, replace(
        draft, evidence_for="Nobody asked questions.", evidence_against="Two people thanked me afterwards.",
        balanced_thought="Some people found it useful; I can't know what everyone thought.",
        emotions_after=(j.EmotionRating("embarrassed", 40),), distortions_confirmed=("mind-reading",),
        distortions_rejected=("labelling",), completed=True))
    assert finished.completed and finished.completed_at is not None
    assert finished.created_at == draft.created_at and finished.updated_at >= draft.updated_at

    store = vault.reopen()
    again = j.get_exercise(store, draft.id)
    assert again == finished
    assert again.emotions_after == (j.EmotionRating("embarrassed", 40),)
    assert again.distortions_confirmed == ("mind-reading",)
    resaved = j.save_exercise(store, replace(again, balanced_thought="A fairer view."))
    assert resaved.completed_at == finished.completed_at  # finishing is stamped once, not on every edit

    j.delete_exercise(store, draft.id)
    store = vault.reopen()
    assert j.get_exercise(store, draft.id) is None and j.list_exercises(store) == []


def test_an_activity_is_planned_done_rated_reopened_and_deleted(vault) -> None:
    planned = j.save_exercise(vault.store, j.Activity(text="Ten-minute walk after lunch",
                                                      planned_for=date(2025, 3, 4)))
    other = j.save_exercise(vault.store, j.Activity(text="Call my sister", planned_for=date(2025, 3, 9)))
    assert not planned.done and planned.completed_at is None

    store = vault.reopen()
    assert j.planned_activities(store, date(2025, 3, 3), date(2025, 3, 5)) == [planned]
    done = j.save_exercise(store, replace(planned, done=True, mastery=6, pleasure=7, note="Sunny."))
    assert done.done and done.completed_at is not None

    store = vault.reopen()
    assert j.get_exercise(store, planned.id) == done
    undone = j.save_exercise(store, replace(done, done=False))
    assert not undone.done and undone.completed_at is None  # unticking takes it off the chart again
    assert [a.id for a in j.list_exercises(store, "behavioural-activation")] == [other.id, planned.id]

    j.delete_exercise(store, planned.id)
    store = vault.reopen()
    assert [a.id for a in j.list_exercises(store)] == [other.id]


def test_a_breathing_session_is_logged_reopened_edited_and_deleted(vault) -> None:
    logged = j.save_exercise(vault.store, j.BreathingSession(pattern_id="box", seconds=64, cycles=4))
    assert logged.completed_at is not None  # doing it is completing it

    store = vault.reopen()
    assert j.list_exercises(store, "breathing") == [logged]
    edited = j.save_exercise(store, replace(logged, seconds=96, cycles=6))
    store = vault.reopen()
    assert j.get_exercise(store, logged.id) == edited and edited.cycles == 6
    j.delete_exercise(store, logged.id)
    assert j.get_exercise(vault.reopen(), logged.id) is None


def test_memory_items_are_added_reopened_edited_and_deleted(vault) -> None:
    first = j.add_memory(vault.store, "  Please call me Sam.  ")
    second = j.add_memory(vault.store, "Walking the dog helps when I'm low.")
    assert first.text == "Please call me Sam."

    store = vault.reopen()
    assert j.list_memory(store) == [second, first]  # newest first
    edited = j.update_memory(store, first.id, "Please call me Sam, not Samuel.")
    store = vault.reopen()
    assert j.list_memory(store)[0] == edited  # editing makes it the most recent
    j.delete_memory(store, second.id)
    store = vault.reopen()
    assert j.list_memory(store) == [edited]
    for call in (lambda: j.update_memory(store, second.id, "x"), lambda: j.delete_memory(store, second.id)):
        with pytest.raises(NotFound):
            call()


def test_editing_a_deleted_record_says_so_and_changes_nothing(vault) -> None:
    record = j.save_exercise(vault.store, j.ThoughtRecord(situation="s"))
    j.delete_exercise(vault.store, record.id)
    with pytest.raises(NotFound, match="no exercise"):
        j.save_exercise(vault.store, replace(record, situation="changed"))
    assert j.list_exercises(vault.store) == []
    mood = j.save_mood(vault.store, j.MoodCheckIn(mood=3))
    j.delete_mood(vault.store, mood.id)
    with pytest.raises(NotFound):
        j.save_mood(vault.store, replace(mood, mood=4))


@pytest.mark.parametrize(("build", "complaint"), [
    (lambda: j.MoodCheckIn(mood=11), "from 0 to 10"),
    (lambda: j.MoodCheckIn(mood=-1), "from 0 to 10"),
    (lambda: j.EmotionRating("anxious", 101), "from 0 to 100"),
    (lambda: j.EmotionRating("  ", 50), "needs a name"),
    (lambda: j.Activity(text="   "), "Write down the activity"),
    (lambda: j.Activity(text="walk", mastery=12), "from 0 to 10"),
    (lambda: j.ThoughtRecord(distortions_confirmed=("labelling",), distortions_rejected=("labelling",)),
     "both kept and set aside"),
    (lambda: j.ThoughtRecord(situation="x" * (j.MAX_TEXT + 1)), "too long"),
])
def test_impossible_entries_are_refused_in_plain_words(build, complaint: str) -> None:
    with pytest.raises(j.InvalidEntry, match=complaint):
        build()


def test_memory_text_is_checked_before_anything_is_saved(vault) -> None:
    with pytest.raises(j.InvalidEntry, match="nothing to remember"):
        j.add_memory(vault.store, "   ")
    with pytest.raises(j.InvalidEntry, match="at most"):
        j.add_memory(vault.store, "x" * (j.MAX_MEMORY_TEXT + 1))
    assert j.list_memory(vault.store) == []


def test_times_given_for_a_past_check_in_are_kept(vault) -> None:
    when = datetime(2025, 1, 6, 21, 30, tzinfo=UTC)
    saved = j.save_mood(vault.store, j.MoodCheckIn(mood=5, created_at=when))
    assert j.get_mood(vault.reopen(), saved.id).created_at == when
    with pytest.raises(ValueError, match="timezone-aware"):
        j.MoodCheckIn(mood=5, created_at=datetime(2025, 1, 6))


def test_deleted_toolkit_text_leaves_no_trace_in_the_file(tmp_path: Path) -> None:
    """Encrypted pages cannot be scanned, so run the same code over an unencrypted database (as the storage
    tests do): after the deletes, neither the tables nor the WAL hold the words."""
    canary = "quokkamarmalade"
    conn = connect(tmp_path / "plain.db")
    configure(conn)
    migrate(conn)
    store = Store(conn)
    for n in range(20):
        j.save_mood(store, j.MoodCheckIn(mood=5, note=f"ordinary note number {n} about rain " * 4))
    mood = j.save_mood(store, j.MoodCheckIn(mood=2, note=f"{canary} mood note " * 10))
    record = j.save_exercise(store, j.ThoughtRecord(situation=f"{canary} situation " * 20))
    record = j.save_exercise(store, replace(record, automatic_thought=f"{canary} thought " * 20))
    item = j.add_memory(store, f"{canary} remember this")
    edited = j.add_memory(store, f"my ex is called {canary}")

    def raw() -> bytes:
        return b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())

    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert canary.encode() in raw()  # the scan can see plaintext in this unencrypted copy
    j.delete_mood(store, mood.id)
    j.delete_exercise(store, record.id)
    j.delete_memory(store, item.id)
    j.update_memory(store, edited.id, "please forget my ex's name")  # an edit to forget is a delete too
    assert canary.encode() not in raw()
    store.close()
    assert canary.encode() not in raw()


def test_an_exercise_kind_from_a_newer_confidant_is_left_out_not_guessed(vault) -> None:
    known = j.save_exercise(vault.store, j.BreathingSession(pattern_id="box", seconds=60))
    with vault.store._writing() as conn:
        newer = conn.execute("INSERT INTO exercises (kind, created_at, updated_at, data) VALUES "
                             "('gratitude-journal', 1, 1, '{}') RETURNING id").fetchone()[0]
    assert j.list_exercises(vault.store) == [known]
    with pytest.raises(NotFound, match="does not know"):
        j.get_exercise(vault.store, newer)
