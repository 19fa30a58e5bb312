"""Text → hashed n-gram features for the learned risk scorers (shared by training and the app).

Word 1–3-grams see intent, negation, tense and who is at risk ("not going to", "my brother", "took all");
character 3–5-grams inside words carry misspellings, slang and inflections ("sewerslide", "killin").
Each n-gram is hashed (crc32, stable across runs and platforms) into a fixed-size vector, so the shipped
weights are one array and no vocabulary file is needed. Text is lower-cased and stripped of punctuation
first: public crisis data is often written that way, and people type that way.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterator
from functools import lru_cache

import numpy as np

FEATURE_BITS = 18
N_FEATURES = 1 << FEATURE_BITS
FEATURES_VERSION = "ngram-v1"  # bump when anything below changes: shipped weights name the version they need
WINDOW_CHARS = 1000  # the scorers were trained on texts of at most this length
MAX_SCORED_CHARS = 6000  # past this only the rules read the message (bounded cost per message)

_APOSTROPHES = re.compile(r"['’`´]")
_URL = re.compile(r"https?://\S+|www\.\S+")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_MASK = (1 << FEATURE_BITS) - 1


def normalise(text: str) -> str:
    """Lower-case ASCII-ish words separated by single spaces ("Don't!!" → "dont")."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _URL.sub(" url ", text)
    text = _APOSTROPHES.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


def attributed_ngrams(normalised: str) -> Iterator[tuple[str, str]]:
    """Every n-gram the scorers see, tagged by kind ("w:" words, "c:" characters), with the words it
    came from (so an explanation can always point at something the person wrote)."""
    words = normalised.split()
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i:i + n])
            yield "w:" + phrase, phrase
    for word in words:
        padded = f" {word} "
        for n in (3, 4, 5):
            for i in range(len(padded) - n + 1):
                yield "c:" + padded[i:i + n], word


def ngrams(normalised: str) -> Iterator[str]:
    return (gram for gram, _ in attributed_ngrams(normalised))


def feature_index(gram: str) -> int:
    return zlib.crc32(gram.encode()) & _MASK


@lru_cache(maxsize=1 << 16)
def _word_indices(word: str) -> tuple[int, ...]:
    """A word's character n-gram indices. Words repeat across messages, so this cache makes a long
    message cost about as much as its word n-grams (kept in memory only, like the text itself)."""
    padded = f" {word} "
    return tuple(zlib.crc32(("c:" + padded[i:i + n]).encode()) & _MASK
                 for n in (3, 4, 5) for i in range(len(padded) - n + 1))


def vector_indices(text: str) -> np.ndarray:
    """The distinct feature indices present in `text` (binary features), sorted; the same set as
    `feature_index` over `ngrams`, computed faster."""
    words = normalise(text).split()
    found: list[int] = []
    for n in (1, 2, 3):
        found += (zlib.crc32(("w:" + " ".join(words[i:i + n])).encode()) & _MASK
                  for i in range(len(words) - n + 1))
    for word in set(words):
        found += _word_indices(word)
    return np.unique(np.array(found, dtype=np.int64))


def windows(text: str) -> list[str]:
    """The text cut into training-sized windows of whole words, overlapping by a quarter.

    A long post is scored window by window and the highest score counts, so risk in the middle of a long
    message is not diluted by everything around it. At most MAX_SCORED_CHARS are read."""
    text = text[:MAX_SCORED_CHARS]
    if len(text) <= WINDOW_CHARS:
        return [text]
    words = text.split()
    out: list[str] = []
    start = 0
    while start < len(words):
        end, size = start, 0
        while end < len(words) and size + len(words[end]) + 1 <= WINDOW_CHARS:
            size += len(words[end]) + 1
            end += 1
        end = max(end, start + 1)
        out.append(" ".join(words[start:end]))
        if end >= len(words):
            break
        start = max(start + 1, end - (end - start) // 4)
    return out
