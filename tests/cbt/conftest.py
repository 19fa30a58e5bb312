"""Toolkit fixtures: a real encrypted store (the root conftest's `chat_store`) that tests can close and open
again, as the app does between runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage import Store
from tests.conftest import CHAT_PASSPHRASE


class Reopenable:
    """Holds the current Store; `reopen()` closes it and unlocks the same files again."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.store = Store.create(data_dir, CHAT_PASSPHRASE)

    def reopen(self) -> Store:
        self.store.close()
        self.store = Store.open(self.data_dir, CHAT_PASSPHRASE)
        return self.store


@pytest.fixture
def vault(confidant_home: Path) -> Iterator[Reopenable]:
    holder = Reopenable(confidant_home)
    yield holder
    holder.store.close()
