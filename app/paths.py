"""Where Confidant keeps things: the person's data, and the files it ships with.

User data lives in one directory: `--data-dir`, else `CONFIDANT_HOME` (tests and portable use, as Anki's
ANKI_BASE), else the platform's user data dir. Shipped files (assets, models) live beside the code, or
inside the PyInstaller bundle once packaged — never mixed with user data.

Confidant never changes the permissions of a folder it did not create: a data folder it makes is created
0700, and an existing one is used as it is. `--data-dir` naming an existing folder that holds no Confidant
history (a shared folder such as /tmp, a project folder) gets a `confidant` subfolder of our own inside it,
so the history never sits among other people's files and the folder's mode stays what it was.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import platformdirs

from app.errors import ConfidantError

APP_NAME = "Confidant"
HOME_ENV = "CONFIDANT_HOME"
SUBFOLDER = "confidant"  # ours, inside a folder given with --data-dir that we did not create


class DataDirError(ConfidantError):
    """The data folder cannot be a folder (a file is in the way)."""


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The directory holding the person's encrypted store and settings (not created here): `override`
    (--data-dir; its `confidant` subfolder when it is an existing folder without a history), else
    CONFIDANT_HOME, else the platform's user data dir."""
    if override:
        chosen = Path(override).expanduser().resolve()
        if chosen.is_dir() and not _holds_history(chosen):
            return chosen / SUBFOLDER
        return chosen
    if env := os.environ.get(HOME_ENV):
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create `path` readable by its owner only (its parents as usual); an existing folder is left exactly as
    it is — Confidant never changes the permissions of a folder it did not create."""
    path = require_folder(Path(path))
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # made by another process just now: use it as it is
            path.mkdir(mode=0o700)
    return path


def require_folder(path: Path) -> Path:
    """`path`, unless something that is not a folder is in its place (DataDirError says so)."""
    if (path.exists() or path.is_symlink()) and not path.is_dir():
        raise DataDirError(f"{path} is not a folder, so Confidant cannot keep its data there: choose a folder "
                           "(or a name that does not exist yet) for --data-dir.")
    return path


def _holds_history(folder: Path) -> bool:
    """Whether a folder is a Confidant data folder already (its store, or what a command left there)."""
    return (folder / "history.lock").exists() or any(folder.glob("history.db*"))


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
