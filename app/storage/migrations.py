"""The schema, as a list of forward migrations numbered by `PRAGMA user_version`.

MIGRATIONS[n - 1] takes a database from version n - 1 to n. Never edit a released migration: append a new one,
and tests/storage/test_migrations.py upgrades from every earlier version automatically. Each migration runs
in the same transaction as its user_version bump, so a crash mid-upgrade leaves the previous version intact.
A database newer than this code (a downgrade) is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from app.storage.errors import StorageError

Connection = Any  # an sqlcipher3 (or, for benchmarks, plain sqlite3-compatible) DB-API connection

# v1: the initial schema. Times are UTC microseconds since the epoch (INTEGER: exact and cheap to sort).
_V1 = """
CREATE TABLE conversations (
    id            INTEGER PRIMARY KEY,
    title         TEXT    NOT NULL,
    profile_id    TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    message_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conversations_by_recency ON conversations (updated_at DESC, id DESC);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role            TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content         TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('complete', 'incomplete', 'withheld')),
    flags           TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(flags) AND json_type(flags) = 'array')
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, id);

-- Full-text index inside the same encrypted database. External content: the text is stored once (in
-- messages) and snippet() reads it from there. 'secure-delete' makes FTS5 remove a deleted row's terms from
-- its index b-tree at once instead of leaving them behind delete markers until a merge.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    content, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
    UPDATE conversations SET message_count = message_count + 1 WHERE id = new.conversation_id;
END;
CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    UPDATE conversations SET message_count = message_count - 1 WHERE id = old.conversation_id;
END;
CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
END;

-- Guardrail events. Deleting a conversation keeps the fact that a guardrail fired but erases the quoted text.
CREATE TABLE audit_events (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,
    category        TEXT,
    rule            TEXT,
    conversation_id INTEGER,
    text            TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX audit_events_by_time ON audit_events (created_at DESC, id DESC);
CREATE INDEX audit_events_by_conversation ON audit_events (conversation_id);
CREATE TRIGGER conversations_ad AFTER DELETE ON conversations BEGIN
    UPDATE audit_events SET conversation_id = NULL, text = NULL WHERE conversation_id = old.id;
END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
) WITHOUT ROWID;
"""

# v2: the CBT toolkit and personal memory. Mood check-ins get their own table (the chart reads thousands of
# them by time). Exercises share one table: the fields a query needs are columns (kind, when it was done, the
# day an activity is planned for), the rest of each record is a JSON object, so a new field in a thought
# record never needs a migration. `completed_at` is set once an exercise is done (a finished thought record,
# an activity ticked off, a breathing session); the mood chart marks those days.
_V2 = """
CREATE TABLE mood_checkins (
    id         INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    mood       INTEGER NOT NULL CHECK (mood BETWEEN 0 AND 10),
    emotions   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(emotions) AND json_type(emotions) = 'array'),
    note       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX mood_checkins_by_time ON mood_checkins (created_at, id);

CREATE TABLE exercises (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    completed_at INTEGER,
    planned_for  TEXT,
    data         TEXT    NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object')
);
CREATE INDEX exercises_by_kind ON exercises (kind, created_at DESC, id DESC);
CREATE INDEX exercises_by_completion ON exercises (completed_at) WHERE completed_at IS NOT NULL;

CREATE TABLE memory_items (
    id         INTEGER PRIMARY KEY,
    text       TEXT    NOT NULL CHECK (length(trim(text)) > 0),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX memory_items_by_recency ON memory_items (updated_at DESC, id DESC);
"""

# v3: a model reply that stopped at its length limit (the reply's token budget, or the model's context) reads as
# finished but may end mid-thought, and says so wherever it is shown again. A column of its own, not a flag:
# flags mark the profile's fixed safety replies (never regenerated), and a cut-short reply may be regenerated.
_V3 = """
ALTER TABLE messages ADD COLUMN cut_short INTEGER NOT NULL DEFAULT 0 CHECK (cut_short IN (0, 1));
"""


def _script(sql: str) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        for statement in _statements(sql):
            conn.execute(statement)

    return run


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (trigger bodies contain `;`, so split on complete ones)."""
    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not current.strip():
            continue
        current += line
        if sqlcipher.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete statement in migration: {current!r}")
    return statements


MIGRATIONS: list[Callable[[Connection], None]] = [
    _script(_V1),
    _script(_V2),
    _script(_V3),
]
LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, target: int = LATEST_VERSION) -> int:
    """Bring the database up to `target` (default: latest), one transaction per step; returns the new version.

    The connection must be in autocommit mode (isolation_level=None) so the explicit transactions here are the
    only ones.
    """
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise StorageError(
            f"This history was written by a newer version of Confidant (format {current}; this version knows "
            f"up to {LATEST_VERSION}). Update Confidant to open it; nothing was changed."
        )
    while current < target:
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[current](conn)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        current += 1
    return current
