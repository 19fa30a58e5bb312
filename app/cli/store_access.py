"""How terminal commands get the passphrase and open the encrypted store (chat, history, profiles, audit).

Passphrase sources, in order, as borg and restic do for automation: the CONFIDANT_PASSPHRASE environment
variable, then `--passphrase-file FILE` (its first line), then an interactive prompt that does not echo.
Never a command-line argument (it would show in `ps` and shell history). Without a terminal and without
either source, the command stops with a message saying how to provide one, rather than hanging.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.errors import ConfidantError
from app.paths import data_dir
from app.storage import Store, StoreInUse, StoreNotFound

PASSPHRASE_ENV = "CONFIDANT_PASSPHRASE"
NEW_PASSPHRASE_ENV = "CONFIDANT_NEW_PASSPHRASE"


class PassphraseUnavailable(ConfidantError):
    """No passphrase source and no terminal to ask on."""


def read_passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    """The passphrase from the environment, `--passphrase-file`, or a prompt (asked twice if `confirm`)."""
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    path = getattr(args, "passphrase_file", None)
    if path:
        return read_passphrase_file(path)
    return _prompt("Passphrase", confirm=confirm, how=f"set {PASSPHRASE_ENV} or use --passphrase-file FILE")


def read_new_passphrase(args: argparse.Namespace) -> str:
    """A new passphrase (`confidant passphrase change`): CONFIDANT_NEW_PASSPHRASE, `--new-passphrase-file`,
    else asked twice."""
    from_env = os.environ.get(NEW_PASSPHRASE_ENV)
    if from_env:
        return from_env
    path = getattr(args, "new_passphrase_file", None)
    if path:
        return read_passphrase_file(path)
    return _prompt("New passphrase", confirm=True,
                   how=f"set {NEW_PASSPHRASE_ENV} or use --new-passphrase-file FILE")


def read_passphrase_file(path: str) -> str:
    """The first line of `path`, without its line ending (other whitespace is part of the passphrase)."""
    try:
        with open(path, encoding="utf-8") as handle:
            line = handle.readline()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "it is not UTF-8 text"
        raise ConfidantError(f"Cannot read the passphrase file {path}: {reason}.") from None
    passphrase = line.removesuffix("\n").removesuffix("\r")
    if not passphrase:
        raise ConfidantError(f"The passphrase file {path} is empty: put the passphrase on its first line.")
    return passphrase


def _prompt(label: str, *, confirm: bool, how: str) -> str:
    if not sys.stdin.isatty():
        raise PassphraseUnavailable(f"Your history is encrypted and there is no terminal to ask for the "
                                    f"passphrase: {how}.")
    passphrase = getpass.getpass(f"{label}: ")
    if not passphrase:
        raise ConfidantError("No passphrase entered; nothing was done.")
    if confirm and getpass.getpass(f"{label} again: ") != passphrase:
        raise ConfidantError("The two passphrases do not match; nothing was changed. Try again.")
    return passphrase


def recover(directory: Path) -> None:
    """Finish or undo what an interrupted command left in the data dir, and say so in one line on stderr
    (before any question, so the person knows which history they are about to unlock)."""
    note = Store.recover(directory)
    if note:
        print(f"confidant: {note}", file=sys.stderr)


def open_store(args: argparse.Namespace, *, create_if_missing: bool) -> Store:
    """Open the store in the data dir (--data-dir / CONFIDANT_HOME / default), creating it on first run if
    allowed — after a passphrase asked twice, since a forgotten one cannot be recovered."""
    directory = data_dir(getattr(args, "data_dir", None))
    recover(directory)
    if Store.exists(directory):
        if Store.in_use(directory):  # say so before asking for a passphrase
            raise StoreInUse(directory)
        return Store.open(directory, read_passphrase(args, confirm=False))
    if not create_if_missing:
        raise StoreNotFound(directory)
    automated = os.environ.get(PASSPHRASE_ENV) or getattr(args, "passphrase_file", None)
    if sys.stdin.isatty() and not automated:
        print(f"Creating your encrypted history in {directory}.\nChoose a passphrase. Nobody can recover it "
              "for you: if it is lost, so is the history.", file=sys.stderr)
    return Store.create(directory, read_passphrase(args, confirm=True))
