"""Finding the model to run: an explicit path, then the person's chosen model, then the default."""

from __future__ import annotations

import os
from pathlib import Path

from app.model.catalog import Catalog, load_catalog
from app.model.errors import ModelError
from app.paths import models_dir

SETUP_HINT = (
    "Run `python3 packaging/dev.py setup` in the Confidant folder to install the default model, "
    "or choose a .gguf chat model file."
)


def find_model(
    explicit: str | os.PathLike[str] | None = None,
    chosen: str | os.PathLike[str] | None = None,
    catalog: Catalog | None = None,
) -> Path:
    """The model file to load, in discovery order; raises ModelError saying how to install one."""
    if explicit:
        path = Path(explicit).expanduser()
        if not path.exists():
            raise ModelError(f"No model file at {path}.")
        return path
    if chosen:
        path = Path(chosen).expanduser()
        if path.exists():
            return path
    catalog = catalog or load_catalog()
    default = models_dir() / catalog.default.file
    if default.exists():
        return default
    if chosen:
        raise ModelError(f"Your chosen model {chosen} is missing, and the default model is not installed. "
                         + SETUP_HINT)
    raise ModelError(f"No model is installed ({default} is missing). " + SETUP_HINT)
