"""The chat session: the single path from a person's message to a finished reply.

Every front end (terminal, GUI) drives a conversation through one ChatSession: it owns the conversation in
memory, decides what the model sees (system prompt + the turns that fit), streams the reply, and lets the
person stop or regenerate it. Long calls (`send`, `regenerate`) iterate on the caller's thread — the GUI runs
them on a worker thread — while `stop()` is safe from any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from app.chat.context import ContextWindow
from app.chat.errors import ChatError
from app.chat.messages import ChatMessage, Role, Status
from app.model.engine import Engine, FinishReason
from app.model.sampling import Sampling


@dataclass(frozen=True)
class Reply:
    """A finished reply, as shown and stored."""

    text: str
    status: Status
    finish_reason: FinishReason
    tokens: int = 0


class ReplyStream:
    """Iterate for the reply's text pieces as they become ready to show; `reply` is set at the end."""

    def __init__(self, produce: Callable[[ReplyStream], Iterator[str]]) -> None:
        self.reply: Reply | None = None
        self._pieces = produce(self)

    def __iter__(self) -> Iterator[str]:
        return self._pieces

    def finish(self) -> Reply:
        """Drain the stream (for callers that do not show pieces) and return the reply."""
        for _ in self:
            pass
        assert self.reply is not None
        return self.reply


class ChatSession:
    def __init__(
        self,
        engine: Engine,
        *,
        system_prompt: str,
        sampling: Sampling | None = None,
        messages: Sequence[ChatMessage] = (),
    ) -> None:
        self.engine = engine
        self.system_prompt = system_prompt
        self.sampling = sampling or engine.default_sampling
        self.messages: list[ChatMessage] = list(messages)
        self._window = ContextWindow(engine.info.n_ctx, reply_reserve=self.sampling.max_tokens)
        self._cancel: threading.Event | None = None
        self._busy = threading.Lock()

    # ---- the person's actions -----------------------------------------------------------------------

    def send(self, text: str) -> ReplyStream:
        """Add the person's message and stream the assistant's reply to it."""
        text = text.strip()
        if not text:
            raise ChatError("There is nothing to send.")
        self._ensure_idle()
        self.messages.append(ChatMessage(Role.USER, text))
        return ReplyStream(self._reply)

    def regenerate(self) -> ReplyStream:
        """Replace the last reply with a new one."""
        if not self.messages or self.messages[-1].role is not Role.ASSISTANT:
            raise ChatError("There is no reply to regenerate yet.")
        self._ensure_idle()
        self.messages.pop()
        return ReplyStream(self._reply)

    def stop(self) -> None:
        """Stop the reply being written, keeping what was written so far. Safe from any thread."""
        if self._cancel is not None:
            self._cancel.set()

    def _ensure_idle(self) -> None:
        if self._busy.locked():
            raise ChatError("A reply is already being written. Stop it first.")

    # ---- the pipeline -------------------------------------------------------------------------------

    def prompt_messages(self) -> list[dict[str, str]]:
        """What the model will see for the next reply: system prompt + the recent turns that fit."""
        head = [{"role": "system", "content": self.system_prompt}] if self.system_prompt else []
        turns = [m.as_prompt() for m in self.messages]
        return self._window.select(head, turns, self.engine.count_tokens)

    def _reply(self, stream: ReplyStream) -> Iterator[str]:
        if not self._busy.acquire(blocking=False):
            raise ChatError("A reply is already being written. Stop it first.")
        try:
            prompt = self.prompt_messages()
            self._cancel = cancel = threading.Event()
            reply = ChatMessage(Role.ASSISTANT, "", Status.INCOMPLETE)
            self.messages.append(reply)
            generation = self.engine.generate(prompt, self.sampling, cancel)
            try:
                for piece in generation:
                    if not reply.content:
                        piece = piece.lstrip()  # models often open with a space or newline
                        if not piece:
                            continue
                    reply.content += piece
                    yield piece
            finally:
                generation.close()
            reason = generation.finish_reason or FinishReason.CANCELLED
            reply.content = reply.content.rstrip()
            reply.status = Status.INCOMPLETE if reason is FinishReason.CANCELLED else Status.COMPLETE
            stream.reply = Reply(reply.content, reply.status, reason, generation.token_count)
        finally:
            self._cancel = None
            self._busy.release()
