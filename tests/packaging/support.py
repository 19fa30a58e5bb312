"""Helpers for the packaging proofs: running Confidant as a separate process in a sealed environment, and
looking for a canary in every file it could have written."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUI_SESSION = Path(__file__).resolve().parent / "gui_session.py"
PASSPHRASE = "copper kettle at noon 5"
TIMEOUT = 600  # s: generous for a loaded 2-core machine; runs end as soon as the process does


def source_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "app", *args]


@dataclass(frozen=True)
class Sandbox:
    """A fresh HOME (so platformdirs' data, config and cache dirs live under it) and TMPDIR, and no
    CONFIDANT_HOME: the app finds its folders exactly as it would on a person's computer."""

    home: Path
    tmp: Path

    @classmethod
    def create(cls, root: Path) -> Sandbox:
        sandbox = cls(root / "home", root / "tmp")
        sandbox.home.mkdir(parents=True)
        sandbox.tmp.mkdir(parents=True)
        return sandbox

    def env(self, **extra: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("XDG_", "CONFIDANT_")) and key not in ("PYTHONPATH", "DBUS_SESSION_BUS_ADDRESS")}
        env.update(HOME=str(self.home), TMPDIR=str(self.tmp), QT_QPA_PLATFORM="offscreen",
                   CONFIDANT_PASSPHRASE=PASSPHRASE)
        env.update(extra)
        return env

    @property
    def data_dir(self) -> Path:
        """Where platformdirs puts Confidant's data for this HOME on Linux."""
        return self.home / ".local" / "share" / "Confidant"


def run(command: Sequence[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(list(command), input=stdin, capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=TIMEOUT)


def forms(text: str) -> list[bytes]:
    """The ways a string can sit in a file: UTF-8 (also plain ASCII), UTF-16 in both byte orders."""
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def files_containing(roots: Iterable[Path], text: str) -> list[Path]:
    """Every regular file under `roots` whose raw bytes hold `text` in any of its forms."""
    needles = forms(text)
    found = []
    for root in roots:
        for path in [root, *root.rglob("*")] if root.exists() else []:
            if path.is_file() and not path.is_symlink():
                raw = path.read_bytes()
                if any(needle in raw for needle in needles):
                    found.append(path)
    return found


def all_files(roots: Iterable[Path]) -> list[Path]:
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]
