"""Shared fixtures: every test gets its own data dir; the real default model is loaded once per run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def confidant_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point CONFIDANT_HOME at a fresh temp dir so no test touches a real person's data."""
    home = tmp_path_factory.mktemp("confidant-home")
    monkeypatch.setenv("CONFIDANT_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def default_model_path() -> Path:
    from app.model.catalog import load_catalog
    from app.paths import models_dir

    path = models_dir() / load_catalog().default.file
    if not path.exists():
        pytest.fail(f"{path} is missing: run `python3 packaging/dev.py test`, which fetches it.")
    return path


_engine = None


@pytest.fixture
def engine(default_model_path: Path):
    """The real default model. Kept loaded between tests; reloaded (well under a second) when a test
    loaded another model, since a process holds only one."""
    from app.model.engine import Engine

    global _engine
    if _engine is None or _engine.closed:
        _engine = Engine.load(default_model_path, n_ctx=2048)
    return _engine


CHAT_PASSPHRASE = "a quiet harbour at dawn"


@pytest.fixture(scope="session")
def guardrails():
    """The rails of the shipped default profile, as the app runs them."""
    from app.safety import Guardrails, default_profile

    return Guardrails(default_profile())


@pytest.fixture
def chat_store(confidant_home: Path):
    """A real encrypted store in the test's own data dir."""
    from app.storage import Store

    store = Store.create(confidant_home, CHAT_PASSPHRASE)
    yield store
    store.close()
