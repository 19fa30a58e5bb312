"""Writing one conversation to the encrypted store as it happens.

The person's message is committed the moment it is sent. A reply is saved while it streams — at most
SAVE_INTERVAL seconds apart, status "incomplete" — and marked final at the end, so a crash or a kill loses
at most the last seconds of a reply and never a sent message. Only text that has passed the output rail
is ever saved.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime

from app.storage import AuditRecord, Store, StoredMessage

SAVE_INTERVAL = 2.0
TITLE_WORDS = 8


def title_from(text: str) -> str:
    words = text.split()
    title = " ".join(words[:TITLE_WORDS])
    return title + ("…" if len(words) > TITLE_WORDS else "")


def neutral_title(when: datetime) -> str:
    """A title that says nothing about what was written ("Conversation, 2 Dec"): for a conversation that
    began with a crisis, and for every title when the person hides them. Anyone glancing at the screen
    reads a date, not "I want to end my life"."""
    return f"Conversation, {when.day} {when:%b}"


class ConversationRecord:
    """One conversation in the store; the conversation row is created with its first message."""

    def __init__(
        self, store: Store, conversation_id: int | None = None, profile_id: str | None = None
    ) -> None:
        self.store = store
        self.conversation_id = conversation_id
        self.profile_id = profile_id
        self._last_save = 0.0

    def messages(self) -> list[StoredMessage]:
        return self.store.messages(self.conversation_id) if self.conversation_id is not None else []

    def create(self, first_message: str, *, private: bool = False) -> int:
        """Create the conversation row, titled after the person's first message — or, when that message is
        `private` (it raised a crisis or a check-in), with a neutral title that does not quote it."""
        title = neutral_title(datetime.now().astimezone()) if private else title_from(first_message)
        self.conversation_id = self.store.create_conversation(title, self.profile_id).id
        return self.conversation_id

    def add(self, role: str, content: str, status: str = "complete", flags: Sequence[str] = ()) -> int:
        if self.conversation_id is None:
            self.create(content if role == "user" else "New conversation")
        self._last_save = time.monotonic()
        return self.store.add_message(self.conversation_id, role, content, status, flags).id

    def save_progress(self, message_id: int, content: str) -> None:
        """Save a streaming reply's text so far, if the last save is old enough."""
        now = time.monotonic()
        if now - self._last_save >= SAVE_INTERVAL:
            self.store.update_message(message_id, content=content)
            self._last_save = now

    def finish(
        self, message_id: int, content: str, status: str, flags: Sequence[str] = (), *, cut_short: bool = False
    ) -> None:
        self.store.update_message(message_id, content=content, status=status, flags=list(flags), cut_short=cut_short)

    def delete(self, message_id: int) -> None:
        self.store.delete_message(message_id)

    def audit(self, kind: str, category: str | None, rule: str | None, text: str | None) -> None:
        self.store.add_audit_event(AuditRecord(kind, category, rule, self.conversation_id, text))
