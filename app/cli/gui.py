"""`confidant gui` (also `confidant` with no command): the desktop app."""

from __future__ import annotations

import argparse

from app.paths import data_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gui", help="open the desktop app (the default)")
    parser.add_argument("--model", metavar="PATH", help="a .gguf chat model to use instead of your chosen one")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.ui.app import run as run_gui

    return run_gui(data_dir(args.data_dir), args.model)
