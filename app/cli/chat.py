"""`confidant chat`: talk to Confidant in a terminal, or through a pipe (one message per line)."""

from __future__ import annotations

import argparse
import sys

from app.chat.session import ChatSession
from app.model.discovery import find_model
from app.model.engine import Engine, FinishReason

# Until a guardrail profile supplies it (app.safety), the assistant is told who it is and what it is not.
SYSTEM_PROMPT = (
    "You are Confidant, a warm, supportive AI companion. You are an AI, not a person and not a therapist; "
    "say so if asked. Keep replies short, kind and practical."
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "chat", help="chat in the terminal", description="Chat in the terminal. Each line you type (or pipe "
        "in) is one message; replies stream to standard output. End with Ctrl-D."
    )
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
    status = _status_printer(interactive)
    engine = Engine.load(find_model(args.model), progress=lambda stage, _: status(f"{stage}…"))
    sampling = engine.default_sampling.with_overrides(
        max_tokens=args.max_tokens, temperature=args.temperature, seed=args.seed
    )
    session = ChatSession(engine, system_prompt=SYSTEM_PROMPT, sampling=sampling)
    if interactive:
        print(f"Confidant — {engine.info.name}. Type a message and press Enter; Ctrl-C stops a reply, "
              "Ctrl-D ends.", file=sys.stderr)
    try:
        for line in _messages(interactive):
            _stream_reply(session, line)
    finally:
        engine.close()
    return 0


def _messages(interactive: bool):
    while True:
        if interactive:
            print("\nyou › ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            return
        if line.strip():
            yield line


def _stream_reply(session: ChatSession, line: str) -> None:
    stream = session.send(line)
    try:
        for piece in stream:
            sys.stdout.write(piece)
            sys.stdout.flush()
    except KeyboardInterrupt:
        session.stop()
        stream.finish()
    reply = stream.reply
    if reply and reply.finish_reason is FinishReason.CANCELLED:
        sys.stdout.write(" [stopped]")
    sys.stdout.write("\n")
    sys.stdout.flush()


def _status_printer(interactive: bool):
    def status(text: str) -> None:
        if interactive:
            print(text, file=sys.stderr, flush=True)

    return status
