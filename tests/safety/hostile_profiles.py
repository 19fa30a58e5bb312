"""Hostile guardrail profiles, built from the shipped default, for the guardrail-cost tests and bench.

The red-team's two profiles (issue 13) exactly as described, and the most expensive profiles the limits
still allow, so a test can show those stay cheap. Each is the default profile with lists and rules added.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from app.safety.loading import DEFAULT_PROFILE_ID, profiles_dir

DEFAULT_TEXT = (profiles_dir() / f"{DEFAULT_PROFILE_ID}.toml").read_text(encoding="utf-8")
AAA = ["aaa*", "aaa* aaa*", "aaa* aaa* aaa*"]  # overlapping entries: "aaa aaa" matches two of them


def with_additions(lists: dict[str, list[str]], rules: dict[str, list[str]], section: str) -> str:
    """The default profile plus word lists and rules; `section` is "exclusions" or a rules table such as
    "crisis.suicide-self-harm.rules" or "output.diagnosis.rules"."""
    text = DEFAULT_TEXT
    listed = "".join(f"{name} = {json.dumps(entries)}\n" for name, entries in lists.items())
    text = text.replace("[lists]\n", "[lists]\n" + listed, 1)
    block = "".join(f"{name} = {json.dumps(patterns)}\n" for name, patterns in rules.items())
    header = re.search(rf"^\[{re.escape(section)}\]\n", text, re.MULTILINE)
    assert header, section
    return text[:header.end()] + block + text[header.end():]


def exponential_profile(groups: int = 15, section: str = "exclusions") -> str:
    """Issue 13 item 3: `groups` optional alternation groups of a list of `aaa*` entries, then `zz`. Each
    group can take 0-3 of the words "aaa", so a backtracking engine tries exponentially many splits of
    "aaa aaa ... aaa" before `zz` fails. Exclusions run before every crisis rule: the worst place for it."""
    return with_additions({"aaa": AAA}, {"hostile": [" ".join(["[<aaa>]"] * groups + ["zz"])]}, section)


def _words(rnd: random.Random, count: int) -> str:
    return " ".join("".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(3, 7)))
                    for _ in range(count))


def gigabyte_profile(patterns: int = 40, lists: int = 30, entries: int = 1000) -> str:
    """Issue 13 item 4: `lists` lists of `entries` six-word entries (1.1 MB as described), and `patterns`
    patterns that each alternate between all of them (4.2 GB and 69 s to validate before the limits)."""
    rnd = random.Random(13)
    names = [f"big{i}" for i in range(lists)]
    word_lists = {name: [_words(rnd, 6) for _ in range(entries)] for name in names}
    element = "|".join(f"<{name}>" for name in names)
    sources = [f"{element} zz{i}" for i in range(patterns)]
    return with_additions(word_lists, {f"huge{i}": sources[i:i + 10] for i in range(0, patterns, 10)},
                          "output.diagnosis.rules")


def dotted_header_profile(parts: int = 200_000) -> str:
    """Issue 13 item 4: a 400 KB dotted table name, which tomllib takes quadratic time over (80 s)."""
    return DEFAULT_TEXT + "\n[" + ".".join(["a"] * parts) + "]\nx = 1\n"


def largest_allowed_profile() -> str:
    """As many list words and compiled pattern words as the limits allow (about 19,400 and 194,000 with the
    default profile's own), for measuring what validating the worst accepted profile costs."""
    rnd = random.Random(4)
    names = [f"long{i}" for i in range(17)]
    word_lists = {name: [_words(rnd, 6) for _ in range(166)] for name in names}  # ~1,000 words each
    sources = [f"<{names[i % 17]}>|<{names[(i + 1) % 17]}> zz{i}" for i in range(78)]  # ~2,000 words each
    return with_additions(word_lists, {f"wide{i}": sources[i:i + 10] for i in range(0, len(sources), 10)},
                          "output.diagnosis.rules")


def write(tmp: Path, text: str, name: str = "hostile.toml") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def costliest_allowed_profile() -> str:
    """Exclusions as close to the crisis-check budget as the limits allow (about 97,000 word tests per word
    with the default profile's own), built from the exponential pattern at the largest size accepted:
    the slowest a crisis verdict can be made to wait."""
    seven, six = " ".join(["[<aaa>]"] * 7), " ".join(["[<aaa>]"] * 6)
    return with_additions({"aaa": AAA}, {"hostile": [f"{seven} zz1", f"{six} zz2", f"{six} zz3"]},
                          "exclusions")
