"""Search snippets built in Python, in one pass over the message: FTS5 finds the messages, this shows them.

FTS5's own snippet() scores every match against every other match of the document (quadratic: a 200 KB
message of one repeated word took seconds), and highlight() grows its result by copying it on every append
(quadratic again). So the index only answers *which* messages match, and the snippet is cut here: the text is
split into words the way the `unicode61 remove_diacritics 2` tokenizer does (runs of letters and digits,
compared case- and accent-free), each search word is found where it starts a run of matching words, and the
window of SNIPPET_TOKENS words holding the most different search words wins (ties: the earliest). Every step
is a single pass, so the cost is linear in the message's length.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from app.storage.records import MATCH_END, MATCH_START

ELLIPSIS = "…"
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """One search word as the tokenizer sees it: its folded tokens (a word like "don't" is two), and whether
    the last one matches as a prefix (`word*`)."""

    tokens: tuple[str, ...]
    prefix: bool


@lru_cache(maxsize=4096)
def fold(token: str) -> str:
    """Case- and accent-free, as remove_diacritics 2 compares words (cached: chat words repeat a lot)."""
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms(query: str) -> list[Term]:
    """The search words of `query` (split as fts_query splits them), ignoring words with no letters."""
    found = []
    for word in query.split():
        tokens = tuple(fold(m.group()) for m in _WORD.finditer(word.rstrip("*")))
        if tokens:
            found.append(Term(tokens, word.endswith("*")))
    return found


def snippet(text: str, query_terms: list[Term], size: int) -> str:
    """Up to `size` words of `text` around its best matches, each match between MATCH_START and MATCH_END,
    with ELLIPSIS where the text was cut."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not spans:
        return text[:200]
    folded = [fold(text[start:end]) for start, end in spans]
    matched = [0] * len(spans)  # how many tokens from here on belong to a match (0: none starts here)
    which = [-1] * len(spans)   # the search word that matched here
    for index in range(len(spans)):
        for number, term in enumerate(query_terms):
            if _matches_at(folded, index, term):
                matched[index], which[index] = len(term.tokens), number
                break
    first = _best_window(matched, which, size, len(spans))
    last = min(len(spans), first + size)
    start = 0 if first == 0 else spans[first][0]
    end = len(text) if last == len(spans) else spans[last - 1][1]
    pieces = [] if first == 0 else [ELLIPSIS]
    cursor, index = start, first
    while index < last:
        if matched[index]:
            stop = min(last, index + matched[index]) - 1
            pieces += [text[cursor:spans[index][0]], MATCH_START, text[spans[index][0]:spans[stop][1]], MATCH_END]
            cursor, index = spans[stop][1], stop + 1
        else:
            index += 1
    pieces.append(text[cursor:end])
    if last < len(spans):
        pieces.append(ELLIPSIS)
    return "".join(pieces)


def _matches_at(folded: list[str], index: int, term: Term) -> bool:
    if index + len(term.tokens) > len(folded):
        return False
    *whole, final = term.tokens
    if any(folded[index + offset] != token for offset, token in enumerate(whole)):
        return False
    candidate = folded[index + len(whole)]
    return candidate.startswith(final) if term.prefix else candidate == final


def _best_window(matched: list[int], which: list[int], size: int, count: int) -> int:
    """The first word of the `size`-word window with the most different search words (two pointers over the
    matches: linear), moved back so the matches sit in its middle rather than at its start."""
    hits = [i for i, n in enumerate(matched) if n]
    if not hits:
        return 0
    best_score, best_first, best_last = 0, hits[0], hits[0]
    seen: dict[int, int] = {}
    low = 0
    for position in hits:
        seen[which[position]] = seen.get(which[position], 0) + 1
        while position - hits[low] >= size:
            term = which[hits[low]]
            seen[term] -= 1
            if not seen[term]:
                del seen[term]
            low += 1
        if len(seen) > best_score:
            best_score, best_first, best_last = len(seen), hits[low], position
    spare = size - (best_last - best_first + 1)
    return max(0, min(best_first - spare // 2, count - size))
