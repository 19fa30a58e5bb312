"""The engine against the real default model: streaming, cancel, determinism, KV-cache reuse."""

from __future__ import annotations

import threading

from app.model.engine import Engine, FinishReason
from app.model.sampling import Sampling

GREEDY = Sampling(max_tokens=40, temperature=0, seed=7)
QUESTION = [{"role": "user", "content": "Name three fruits."}]


def test_reply_streams_in_pieces(engine: Engine) -> None:
    generation = engine.generate(QUESTION, GREEDY)
    pieces = list(generation)
    assert len(pieces) > 3
    assert all(isinstance(p, str) and p for p in pieces)
    assert generation.finish_reason in (FinishReason.STOP, FinishReason.LENGTH)
    assert generation.token_count >= len(pieces) - 1
    assert "<|im_end|>" not in "".join(pieces)


def test_greedy_decoding_is_repeatable(engine: Engine) -> None:
    first = "".join(engine.generate(QUESTION, GREEDY))
    engine.generate([{"role": "user", "content": "Something else entirely"}], GREEDY).close()
    assert "".join(engine.generate(QUESTION, GREEDY)) == first


def test_max_tokens_ends_the_reply(engine: Engine) -> None:
    generation = engine.generate([{"role": "user", "content": "Write a long story about a dragon."}],
                                 Sampling(max_tokens=5, temperature=0))
    list(generation)
    assert generation.finish_reason is FinishReason.LENGTH
    assert generation.token_count == 5


def test_cancel_from_another_thread_stops_promptly(engine: Engine) -> None:
    generation = engine.generate(
        [{"role": "user", "content": "Write a very long story about the sea, with many chapters."}],
        Sampling(max_tokens=2000, temperature=0.8, repeat_penalty=1.3, seed=3),
    )
    started = threading.Event()
    pieces: list[str] = []

    def consume() -> None:
        for piece in generation:
            pieces.append(piece)
            started.set()

    worker = threading.Thread(target=consume)
    worker.start()
    assert started.wait(30)
    generation.cancel()
    worker.join(30)
    assert not worker.is_alive()
    assert generation.finish_reason is FinishReason.CANCELLED
    assert generation.token_count < 2000


def test_a_stop_pressed_before_the_reply_starts_is_not_lost(engine: Engine) -> None:
    cancel = threading.Event()
    cancel.set()
    generation = engine.generate(QUESTION, GREEDY, cancel)
    assert list(generation) == []
    assert generation.finish_reason is FinishReason.CANCELLED


def test_later_turns_reuse_the_kv_cache(engine: Engine) -> None:
    """Only the new text of a turn is evaluated, not the whole conversation again."""
    messages = [{"role": "system", "content": "You are a kind assistant."}]
    evaluated = []
    for turn in range(6):
        messages.append({"role": "user", "content": f"Tell me one short fact about the number {turn}."})
        generation = engine.generate(messages, Sampling(max_tokens=24, temperature=0, seed=1))
        reply = "".join(generation).strip()
        messages.append({"role": "assistant", "content": reply})
        evaluated.append((generation.prompt_tokens, generation.prompt_evaluated))
    last_prompt, last_evaluated = evaluated[-1]
    assert last_prompt > 120
    assert last_evaluated is not None and last_evaluated < last_prompt / 3


def test_model_info(engine: Engine) -> None:
    info = engine.info
    assert info.architecture == "llama"
    assert info.license == "Apache-2.0"
    assert info.n_ctx == 2048 and info.trained_context == 8192
    assert info.chat_format == "embedded"
