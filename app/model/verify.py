"""Checking a catalogued model file against its catalog sha256, so damaged weights are refused, not run.

`Catalog.for_file` matches by name and size only, and a file with a few flipped bytes still loads and then
talks nonsense. The check reads the whole file (about 0.3 s for the 98 MB default model), so callers run it
off the GUI thread. A file that passed is remembered for the life of the process, keyed by its path, size
and modification time: a lock and unlock or a model reload do not hash it again. The memory is not kept on
disk on purpose: a saved "verified" mark would outlive a file damaged in place with its timestamp kept, and
one hash per start costs less than trusting it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from app.checksum import sha256_of
from app.model.catalog import Catalog, load_catalog
from app.model.errors import ModelError

_verified: set[tuple[str, int, int]] = set()
_guard = threading.Lock()


class DamagedModel(ModelError):
    """The model file is a catalogued model whose bytes differ from the catalog's sha256."""


def verify_model(path: Path, catalog: Catalog | None = None) -> bool:
    """Raise DamagedModel if `path` is a catalogued model whose sha256 does not match. Returns True if it
    was checked (now or earlier in this process), False for a model the catalog does not know."""
    path = Path(path)
    entry = (catalog or load_catalog()).for_file(path)
    if entry is None:
        return False
    try:
        info = path.stat()
        key = (str(path.resolve()), info.st_size, info.st_mtime_ns)
        with _guard:
            if key in _verified:
                return True
        digest = sha256_of(path)
    except OSError as exc:
        raise ModelError(f"The model file {path} cannot be read: {exc.strerror or exc}.") from exc
    if digest != entry.sha256:
        raise DamagedModel(
            f"The model file {path.name} is damaged (its contents do not match the catalog); run "
            "`python3 packaging/dev.py setup` again to reinstall it, or import the model file again."
        )
    with _guard:
        _verified.add(key)
    return True
