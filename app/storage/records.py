"""The plain data the store hands to the chat session, the CLI and the GUI (frozen: safe across threads)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

ROLES = ("system", "user", "assistant")
STATUSES = ("complete", "incomplete", "withheld")
"""complete: finished; incomplete: a reply still streaming, or cut short by a crash/stop; withheld: blocked
by a guardrail (kept so the conversation reads truthfully, shown as withheld)."""

WITHHELD_TEXT = "[withheld by a safety guardrail]"

# FTS5 snippet() marks each hit with these (control characters never typed in chat), so a front end can render
# highlights its own way without guessing at brackets that may be part of the text.
MATCH_START = "\x02"
MATCH_END = "\x03"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_micros(moment: datetime) -> int:
    """UTC microseconds since the epoch: exact, sortable, and free of time-zone text in the database."""
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return (moment - _EPOCH) // timedelta(microseconds=1)


def from_micros(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created_at: datetime
    updated_at: datetime
    profile_id: str | None
    message_count: int = 0


@dataclass(frozen=True)
class StoredMessage:
    id: int
    conversation_id: int
    role: str
    content: str
    created_at: datetime
    status: str
    flags: tuple[str, ...] = ()
    cut_short: bool = False  # a reply that stopped at its length limit: it may end mid-thought

    @property
    def display_content(self) -> str:
        """What a front end may show: an assistant reply a guardrail withheld is kept (the record stays
        truthful) but its text is never shown, exported or searchable — fail closed. People's own words are
        always theirs to see."""
        if self.role == "assistant" and self.status == "withheld":
            return WITHHELD_TEXT
        return self.content


@dataclass(frozen=True)
class SearchHit:
    """One message matching a search; `snippet` marks matches with MATCH_START/MATCH_END."""

    conversation_id: int
    message_id: int
    title: str
    snippet: str
    created_at: datetime

    def segments(self) -> list[tuple[str, bool]]:
        """The snippet as (text, is_match) pieces, for front ends that style matches (escape text first)."""
        pieces: list[tuple[str, bool]] = []
        for index, chunk in enumerate(self.snippet.split(MATCH_START)):
            if index == 0:
                pieces.append((chunk, False))
                continue
            matched, _, rest = chunk.partition(MATCH_END)
            pieces.append((matched, True))
            pieces.append((rest, False))
        return [(text, matched) for text, matched in pieces if text]

    def render(self, start: str, end: str) -> str:
        """The snippet with matches wrapped in `start`/`end` (e.g. ANSI bold in a terminal)."""
        return "".join(f"{start}{text}{end}" if matched else text for text, matched in self.segments())


@dataclass(frozen=True)
class AuditRecord:
    """A guardrail event. `text` may quote what was flagged; deleting its conversation erases that text."""

    kind: str
    category: str | None
    rule: str | None
    conversation_id: int | None
    text: str | None
    created_at: datetime | None = None
    id: int | None = field(default=None)
