"""Recovery at start: what an interrupted restore, backup or wipe left is finished or undone, and said once.

The states are the ones a kill leaves (test_kill_points.py produces them for real with strace); here each is
laid out by hand, with real stores, so every branch is checked quickly and by name."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from app.storage import Store, StoreNotFound, recovery
from app.storage import files as f
from app.storage.errors import StorageError
from tests.storage.storage_support import PASSPHRASE, sha256


def titles(data_dir: Path, passphrase: str = PASSPHRASE) -> list[str]:
    with Store.open(data_dir, passphrase) as store:
        return [c.title for c in store.list_conversations()]


def names(data_dir: Path) -> list[str]:
    return sorted(os.listdir(data_dir))


@pytest.fixture
def history(store_dir: Path) -> Path:
    with Store.open(store_dir, PASSPHRASE) as store:
        store.create_conversation("mine")
    return store_dir


def test_a_restore_killed_between_an_older_versions_two_renames_puts_the_history_back(history: Path) -> None:
    """The issue's state: `before-restore` and `restoring`, no `history.db`. Opening must find the history;
    creating must not make an empty one over it."""
    os.replace(history / f.DB_NAME, history / f.ASIDE_NAME)
    (history / f.RESTORING_NAME).write_bytes(b"\0" * 4096)
    assert Store.exists(history)  # not a first run
    with pytest.raises(StorageError, match="already exists"):
        Store.create(history, "someone else")
    assert titles(history) == ["mine"]
    assert names(history) == [f.DB_NAME, f.LOCK_NAME]


def test_the_put_back_sentence_is_given_once(history: Path) -> None:
    os.replace(history / f.DB_NAME, history / (f.ASIDE_NAME + "-2026-12-02T081000"))
    with Store.open(history, PASSPHRASE) as store:
        assert store.recovery_note == recovery.RESTORE_PUT_BACK
    with Store.open(history, PASSPHRASE) as store:
        assert store.recovery_note is None


def test_a_restore_killed_before_the_swap_is_undone_and_the_wal_goes_back(history: Path) -> None:
    before = sha256(history / f.DB_NAME)
    aside = history / (f.ASIDE_NAME + "-2026-12-02T081000")
    os.link(history / f.DB_NAME, aside)
    (aside.parent / (aside.name + "-wal")).write_bytes(b"")  # the history's (empty) WAL, moved with it
    (history / f.RESTORING_NAME).write_bytes(b"\1" * 8192)
    assert Store.recover(history) == recovery.RESTORE_UNDONE
    assert names(history) == [f.DB_NAME, f"{f.DB_NAME}-wal", f.LOCK_NAME]
    assert sha256(history / f.DB_NAME) == before  # the live history was not overwritten through its link
    assert titles(history) == ["mine"]


def test_a_restore_killed_after_the_swap_is_finished(history: Path, template_store: Path) -> None:
    aside = history / (f.ASIDE_NAME + "-2026-12-02T081000")
    os.replace(history / f.DB_NAME, aside)
    shutil.copy2(template_store, history / f.DB_NAME)  # the restored (empty) history, swapped in
    assert Store.recover(history) == recovery.RESTORE_FINISHED
    assert names(history) == [f.DB_NAME, f.LOCK_NAME]
    assert titles(history) == []


def test_a_killed_backup_leaves_nothing_beside_its_target_after_the_next_start(history: Path,
                                                                               tmp_path: Path) -> None:
    partial = tmp_path / ".b.db.0123abcd.partial"
    for leftover in f.with_side_files(partial)[:2]:
        leftover.write_bytes(b"unfinished")
    recovery.mark_backup(history, partial)
    (tmp_path / "unrelated.partial").write_bytes(b"not ours")
    assert Store.recover(history) == recovery.BACKUP_REMOVED
    assert not partial.exists() and not Path(f"{partial}-journal").exists()
    assert (tmp_path / "unrelated.partial").exists()
    assert names(history) == [f.DB_NAME, f.LOCK_NAME]


def test_a_backup_marker_naming_someone_elses_file_deletes_nothing(history: Path, tmp_path: Path) -> None:
    precious = tmp_path / "notes.txt"
    precious.write_text("keep me")
    recovery.mark_backup(history, precious)
    assert Store.recover(history) is None
    assert precious.read_text() == "keep me"
    assert not (history / f.BACKUP_PENDING_NAME).exists()


def test_a_killed_wipe_is_finished_never_offered_as_a_damaged_history(history: Path) -> None:
    os.replace(history / f.DB_NAME, history / f.WIPING_NAME)  # wipe's first step
    (history / f"{f.DB_NAME}-wal").write_bytes(b"orphaned")
    assert not Store.exists(history)
    assert Store.recover(history) == recovery.WIPE_FINISHED
    assert names(history) == [f.LOCK_NAME]
    with pytest.raises(StoreNotFound):
        Store.open(history, PASSPHRASE)
    with Store.create(history, "a fresh start") as fresh:
        assert fresh.recovery_note is None and fresh.list_conversations() == []


def test_nothing_to_recover_takes_no_lock_and_creates_nothing(tmp_path: Path) -> None:
    assert Store.recover(tmp_path / "absent") is None
    assert Store.recover(tmp_path) is None
    assert os.listdir(tmp_path) == []


def test_restore_refuses_a_sqlcipher_file_that_is_not_a_history(history: Path, tmp_path: Path) -> None:
    """Same passphrase, a known user_version, but not our tables: refused in one sentence, nothing changed."""
    before = sha256(history / f.DB_NAME)
    for version in (1, 2):
        foreign = tmp_path / f"notes-{version}.db"
        conn = sqlcipher.connect(str(foreign))
        conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
        conn.execute("CREATE TABLE notes(x)")
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()
        conn.close()
        with pytest.raises(StorageError, match="is not a Confidant backup") as refused:
            Store.restore(history, foreign, PASSPHRASE)
        assert str(refused.value).count(". ") == 0 and "nothing was changed" in str(refused.value)
        assert sha256(history / f.DB_NAME) == before
        assert names(history) == [f.DB_NAME, f.LOCK_NAME]
    assert titles(history) == ["mine"]
