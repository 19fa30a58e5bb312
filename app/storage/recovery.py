"""Finishing or undoing what a killed restore, backup, wipe or first start left in the data dir.

Every destructive step in store.py is ordered so that the files left at any moment say which way to go, and
this module runs at every start (open, create, restore, and `Store.recover` for front ends), under the store
lock, before the history is touched:

- `history.db.wiping` exists: a wipe had begun (its first step renames the history to that name), so the
  history is already gone; finish deleting. Never undone, so a half-zeroed file is never offered again.
- `history.db.restoring` exists: a restore had not yet swapped the backup in (the swap renames that file to
  `history.db`, one atomic step); undo: put the kept WAL back, drop the aside name and the staged copy.
- a `history.db.before-restore-…` copy exists without `history.restoring`: the swap had happened; the new
  history was verified before it, so finish by deleting the copy. If `history.db` itself is missing (a
  restore by an older version was killed mid-swap), the copy *is* the history: it is put back, never
  replaced by a new empty store.
- `history.db.backup-pending` names the temporary file of a backup that did not finish: delete it and its
  journal, beside the backup's target.
- `history.db.creating`, or a WAL/SHM/journal without its database: half-made, holding nothing of the
  person's; deleted.

The caller holds the store lock, so nothing here can race a running command.
"""

from __future__ import annotations

import os
import re
from contextlib import suppress
from pathlib import Path

from app.storage import files

_PARTIAL_NAME = re.compile(r"\..+\.[0-9a-f]{8}\.partial\Z")

WIPE_FINISHED = "An interrupted wipe was finished: your history is deleted, and Confidant starts afresh."
RESTORE_UNDONE = "A restore was interrupted before it replaced anything; your history is as it was."
RESTORE_PUT_BACK = "A restore was interrupted; your history from before it has been put back in place."
RESTORE_FINISHED = ("A restore was interrupted after the backup was in place; it has been completed, so "
                    "unlock with the backup's passphrase.")
BACKUP_REMOVED = "A backup was interrupted; its unfinished file was removed (your history is unchanged)."


def needed(data_dir: Path) -> bool:
    """Whether anything is left to finish or undo (cheap: no lock, no file opened)."""
    db = files.db_path(data_dir)
    if any((data_dir / name).exists() for name in (files.WIPING_NAME, files.RESTORING_NAME,
                                                     files.CREATING_NAME, files.BACKUP_PENDING_NAME)):
        return True
    return bool(files.aside_copies(data_dir)) or (not db.exists() and any(
        side.exists() for side in files.with_side_files(db)[1:]))


def recover(data_dir: Path) -> str | None:
    """Bring `data_dir` to exactly one complete history (or none); one sentence for the person, or None."""
    if not data_dir.is_dir() or not needed(data_dir):
        return None
    if (data_dir / files.WIPING_NAME).exists():
        finish_wipe(data_dir)
        return WIPE_FINISHED
    notes = [note for note in (_restore(data_dir), _backup(data_dir)) if note]
    for leftover in files.with_side_files(data_dir / files.CREATING_NAME):
        files.shred(leftover)
    db = files.db_path(data_dir)
    if not db.exists():
        for orphan in files.with_side_files(db)[1:]:
            files.shred(orphan)  # side files without their database belong to nothing
    files.fsync_dir(data_dir)
    return " ".join(notes) or None


def finish_wipe(data_dir: Path) -> None:
    """Delete the store's files for good, in an order that a kill at any point cannot turn into a damaged
    history: first the history is renamed to `history.db.wiping` (or that name is created as a marker), one
    atomic step after which the wipe can only be finished; then everything else is overwritten and deleted;
    the marker goes last, so while any file is left the next start knows to finish. The lock stays."""
    db, marker = files.db_path(data_dir), data_dir / files.WIPING_NAME
    if db.exists():
        os.replace(db, marker)
    elif not marker.exists():
        files.create_private_file(marker)
    files.fsync_dir(data_dir)
    _backup(data_dir)
    for path in files.store_files(data_dir):
        if path.name not in (files.LOCK_NAME, files.WIPING_NAME):
            files.shred(path)
    files.shred(marker)
    files.fsync_dir(data_dir)


def undo_restore(data_dir: Path) -> None:
    """Before the swap: drop the aside name(s) and the staged backup, and give the history its WAL back."""
    db = files.db_path(data_dir)
    for aside in files.aside_copies(data_dir):
        for parked, original in zip(files.with_side_files(aside)[1:], files.with_side_files(db)[1:], strict=True):
            if parked.exists() and not original.exists():
                os.replace(parked, original)
        _drop_aside(aside, db)
    for leftover in files.with_side_files(data_dir / files.RESTORING_NAME):
        files.shred(leftover)


def _restore(data_dir: Path) -> str | None:
    db = files.db_path(data_dir)
    staged = (data_dir / files.RESTORING_NAME).exists()
    asides = files.aside_copies(data_dir)
    if not asides and not staged:
        return None
    if not db.exists() and asides:
        # An older version's restore killed between its two renames (or the history deleted by hand): the
        # newest copy is the history. Side files first, so a kill here leaves the copy still to be found.
        newest = asides[-1]
        pairs = list(zip(files.with_side_files(newest), files.with_side_files(db), strict=True))
        for parked, original in reversed(pairs):
            if parked.exists():
                os.replace(parked, original)
        for leftover in files.with_side_files(data_dir / files.RESTORING_NAME):
            files.shred(leftover)
        note = RESTORE_PUT_BACK
    elif staged:
        undo_restore(data_dir)
        return RESTORE_UNDONE
    else:
        note = RESTORE_FINISHED
    finish_restore(data_dir)
    return note


def finish_restore(data_dir: Path) -> None:
    """After the swap: delete the replaced history kept aside (and its WAL)."""
    db = files.db_path(data_dir)
    for aside in files.aside_copies(data_dir):
        _drop_aside(aside, db)
    files.fsync_dir(data_dir)


def _drop_aside(aside: Path, db: Path) -> None:
    """Delete a kept-aside history. Before the swap it is a second name (hard link) of the live history, so
    only the name goes; afterwards it is the replaced history, overwritten and deleted with its WAL."""
    for side in files.with_side_files(aside)[1:]:  # first, so no side file is ever left without its copy
        files.shred(side)
    same = False
    with suppress(OSError):
        same = db.exists() and os.path.samefile(aside, db)
    if same:
        aside.unlink()
    else:
        files.shred(aside)


def _backup(data_dir: Path) -> str | None:
    marker = data_dir / files.BACKUP_PENDING_NAME
    if not marker.exists():
        return None
    removed = False
    with suppress(OSError, UnicodeDecodeError):
        partial = Path(marker.read_text(encoding="utf-8").strip())
        if partial.is_absolute() and _PARTIAL_NAME.match(partial.name):  # only a file we named ourselves
            for leftover in files.with_side_files(partial):
                if leftover.exists() or leftover.is_symlink():
                    files.shred(leftover)
                    removed = True
    marker.unlink(missing_ok=True)
    return BACKUP_REMOVED if removed else None


def mark_backup(data_dir: Path, partial: Path) -> Path:
    """Note where a backup's temporary file is, so a start after a kill can delete it (it lives beside the
    backup's target, outside the data dir). Holds a path the person chose, never content."""
    marker = data_dir / files.BACKUP_PENDING_NAME
    fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        os.write(fd, str(partial).encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return marker
