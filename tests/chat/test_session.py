"""The chat session with the real model: send, stream, stop, regenerate, long conversations."""

from __future__ import annotations

import threading

import pytest

from app.chat.errors import ChatError
from app.chat.messages import Role, Status
from app.chat.session import ChatSession
from app.model.engine import Engine, FinishReason
from app.model.sampling import Sampling

GREEDY = Sampling(max_tokens=32, temperature=0, seed=1)


def session(engine: Engine, sampling: Sampling = GREEDY) -> ChatSession:
    return ChatSession(engine, system_prompt="You are a kind, brief assistant.", sampling=sampling)


def test_send_streams_a_reply_and_keeps_the_conversation(engine: Engine) -> None:
    chat = session(engine)
    stream = chat.send("Hello, how are you?")
    pieces = list(stream)
    assert len(pieces) > 1
    assert stream.reply is not None
    assert stream.reply.text == "".join(pieces).strip()
    assert stream.reply.status is Status.COMPLETE
    assert [m.role for m in chat.messages] == [Role.USER, Role.ASSISTANT]
    assert chat.messages[1].content == stream.reply.text


def test_empty_message_is_refused(engine: Engine) -> None:
    with pytest.raises(ChatError):
        session(engine).send("   \n")


def test_stop_keeps_the_partial_reply(engine: Engine) -> None:
    chat = session(engine, Sampling(max_tokens=1500, temperature=0.8, seed=5))
    stream = chat.send("Write a very long story about a lighthouse keeper.")
    got_some = threading.Event()
    for count, _ in enumerate(stream):
        if count == 3:
            threading.Thread(target=chat.stop).start()
            got_some.set()
    assert got_some.is_set()
    assert stream.reply.finish_reason is FinishReason.CANCELLED
    assert stream.reply.status is Status.INCOMPLETE
    assert chat.messages[-1].content == stream.reply.text != ""


def test_regenerate_replaces_the_last_reply(engine: Engine) -> None:
    chat = session(engine, Sampling(max_tokens=24, temperature=1.0, seed=None))
    chat.send("Suggest a name for a cat.").finish()
    chat.regenerate().finish()
    assert [m.role for m in chat.messages] == [Role.USER, Role.ASSISTANT]


def test_regenerate_needs_a_reply(engine: Engine) -> None:
    with pytest.raises(ChatError):
        session(engine).regenerate()


def test_one_reply_at_a_time(engine: Engine) -> None:
    chat = session(engine)
    first = iter(chat.send("Count to ten."))
    next(first)
    with pytest.raises(ChatError, match="already being written"):
        chat.send("And another thing")
    with pytest.raises(ChatError, match="already being written"):
        chat.regenerate()
    chat.stop()
    list(first)
    assert [m.role for m in chat.messages] == [Role.USER, Role.ASSISTANT]


def test_a_conversation_longer_than_the_context_window_keeps_working(default_model_path) -> None:
    small = Engine.load(default_model_path, n_ctx=512)
    try:
        sampling = Sampling(max_tokens=48, temperature=0)
        chat = ChatSession(small, system_prompt="You are brief.", sampling=sampling)
        total_tokens = 0
        for turn in range(25):
            stream = chat.send(f"Message {turn}: tell me something about the colour blue and the sea.")
            reply = stream.finish()
            total_tokens += 20 + len(reply.text) // 3
            assert reply.finish_reason in (FinishReason.STOP, FinishReason.LENGTH, FinishReason.REPETITION)
        assert total_tokens > 512 * 1.5  # the conversation really outgrew the window
        assert len(chat.messages) == 50
        assert small.count_tokens(chat.prompt_messages()) <= 512 - 48
    finally:
        small.close()
