"""A bounds-checked GGUF header reader.

llama.cpp trusts the files it opens and can abort the whole process on a malformed one, which would
take a person's open conversation with it. So every model file passes through this reader first: it
parses the header, the metadata and the tensor table with every length checked against the file size,
and confirms that each tensor's data lies inside the file. Only then does llama.cpp see the file.
"""

from __future__ import annotations

import mmap
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.model.errors import ModelError

MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32

# Limits that no real model comes near; they stop a hostile header from making us allocate gigabytes.
MAX_STRING_BYTES = 64 * 1024 * 1024
MAX_ARRAY_ITEMS = 16 * 1024 * 1024
MAX_KV_COUNT = 1 << 16
MAX_TENSOR_COUNT = 1 << 20
MAX_DIMS = 8
SMALL_ARRAY = 256  # string arrays longer than this (vocabularies) are checked but not decoded

_SCALARS: dict[int, str] = {
    0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d",
}
_STRING, _ARRAY = 8, 9

# ggml tensor types: (elements per block, bytes per block). A type missing here is still bounds-checked
# by its offset; only its exact size is unknown to us.
GGML_BLOCKS: dict[int, tuple[int, int]] = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24), 8: (32, 34), 9: (32, 36),
    10: (256, 84), 11: (256, 110), 12: (256, 144), 13: (256, 176), 14: (256, 210), 15: (256, 292),
    16: (256, 66), 17: (256, 74), 18: (256, 98), 19: (256, 50), 20: (32, 18), 21: (256, 110),
    22: (256, 82), 23: (256, 136), 24: (1, 1), 25: (1, 2), 26: (1, 4), 27: (1, 8), 28: (1, 8),
    29: (256, 56), 30: (1, 2), 34: (256, 54), 35: (256, 66), 39: (32, 17),
}


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int

    @property
    def n_bytes(self) -> int | None:
        block = GGML_BLOCKS.get(self.ggml_type)
        if block is None:
            return None
        elements = 1
        for dim in self.shape:
            elements *= dim
        per_block, block_bytes = block
        return -(-elements // per_block) * block_bytes


@dataclass(frozen=True)
class GGUFHeader:
    """What Confidant needs to know about a model file before loading it."""

    path: Path
    version: int
    file_size: int
    metadata: dict[str, Any]
    tensors: tuple[TensorInfo, ...]
    data_offset: int
    header_end: int  # where the tensor table ends; alignment padding follows, then the weights
    kv_spans: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False)

    @property
    def architecture(self) -> str | None:
        value = self.metadata.get("general.architecture")
        return value if isinstance(value, str) else None

    @property
    def name(self) -> str | None:
        value = self.metadata.get("general.name")
        return value if isinstance(value, str) else None

    @property
    def chat_template(self) -> str | None:
        value = self.metadata.get("tokenizer.chat_template")
        return value if isinstance(value, str) and value.strip() else None

    @property
    def context_length(self) -> int | None:
        arch = self.architecture
        value = self.metadata.get(f"{arch}.context_length") if arch else None
        return int(value) if isinstance(value, int) else None

    @property
    def license(self) -> str | None:
        value = self.metadata.get("general.license")
        return value if isinstance(value, str) else None


class _Reader:
    """Reads little-endian GGUF primitives from a mapped file; every short read becomes a ModelError."""

    def __init__(self, buffer: mmap.mmap, path: Path) -> None:
        self._buffer = buffer
        self._size = len(buffer)
        self._path = path
        self.position = 0

    def _incomplete(self, what: str) -> ModelError:
        return ModelError(
            f"{self._path.name} is incomplete: it ends in the middle of its {what}. "
            "The download or copy was probably cut short."
        )

    def skip(self, n: int, what: str) -> None:
        if n < 0 or self.position + n > self._size:
            raise self._incomplete(what)
        self.position += n

    def take(self, n: int, what: str) -> bytes:
        start = self.position
        self.skip(n, what)
        return self._buffer[start : self.position]

    def scalar(self, fmt: str, what: str) -> Any:
        try:
            value = struct.unpack_from(fmt, self._buffer, self.position)[0]
        except struct.error:
            raise self._incomplete(what) from None
        self.position += struct.calcsize(fmt)
        return value

    def length(self, what: str) -> int:
        length = self.scalar("<Q", what)
        if length > MAX_STRING_BYTES:
            raise ModelError(f"{self._path.name} is damaged: its {what} claims to be {length:,} bytes long.")
        return length

    def string(self, what: str) -> str:
        raw = self.take(self.length(what), what)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ModelError(f"{self._path.name} is damaged: its {what} is not valid text.") from exc

    def value(self, value_type: int, what: str) -> Any:
        if value_type in _SCALARS:
            return self.scalar(_SCALARS[value_type], what)
        if value_type == _STRING:
            return self.string(what)
        if value_type == _ARRAY:
            item_type = self.scalar("<I", what)
            count = self.scalar("<Q", what)
            if count > MAX_ARRAY_ITEMS:
                raise ModelError(f"{self._path.name} is damaged: its {what} claims {count:,} entries.")
            if item_type in _SCALARS:
                # Numeric arrays (token scores and types) are only stepped over: nothing here needs them.
                self.skip(struct.calcsize(_SCALARS[item_type]) * count, what)
                return _SkippedArray(item_type, count)
            if item_type == _STRING and count > SMALL_ARRAY:
                # The vocabulary and merges: bounds-checked string by string, but not decoded.
                for _ in range(count):
                    self.skip(self.length(what), what)
                return _SkippedArray(item_type, count)
            return [self.value(item_type, what) for _ in range(count)]
        raise ModelError(f"{self._path.name} is damaged: unknown value type {value_type} in its {what}.")


@dataclass(frozen=True)
class _SkippedArray:
    item_type: int
    count: int


def read_header(path: str | os.PathLike[str]) -> GGUFHeader:
    """Parse and bounds-check a GGUF file's header; raise ModelError with a plain-language reason."""
    path = Path(path)
    if not path.exists():
        raise ModelError(f"No model file at {path}.")
    if path.is_dir():
        raise ModelError(f"{path} is a folder, not a model file.")
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size == 0:
                raise ModelError(f"{path.name} is empty (0 bytes). The download or copy did not complete.")
            with mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as buffer:
                return _parse(_Reader(buffer, path), path, size)
    except OSError as exc:
        raise ModelError(f"Cannot read the model file {path}: {exc.strerror or exc}.") from exc


def _parse(reader: _Reader, path: Path, size: int) -> GGUFHeader:
    if size < 4 or reader.take(4, "header") != MAGIC:
        raise ModelError(
            f"{path.name} is not a GGUF model file. Confidant runs models in the GGUF format "
            "(files ending in .gguf, as published for llama.cpp)."
        )
    version = reader.scalar("<I", "header")
    if version not in SUPPORTED_VERSIONS:
        raise ModelError(
            f"{path.name} uses GGUF version {version}, which this version of Confidant cannot read "
            f"(it reads versions {', '.join(map(str, SUPPORTED_VERSIONS))})."
        )
    tensor_count = reader.scalar("<Q", "header")
    kv_count = reader.scalar("<Q", "header")
    if tensor_count > MAX_TENSOR_COUNT or kv_count > MAX_KV_COUNT:
        raise ModelError(f"{path.name} is damaged: its header claims implausible sizes.")

    metadata: dict[str, Any] = {}
    spans: dict[str, tuple[int, int]] = {}
    for _ in range(kv_count):
        start = reader.position
        key = reader.string("metadata")
        value_type = reader.scalar("<I", "metadata")
        metadata[key] = reader.value(value_type, f"metadata ({key})")
        spans[key] = (start, reader.position)

    tensors = []
    for _ in range(tensor_count):
        name = reader.string("tensor table")
        n_dims = reader.scalar("<I", "tensor table")
        if n_dims > MAX_DIMS:
            raise ModelError(f"{path.name} is damaged: tensor {name!r} claims {n_dims} dimensions.")
        shape = tuple(reader.scalar("<Q", "tensor table") for _ in range(n_dims))
        ggml_type = reader.scalar("<I", "tensor table")
        offset = reader.scalar("<Q", "tensor table")
        tensors.append(TensorInfo(name, shape, ggml_type, offset))

    alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise ModelError(f"{path.name} is damaged: invalid alignment {alignment!r}.")
    header_end = reader.position
    data_offset = -(-header_end // alignment) * alignment
    _check_tensor_bounds(path, size, data_offset, tensors)
    return GGUFHeader(path, version, size, metadata, tuple(tensors), data_offset, header_end, spans)


def _check_tensor_bounds(path: Path, size: int, data_offset: int, tensors: list[TensorInfo]) -> None:
    if not tensors:
        raise ModelError(f"{path.name} contains no model weights.")
    for tensor in tensors:
        end = data_offset + tensor.offset + (tensor.n_bytes or 1)
        if end > size:
            missing = end - size
            raise ModelError(
                f"{path.name} is incomplete: it is missing at least {missing:,} bytes of model weights. "
                "The download or copy was probably cut short."
            )
