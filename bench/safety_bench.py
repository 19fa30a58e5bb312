"""Benchmark for the guardrails (issue 4). Run: .venv/bin/python bench/safety_bench.py

Per-message cost of the input rail (`Guardrails.check_input` with the default profile) over the labelled
evaluation set, reported as median and p99 in microseconds (target: well under 1 ms), and as ratios against
two baselines measured in the same run on the same messages:
  - naive: `text.lower()` and a plain substring test for every literal phrase in the profile's crisis rules
    (what a keyword filter would do; catches far less, so it is a floor, not a competitor);
  - normalise only: the normalisation step alone (slang, leetspeak, misspellings), without any rule.
Also the output filter: time per reply streamed in 4-character pieces, and the one-off cost of building
the rails (validating and compiling the profile). Each message is timed many times; the minimum of the
repeats is taken per message (noise only ever adds time), then median and p99 over messages.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "safety")]

import hostile_profiles as hostile  # noqa: E402
from evaluation import DEV, HELDOUT, read_examples  # noqa: E402

from app.safety import Guardrails, ProfileError, default_profile, load_profile, validate_profile_text  # noqa: E402

REPLIES = [
    "I'm really sorry you're going through this. It makes sense that you feel tired after a week like that. "
    "Would it help to try a short breathing exercise together, or to talk about what has been hardest?",
    "That sounds like a lot to carry. One thing that sometimes helps is writing the thought down and asking "
    "what a friend would say about it. What do you notice when you do that?",
]


def per_call_micros(function: Callable[[str], object], texts: list[str], repeats: int) -> list[float]:
    """For each text, the fastest of `repeats` timed calls, in microseconds."""
    timer = time.perf_counter_ns
    out = []
    for text in texts:
        best = None
        for _ in range(repeats):
            start = timer()
            function(text)
            elapsed = timer() - start
            best = elapsed if best is None or elapsed < best else best
        out.append((best or 0) / 1000)
    return out


def summary(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered), p99


def literal_phrases(rails: Guardrails) -> list[str]:
    """The crisis patterns that are plain phrases (no alternatives, gaps or lists): a keyword list."""
    return sorted({p.source for c in rails.profile.crisis for r in c.rules for p in r.patterns
                   if all(ch.isalpha() or ch == " " for ch in p.source)})


def naive_checker(phrases: list[str]) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        lowered = text.lower()
        return any(phrase in lowered for phrase in phrases)

    return check


def validation_ms(text: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        validate_profile_text(text)
        outcome = "accepted"
    except ProfileError as error:
        outcome = "refused: " + error.problems[0].message[:60]
    return (time.perf_counter() - start) * 1000, outcome


def hostile_bench(texts: list[str], repeats: int) -> None:
    """Per-check cost under the costliest accepted profile, as ratios to the default (see the docstring)."""
    base = Guardrails(default_profile())
    costly = Guardrails(validate_profile_text(hostile.costliest_allowed_profile()))
    crisis = "I want to kill myself "
    print(f"\nGuardrail cost under hostile profiles ({repeats} repeats, fastest per message)")
    cases = [("ordinary messages (median)", texts)] + [
        (f"crisis + {n} 'aaa' words", [crisis + "aaa " * n]) for n in (17, 100, 1000)]
    for label, messages in cases:
        for rails in (base, costly):
            for text in messages[:20]:
                rails.check_input(text)
        count = max(1, repeats // 10) if len(messages) == 1 else repeats
        default_us = statistics.median(per_call_micros(base.check_input, messages, count))
        costly_us = statistics.median(per_call_micros(costly.check_input, messages, count))
        print(f"  {label:32s} default {default_us:10.1f} us   costliest accepted {costly_us:10.1f} us   "
              f"ratio {costly_us / default_us:7.1f}x")
    default_ms, _ = validation_ms(default_profile().text)
    print(f"  validating the default profile: {default_ms:7.1f} ms (its regexes already compiled, as in all below)")
    for label, text in [("red-team exponential (15 groups)", hostile.exponential_profile(15)),
                        ("red-team 1.1 MB word lists", hostile.gigabyte_profile()),
                        ("red-team 400 KB dotted header", hostile.dotted_header_profile()),
                        ("largest accepted profile", hostile.largest_allowed_profile())]:
        ms, outcome = validation_ms(text)
        print(f"  validating {label:33s} {ms:8.1f} ms  ratio {ms / default_ms:5.2f}x  {outcome}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30, help="timed calls per message (default 30)")
    parser.add_argument("--profile", default=None, help="profile id or file (default: the shipped default)")
    parser.add_argument("--hostile", action="store_true", help="also: the cost of a check under hostile profiles")
    args = parser.parse_args()

    start = time.perf_counter()
    profile = load_profile(args.profile) if args.profile else default_profile()
    rails = Guardrails(profile)
    build_ms = (time.perf_counter() - start) * 1000
    texts = [e.text for e in read_examples(DEV) + read_examples(HELDOUT)]
    for text in texts:  # warm caches (the normaliser caches per word, as in a real conversation)
        rails.check_input(text)

    rail = per_call_micros(rails.check_input, texts, args.repeats)
    phrases = literal_phrases(rails)
    naive = per_call_micros(naive_checker(phrases), texts, args.repeats)
    normalise_only = per_call_micros(rails.normaliser, texts, args.repeats)

    cold_rails = Guardrails(profile)  # first sight of each word: the normaliser's cache is empty
    cold = [per_call_micros(cold_rails.check_input, [t], 1)[0] for t in texts]

    def stream(reply: str) -> None:
        f = rails.output_filter()
        for i in range(0, len(reply), 4):
            f.feed(reply[i:i + 4])
        f.finish()

    output = per_call_micros(stream, REPLIES, args.repeats)
    message = "Is it ok to have a few glasses of wine with my meds? It's been a long week and I just want to sleep."

    def stream_in_context(reply: str) -> None:  # the context rules read the message once, then every sentence
        f = rails.output_filter(message=message)
        for i in range(0, len(reply), 4):
            f.feed(reply[i:i + 4])
        f.finish()

    in_context = per_call_micros(stream_in_context, REPLIES, args.repeats)
    reading = per_call_micros(rails.message_asks, texts, args.repeats)  # what a message asks, per message

    rail_med, rail_p99 = summary(rail)
    naive_med, naive_p99 = summary(naive)
    norm_med, norm_p99 = summary(normalise_only)
    cold_med, cold_p99 = summary(cold)
    print(f"Confidant safety bench — {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, profile {profile.id}, {len(texts)} messages x {args.repeats} repeats")
    print(f"building the rails (validate + compile):  {build_ms:8.1f} ms (once per profile)")
    print(f"input rail, check_input:        median {rail_med:7.1f} us   p99 {rail_p99:7.1f} us   "
          f"(target: well under 1000 us)")
    print(f"  first sight of every word:    median {cold_med:7.1f} us   p99 {cold_p99:7.1f} us")
    print(f"baseline, lower() + 'in' over {len(phrases)} phrases: median {naive_med:5.1f} us   "
          f"p99 {naive_p99:7.1f} us")
    print(f"baseline, normalisation only:   median {norm_med:7.1f} us   p99 {norm_p99:7.1f} us")
    print(f"ratio rail / naive:             median {rail_med / naive_med:5.2f}x   "
          f"p99 {rail_p99 / naive_p99:5.2f}x")
    print(f"ratio rail / normalisation:     median {rail_med / norm_med:5.2f}x   "
          f"p99 {rail_p99 / norm_p99:5.2f}x")
    print(f"output filter, ~230-char reply in 4-char pieces: median {summary(output)[0]:7.1f} us per reply")
    print(f"  the same, read with a risky message:          median {summary(in_context)[0]:7.1f} us per reply")
    print(f"  reading what a message asks (context rules):  median {summary(reading)[0]:7.1f} us   "
          f"p99 {summary(reading)[1]:7.1f} us")
    if args.hostile:
        hostile_bench(texts, args.repeats)
    ok = rail_p99 < 1000
    print("PASS: p99 under 1 ms" if ok else "FAIL: p99 over 1 ms")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
