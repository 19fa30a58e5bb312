"""How `confidant chat` writes replies to standard output: streamed for a person, one line each for a script.

A script reading stdout must be able to pair each message it wrote with exactly one line back, whatever the
reply holds (paragraphs, a list, a crisis response with its help lines). So outside an interactive terminal
every reply is one line: its text with a newline written as the two characters `\\n` and a backslash as `\\\\`
(`unescape_line` undoes it), or with `--json` one JSON object. A person at a terminal sees the reply as it
is written. Everything that is not a reply (hints, pinned help lines) goes to standard error, as ever.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, Protocol

from app.chat.session import ChatSession, ReplyKind, ReplyStream
from app.model.engine import FinishReason
from app.safety import HelpResource, Verdict

WITHHELD_PREFIX = "[withheld by your guardrails] "
STOPPED_SUFFIX = " [stopped]"
SHOWN_WITH_RESOURCES = (ReplyKind.CRISIS, ReplyKind.CHECK_IN)  # their help lines are part of the reply


def resource_lines(resources: tuple[HelpResource, ...]) -> str:
    return "\n".join(f"  • {r.line()}" for r in resources)


# Everything a line reader may split on (Python's str.splitlines does on all of these), not only "\n".
_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def escape_line(text: str) -> str:
    """One line for any text: a backslash becomes `\\\\`, each line break `\\n`."""
    return _LINE_BREAK.sub("\\\\n", text.replace("\\", "\\\\"))


def unescape_line(line: str) -> str:
    """The text `escape_line` wrote (for scripts, and for the tests that read it back)."""
    out, chars = [], iter(line)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following == "n" else following)
        else:
            out.append(char)
    return "".join(out)


class ReplyOutput(Protocol):
    def reply(self, session: ChatSession, stream: ReplyStream) -> None:
        """Show one reply (draining the stream); Ctrl-C stops it, keeping what was written."""

    def fixed(self, text: str, kind: ReplyKind) -> None:
        """A reply that is not a stream (the resume message after /safe)."""

    def error(self, text: str) -> None:
        """A message that could not be taken: still exactly one line on stdout for the line typed."""


def choose_output(interactive: bool, as_json: bool) -> ReplyOutput:
    """Streaming only for a person typing at a terminal and reading there; otherwise one line per reply."""
    if as_json:
        return JsonOutput()
    if interactive and sys.stdout.isatty():
        return StreamingOutput()
    return LineOutput()


def _drain(session: ChatSession, stream: ReplyStream, show=None) -> None:
    try:
        for piece in stream:
            if show is not None:
                show(piece)
    except KeyboardInterrupt:
        session.stop()
        stream.finish()


def _write(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _text_of(stream: ReplyStream) -> str:
    """The reply as a person reads it: its text, what happened to it, and the help lines that belong to it."""
    reply = stream.reply
    text = reply.text if reply is not None else ""
    if reply is not None and reply.violation is not None:
        text = WITHHELD_PREFIX + text
    elif reply is not None and reply.finish_reason is FinishReason.CANCELLED:
        text += STOPPED_SUFFIX
    if stream.kind in SHOWN_WITH_RESOURCES and stream.resources:
        text += "\n" + resource_lines(stream.resources)
    return text


class StreamingOutput:
    """For a person: pieces appear as they are written (only text the output rail has passed)."""

    def reply(self, session: ChatSession, stream: ReplyStream) -> None:
        def show(piece: str) -> None:
            sys.stdout.write(piece)
            sys.stdout.flush()

        _drain(session, stream, show)
        reply = stream.reply
        if reply is not None and reply.violation is not None:
            sys.stdout.write(f"\n{WITHHELD_PREFIX}{reply.text}")
        elif reply is not None and reply.finish_reason is FinishReason.CANCELLED:
            sys.stdout.write(STOPPED_SUFFIX)
        if stream.kind in SHOWN_WITH_RESOURCES and stream.resources:
            sys.stdout.write("\n" + resource_lines(stream.resources))
        _write("")

    def fixed(self, text: str, kind: ReplyKind) -> None:
        _write(text)

    def error(self, text: str) -> None:
        _write(text)


class LineOutput:
    """For a script: each reply is one line, written once the reply has finished."""

    def reply(self, session: ChatSession, stream: ReplyStream) -> None:
        _drain(session, stream)
        _write(escape_line(_text_of(stream)))

    def fixed(self, text: str, kind: ReplyKind) -> None:
        _write(escape_line(text))

    def error(self, text: str) -> None:
        _write(escape_line(text))


def verdict_json(verdict: Verdict | None) -> dict[str, Any] | None:
    if verdict is None or verdict.allowed:
        return None
    return {"action": str(verdict.action), "category": verdict.category, "rule": verdict.rule}


class JsonOutput:
    """`--json`: one object per reply, one per line — the text with what a script needs to act on it."""

    def reply(self, session: ChatSession, stream: ReplyStream) -> None:
        _drain(session, stream)
        reply = stream.reply
        # The verdict that shaped the reply: the output rule that withheld it, else the input's (crisis,
        # check-in, redirect...); null for a reply the model wrote and the rails let through.
        verdict = reply.violation if reply is not None and reply.violation is not None else stream.verdict
        resources = stream.resources if stream.kind in SHOWN_WITH_RESOURCES else ()
        data: dict[str, Any] = {
            "text": reply.text if reply is not None else "",
            "kind": str(stream.kind),
            "status": str(reply.status) if reply is not None else "incomplete",
            "finish_reason": str(reply.finish_reason) if reply is not None else None,
            "verdict": verdict_json(verdict),
            "resources": [r.line() for r in resources],
            "conversation": session.conversation_id,
        }
        if stream.kind is ReplyKind.MODEL:
            data["style"] = str(session.style)  # guided or free: how this reply was written
        self._object(data)

    def fixed(self, text: str, kind: ReplyKind) -> None:
        self._object({"text": text, "kind": str(kind), "status": "complete", "finish_reason": "stop",
                      "verdict": None, "resources": []})

    def error(self, text: str) -> None:
        self._object({"error": text})

    @staticmethod
    def _object(data: dict[str, Any]) -> None:
        # json.dumps leaves these unescaped, and a line reader would split the object on them.
        line = json.dumps(data, ensure_ascii=False)
        _write(line.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
