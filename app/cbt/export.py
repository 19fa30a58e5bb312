"""Sharing with a clinician: chosen exercises and mood check-ins as a Markdown file.

Only what the person ticked is written — nothing else from the store — to the one file they chose, created
0600 by storage's `write_private` (never a temporary file). Callers show storage's EXPORT_WARNING first.
The GUI adds the mood chart (and a PDF) on top of this text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from app.cbt.content import Content, load_content
from app.storage import NotFound, Store
from app.storage.export import _refuse_store_files, write_private
from app.storage.journal import (
    Activity,
    BreathingSession,
    EmotionRating,
    Exercise,
    MoodCheckIn,
    ThoughtRecord,
    get_exercise,
    get_mood,
)


@dataclass(frozen=True)
class ExportChoice:
    """What the person chose to share, by id."""

    exercise_ids: Sequence[int] = ()
    mood_ids: Sequence[int] = ()

    @property
    def empty(self) -> bool:
        return not self.exercise_ids and not self.mood_ids


def export_markdown(store: Store, chosen: ExportChoice, out: Path, tz: tzinfo | None = None,
                    content: Content | None = None) -> int:
    """Write the chosen entries to `out`; returns how many were written. An id that no longer exists raises
    NotFound before anything is written."""
    _refuse_store_files(store, out)
    text, count = render_markdown(store, chosen, tz, content)
    write_private(out, text)
    return count


def render_markdown(store: Store, chosen: ExportChoice, tz: tzinfo | None = None,
                    content: Content | None = None) -> tuple[str, int]:
    if chosen.empty:
        raise NotFound("Nothing was chosen to export; tick the entries to share first.")
    content = content or load_content()
    moods = sorted((_need(get_mood(store, i), "mood check-in", i) for i in dict.fromkeys(chosen.mood_ids)),
                   key=lambda m: (m.created_at, m.id))
    exercises = sorted((_need(get_exercise(store, i), "exercise", i) for i in dict.fromkeys(chosen.exercise_ids)),
                       key=lambda e: (e.created_at, e.id))
    lines = ["# My Confidant exercises", "", f"_Exported {_when(datetime.now(UTC), tz)}. Written by me with "
             "Confidant, an AI companion app; shared so we can talk about it._", ""]
    if moods:
        lines += ["## Mood check-ins", "", "| When | Mood (0–10) | Feelings | Note |", "|---|---|---|---|"]
        lines += [f"| {_when(m.created_at, tz)} | {m.mood} | {_cell(', '.join(m.emotions))} | {_cell(m.note)} |"
                  for m in moods]
        lines.append("")
    for exercise in exercises:
        lines += _exercise(exercise, content, tz)
    return "\n".join(lines).rstrip("\n") + "\n", len(moods) + len(exercises)


def _exercise(exercise: Exercise, content: Content, tz: tzinfo | None) -> list[str]:
    when = _when(exercise.created_at, tz)
    if isinstance(exercise, ThoughtRecord):
        state = "" if exercise.completed else " (not finished)"
        out = [f"## Thought record — {when}{state}", ""]
        out += _field("Situation", exercise.situation)
        out += _field("Automatic thought", exercise.automatic_thought)
        out += _field("Feelings", _ratings(exercise.emotions_before), quote=False)
        names = [d.name for i in exercise.distortions_confirmed if (d := content.distortion(i))]
        out += _field("Thinking traps I recognised", ", ".join(names), quote=False)
        out += _field("Evidence for the thought", exercise.evidence_for)
        out += _field("Evidence against the thought", exercise.evidence_against)
        out += _field("Balanced thought", exercise.balanced_thought)
        out += _field("Feelings afterwards", _ratings(exercise.emotions_after), quote=False)
        return out
    if isinstance(exercise, Activity):
        planned = exercise.planned_for.isoformat() if exercise.planned_for else "no day set"
        out = [f"## Activity — planned for {planned}", ""]
        out += _field("Activity", exercise.text)
        out += _field("Done", "yes" if exercise.done else "not yet", quote=False)
        if exercise.mastery is not None:
            out += _field("Sense of achievement (0–10)", str(exercise.mastery), quote=False)
        if exercise.pleasure is not None:
            out += _field("Enjoyment (0–10)", str(exercise.pleasure), quote=False)
        out += _field("Note", exercise.note)
        return out
    assert isinstance(exercise, BreathingSession)
    pattern = content.breathing.get(exercise.pattern_id)
    return [f"## Paced breathing — {when}", "",
            f"{pattern.name if pattern else exercise.pattern_id}: {exercise.seconds} seconds, "
            f"{exercise.cycles} rounds.", ""]


def _field(label: str, text: str, *, quote: bool = True) -> list[str]:
    """A labelled paragraph; the person's own text is quoted, and escaped so Markdown in it stays text."""
    if not text.strip():
        return []
    if not quote:
        return [f"**{label}:** {_escape(text)}", ""]
    quoted = "\n".join(f"> {_escape(line)}" if line.strip() else ">" for line in text.strip().splitlines())
    return [f"**{label}**", "", quoted, ""]


def _ratings(ratings: tuple[EmotionRating, ...]) -> str:
    return ", ".join(f"{r.name} {r.intensity}/100" for r in ratings)


def _cell(text: str) -> str:
    return _escape(" ".join(text.split())).replace("|", "\\|")


def _escape(text: str) -> str:
    """Keep the person's words as words: no headings, links or HTML sneak in from what they typed."""
    for char in "\\`*_[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def _when(moment: datetime | None, tz: tzinfo | None) -> str:
    if moment is None:
        return "?"
    local = moment.astimezone(tz)
    return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or "")


def _need(found: MoodCheckIn | Exercise | None, what: str, item_id: int):
    if found is None:
        raise NotFound(f"There is no {what} {item_id} (it may have been deleted); nothing was exported.")
    return found
