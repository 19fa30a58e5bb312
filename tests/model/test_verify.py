"""Damaged weights are refused by their catalog sha256, not loaded to talk nonsense."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.model import verify
from app.model.verify import DamagedModel, verify_model
from tests.gguf_files import with_flipped_weights


def test_the_real_default_model_passes_and_is_not_hashed_twice(default_model_path: Path, monkeypatch) -> None:
    assert verify_model(default_model_path) is True
    hashed = []
    monkeypatch.setattr(verify, "sha256_of", lambda path: hashed.append(path) or "")
    assert verify_model(default_model_path) is True  # remembered by path, size and modification time
    assert hashed == []


def test_a_copy_with_flipped_weight_bytes_is_refused(default_model_path: Path, tmp_path: Path) -> None:
    damaged = with_flipped_weights(default_model_path, tmp_path / default_model_path.name)
    assert damaged.stat().st_size == default_model_path.stat().st_size
    with pytest.raises(DamagedModel, match=r"is damaged.*setup"):
        verify_model(damaged)


def test_a_verified_file_changed_later_is_checked_again(default_model_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / default_model_path.name
    copy.write_bytes(default_model_path.read_bytes())
    assert verify_model(copy) is True
    with_flipped_weights(default_model_path, copy)  # damaged in place: a new modification time
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    with pytest.raises(DamagedModel):
        verify_model(copy)


def test_a_model_the_catalog_does_not_know_is_not_checked(tmp_path: Path) -> None:
    other = tmp_path / "someone-elses.gguf"
    other.write_bytes(b"GGUF" + b"\0" * 64)
    assert verify_model(other) is False
