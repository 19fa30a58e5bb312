"""Erasing everything keeps a profile a clinician locked (their configuration), unless their PIN is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.safety import LockError, ProfileLock
from app.safety.erase import erase, prepare_erase, profile_locked
from app.safety.lock import LOCK_KEY
from app.storage import Store, WrongPassphrase

PASSPHRASE = "a long enough test passphrase"
PIN = "4817-clinic"
PROFILES = Path(__file__).resolve().parents[2] / "assets" / "profiles"


def filled(data_dir: Path, *, locked: bool) -> Store:
    store = Store.create(data_dir, PASSPHRASE)
    conversation = store.create_conversation("Private")
    store.add_message(conversation.id, "user", "something only I should read")
    store.set_setting("ui.theme", "dark")
    lock = ProfileLock(store)
    lock.install((PROFILES / "young-people.toml").read_text(encoding="utf-8"), source="young-people.toml")
    if locked:
        lock.lock(PIN)
    return store


def test_erasing_needs_the_passphrase_and_changes_nothing_without_it(tmp_path: Path) -> None:
    store = filled(tmp_path / "data", locked=False)
    with store, pytest.raises(WrongPassphrase):
        prepare_erase(store, "not the passphrase")
    with Store.open(tmp_path / "data", PASSPHRASE) as again:
        assert [c.title for c in again.list_conversations()] == ["Private"]


def test_without_a_lock_everything_goes_and_the_next_start_is_a_first_run(tmp_path: Path) -> None:
    store = filled(tmp_path / "data", locked=False)
    assert not profile_locked(store)
    plan = prepare_erase(store, PASSPHRASE)
    store.close()
    assert erase(plan) is None
    assert not Store.exists(tmp_path / "data")


def test_a_locked_profile_and_its_lock_outlive_the_erase_under_the_same_passphrase(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = filled(data_dir, locked=True)
    assert profile_locked(store)
    plan = prepare_erase(store, PASSPHRASE)
    assert plan.keeps_profile and PASSPHRASE not in repr(plan)
    store.close()
    with erase(plan) as fresh:
        assert fresh.list_conversations() == [] and fresh.audit_events() == []
        assert fresh.get_setting("ui.theme") is None  # the person's settings are gone
        lock = ProfileLock(fresh)
        assert lock.locked and lock.check_pin(PIN) and not lock.check_pin("0000")
        assert lock.active().profile.id == "young-people"
        assert lock.check_lock_kept()  # the lock's second mark came along: no "removed without the PIN"
    with Store.open(data_dir, PASSPHRASE) as reopened:
        assert ProfileLock(reopened).locked


def test_with_the_pin_the_locked_profile_goes_too_and_a_wrong_pin_erases_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = filled(data_dir, locked=True)
    with pytest.raises(LockError, match="nothing was erased"):
        prepare_erase(store, PASSPHRASE, pin="0000")
    assert [c.title for c in store.list_conversations()] == ["Private"]
    assert [(e.kind, e.rule) for e in store.audit_events()][:1] == [("profile.pin-refused", "erase")]
    assert store.get_setting(LOCK_KEY) is not None

    plan = prepare_erase(store, PASSPHRASE, pin=PIN)
    assert not plan.keeps_profile
    store.close()
    assert erase(plan) is None and not Store.exists(data_dir)
