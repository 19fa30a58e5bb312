"""The context window keeps the prompt inside n_ctx by dropping old turns in blocks."""

from __future__ import annotations

from itertools import pairwise

import pytest

from app.chat.context import ContextWindow
from app.chat.errors import ChatError


def words(messages: list) -> int:
    return sum(len(m["content"].split()) + 4 for m in messages)


def conversation(turns: int, size: int = 20) -> list[dict]:
    out = []
    for i in range(turns):
        out.append({"role": "user", "content": " ".join([f"u{i}"] * size)})
        out.append({"role": "assistant", "content": " ".join([f"a{i}"] * size)})
    return out


HEAD = [{"role": "system", "content": "be kind"}]


def test_everything_fits_at_first() -> None:
    window = ContextWindow(n_ctx=1000, reply_reserve=100)
    turns = conversation(3)[:-1]
    assert window.select(HEAD, turns, words) == [*HEAD, *turns]


def test_old_turns_are_dropped_in_blocks_and_the_prefix_then_stays_stable() -> None:
    window = ContextWindow(n_ctx=400, reply_reserve=50)
    turns: list[dict] = []
    starts = []
    for i in range(40):
        turns.append({"role": "user", "content": " ".join([f"u{i}"] * 20)})
        prompt = window.select(HEAD, turns, words)
        assert words(prompt) <= window.budget
        assert prompt[0] == HEAD[0] and prompt[-1] == turns[-1]
        starts.append(window.start)
        turns.append({"role": "assistant", "content": " ".join([f"a{i}"] * 20)})
    drops = sum(1 for a, b in pairwise(starts) if b != a)
    assert 0 < drops <= len(starts) // 3  # blocks, not one turn per turn
    assert all(turns[s]["role"] == "user" for s in starts)  # always cut at a turn boundary


def test_a_message_too_long_for_the_model_is_refused_clearly() -> None:
    window = ContextWindow(n_ctx=100, reply_reserve=20)
    with pytest.raises(ChatError, match="too long for this model"):
        window.select(HEAD, [{"role": "user", "content": "word " * 500}], words)


def test_reply_reserve_must_leave_room() -> None:
    with pytest.raises(ChatError):
        ContextWindow(n_ctx=100, reply_reserve=100)
