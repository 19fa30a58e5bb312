"""Make real-but-altered GGUF files from the default model, for tests of what Confidant refuses."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

from app.model.gguf import read_header


def without_metadata(source: Path, target: Path, *keys: str) -> Path:
    """A copy of `source` with the given metadata keys removed — weights and everything else intact."""
    header = read_header(source)
    raw = source.read_bytes()
    spans = sorted(header.kv_spans[k] for k in keys)
    kv_start = min(start for start, _ in header.kv_spans.values())
    kv_end = max(end for _, end in header.kv_spans.values())
    kept = bytearray()
    cursor = kv_start
    for start, end in spans:
        kept += raw[cursor:start]
        cursor = end
    kept += raw[cursor:kv_end]
    tensor_table = raw[kv_end : header.header_end]
    alignment = header.metadata.get("general.alignment", 32)
    out = bytearray(raw[:8])
    out += struct.pack("<QQ", len(header.tensors), len(header.metadata) - len(keys))
    out += kept + tensor_table
    out += b"\0" * (-len(out) % alignment)
    target.write_bytes(bytes(out) + raw[header.data_offset:])
    return target


def truncated(source: Path, target: Path, length: int) -> Path:
    with source.open("rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(_limited(src, length), dst)
    return target


def _limited(stream, length: int):
    class Limited:
        remaining = length

        def read(self, n: int = -1) -> bytes:
            n = self.remaining if n < 0 else min(n, self.remaining)
            self.remaining -= n
            return stream.read(n)

    return Limited()


def with_flipped_weights(source: Path, target: Path, count: int = 8) -> Path:
    """A copy of `source` with `count` bytes inverted inside the weights: same name length, same size, a
    header that still parses — only the sha256 tells it apart."""
    header = read_header(source)
    shutil.copyfile(source, target)
    size = target.stat().st_size
    step = (size - header.data_offset) // (count + 1)
    with target.open("r+b") as stream:
        for i in range(1, count + 1):
            stream.seek(header.data_offset + i * step)
            byte = stream.read(1)
            stream.seek(-1, 1)
            stream.write(bytes([byte[0] ^ 0xFF]))
    return target
