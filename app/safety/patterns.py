"""The rule language of guardrail profiles: word patterns, never raw regular expressions.

A profile may come from anyone, so it can only describe word sequences; this module translates them into
regular expressions itself. Every construct it emits is a fixed word, a word prefix, a bounded gap, or an
alternation of those, each ending at a space — there are no nested unbounded repeats, so a pattern cannot
backtrack catastrophically, and lengths and counts are capped.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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
_ANY_WORD = "[a-z0-9]+ "
_GAP_ELEMENT = re.compile(r"\.\.\.([1-8])?")
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                 "twenty", "thirty", "forty", "fifty", "hundred", "dozen"]
_NUMBER = "(?:[0-9]+|" + "|".join(_NUMBER_WORDS) + ") "
_MANY = "(?:[1-9][0-9]+|" + "|".join(_NUMBER_WORDS[9:]) + ") "
_END = r"(?=\| |$)"  # the next token is a sentence boundary, or the text ends


class PatternError(ValueError):
    """A pattern or word list that cannot be used; the message says what to write instead."""


@dataclass(frozen=True)
class CompiledPattern:
    source: str
    regex: str  # a fragment; compile through compile_rule
    words: frozenset[str]  # literal words, for the normaliser's vocabulary
    stems: frozenset[str]


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
    anchored = False
    for element in elements:
        gap = _GAP_ELEMENT.fullmatch(element)
        if gap:
            parts.append(f"(?:[a-z0-9]+ ){{0,{int(gap.group(1) or GAP_WORDS)}}}")
            continue
        if element == "_":
            parts.append(_ANY_WORD)
            continue
        if element == "#":
            parts.append(_NUMBER)
            continue
        if element == "##":
            parts.append(_MANY)
            continue
        if element == "$":
            parts.append(_END)
            continue
        optional = element.startswith("[") or element.endswith("]")
        if optional:
            if not (element.startswith("[") and element.endswith("]")) or len(element) < 3:
                raise PatternError(f"{element!r}: an optional element is written [word] or [a|b]")
            element = element[1:-1]
        alternatives = element.split("|")
        if len(alternatives) > MAX_ALTERNATIVES:
            raise PatternError(f"{element!r}: at most {MAX_ALTERNATIVES} alternatives")
        regexes: list[str] = []
        for alternative in alternatives:
            if alternative.startswith("<") and alternative.endswith(">"):
                name = alternative[1:-1]
                if name not in lists:
                    raise PatternError(f"{alternative}: there is no word list called {name!r} under [lists]")
                for entry in lists[name]:
                    regexes.append(_phrase_regex(entry, words, stems))
            else:
                regexes.append(_phrase_regex(alternative, words, stems, element=element))
        unique = list(dict.fromkeys(regexes))
        group = unique[0] if len(unique) == 1 else "(?:" + "|".join(unique) + ")"
        if optional:
            group = (group if group.startswith("(?:") and len(unique) > 1 else f"(?:{group})") + "?"
        else:
            anchored = True
        parts.append(group)
    if not anchored:
        raise PatternError("a pattern needs at least one word that must be present (not only [optional], _ "
                           "or ...)")
    return CompiledPattern(source=" ".join(elements), regex="".join(parts), words=frozenset(words),
                           stems=frozenset(stems))


def compile_rule(patterns: Iterable[CompiledPattern]) -> re.Pattern[str]:
    """One regex for a whole rule: any of its patterns, starting at a word boundary."""
    return re.compile("(?<= )(?:" + "|".join(p.regex for p in patterns) + ")")


def matches(pattern: CompiledPattern, text: str) -> bool:
    return re.search("(?<= )" + pattern.regex, text) is not None


def _phrase_regex(phrase: str, words: set[str], stems: set[str], element: str | None = None) -> str:
    out = []
    parts = phrase.split("+") if element is not None else phrase.split()
    if len(parts) > MAX_LIST_ENTRY_WORDS:
        raise PatternError(f"{element!r}: at most {MAX_LIST_ENTRY_WORDS} words joined with '+'")
    for word in parts:
        stem = _check_literal(word, allow_stem=True, element=element)
        if stem:
            stems.add(stem)
            out.append(re.escape(stem) + "[a-z0-9]* ")
        else:
            words.add(word)
            out.append(re.escape(word) + " ")
    return "".join(out)


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
