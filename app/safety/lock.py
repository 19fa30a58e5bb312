"""The clinician lock and the installed profile, both kept in the encrypted store's settings.

Installing a profile copies its full TOML text into the store, so editing the file later changes nothing
until it is installed again. A clinician may lock the active profile with a PIN or passphrase; from then on
installing another profile, or unlocking, needs it. The PIN is never stored: only a salted scrypt hash
(memory-hard), compared in constant time.

The store is anything with `get_setting(key, default)` / `set_setting(key, value)` holding JSON values —
`app.storage`'s Store in the app, so both the profile copy and the hash live encrypted at rest.

The lock is a policy, not a barrier, against someone who has the passphrase: they can open the store with any
SQLCipher tool and delete the settings row, or restore a backup made before the lock. So the lock leaves a
second mark (LOCK_SEEN_KEY) that only a PIN unlock clears; `active()`, run at every start, records a
`profile.lock-missing` audit event when the lock row has gone but the mark is still there. Deleting both rows,
and the audit events, or restoring an older backup, still leaves no trace — the README says so.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

from app.safety.errors import LockError
from app.safety.events import LOCK_MISSING
from app.safety.loading import ResolvedProfile, resolve_profile
from app.safety.profile import Profile, validate_profile_text

PROFILE_KEY = "safety.profile"
LOCK_KEY = "safety.lock"
LOCK_SEEN_KEY = "safety.lock.seen"  # when the current lock was made; cleared only by an unlock with the PIN
LOCK_MISSING_EVENT = LOCK_MISSING  # recorded by check_lock_kept
MIN_PIN = 4
MAX_PIN = 1024
# scrypt cost: 2**15 x 8 x 1 needs 32 MiB and ~0.1 s per try — slow to guess, quick enough to type.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 256 * 1024 * 1024


class SettingsStore(Protocol):
    def get_setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...


@runtime_checkable
class AuditingStore(Protocol):
    """A settings store that also keeps the audit log (app.storage's Store)."""

    def add_audit_event(self, record: Any) -> int: ...


@dataclass(frozen=True)
class InstalledProfile:
    text: str
    profile_id: str
    name: str
    version: str
    source: str
    installed_at: str


def hash_pin(pin: str, *, salt: bytes | None = None, n: int = SCRYPT_N, r: int = SCRYPT_R,
             p: int = SCRYPT_P) -> dict[str, Any]:
    """A storable record of the PIN: salted scrypt hash plus its parameters (never the PIN itself)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)
    return {"algorithm": "scrypt", "n": n, "r": r, "p": p, "salt": base64.b64encode(salt).decode("ascii"),
            "hash": base64.b64encode(digest).decode("ascii")}


def verify_pin(pin: str, record: dict[str, Any]) -> bool:
    """Constant-time check of `pin` against a record from hash_pin; a malformed record never matches."""
    try:
        if record.get("algorithm") != "scrypt":
            return False
        n, r, p = int(record["n"]), int(record["r"]), int(record["p"])
        if not (2**10 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):
            return False
        salt = base64.b64decode(record["salt"], validate=True)
        expected = base64.b64decode(record["hash"], validate=True)
        digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM,
                                dklen=len(expected))
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    return hmac.compare_digest(digest, expected)


class ProfileLock:
    """The installed profile and its clinician lock, read from and written to `settings`."""

    def __init__(self, settings: SettingsStore) -> None:
        self._settings = settings

    # ---- lock ----------------------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self._settings.get_setting(LOCK_KEY, None) is not None

    def lock(self, pin: str) -> None:
        """Lock the active profile with a new PIN. To change the PIN: unlock with the old one, lock again."""
        if self.locked:
            raise LockError("The profile is already locked. To change the PIN, unlock it with the current "
                            "PIN first (`confidant profile unlock`), then lock it again.")
        _check_new_pin(pin)
        record = hash_pin(pin)
        record["locked_at"] = _now()
        self._settings.set_setting(LOCK_KEY, record)
        self._settings.set_setting(LOCK_SEEN_KEY, record["locked_at"])

    def unlock(self, pin: str) -> None:
        """Remove the lock; needs the current PIN."""
        if not self.locked:
            raise LockError("The profile is not locked, so there is nothing to unlock.")
        self._require(pin)
        self._settings.set_setting(LOCK_KEY, None)
        self._settings.set_setting(LOCK_SEEN_KEY, None)

    def check_lock_kept(self) -> bool:
        """Whether the lock is as the last PIN-checked change left it. If its row was removed some other way
        (an SQLCipher tool, with the passphrase), record `profile.lock-missing` in the audit log once and
        return False. A lock made before LOCK_SEEN_KEY existed gets its mark now."""
        record = self._settings.get_setting(LOCK_KEY, None)
        seen = self._settings.get_setting(LOCK_SEEN_KEY, None)
        if record is not None:
            if seen is None:
                locked_at = record.get("locked_at") if isinstance(record, dict) else None
                self._settings.set_setting(LOCK_SEEN_KEY, str(locked_at or _now()))
            return True
        if seen is None:
            return True
        if isinstance(self._settings, AuditingStore):
            from app.storage.records import AuditRecord  # the store's own record type

            self._settings.add_audit_event(AuditRecord(
                kind=LOCK_MISSING_EVENT, category="profile", rule=f"locked {seen}, removed without the PIN",
                conversation_id=None, text=None))
        self._settings.set_setting(LOCK_SEEN_KEY, None)
        return False

    def check_pin(self, pin: str) -> bool:
        record = self._settings.get_setting(LOCK_KEY, None)
        if record is None:
            return True
        if not isinstance(record, dict):
            return False  # a damaged lock record stays locked: fail closed
        return verify_pin(pin or "", record)

    def _require(self, pin: str | None) -> None:
        if not self.locked:
            return
        if not pin:
            raise LockError("The guardrail profile is locked by a clinician. Their PIN is needed to change "
                            "it.")
        if not self.check_pin(pin):
            raise LockError("That PIN is not right, so nothing was changed. The guardrail profile stays as "
                            "it was. Ask the clinician who locked it.")

    # ---- installed profile ---------------------------------------------------------------------------

    def install(self, text: str, *, source: str = "profile", pin: str | None = None) -> Profile:
        """Validate `text` and make it the active profile (a full copy is stored). Needs the PIN if locked;
        an invalid profile raises ProfileError and leaves the current one in place."""
        self._require(pin)
        profile = validate_profile_text(text, source=source)
        self._settings.set_setting(PROFILE_KEY, {
            "text": text, "id": profile.id, "name": profile.name, "version": profile.version,
            "source": source, "installed_at": _now(),
        })
        return profile

    def installed(self) -> InstalledProfile | None:
        record = self._settings.get_setting(PROFILE_KEY, None)
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            return None
        return InstalledProfile(text=record["text"], profile_id=str(record.get("id", "")),
                                name=str(record.get("name", "")), version=str(record.get("version", "")),
                                source=str(record.get("source", "")),
                                installed_at=str(record.get("installed_at", "")))

    def active(self) -> ResolvedProfile:
        """The profile to run with: the installed copy, else the shipped default; never none (fails closed).
        A damaged installed copy falls back to the default with a warning for the person. Every start asks
        for it, so this is also where a lock removed without the PIN is noticed (check_lock_kept)."""
        self.check_lock_kept()
        record = self._settings.get_setting(PROFILE_KEY, None)
        if record is None:
            return resolve_profile()
        installed = self.installed()
        if installed is None:
            return resolve_profile(text="", source="the installed profile")
        return resolve_profile(text=installed.text, source=f"{installed.source} (installed)")


def _check_new_pin(pin: str) -> None:
    if not isinstance(pin, str) or len(pin.strip()) < MIN_PIN:
        raise LockError(f"A clinician PIN needs at least {MIN_PIN} characters (6 or more is better).")
    if len(pin) > MAX_PIN:
        raise LockError(f"A clinician PIN can be at most {MAX_PIN} characters.")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
