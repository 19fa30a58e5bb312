"""Finding the line of a field in TOML source, so profile errors can say where to look.

tomllib reports positions only for syntax errors; for a value that parses but breaks the schema we scan
the source ourselves: table headers, `key = value` lines (dotted keys included), and the elements of an
array value. The scan is deliberately forgiving — a best guess at the line is fine, an exception is not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY_PART = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY_PART)

PathPart = str | int


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = []
    for match in _PART.finditer(dotted):
        part = match.group(0)
        if part[:1] in "\"'":
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def _index(text: str) -> list[tuple[int, tuple[str, ...], int]]:
    """(line number, full key path, offset of the line start) for every header and key line."""
    found: list[tuple[int, tuple[str, ...], int]] = []
    table: tuple[str, ...] = ()
    in_string: str | None = None
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start = offset
        offset += len(line) + 1
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header:
            table = _split_key(header.group(1))
            found.append((number, table, start))
            continue
        key = _KEY_LINE.match(line)
        if key:
            found.append((number, table + _split_key(key.group(1)), start))
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_string = quote
                break
    return found


def line_of(text: str, path: Sequence[PathPart]) -> int | None:
    """The line where `path` (keys, then maybe an array index) is written, or the nearest enclosing table."""
    try:
        keys = []
        index: int | None = None
        for part in path:
            if isinstance(part, int):
                index = part
                break
            keys.append(part)
        entries = _index(text)
        for length in range(len(keys), 0, -1):
            wanted = tuple(keys[:length])
            for number, key_path, start in entries:
                if key_path == wanted:
                    if index is not None and length == len(keys):
                        return _element_line(text, start, index) or number
                    return number
        return 1 if text.strip() else None
    except Exception:  # a best guess only: never let error reporting itself fail
        return None


def _element_line(text: str, start: int, index: int) -> int | None:
    """Line of element `index` of the array value starting after the '=' at or after `start`."""
    position = text.find("=", start)
    if position < 0:
        return None
    depth = 0
    element = 0
    i = position + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'":
            triple = text[i:i + 3] == ch * 3
            if depth == 1 and element == index:
                return text.count("\n", 0, i) + 1
            if triple:
                end = text.find(ch * 3, i + 3)
                i = n if end < 0 else end + 3
                continue
            i += 1
            while i < n and text[i] != ch and text[i] != "\n":
                if ch == '"' and text[i] == "\\":
                    i += 1
                i += 1
            i += 1
            continue
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch in "[{":
            depth += 1
            if depth == 2 and element == index:
                return text.count("\n", 0, i) + 1
        elif ch in "]}":
            depth -= 1
            if depth <= 0:
                return None
        elif ch == "," and depth == 1:
            element += 1
        elif depth == 1 and element == index and not ch.isspace():
            return text.count("\n", 0, i) + 1
        elif depth == 0 and not ch.isspace():
            return None
        i += 1
    return None
