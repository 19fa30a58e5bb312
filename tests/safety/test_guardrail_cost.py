"""A guardrail check answers in bounded time and memory, whatever the profile (issue 13, items 3 and 4).

The bound is counted, not timed: every compiled pattern carries `work`, the most word tests one attempt at
one word of a message can make, and profiles over the per-pattern and per-check budgets are refused. These
tests check that count against the exact number of paths a backtracking engine explores, on generated
hostile patterns and messages, and that the compiled regexes hold no nested unbounded repeat. The few
wall-clock asserts are hang detectors with a wide margin (the red-team cases took 53 s and over 150 s
before; they take well under a tenth of the bound now, on 2 shared cores); speed ratios are in
bench/safety_bench.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.safety import Guardrails, ProfileError, load_profile, resolve_profile, validate_profile_text
from app.safety.patterns import MAX_PATTERN_WORK, PatternError, compile_pattern, compile_rule, overlap
from app.safety.profile import MAX_PROFILE_BYTES, WORK_BUDGETS
from app.safety.verdict import Action
from tests.safety import hostile_profiles as hostile

ROOT = Path(__file__).resolve().parents[2]
HANG = 2.0  # seconds: far above any bounded check here, far below what the red-team cases took
CRISIS = "I want to kill myself "

# A vocabulary built to overlap: stems that prefix each other and the words in messages.
ATOMS = ["aaa", "aaa*", "aaab", "aaab*", "aaabc", "aaaz*", "zzz", "zzz*"]
TEXT_WORDS = ["aaa", "aaab", "aaabc", "aaabcd", "aaaz", "zzz", "zzzz", "qqq"]
phrases = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=3).map(tuple)
messages = st.lists(st.sampled_from(TEXT_WORDS), min_size=1, max_size=40)


def _phrase_regex(atoms: tuple[str, ...]) -> str:
    return "".join(re.escape(a[:-1]) + "[a-z0-9]* " if a.endswith("*") else re.escape(a) + " " for a in atoms)


def _word_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer(" ", text[:-1]))]


def _source(elements: list[tuple[str, list[tuple[str, ...]], int]]) -> str:
    out = []
    for kind, alternatives, span in elements:
        if kind == "gap":
            out.append(f"...{span}")
            continue
        text = "|".join("+".join(atoms) for atoms in alternatives)
        out.append(f"[{text}]" if kind == "optional" else text)
    return " ".join(out) + " zzend"


def _paths_explored(elements: list[tuple[str, list[tuple[str, ...]], int]], text: str) -> int:
    """Exactly what a backtracking engine does at the start of `text`: each element is tried once per way
    the elements before it matched; returns the word tests made (each try of an element costs its size)."""
    ends = {0: 1}  # position -> number of paths reaching it
    tests = 0
    for kind, alternatives, span in elements:
        size = 1 if kind == "gap" else sum(len(a) for a in dict.fromkeys(alternatives))
        tests += size * sum(ends.values())
        following: dict[int, int] = {}
        for start, count in ends.items():
            if kind == "gap":
                reach = [start]
                for _ in range(span):
                    word = re.match(r"[a-z0-9]+ ", text[reach[-1]:])
                    if word is None:
                        break
                    reach.append(reach[-1] + word.end())
                for end in reach:
                    following[end] = following.get(end, 0) + count
                continue
            for atoms in dict.fromkeys(alternatives):
                found = re.match(_phrase_regex(atoms), text[start:])
                if found:
                    following[start + found.end()] = following.get(start + found.end(), 0) + count
            if kind == "optional":
                following[start] = following.get(start, 0) + count
        ends = following
    return tests + sum(ends.values())  # and the final `zzend` once per path


element = st.one_of(
    st.tuples(st.just("word"), st.lists(phrases, min_size=1, max_size=4), st.just(0)),
    st.tuples(st.just("optional"), st.lists(phrases, min_size=1, max_size=4), st.just(0)),
    st.tuples(st.just("gap"), st.just([]), st.integers(1, 8)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(phrases, min_size=1, max_size=12), messages)
def test_overlap_bounds_how_many_alternatives_match_at_one_place(alternatives: list[tuple[str, ...]],
                                                                   words: list[str]) -> None:
    unique = tuple(dict.fromkeys(alternatives))
    text = " ".join(words) + " "
    most = max(sum(1 for atoms in unique if re.match(_phrase_regex(atoms), text[start:]))
               for start in _word_starts(text))
    assert most <= overlap(unique)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(element, min_size=1, max_size=9), messages)
def test_a_patterns_counted_work_bounds_what_backtracking_explores(elements: list, words: list[str]) -> None:
    try:
        pattern = compile_pattern(_source(elements), {})
    except PatternError:
        return  # the grammar's limits (gaps), or over the budget: refused with a message, never run
    text = " ".join(words) + " "
    assert max(_paths_explored(elements, text[start:]) for start in _word_starts(text)) <= pattern.work
    assert pattern.work <= MAX_PATTERN_WORK


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(element, min_size=1, max_size=16), messages)
def test_accepted_patterns_hold_no_nested_unbounded_repeat_and_finish(elements: list, words: list[str]) -> None:
    try:
        pattern = compile_pattern(_source(elements), {})
    except PatternError:
        return
    regex = re.sub(r"\(\?:\[a-z0-9\]\+\+ \)\{0,[1-8]\}", "", pattern.regex)  # the one bounded repeat
    assert not re.search(r"\)[*+{]", regex), pattern.regex  # no repeated group
    assert not re.search(r"\][*+](?!\+)", regex), pattern.regex  # every class repeat is possessive
    rule = compile_rule([pattern])
    started = time.perf_counter()
    rule.search(" " + " ".join(words * 3) + " ")
    assert time.perf_counter() - started < HANG


def test_the_red_team_exponential_profile_is_refused_naming_the_rule_and_line() -> None:
    text = hostile.exponential_profile(15)
    with pytest.raises(ProfileError) as caught:
        validate_profile_text(text, "hostile.toml")
    problem = caught.value.problems[0]
    assert problem.field == "exclusions.hostile.0"
    assert text.splitlines()[problem.line - 1].startswith("hostile = ")
    assert "too many ways" in problem.message


def test_a_crisis_message_after_the_red_team_profile_gets_its_crisis_reply_at_once() -> None:
    """Installed, the profile falls back to the default (with a sentence saying so); a crisis message
    followed by 17 "aaa" (no reply in 150 s before) gets the crisis verdict."""
    resolved = resolve_profile(text=hostile.exponential_profile(15))
    assert resolved.warning and "too many ways" in resolved.warning
    rails = Guardrails(resolved.profile)
    started = time.perf_counter()
    verdict = rails.check_input(CRISIS + "aaa " * 17)
    assert verdict.action is Action.CRISIS
    assert time.perf_counter() - started < HANG


def test_the_costliest_accepted_exclusions_still_give_a_crisis_verdict_quickly() -> None:
    """The same attack scaled down to what the budget accepts, placed where it hurts most (exclusions run
    before every crisis rule): the crisis checks stay within their budget, and a crisis message followed by
    17 "aaa" gets its verdict far inside the hang bound."""
    profile = validate_profile_text(hostile.costliest_allowed_profile())
    crisis_work = sum(p.work for rule in profile.exclusions for p in rule.patterns) + sum(
        p.work for category in profile.crisis for rule in category.rules for p in rule.patterns)
    assert WORK_BUDGETS["crisis"][1] * 0.9 < crisis_work <= WORK_BUDGETS["crisis"][1]
    rails = Guardrails(profile)
    started = time.perf_counter()
    verdict = rails.check_input(CRISIS + "aaa " * 17)
    assert verdict.action is Action.CRISIS
    assert time.perf_counter() - started < HANG


def test_crisis_checks_over_their_budget_are_refused_naming_the_costliest_rule() -> None:
    seven = " ".join(["[<aaa>]"] * 7)
    text = hostile.with_additions({"aaa": hostile.AAA}, {"heavy": [f"{seven} zz{i}" for i in range(3)]},
                                  "exclusions")
    with pytest.raises(ProfileError) as caught:
        validate_profile_text(text)
    problem = caught.value.problems[0]
    assert problem.field == "exclusions.heavy"
    assert "the crisis checks" in problem.message and "exclusion.heavy" in problem.message
    assert text.splitlines()[problem.line - 1].startswith("heavy = ")


def test_the_red_team_gigabyte_profile_is_refused_before_parsing(tmp_path: Path) -> None:
    text = hostile.gigabyte_profile()
    assert len(text.encode()) > MAX_PROFILE_BYTES
    for attempt in (lambda: validate_profile_text(text), lambda: load_profile(hostile.write(tmp_path, text))):
        with pytest.raises(ProfileError) as caught:
            attempt()
        assert "over 512 KB" in str(caught.value)


def test_long_word_lists_under_the_size_limit_are_refused_by_their_word_count() -> None:
    text = hostile.gigabyte_profile(patterns=40, lists=4, entries=1000)
    assert len(text.encode()) < MAX_PROFILE_BYTES
    with pytest.raises(ProfileError) as caught:
        validate_profile_text(text)
    assert "more than 20,000 words" in str(caught.value)


def test_a_long_dotted_table_name_is_refused_before_the_toml_parser_sees_it() -> None:
    text = hostile.dotted_header_profile()
    started = time.perf_counter()
    with pytest.raises(ProfileError) as caught:
        validate_profile_text(text)
    assert time.perf_counter() - started < HANG  # tomllib alone takes 80 s on it
    problem = caught.value.problems[0]
    assert problem.line == len(text.splitlines()) - 1 and "dotted parts" in problem.message


def test_the_largest_accepted_profile_validates_in_bounded_memory(tmp_path: Path) -> None:
    """Run in a child process so its peak memory is its own: under 300 MB (the red-team's took 4.2 GB). The
    peak is VmHWM, which starts afresh at exec; ru_maxrss would carry over the forked parent's (the test run's,
    with the model loaded), as a full CI run showed."""
    path = hostile.write(tmp_path, hostile.largest_allowed_profile())
    code = ("import json, re, sys, time\n"
            "from pathlib import Path\n"
            "from app.safety import load_profile\n"
            "start = time.perf_counter()\n"
            "profile = load_profile(sys.argv[1])\n"
            "peak = int(re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1))\n"
            "print(json.dumps([peak, time.perf_counter() - start,"
            " sum(p.size for c in profile.output for r in c.rules for p in r.patterns)]))\n")
    result = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=True)
    peak_kb, _, size = json.loads(result.stdout)
    assert size > 150_000  # it really is near the limit
    assert peak_kb < 300 * 1024


def test_a_profile_file_that_is_not_a_regular_file_is_refused_without_reading() -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile("/dev/zero")
    assert "not a regular file" in str(caught.value)
