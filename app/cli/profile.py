"""`confidant profile ...`: check, list, install, lock and describe guardrail profiles.

`validate` and `list` need nothing but the files. `install`, `lock`, `unlock` and `show` work on the
encrypted store, where the active profile's full text and the clinician lock live; the first three go through
app.safety.clinician, as the GUI's clinician mode does, so both record the same audit events. The clinician PIN comes
from CONFIDANT_CLINICIAN_PIN, `--pin-file FILE` (first line), or a prompt that does not echo — never from a
command-line argument, which would show in `ps` and shell history.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.environment import PIN_ENV, secret
from app.cli.terminal import one_line, visible
from app.errors import ConfidantError
from app.paths import data_dir
from app.safety import (
    DEFAULT_PROFILE_ID,
    LockError,
    ProfileError,
    ProfileLock,
    load_profile,
    read_profile_file,
    resolve_profile,
    shipped_profiles,
)

if TYPE_CHECKING:
    from app.safety.profile import Profile

EXIT_INVALID = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    profile = subparsers.add_parser(
        "profile", help="guardrail profiles: validate, list, install, lock, show",
        description="Guardrail profiles decide what Confidant checks for and what it says in a crisis.",
    )
    commands = profile.add_subparsers(dest="profile_command", metavar="COMMAND", required=True)

    validate = commands.add_parser("validate", help="check profile files against the schema",
                                   description="Check profile files; every problem is listed with its line. "
                                   "Exit code 0 when all are valid, 1 otherwise.")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(handler=run_validate)

    listing = commands.add_parser("list", help="list the profiles that come with Confidant")
    listing.set_defaults(handler=run_list)

    install = commands.add_parser(
        "install", help="make a profile the active one (asks for the clinician PIN when locked)",
        description="Validate a profile and copy it into your encrypted data as the active profile. Later "
        "edits to the file change nothing until it is installed again.",
    )
    install.add_argument("profile", metavar="FILE|ID", help="a .toml file or a shipped profile id")
    _pin_argument(install)
    install.set_defaults(handler=run_install)

    lock = commands.add_parser("lock", help="lock the active profile with a clinician PIN",
                               description="Lock the active profile: installing another one, or unlocking, "
                               "will need the PIN. The PIN is stored only as a salted scrypt hash.")
    _pin_argument(lock)
    lock.set_defaults(handler=run_lock)

    unlock = commands.add_parser("unlock", help="remove the clinician lock (needs the PIN)")
    _pin_argument(unlock)
    unlock.set_defaults(handler=run_unlock)

    show = commands.add_parser("show", help="describe the active profile in plain words")
    show.set_defaults(handler=run_show)


def _pin_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pin-file", metavar="FILE", help=f"read the clinician PIN from the first line of "
                        f"FILE (for scripts; or set {PIN_ENV})")


def run_validate(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.files:
        try:
            profile = read_profile_file(name)
        except ProfileError as error:
            failed += 1
            count = len(error.problems)
            print(f"{one_line(name)}: not valid ({count} problem{'s' if count != 1 else ''})", file=sys.stderr)
            print(visible(error.report()), file=sys.stderr)
            continue
        rules = sum(len(c.rules) for c in (*profile.crisis, *profile.scope, *profile.output))
        print(f"{one_line(name)}: valid — {_named(profile)}, {len(profile.crisis)} "
              f"crisis categories, {len(profile.scope)} scope, {len(profile.output)} output, {rules} rules, "
              f"{len(profile.resources)} help lines")
    return EXIT_INVALID if failed else 0


def run_list(args: argparse.Namespace) -> int:
    files = shipped_profiles()
    if not files:
        raise ConfidantError("No profiles were found in the assets folder; Confidant will use its built-in "
                             "safety profile. Reinstalling Confidant should restore them.")
    for path in files:
        try:
            profile = read_profile_file(path)
        except ProfileError as error:
            print(f"{one_line(path.stem):<20} (cannot be used: {one_line(str(error.problems[0]))})")
            continue
        default = "  [default]" if profile.id == DEFAULT_PROFILE_ID else ""
        print(f"{one_line(profile.id):<20} {one_line(profile.version):<8} {one_line(profile.name)}{default}")
    return 0


def run_install(args: argparse.Namespace) -> int:
    from app.cli.store_access import open_store
    from app.safety.clinician import install_profile

    path = _profile_path(args.profile)
    profile = read_profile_file(path)  # validate before asking for anything
    text = path.read_text(encoding="utf-8")
    with open_store(args, create_if_missing=True) as store:
        pin = _read_pin(args, "Clinician PIN") if ProfileLock(store).locked else None
        install_profile(store, text, source=path.name, pin=pin)
    print(f"Installed {_named(profile)}. Editing {one_line(path.name)} later changes nothing until it is "
          "installed again.")
    return 0


def run_lock(args: argparse.Namespace) -> int:
    from app.cli.store_access import open_store
    from app.safety.clinician import lock_profile

    with open_store(args, create_if_missing=False) as store:
        if ProfileLock(store).locked:  # said before a PIN is asked for
            raise LockError("The profile is already locked. To change the PIN, run `confidant profile "
                            "unlock` with the current PIN, then lock it again.")
        lock_profile(store, _read_pin(args, "New clinician PIN", confirm=True))
    print("Locked. Installing another profile or unlocking now needs this PIN; it cannot be recovered if "
          "lost.")
    return 0


def run_unlock(args: argparse.Namespace) -> int:
    from app.cli.store_access import open_store
    from app.safety.clinician import unlock_profile

    with open_store(args, create_if_missing=False) as store:
        if not ProfileLock(store).locked:  # said before a PIN is asked for
            raise LockError("The profile is not locked, so there is nothing to unlock.")
        unlock_profile(store, _read_pin(args, "Clinician PIN"))
    print("Unlocked. Anyone using this computer can now install a different profile.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from app.cli.store_access import open_store
    from app.storage import Store

    if Store.exists(data_dir(getattr(args, "data_dir", None))):
        with open_store(args, create_if_missing=False) as store:
            lock = ProfileLock(store)
            resolved = lock.active()
            installed = lock.installed()
            locked = lock.locked
    else:
        resolved, installed, locked = resolve_profile(), None, False
    if resolved.warning:
        print(f"Note: {visible(resolved.warning)}\n")
    print(visible(resolved.profile.describe()))  # a profile's own words: its name, help lines, responses
    print()
    if installed and not resolved.warning:
        print(f"Installed from {one_line(installed.source)} on {installed.installed_at}.")
    elif not installed:
        print("No profile has been installed, so Confidant uses its default profile.")
    print("A clinician has locked this profile." if locked else "This profile is not locked.")
    return 0


def _named(profile: Profile) -> str:
    """A profile's name, id and version for one line of output (all three come from the file)."""
    return one_line(f"{profile.name} ({profile.id} {profile.version})")


def _profile_path(ref: str) -> Path:
    path = Path(ref).expanduser()
    if path.suffix == ".toml" or path.exists():
        return path
    shipped = {p.stem: p for p in shipped_profiles()}
    if ref in shipped:
        return shipped[ref]
    load_profile(ref)  # raises the standard "no such profile" message
    return path  # pragma: no cover


def _read_pin(args: argparse.Namespace, label: str, *, confirm: bool = False) -> str:
    from_env = secret(PIN_ENV)
    if from_env:
        return from_env
    if getattr(args, "pin_file", None):
        from app.cli.store_access import read_passphrase_file

        return read_passphrase_file(args.pin_file)
    if not sys.stdin.isatty():
        raise LockError(f"A clinician PIN is needed and there is no terminal to ask on: set {PIN_ENV} or use "
                        "--pin-file FILE.")
    pin = getpass.getpass(f"{label}: ")
    if confirm and getpass.getpass(f"{label} again: ") != pin:
        raise LockError("The two PINs do not match; nothing was changed.")
    return pin

