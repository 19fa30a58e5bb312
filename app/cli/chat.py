"""`confidant chat`: talk to Confidant in a terminal, or through a pipe (one message per line).

Replies go to standard output, one per message; everything else (the disclaimer, progress, pinned help
lines, hints) goes to standard error, so a script reading stdout gets exactly the replies. A crisis
response and its help lines are the reply, so they go to stdout; so do a check-in question and its help
lines. The check-in is answered with /yes, /no or /unsure, or in words ("no", "not sure"). Outside an
interactive terminal each reply is exactly one line (or one JSON object with --json): see chat_output.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from app.chat.errors import ChatError
from app.chat.session import MAX_MESSAGE_CHARS, ChatSession, ReplyKind, ReplyStream
from app.chat.style import ReplyStyle
from app.cli.chat_output import ReplyOutput, choose_output, resource_lines
from app.cli.store_access import open_store
from app.errors import ConfidantError
from app.model.discovery import find_model
from app.model.engine import Engine
from app.model.verify import verify_model
from app.safety import CheckInAnswer, Guardrails, ProfileLock
from app.settings import AppSettings

CONFIRM_COMMAND = "/safe"
ANSWER_COMMANDS = {"/yes": CheckInAnswer.YES, "/no": CheckInAnswer.NO, "/unsure": CheckInAnswer.UNSURE,
                   "/not-sure": CheckInAnswer.UNSURE}
EXERCISE_COMMAND, LEAVE_COMMAND = "/exercise", "/leave"  # walk through an exercise here; stop it
EXERCISES = {"thought-record": "thought-record", "activity": "behavioural-activation",
             "behavioural-activation": "behavioural-activation"}
ANSWER_HINT = "Answer yes, no or not sure (or /yes, /no, /unsure)."
MAX_LINE_BYTES = 4 * MAX_MESSAGE_CHARS + 2  # UTF-8 takes at most 4 bytes a character; longer is never sent
NOT_UTF8 = "That line is not UTF-8 text, so it was not sent. Please type it again."
TOO_LONG = (f"That message is longer than {MAX_MESSAGE_CHARS:,} characters, and Confidant takes at most that "
            "many at once. Nothing was sent: please send it in parts.")


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
    parser.add_argument("--style", choices=[str(s) for s in ReplyStyle], help="how replies are written: guided "
                        "(a short reflection and a CBT question), free (the model writes it all), or auto "
                        "(guided for small models); default: your setting, else the profile's")
    parser.add_argument("--json", action="store_true", help="one JSON object per reply, one per line: text, "
                        "kind, status, finish_reason, verdict, resources")
    parser.set_defaults(handler=run)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty()
    out = choose_output(interactive, args.json)
    if args.model:
        regular_model_file(args.model)  # before the store is locked: a bad --model never holds the lock
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
        model_path = regular_model_file(find_model(args.model, settings.model_path))
        verify_model(model_path)  # damaged weights load and talk nonsense: refuse them (DamagedModel says how to fix)
        status = (lambda stage, _: note(f"{stage}…")) if interactive else None
        engine = Engine.load(model_path, progress=status)
        sampling = settings.sampling(engine.default_sampling).with_overrides(
            max_tokens=args.max_tokens, temperature=args.temperature, seed=args.seed
        )
        session = ChatSession.open(engine, guardrails, store, args.conversation, sampling=sampling,
                                   style=args.style or settings.reply_style)
        _opening(session, engine, interactive)
        session.prewarm()  # the system prompt is evaluated while the person reads and types: a faster first reply
        # Each line in gets exactly one reply or one error line out (the pipe contract): a new command is
        # one more branch that ends in `out.reply`, `out.fixed` or `out.error`.
        for line in _messages(interactive):
            if isinstance(line, Unsendable):
                out.error(line.reason)
                continue
            command = line.strip().lower()
            try:
                if command == CONFIRM_COMMAND:
                    message = session.confirm_safe()
                    if message:
                        out.fixed(message, ReplyKind.RESUME)
                    else:
                        out.error("There is nothing to confirm: the conversation is not paused.")
                elif command in ANSWER_COMMANDS:
                    _show(session, session.answer_check_in(ANSWER_COMMANDS[command]), out)
                elif command.split()[0] in (EXERCISE_COMMAND, LEAVE_COMMAND):
                    _show(session, _exercise_command(session, command), out)
                else:
                    _show(session, session.send(line), out)
            except ChatError as error:
                out.error(str(error))
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
        help_lines = resource_lines(session.guardrails.check_in_resources)
        note(f"\nConfidant › {session.opening.check_in_question}\n{help_lines}")
        note(ANSWER_HINT)
    _show_pinned(session)


def _show_pinned(session: ChatSession) -> None:
    if session.pinned:
        note("\nHelp is available any time:\n" + resource_lines(session.pinned))
    if not session.crisis.model_allowed:
        note(f"(When you are safe right now, type {CONFIRM_COMMAND} to carry on talking.)")


@dataclass(frozen=True)
class Unsendable:
    """A line read in that cannot be a message; `reason` is the one line it gets back."""

    reason: str


def _messages(interactive: bool) -> Iterator[str | Unsendable]:
    """Each non-empty line typed or piped in, read as bytes so a line that is not UTF-8, or far too long to
    send, is answered by one error line (an Unsendable in its place) and the lines after it still count.
    A long line is read only up to MAX_LINE_BYTES; the rest is skipped without being kept."""
    source = sys.stdin.buffer
    while True:
        if interactive:
            print("\nyou › ", end="", file=sys.stderr, flush=True)
        raw = source.readline(MAX_LINE_BYTES)
        if not raw:
            return
        if not raw.endswith(b"\n") and len(raw) == MAX_LINE_BYTES:
            while (rest := source.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield Unsendable(TOO_LONG)
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Unsendable(NOT_UTF8)
            continue
        if line.strip():
            yield line


def regular_model_file(path: str | os.PathLike[str]) -> str | os.PathLike[str]:
    """`path` if it is a regular file (or missing, which find_model explains). Checked with stat, which never
    blocks: opening a named pipe or reading a device as a model would wait or read forever."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return path
    except OSError as error:
        raise ConfidantError(f"Cannot use the model {path}: {error.strerror}.") from None
    if not stat.S_ISREG(mode):
        raise ConfidantError(f"The model {path} is not a regular file: give a .gguf model file.")
    return path


def _show(session: ChatSession, stream: ReplyStream, out: ReplyOutput) -> None:
    out.reply(session, stream)
    if stream.safety_plan_prompt:
        note(stream.safety_plan_prompt)
    if stream.kind is ReplyKind.CHECK_IN:
        note(ANSWER_HINT)
    if stream.kind in (ReplyKind.CRISIS, ReplyKind.HOLDING):
        _show_pinned(session)
    if stream.exercise_offer is not None:
        name = next(k for k, v in EXERCISES.items() if v == stream.exercise_offer.exercise)
        note(f"({stream.exercise_offer.reason} Type {EXERCISE_COMMAND} {name} to walk through it here.)")


def _exercise_command(session: ChatSession, command: str) -> ReplyStream:
    """/exercise [thought-record|activity] starts one here; /leave stops it (what was written is kept)."""
    words = command.split()
    if words[0] == LEAVE_COMMAND:
        return session.leave_exercise()
    name = words[1] if len(words) > 1 else "thought-record"
    if name not in EXERCISES or len(words) > 2:
        raise ChatError(f"Try {EXERCISE_COMMAND} thought-record or {EXERCISE_COMMAND} activity.")
    return session.start_exercise(EXERCISES[name])
