"""Choosing which turns of a conversation fit in the model's context window.

The prompt is the system prompt plus the most recent turns that fit, leaving room for the reply. When the
conversation outgrows the window, older turns are dropped in one block — enough to free about half the
room — rather than one turn at a time. Between drops the prompt's prefix stays byte-for-byte the same,
so llama.cpp reuses its KV cache and each new turn only evaluates the new text: turn 30 costs about what
turn 1 did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from app.chat.errors import ChatError

Messages = Sequence[Mapping[str, str]]


class ContextWindow:
    def __init__(self, n_ctx: int, reply_reserve: int, refill_fraction: float = 0.5) -> None:
        if reply_reserve >= n_ctx:
            raise ChatError(f"The reply length ({reply_reserve} tokens) must be less than the context "
                            f"window ({n_ctx} tokens).")
        self.n_ctx = n_ctx
        self.reply_reserve = reply_reserve
        self.refill_fraction = refill_fraction
        self.start = 0  # index of the first turn in the prompt; only ever moves forward, in blocks

    @property
    def budget(self) -> int:
        return self.n_ctx - self.reply_reserve

    def reset(self) -> None:
        self.start = 0

    def select(self, head: Messages, turns: Messages, count_tokens: Callable[[list], int]) -> list:
        """The messages for the next prompt: `head` (system) + the turns from the window start on.

        `turns` must end with the person's message; `count_tokens` measures a rendered message list.
        """
        starts = [i for i, turn in enumerate(turns) if turn["role"] == "user"]
        if not starts:
            raise ChatError("There is no message to reply to.")
        self.start = min(self.start, starts[-1])
        prompt = [*head, *turns[self.start:]]
        if count_tokens(prompt) <= self.budget:
            return prompt
        # Drop a block: the earliest turn start after which the rest fills at most `refill_fraction`.
        target = int(self.budget * self.refill_fraction)
        chosen, used = self.start, None
        for start in (s for s in starts if s > self.start):
            chosen, prompt = start, [*head, *turns[start:]]
            used = count_tokens(prompt)
            if used <= target:
                break
        used = used if used is not None else count_tokens(prompt)
        if used > self.budget:
            raise ChatError(
                f"That message is too long for this model: with the instructions it needs about {used:,} "
                f"tokens, and the model can read {self.budget:,}. Please send it in shorter parts."
            )
        self.start = chosen
        return prompt
