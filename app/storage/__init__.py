"""The encrypted history (SQLCipher 4): conversations, messages, search, audit events, settings, backups.

Plain Python, no Qt and no networking. Front ends open a Store, call it, and show StorageError messages as
they are. See store.py for durability and threading, connection.py for the database settings, keying.py
for how a passphrase becomes a key.
"""

from __future__ import annotations

from app.storage import export
from app.storage.errors import (
    CorruptStore,
    DiskFull,
    InvalidPassphrase,
    NotFound,
    StorageError,
    StoreExists,
    StoreInUse,
    StoreNotFound,
    WrongPassphrase,
)
from app.storage.export import EXPORT_WARNING
from app.storage.records import (
    MATCH_END,
    MATCH_START,
    ROLES,
    STATUSES,
    WITHHELD_TEXT,
    AuditRecord,
    Conversation,
    SearchHit,
    StoredMessage,
)
from app.storage.store import Store, wipe

__all__ = [
    "EXPORT_WARNING",
    "MATCH_END",
    "MATCH_START",
    "ROLES",
    "STATUSES",
    "WITHHELD_TEXT",
    "AuditRecord",
    "Conversation",
    "CorruptStore",
    "DiskFull",
    "InvalidPassphrase",
    "NotFound",
    "SearchHit",
    "StorageError",
    "Store",
    "StoreExists",
    "StoreInUse",
    "StoreNotFound",
    "StoredMessage",
    "WrongPassphrase",
    "export",
    "wipe",
]
