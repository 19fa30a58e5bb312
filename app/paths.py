"""Where Confidant keeps things: the person's data, and the files it ships with.

User data lives in one directory: `--data-dir`, else `CONFIDANT_HOME` (tests and portable use, as Anki's
ANKI_BASE), else the platform's user data dir. Shipped files (assets, models) live beside the code, or
inside the PyInstaller bundle once packaged — never mixed with user data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Confidant"
HOME_ENV = "CONFIDANT_HOME"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The directory holding the person's encrypted store and settings (not created here)."""
    if override:
        return Path(override).expanduser().resolve()
    if env := os.environ.get(HOME_ENV):
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by its owner only; tighten it if it already exists."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def bundle_root() -> Path:
    """The folder holding `assets/` and `models/`: the PyInstaller bundle, or the source checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    return bundle_root() / "assets"


def models_dir() -> Path:
    return bundle_root() / "models"
