"""Helpers shared by the storage tests (imported by name: tests/storage is on sys.path under pytest)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

PASSPHRASE = "correct horse battery staple"
ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_python(code: str, *args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter with the project importable (a real second process)."""
    return subprocess.run(
        [PYTHON, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, **kwargs
    )
