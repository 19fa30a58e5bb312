"""Benchmarks for the model path (issue 2). Run: .venv/bin/python bench/model_bench.py

1. Throughput (tokens / wall time of the whole call; the prompt is cached on both sides after the first run)
   through the whole ChatSession pipeline (default guardrail profile: input rail, output
   rail sentence by sentence) vs a bare llama_cpp.Llama.generate loop on the same loaded weights,
   alternated in one process; the median of the per-pair ratios (target >= 0.97).
2. Time to first token at turns 1, 10, 20, 30 of a scripted conversation, with the prompt prefix kept
   stable (KV cache reused) vs a baseline that evaluates the whole prompt every turn
   (target: TTFT(30) / TTFT(1) <= 1.3 with the stable prefix).
3. Pre-warming (issue 11): time to the first words shown (the first piece out of ChatSession, after the
   output rail) for turn 1 right after the model loads (cold), turn 1 after `ChatSession.prewarm()` has
   finished, and turn 10 of the same conversation; and turn 1 sent while a pre-warm is still running on the
   one model thread, as in the app (it must not wait for the whole pre-warm). For the session's own style
   (guided, for the default model) and the free style. Goal: turn 1 pre-warmed <= 0.5 s on this machine.
Greedy decoding and the same prompts throughout, so both sides do the same work.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app.chat.session import ChatSession
from app.model.discovery import find_model
from app.model.engine import Engine
from app.model.sampling import Sampling
from app.safety import Guardrails, default_profile

GUARDRAILS = Guardrails(default_profile())

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
    # free style: the model writes the whole reply, as the bare loop does. The guided style (the default for
    # small models) writes one checked sentence and adds curated text, so its tokens per second measure
    # something else (it read 0.18 here: ~10 tokens over a whole call's fixed costs)
    session = ChatSession(engine, GUARDRAILS, sampling=Sampling(max_tokens, 0.0, 0.9, 40, 1.15, 1), style="free")
    start = time.perf_counter()  # the whole call: rendering, screening, tokenizing and the output rail count
    stream = session.send(STORY)
    reply = stream.finish()
    return reply.tokens / (time.perf_counter() - start)


def throughput(engine: Engine, pairs: int, max_tokens: int) -> dict:
    # the bare loop gets exactly the session's prompt (system prompt and the profile's example exchanges), so the
    # KV cache holds the same prefix for both sides and neither pays to evaluate a prompt the other evicted
    head = ChatSession(engine, GUARDRAILS, style="free").free_prompt_head(engine)
    prompt = engine.tokenize(engine.render([*head, {"role": "user", "content": STORY}]))
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


def ttft_table(engine: Engine, repeats: int) -> None:
    checkpoints = (1, 10, 20, 30)
    runs = {mode: [time_to_first_token(engine, 30, mode, 48) for _ in range(repeats)]
            for mode in (True, False)}
    median = {mode: {t: statistics.median(r[t] for r in runs[mode]) for t in checkpoints} for mode in runs}
    print("| time to first token | turn 1 | turn 10 | turn 20 | turn 30 | turn 30 / turn 1 | target |")
    print("|---|---|---|---|---|---|---|")
    for mode, label in ((True, "stable prefix (Confidant)"), (False, "rebuilt every turn (baseline)")):
        row = " | ".join(f"{median[mode][t] * 1000:.0f} ms" for t in checkpoints)
        target = "<= 1.3" if mode else "—"
        print(f"| {label} | {row} | **{median[mode][30] / median[mode][1]:.2f}** | {target} |")
    print()


def first_words(session: ChatSession, text: str, since: float | None = None) -> float:
    """Seconds from sending `text` (or from `since`) to the first piece the person would see; the reply is
    then finished."""
    start = since if since is not None else time.perf_counter()
    stream = session.send(text)
    first = None
    for _ in stream:
        if first is None:
            first = time.perf_counter() - start
    return first if first is not None else time.perf_counter() - start


def prewarm_run(path: Path, style: str | None, max_tokens: int) -> dict[str, float]:
    """One run of section 3, from a fresh load of the model."""
    sampling = Sampling(max_tokens, 0.0, 0.9, 40, 1.15, 1)
    engine = Engine.load(path, n_ctx=4096)  # right after load: nothing cached
    result = {"cold": first_words(ChatSession(engine, GUARDRAILS, sampling=sampling, style=style),
                                  TURN_MESSAGES[1])}

    session = ChatSession(engine, GUARDRAILS, sampling=sampling, style=style)
    engine.forget_cache()
    start = time.perf_counter()
    result["prewarm_tokens"] = session.prewarm()
    result["prewarm_s"] = time.perf_counter() - start
    result["warm"] = first_words(session, TURN_MESSAGES[1])
    for turn in range(2, 11):
        result["turn10"] = first_words(session, f"({turn}) {TURN_MESSAGES[turn % len(TURN_MESSAGES)]}")

    # The app's order of events: a pre-warm runs on the one model thread; the person sends meanwhile, which
    # cancels it; the send runs next on the same thread.
    session = ChatSession(engine, GUARDRAILS, sampling=sampling, style=style)
    engine.forget_cache()
    with ThreadPoolExecutor(max_workers=1) as model_thread:
        cancel = threading.Event()
        model_thread.submit(session.prewarm, cancel)
        deadline = time.perf_counter() + 30
        while engine.cached_tokens == 0 and time.perf_counter() < deadline:
            time.sleep(0.001)  # until the first chunk is in: the pre-warm is under way
        start = time.perf_counter()
        cancel.set()
        result["during"] = model_thread.submit(first_words, session, TURN_MESSAGES[1], start).result()
    engine.close()
    return result


def prewarm_table(path: Path, repeats: int, max_tokens: int) -> None:
    print("| first words shown | turn 1 cold | pre-warm (tokens, time) | turn 1 pre-warmed | turn 10 | "
          "turn 1 sent during a pre-warm | pre-warmed / turn 10 | pre-warmed / cold | goal |")
    print("|---|---|---|---|---|---|---|---|---|")
    for style in (None, "free"):
        runs = [prewarm_run(path, style, max_tokens) for _ in range(repeats)]
        m = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        label = "session's style" if style is None else f"{style} style"
        print(f"| {label} | {m['cold'] * 1000:.0f} ms | {m['prewarm_tokens']:.0f}, {m['prewarm_s'] * 1000:.0f} ms "
              f"| **{m['warm'] * 1000:.0f} ms** | {m['turn10'] * 1000:.0f} ms | {m['during'] * 1000:.0f} ms | "
              f"**{m['warm'] / m['turn10']:.2f}** | {m['warm'] / m['cold']:.2f} | <= 500 ms |")
    print(f"\n(median of {repeats} runs; load average at the end: {os.getloadavg()[0]:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3, help="TTFT runs per mode (median taken)")
    parser.add_argument("--only", choices=("throughput", "ttft", "prewarm"), help="run one section")
    args = parser.parse_args()

    path = find_model()
    engine = Engine.load(path, n_ctx=4096)
    print(f"Model: {engine.info.name}, n_ctx {engine.info.n_ctx}; machine: {platform.machine()}, "
          f"{platform.processor() or 'cpu'}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    if args.only in (None, "throughput"):
        result = throughput(engine, args.pairs, args.tokens)
        print("| decode throughput | bare Llama | ChatSession | ratio (median of pairs) | target |")
        print("|---|---|---|---|---|")
        print(f"| {args.pairs} pairs, {args.tokens} tokens, greedy | {result['bare_tok_s']:.0f} tok/s | "
              f"{result['session_tok_s']:.0f} tok/s | **{result['ratio']:.3f}** | >= 0.97 |\n")
    if args.only in (None, "ttft"):
        ttft_table(engine, args.repeats)
    engine.close()
    if args.only in (None, "prewarm"):
        prewarm_table(path, args.repeats, 48)


if __name__ == "__main__":
    main()
