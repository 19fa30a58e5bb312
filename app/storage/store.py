"""The encrypted history: one SQLCipher 4 database in the data dir, opened by one process at a time.

Durability: every call that changes something is its own committed transaction (WAL, synchronous=FULL), so a
message is on disk when `add_message` returns, and a reply saved with `update_message` every few seconds
loses at most those seconds in a crash. Thread-safety: a Store may be used from any thread, one call at a
time (an internal lock serialises calls; the GUI uses one worker thread, the CLI its main thread).

The passphrase is never kept: it is turned into a `PRAGMA key` statement, used, and dropped (Python cannot
zero a str, so "no longer than needed" is the best it can do; SQLCipher keeps only the derived key).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from app.paths import ensure_private_dir
from app.storage import connection, files, recovery, snippets
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
from app.storage.hardening import harden_process
from app.storage.keying import check_passphrase, key_statement
from app.storage.lock import StoreLock
from app.storage.migrations import LATEST_VERSION, MIGRATIONS, migrate, schema_version
from app.storage.records import (
    ROLES,
    STATUSES,
    AuditRecord,
    Conversation,
    SearchHit,
    StoredMessage,
    from_micros,
    to_micros,
)

_CONVERSATION_COLUMNS = "id, title, created_at, updated_at, profile_id, message_count"
_MESSAGE_COLUMNS = "id, conversation_id, role, content, created_at, status, flags, cut_short"
SNIPPET_TOKENS = 16
MAX_TITLE_CHARS = 200  # a title is a line in a list; a longer one (a 100 KB single "word") is cut, with "…"


def _now() -> int:
    return time.time_ns() // 1000


class Store:
    """An open, unlocked history. Use `Store.create`, `Store.open` or `Store.restore`; close it (or `with`).

    Constructing a Store directly wraps an already keyed, configured and migrated connection; that exists so
    the benchmark can run the very same code over an unencrypted database as its baseline.
    """

    def __init__(self, conn: Any, *, data_dir: Path | None = None, lock: StoreLock | None = None) -> None:
        self._conn = conn
        self._data_dir = data_dir
        self._lock = lock
        self._mutex = threading.RLock()
        self._closed = False
        self._damaged = False  # set once corruption is seen: reads go on (to rescue text), writes stop
        # One sentence for the person when opening first finished or undid an interrupted restore, backup or
        # wipe (see recovery.py); front ends show it once. None when there was nothing to recover.
        self.recovery_note: str | None = None

    # ---- opening and closing -------------------------------------------------------------------------------

    @staticmethod
    def exists(data_dir: Path) -> bool:
        """Whether there is a history to open: the database, or a copy an interrupted restore kept aside (which
        opening puts back), so no front end takes that state for a first run and creates an empty store."""
        data_dir = Path(data_dir)
        return files.db_path(data_dir).exists() or (data_dir.is_dir() and bool(files.aside_copies(data_dir)))

    @staticmethod
    def recover(data_dir: Path) -> str | None:
        """Finish or undo what an interrupted restore, backup, wipe or first start left (recovery.py); one
        sentence for the person, or None. Opening, creating and restoring do this too; the CLI calls it first
        so the sentence comes before any question. Refuses (StoreInUse) while another process has the store."""
        data_dir = Path(data_dir)
        if not data_dir.is_dir() or not recovery.needed(data_dir):
            return None  # the usual case: no lock taken, nothing created
        with StoreLock(files.lock_path(data_dir), data_dir):
            return recovery.recover(data_dir)

    @staticmethod
    def in_use(data_dir: Path) -> bool:
        """Whether another Store (in any process) has `data_dir` open — lets front ends say so before asking
        for a passphrase."""
        data_dir = Path(data_dir)
        if not files.lock_path(data_dir).exists():
            return False
        try:
            StoreLock(files.lock_path(data_dir), data_dir).release()
        except StoreInUse:
            return True
        return False

    @classmethod
    def create(cls, data_dir: Path, passphrase: str) -> Store:
        """Create a new empty store; refuses (StoreExists) if one is already there.

        The database is built under a temporary name and renamed into place only once its schema is committed,
        so a crash during creation can never leave a half-made file that later looks like a damaged store."""
        check_passphrase(passphrase)
        data_dir = ensure_private_dir(Path(data_dir))
        harden_process()
        lock = StoreLock(files.lock_path(data_dir), data_dir)
        try:
            note = recovery.recover(data_dir)  # also removes side files left without their database
            target = files.db_path(data_dir)
            if target.exists():
                raise StoreExists(data_dir)
            staging = data_dir / files.CREATING_NAME
            files.create_private_file(staging)
            try:
                conn = connection.connect(staging)
                try:
                    if connection.MEMORY_SECURITY:
                        conn.execute("PRAGMA cipher_memory_security = ON")
                    conn.executescript(key_statement(passphrase))
                    connection.configure(conn)
                    migrate(conn)
                finally:
                    conn.close()
                files.fsync_file(staging)
                os.replace(staging, target)
                files.fsync_dir(data_dir)
            except sqlcipher.Error as error:
                raise connection.translate(error, data_dir=data_dir) from error
            finally:
                for leftover in files.with_side_files(staging):
                    files.shred(leftover)
            store = cls._open_locked(data_dir, passphrase, lock)
            store.recovery_note = note
            return store
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open(cls, data_dir: Path, passphrase: str) -> Store:
        """Unlock the existing store, after recovering from an interrupted command (`recovery_note` says what
        was done). WrongPassphrase changes no content (SQLite may fold a WAL left by a crash into the file while
        trying); a damaged or truncated file raises CorruptStore and is left in place."""
        check_passphrase(passphrase)
        data_dir = Path(data_dir)
        if not cls.exists(data_dir):
            raise StoreNotFound(data_dir)
        ensure_private_dir(data_dir)
        harden_process()
        lock = StoreLock(files.lock_path(data_dir), data_dir)
        try:
            note = recovery.recover(data_dir)
            if not files.db_path(data_dir).exists():
                raise StoreNotFound(data_dir)
            store = cls._open_locked(data_dir, passphrase, lock)
            store.recovery_note = note
            return store
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _open_locked(cls, data_dir: Path, passphrase: str, lock: StoreLock) -> Store:
        path = files.db_path(data_dir)
        for existing in files.with_side_files(path):
            files.make_private(existing)
        conn = connection.open_keyed(path, passphrase, data_dir=data_dir)
        try:
            connection.configure(conn)
            migrate(conn)
        except sqlcipher.Error as error:
            conn.close()
            raise connection.translate(error, data_dir=data_dir) from error
        except BaseException:
            conn.close()
            raise
        for existing in files.with_side_files(path):
            files.make_private(existing)
        return cls(conn, data_dir=data_dir, lock=lock)

    def close(self) -> None:
        """Close the database (checkpointing and removing the WAL) and release the single-instance lock."""
        with self._mutex:
            if self._closed:
                return
            self._closed = True
            try:
                self._conn.close()
            finally:
                if self._lock is not None:
                    self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def data_dir(self) -> Path | None:
        return self._data_dir

    @property
    def path(self) -> Path | None:
        return None if self._data_dir is None else files.db_path(self._data_dir)

    # ---- plumbing ------------------------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        with self._mutex:
            if self._closed:
                raise StorageError("The history has been closed; open it again.")
            try:
                yield self._conn
            except sqlcipher.Error as error:
                translated = self._translate(error)
                if isinstance(translated, CorruptStore):
                    self._damaged = True
                raise translated from error

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        """One committed transaction; rolled back (and nothing half-written) if anything fails. Refused once
        the database has shown damage, so writing cannot make it worse (restore from a backup instead)."""
        with self._reading() as conn:
            if self._damaged:
                raise CorruptStore(self.path or Path("history.db"), "writing was stopped to protect it")
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with suppress(sqlcipher.Error):  # SQLite may have rolled back already (full disk)
                        conn.execute("ROLLBACK")
                raise

    def _translate(self, error: sqlcipher.Error) -> BaseException:
        if self._data_dir is None:
            return error
        return connection.translate(error, data_dir=self._data_dir)

    def _checkpoint(self, conn: Any) -> None:
        """Copy the WAL into the database and truncate it, so old page images (e.g. of deleted text, or under
        an old key) do not linger in the WAL."""
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    # ---- conversations -------------------------------------------------------------------------------------

    def create_conversation(self, title: str, profile_id: str | None = None) -> Conversation:
        _require_str(title, "title")
        title = _title(title)
        now = _now()
        with self._writing() as conn:
            cursor = conn.execute(
                "INSERT INTO conversations (title, profile_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (title, profile_id, now, now),
            )
            conversation_id = cursor.lastrowid
        return Conversation(conversation_id, title, from_micros(now), from_micros(now), profile_id, 0)

    def list_conversations(self, limit: int = 50, offset: int = 0) -> list[Conversation]:
        """Newest activity first (adding or saving a message counts; renaming does not)."""
        _require_page(limit, offset)
        with self._reading() as conn:
            rows = conn.execute(
                f"SELECT {_CONVERSATION_COLUMNS} FROM conversations ORDER BY updated_at DESC, id DESC "
                "LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [_conversation(row) for row in rows]

    def count_conversations(self) -> int:
        with self._reading() as conn:
            return int(conn.execute("SELECT count(*) FROM conversations").fetchone()[0])

    def get_conversation(self, conversation_id: int) -> Conversation | None:
        with self._reading() as conn:
            row = conn.execute(
                f"SELECT {_CONVERSATION_COLUMNS} FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
        return None if row is None else _conversation(row)

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        _require_str(title, "title")
        title = _title(title)
        with self._writing() as conn:
            cursor = conn.execute("UPDATE conversations SET title = ? WHERE id = ?", (title, conversation_id))
            if cursor.rowcount == 0:
                raise _no_conversation(conversation_id)

    def delete_conversation(self, conversation_id: int) -> None:
        """Delete a conversation, its messages and their search-index entries for good: secure_delete zeroes
        the freed pages, FTS5 secure-delete drops the terms, and a checkpoint clears the old pages from the
        WAL. Audit events keep their kind/category/rule but lose their quoted text."""
        with self._writing() as conn:
            conn.execute("DELETE FROM messages WHERE conversation_id = ?", (conversation_id,))
            cursor = conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
            if cursor.rowcount == 0:
                raise _no_conversation(conversation_id)
        with self._reading() as conn:
            self._checkpoint(conn)

    # ---- messages ------------------------------------------------------------------------------------------

    def add_message(
        self,
        conversation_id: int,
        role: str,
        content: str,
        status: str = "complete",
        flags: Sequence[str] = (),
        *,
        cut_short: bool = False,
    ) -> StoredMessage:
        """Append a message; it is committed (durable) when this returns."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {role!r}")
        _require_str(content, "content")
        _require_status(status)
        flag_tuple = _flags(flags)
        now = _now()
        with self._writing() as conn:
            touched = conn.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id)
            ).rowcount
            if touched == 0:
                raise _no_conversation(conversation_id)
            cursor = conn.execute(
                "INSERT INTO messages (conversation_id, role, content, created_at, status, flags, cut_short) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, role, content, now, status, json.dumps(list(flag_tuple)), int(bool(cut_short))),
            )
            message_id = cursor.lastrowid
        return StoredMessage(message_id, conversation_id, role, content, from_micros(now), status, flag_tuple,
                             bool(cut_short))

    def update_message(
        self,
        message_id: int,
        *,
        content: str | None = None,
        status: str | None = None,
        flags: Sequence[str] | None = None,
        cut_short: bool | None = None,
    ) -> None:
        """Save a streaming reply (call every few seconds with the text so far, then with status="complete"
        and whether it was `cut_short` at its length limit), or record guardrail flags. Each call is committed
        before it returns."""
        assignments: list[str] = []
        values: list[Any] = []
        if content is not None:
            _require_str(content, "content")
            assignments.append("content = ?")
            values.append(content)
        if status is not None:
            _require_status(status)
            assignments.append("status = ?")
            values.append(status)
        if flags is not None:
            assignments.append("flags = ?")
            values.append(json.dumps(list(_flags(flags))))
        if cut_short is not None:
            assignments.append("cut_short = ?")
            values.append(int(bool(cut_short)))
        with self._writing() as conn:
            if assignments:
                sql = f"UPDATE messages SET {', '.join(assignments)} WHERE id = ?"
                found = conn.execute(sql, (*values, message_id)).rowcount > 0
            else:
                row = conn.execute("SELECT 1 FROM messages WHERE id = ?", (message_id,)).fetchone()
                found = row is not None
            if not found:
                raise _no_message(message_id)
            conn.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = (SELECT conversation_id FROM messages "
                "WHERE id = ?)",
                (_now(), message_id),
            )

    def delete_message(self, message_id: int) -> None:
        """Remove one message for good (regenerate / edit last message)."""
        with self._writing() as conn:
            if conn.execute("DELETE FROM messages WHERE id = ?", (message_id,)).rowcount == 0:
                raise _no_message(message_id)

    def get_message(self, message_id: int) -> StoredMessage | None:
        with self._reading() as conn:
            sql = f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE id = ?"
            row = conn.execute(sql, (message_id,)).fetchone()
        return None if row is None else _message(row)

    def messages(self, conversation_id: int) -> list[StoredMessage]:
        """All messages of a conversation, oldest first ([] if there is no such conversation)."""
        with self._reading() as conn:
            rows = conn.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY id",
                (conversation_id,),
            ).fetchall()
        return [_message(row) for row in rows]

    # ---- search --------------------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        """Messages containing every word of `query` (accents and case ignored; `word*` matches a prefix),
        newest first, each with a snippet whose matches sit between MATCH_START and MATCH_END.

        Words are quoted before reaching FTS5, so nothing a person types is a syntax error. Assistant replies
        withheld by a guardrail are never returned (see StoredMessage.display_content). FTS5 picks the
        messages; the snippet is cut in Python (app/storage/snippets.py), since FTS5's own snippet() is
        quadratic in the number of matches within one message."""
        _require_page(limit, offset)
        match = fts_query(query)
        if match is None:
            return []
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT m.conversation_id, m.id, c.title, m.content, m.created_at"
                " FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid"
                " JOIN conversations c ON c.id = m.conversation_id"
                " WHERE messages_fts MATCH ? AND NOT (m.role = 'assistant' AND m.status = 'withheld')"
                " ORDER BY messages_fts.rowid DESC LIMIT ? OFFSET ?",
                (match, limit, offset),
            ).fetchall()
        words = snippets.terms(query)
        return [SearchHit(row[0], row[1], row[2], snippets.snippet(row[3], words, SNIPPET_TOKENS),
                          from_micros(row[4])) for row in rows]

    # ---- audit events and settings -------------------------------------------------------------------------

    def add_audit_event(self, record: AuditRecord) -> int:
        _require_str(record.kind, "kind")
        created = _now() if record.created_at is None else to_micros(record.created_at)
        with self._writing() as conn:
            cursor = conn.execute(
                "INSERT INTO audit_events (kind, category, rule, conversation_id, text, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (record.kind, record.category, record.rule, record.conversation_id, record.text, created),
            )
            return int(cursor.lastrowid)

    def audit_events(self, limit: int = 200, offset: int = 0) -> list[AuditRecord]:
        """Newest first."""
        _require_page(limit, offset)
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT kind, category, rule, conversation_id, text, created_at, id FROM audit_events "
                "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [AuditRecord(r[0], r[1], r[2], r[3], r[4], from_micros(r[5]), r[6]) for r in rows]

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._reading() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Store any JSON-serialisable value (TypeError otherwise)."""
        _require_str(key, "key")
        encoded = json.dumps(value, allow_nan=False)
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                "excluded.value",
                (key, encoded),
            )

    # ---- keys, backups, checks -----------------------------------------------------------------------------

    def unlocks_with(self, passphrase: str) -> bool:
        """Whether `passphrase` is this history's current one. Front ends ask for it again before changing
        the passphrase or erasing everything, so nobody passing an unlocked screen can do either.

        A second connection keys itself from the file, as opening does (the key derivation is slow on purpose,
        so call it off the GUI thread); this store's own connection is untouched."""
        path = self.path
        if path is None:
            raise StorageError("This history has no file to check a passphrase against.")
        try:
            check_passphrase(passphrase)
        except InvalidPassphrase:
            return False
        with self._reading():  # one call at a time, and refused once closed
            try:
                conn = connection.open_keyed(path, passphrase, data_dir=self._data_dir)
            except WrongPassphrase:
                return False
            conn.close()
            return True

    def change_passphrase(self, new_passphrase: str, *, current: str | None = None) -> None:
        """Re-encrypt every page under a key derived from `new_passphrase` (PRAGMA rekey, one transaction),
        then checkpoint so no page under the old key is left in the WAL. With `current`, that must be the
        passphrase in use (WrongPassphrase, and nothing changed, otherwise)."""
        statement = key_statement(new_passphrase, "rekey")
        if current is not None and not self.unlocks_with(current):
            raise WrongPassphrase(current=True)
        with self._reading() as conn:
            self._checkpoint(conn)
            conn.executescript(statement)
            del statement
            self._checkpoint(conn)
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()

    def backup_to(self, path: Path) -> None:
        """Write an encrypted copy to `path` (replacing it if it exists): a standard SQLCipher 4 file that
        opens with the current passphrase. It is compacted (sqlcipher_export copies rows, not free pages)
        and appears atomically: written beside the target under a temporary name, checked, then renamed."""
        target = Path(path).expanduser().absolute()
        if not target.parent.is_dir():
            raise StorageError(f"Cannot write the backup: the folder {target.parent} does not exist.")
        if target.is_dir():
            raise StorageError(f"Cannot write the backup to {target}: that is a folder; name a file.")
        own = {p.resolve() for p in files.store_files(self._data_dir)} if self._data_dir else set()
        if target.resolve() in own:
            raise StorageError("The backup must go to a different file from the history itself.")
        staging = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
        # A kill leaves the partial file and its journal beside the target; the marker lets the next start
        # find and delete them.
        marker = None
        try:
            marker = recovery.mark_backup(self._data_dir, staging) if self._data_dir else None
            files.create_private_file(staging)
            with self._reading() as conn:
                # No KEY clause: the copy takes this database's key and salt, so it opens with the passphrase.
                conn.execute("ATTACH DATABASE ? AS backup", (str(staging),))
                try:
                    conn.execute("SELECT sqlcipher_export('backup')").fetchall()
                    conn.execute(f"PRAGMA backup.user_version = {schema_version(conn)}")
                    problems = _check_rows(conn.execute("PRAGMA backup.quick_check").fetchall())
                finally:
                    conn.execute("DETACH DATABASE backup")
            if problems:
                raise StorageError(f"The backup could not be verified ({problems[0]}); it was not written.")
            files.fsync_file(staging)
            os.replace(staging, target)
            files.fsync_dir(target.parent)
        except OSError as error:
            if self._data_dir is not None and connection.out_of_space(target.parent):
                raise DiskFull(target.parent) from error
            raise StorageError(f"Cannot write the backup to {target}: {error.strerror or error}.") from error
        finally:
            for leftover in files.with_side_files(staging):
                leftover.unlink(missing_ok=True)
            if marker is not None:
                marker.unlink(missing_ok=True)

    @classmethod
    def restore(cls, data_dir: Path, backup_path: Path, passphrase: str) -> Store:
        """Replace the store in `data_dir` with the backup at `backup_path`, and open it. `passphrase` is the
        backup's.

        A transaction in three steps, each safe to kill (recovery.py finishes or undoes it at the next start):
        1. prepare: the backup is copied beside the store as `history.db.restoring` and checked (it opens with
           the passphrase, integrity_check and cipher_integrity_check are clean, it has our tables at a format
           this version reads) and brought to the latest format; nothing of the current history is touched;
        2. keep: the current history gets a second, dated name (`history.db.before-restore-<time>`, a hard link,
           or a copy where links are not supported) and its WAL moves with it;
        3. swap: one atomic rename puts the prepared file in place as `history.db`.
        The dated copy is deleted once the restored history has opened: the person confirmed that the history
        is replaced, and a second, forgotten copy of it (perhaps under an older passphrase) is what a privacy
        tool must not leave behind. If opening fails, the dated copy is put back instead."""
        check_passphrase(passphrase)
        source = Path(backup_path).expanduser().absolute()
        if not source.is_file():
            raise StorageError(f"There is no backup file at {source}.")
        data_dir = ensure_private_dir(Path(data_dir))
        harden_process()
        lock = StoreLock(files.lock_path(data_dir), data_dir)
        try:
            note = recovery.recover(data_dir)
            target = files.db_path(data_dir)
            if target.exists() and source.resolve() == target.resolve():
                raise StorageError("That file is the history itself, not a backup of it.")
            staging = data_dir / files.RESTORING_NAME
            try:
                _copy_private(source, staging)
                _prepare_backup(staging, source, passphrase)
                aside = _keep_aside(target, data_dir)
            except BaseException:
                recovery.undo_restore(data_dir)
                files.fsync_dir(data_dir)
                raise
            os.replace(staging, target)  # the swap: from here on the restore is done
            files.fsync_dir(data_dir)
            try:
                store = cls._open_locked(data_dir, passphrase, lock)
                store.count_conversations()
            except BaseException:
                _put_back(aside, target)
                raise
            if aside is not None:
                recovery.finish_restore(data_dir)  # the replaced history goes, now that the new one works
            store.recovery_note = note
            return store
        except BaseException:
            lock.release()
            raise

    def check_integrity(self) -> list[str]:
        """Problems found by PRAGMA integrity_check and PRAGMA cipher_integrity_check ([] when clean)."""
        with self._reading() as conn:
            try:
                problems = _check_rows(conn.execute("PRAGMA integrity_check").fetchall())
            except sqlcipher.DatabaseError as error:  # too damaged to even walk
                problems = [str(error)]
            if self._data_dir is not None:
                problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
            if problems:
                self._damaged = True
            return problems

    def schema_version(self) -> int:
        with self._reading() as conn:
            return schema_version(conn)


# ---- module helpers ---------------------------------------------------------------------------------------


def wipe(data_dir: Path) -> None:
    """Delete the store and every side file (WAL, SHM, journals, lock, leftovers), overwriting them first, in
    an order a kill cannot turn into a damaged history (recovery.finish_wipe).

    Refuses (StoreInUse) while any process has the store open. Other files in the data dir are not the store's
    and are left alone; the folder is removed if nothing else is in it."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return
    with StoreLock(files.lock_path(data_dir), data_dir):
        recovery.finish_wipe(data_dir)
    files.lock_path(data_dir).unlink(missing_ok=True)
    files.fsync_dir(data_dir)
    with suppress(OSError):
        data_dir.rmdir()  # fails, rightly, if something else lives there


def fts_query(text: str) -> str | None:
    """A person's search words as an FTS5 query: each word a quoted string (so `"`, `*`, `AND`, `-` and the
    like are just text), all required; a trailing `*` keeps prefix matching. None if nothing is left."""
    terms = []
    for word in text.split():
        prefix = word.endswith("*")
        bare = word.rstrip("*")
        if bare:
            terms.append('"' + bare.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(terms) or None


def _conversation(row: Sequence[Any]) -> Conversation:
    return Conversation(row[0], row[1], from_micros(row[2]), from_micros(row[3]), row[4], row[5])


def _message(row: Sequence[Any]) -> StoredMessage:
    flags = () if row[6] == "[]" else tuple(json.loads(row[6]))
    return StoredMessage(row[0], row[1], row[2], row[3], from_micros(row[4]), row[5], flags, bool(row[7]))


def _title(title: str) -> str:
    return title if len(title) <= MAX_TITLE_CHARS else title[: MAX_TITLE_CHARS - 1] + "…"


def _require_str(value: object, name: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")


def _require_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")


def _require_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")


def _flags(flags: Sequence[str]) -> tuple[str, ...]:
    if isinstance(flags, str):
        raise TypeError("flags must be a sequence of str, not a str")
    result = tuple(flags)
    for flag in result:
        _require_str(flag, "each flag")
    return result


def _no_conversation(conversation_id: int) -> NotFound:
    return NotFound(f"There is no conversation {conversation_id} (it may have been deleted).")


def _no_message(message_id: int) -> NotFound:
    return NotFound(f"There is no message {message_id} (it may have been deleted).")


def _check_rows(rows: list[tuple[Any, ...]]) -> list[str]:
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def _copy_private(source: Path, destination: Path) -> None:
    files.create_private_file(destination)
    try:
        with open(source, "rb") as reader, open(destination, "r+b") as writer:
            shutil.copyfileobj(reader, writer, 1 << 20)
            writer.flush()
            os.fsync(writer.fileno())
    except OSError as error:
        if connection.out_of_space(destination.parent):
            raise DiskFull(destination.parent) from error
        raise StorageError(f"Cannot copy the backup {source}: {error.strerror or error}.") from error


@cache
def _tables_at(version: int) -> frozenset[str]:
    """The tables a history of format `version` has, found by running our migrations on an empty database."""
    conn = sqlcipher.connect(":memory:", isolation_level=None)
    try:
        for step in MIGRATIONS[:version]:
            step(conn)
        return frozenset(row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'"))
    finally:
        conn.close()


def _prepare_backup(staging: Path, source: Path, passphrase: str) -> None:
    """The copy must open with `passphrase`, be intact, and be a Confidant history in a format this version
    reads; it is then brought to the latest format and closed (folding its WAL in), ready to be swapped in."""
    try:
        conn = connection.open_keyed(staging, passphrase, data_dir=staging.parent)
    except WrongPassphrase:
        raise WrongPassphrase(source, backup=True) from None
    except CorruptStore:
        raise CorruptStore(source, "the backup is damaged", backup=True) from None
    try:
        problems = _check_rows(conn.execute("PRAGMA integrity_check").fetchall())
        problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        if problems:
            raise CorruptStore(source, "the backup is damaged", backup=True)
        version = schema_version(conn)
        if version < 1 or version > LATEST_VERSION:
            raise StorageError(f"{source} is not a backup this version of Confidant can restore (format "
                               f"{version}); nothing was changed.")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
        if not _tables_at(version) <= tables:
            raise StorageError(f"{source} is not a Confidant backup (it opens, but lacks the tables a history "
                               "has); nothing was changed.")
        connection.configure(conn)
        migrate(conn)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlcipher.Error as error:
        raise CorruptStore(source, "the backup is damaged", backup=True) from error
    finally:
        conn.close()
    files.fsync_file(staging)


def _keep_aside(target: Path, data_dir: Path) -> Path | None:
    """Give the current history a second, dated name and move its WAL/journal along (a WAL left beside the new
    file would be replayed into it); the SHM is only an index of the WAL and is dropped. None if there is no
    current history."""
    if not target.exists():
        return None
    aside = data_dir / f"{files.ASIDE_NAME}-{datetime.now().strftime('%Y-%m-%dT%H%M%S')}"
    try:
        os.link(target, aside)
    except OSError:  # a filesystem without hard links: a full copy instead
        _copy_private(target, aside)
    for current, parked in zip(files.with_side_files(target)[1:], files.with_side_files(aside)[1:], strict=True):
        if current.name.endswith("-shm"):
            current.unlink(missing_ok=True)
        elif current.exists():
            os.replace(current, parked)
    files.fsync_dir(data_dir)
    return aside


def _put_back(aside: Path | None, target: Path) -> None:
    """After a swap whose result would not open: the kept history (and its WAL) back in place, one rename."""
    for leftover in files.with_side_files(target)[1:]:
        leftover.unlink(missing_ok=True)
    if aside is None:
        files.shred(target)
    else:
        for parked, original in zip(files.with_side_files(aside), files.with_side_files(target), strict=True):
            if parked.exists():
                os.replace(parked, original)
    files.fsync_dir(target.parent)
