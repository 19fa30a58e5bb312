"""One Confidant per data dir: an OS lock on a small file beside the database, held while the store is open.

An OS lock (flock on POSIX, msvcrt.locking on Windows) is released by the kernel when the process dies, so a
crash never leaves a stale "already open" behind, unlike a PID file. The lock file is created 0600 and is
kept between runs (deleting it while others may race to open it is the classic unlink race); `wipe` removes
it. flock locks belong to an open file, so even a second open in the same process is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.storage.errors import StoreInUse

if os.name == "nt":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class StoreLock:
    """An exclusive, non-blocking lock on `path`; raises StoreInUse (naming `data_dir`) if it is held."""

    def __init__(self, path: Path, data_dir: Path) -> None:
        self.path = path
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise StoreInUse(data_dir)
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> StoreLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
