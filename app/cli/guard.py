"""`confidant guard check`: a test bench for clinicians writing or reviewing a guardrail profile.

One message per line on standard input, one JSON object per line on standard output:
{"text": ..., "action": "allow"|"crisis"|"check-in"|"redirect"|"block", "category": ..., "rule": ...,
"score": ...} (category and rule are null when allowed; score is the learned scorer's number, null when it
is unavailable). Each line is judged on its own: risk that builds up over a conversation ("scorer.build-up")
needs the conversation, so it shows only in a chat. Nothing is stored and no model is loaded.

Replies (`--side output`) are checked as the app checks them only when the rail knows the message they
answer: "Yes, absolutely." is harmless alone and harmful after "Is cutting ok if it helps?". So a reply
can come with that message: `--message TEXT` for every line, or, with `--jsonl`, one JSON object per line
(`{"text": reply, "message": the person's message}`), as a script that pairs replies with prompts writes
them. The output line then carries the message too.
"""

from __future__ import annotations

import argparse
import io
import json
import sys

from app.cli.terminal import SafeTerminal, json_visible
from app.safety import Guardrails, load_profile, resolve_profile


def register(subparsers: argparse._SubParsersAction) -> None:
    guard = subparsers.add_parser(
        "guard", help="test guardrail profiles against messages",
        description="Test how a guardrail profile judges messages, without loading a model.",
    )
    commands = guard.add_subparsers(dest="guard_command", metavar="COMMAND", required=True)
    check = commands.add_parser(
        "check", help="judge messages read from standard input, one per line",
        description="Reads one message per line from standard input and writes one JSON object per line: "
        '{"text", "action", "category", "rule", "score"} (category and rule are null when allowed; score is '
        "the learned scorer's risk score). Actions: allow, crisis, check-in, redirect, block. Replies "
        "(--side output) are read with the message they answer when one is given (--message, or a "
        '"message" field with --jsonl), as the app reads them.',
    )
    check.add_argument("--profile", metavar="ID|FILE", help="a shipped profile id (see `confidant profile "
                       "list`) or a .toml file; default: the shipped default profile")
    check.add_argument("--side", choices=("input", "output"), default="input",
                       help="check lines as messages from the person (input, default) or as replies (output)")
    check.add_argument("--message", metavar="TEXT",
                       help="with --side output: the person's message every reply answers (the rail reads "
                       "replies with it, as in a chat)")
    check.add_argument("--jsonl", action="store_true",
                       help='read one JSON object per line instead of plain text: {"text": ..., "message": ...} '
                       "(message optional; it is the message a reply answers)")
    check.add_argument("--explain", action="store_true",
                       help="also show the pattern that matched and the normalised text the rules saw")
    check.set_defaults(handler=run_check)


def _read_line(line: str, jsonl: bool, default_message: str) -> tuple[str, str] | str:
    """(text, message) from one input line, or the problem with it as a short sentence."""
    text = line.rstrip("\r\n")
    if not jsonl:
        return text, default_message
    if not text.strip():
        return "", default_message
    try:
        record = json.loads(text)
    except json.JSONDecodeError:
        return "not a JSON object"
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return 'expected a JSON object with a "text" string'
    message = record.get("message", default_message)
    if message is None:
        message = default_message
    if not isinstance(message, str):
        return '"message" must be a string'
    return record["text"], message


def run_check(args: argparse.Namespace) -> int:
    if args.message is not None and args.side != "output":
        print("confidant: --message is for replies: use it with --side output", file=sys.stderr)
        return 2
    if args.profile:
        profile = load_profile(args.profile)  # strict: a clinician testing a file wants its errors
    else:
        resolved = resolve_profile()
        if resolved.warning:
            print(f"confidant: {resolved.warning}", file=sys.stderr)
        profile = resolved.profile
    rails = Guardrails(profile)
    lines = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline=None)
    out = sys.stdout.buffer
    terminal = isinstance(sys.stdout, SafeTerminal)  # the bytes skip its sanitizer: escape them here
    status = 0
    for number, line in enumerate(lines, start=1):
        read = _read_line(line, args.jsonl, args.message or "")
        if isinstance(read, str):
            print(f"confidant: line {number}: {read}; skipped", file=sys.stderr)
            status = 1
            continue
        text, message = read
        verdict = rails.check_input(text) if args.side == "input" else rails.check_output_text(text, message)
        record = verdict.as_json(text, explain=args.explain)
        if message and args.side == "output":
            record["message"] = message
        if args.explain:
            record["normalised"] = (rails.matchable(text) if args.side == "input"
                                    else rails.output_normaliser(text)).strip()
        line = json.dumps(record, ensure_ascii=False)
        out.write((json_visible(line) if terminal else line).encode("utf-8") + b"\n")
        out.flush()
    return status
