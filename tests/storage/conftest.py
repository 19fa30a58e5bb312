"""Storage fixtures: real SQLCipher stores in temp dirs.

Creating a store derives its key twice (~0.15 s each, PBKDF2 at 256,000 iterations, never weakened for
tests), so `store` copies a freshly created empty store made once per session and opens the copy (one
derivation per test).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage import Store
from app.storage.files import DB_NAME
from tests.storage.storage_support import PASSPHRASE


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("template") / "data"
    Store.create(data_dir, PASSPHRASE).close()
    return data_dir / DB_NAME


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store_dir(template_store: Path, data_dir: Path) -> Path:
    """A data dir holding a closed, empty store keyed with PASSPHRASE."""
    data_dir.mkdir(mode=0o700)
    shutil.copy2(template_store, data_dir / DB_NAME)
    return data_dir


@pytest.fixture
def store(store_dir: Path) -> Iterator[Store]:
    opened = Store.open(store_dir, PASSPHRASE)
    yield opened
    opened.close()
