"""History commands: `confidant history list|show|search|export|delete`, `passphrase change`, `backup`,
`restore`, `wipe`.

Destructive commands ask first on a terminal (wipe wants the word typed out) and, without a terminal, act only
with `--yes`, so a script never deletes by accident. `history export` writes to standard output unless
`--out FILE` is given — the usual Unix shape (`> file.json` works) and nothing is written to disk that the
person did not name — and always prints the shared not-encrypted warning on stderr first.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from app.cli.store_access import open_store, read_new_passphrase, read_passphrase, recover
from app.cli.terminal import SafeTerminal, json_visible, one_line, visible
from app.errors import ConfidantError
from app.paths import data_dir
from app.storage import EXPORT_WARNING, Store, StoreInUse, wipe
from app.storage.errors import NotFound
from app.storage.export import export_json, export_markdown, render_json, render_markdown
from app.storage.records import Conversation, StoredMessage

EXIT_DECLINED = 1
WIPE_WORD = "wipe"
_SPEAKERS = {"user": "you", "assistant": "confidant", "system": "system"}


def register(subparsers: argparse._SubParsersAction) -> None:
    history = subparsers.add_parser("history", help="list, read, search, export or delete past conversations",
                                    description="Your saved conversations (kept encrypted on this computer).")
    commands = history.add_subparsers(dest="history_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="conversations, most recently active first")
    listing.add_argument("--limit", type=_count, default=50, metavar="N", help="how many (default 50)")
    listing.add_argument("--offset", type=_count, default=0, metavar="N", help="skip the first N")
    listing.set_defaults(handler=run_list)

    show = commands.add_parser("show", help="print one conversation")
    show.add_argument("id", type=int, metavar="ID")
    show.set_defaults(handler=run_show)

    search = commands.add_parser("search", help="find messages containing all the given words")
    search.add_argument("query", nargs="+", metavar="WORD", help="words to find; end one with * for a prefix")
    search.add_argument("--limit", type=_count, default=20, metavar="N", help="most hits (default 20)")
    search.set_defaults(handler=run_search)

    export = commands.add_parser(
        "export", help="write conversations out UNENCRYPTED as JSON or Markdown",
        description=f"Export one conversation (ID) or all of them. {EXPORT_WARNING}",
    )
    export.add_argument("id", type=int, nargs="?", metavar="ID", help="only this conversation")
    export.add_argument("--format", choices=("json", "markdown"), default="json")
    export.add_argument("--out", metavar="FILE", help="write to FILE (created private to you); default and "
                        "`-`: standard output")
    export.set_defaults(handler=run_export)

    delete = commands.add_parser("delete", help="delete a conversation for good")
    delete.add_argument("id", type=int, metavar="ID")
    delete.add_argument("--yes", action="store_true", help="do not ask (needed without a terminal)")
    delete.set_defaults(handler=run_delete)

    passphrase = subparsers.add_parser("passphrase", help="change the passphrase that unlocks your history")
    passphrase_commands = passphrase.add_subparsers(dest="passphrase_command", metavar="ACTION",
                                                    required=True)
    change = passphrase_commands.add_parser(
        "change", help="re-encrypt your history under a new passphrase",
        description="Asks for the current passphrase, then the new one twice. For scripts: "
        "CONFIDANT_NEW_PASSPHRASE or --new-passphrase-file. Existing backups keep their old passphrase.",
    )
    change.add_argument("--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE")
    change.set_defaults(handler=run_change_passphrase)

    backup = subparsers.add_parser("backup", help="write an encrypted backup of your history to FILE",
                                   description="The backup stays encrypted and opens with your current "
                                   "passphrase. An existing FILE is replaced.")
    backup.add_argument("file", metavar="FILE")
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser("restore", help="replace your history with a backup",
                                    description="Asks for the passphrase the backup was made with. The "
                                    "backup is checked before anything is replaced.")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask (needed without a terminal)")
    restore.set_defaults(handler=run_restore)

    wipe_parser = subparsers.add_parser("wipe", help="delete your whole history, for good",
                                        description="Deletes the encrypted history and every file beside it, "
                                        "without asking for the passphrase (it also works when the passphrase "
                                        "is forgotten), so a guardrail profile a clinician locked goes with "
                                        "it. The window's Erase everything asks for the passphrase and keeps "
                                        "a locked profile unless the clinician's PIN is given. Backups and "
                                        "exports you made elsewhere are not touched.")
    wipe_parser.add_argument("--yes", action="store_true", help="do not ask (needed without a terminal)")
    wipe_parser.set_defaults(handler=run_wipe)


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


# ---- reading ---------------------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    with open_store(args, create_if_missing=False) as store:
        conversations = store.list_conversations(limit=args.limit, offset=args.offset)
        total = store.count_conversations()
    if not conversations:
        print("No conversations yet." if total == 0 else "No more conversations.", file=sys.stderr)
        return 0
    print(f"{'ID':>5}  {'last active':<16}  {'msgs':>5}  title")
    for conversation in conversations:
        print(f"{conversation.id:>5}  {_when(conversation.updated_at):<16}  {conversation.message_count:>5}  "
              f"{one_line(conversation.title)}")
    shown = args.offset + len(conversations)
    if shown < total:
        print(f"({shown} of {total}; see more with --offset {shown})", file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    with open_store(args, create_if_missing=False) as store:
        conversation = _conversation(store, args.id)
        messages = store.messages(conversation.id)
    print(f"# {one_line(conversation.title)}  (#{conversation.id}, started "
          f"{_when(conversation.created_at)}, {len(messages)} messages)")
    for message in messages:
        print(f"\n{_heading(message)}")
        print(visible(message.display_content))
    return 0


def run_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    with open_store(args, create_if_missing=False) as store:
        hits = store.search(query, limit=args.limit)
    if not hits:
        print(f"Nothing found for {query!r}.", file=sys.stderr)
        return 0
    terminal = sys.stdout if isinstance(sys.stdout, SafeTerminal) else None
    start, end = ("\x1b[1m", "\x1b[0m") if terminal is not None else ("**", "**")
    for hit in hits:
        # Stored text is made visible piece by piece; only our own bold codes go around the sanitizer.
        snippet = "".join(f"{start}{one_line(text)}{end}" if matched else one_line(text)
                          for text, matched in hit.segments())
        line = (f"#{hit.conversation_id} {one_line(hit.title)}  ·  message {hit.message_id}, "
                f"{_when(hit.created_at)}\n    {snippet}\n")
        if terminal is not None:
            terminal.write_trusted(line)
        else:
            sys.stdout.write(line)
    return 0


def run_export(args: argparse.Namespace) -> int:
    ids = None if args.id is None else [args.id]
    with open_store(args, create_if_missing=False) as store:
        if ids is not None:
            _conversation(store, ids[0])
        print(f"Warning: {EXPORT_WARNING}", file=sys.stderr)
        if args.out in (None, "-"):
            text, _ = (render_json if args.format == "json" else render_markdown)(store, ids)
            if isinstance(sys.stdout, SafeTerminal) and args.format == "json":
                text = json_visible(text)  # still valid JSON on screen; SafeTerminal passes its escapes
            sys.stdout.write(text)  # a terminal gets it through the sanitizer; a file or pipe exactly
            return 0
        out = Path(args.out).expanduser()
        count = (export_json if args.format == "json" else export_markdown)(store, ids, out)
    print(f"Exported {count} conversation{'s' if count != 1 else ''} to {out}.", file=sys.stderr)
    return 0


# ---- changing --------------------------------------------------------------------------------------------


def run_delete(args: argparse.Namespace) -> int:
    with open_store(args, create_if_missing=False) as store:
        conversation = _conversation(store, args.id)
        question = (f"Delete “{one_line(conversation.title)}” ({conversation.message_count} messages) for "
                    "good? It cannot be undone. [y/N] ")
        if not _confirmed(args, question):
            print("Nothing was deleted.", file=sys.stderr)
            return EXIT_DECLINED
        store.delete_conversation(conversation.id)
    print(f"Deleted conversation {conversation.id}.", file=sys.stderr)
    return 0


def run_change_passphrase(args: argparse.Namespace) -> int:
    with open_store(args, create_if_missing=False) as store:
        store.change_passphrase(read_new_passphrase(args))
    print("Passphrase changed. Backups made before keep the passphrase they were made with.", file=sys.stderr)
    return 0


def run_backup(args: argparse.Namespace) -> int:
    target = Path(args.file).expanduser()
    with open_store(args, create_if_missing=False) as store:
        store.backup_to(target)
    print(f"Encrypted backup written to {target}. It opens with your current passphrase.", file=sys.stderr)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    directory = data_dir(getattr(args, "data_dir", None))
    source = Path(args.file).expanduser()
    if Store.in_use(directory):
        raise StoreInUse(directory)
    recover(directory)
    if Store.exists(directory) and not _confirmed(
        args, f"Replace your current history in {directory} with the backup {source}? Conversations since "
        "the backup will be lost. [y/N] "
    ):
        print("Nothing was changed.", file=sys.stderr)
        return EXIT_DECLINED
    with Store.restore(directory, source, read_passphrase(args, confirm=False)) as store:
        count = store.count_conversations()
    print(f"Restored {count} conversation{'s' if count != 1 else ''} from {source}.", file=sys.stderr)
    return 0


def run_wipe(args: argparse.Namespace) -> int:
    directory = data_dir(getattr(args, "data_dir", None))
    if not Store.exists(directory) and not any(directory.glob("history.*")):
        print(f"There is no history in {directory}; nothing to wipe.", file=sys.stderr)
        return 0
    if Store.in_use(directory):
        raise StoreInUse(directory)
    if not args.yes:
        if not sys.stdin.isatty():
            raise ConfidantError("Wiping needs confirmation: run it in a terminal, or add --yes.")
        print(f"This permanently deletes your whole history in {directory}: every conversation, setting and "
              "audit record, and the guardrail profile with any clinician lock on it. Backups elsewhere are not "
              "touched.", file=sys.stderr)
        answer = input(f"Type {WIPE_WORD} to confirm: ")
        if answer.strip().lower() != WIPE_WORD:
            print("Nothing was deleted.", file=sys.stderr)
            return EXIT_DECLINED
    wipe(directory)
    print(f"Your history in {directory} has been wiped, with its guardrail profile and any clinician lock.",
          file=sys.stderr)
    return 0


# ---- helpers ---------------------------------------------------------------------------------------------


def _conversation(store: Store, conversation_id: int) -> Conversation:
    conversation = store.get_conversation(conversation_id)
    if conversation is None:
        raise NotFound(f"There is no conversation {conversation_id}: `confidant history list` shows them.")
    return conversation


def _confirmed(args: argparse.Namespace, question: str) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise ConfidantError("This needs confirmation: run it in a terminal, or add --yes.")
    return input(question).strip().lower() in ("y", "yes")


def _heading(message: StoredMessage) -> str:
    notes = {"incomplete": " (incomplete)", "withheld": " (withheld by a safety guardrail)"}
    note = notes.get(message.status) or (" (cut short at its length limit)" if message.cut_short else "")
    return f"[{_SPEAKERS.get(message.role, message.role)} · {_when(message.created_at)}]" + note


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
