"""The chat session with the real model and the default guardrails: send, stream, stop, regenerate."""

from __future__ import annotations

import threading

import pytest

from app.chat.errors import ChatError
from app.chat.messages import Role, Status
from app.chat.session import ChatSession, ReplyKind
from app.chat.style import ReplyStyle
from app.model.engine import Engine, FinishReason
from app.model.sampling import Sampling

GREEDY = Sampling(max_tokens=32, temperature=0, seed=1)


def session(engine: Engine, guardrails, sampling: Sampling = GREEDY) -> ChatSession:
    """A session in the free style: these tests are about the model's own streaming (guided: test_guided.py)."""
    return ChatSession(engine, guardrails, sampling=sampling, style=ReplyStyle.FREE)


def test_send_streams_a_reply_and_keeps_the_conversation(engine: Engine, guardrails) -> None:
    chat = session(engine, guardrails)
    stream = chat.send("Hello, how are you?")
    assert stream.kind is ReplyKind.MODEL
    pieces = list(stream)
    assert len(pieces) >= 1
    assert stream.reply is not None
    assert stream.reply.text == "".join(pieces).strip()
    assert stream.reply.status is Status.COMPLETE
    assert [m.role for m in chat.messages] == [Role.USER, Role.ASSISTANT]
    assert chat.messages[1].content == stream.reply.text


def test_the_model_is_told_the_profiles_rules(engine: Engine, guardrails) -> None:
    chat = session(engine, guardrails)
    chat._append(Role.USER, "hi", Status.COMPLETE)
    prompt = chat.prompt_messages()
    assert prompt[0]["role"] == "system"
    assert prompt[0]["content"] == guardrails.system_prompt
    assert "You are an AI" in prompt[0]["content"]


def test_empty_message_is_refused(engine: Engine, guardrails) -> None:
    with pytest.raises(ChatError):
        session(engine, guardrails).send("   \n")


def test_stop_keeps_the_partial_reply(engine: Engine, guardrails) -> None:
    chat = session(engine, guardrails, Sampling(max_tokens=1500, temperature=0.8, seed=5))
    stream = chat.send("Write a very long story about a lighthouse keeper and the sea.")
    for count, _ in enumerate(stream):
        if count == 3:
            threading.Thread(target=chat.stop).start()
    assert stream.reply.finish_reason is FinishReason.CANCELLED
    assert stream.reply.status is Status.INCOMPLETE
    assert chat.messages[-1].content == stream.reply.text != ""


def test_regenerate_replaces_the_last_reply(engine: Engine, guardrails) -> None:
    chat = session(engine, guardrails, Sampling(max_tokens=24, temperature=1.0, seed=None))
    chat.send("Suggest a name for a cat.").finish()
    chat.regenerate().finish()
    assert [m.role for m in chat.messages] == [Role.USER, Role.ASSISTANT]


def test_regenerate_needs_a_reply(engine: Engine, guardrails) -> None:
    with pytest.raises(ChatError):
        session(engine, guardrails).regenerate()


def test_edit_last_replaces_the_message_and_its_reply(engine: Engine, guardrails) -> None:
    chat = session(engine, guardrails)
    chat.send("Tell me about dogs.").finish()
    chat.edit_last("Tell me about cats.").finish()
    assert [m.content for m in chat.messages if m.role is Role.USER] == ["Tell me about cats."]
    assert len(chat.messages) == 2


def test_one_reply_at_a_time(engine: Engine, guardrails) -> None:
    chat = session(engine, guardrails)
    first = iter(chat.send("Count to ten."))
    next(first)
    with pytest.raises(ChatError, match="already being written"):
        chat.send("And another thing")
    with pytest.raises(ChatError, match="already being written"):
        chat.regenerate()
    chat.stop()
    list(first)
    assert [m.role for m in chat.messages] == [Role.USER, Role.ASSISTANT]


SUBJECTS = ("the colour blue and the sea", "autumn leaves", "baking bread", "a walk in the hills", "city buses",
            "learning the piano", "rainy afternoons", "old libraries", "growing tomatoes", "the night sky")


def test_a_conversation_longer_than_the_context_window_keeps_working(default_model_path, guardrails) -> None:
    small = Engine.load(default_model_path, n_ctx=1024)
    try:
        sampling = Sampling(max_tokens=48, temperature=0)
        chat = ChatSession(small, guardrails, sampling=sampling, style=ReplyStyle.FREE)
        for turn in range(25):
            subject = SUBJECTS[turn % len(SUBJECTS)]  # a new subject each turn: replies never repeat a sentence
            reply = chat.send(f"Message {turn}: tell me something about {subject}.").finish()
            assert reply.finish_reason in (FinishReason.STOP, FinishReason.LENGTH, FinishReason.REPETITION)
        assert len(chat.messages) == 50
        head = 1 + 2 * len(guardrails.profile.examples)  # the system prompt and the example exchanges
        shown = chat.prompt_messages()
        assert len(shown) - head < len(chat.messages)  # the conversation outgrew the window: old turns dropped
        assert shown[-1]["content"] == chat.messages[-1].content  # the newest turn is always kept
        assert small.count_tokens(shown) <= 1024 - 48
    finally:
        small.close()


def test_a_stop_before_the_first_token_is_not_lost(engine: Engine, guardrails) -> None:
    chat = session(engine, guardrails, Sampling(max_tokens=500, temperature=0.8, seed=9))
    stream = chat.send("Write a long poem about rain.")
    chat.stop()  # pressed between Enter and the first word
    reply = stream.finish()
    assert reply.finish_reason is FinishReason.CANCELLED
    assert reply.tokens == 0
