"""`confidant chat`: talk to Confidant in a terminal, or through a pipe (one message per line).

Replies go to standard output, one per message; everything else (the disclaimer, progress, pinned help
lines, hints) goes to standard error, so a script reading stdout gets exactly the replies. A crisis
response and its help lines are the reply, so they go to stdout; so do a check-in question and its help
lines. The check-in is answered with /yes, /no or /unsure, or in words ("no", "not sure").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from app.chat.errors import ChatError
from app.chat.session import ChatSession, ReplyKind, ReplyStream
from app.cli.store_access import open_store
from app.errors import ConfidantError
from app.model.discovery import find_model
from app.model.engine import Engine, FinishReason
from app.safety import CheckInAnswer, Guardrails, HelpResource, ProfileLock
from app.settings import AppSettings

CONFIRM_COMMAND = "/safe"
ANSWER_COMMANDS = {"/yes": CheckInAnswer.YES, "/no": CheckInAnswer.NO, "/unsure": CheckInAnswer.UNSURE,
                   "/not-sure": CheckInAnswer.UNSURE}
ANSWER_HINT = "Answer yes, no or not sure (or /yes, /no, /unsure)."


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
            command = line.strip().lower()
            if command == CONFIRM_COMMAND:
                message = session.confirm_safe() or "There is nothing to confirm: the conversation is not paused."
                print(message, flush=True)
                continue
            if command in ANSWER_COMMANDS:
                try:
                    stream = session.answer_check_in(ANSWER_COMMANDS[command])
                except ChatError as error:
                    print(error, flush=True)  # one line on stdout for each line in, as ever
                    continue
                _show(session, stream)
                continue
            _show(session, session.send(line))
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
    if session.opening.check_in_question:  # asked before and not yet answered
        note(f"\nConfidant › {session.opening.check_in_question}\n{_lines(session.guardrails.check_in_resources)}")
        note(ANSWER_HINT)
    _show_pinned(session)


def _lines(resources: tuple[HelpResource, ...]) -> str:
    return "\n".join(f"  • {r.line()}" for r in resources)


def _show_pinned(session: ChatSession) -> None:
    if session.pinned:
        note("\nHelp is available any time:\n" + _lines(session.pinned))
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


def _show(session: ChatSession, stream: ReplyStream) -> None:
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
    if stream.kind in (ReplyKind.CRISIS, ReplyKind.CHECK_IN) and stream.resources:
        sys.stdout.write("\n" + _lines(stream.resources))
    sys.stdout.write("\n")
    sys.stdout.flush()
    if stream.safety_plan_prompt:
        note(stream.safety_plan_prompt)
    if stream.kind is ReplyKind.CHECK_IN:
        note(ANSWER_HINT)
    if stream.kind in (ReplyKind.CRISIS, ReplyKind.HOLDING):
        _show_pinned(session)
