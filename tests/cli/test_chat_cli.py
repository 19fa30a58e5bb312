"""`confidant chat` as people and scripts use it: through a pipe, in a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def confidant(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_chat_over_a_pipe_answers_each_line_and_exits_0() -> None:
    result = confidant("chat", "--seed", "1", "--temperature", "0", "--max-tokens", "24",
                       stdin="Hello there.\n\nWhat is the capital of France?\n")
    assert result.returncode == 0, result.stderr
    replies = result.stdout.strip("\n").split("\n")
    assert len(replies) >= 2 and all(line.strip() for line in replies[:1])
    assert "Paris" in result.stdout
    assert result.stderr == ""  # no prompts or progress noise when not on a terminal


def test_version() -> None:
    result = confidant("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("Confidant ")


def test_a_bad_model_is_one_readable_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    bad = tmp_path / "model.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\x00" * 5)
    result = confidant("chat", "--model", str(bad), stdin="hi\n")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "incomplete" in result.stderr


def test_missing_model_says_how_to_install_one(tmp_path: Path) -> None:
    result = confidant("chat", "--model", str(tmp_path / "missing.gguf"), stdin="hi\n")
    assert result.returncode == 2
    assert "No model file" in result.stderr


def test_invalid_flag_value_is_refused() -> None:
    result = confidant("chat", "--max-tokens", "0")
    assert result.returncode == 2
    assert "must be at least 1" in result.stderr
