"""`confidant mood add|list` and `confidant memory add|list|edit|delete`: the toolkit's records from a terminal.

Notes and memory text are read from standard input (or asked for on a terminal), never taken as arguments:
arguments land in shell history and `ps`, in plaintext. What is typed passes the input rail like any
exercise field: a crisis sign gets the profile's crisis response and help lines (and the saved crisis state
pauses the AI until the person confirms in the chat), and what they wrote is still saved.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta

from app.cbt.screening import ExerciseScreening, screen_exercise_text
from app.cli.store_access import open_store
from app.cli.terminal import one_line
from app.errors import ConfidantError
from app.safety import Guardrails, ProfileLock
from app.storage import NotFound, Store
from app.storage import journal as j

EXIT_DECLINED = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    mood = subparsers.add_parser("mood", help="mood check-ins: add one, or list recent ones",
                                 description="Mood check-ins, kept in your encrypted data.")
    mood_commands = mood.add_subparsers(dest="mood_command", metavar="ACTION", required=True)
    add = mood_commands.add_parser("add", help="check in: your mood from 0 (very low) to 10 (very good)")
    add.add_argument("score", type=int, metavar="SCORE", help="0 (very low) to 10 (very good)")
    add.add_argument("--feelings", metavar="LIST", default="", help="comma-separated, e.g. calm,tired")
    add.add_argument("--note", action="store_true", help="add a note, read from standard input (or asked for)")
    add.set_defaults(handler=run_mood_add)
    listing = mood_commands.add_parser("list", help="your check-ins, newest first")
    listing.add_argument("--days", type=int, default=30, metavar="N", help="the last N days (default 30)")
    listing.set_defaults(handler=run_mood_list)

    memory = subparsers.add_parser("memory", help="what Confidant remembers about you: add, list, edit, delete",
                                   description="Things you ask Confidant to remember. They are added to what the "
                                   "AI is told (unless your guardrail profile switches memory off).")
    memory_commands = memory.add_subparsers(dest="memory_command", metavar="ACTION", required=True)
    memory_add = memory_commands.add_parser("add", help="remember something (read from standard input)")
    memory_add.set_defaults(handler=run_memory_add)
    memory_commands.add_parser("list", help="everything remembered, newest first").set_defaults(
        handler=run_memory_list)
    edit = memory_commands.add_parser("edit", help="replace an item's text (read from standard input)")
    edit.add_argument("id", type=int, metavar="ID")
    edit.set_defaults(handler=run_memory_edit)
    delete = memory_commands.add_parser("delete", help="forget an item, for good")
    delete.add_argument("id", type=int, metavar="ID")
    delete.add_argument("--yes", action="store_true", help="do not ask (needed without a terminal)")
    delete.set_defaults(handler=run_memory_delete)


# ---- mood -------------------------------------------------------------------------------------------------


def run_mood_add(args: argparse.Namespace) -> int:
    feelings = tuple(part.strip() for part in args.feelings.split(",") if part.strip())
    with open_store(args, create_if_missing=True) as store:
        rails = _rails(store)
        _require_offered(rails, "mood-check-in", "Mood check-ins")
        note = _read_text("Note (end with Ctrl-D): ") if args.note else ""
        checkin = j.save_mood(store, j.MoodCheckIn(mood=args.score, emotions=feelings, note=note))
        _show_crisis(screen_exercise_text(rails, store, {"note": note, **{f"feeling {i}": f for i, f in
                                                                          enumerate(feelings)}}))
    print(f"Saved your check-in ({checkin.mood}/10).", file=sys.stderr)
    return 0


def run_mood_list(args: argparse.Namespace) -> int:
    since = datetime.now().astimezone() - timedelta(days=max(0, args.days))
    with open_store(args, create_if_missing=False) as store:
        checkins = j.list_moods(store, since)
    if not checkins:
        print(f"No check-ins in the last {args.days} days.", file=sys.stderr)
        return 0
    for checkin in checkins:
        when = checkin.created_at.astimezone().strftime("%Y-%m-%d %H:%M") if checkin.created_at else "?"
        feelings = f"  {one_line(', '.join(checkin.emotions))}" if checkin.emotions else ""
        note = f"\n    {one_line(checkin.note)}" if checkin.note.strip() else ""
        print(f"{checkin.id:>5}  {when}  {checkin.mood:>2}/10{feelings}{note}")
    return 0


# ---- memory -----------------------------------------------------------------------------------------------


def run_memory_add(args: argparse.Namespace) -> int:
    with open_store(args, create_if_missing=True) as store:
        rails = _rails(store)
        if not rails.profile.features.memory:
            raise ConfidantError("Memory is switched off by your guardrail profile, so nothing new is "
                                 "remembered. `confidant memory list` still shows what was saved before.")
        item = j.add_memory(store, _read_text("What should Confidant remember? (end with Ctrl-D): "))
        _show_crisis(screen_exercise_text(rails, store, item.text))
    print(f"Remembered (item {item.id}). See everything with `confidant memory list`.", file=sys.stderr)
    return 0


def run_memory_list(args: argparse.Namespace) -> int:
    with open_store(args, create_if_missing=False) as store:
        items = j.list_memory(store)
        enabled = _rails(store).profile.features.memory
    if not enabled:
        print("Memory is switched off by your guardrail profile: none of this is given to the AI.",
              file=sys.stderr)
    if not items:
        print("Nothing is remembered yet. Add something with `confidant memory add`.", file=sys.stderr)
    for item in items:
        print(f"{item.id:>5}  {one_line(item.text)}")
    return 0


def run_memory_edit(args: argparse.Namespace) -> int:
    with open_store(args, create_if_missing=False) as store:
        if j.get_memory(store, args.id) is None:
            raise NotFound(f"There is no memory item {args.id} (see `confidant memory list`).")
        item = j.update_memory(store, args.id, _read_text("New text (end with Ctrl-D): "))
        _show_crisis(screen_exercise_text(_rails(store), store, item.text))
    print(f"Changed item {item.id}.", file=sys.stderr)
    return 0


def run_memory_delete(args: argparse.Namespace) -> int:
    with open_store(args, create_if_missing=False) as store:
        item = j.get_memory(store, args.id)
        if item is None:
            raise NotFound(f"There is no memory item {args.id} (see `confidant memory list`).")
        if not args.yes:
            if not sys.stdin.isatty():
                raise ConfidantError("This needs confirmation: run it in a terminal, or add --yes.")
            if input(f"Forget “{one_line(item.text)}” for good? [y/N] ").strip().lower() not in ("y", "yes"):
                print("Nothing was deleted.", file=sys.stderr)
                return EXIT_DECLINED
        j.delete_memory(store, item.id)
    print(f"Forgot item {item.id}.", file=sys.stderr)
    return 0


# ---- helpers ----------------------------------------------------------------------------------------------


def _rails(store: Store) -> Guardrails:
    resolved = ProfileLock(store).active()
    if resolved.warning:
        print(resolved.warning, file=sys.stderr)
    return Guardrails(resolved.profile)


def _require_offered(rails: Guardrails, exercise: str, name: str) -> None:
    if not rails.profile.features.offers(exercise):
        raise ConfidantError(f"{name} are not offered by your guardrail profile ({rails.profile.name}).")


def _read_text(prompt: str) -> str:
    if sys.stdin.isatty():
        print(prompt, end="", file=sys.stderr, flush=True)
    text = sys.stdin.read().strip()
    if not text:
        raise ConfidantError("Nothing was given on standard input, so nothing was saved.")
    return text


def _show_crisis(screening: ExerciseScreening) -> None:
    """The crisis response and help lines, on stdout where the person is looking."""
    if not screening.crisis:
        return
    print(screening.response)
    print("\nHelp is available right now:")
    for resource in screening.resources:
        print(f"  - {resource.line()}")
    if screening.safety_plan_prompt:
        print(f"\n{screening.safety_plan_prompt}")
    print("\nWhat you wrote has been saved. The AI will wait until you confirm you are safe in the chat.")

