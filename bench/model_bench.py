"""Benchmarks for the model path (issue 2). Run: .venv/bin/python bench/model_bench.py

1. Throughput (tokens / wall time of the whole call; the prompt is cached on both sides after the first run)
   through the whole ChatSession pipeline (default guardrail profile: input rail, output
   rail sentence by sentence) vs a bare llama_cpp.Llama.generate loop on the same loaded weights,
   alternated in one process; the median of the per-pair ratios (target >= 0.97).
2. Time to first token at turns 1, 10, 20, 30 of a scripted conversation, with the prompt prefix kept
   stable (KV cache reused) vs a baseline that evaluates the whole prompt every turn
   (target: TTFT(30) / TTFT(1) <= 1.3 with the stable prefix).
Greedy decoding and the same prompts throughout, so both sides do the same work.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from app.chat.session import ChatSession
from app.model.discovery import find_model
from app.model.engine import Engine
from app.model.sampling import Sampling
from app.safety import Guardrails, default_profile

GUARDRAILS = Guardrails(default_profile())

SYSTEM = GUARDRAILS.system_prompt
STORY = "Write a long, detailed story about a lighthouse keeper and a storm."


def bare_decode_rate(engine: Engine, prompt: list[int], max_tokens: int) -> float:
    """Tokens per second of a plain Llama.generate loop: sample, detokenize, stop at end-of-generation."""
    from llama_cpp import llama_vocab_is_eog

    llama = engine._llama
    vocab = llama._model.vocab
    count, start = 0, time.perf_counter()
    for token in llama.generate(prompt, top_k=40, top_p=0.9, min_p=0.0, temp=0.0, repeat_penalty=1.15):
        if llama_vocab_is_eog(vocab, token) or count == max_tokens:
            break
        llama.detokenize([token])
        count += 1
    return count / (time.perf_counter() - start)


def session_decode_rate(engine: Engine, max_tokens: int) -> float:
    session = ChatSession(engine, GUARDRAILS, sampling=Sampling(max_tokens, 0.0, 0.9, 40, 1.15, 1))
    start = time.perf_counter()  # the whole call: rendering, screening, tokenizing and the output rail count
    stream = session.send(STORY)
    reply = stream.finish()
    return reply.tokens / (time.perf_counter() - start)


def throughput(engine: Engine, pairs: int, max_tokens: int) -> dict:
    prompt = engine.tokenize(engine.render([{"role": "system", "content": SYSTEM},
                                            {"role": "user", "content": STORY}]))
    session_decode_rate(engine, 8)  # warm-up
    ratios, bare_rates, session_rates = [], [], []
    for _ in range(pairs):
        bare = bare_decode_rate(engine, prompt, max_tokens)
        piped = session_decode_rate(engine, max_tokens)
        bare_rates.append(bare)
        session_rates.append(piped)
        ratios.append(piped / bare)
    return {
        "bare_tok_s": statistics.median(bare_rates),
        "session_tok_s": statistics.median(session_rates),
        "ratio": statistics.median(ratios),
    }


TURN_MESSAGES = [
    "I had a stressful day at work today.", "My manager criticised my report in front of everyone.",
    "I keep replaying it in my head.", "I think I am just not good at my job.",
    "How can I stop thinking about it?", "I tried going for a walk but it did not help much.",
    "Maybe I should write down what happened.", "What would a friend say to me?",
]


def time_to_first_token(engine: Engine, turns: int, stable: bool, max_tokens: int) -> dict[int, float]:
    session = ChatSession(engine, GUARDRAILS, sampling=Sampling(max_tokens, 0.0, 0.9, 40, 1.15, 1))
    engine.forget_cache()
    ttft = {}
    for turn in range(1, turns + 1):
        if not stable:
            engine.forget_cache()
        start = time.perf_counter()
        stream = session.send(f"({turn}) {TURN_MESSAGES[turn % len(TURN_MESSAGES)]}")
        first = None
        for _ in stream:
            if first is None:
                first = time.perf_counter() - start
        ttft[turn] = first if first is not None else time.perf_counter() - start
    return ttft


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3, help="TTFT runs per mode (median taken)")
    args = parser.parse_args()

    engine = Engine.load(find_model(), n_ctx=4096)
    print(f"Model: {engine.info.name}, n_ctx {engine.info.n_ctx}; machine: {platform.machine()}, "
          f"{platform.processor() or 'cpu'}, Python {platform.python_version()}\n")

    result = throughput(engine, args.pairs, args.tokens)
    print("| decode throughput | bare Llama | ChatSession | ratio (median of pairs) | target |")
    print("|---|---|---|---|---|")
    print(f"| {args.pairs} pairs, {args.tokens} tokens, greedy | {result['bare_tok_s']:.0f} tok/s | "
          f"{result['session_tok_s']:.0f} tok/s | **{result['ratio']:.3f}** | >= 0.97 |\n")

    checkpoints = (1, 10, 20, 30)
    runs = {mode: [time_to_first_token(engine, 30, mode, 48) for _ in range(args.repeats)]
            for mode in (True, False)}
    median = {mode: {t: statistics.median(r[t] for r in runs[mode]) for t in checkpoints} for mode in runs}
    print("| time to first token | turn 1 | turn 10 | turn 20 | turn 30 | turn 30 / turn 1 | target |")
    print("|---|---|---|---|---|---|---|")
    for mode, label in ((True, "stable prefix (Confidant)"), (False, "rebuilt every turn (baseline)")):
        row = " | ".join(f"{median[mode][t] * 1000:.0f} ms" for t in checkpoints)
        target = "<= 1.3" if mode else "—"
        print(f"| {label} | {row} | **{median[mode][30] / median[mode][1]:.2f}** | {target} |")
    engine.close()


if __name__ == "__main__":
    main()
