"""The one terminal sanitizer: text from a message, a model or a profile never reaches a terminal as controls.

A terminal obeys what it is sent. An escape sequence in a stored message, a model's reply or a profile's name
can retitle the window (ESC ]0;…BEL), clear the screen (ESC [2J), make the terminal type a reply into our
input (ESC [6n), or, as a C1 control (U+0080–U+009F, e.g. U+009D OSC), do the same without an ESC; a bidi
override or isolate (U+202A–U+202E, U+2066–U+2069) reorders what a person reads. So each such character is
shown, not obeyed and not silently dropped: ESC becomes the four characters `\\x1b`, U+202E becomes `\\u202e`.
Newlines and tabs stay (they are how text is laid out). Only the characters are escaped, one at a time, so a
sequence split across two streamed pieces is caught as well as a whole one.

`guard_streams()` puts this in front of standard output and standard error whenever they are a terminal, at
the CLI entry, so every command is covered; commands that list stored text (history, audit, profiles) also
call `visible`/`one_line` themselves, so their output is the same when piped into a file and read later.
What goes to a file or a pipe a person asked for (`history export > file`, chat in a pipe) stays exact.
"""

from __future__ import annotations

import io
import re
import sys
from typing import TextIO

# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides (U+202A–U+202E) and isolates
# (U+2066–U+2069).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _shown_json(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """`text` with every control, C1 and bidi-override character written out (`\\x1b`, `\\u202e`); newlines
    and tabs kept."""
    return _UNSAFE.sub(_shown, text)


def one_line(text: str) -> str:
    """`text` for a single line (a title, a name): whitespace runs, line breaks included, become one space,
    and the rest as `visible`."""
    return " ".join(_UNSAFE.sub(_shown, part) for part in text.split())


def json_visible(line: str) -> str:
    """A JSON text with the same characters written as JSON escapes (`\\u009d`), so it stays valid JSON."""
    return _UNSAFE_LINE.sub(_shown_json, line)


class SafeTerminal(io.TextIOBase):
    """A terminal stream that writes everything through `visible`. `write_trusted` is the one way around it,
    for the few fixed escape codes Confidant itself writes (bold search matches) around text already made
    visible."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def write_trusted(self, text: str) -> None:
        self._stream.write(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self._stream.errors

    @property
    def buffer(self):
        return self._stream.buffer


def guard_streams() -> None:
    """Sanitize standard output and standard error from here on, each only if it is a terminal."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, SafeTerminal) and _is_terminal(stream):
            setattr(sys, name, SafeTerminal(stream))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
