"""The CBT toolkit's records in the encrypted store: mood check-ins, exercises and memory items (schema v2).

Same rules as the rest of the store: every change is one committed transaction through `Store._writing`
(the store's lock, rollback on failure, SQLite errors translated into people's words), reads go through
`Store._reading`, and a delete is for good — secure_delete zeroes the freed pages and a WAL checkpoint
drops their old images, as `Store.delete_conversation` does.

The records are frozen dataclasses (safe across threads, plain data for the GUI and the CLI). Build a new
one without `id`, save it, and keep the returned copy: it carries the id and the times the store set. To edit,
save a `dataclasses.replace(...)` of a stored record; the id says which row.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from app.errors import ConfidantError
from app.storage.errors import NotFound
from app.storage.records import from_micros, to_micros

if TYPE_CHECKING:
    from app.storage.store import Store

MAX_TEXT = 20_000  # characters in one field: far more than anyone types into a step, small enough to show
MAX_MEMORY_TEXT = 1_000  # a memory item goes into every prompt, so it stays short
MAX_NAME = 60  # an emotion's name
MAX_EMOTIONS = 24
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")


class InvalidEntry(ConfidantError):
    """A record the toolkit cannot save as it is (a mood outside 0–10, an empty activity…); nothing was saved."""


# ---- the records --------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MoodCheckIn:
    mood: int  # 0 (very low) to 10 (very good)
    emotions: tuple[str, ...] = ()
    note: str = ""
    id: int | None = None
    created_at: datetime | None = None  # None when saving: now. Given: when the check-in was for

    def __post_init__(self) -> None:
        _score(self.mood, 0, 10, "Mood")
        object.__setattr__(self, "emotions", _names(self.emotions))
        _text(self.note, "The note")
        _moment(self.created_at)


@dataclass(frozen=True)
class EmotionRating:
    """One feeling in a thought record and how strong it was, 0–100."""

    name: str
    intensity: int

    def __post_init__(self) -> None:
        _require(self.name, str, "name")
        name = " ".join(self.name.split())
        if not name:
            raise InvalidEntry("Each feeling needs a name, for example “anxious”.")
        if len(name) > MAX_NAME:
            raise InvalidEntry(f"A feeling's name can be at most {MAX_NAME} characters.")
        object.__setattr__(self, "name", name)
        _score(self.intensity, 0, 100, f"How strong “{name}” was")

    def to_data(self) -> dict[str, Any]:
        return {"name": self.name, "intensity": self.intensity}

    @classmethod
    def from_data(cls, data: Any) -> EmotionRating:
        return cls(str(data["name"]), int(data["intensity"]))


@dataclass(frozen=True, kw_only=True)
class ThoughtRecord:
    """A thought record, step by step; any step may still be empty while it is a draft."""

    KIND: ClassVar[str] = "thought-record"

    situation: str = ""
    automatic_thought: str = ""
    emotions_before: tuple[EmotionRating, ...] = ()
    evidence_for: str = ""
    evidence_against: str = ""
    balanced_thought: str = ""
    emotions_after: tuple[EmotionRating, ...] = ()
    distortions_confirmed: tuple[str, ...] = ()  # thinking-trap ids the person agreed apply
    distortions_rejected: tuple[str, ...] = ()  # suggested ones the person set aside
    completed: bool = False  # the person finished it (it then marks its day on the mood chart)
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    completed_at: datetime | None = None  # set by the store when first saved as completed

    def __post_init__(self) -> None:
        for name in ("situation", "automatic_thought", "evidence_for", "evidence_against", "balanced_thought"):
            _text(getattr(self, name), name.replace("_", " ").capitalize())
        for name in ("emotions_before", "emotions_after"):
            ratings = _tuple(getattr(self, name), name)
            if len(ratings) > MAX_EMOTIONS:
                raise InvalidEntry(f"A thought record can rate at most {MAX_EMOTIONS} feelings at a time.")
            for rating in ratings:
                _require(rating, EmotionRating, f"each of {name}")
            object.__setattr__(self, name, ratings)
        confirmed = _ids(self.distortions_confirmed, "distortions_confirmed")
        rejected = _ids(self.distortions_rejected, "distortions_rejected")
        if set(confirmed) & set(rejected):
            raise InvalidEntry("A thinking trap cannot be both kept and set aside in the same thought record.")
        object.__setattr__(self, "distortions_confirmed", confirmed)
        object.__setattr__(self, "distortions_rejected", rejected)
        _require(self.completed, bool, "completed")
        _moment(self.created_at, self.updated_at, self.completed_at)

    @property
    def texts(self) -> dict[str, str]:
        """Every field the person typed, by name (what the rails screen)."""
        return {"situation": self.situation, "automatic_thought": self.automatic_thought,
                "evidence_for": self.evidence_for, "evidence_against": self.evidence_against,
                "balanced_thought": self.balanced_thought,
                **{f"emotion_{i}": e.name for i, e in enumerate((*self.emotions_before, *self.emotions_after))}}

    def to_data(self) -> dict[str, Any]:
        return {
            "situation": self.situation, "automatic_thought": self.automatic_thought,
            "emotions_before": [e.to_data() for e in self.emotions_before],
            "evidence_for": self.evidence_for, "evidence_against": self.evidence_against,
            "balanced_thought": self.balanced_thought,
            "emotions_after": [e.to_data() for e in self.emotions_after],
            "distortions_confirmed": list(self.distortions_confirmed),
            "distortions_rejected": list(self.distortions_rejected),
        }

    @classmethod
    def from_row(cls, data: dict[str, Any], **stored: Any) -> ThoughtRecord:
        return cls(
            situation=data.get("situation", ""), automatic_thought=data.get("automatic_thought", ""),
            emotions_before=tuple(EmotionRating.from_data(e) for e in data.get("emotions_before", [])),
            evidence_for=data.get("evidence_for", ""), evidence_against=data.get("evidence_against", ""),
            balanced_thought=data.get("balanced_thought", ""),
            emotions_after=tuple(EmotionRating.from_data(e) for e in data.get("emotions_after", [])),
            distortions_confirmed=tuple(data.get("distortions_confirmed", [])),
            distortions_rejected=tuple(data.get("distortions_rejected", [])),
            completed=stored["completed_at"] is not None, **stored,
        )


@dataclass(frozen=True, kw_only=True)
class Activity:
    """Behavioural activation: a small activity planned for a day, then rated once done."""

    KIND: ClassVar[str] = "behavioural-activation"

    text: str  # what the person plans to do
    planned_for: date | None = None
    done: bool = False
    mastery: int | None = None  # 0–10: the sense of achievement it gave
    pleasure: int | None = None  # 0–10: how much they enjoyed it
    note: str = ""
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    completed_at: datetime | None = None  # when it was first saved as done

    def __post_init__(self) -> None:
        _require(self.text, str, "text")
        if not self.text.strip():
            raise InvalidEntry("Write down the activity you plan to do, for example “a ten-minute walk”.")
        _text(self.text, "The activity")
        _text(self.note, "The note")
        if self.planned_for is not None and (not isinstance(self.planned_for, date)
                                             or isinstance(self.planned_for, datetime)):
            raise TypeError("planned_for must be a date (not a datetime) or None")
        _require(self.done, bool, "done")
        for name in ("mastery", "pleasure"):
            value = getattr(self, name)
            if value is not None:
                _score(value, 0, 10, "Achievement" if name == "mastery" else "Enjoyment")
        _moment(self.created_at, self.updated_at, self.completed_at)

    @property
    def texts(self) -> dict[str, str]:
        return {"text": self.text, "note": self.note}

    def to_data(self) -> dict[str, Any]:
        return {"text": self.text, "mastery": self.mastery, "pleasure": self.pleasure, "note": self.note}

    @classmethod
    def from_row(cls, data: dict[str, Any], **stored: Any) -> Activity:
        return cls(text=data["text"], mastery=data.get("mastery"), pleasure=data.get("pleasure"),
                   note=data.get("note", ""), done=stored["completed_at"] is not None, **stored)


@dataclass(frozen=True, kw_only=True)
class BreathingSession:
    """A paced-breathing session the person finished (logged so its day shows on the mood chart)."""

    KIND: ClassVar[str] = "breathing"

    pattern_id: str  # e.g. "box", "4-7-8" (assets/cbt/breathing.toml)
    seconds: int  # how long they breathed along
    cycles: int = 0
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    completed_at: datetime | None = None

    def __post_init__(self) -> None:
        _ids((self.pattern_id,), "pattern_id")
        _score(self.seconds, 0, 24 * 3600, "The length of the session")
        _score(self.cycles, 0, 10_000, "The number of breaths")
        _moment(self.created_at, self.updated_at, self.completed_at)

    @property
    def completed(self) -> bool:
        return True

    @property
    def texts(self) -> dict[str, str]:
        return {}

    def to_data(self) -> dict[str, Any]:
        return {"pattern_id": self.pattern_id, "seconds": self.seconds, "cycles": self.cycles}

    @classmethod
    def from_row(cls, data: dict[str, Any], **stored: Any) -> BreathingSession:
        return cls(pattern_id=data["pattern_id"], seconds=int(data["seconds"]), cycles=int(data.get("cycles", 0)),
                   **stored)


Exercise = ThoughtRecord | Activity | BreathingSession
EXERCISE_TYPES: dict[str, type[ThoughtRecord] | type[Activity] | type[BreathingSession]] = {
    cls.KIND: cls for cls in (ThoughtRecord, Activity, BreathingSession)
}


@dataclass(frozen=True)
class MemoryItem:
    """Something the person asked Confidant to remember, in their own words."""

    id: int
    text: str
    created_at: datetime
    updated_at: datetime


# ---- mood check-ins -------------------------------------------------------------------------------------------

_MOOD_COLUMNS = "id, created_at, mood, emotions, note"


def save_mood(store: Store, checkin: MoodCheckIn) -> MoodCheckIn:
    """Add a check-in (id None) or change a stored one; returns it as stored."""
    _require(checkin, MoodCheckIn, "checkin")
    now = _now()
    created = now if checkin.created_at is None else to_micros(checkin.created_at)
    emotions = json.dumps(list(checkin.emotions), ensure_ascii=False)
    with store._writing() as conn:
        if checkin.id is None:
            row = conn.execute(
                f"INSERT INTO mood_checkins (created_at, updated_at, mood, emotions, note) VALUES (?, ?, ?, ?, ?) "
                f"RETURNING {_MOOD_COLUMNS}", (created, now, checkin.mood, emotions, checkin.note)).fetchone()
        else:
            row = conn.execute(
                "UPDATE mood_checkins SET created_at = ?, updated_at = ?, mood = ?, emotions = ?, note = ? "
                f"WHERE id = ? RETURNING {_MOOD_COLUMNS}",
                (created, now, checkin.mood, emotions, checkin.note, checkin.id)).fetchone()
            if row is None:
                raise _gone("mood check-in", checkin.id)
    return _mood(row)


def get_mood(store: Store, checkin_id: int) -> MoodCheckIn | None:
    with store._reading() as conn:
        row = conn.execute(f"SELECT {_MOOD_COLUMNS} FROM mood_checkins WHERE id = ?", (checkin_id,)).fetchone()
    return None if row is None else _mood(row)


def list_moods(store: Store, start: datetime | None = None, end: datetime | None = None, *,
               limit: int | None = None, offset: int = 0, newest_first: bool = True) -> list[MoodCheckIn]:
    """Check-ins with start <= created_at < end (either bound may be None)."""
    where, params = _time_range("created_at", start, end)
    order = "DESC" if newest_first else "ASC"
    with store._reading() as conn:
        rows = conn.execute(
            f"SELECT {_MOOD_COLUMNS} FROM mood_checkins {where} ORDER BY created_at {order}, id {order} "
            "LIMIT ? OFFSET ?", (*params, -1 if limit is None else limit, offset)).fetchall()
    return [_mood(row) for row in rows]


def delete_mood(store: Store, checkin_id: int) -> None:
    _delete(store, "mood_checkins", checkin_id, "mood check-in")


# ---- exercises --------------------------------------------------------------------------------------------

_EXERCISE_COLUMNS = "id, kind, created_at, updated_at, completed_at, planned_for, data"


def save_exercise(store: Store, exercise: Exercise) -> Exercise:
    """Add an exercise (id None) or change a stored one of the same kind; returns it as stored.

    Saving one as completed (a finished thought record, a done activity, any breathing session) stamps
    `completed_at` the first time; saving it as not completed clears it."""
    if not isinstance(exercise, ThoughtRecord | Activity | BreathingSession):
        raise TypeError(f"not an exercise: {type(exercise).__name__}")
    now = _now()
    data = json.dumps(exercise.to_data(), ensure_ascii=False)
    complete = exercise.done if isinstance(exercise, Activity) else exercise.completed
    completed = (to_micros(exercise.completed_at) if exercise.completed_at else now) if complete else None
    planned = exercise.planned_for.isoformat() if isinstance(exercise, Activity) and exercise.planned_for else None
    with store._writing() as conn:
        if exercise.id is None:
            created = now if exercise.created_at is None else to_micros(exercise.created_at)
            row = conn.execute(
                "INSERT INTO exercises (kind, created_at, updated_at, completed_at, planned_for, data) "
                f"VALUES (?, ?, ?, ?, ?, ?) RETURNING {_EXERCISE_COLUMNS}",
                (exercise.KIND, created, now, completed, planned, data)).fetchone()
        else:
            row = conn.execute(
                "UPDATE exercises SET updated_at = ?, planned_for = ?, data = ?, completed_at = "
                "CASE WHEN ? THEN coalesce(completed_at, ?) ELSE NULL END "
                f"WHERE id = ? AND kind = ? RETURNING {_EXERCISE_COLUMNS}",
                (now, planned, data, complete, completed, exercise.id, exercise.KIND)).fetchone()
            if row is None:
                raise _gone("exercise", exercise.id)
    return _exercise(row)


def get_exercise(store: Store, exercise_id: int) -> Exercise | None:
    with store._reading() as conn:
        row = conn.execute(f"SELECT {_EXERCISE_COLUMNS} FROM exercises WHERE id = ?", (exercise_id,)).fetchone()
    return None if row is None else _exercise(row)


def list_exercises(store: Store, kind: str | None = None, *, limit: int = 100, offset: int = 0) -> list[Exercise]:
    """Exercises newest first, optionally of one kind ("thought-record", "behavioural-activation", "breathing")."""
    if kind is not None and kind not in EXERCISE_TYPES:
        raise ValueError(f"kind must be one of {tuple(EXERCISE_TYPES)}, not {kind!r}")
    kinds = (kind,) if kind else tuple(EXERCISE_TYPES)  # kinds from a newer Confidant are left out, not guessed
    where, params = f"WHERE kind IN ({', '.join('?' * len(kinds))})", kinds
    with store._reading() as conn:
        rows = conn.execute(
            f"SELECT {_EXERCISE_COLUMNS} FROM exercises {where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset)).fetchall()
    return [_exercise(row) for row in rows]


def planned_activities(store: Store, start: date, end: date) -> list[Activity]:
    """Activities planned for a day from `start` to `end` inclusive, by day (the planner's week view)."""
    with store._reading() as conn:
        rows = conn.execute(
            f"SELECT {_EXERCISE_COLUMNS} FROM exercises WHERE kind = ? AND planned_for BETWEEN ? AND ? "
            "ORDER BY planned_for, id", (Activity.KIND, start.isoformat(), end.isoformat())).fetchall()
    return [_exercise(row) for row in rows]  # type: ignore[misc]


def completion_times(store: Store, start: datetime | None = None, end: datetime | None = None) -> list[datetime]:
    """When exercises were completed, start <= t < end, oldest first (for the days marked on the mood chart)."""
    where, params = _time_range("completed_at", start, end)
    where = f"{where} AND completed_at IS NOT NULL" if where else "WHERE completed_at IS NOT NULL"
    with store._reading() as conn:
        rows = conn.execute(f"SELECT completed_at FROM exercises {where} ORDER BY completed_at", params).fetchall()
    return [from_micros(row[0]) for row in rows]


def delete_exercise(store: Store, exercise_id: int) -> None:
    _delete(store, "exercises", exercise_id, "exercise")


# ---- memory ---------------------------------------------------------------------------------------------------

_MEMORY_COLUMNS = "id, text, created_at, updated_at"


def add_memory(store: Store, text: str) -> MemoryItem:
    text = _memory_text(text)
    now = _now()
    with store._writing() as conn:
        row = conn.execute(f"INSERT INTO memory_items (text, created_at, updated_at) VALUES (?, ?, ?) "
                           f"RETURNING {_MEMORY_COLUMNS}", (text, now, now)).fetchone()
    return _memory(row)


def update_memory(store: Store, item_id: int, text: str) -> MemoryItem:
    """Replace an item's text. People edit memory to make Confidant forget a detail, so the old text's page
    images are checkpointed out of the WAL at once, as for a delete."""
    text = _memory_text(text)
    with store._writing() as conn:
        row = conn.execute(f"UPDATE memory_items SET text = ?, updated_at = ? WHERE id = ? RETURNING {_MEMORY_COLUMNS}",
                           (text, _now(), item_id)).fetchone()
        if row is None:
            raise _gone("memory item", item_id)
    with store._reading() as conn:
        store._checkpoint(conn)
    return _memory(row)


def get_memory(store: Store, item_id: int) -> MemoryItem | None:
    with store._reading() as conn:
        row = conn.execute(f"SELECT {_MEMORY_COLUMNS} FROM memory_items WHERE id = ?", (item_id,)).fetchone()
    return None if row is None else _memory(row)


def list_memory(store: Store) -> list[MemoryItem]:
    """Every memory item, most recently written or edited first."""
    with store._reading() as conn:
        rows = conn.execute(f"SELECT {_MEMORY_COLUMNS} FROM memory_items ORDER BY updated_at DESC, id DESC").fetchall()
    return [_memory(row) for row in rows]


def delete_memory(store: Store, item_id: int) -> None:
    _delete(store, "memory_items", item_id, "memory item")


# ---- helpers --------------------------------------------------------------------------------------------------


def _now() -> int:
    return time.time_ns() // 1000


def _delete(store: Store, table: str, row_id: int, what: str) -> None:
    """Delete for good: secure_delete zeroes the freed page content; the checkpoint clears the WAL's copy."""
    with store._writing() as conn:
        if conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,)).rowcount == 0:
            raise _gone(what, row_id)
    with store._reading() as conn:
        store._checkpoint(conn)


def _gone(what: str, row_id: int) -> NotFound:
    return NotFound(f"There is no {what} {row_id} (it may have been deleted).")


def _time_range(column: str, start: datetime | None, end: datetime | None) -> tuple[str, tuple[int, ...]]:
    clauses, params = [], []
    if start is not None:
        clauses.append(f"{column} >= ?")
        params.append(to_micros(start))
    if end is not None:
        clauses.append(f"{column} < ?")
        params.append(to_micros(end))
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


def _mood(row: Sequence[Any]) -> MoodCheckIn:
    return MoodCheckIn(id=row[0], created_at=from_micros(row[1]), mood=row[2], emotions=tuple(json.loads(row[3])),
                       note=row[4])


def _exercise(row: Sequence[Any]) -> Exercise:
    cls = EXERCISE_TYPES.get(row[1])
    if cls is None:  # written by a newer Confidant: refuse to guess rather than show it wrongly
        raise NotFound(f"Exercise {row[0]} is of a kind this version of Confidant does not know ({row[1]!r}).")
    stored: dict[str, Any] = {"id": row[0], "created_at": from_micros(row[2]), "updated_at": from_micros(row[3]),
                              "completed_at": None if row[4] is None else from_micros(row[4])}
    if cls is Activity:
        stored["planned_for"] = None if row[5] is None else date.fromisoformat(row[5])
    return cls.from_row(json.loads(row[6]), **stored)


def _memory(row: Sequence[Any]) -> MemoryItem:
    return MemoryItem(row[0], row[1], from_micros(row[2]), from_micros(row[3]))


def _memory_text(text: str) -> str:
    _require(text, str, "text")
    text = text.strip()
    if not text:
        raise InvalidEntry("There is nothing to remember: write what Confidant should remember.")
    if len(text) > MAX_MEMORY_TEXT:
        raise InvalidEntry(f"A memory item can be at most {MAX_MEMORY_TEXT} characters (this one has "
                           f"{len(text)}). Split it into shorter items.")
    return text


def _require(value: object, kind: type, name: str) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be {kind.__name__}, not {type(value).__name__}")


def _score(value: object, low: int, high: int, what: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be a whole number, not {type(value).__name__}")
    if not low <= value <= high:
        raise InvalidEntry(f"{what} must be a whole number from {low} to {high} (not {value}).")


def _text(value: object, what: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise InvalidEntry(f"{what} is too long to save ({len(value)} characters; at most {MAX_TEXT}).")


def _tuple(value: object, name: str) -> tuple[Any, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a sequence, not {type(value).__name__}")
    return tuple(value)


def _names(values: object) -> tuple[str, ...]:
    names: dict[str, str] = {}
    for value in _tuple(values, "emotions"):
        _require(value, str, "each emotion")
        name = " ".join(value.split())
        if not name:
            continue
        if len(name) > MAX_NAME:
            raise InvalidEntry(f"A feeling's name can be at most {MAX_NAME} characters.")
        names.setdefault(name.casefold(), name)
    if len(names) > MAX_EMOTIONS:
        raise InvalidEntry(f"A check-in can name at most {MAX_EMOTIONS} feelings.")
    return tuple(names.values())


def _ids(values: object, name: str) -> tuple[str, ...]:
    out = _tuple(values, name)
    for value in out:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise ValueError(f"{name} must hold ids such as 'mind-reading', not {value!r}")
    return tuple(dict.fromkeys(out))


def _moment(*values: object) -> None:
    for value in values:
        if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
            raise ValueError("times must be timezone-aware datetimes")

