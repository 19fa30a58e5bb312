"""The `confidant` command: a thin terminal front end over the same core the GUI uses.

Each command group lives in its own module exposing `register(subparsers)`; the handler it sets
(`set_defaults(handler=...)`) receives the parsed arguments and returns an exit code.

`main` is the one error boundary: an error meant for people (ConfidantError) or one the operating system
reports about a file (read-only disk, a file where a folder should be...) becomes one line on stderr and exit
code 2; anything unexpected becomes one line naming only the exception's type — never its message, which
may quote what the person wrote — and exit code 70 (EX_SOFTWARE). Never a traceback (CONFIDANT_DEBUG=1
shows it, for developers). Everything printed to a terminal passes the one sanitizer (app/cli/terminal.py).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Sequence

from app import __version__
from app.cli.environment import take_secrets
from app.cli.terminal import guard_streams, one_line
from app.errors import ConfidantError

EXIT_ERROR = 2
EXIT_UNEXPECTED = 70  # EX_SOFTWARE (sysexits.h)
EXIT_INTERRUPTED = 130
DEBUG_ENV = "CONFIDANT_DEBUG"


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
    if argv is None:  # the process's own entry point (not a test calling in): secrets leave the environment
        take_secrets()
    streams = sys.stdout, sys.stderr
    guard_streams()
    try:
        return _run(argv)
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        sys.stdout, sys.stderr = streams


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.self_test:  # before any command: it never opens the person's own data
            from app.selftest import run_self_test

            return run_self_test()
        if args.command is None:
            args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "gui"])
        return int(args.handler(args) or 0)
    except ConfidantError as error:
        return _fail(str(error), EXIT_ERROR)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except OSError as error:
        return _fail(_os_problem(error), EXIT_ERROR)
    except Exception as error:  # the boundary: one line, never a traceback
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        return _fail(f"Confidant hit an unexpected problem ({type(error).__name__}); nothing you wrote was "
                     "lost.", EXIT_UNEXPECTED)


def _fail(message: str, code: int) -> int:
    print(f"confidant: {message}", file=sys.stderr)
    return code


def _os_problem(error: OSError) -> str:
    """An operating-system refusal in one line: what it was about and why, in the system's own words."""
    reason = (error.strerror or type(error).__name__).rstrip(".")
    about = f"{one_line(str(error.filename))}: " if error.filename else ""
    return f"Cannot use {about}{reason[:1].lower()}{reason[1:]}. Nothing was lost; check the path and try again."


def _quiet_stdout() -> None:
    """The reader of our output went away: stop the interpreter's final flush from complaining."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
