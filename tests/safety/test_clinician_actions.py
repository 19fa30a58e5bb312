"""The clinician's actions on a real encrypted store (app/safety/clinician.py): install, lock, unlock and PIN
checks, each leaving the audit event that `confidant profile` and the GUI's clinician mode both rely on."""

from __future__ import annotations

import pytest

from app.safety import LockError, ProfileError, ProfileLock
from app.safety.clinician import check_pin, install_profile, lock_profile, lock_status, unlock_profile
from app.storage import Store
from tests.safety.conftest import PIN, PROFILES


def events(store: Store) -> list[tuple[str, str | None, str | None]]:
    """(kind, category, rule) of every audit event, oldest first; none may hold text."""
    found = list(reversed(store.audit_events()))
    assert all(event.text is None and event.conversation_id is None for event in found)
    return [(event.kind, event.category, event.rule) for event in found]


def text(profile_id: str) -> str:
    return (PROFILES / f"{profile_id}.toml").read_text(encoding="utf-8")


def test_install_lock_and_unlock_record_their_events(store: Store) -> None:
    profile = install_profile(store, text("young-people"), source="young-people.toml")
    assert ProfileLock(store).installed().source == "young-people.toml"
    lock_profile(store, PIN)
    status = lock_status(store)
    assert status.locked and status.locked_at and status.installed.profile_id == profile.id
    unlock_profile(store, PIN)
    assert not lock_status(store).locked
    assert events(store) == [("profile.installed", "profile", "young-people"), ("profile.locked", "profile", None),
                             ("profile.unlocked", "profile", None)]


def test_a_locked_profile_refuses_a_wrong_pin_and_records_each_refusal(store: Store) -> None:
    lock_profile(store, PIN)
    with pytest.raises(LockError):
        install_profile(store, text("young-people"), source="clinician editor", pin="wrong-pin")
    with pytest.raises(LockError):
        unlock_profile(store, "wrong-pin")
    assert not check_pin(store, "0000", "clinician-mode")
    assert check_pin(store, PIN, "clinician-mode")
    assert ProfileLock(store).installed() is None and lock_status(store).locked  # nothing changed
    assert events(store) == [("profile.locked", "profile", None), ("profile.pin-refused", "profile", "install"),
                             ("profile.pin-refused", "profile", "unlock"),
                             ("profile.pin-refused", "profile", "clinician-mode")]
    install_profile(store, text("young-people"), source="clinician editor", pin=PIN)
    assert events(store)[-1] == ("profile.installed", "profile", "young-people")


def test_what_is_refused_for_other_reasons_records_nothing(store: Store) -> None:
    with pytest.raises(LockError):
        unlock_profile(store, PIN)  # not locked: nothing to unlock, and no PIN was wrong
    with pytest.raises(LockError):
        lock_profile(store, "12")  # too short
    with pytest.raises(ProfileError):
        install_profile(store, 'schema = 1\nid = "half-written"\n', source="draft.toml")
    assert check_pin(store, "anything", "clinician-mode")  # no lock: every PIN opens
    assert events(store) == []
    assert ProfileLock(store).installed() is None
