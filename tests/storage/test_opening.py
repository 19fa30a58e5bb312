"""Opening: a wrong passphrase or a damaged file changes nothing; one instance at a time; private files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.storage import CorruptStore, Store, StoreInUse, WrongPassphrase
from app.storage.errors import StorageError, StoreExists, StoreNotFound
from app.storage.files import DB_NAME, LOCK_NAME, PAGE_SIZE
from app.storage.migrations import LATEST_VERSION
from tests.storage.storage_support import PASSPHRASE, run_python, sha256


def fill(store: Store, conversations: int = 12, messages: int = 15) -> None:
    for c in range(conversations):
        conversation = store.create_conversation(f"conversation {c}")
        for m in range(messages):
            store.add_message(conversation.id, "user", f"message {m} of {c} " + "words to fill pages " * 30)


def test_wrong_passphrase_leaves_every_byte_unchanged(store_dir: Path) -> None:
    with Store.open(store_dir, PASSPHRASE) as store:
        fill(store, 3, 3)
    before = sha256(store_dir / DB_NAME)
    mtime = (store_dir / DB_NAME).stat().st_mtime_ns

    with pytest.raises(WrongPassphrase) as caught:
        Store.open(store_dir, "not it")

    assert "does not unlock" in str(caught.value) and "Nothing was changed" in str(caught.value)
    assert sha256(store_dir / DB_NAME) == before
    assert (store_dir / DB_NAME).stat().st_mtime_ns == mtime
    assert sorted(p.name for p in store_dir.iterdir()) == [DB_NAME, LOCK_NAME]  # no WAL/SHM was created
    with Store.open(store_dir, PASSPHRASE) as store:  # and the lock was released
        assert store.count_conversations() == 3


def test_wrong_passphrase_prints_no_library_noise(store_dir: Path) -> None:
    result = run_python(
        "import sys; from pathlib import Path; from app.storage import Store, WrongPassphrase\n"
        "try:\n    Store.open(Path(sys.argv[1]), 'wrong')\nexcept WrongPassphrase:\n    print('refused')\n",
        str(store_dir),
    )
    assert result.stdout == "refused\n"
    assert result.stderr == ""


def test_open_without_a_store_does_not_create_one(data_dir: Path) -> None:
    with pytest.raises(StoreNotFound, match="no Confidant history"):
        Store.open(data_dir, PASSPHRASE)
    assert not data_dir.exists()


def test_create_never_replaces_an_existing_store(store_dir: Path) -> None:
    before = sha256(store_dir / DB_NAME)
    with pytest.raises(StoreExists):
        Store.create(store_dir, "another passphrase")
    assert sha256(store_dir / DB_NAME) == before


def test_second_open_in_this_process_is_refused(store: Store, store_dir: Path) -> None:
    with pytest.raises(StoreInUse, match="already open"):
        Store.open(store_dir, PASSPHRASE)
    assert Store.in_use(store_dir)
    store.close()
    assert not Store.in_use(store_dir)
    Store.open(store_dir, PASSPHRASE).close()


def test_second_process_is_refused_with_a_clear_message(store: Store, store_dir: Path) -> None:
    result = run_python(
        "import sys; from pathlib import Path; from app.storage import Store, StoreInUse\n"
        "try:\n    Store.open(Path(sys.argv[1]), sys.argv[2])\nexcept StoreInUse as e:\n    print(e)\n",
        str(store_dir), PASSPHRASE,
    )
    assert "already open in another Confidant" in result.stdout
    assert result.stderr == ""


def test_files_are_private(store: Store, store_dir: Path) -> None:
    store.add_message(store.create_conversation("t").id, "user", "hello")  # WAL and SHM now exist
    assert stat.S_IMODE(store_dir.stat().st_mode) == 0o700
    names = sorted(p.name for p in store_dir.iterdir())
    assert names == [DB_NAME, f"{DB_NAME}-shm", f"{DB_NAME}-wal", LOCK_NAME]
    for path in store_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_loose_file_permissions_are_tightened_on_open_but_the_folder_is_left_alone(store_dir: Path) -> None:
    os.chmod(store_dir, 0o755)  # an existing folder: Confidant never changes a folder it did not create
    os.chmod(store_dir / DB_NAME, 0o644)
    Store.open(store_dir, PASSPHRASE).close()
    assert stat.S_IMODE(store_dir.stat().st_mode) == 0o755
    assert stat.S_IMODE((store_dir / DB_NAME).stat().st_mode) == 0o600


def test_opening_hardens_the_process(store_dir: Path) -> None:
    result = run_python(
        "import resource, sys; from pathlib import Path; from app.storage import Store\n"
        "from app.storage.hardening import is_dumpable\n"
        "print(is_dumpable(), resource.getrlimit(resource.RLIMIT_CORE))\n"
        "Store.open(Path(sys.argv[1]), sys.argv[2]).close()\n"
        "print(is_dumpable(), resource.getrlimit(resource.RLIMIT_CORE))\n",
        str(store_dir), PASSPHRASE,
    )
    assert result.stderr == ""
    before, after = result.stdout.splitlines()
    assert before.startswith("True")
    assert after == "False (0, 0)"


# ---- damaged files -----------------------------------------------------------------------------------------


@pytest.fixture
def filled_dir(store_dir: Path) -> Path:
    with Store.open(store_dir, PASSPHRASE) as store:
        fill(store)
    return store_dir


def damage(path: Path, offset: int, length: int = 16) -> None:
    data = bytearray(path.read_bytes())
    data[offset : offset + length] = bytes(b ^ 0xFF for b in data[offset : offset + length])
    path.write_bytes(bytes(data))


def read_everything(store: Store) -> None:
    for conversation in store.list_conversations(limit=1000):
        store.messages(conversation.id)
    store.search("words")


@pytest.mark.parametrize(
    "truncate_to", [lambda size: 0, lambda size: size // 2 // PAGE_SIZE * PAGE_SIZE, lambda size: size - 100],
    ids=["empty", "half", "mid_page"],
)
def test_truncated_file_is_reported_and_left_alone(filled_dir: Path, truncate_to) -> None:
    path = filled_dir / DB_NAME
    os.truncate(path, truncate_to(path.stat().st_size))
    before = sha256(path)

    with pytest.raises(CorruptStore) as caught:
        Store.open(filled_dir, PASSPHRASE)

    assert "damaged" in str(caught.value) and "confidant restore" in str(caught.value)
    assert sha256(path) == before
    assert not Store.in_use(filled_dir)


def test_damaged_page_is_reported_writes_stop_and_file_is_left_alone(filled_dir: Path) -> None:
    path = filled_dir / DB_NAME
    pages = path.stat().st_size // PAGE_SIZE
    damage(path, PAGE_SIZE * (pages // 2) + 200)
    before = sha256(path)

    store = Store.open(filled_dir, PASSPHRASE)  # page 1 is fine, so the key checks out
    try:
        with pytest.raises(CorruptStore, match="damaged"):
            read_everything(store)
        with pytest.raises(CorruptStore, match="writing was stopped"):
            store.create_conversation("new")
        assert store.check_integrity()
    finally:
        store.close()
    assert sha256(path) == before


def test_a_damaged_first_page_is_told_from_a_wrong_passphrase(filled_dir: Path) -> None:
    """SQLCipher authenticates page 1 with the key, so a damaged one fails exactly like a wrong key; the store
    checks the next pages' HMACs with the derived key to tell them apart (a restore is offered only for
    damage, never after a typo)."""
    path = filled_dir / DB_NAME
    damage(path, 1000)
    before = sha256(path)
    with pytest.raises(CorruptStore, match="first page is damaged") as caught:
        Store.open(filled_dir, PASSPHRASE)
    assert "confidant restore" in str(caught.value)
    with pytest.raises(WrongPassphrase) as wrong:
        Store.open(filled_dir, PASSPHRASE + "x")
    assert str(wrong.value).endswith("try again. Nothing was changed.")  # no talk of damage or restoring
    assert sha256(path) == before
    assert not Store.in_use(filled_dir)


def test_an_unencrypted_database_in_its_place_is_refused(data_dir: Path) -> None:
    from sqlcipher3 import dbapi2 as sqlcipher

    data_dir.mkdir()
    conn = sqlcipher.connect(str(data_dir / DB_NAME))
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = sha256(data_dir / DB_NAME)
    with pytest.raises(CorruptStore, match="not an encrypted"):
        Store.open(data_dir, PASSPHRASE)
    assert sha256(data_dir / DB_NAME) == before


def test_a_store_from_a_newer_version_is_refused_unchanged(store: Store, store_dir: Path) -> None:
    store._conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    store.close()
    before = sha256(store_dir / DB_NAME)
    with pytest.raises(StorageError, match="newer version"):
        Store.open(store_dir, PASSPHRASE)
    assert sha256(store_dir / DB_NAME) == before
