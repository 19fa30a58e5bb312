"""The engine against the real default model: streaming, cancel, determinism, KV-cache reuse."""

from __future__ import annotations

import threading

from app.model.engine import PREWARM_CHUNK, Engine, FinishReason
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


# ---- pre-warming: the system prompt evaluated before the person sends ----------------------------------

WORRY = {"role": "user", "content": "I keep worrying about work."}


def _system(guardrails) -> list[dict[str, str]]:
    return [{"role": "system", "content": guardrails.system_prompt}]


def test_after_a_prewarm_only_the_new_message_is_evaluated(engine: Engine, guardrails) -> None:
    engine.forget_cache()
    warmed = engine.prewarm(_system(guardrails))
    assert warmed > 200  # the default profile's system prompt
    assert engine.cached_tokens == warmed
    generation = engine.generate([*_system(guardrails), WORRY], GREEDY)
    next(iter(generation))
    generation.close()
    # The person's message and the generation prompt, read from llama.cpp's own counters.
    assert generation.prompt_evaluated == generation.prompt_tokens - warmed
    assert generation.prompt_evaluated < 30


def test_the_warm_prefix_is_what_every_next_prompt_starts_with(engine: Engine, guardrails) -> None:
    history = [*_system(guardrails), {"role": "user", "content": "I slept badly."},
               {"role": "assistant", "content": "That sounds tiring. What kept you awake?"}]
    prefix = engine.stable_prefix(history)
    for message in ("Hi", "My boss, mostly. And the noise from the street.", "?"):
        prompt = engine.tokenize(engine.render([*history, {"role": "user", "content": message}]))
        assert prompt[:len(prefix)] == prefix
    # ChatML ends every message with a special token: the whole history is reusable.
    assert engine.tokenize(engine.template.render(history, add_generation_prompt=False)) == prefix


def test_a_second_prewarm_evaluates_nothing(engine: Engine, guardrails) -> None:
    engine.forget_cache()
    assert engine.prewarm(_system(guardrails)) > 0
    before = engine.evaluated_tokens
    assert engine.prewarm(_system(guardrails)) == 0
    assert engine.evaluated_tokens == before


def test_a_prewarm_of_other_history_does_not_change_the_reply(engine: Engine, guardrails) -> None:
    asked = [*_system(guardrails), {"role": "user", "content": "I slept badly."},
             {"role": "assistant", "content": "That sounds tiring. What kept you awake?"}, WORRY]
    engine.forget_cache()
    cold = "".join(engine.generate(asked, GREEDY))
    engine.forget_cache()
    engine.prewarm([*_system(guardrails), {"role": "user", "content": "Something else entirely."},
                    {"role": "assistant", "content": "Tell me more."}])
    warm = engine.generate(asked, GREEDY)
    assert "".join(warm) == cold
    assert warm.prompt_evaluated is not None and warm.prompt_evaluated < warm.prompt_tokens - 200


class _CancelAfterFirstChunk(threading.Event):
    """A cancel pressed as soon as the engine's cache has grown by one chunk (read from the engine)."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self._engine, self._start = engine, engine.cached_tokens

    def is_set(self) -> bool:
        return super().is_set() or self._engine.cached_tokens >= self._start + PREWARM_CHUNK


def test_a_cancelled_prewarm_stops_within_one_chunk_and_keeps_its_work(engine: Engine, guardrails) -> None:
    engine.forget_cache()
    assert engine.prewarm(_system(guardrails), _CancelAfterFirstChunk(engine)) == PREWARM_CHUNK
    assert engine.cached_tokens == PREWARM_CHUNK
    generation = engine.generate([*_system(guardrails), WORRY], GREEDY)
    next(iter(generation))
    generation.close()
    assert generation.prompt_evaluated == generation.prompt_tokens - PREWARM_CHUNK

    already = threading.Event()
    already.set()
    engine.forget_cache()
    assert engine.prewarm(_system(guardrails), already) == 0
    assert engine.cached_tokens == 0


def test_prewarm_on_a_closed_engine_does_nothing(default_model_path, guardrails) -> None:
    closed = Engine.load(default_model_path, n_ctx=512)
    closed.close()
    assert closed.prewarm(_system(guardrails)) == 0
    assert closed.cached_tokens == 0
