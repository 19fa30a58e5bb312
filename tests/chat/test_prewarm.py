"""Pre-warming a session: the next prompt's fixed start is evaluated before the person sends, with the
real model; the reply is the same as without it."""

from __future__ import annotations

from app.chat.session import ChatSession
from app.model.engine import Engine
from app.model.sampling import Sampling

GREEDY = Sampling(max_tokens=32, temperature=0, seed=1)
MESSAGE = "I keep replaying an argument with my sister."


def test_prewarm_evaluates_what_the_next_reply_starts_with(engine: Engine, guardrails, chat_store) -> None:
    chat = ChatSession.open(engine, guardrails, chat_store, sampling=GREEDY)
    engine.forget_cache()
    warmed = chat.prewarm()
    assert warmed > 0
    assert engine.cached_tokens == warmed == len(engine.stable_prefix(chat.prompt_messages()))
    assert chat.prewarm() == 0  # nothing new to read


def test_a_prewarmed_reply_is_the_reply_it_would_have_been(engine: Engine, guardrails) -> None:
    engine.forget_cache()
    cold = ChatSession(engine, guardrails, sampling=GREEDY).send(MESSAGE).finish()
    engine.forget_cache()
    warm_chat = ChatSession(engine, guardrails, sampling=GREEDY)
    assert warm_chat.prewarm() > 0
    warm = warm_chat.send(MESSAGE).finish()
    assert warm.text == cold.text and warm.text


def test_a_session_without_a_model_has_nothing_to_prewarm(guardrails) -> None:
    assert ChatSession(None, guardrails).prewarm() == 0


def test_a_new_conversation_in_the_free_style_prewarms_its_system_prompt(engine: Engine, guardrails) -> None:
    chat = ChatSession(engine, guardrails, sampling=GREEDY, style="free")
    engine.forget_cache()
    warmed = chat.prewarm()
    system = [{"role": "system", "content": guardrails.system_prompt}]
    assert warmed == len(engine.stable_prefix(system)) > 200
