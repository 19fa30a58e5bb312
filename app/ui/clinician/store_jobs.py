"""What clinician mode asks of the encrypted store (plain Python; each runs on the store runner).

These mirror `confidant profile install / lock / unlock` exactly, including the audit events the CLI
records (profile.installed, profile.locked, profile.unlocked, profile.pin-refused), so a clinician reading the
audit list sees the same history whichever tool was used.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.safety import InstalledProfile, LockError, Profile, ProfileLock
from app.safety.lock import LOCK_KEY
from app.storage import AuditRecord, Store

INSTALL_SOURCE = "clinician editor"


@dataclass(frozen=True)
class LockStatus:
    locked: bool
    locked_at: str | None
    installed: InstalledProfile | None


def lock_status(store: Store) -> LockStatus:
    lock = ProfileLock(store)
    record = store.get_setting(LOCK_KEY, None)
    locked_at = record.get("locked_at") if isinstance(record, dict) else None
    return LockStatus(lock.locked, str(locked_at) if locked_at else None, lock.installed())


def check_pin(store: Store, pin: str, purpose: str) -> bool:
    """Verify the clinician PIN (scrypt: about a tenth of a second); a wrong one is recorded."""
    ok = ProfileLock(store).check_pin(pin)
    if not ok:
        record_event(store, "profile.pin-refused", purpose)
    return ok


def install(store: Store, text: str, pin: str | None) -> Profile:
    lock = ProfileLock(store)
    try:
        profile = lock.install(text, source=INSTALL_SOURCE, pin=pin if lock.locked else None)
    except LockError:
        record_event(store, "profile.pin-refused", "install")
        raise
    record_event(store, "profile.installed", profile.id)
    return profile


def lock(store: Store, pin: str) -> None:
    ProfileLock(store).lock(pin)
    record_event(store, "profile.locked", None)


def unlock(store: Store, pin: str) -> None:
    try:
        ProfileLock(store).unlock(pin)
    except LockError:
        if ProfileLock(store).locked:
            record_event(store, "profile.pin-refused", "unlock")
        raise
    record_event(store, "profile.unlocked", None)


def record_event(store: Store, kind: str, rule: str | None) -> None:
    store.add_audit_event(AuditRecord(kind=kind, category="profile", rule=rule, conversation_id=None, text=None))
