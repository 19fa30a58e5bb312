"""Opening a keyed SQLCipher connection, configuring it, and turning SQLite failures into people's words.

Journal mode: WAL with synchronous=FULL. Every commit (a sent message, each streamed save of a reply) is one
append to the WAL plus one fsync, cheaper than a rollback journal's several fsyncs per commit, and FULL makes
each commit survive power loss, not just a crash. WAL frames are encrypted like the database pages. After
deletions the store checkpoints and truncates the WAL, so old page images do not linger in it.

Other settings: secure_delete=ON (freed content is zeroed), temp_store=MEMORY (sorts and temp tables never
touch disk), foreign_keys=ON, and SQLCipher's logging off so a wrong passphrase prints nothing. The KDF and
cipher settings are SQLCipher 4's defaults, untouched.
"""

from __future__ import annotations

import hashlib
import hmac
import shutil
import struct
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from app.storage import files
from app.storage.errors import CorruptStore, DiskFull, StorageError, StoreInUse, WrongPassphrase
from app.storage.keying import key_statement

# PRAGMA cipher_memory_security (process-wide, cannot be turned off once on): OFF. bench/storage_bench.py
# measured it at ~2.4x the median cost of every operation and 15-40x on searches. What it buys, zeroing
# SQLite's freed buffers and mlock-ing them, protects little in a Python process whose strings (UI, chat
# context, the model's prompt) hold the same decrypted text unzeroed; core dumps and ptrace, the realistic
# ways memory leaks to disk or other processes, are closed by hardening.harden_process() instead.
MEMORY_SECURITY = False

SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26
SQLITE_IOERR = 10
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_CANTOPEN = 14
SQLITE_PERM = 3

_LOW_SPACE_BYTES = 1 << 20


def connect(path: Path) -> sqlcipher.Connection:
    """A raw connection in autocommit mode (the store runs its own transactions), usable from any one thread
    at a time (the Store serialises calls with its own lock)."""
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False, timeout=2.0)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def open_keyed(path: Path, passphrase: str, *, data_dir: Path) -> sqlcipher.Connection:
    """Key a connection to `path` and prove the key with a first read, before anything can be written."""
    precheck(path)
    conn = connect(path)
    try:
        if MEMORY_SECURITY:
            conn.execute("PRAGMA cipher_memory_security = ON")
        conn.executescript(key_statement(passphrase))
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlcipher.Error as error:
        conn.close()
        if _code(error) == SQLITE_NOTADB:
            if first_page_damaged(path, passphrase):
                raise CorruptStore(path, "its first page is damaged") from None
            raise WrongPassphrase(data_dir) from None
        raise translate(error, data_dir=data_dir, db=path) from error
    except BaseException:
        conn.close()
        raise
    return conn


# SQLCipher 4's defaults, which the store keeps: the key is PBKDF2-HMAC-SHA512 of the passphrase over the
# file's first 16 bytes (the salt); each page ends in a 16-byte IV and a 64-byte HMAC-SHA512 of the page
# (after the salt, on page 1) with the IV and the page number, keyed by a second, quick derivation.
KDF_ITERATIONS = 256_000
_SALT = 16
_IV = 16
_RESERVE = 80
_HMAC_SALT_MASK = 0x3A
_PAGES_TRIED = 4


def first_page_damaged(path: Path, passphrase: str) -> bool:
    """Whether `passphrase` is right after all and only the first page is damaged, when SQLCipher reports
    "not a database" (it cannot tell a wrong key from a damaged first page: both fail that page's HMAC).

    The key is derived as SQLCipher does and checked against the HMACs of the next few pages: one that matches
    proves the passphrase. So a typo is a wrong passphrase, and a damaged first page is a damaged file (which
    a backup can replace). Costs one more key derivation, only after a failed unlock."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(files.PAGE_SIZE * (_PAGES_TRIED + 1))
    except OSError:
        return False
    if len(data) < 2 * files.PAGE_SIZE:
        return False
    salt = data[:_SALT]
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, 32)
    mac_key = hashlib.pbkdf2_hmac("sha512", key, bytes(b ^ _HMAC_SALT_MASK for b in salt), 2, 32)
    end = files.PAGE_SIZE - _RESERVE + _IV
    for number in range(2, len(data) // files.PAGE_SIZE + 1):
        page = data[(number - 1) * files.PAGE_SIZE:number * files.PAGE_SIZE]
        expected = hmac.new(mac_key, page[:end] + struct.pack("<I", number), "sha512").digest()
        if hmac.compare_digest(expected, page[end:]):
            return True
    return False


def configure(conn: sqlcipher.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StorageError(f"Could not switch the history to write-ahead logging (got {mode!r}).")
    for pragma in (
        "synchronous = FULL",
        "secure_delete = ON",
        "temp_store = MEMORY",
        "foreign_keys = ON",
        "journal_size_limit = 4194304",
    ):
        conn.execute(f"PRAGMA {pragma}")


def precheck(path: Path) -> None:
    """Refuse files that cannot be an intact store, before SQLite sees them: an empty or torn file would
    otherwise be taken for a new database (a silently empty store), or misreported as a wrong passphrase."""
    size = path.stat().st_size
    if size == 0:
        raise CorruptStore(path, "the file is empty")
    if size % files.PAGE_SIZE:
        raise CorruptStore(path, "the file is cut short")
    with open(path, "rb") as handle:
        if handle.read(len(files.PLAINTEXT_HEADER)) == files.PLAINTEXT_HEADER:
            raise CorruptStore(path, "it is not an encrypted Confidant history")


def _code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def translate(error: sqlcipher.Error, *, data_dir: Path, db: Path | None = None) -> BaseException:
    """The StorageError a person should see for `error`, or `error` itself if it is a programming error."""
    code = _code(error)
    db = db or files.db_path(data_dir)
    if code == SQLITE_FULL:
        return DiskFull(data_dir)
    if code == SQLITE_IOERR:
        if out_of_space(data_dir):
            return DiskFull(data_dir)
        return StorageError(
            f"Could not read or write your history in {data_dir} (the disk reported an error). Check the "
            "disk and try again."
        )
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return CorruptStore(db)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreInUse(data_dir)
    if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN):
        return StorageError(
            f"Cannot write to your history in {data_dir}: check that the folder and its files are yours and "
            "writable."
        )
    return error


def out_of_space(data_dir: Path) -> bool:
    """Whether an I/O error is really a lack of room: the disk is (nearly) full, or a file-size limit
    (`ulimit -f`) has been reached by one of the store's files — SQLite reports the latter as an I/O error."""
    try:
        if shutil.disk_usage(data_dir).free < _LOW_SPACE_BYTES:
            return True
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return False
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    if soft == resource.RLIM_INFINITY:
        return False
    sizes = [p.stat().st_size for p in files.store_files(data_dir) if p.exists()]
    return any(size + 64 * 1024 >= soft for size in sizes)
