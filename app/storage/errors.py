"""Errors from the encrypted store, each worded for the person using Confidant.

The store never shows library messages ("file is not a database") to people: every SQLite/SQLCipher failure a
person can meet is translated into one of these, saying what happened and what to do next.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import ConfidantError

RESTORE_HINT = "if you have a backup, `confidant restore FILE` (or Restore in the app) puts it back."


class StorageError(ConfidantError):
    """The encrypted history could not be read or written."""


class WrongPassphrase(StorageError):
    """The passphrase does not unlock the store (a damaged first page is told apart: CorruptStore)."""

    def __init__(self, where: Path | None = None, *, backup: bool = False, current: bool = False) -> None:
        self.backup = backup  # a backup's passphrase, not the history's (front ends word them differently)
        if current:  # asked again before a change or an erase; the caller says what was left unchanged
            super().__init__("That is not your current passphrase. Check it (and Caps Lock) and try again.")
            return
        if backup:
            super().__init__(
                f"That passphrase does not unlock the backup {where} (a backup opens with the passphrase the "
                "history had when it was made). Nothing was changed."
            )
            return
        super().__init__(
            f"That passphrase does not unlock the history in {where}. Check it (and Caps Lock) and try "
            "again. Nothing was changed."
        )


class InvalidPassphrase(StorageError):
    """A passphrase the store refuses to use (empty, or one SQLCipher would not treat as a passphrase)."""


class StoreInUse(StorageError):
    """Another Confidant (window or command) already has this history open."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(
            f"Your history in {data_dir} is already open in another Confidant window or command. Close it "
            "and try again."
        )


class CorruptStore(StorageError):
    """The database file is damaged or truncated; it is left exactly as found."""

    def __init__(self, path: Path, detail: str = "", *, backup: bool = False) -> None:
        self.backup = backup  # the backup being restored is damaged, not the history
        what = f" ({detail})" if detail else ""
        super().__init__(
            f"Your history file {path} is damaged{what}. It has been left as it is, not repaired or "
            f"replaced; {RESTORE_HINT}"
        )


class DiskFull(StorageError):
    """A write failed for lack of space; everything saved before it is still there."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(
            f"There is not enough disk space in {data_dir} to save. Everything saved before is still there; "
            "free some space and try again."
        )


class StoreNotFound(StorageError):
    """There is no store in the data dir yet."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir  # the GUI says where the history was expected in its own words
        super().__init__(
            f"There is no Confidant history in {data_dir} yet. Start a chat (`confidant chat`) to create one."
        )


class StoreExists(StorageError):
    """Refusing to create a store over an existing one."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(
            f"A Confidant history already exists in {data_dir}; it was not replaced. Open it with your "
            "passphrase, or restore/wipe it explicitly."
        )


class NotFound(StorageError):
    """A conversation or message id that does not exist (any more)."""
