"""`confidant guard check`: a test bench for clinicians writing or reviewing a guardrail profile.

One message per line on standard input, one JSON object per line on standard output:
{"text": ..., "action": "allow"|"crisis"|"check-in"|"redirect"|"block", "category": ..., "rule": ...,
"score": ...} (category and rule are null when allowed; score is the learned scorer's number, null when it
is unavailable). Each line is judged on its own: risk that builds up over a conversation ("scorer.build-up")
needs the conversation, so it shows only in a chat. Nothing is stored and no model is loaded.
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
        "the learned scorer's risk score). Actions: allow, crisis, check-in, redirect, block.",
    )
    check.add_argument("--profile", metavar="ID|FILE", help="a shipped profile id (see `confidant profile "
                       "list`) or a .toml file; default: the shipped default profile")
    check.add_argument("--side", choices=("input", "output"), default="input",
                       help="check lines as messages from the person (input, default) or as replies (output)")
    check.add_argument("--explain", action="store_true",
                       help="also show the pattern that matched and the normalised text the rules saw")
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    if args.profile:
        profile = load_profile(args.profile)  # strict: a clinician testing a file wants its errors
    else:
        resolved = resolve_profile()
        if resolved.warning:
            print(f"confidant: {resolved.warning}", file=sys.stderr)
        profile = resolved.profile
    rails = Guardrails(profile)
    check = rails.check_input if args.side == "input" else rails.check_output_text
    lines = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline=None)
    out = sys.stdout.buffer
    terminal = isinstance(sys.stdout, SafeTerminal)  # the bytes skip its sanitizer: escape them here
    for line in lines:
        text = line.rstrip("\r\n")
        verdict = check(text)
        record = verdict.as_json(text, explain=args.explain)
        if args.explain:
            record["normalised"] = (rails.matchable(text) if args.side == "input"
                                    else rails.output_normaliser(text)).strip()
        line = json.dumps(record, ensure_ascii=False)
        out.write((json_visible(line) if terminal else line).encode("utf-8") + b"\n")
        out.flush()
    return 0
