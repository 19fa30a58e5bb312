"""How terminal commands get the passphrase and open the encrypted store (chat, history, profiles, audit).

Passphrase sources, in order, as borg and restic do for automation: the CONFIDANT_PASSPHRASE environment
variable, then `--passphrase-file FILE` (its first line), then an interactive prompt that does not echo.
Never a command-line argument (it would show in `ps` and shell history). Without a terminal and without
either source, the command stops with a message saying how to provide one, rather than hanging.

A new passphrase (creating the history, `passphrase change`) must pass app.storage.passphrase_policy, as in
the window: at least 8 characters and not a common password. On a terminal a refused one is asked again
(the reason is printed, never the passphrase); from a script it stops the command, changing nothing.
"""

from __future__ import annotations

import argparse
import getpass
import os
import select
import stat
import sys
import time
from pathlib import Path

from app.cli.environment import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV, secret
from app.errors import ConfidantError
from app.paths import data_dir, require_folder
from app.storage import Store, StoreInUse, StoreNotFound, passphrase_policy

MAX_SECRET_BYTES = 4096
NEW_PASSPHRASE_TRIES = 3
PIPE_WAIT_SECONDS = 60  # time enough to type a password manager's own passphrase
__all__ = ["NEW_PASSPHRASE_ENV", "PASSPHRASE_ENV", "open_store", "read_passphrase", "read_passphrase_file"]


class PassphraseUnavailable(ConfidantError):
    """No passphrase source and no terminal to ask on."""


def read_passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    """The passphrase from the environment, `--passphrase-file`, or a prompt. `confirm`: it is a new one (the
    history is being created), so it is asked twice and must pass the passphrase policy."""
    from_env = secret(PASSPHRASE_ENV)
    if from_env:
        return _acceptable(from_env, PASSPHRASE_ENV) if confirm else from_env
    path = getattr(args, "passphrase_file", None)
    if path:
        passphrase = read_passphrase_file(path)
        return _acceptable(passphrase, path) if confirm else passphrase
    return _prompt("Passphrase", confirm=confirm, how=f"set {PASSPHRASE_ENV} or use --passphrase-file FILE")


def read_new_passphrase(args: argparse.Namespace) -> str:
    """A new passphrase (`confidant passphrase change`): CONFIDANT_NEW_PASSPHRASE, `--new-passphrase-file`,
    else asked twice; it must pass the passphrase policy."""
    from_env = secret(NEW_PASSPHRASE_ENV)
    if from_env:
        return _acceptable(from_env, NEW_PASSPHRASE_ENV)
    path = getattr(args, "new_passphrase_file", None)
    if path:
        return _acceptable(read_passphrase_file(path), path)
    return _prompt("New passphrase", confirm=True,
                   how=f"set {NEW_PASSPHRASE_ENV} or use --new-passphrase-file FILE")


def _acceptable(passphrase: str, source: str) -> str:
    """A new passphrase from a script: refused, with the reason, if the policy refuses it (never shown)."""
    reason = passphrase_policy.problem(passphrase)
    if reason:
        raise ConfidantError(f"The new passphrase from {source} cannot be used. {reason} Nothing was changed.")
    return passphrase


def read_passphrase_file(path: str) -> str:
    """The first line of `path`, without its line ending (other whitespace is part of the passphrase).

    Only a regular file or a pipe a shell made (`--passphrase-file <(pass show confidant)`) is read, and only
    its first MAX_SECRET_BYTES: a device such as /dev/zero would never end, and a named pipe (mkfifo) nobody
    writes to would block forever. A shell's pipe gets PIPE_WAIT_SECONDS to say something."""
    try:
        if stat.S_ISFIFO(os.lstat(path).st_mode):
            raise ConfidantError(f"The passphrase file {path} is a named pipe, not a regular file: give a file "
                                 "whose first line is the passphrase.")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise ConfidantError(f"Cannot read the passphrase file {path}: {error.strerror}.") from None
    try:
        kind = os.fstat(fd).st_mode
        if not (stat.S_ISREG(kind) or stat.S_ISFIFO(kind)):
            raise ConfidantError(f"The passphrase file {path} is not a regular file: give a file whose first "
                                 "line is the passphrase.")
        data = _first_line(fd, pipe=stat.S_ISFIFO(kind), path=path)
    finally:
        os.close(fd)
    try:
        line = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfidantError(f"Cannot read the passphrase file {path}: it is not UTF-8 text.") from None
    passphrase = line.removesuffix("\n").removesuffix("\r")
    if not passphrase:
        raise ConfidantError(f"The passphrase file {path} is empty: put the passphrase on its first line.")
    return passphrase


def _first_line(fd: int, *, pipe: bool, path: str) -> bytes:
    """Bytes up to and including the first newline, at most MAX_SECRET_BYTES, never waiting forever."""
    data, deadline = b"", time.monotonic() + PIPE_WAIT_SECONDS
    poller = select.poll() if pipe and hasattr(select, "poll") else None
    if poller is not None:
        poller.register(fd, select.POLLIN | select.POLLHUP)
    while b"\n" not in data and len(data) <= MAX_SECRET_BYTES:
        if poller is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not poller.poll(int(left * 1000)):
                raise ConfidantError(f"Nothing arrived from {path} within {PIPE_WAIT_SECONDS} seconds: give a "
                                     "file whose first line is the passphrase.")
        try:
            chunk = os.read(fd, 4096)
        except BlockingIOError:
            continue
        except OSError as error:
            raise ConfidantError(f"Cannot read the passphrase file {path}: {error.strerror}.") from None
        if not chunk:
            break
        data += chunk
    line = data.split(b"\n", 1)[0]
    if len(line) > MAX_SECRET_BYTES:
        raise ConfidantError(f"The first line of {path} is over {MAX_SECRET_BYTES} bytes: that is not a "
                             "passphrase file.")
    return line


def _prompt(label: str, *, confirm: bool, how: str) -> str:
    if not sys.stdin.isatty():
        raise PassphraseUnavailable(f"Your history is encrypted and there is no terminal to ask for the "
                                    f"passphrase: {how}.")
    passphrase = getpass.getpass(f"{label}: ")
    for _ in range(NEW_PASSPHRASE_TRIES - 1):  # a new passphrase the policy refuses: say why, ask again
        reason = passphrase_policy.problem(passphrase) if confirm and passphrase else None
        if not reason:
            break
        print(f"confidant: {reason}", file=sys.stderr)
        passphrase = getpass.getpass(f"{label}: ")
    if not passphrase:
        raise ConfidantError("No passphrase entered; nothing was done.")
    if confirm and (reason := passphrase_policy.problem(passphrase)):
        raise ConfidantError(f"{reason} Nothing was changed.")
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
    directory = require_folder(data_dir(getattr(args, "data_dir", None)))
    recover(directory)
    if Store.exists(directory):
        if Store.in_use(directory):  # say so before asking for a passphrase
            raise StoreInUse(directory)
        return Store.open(directory, read_passphrase(args, confirm=False))
    if not create_if_missing:
        raise StoreNotFound(directory)
    automated = secret(PASSPHRASE_ENV) or getattr(args, "passphrase_file", None)
    if sys.stdin.isatty() and not automated:
        print(f"Creating your encrypted history in {directory}.\nChoose a passphrase. Nobody can recover it "
              "for you: if it is lost, so is the history.", file=sys.stderr)
    return Store.create(directory, read_passphrase(args, confirm=True))
