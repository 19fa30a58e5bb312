"""Sharing with a clinician: the Markdown file holds what was chosen and nothing else, private to its owner."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.cbt.export import ExportChoice, export_markdown
from app.storage import NotFound, StorageError
from app.storage import journal as j


@pytest.fixture
def entries(chat_store):
    at = datetime(2025, 3, 3, 9, tzinfo=UTC)
    store = chat_store
    return {
        "mood_shared": j.save_mood(store, j.MoodCheckIn(mood=3, emotions=("anxious",), note="SHARED-MOOD-NOTE",
                                                        created_at=at)),
        "mood_private": j.save_mood(store, j.MoodCheckIn(mood=8, note="PRIVATE-MOOD-NOTE", created_at=at)),
        "record_shared": j.save_exercise(store, j.ThoughtRecord(
            situation="SHARED-SITUATION", automatic_thought="They think I'm *useless* | # not a heading",
            emotions_before=(j.EmotionRating("ashamed", 75),), balanced_thought="SHARED-BALANCED",
            distortions_confirmed=("mind-reading",), distortions_rejected=("labelling",), completed=True)),
        "record_private": j.save_exercise(store, j.ThoughtRecord(situation="PRIVATE-SITUATION")),
        "activity_shared": j.save_exercise(store, j.Activity(text="SHARED-ACTIVITY", planned_for=date(2025, 3, 4),
                                                             done=True, mastery=6, pleasure=7)),
        "breathing_private": j.save_exercise(store, j.BreathingSession(pattern_id="box", seconds=64, cycles=4)),
        "memory": j.add_memory(store, "PRIVATE-MEMORY"),
    }


def test_the_export_contains_what_was_chosen_and_nothing_else(chat_store, entries, tmp_path: Path) -> None:
    chat_store.set_setting("safety_plan", {"reasons": "PRIVATE-SAFETY-PLAN"})
    talk = chat_store.create_conversation("PRIVATE-CONVERSATION")
    chat_store.add_message(talk.id, "user", "PRIVATE-CHAT-MESSAGE")
    out = tmp_path / "for my therapist.md"
    chosen = ExportChoice(exercise_ids=(entries["record_shared"].id, entries["activity_shared"].id),
                          mood_ids=(entries["mood_shared"].id,))
    assert export_markdown(chat_store, chosen, out, tz=UTC) == 3
    text = out.read_text(encoding="utf-8")
    for shared in ("SHARED-MOOD-NOTE", "SHARED-SITUATION", "SHARED-BALANCED", "SHARED-ACTIVITY", "Mind reading",
                   "ashamed 75/100", "| 2025-03-03 09:00 UTC | 3 | anxious | SHARED-MOOD-NOTE |"):
        assert shared in text
    for private in ("PRIVATE", "Labelling", "Paced breathing", "8 |"):
        assert private not in text
    assert text.count("## ") == 3  # the mood table, one thought record, one activity


def test_the_file_is_private_to_its_owner(chat_store, entries, tmp_path: Path) -> None:
    out = tmp_path / "share.md"
    export_markdown(chat_store, ExportChoice(mood_ids=(entries["mood_shared"].id,)), out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_the_persons_text_cannot_turn_into_markdown(chat_store, entries, tmp_path: Path) -> None:
    out = tmp_path / "share.md"
    export_markdown(chat_store, ExportChoice(exercise_ids=(entries["record_shared"].id,)), out)
    text = out.read_text(encoding="utf-8")
    assert r"> They think I'm \*useless\* | \# not a heading" in text
    assert "\n# not a heading" not in text


def test_a_deleted_entry_stops_the_export_before_anything_is_written(chat_store, entries, tmp_path) -> None:
    j.delete_exercise(chat_store, entries["record_private"].id)
    out = tmp_path / "share.md"
    with pytest.raises(NotFound, match="nothing was exported"):
        export_markdown(chat_store, ExportChoice(exercise_ids=(entries["record_private"].id,)), out)
    with pytest.raises(NotFound, match="Nothing was chosen"):
        export_markdown(chat_store, ExportChoice(), out)
    assert not out.exists()


def test_the_history_itself_is_never_overwritten(chat_store, entries) -> None:
    with pytest.raises(StorageError, match="belongs to the encrypted history"):
        export_markdown(chat_store, ExportChoice(mood_ids=(entries["mood_shared"].id,)), chat_store.path)
