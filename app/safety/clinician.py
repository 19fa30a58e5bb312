"""What a clinician does to the encrypted store — install a profile, lock it, unlock it, give the PIN — each
with its audit event. One implementation for `confidant profile ...` and the GUI's clinician mode, so a
clinician reading the audit list sees the same history whichever tool was used.

These run wherever the store is open: the CLI's own thread, or the GUI's store worker (never the GUI
thread: a PIN check is a deliberately slow scrypt hash). They raise LockError / ProfileError with messages
written for a person; a front end may check `ProfileLock(store).locked` first to word its own refusal.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.safety.errors import LockError
from app.safety.events import PIN_REFUSED, PROFILE_INSTALLED, PROFILE_LOCKED, PROFILE_UNLOCKED
from app.safety.lock import LOCK_KEY, InstalledProfile, ProfileLock
from app.safety.profile import Profile
from app.storage import AuditRecord, Store


@dataclass(frozen=True)
class LockStatus:
    """The clinician lock and the installed profile, as clinician mode shows them."""

    locked: bool
    locked_at: str | None
    installed: InstalledProfile | None


def lock_status(store: Store) -> LockStatus:
    lock = ProfileLock(store)
    record = store.get_setting(LOCK_KEY, None)
    locked_at = record.get("locked_at") if isinstance(record, dict) else None
    return LockStatus(lock.locked, str(locked_at) if locked_at else None, lock.installed())


def check_pin(store: Store, pin: str, purpose: str) -> bool:
    """Whether `pin` opens the lock (always, when there is none); a wrong one is recorded with `purpose`."""
    ok = ProfileLock(store).check_pin(pin)
    if not ok:
        record_event(store, PIN_REFUSED, purpose)
    return ok


def install_profile(store: Store, text: str, *, source: str, pin: str | None = None) -> Profile:
    """Validate `text` and make it the active profile. The PIN is asked of a locked profile only; a refused
    one is recorded. An invalid profile raises ProfileError and changes nothing."""
    lock = ProfileLock(store)
    try:
        profile = lock.install(text, source=source, pin=pin if lock.locked else None)
    except LockError:
        record_event(store, PIN_REFUSED, "install")
        raise
    record_event(store, PROFILE_INSTALLED, profile.id)
    return profile


def lock_profile(store: Store, pin: str) -> None:
    """Lock the active profile with a new PIN (LockError if already locked, or the PIN is too short)."""
    ProfileLock(store).lock(pin)
    record_event(store, PROFILE_LOCKED, None)


def unlock_profile(store: Store, pin: str) -> None:
    """Remove the lock; a wrong PIN is recorded and raises LockError, as does a profile that is not locked."""
    lock = ProfileLock(store)
    try:
        lock.unlock(pin)
    except LockError:
        if lock.locked:
            record_event(store, PIN_REFUSED, "unlock")
        raise
    record_event(store, PROFILE_UNLOCKED, None)


def record_event(store: Store, kind: str, rule: str | None) -> None:
    """A clinician event: category "profile", never any message text."""
    store.add_audit_event(AuditRecord(kind=kind, category="profile", rule=rule, conversation_id=None, text=None))
