"""The clinician lock is a policy, not a barrier, against someone with the passphrase. What it does promise:
removing it without the PIN leaves an audit event at the next start. Removal is done here as a person would
do it, with a SQLCipher connection of their own and the passphrase, on a real encrypted store."""

from __future__ import annotations

from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from app.safety import ProfileLock
from app.safety.lock import LOCK_KEY, LOCK_MISSING_EVENT, LOCK_SEEN_KEY
from app.storage import Store
from app.storage import files as f

PASSPHRASE = "a long enough test passphrase"
PIN = "4817-clinic"


def start(data_dir: Path) -> list[str]:
    """What every start does with the profile (GUI unlock, `confidant chat`): resolve it. Returns the audit
    event kinds, oldest first."""
    with Store.open(data_dir, PASSPHRASE) as store:
        ProfileLock(store).active()
        return [event.kind for event in reversed(store.audit_events())]


def delete_settings_rows(data_dir: Path, *keys: str) -> None:
    conn = sqlcipher.connect(str(data_dir / f.DB_NAME))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.executemany("DELETE FROM settings WHERE key = ?", [(key,) for key in keys])
    conn.commit()
    conn.close()


def locked_store(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    with Store.create(data_dir, PASSPHRASE) as store:
        ProfileLock(store).lock(PIN)
    return data_dir


def test_deleting_the_lock_row_with_the_passphrase_is_recorded_once_at_the_next_start(tmp_path: Path) -> None:
    data_dir = locked_store(tmp_path)
    assert start(data_dir) == []
    delete_settings_rows(data_dir, LOCK_KEY)
    assert start(data_dir) == [LOCK_MISSING_EVENT]
    assert start(data_dir) == [LOCK_MISSING_EVENT]  # once, not at every start
    with Store.open(data_dir, PASSPHRASE) as store:
        (event,) = store.audit_events()
        assert event.category == "profile" and "removed without the PIN" in event.rule and event.text is None
        assert not ProfileLock(store).locked


def test_unlocking_with_the_pin_records_no_missing_lock(tmp_path: Path) -> None:
    data_dir = locked_store(tmp_path)
    with Store.open(data_dir, PASSPHRASE) as store:
        ProfileLock(store).unlock(PIN)
    assert start(data_dir) == []


def test_a_lock_made_before_the_mark_existed_gets_it_at_the_next_start(tmp_path: Path) -> None:
    data_dir = locked_store(tmp_path)
    delete_settings_rows(data_dir, LOCK_SEEN_KEY)  # as a store locked by an earlier version
    assert start(data_dir) == []
    delete_settings_rows(data_dir, LOCK_KEY)
    assert start(data_dir) == [LOCK_MISSING_EVENT]


def test_known_limit_deleting_both_rows_or_restoring_an_older_backup_leaves_no_event(tmp_path: Path) -> None:
    """Documented in the README's clinician paragraph: everything in the store is the passphrase holder's."""
    data_dir = locked_store(tmp_path)
    delete_settings_rows(data_dir, LOCK_KEY, LOCK_SEEN_KEY)
    assert start(data_dir) == []

    other = tmp_path / "other"
    with Store.create(other, PASSPHRASE) as store:
        store.backup_to(tmp_path / "before-the-lock.db")
        ProfileLock(store).lock(PIN)
    with Store.restore(other, tmp_path / "before-the-lock.db", PASSPHRASE) as store:
        ProfileLock(store).active()
        assert not ProfileLock(store).locked and store.audit_events() == []
