"""Asking for the current passphrase again while the history is open (before a change or an erase)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.storage import Store, WrongPassphrase
from tests.storage.storage_support import PASSPHRASE


def test_the_open_history_checks_a_passphrase_without_disturbing_itself(store: Store) -> None:
    conversation = store.create_conversation("Still here")
    assert store.unlocks_with(PASSPHRASE)
    assert not store.unlocks_with(PASSPHRASE + " ")
    assert not store.unlocks_with("")
    store.add_message(conversation.id, "user", "written after the checks")  # the store's own connection works
    assert [m.content for m in store.messages(conversation.id)] == ["written after the checks"]


def test_a_change_with_the_wrong_current_passphrase_changes_nothing(store: Store, store_dir: Path) -> None:
    with pytest.raises(WrongPassphrase, match="not your current passphrase"):
        store.change_passphrase("a new passphrase 5", current="not it at all")
    assert store.unlocks_with(PASSPHRASE) and not store.unlocks_with("a new passphrase 5")

    store.change_passphrase("a new passphrase 5", current=PASSPHRASE)
    assert store.unlocks_with("a new passphrase 5") and not store.unlocks_with(PASSPHRASE)
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.open(store_dir, PASSPHRASE)
    Store.open(store_dir, "a new passphrase 5").close()


def test_a_closed_history_checks_nothing(store: Store) -> None:
    store.close()
    with pytest.raises(Exception, match="closed"):
        store.unlocks_with(PASSPHRASE)
