"""The `confidant` command: a thin terminal front end over the same core the GUI uses.

Each command group lives in its own module exposing `register(subparsers)`; the handler it sets
(`set_defaults(handler=...)`) receives the parsed arguments and returns an exit code. Errors meant for
people (ConfidantError) become one line on stderr and exit code 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import __version__
from app.errors import ConfidantError

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    from app.cli import (  # command groups; each adds its own subcommands
        audit,
        chat,
        guard,
        gui,
        history,
        profile,
        toolkit,
    )

    parser = argparse.ArgumentParser(
        prog="confidant",
        description="A private companion that runs entirely on this computer. Nothing leaves it.",
    )
    parser.add_argument("--version", action="version", version=f"Confidant {__version__}")
    parser.add_argument(
        "--self-test", action="store_true", help="check this installation (model, guardrails, encrypted "
        "store, Qt) with throw-away data, print the versions used, and exit (0 = all is well)"
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="where your encrypted data lives (default: $CONFIDANT_HOME, "
        "else your user data folder)"
    )
    parser.add_argument(
        "--passphrase-file", metavar="FILE", help="read the passphrase from the first line of FILE (for "
        "scripts; or set CONFIDANT_PASSPHRASE). Without either you are asked; never give it as an argument"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in (gui, chat, history, guard, profile, audit, toolkit):
        group.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:  # before any command: it never opens the person's own data
        from app.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "gui"])
    try:
        return int(args.handler(args) or 0)
    except ConfidantError as error:
        print(f"confidant: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
