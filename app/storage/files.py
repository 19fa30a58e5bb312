"""The files the store keeps in the data dir, and careful ways to create, move and remove them.

Everything the store writes is named `history.*`, so wipe can find every side file (WAL, SHM, journals, the
lock, leftovers of an interrupted create/restore/wipe/backup) without touching anything else in the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_NAME = "history.db"
LOCK_NAME = "history.lock"
CREATING_NAME = "history.db.creating"
RESTORING_NAME = "history.db.restoring"
ASIDE_NAME = "history.db.before-restore"  # + "-<local time>": the history a restore replaces, until it is done
WIPING_NAME = "history.db.wiping"
BACKUP_PENDING_NAME = "history.db.backup-pending"  # names the temporary file of a backup being written
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
PAGE_SIZE = 4096  # SQLCipher 4's default page size, which we keep
PLAINTEXT_HEADER = b"SQLite format 3\x00"


def db_path(data_dir: Path) -> Path:
    return data_dir / DB_NAME


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_NAME


def with_side_files(path: Path) -> list[Path]:
    """`path` and the WAL/SHM/journal files SQLite may keep beside it."""
    return [path, *(path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES)]


def aside_copies(data_dir: Path) -> list[Path]:
    """The histories an interrupted restore kept aside (dated, or the older undated name), oldest first."""
    return sorted(p for p in data_dir.glob(ASIDE_NAME + "*") if not p.name.endswith(SIDE_SUFFIXES))


def store_files(data_dir: Path) -> list[Path]:
    """Every file the store may have left in `data_dir` (the lock last)."""
    if not data_dir.is_dir():
        return []
    found = sorted(p for p in data_dir.glob("history.db*") if p.is_file() or p.is_symlink())
    lock = lock_path(data_dir)
    return [*found, lock] if lock.exists() else found


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only; fails if it exists (never clobbers)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    os.close(fd)


def make_private(path: Path) -> None:
    """Tighten an existing file to 0600 (POSIX), e.g. a store copied in by hand with looser permissions."""
    if os.name == "posix" and path.exists() and (path.stat().st_mode & 0o077):
        os.chmod(path, 0o600)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename/unlink in `path` durable (POSIX; directories cannot be opened on Windows)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def shred(path: Path) -> None:
    """Overwrite a file with zeros, then delete it. Best effort on SSDs and copy-on-write filesystems, where
    old blocks may survive; the contents are SQLCipher ciphertext anyway, so this only raises the bar."""
    if path.is_symlink() or not path.exists():
        path.unlink(missing_ok=True)
        return
    try:
        size = path.stat().st_size
        with open(path, "r+b", buffering=0) as handle:
            zeros = bytes(1 << 20)
            left = size
            while left > 0:
                left -= handle.write(zeros[: min(left, len(zeros))])
            os.fsync(handle.fileno())
    except OSError:
        pass  # unreadable or full disk: still delete it below
    path.unlink(missing_ok=True)
