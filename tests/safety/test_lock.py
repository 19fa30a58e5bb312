"""The clinician lock and the installed profile, in a real encrypted store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.safety import DEFAULT_PROFILE_ID, LockError, ProfileError, ProfileLock, load_profile
from app.safety.lock import LOCK_KEY, PROFILE_KEY, hash_pin, verify_pin
from app.storage import Store
from tests.safety.conftest import PASSPHRASE, PIN, PROFILES


def _text(profile_id: str) -> str:
    return (PROFILES / f"{profile_id}.toml").read_text(encoding="utf-8")


def test_with_nothing_installed_the_default_profile_is_active(store: Store) -> None:
    active = ProfileLock(store).active()
    assert active.profile.id == DEFAULT_PROFILE_ID and active.warning is None
    assert ProfileLock(store).installed() is None and not ProfileLock(store).locked


def test_install_copies_the_full_text_so_later_edits_change_nothing(store: Store, tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(_text("cbt-companion"), encoding="utf-8")
    ProfileLock(store).install(mine.read_text(encoding="utf-8"), source=mine.name)
    mine.write_text(_text("cbt-companion").replace('name = "CBT companion (adults)"', 'name = "Edited"'),
                    encoding="utf-8")
    active = ProfileLock(store).active()
    assert active.profile.id == "cbt-companion" and active.profile.name == "CBT companion (adults)"
    installed = ProfileLock(store).installed()
    assert installed is not None and installed.text == _text("cbt-companion")
    assert installed.source == "mine.toml"


def test_an_invalid_profile_is_refused_and_the_current_one_stays(store: Store) -> None:
    lock = ProfileLock(store)
    lock.install(_text("young-people"), source="young-people.toml")
    with pytest.raises(ProfileError):
        lock.install(_text("cbt-companion").replace("ai_disclosure = true", "ai_disclosure = false"))
    assert lock.active().profile.id == "young-people"


def test_a_locked_profile_needs_the_pin_to_change(store: Store) -> None:
    lock = ProfileLock(store)
    lock.install(_text("young-people"), source="young-people.toml")
    lock.lock(PIN)
    assert lock.locked
    with pytest.raises(LockError, match="PIN is needed"):
        lock.install(_text("general-wellbeing"))
    with pytest.raises(LockError, match="not right"):
        lock.install(_text("general-wellbeing"), pin="0000")
    assert lock.active().profile.id == "young-people"
    lock.install(_text("general-wellbeing"), pin=PIN)
    assert ProfileLock(store).active().profile.id == "general-wellbeing" and ProfileLock(store).locked


def test_unlock_needs_the_right_pin(store: Store) -> None:
    lock = ProfileLock(store)
    with pytest.raises(LockError, match="not locked"):
        lock.unlock(PIN)
    lock.lock(PIN)
    with pytest.raises(LockError, match="already locked"):
        lock.lock("another pin")
    with pytest.raises(LockError, match="not right"):
        lock.unlock("wrong pin")
    assert lock.locked
    lock.unlock(PIN)
    assert not lock.locked
    lock.install(_text("cbt-companion"))  # no PIN needed any more


def test_short_pins_are_refused(store: Store) -> None:
    with pytest.raises(LockError, match="at least 4"):
        ProfileLock(store).lock("12 ")


def test_only_a_salted_scrypt_hash_is_stored(store: Store) -> None:
    ProfileLock(store).lock(PIN)
    record = store.get_setting(LOCK_KEY)
    assert record["algorithm"] == "scrypt" and record["n"] >= 2**14 and record["r"] >= 8
    assert PIN not in json.dumps(record)
    assert verify_pin(PIN, record) and not verify_pin(PIN + "x", record)
    other = hash_pin(PIN)
    assert other["salt"] != record["salt"] and other["hash"] != record["hash"]  # salted


def test_a_damaged_lock_record_stays_locked(store: Store) -> None:
    store.set_setting(LOCK_KEY, {"algorithm": "scrypt", "salt": "!!", "hash": "??", "n": 1, "r": 1, "p": 1})
    lock = ProfileLock(store)
    assert lock.locked and not lock.check_pin(PIN)
    with pytest.raises(LockError):
        lock.install(_text("cbt-companion"), pin=PIN)
    store.set_setting(LOCK_KEY, "garbage")
    assert not ProfileLock(store).check_pin(PIN)


def test_a_damaged_installed_copy_falls_back_to_the_default_with_a_warning(store: Store) -> None:
    store.set_setting(PROFILE_KEY, {"text": _text("cbt-companion").replace("schema = 1", "schema = 9"),
                                    "source": "cbt-companion.toml"})
    active = ProfileLock(store).active()
    assert active.profile.id == DEFAULT_PROFILE_ID and active.warning and "schema" in active.warning
    store.set_setting(PROFILE_KEY, 42)
    active = ProfileLock(store).active()
    assert active.profile.id == DEFAULT_PROFILE_ID and active.warning


def test_the_installed_profile_survives_closing_and_reopening(tmp_path: Path) -> None:
    with Store.create(tmp_path / "data", PASSPHRASE) as store:
        ProfileLock(store).install(_text("young-people"), source="young-people.toml")
        ProfileLock(store).lock(PIN)
    with Store.open(tmp_path / "data", PASSPHRASE) as store:
        lock = ProfileLock(store)
        assert lock.locked and lock.active().profile.id == "young-people"
        assert load_profile("young-people").text == lock.installed().text  # type: ignore[union-attr]
