"""Exporting conversations to JSON or Markdown — the one way history leaves the encrypted store unencrypted.

Only ever on request, only to the file the person chose (created 0600), and front ends show EXPORT_WARNING
first; the wording lives here so the CLI and the GUI say the same thing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.storage.errors import NotFound, StorageError
from app.storage.records import Conversation, StoredMessage

if TYPE_CHECKING:
    from app.storage.store import Store

EXPORT_WARNING = (
    "This export is NOT encrypted: anyone who can open the file can read these conversations. Keep it "
    "somewhere private and delete it when you no longer need it."
)
FORMAT_NAME = "confidant-export"
FORMAT_VERSION = 1
_PAGE = 500
_SPEAKERS = {"user": "You", "assistant": "Confidant", "system": "System"}
_STATUS_NOTES = {
    "incomplete": "_(reply incomplete)_",
    "withheld": "_(withheld by a safety guardrail)_",
}
_CUT_SHORT_NOTE = "_(cut short: the reply reached its length limit)_"


def export_json(store: Store, conversation_ids: Sequence[int] | None, out: Path) -> int:
    """Write the conversations (all of them if `conversation_ids` is None) to `out`; returns how many."""
    _refuse_store_files(store, out)
    text, count = render_json(store, conversation_ids)
    write_private(out, text)
    return count


def export_markdown(store: Store, conversation_ids: Sequence[int] | None, out: Path) -> int:
    _refuse_store_files(store, out)
    text, count = render_markdown(store, conversation_ids)
    write_private(out, text)
    return count


def render_json(store: Store, conversation_ids: Sequence[int] | None) -> tuple[str, int]:
    """The JSON export as text (for writing to stdout), and the number of conversations in it."""
    items = [
        {**_conversation_dict(conversation), "messages": [_message_dict(m) for m in messages]}
        for conversation, messages in _gather(store, conversation_ids)
    ]
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": _iso(datetime.now(UTC)),
        "conversations": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n", len(items)


def render_markdown(store: Store, conversation_ids: Sequence[int] | None) -> tuple[str, int]:
    lines = ["# Confidant conversations", "", f"_Exported {_readable(datetime.now(UTC))}._", ""]
    count = 0
    for conversation, messages in _gather(store, conversation_ids):
        count += 1
        lines += [
            f"## {_one_line(conversation.title) or 'Untitled'}",
            "",
            f"_Started {_readable(conversation.created_at)} · {len(messages)} messages_",
            "",
        ]
        for message in messages:
            heading = f"**{_SPEAKERS.get(message.role, message.role)}** · {_readable(message.created_at)}"
            note = _STATUS_NOTES.get(message.status) or (_CUT_SHORT_NOTE if message.cut_short else None)
            lines += [f"{heading} {note}" if note else heading, "", message.display_content.rstrip(), ""]
            if message.flags:
                lines += [f"_Guardrail flags: {', '.join(message.flags)}_", ""]
    return "\n".join(lines).rstrip("\n") + "\n", count


def _gather(
    store: Store, conversation_ids: Sequence[int] | None
) -> Iterable[tuple[Conversation, list[StoredMessage]]]:
    if conversation_ids is None:
        conversations = _all_conversations(store)
    else:
        conversations = []
        for conversation_id in conversation_ids:
            conversation = store.get_conversation(conversation_id)
            if conversation is None:
                raise NotFound(f"There is no conversation {conversation_id}; nothing was exported.")
            conversations.append(conversation)
    return [(conversation, store.messages(conversation.id)) for conversation in conversations]


def _all_conversations(store: Store) -> list[Conversation]:
    found: list[Conversation] = []
    while page := store.list_conversations(limit=_PAGE, offset=len(found)):
        found += page
    return found


def _conversation_dict(conversation: Conversation) -> dict[str, Any]:
    return {
        "id": conversation.id,
        "title": conversation.title,
        "profile_id": conversation.profile_id,
        "created_at": _iso(conversation.created_at),
        "updated_at": _iso(conversation.updated_at),
    }


def _message_dict(message: StoredMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "role": message.role,
        "content": message.display_content,
        "created_at": _iso(message.created_at),
        "status": message.status,
        "flags": list(message.flags),
        "cut_short": message.cut_short,
    }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _readable(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _refuse_store_files(store: Store, out: Path) -> None:
    """An export must never overwrite the encrypted history itself (or its WAL, lock, …)."""
    data_dir = store.data_dir
    target = Path(out).expanduser().resolve()
    if data_dir is not None and target.parent == data_dir.resolve() and target.name.startswith("history."):
        raise StorageError(f"Cannot export to {target}: that name belongs to the encrypted history. Choose "
                           "another file.")


def write_private(out: Path, text: str) -> None:
    """Write `text` to exactly `out` (nowhere else: no temporary file), readable by its owner only."""
    out = Path(out).expanduser()
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        raise StorageError(f"Cannot write the export to {out}: {error.strerror or error}.") from error
