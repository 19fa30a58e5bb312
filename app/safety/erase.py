"""Erasing everything from the window, and what outlives it: a guardrail profile a clinician has locked.

The conversations, settings, safety plan, toolkit entries and audit log are the person's, and erasing them is
always theirs to do: it needs their passphrase (so nobody passing an unlocked screen can), never anyone
else's permission. A profile a clinician installed and locked is different: it is the clinician's
configuration, not the person's private data, and erasing the history must not quietly take the lock with it.
So it is kept, with its lock: the erased history is replaced by a new, empty one under the same passphrase,
holding only that profile and lock. With the clinician's PIN, the profile and lock go too and Confidant
starts again from the first-run welcome. An unlocked profile is the person's own choice and is erased.

Two steps, because the store has to be closed in between: `prepare_erase` checks the passphrase (and PIN)
and reads what is kept while the history is still open; `erase` then shreds every file (app.storage.wipe) and,
if something is kept, creates the new history. A kill between the shredding and the new history loses the
lock, as deleting the files would: the README says plainly that the lock cannot stop someone who can delete
files (`confidant wipe` is that: it needs no passphrase, for a forgotten one, and says that the lock goes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.safety.clinician import check_pin
from app.safety.errors import LockError
from app.safety.lock import LOCK_KEY, LOCK_SEEN_KEY, PROFILE_KEY, ProfileLock
from app.storage import Store, WrongPassphrase, wipe

KEPT_WHEN_LOCKED = (PROFILE_KEY, LOCK_KEY, LOCK_SEEN_KEY)
WRONG_PIN = ("That is not the clinician's PIN, so nothing was erased. Leave the PIN empty to erase your data "
             "and keep their guardrail profile.")


@dataclass(frozen=True)
class ErasePlan:
    """What `erase` needs once the store is closed: where, the passphrase for a new history, what it keeps."""

    data_dir: Path
    passphrase: str = field(repr=False)
    kept: dict[str, Any]  # settings rows carried into the new history; empty: nothing is kept

    @property
    def keeps_profile(self) -> bool:
        return bool(self.kept)


def profile_locked(store: Store) -> bool:
    """Whether erasing would keep a locked profile (the erase page says so before anyone types anything)."""
    return ProfileLock(store).locked


def prepare_erase(store: Store, passphrase: str, pin: str | None = None) -> ErasePlan:
    """Check the passphrase (WrongPassphrase otherwise) and, with a locked profile and a PIN, the PIN
    (LockError otherwise, recorded as a refused PIN). Nothing is changed. Slow: two key derivations."""
    if store.data_dir is None:
        raise ValueError("only a store with a data dir can be erased")
    if not store.unlocks_with(passphrase):
        raise WrongPassphrase(current=True)
    kept: dict[str, Any] = {}
    if ProfileLock(store).locked:
        if pin:
            if not check_pin(store, pin, "erase"):  # recorded, like every refused PIN
                raise LockError(WRONG_PIN)
        else:
            kept = {key: store.get_setting(key, None) for key in KEPT_WHEN_LOCKED}
    return ErasePlan(store.data_dir, passphrase, kept)


def erase(plan: ErasePlan) -> Store | None:
    """Shred the history (the store must be closed) and, if the plan keeps a locked profile, create the new
    history holding it, open; None when nothing was kept (the next start is a first run)."""
    wipe(plan.data_dir)
    if not plan.kept:
        return None
    store = Store.create(plan.data_dir, plan.passphrase)
    try:
        for key, value in plan.kept.items():
            if value is not None:
                store.set_setting(key, value)
    except BaseException:
        store.close()
        raise
    return store
