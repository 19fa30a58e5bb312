"""The model catalog (`models/catalog.toml`): the models Confidant knows and how to run them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from app.model.errors import ModelError
from app.model.sampling import Sampling
from app.paths import models_dir


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    file: str
    sha256: str
    size: int
    license: str
    context_length: int
    chat_format: str
    sampling: Sampling


@dataclass(frozen=True)
class Catalog:
    entries: dict[str, CatalogEntry]
    default_id: str
    formats_by_architecture: dict[str, str] = field(default_factory=dict)

    @property
    def default(self) -> CatalogEntry:
        return self.entries[self.default_id]

    def for_file(self, path: Path) -> CatalogEntry | None:
        """The entry describing this file, matched by name and size, so loading need not wait for a hash;
        app.model.verify then checks the sha256 beside loading (damaged weights would still load)."""
        try:
            size = path.stat().st_size
        except OSError:
            return None
        for entry in self.entries.values():
            if entry.file == path.name and entry.size == size:
                return entry
        return None


def load_catalog(path: Path | None = None) -> Catalog:
    path = path or models_dir() / "catalog.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"The model catalog {path} cannot be read: {exc}") from exc
    try:
        entries = {
            model_id: CatalogEntry(
                id=model_id,
                name=raw["name"],
                file=raw["file"],
                sha256=raw["sha256"],
                size=int(raw["size"]),
                license=raw["license"],
                context_length=int(raw["context_length"]),
                chat_format=raw.get("chat_format", "embedded"),
                sampling=Sampling(**raw.get("sampling", {})),
            )
            for model_id, raw in data.get("models", {}).items()
        }
        catalog = Catalog(entries, data["default"], dict(data.get("formats_by_architecture", {})))
        catalog.default  # noqa: B018 - the default must name an entry
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"The model catalog {path} is malformed ({exc}).") from exc
    return catalog
