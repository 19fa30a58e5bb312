"""`confidant chat`: talk to Confidant in a terminal, or through a pipe (one message per line).

Replies go to standard output, one per message; everything else (the disclaimer, progress, pinned help
lines, hints) goes to standard error, so a script reading stdout gets exactly the replies. A crisis
response and its help lines are the reply, so they go to stdout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from app.chat.session import ChatSession, ReplyKind
from app.cli.store_access import open_store
from app.errors import ConfidantError
from app.model.discovery import find_model
from app.model.engine import Engine, FinishReason
from app.safety import Guardrails, ProfileLock
from app.settings import AppSettings

CONFIRM_COMMAND = "/safe"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "chat", help="chat in the terminal", description="Chat in the terminal. Each line you type (or pipe "
        "in) is one message; replies stream to standard output. End with Ctrl-D. Conversations are saved, "
        "encrypted."
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--new", action="store_true", help="start a new conversation (the default)")
    where.add_argument("--conversation", type=int, metavar="ID", help="continue conversation ID "
                       "(see `confidant history list`)")
    parser.add_argument("--model", metavar="PATH", help="a .gguf chat model to use instead of the default")
    parser.add_argument("--max-tokens", type=_positive_int, metavar="N", help="longest reply, in tokens")
    parser.add_argument("--temperature", type=float, metavar="T", help="0 = always the likeliest words")
    parser.add_argument("--seed", type=int, metavar="N", help="fixed random seed, for repeatable replies")
    parser.set_defaults(handler=run)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty()
    store = open_store(args, create_if_missing=True)
    engine: Engine | None = None
    try:
        resolved = ProfileLock(store).active()
        if resolved.warning:
            note(resolved.warning)
        guardrails = Guardrails(resolved.profile)
        if args.conversation is not None and store.get_conversation(args.conversation) is None:
            raise ConfidantError(f"There is no conversation {args.conversation}. "
                                 "`confidant history list` shows your conversations.")
        settings = AppSettings.load(store)
        model_path = find_model(args.model, settings.model_path)
        status = (lambda stage, _: note(f"{stage}…")) if interactive else None
        engine = Engine.load(model_path, progress=status)
        sampling = settings.sampling(engine.default_sampling).with_overrides(
            max_tokens=args.max_tokens, temperature=args.temperature, seed=args.seed
        )
        session = ChatSession.open(engine, guardrails, store, args.conversation, sampling=sampling)
        _opening(session, engine, interactive)
        for line in _messages(interactive):
            if line.strip() == CONFIRM_COMMAND:
                message = session.confirm_safe() or "There is nothing to confirm: the conversation is not paused."
                print(message, flush=True)
                continue
            _reply(session, line)
    finally:
        if engine is not None:
            engine.close()
        store.close()
    return 0


def note(text: str) -> None:
    print(text.strip(), file=sys.stderr, flush=True)


def _opening(session: ChatSession, engine: Engine, interactive: bool) -> None:
    note(session.opening.disclaimer)
    if interactive:
        note(f"\nModel: {engine.info.name}. Guardrails: {session.guardrails.profile.name}. Type a message and "
             "press Enter; Ctrl-C stops a reply, Ctrl-D ends.")
    if session.opening.check_in:
        note(f"\nConfidant › {session.opening.check_in}")
    _show_pinned(session)


def _show_pinned(session: ChatSession) -> None:
    if session.pinned:
        note("\nHelp is available any time:\n" + "\n".join(f"  • {r.line()}" for r in session.pinned))
    if not session.crisis.model_allowed:
        note(f"(When you are safe right now, type {CONFIRM_COMMAND} to carry on talking.)")


def _messages(interactive: bool) -> Iterator[str]:
    while True:
        if interactive:
            print("\nyou › ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            return
        if line.strip():
            yield line


def _reply(session: ChatSession, line: str) -> None:
    stream = session.send(line)
    try:
        for piece in stream:
            sys.stdout.write(piece)
            sys.stdout.flush()
    except KeyboardInterrupt:
        session.stop()
        stream.finish()
    reply = stream.reply
    if reply is not None and reply.violation is not None:
        sys.stdout.write(f"\n[withheld by your guardrails] {reply.text}")
    elif reply is not None and reply.finish_reason is FinishReason.CANCELLED:
        sys.stdout.write(" [stopped]")
    if stream.kind is ReplyKind.CRISIS:
        sys.stdout.write("\n" + "\n".join(f"  • {r.line()}" for r in stream.resources))
    sys.stdout.write("\n")
    sys.stdout.flush()
    if stream.safety_plan_prompt:
        note(stream.safety_plan_prompt)
    if stream.kind in (ReplyKind.CRISIS, ReplyKind.HOLDING):
        _show_pinned(session)
