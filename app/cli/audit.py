"""`confidant audit list | export`: the guardrail events recorded in the encrypted store.

Each event has its time, kind (e.g. input.crisis, output.block — `list` shows it in words too, from
app.safety.events), category and rule; message text only where the guardrail profile that recorded it allowed
that (the shipped profiles do not).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.store_access import open_store
from app.cli.terminal import one_line, visible
from app.safety.events import event_label
from app.storage import EXPORT_WARNING, AuditRecord
from app.storage.export import write_private


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="guardrail events (for clinicians)",
                                  description="Guardrail events recorded in your encrypted data.")
    commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    listing = commands.add_parser("list", help="the most recent events, newest first")
    listing.add_argument("--limit", type=int, default=50, metavar="N")
    listing.set_defaults(handler=run_list)
    export = commands.add_parser("export", help=f"all events as JSON lines. {EXPORT_WARNING}")
    export.add_argument("--out", metavar="FILE", help="write to FILE (created private to you); default stdout")
    export.set_defaults(handler=run_export)


def as_dict(event: AuditRecord) -> dict:
    return {
        "time": event.created_at.isoformat(timespec="seconds") if event.created_at else None,
        "kind": event.kind, "category": event.category, "rule": event.rule,
        "conversation": event.conversation_id, "text": event.text,
    }


def run_list(args: argparse.Namespace) -> int:
    store = open_store(args, create_if_missing=False)
    try:
        events = store.audit_events(limit=max(1, args.limit))
    finally:
        store.close()
    if not events:
        print("No guardrail events have been recorded.")
        return 0
    for event in events:
        when = event.created_at.astimezone().strftime("%Y-%m-%d %H:%M") if event.created_at else "?"
        where = f" (conversation {event.conversation_id})" if event.conversation_id else ""
        kind = f"{event_label(event.kind)} ({event.kind})"  # the words, and the code scripts and docs use
        line = f"{when}  {one_line(kind):<44} {one_line(event.category or '-')} / {one_line(event.rule or '-')}"
        print(line + where + (f"\n    text: {visible(event.text)}" if event.text else ""))
    return 0


def run_export(args: argparse.Namespace) -> int:
    store = open_store(args, create_if_missing=False)
    try:
        events, offset = [], 0
        while page := store.audit_events(limit=500, offset=offset):
            events += page
            offset += len(page)
    finally:
        store.close()
    text = "".join(json.dumps(as_dict(e), ensure_ascii=False) + "\n" for e in reversed(events))
    if any(e.text for e in events):
        print(f"Warning: {EXPORT_WARNING}", file=sys.stderr)
    if args.out:
        write_private(Path(args.out), text)
        print(f"Wrote {len(events)} events to {args.out}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
