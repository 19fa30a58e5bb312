"""The rule language of guardrail profiles: word patterns, never raw regular expressions.

A profile may come from anyone, so it can only describe word sequences; this module translates them into
regular expressions itself. Every construct it emits is a fixed word, a word prefix, a bounded gap, or an
alternation of those, each ending at a space; repeats inside a word are possessive (`[a-z0-9]*+`), so there
are no nested unbounded repeats.

That alone does not bound the cost. Python's `re` backtracks without memory, so a pattern is tried once for
every way its earlier elements can match: fifteen optional groups of overlapping entries (`[<aaa>]` with
"aaa*", "aaa* aaa*") took 56 s on fifteen words (issue 13). Each compiled pattern therefore carries its
worst case, counted rather than timed: `work`, the most word tests one attempt at one word of a message can
make (the sum over elements of the element's size times the product of the ways the elements before it can
match, `overlap` bounding how many overlapping alternatives match at one place), and `size`, the word tests
written into it (memory). A pattern over MAX_PATTERN_WORK or MAX_PATTERN_SIZE is refused, saying why, and
profile.py caps the sums per check, so a check costs at most a fixed number of word tests per word.

Why a budget and not another matcher: atomic groups would end the backtracking but change what patterns
match (an atomic `kill|kill+myself` keeps "kill" and then `kill|kill+myself tonight` misses "kill myself
tonight"), and the shipped profiles' behaviour must not change; a word-level automaton would run in Python,
a step per word and state, instead of in `re`'s C loop; and `re` cannot be interrupted on a worker thread,
so a run-time time limit could not be kept. Measured: every shipped regex is the old one with possessive
repeats (no match changes); validation takes ~0.2 s longer; the shipped patterns use under a third of the
per-pattern limit (largest 31,262 of 100,000; the built-in rules' largest 51,139) and a quarter of the
crisis-check budget. The red-team's 15 groups are refused; the costliest accepted exclusions give a crisis
verdict on a crisis message and 17 "aaa" in 20-70 ms (was 53 s), growing linearly, 2-3 ms per word.

Patterns are matched against normalised text (see normalise.py): lowercase words of a-z and 0-9 separated
by single spaces, "|" between sentences. A pattern is a space-separated sequence of elements:

    word        that word exactly                        kill
    stem*       any word starting with stem (3+ letters)  suicid*     (suicide, suicidal, suicides)
    a|b|c       any one of the alternatives               kill|end|take
    a+b         several words inside one alternative      be+alive|exist|carry+on
    [a|b]       optionally one of the alternatives        [really|just]
    <list>      any entry of a word list from [lists]     <pills>     (entries may be several words)
    _           exactly one word of any kind              take _ pills
    ...         up to three words of any kind, or none    want ... die
    ...N        up to N words (N from 1 to 8), or none    how high ...6 fatal
    #           a number (digits or one..twenty, hundred, dozen)
    ##          a number of ten or more ("took ## pills": 30 pills, not 2)
    $           the end of a sentence (last element only)  can not go on $

Alternatives may mix the forms above except gaps: `<self>|me`, `[<intent>]`. Patterns never match across a
sentence boundary, and always match whole words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

MAX_PATTERN_CHARS = 320
MAX_ELEMENTS = 16
MAX_GAPS = 2
GAP_WORDS = 3
MAX_GAP_WORDS = 8
MAX_ALTERNATIVES = 40
MAX_LIST_ENTRIES = 1000
MAX_LIST_ENTRY_WORDS = 6
MIN_STEM = 3

_WORD = re.compile(r"[a-z0-9]+")
_LIST_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_ANY_WORD = "[a-z0-9]++ "
_GAP_ELEMENT = re.compile(r"\.\.\.([1-8])?")
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                 "twenty", "thirty", "forty", "fifty", "hundred", "dozen"]
_NUMBER = "(?:[0-9]++|" + "|".join(_NUMBER_WORDS) + ") "
_MANY = "(?:[1-9][0-9]++|" + "|".join(_NUMBER_WORDS[9:]) + ") "
_END = r"(?=\| |$)"  # the next token is a sentence boundary, or the text ends
_FIXED = {"_": _ANY_WORD, "#": _NUMBER, "##": _MANY, "$": _END}
MAX_PATTERN_SIZE = 2000
MAX_PATTERN_WORK = 100_000
_REFINE = 64
_CAP = 10**12


class PatternError(ValueError):
    """A pattern or word list that cannot be used; the message says what to write instead."""


@dataclass(frozen=True)
class CompiledPattern:
    source: str
    regex: str  # a fragment; compile through compile_rule
    words: frozenset[str]  # literal words, for the normaliser's vocabulary
    stems: frozenset[str]
    size: int = 0  # word tests written into the regex: what compiling and holding it costs
    work: int = 0  # most word tests one attempt at one word of a message can take (see _cost)


def check_word_list(name: str, entries: Iterable[object]) -> tuple[str, ...]:
    """Validate one [lists] entry list; returns the entries, each normalised to single spaces."""
    if not _LIST_NAME.fullmatch(name):
        raise PatternError("list names use lowercase letters, digits, '-' and '_' (at most 40 characters)")
    out: list[str] = []
    for entry in entries:
        if not isinstance(entry, str):
            raise PatternError("every entry must be a string")
        words = entry.split()
        if not words:
            raise PatternError("an entry is empty")
        if len(words) > MAX_LIST_ENTRY_WORDS:
            raise PatternError(f"an entry has more than {MAX_LIST_ENTRY_WORDS} words: {entry!r}")
        for word in words:
            _check_literal(word, allow_stem=True)
        out.append(" ".join(words))
    if not out:
        raise PatternError("a word list needs at least one entry")
    if len(out) > MAX_LIST_ENTRIES:
        raise PatternError(f"a word list may hold at most {MAX_LIST_ENTRIES} entries")
    return tuple(out)


def compile_pattern(source: str, lists: Mapping[str, tuple[str, ...]]) -> CompiledPattern:
    """Translate one pattern into a regex fragment, or raise PatternError saying what is wrong."""
    if not isinstance(source, str):
        raise PatternError("a pattern must be a string")
    if len(source) > MAX_PATTERN_CHARS:
        raise PatternError(f"a pattern may be at most {MAX_PATTERN_CHARS} characters")
    elements = source.split()
    if not elements:
        raise PatternError("a pattern is empty")
    if len(elements) > MAX_ELEMENTS:
        raise PatternError(f"a pattern may have at most {MAX_ELEMENTS} elements")
    gaps = [e for e in elements if e.startswith("...")]
    for gap in gaps:
        if not _GAP_ELEMENT.fullmatch(gap):
            raise PatternError(f"{gap!r}: a gap is '...' (up to {GAP_WORDS} words) or '...N' with N from 1 "
                               f"to {MAX_GAP_WORDS}")
    if len(gaps) > MAX_GAPS:
        raise PatternError(f"a pattern may use '...' at most {MAX_GAPS} times")
    if elements[0].startswith("...") or elements[-1].startswith("..."):
        raise PatternError("a pattern cannot start or end with '...' (it would add nothing)")
    if "$" in elements[:-1] or elements == ["$"]:
        raise PatternError("'$' (end of sentence) may only be the last element, after some words")
    parts: list[str] = []
    words: set[str] = set()
    stems: set[str] = set()
    costs: list[tuple[int, int]] = []  # per element: (ways it can match at one place, word tests it holds)
    anchored = False
    for element in elements:
        gap = _GAP_ELEMENT.fullmatch(element)
        if gap:
            span = int(gap.group(1) or GAP_WORDS)
            parts.append(f"(?:{_ANY_WORD}){{0,{span}}}")
            costs.append((span + 1, 1))
            continue
        fixed = _FIXED.get(element)
        if fixed is not None:
            parts.append(fixed)
            costs.append((1, 1))
            continue
        optional = element.startswith("[") or element.endswith("]")
        if optional:
            if not (element.startswith("[") and element.endswith("]")) or len(element) < 3:
                raise PatternError(f"{element!r}: an optional element is written [word] or [a|b]")
            element = element[1:-1]
        alternatives = element.split("|")
        if len(alternatives) > MAX_ALTERNATIVES:
            raise PatternError(f"{element!r}: at most {MAX_ALTERNATIVES} alternatives")
        phrases: dict[tuple[str, ...], str] = {}  # word tests -> regex, first occurrence first
        for alternative in alternatives:
            if alternative.startswith("<") and alternative.endswith(">"):
                name = alternative[1:-1]
                if name not in lists:
                    raise PatternError(f"{alternative}: there is no word list called {name!r} under [lists]")
                for entry in lists[name]:
                    atoms = tuple(entry.split())
                    phrases.setdefault(atoms, _phrase_regex(atoms, words, stems))
            else:
                atoms = tuple(alternative.split("+"))
                if len(atoms) > MAX_LIST_ENTRY_WORDS:
                    raise PatternError(f"{element!r}: at most {MAX_LIST_ENTRY_WORDS} words joined with '+'")
                phrases.setdefault(atoms, _phrase_regex(atoms, words, stems, element=element))
        unique = list(phrases.values())
        group = unique[0] if len(unique) == 1 else "(?:" + "|".join(unique) + ")"
        ways = overlap(tuple(phrases))
        if optional:
            group = (group if group.startswith("(?:") and len(unique) > 1 else f"(?:{group})") + "?"
            ways += 1
        else:
            anchored = True
        parts.append(group)
        costs.append((ways, sum(len(atoms) for atoms in phrases)))
        if sum(size for _, size in costs) > MAX_PATTERN_SIZE:
            raise PatternError(f"the pattern's word lists and alternatives add up to more than "
                               f"{MAX_PATTERN_SIZE} words; use shorter lists or split it into several patterns")
    if not anchored:
        raise PatternError("a pattern needs at least one word that must be present (not only [optional], _ "
                           "or ...)")
    work = _cost(costs)
    if work > MAX_PATTERN_WORK:
        raise PatternError(
            f"this pattern can match the same words in too many ways (up to {_round(work)} word tests at each "
            f"word of a message; at most {MAX_PATTERN_WORK:,}): overlapping alternatives or list entries "
            "(such as 'hurt*' and 'hurt* myself'), optional [elements] and gaps multiply one another. Make "
            "the alternatives differ in their first word, or use fewer optional elements and gaps in a row")
    return CompiledPattern(source=" ".join(elements), regex="".join(parts), words=frozenset(words),
                           stems=frozenset(stems), size=sum(size for _, size in costs), work=work)


def compile_rule(patterns: Iterable[CompiledPattern]) -> re.Pattern[str]:
    """One regex for a whole rule: any of its patterns, starting at a word boundary."""
    return re.compile("(?<= )(?:" + "|".join(p.regex for p in patterns) + ")")


def matches(pattern: CompiledPattern, text: str) -> bool:
    return re.search("(?<= )" + pattern.regex, text) is not None


def _phrase_regex(atoms: tuple[str, ...], words: set[str], stems: set[str], element: str | None = None) -> str:
    out = []
    for word in atoms:
        stem = _check_literal(word, allow_stem=True, element=element)
        if stem:
            stems.add(stem)
            out.append(re.escape(stem) + "[a-z0-9]*+ ")  # possessive: the space after can never be a letter
        else:
            words.add(word)
            out.append(re.escape(word) + " ")
    return "".join(out)


def _cost(costs: list[tuple[int, int]]) -> int:
    """The most word tests one attempt of a pattern at one place can make: Python's `re` backtracks, so
    each element is tried once for every way the elements before it matched. With `ways` and `size` per
    element, that is the sum over elements of size × the product of the ways before it."""
    total, paths = 0, 1
    for ways, size in costs:
        total += paths * size
        paths = min(paths * ways, _CAP)
    return min(total, _CAP)


@lru_cache(maxsize=512)
def overlap(phrases: tuple[tuple[str, ...], ...]) -> int:
    """An upper bound on how many of these phrases (tuples of words and `stem*`) can match at the same place
    at once: each way is a separate path for the backtracking engine. Phrases match together only if, word
    by word as far as the shorter goes, their words could be the same word ('kill' and 'kill*', 'hurt*' and
    'hurtful', 'want' and 'want to'); for each phrase this counts those that could, and takes the largest."""
    literal: dict[str, list[int]] = {}
    stem: dict[str, list[int]] = {}
    for index, atoms in enumerate(phrases):
        (stem if atoms[0].endswith("*") else literal).setdefault(atoms[0].rstrip("*"), []).append(index)
    firsts = sorted(literal)
    stems_sorted = sorted(stem)
    best = 1
    for atoms in phrases:
        first = atoms[0].rstrip("*")
        found = [i for k in range(MIN_STEM, len(first) + 1) for i in stem.get(first[:k], ())]
        if atoms[0].endswith("*"):
            found += [i for key in _starting(firsts, first) for i in literal[key]]
            found += [i for key in _starting(stems_sorted, first) if key != first for i in stem[key]]
        else:
            found += literal.get(first, [])
        if len(found) > _REFINE:
            best = max(best, len(found))  # too many to compare one by one: count them all (an overestimate)
            continue
        best = max(best, sum(1 for i in found if _could_match_together(atoms, phrases[i])))
    return best


def _starting(ordered: list[str], prefix: str) -> list[str]:
    start = bisect_left(ordered, prefix)
    end = bisect_left(ordered, prefix + "\x7f")
    return ordered[start:end]


def _could_match_together(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    for x, y in zip(a, b, strict=False):
        xs, ys = x.endswith("*"), y.endswith("*")
        x, y = x.rstrip("*"), y.rstrip("*")
        if xs and ys:
            same = x.startswith(y) or y.startswith(x)
        elif xs or ys:
            same = (y if xs else x).startswith(x if xs else y)
        else:
            same = x == y
        if not same:
            return False
    return True


def _round(number: int) -> str:
    return f"{number:,}" if number < _CAP else f"over {_CAP:,}"


def _check_literal(word: str, *, allow_stem: bool, element: str | None = None) -> str | None:
    """Returns the stem for `stem*`, None for a plain word; raises PatternError otherwise."""
    shown = element or word
    if word == "":
        raise PatternError(f"{shown!r}: an alternative or a '+' word is empty (two '|' or '+' in a row?)")
    if word.endswith("*") and allow_stem:
        stem = word[:-1]
        if not _WORD.fullmatch(stem) or len(stem) < MIN_STEM:
            raise PatternError(f"{shown!r}: a prefix needs at least {MIN_STEM} letters before '*'")
        return stem
    if not _WORD.fullmatch(word):
        hint = ""
        if "'" in word:
            hint = " (rules see text with contractions spelled out: write 'do not', 'i am', 'can not')"
        elif word != word.lower():
            hint = " (write rules in lowercase)"
        elif word in ("(", ")") or "(" in word or ")" in word:
            hint = " (use a|b for alternatives and [a|b] for optional words; brackets ( ) are not used)"
        raise PatternError(f"{shown!r}: words may only use a-z and 0-9{hint}")
    return None
