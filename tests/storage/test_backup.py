"""Change passphrase, encrypted backup and restore, wipe."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from app.storage import CorruptStore, Store, StoreInUse, WrongPassphrase, wipe
from app.storage.errors import StorageError
from app.storage.files import DB_NAME, LOCK_NAME
from tests.storage.storage_support import PASSPHRASE, sha256


def sample(store: Store) -> tuple[int, list[str]]:
    conversation = store.create_conversation("Backed up")
    texts = [f"message {n}: the river walk helped" for n in range(5)]
    for text in texts:
        store.add_message(conversation.id, "user", text)
    store.set_setting("profile", "cbt")
    return conversation.id, texts


def contents(store: Store, conversation_id: int) -> list[str]:
    return [m.content for m in store.messages(conversation_id)]


def test_change_passphrase_keeps_everything(store: Store, store_dir: Path) -> None:
    conversation_id, texts = sample(store)
    store.change_passphrase("a new 'passphrase' ✓")
    assert contents(store, conversation_id) == texts  # still usable while open
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.open(store_dir, PASSPHRASE)
    with Store.open(store_dir, "a new 'passphrase' ✓") as reopened:
        assert contents(reopened, conversation_id) == texts
        assert reopened.get_setting("profile") == "cbt"
        assert [h.message_id for h in reopened.search("river")]
        assert reopened.check_integrity() == []


def test_backup_is_a_standard_sqlcipher4_file_with_the_same_passphrase(store: Store, tmp_path: Path) -> None:
    _, texts = sample(store)
    backup = tmp_path / "backups" / "confidant-backup.db"
    backup.parent.mkdir()
    store.backup_to(backup)

    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]  # no temporary leftovers
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    conn = sqlcipher.connect(str(backup))  # a plain SQLCipher 4 client, default settings
    conn.execute("PRAGMA key = 'correct horse battery staple'")
    assert conn.execute("SELECT content FROM messages ORDER BY id").fetchall() == [(t,) for t in texts]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.schema_version()
    assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
    conn.close()
    bad = sqlcipher.connect(str(backup))
    bad.execute("PRAGMA key = 'wrong'")
    with pytest.raises(sqlcipher.DatabaseError):
        bad.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    bad.close()

    store.backup_to(backup)  # replacing an earlier backup is fine
    with pytest.raises(StorageError, match="different file"):
        store.backup_to(store.path)
    with pytest.raises(StorageError, match="does not exist"):
        store.backup_to(tmp_path / "missing" / "b.db")


def test_restore_replaces_the_history_after_checking_the_backup(store: Store, store_dir: Path,
                                                                  tmp_path: Path) -> None:
    conversation_id, texts = sample(store)
    backup = tmp_path / "b.db"
    store.backup_to(backup)
    store.delete_conversation(conversation_id)
    store.create_conversation("written after the backup")
    store.change_passphrase("newer")  # the backup keeps the passphrase it was made with

    with pytest.raises(StoreInUse):
        Store.restore(store_dir, backup, PASSPHRASE)
    store.close()
    current = sha256(store_dir / DB_NAME)
    with pytest.raises(WrongPassphrase, match="backup"):
        Store.restore(store_dir, backup, "newer")
    assert sha256(store_dir / DB_NAME) == current

    with Store.restore(store_dir, backup, PASSPHRASE) as restored:
        assert [c.title for c in restored.list_conversations()] == ["Backed up"]
        assert contents(restored, conversation_id) == texts
        assert restored.check_integrity() == []
    assert sorted(p.name for p in store_dir.iterdir()) == [DB_NAME, LOCK_NAME]
    Store.open(store_dir, PASSPHRASE).close()


def test_restore_refuses_a_damaged_backup_and_keeps_the_history(store: Store, store_dir: Path,
                                                                tmp_path: Path) -> None:
    sample(store)
    backup = tmp_path / "b.db"
    store.backup_to(backup)
    store.close()
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.write_bytes(bytes(data))
    current = sha256(store_dir / DB_NAME)

    with pytest.raises(CorruptStore, match="backup is damaged"):
        Store.restore(store_dir, backup, PASSPHRASE)
    assert sha256(store_dir / DB_NAME) == current
    assert sorted(p.name for p in store_dir.iterdir()) == [DB_NAME, LOCK_NAME]
    with pytest.raises(StorageError, match="no backup file"):
        Store.restore(store_dir, tmp_path / "nope.db", PASSPHRASE)


def test_restore_into_an_empty_data_dir(store: Store, tmp_path: Path) -> None:
    conversation_id, texts = sample(store)
    store.backup_to(tmp_path / "b.db")
    with Store.restore(tmp_path / "new-home", tmp_path / "b.db", PASSPHRASE) as restored:
        assert contents(restored, conversation_id) == texts


def test_wipe_removes_every_file_and_refuses_while_open(store: Store, store_dir: Path) -> None:
    sample(store)
    (store_dir / "history.db.restoring").write_bytes(b"leftover of an interrupted restore")
    with pytest.raises(StoreInUse):
        wipe(store_dir)
    assert Store.exists(store_dir)
    store.close()
    wipe(store_dir)
    assert not store_dir.exists()
    assert not Store.exists(store_dir)
    wipe(store_dir)  # nothing left to wipe is fine


def test_wipe_leaves_files_that_are_not_the_stores(store: Store, store_dir: Path) -> None:
    store.close()
    other = store_dir / "models-cache.txt"
    other.write_text("not ours")
    wipe(store_dir)
    assert sorted(os.listdir(store_dir)) == ["models-cache.txt"]
