"""Fixtures shared by the safety tests that need the real encrypted store (the clinician's lock and actions)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage import Store

PASSPHRASE = "a long enough test passphrase"
PROFILES = Path(__file__).resolve().parents[2] / "assets" / "profiles"
PIN = "4817-clinic"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.create(tmp_path / "data", PASSPHRASE) as opened:
        yield opened
