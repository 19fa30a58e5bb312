"""Text → hashed n-gram features for the learned risk scorers (shared by training and the app).

Word 1–3-grams see intent, negation, tense and who is at risk ("not going to", "my brother", "took all");
character 3–5-grams inside words carry misspellings, slang and inflections ("sewerslide", "killin").
Each n-gram is hashed (crc32, stable across runs and platforms) into a fixed-size vector, so the shipped
weights are one array and no vocabulary file is needed. Text is lower-cased and stripped of punctuation
first: public crisis data is often written that way, and people type that way.
"""

from __future__ import annotations

import itertools
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

_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\s*\n+\s*")
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


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values, as np.unique gives, at a tenth of its cost on a message's few thousand."""
    if values.size < 2:
        return values
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


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
    return _distinct(np.array(found, dtype=np.int64))


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


def sentences(text: str) -> list[str]:
    """The text's sentences and lines (a post's title is its first line), up to MAX_SCORED_CHARS.

    A scorer trained on whole posts divides its evidence by the square root of the post's length, so one
    explicit sentence in a long post counts for less than it would alone; scoring sentences too lets it
    count. Lower-case text without punctuation stays one sentence."""
    return [part for part in _SENTENCE_BREAK.split(text[:MAX_SCORED_CHARS]) if part.strip()]


def sentence_indices(text: str) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """`vector_indices(text)`, the text's sentences, and each sentence's feature indices as pairs
    (sentence number, index), hashed in one pass: every n-gram is hashed once with the span of words it
    covers, and a sentence keeps the n-grams inside it. Scoring a post's sentences this way costs little
    more than scoring the post (the budget is 10 ms a message)."""
    parts = sentences(text)
    words_by_part = [normalise(part).split() for part in parts]
    words = [word for part_words in words_by_part for word in part_words]
    codes: list[int] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    for n in (1, 2, 3):
        count = max(0, len(words) - n + 1)
        codes += [zlib.crc32(("w:" + " ".join(words[i:i + n])).encode()) & _MASK for i in range(count)]
        starts.append(np.arange(count, dtype=np.int64))
        ends.append(np.arange(n, count + n, dtype=np.int64))
    word_code = np.array(codes, dtype=np.int64)
    start, end = np.concatenate(starts), np.concatenate(ends)
    lengths = [len(part_words) for part_words in words_by_part]
    part_of_word = np.repeat(np.arange(len(parts), dtype=np.int64), lengths)
    part = part_of_word[start]
    inside = end <= np.cumsum(lengths)[part] if part.size else np.zeros(0, dtype=bool)
    by_part = [list(itertools.chain.from_iterable(_word_indices(word) for word in set(part_words)))
               for part_words in words_by_part]  # a word's character n-grams are inside its sentence
    char_code = np.array(list(itertools.chain.from_iterable(by_part)), dtype=np.int64)
    char_part = np.repeat(np.arange(len(parts), dtype=np.int64), [len(found) for found in by_part])
    pairs = _distinct(np.concatenate([(part[inside] << FEATURE_BITS) | word_code[inside],
                                      (char_part << FEATURE_BITS) | char_code]))
    return _distinct(np.concatenate([word_code, char_code])), parts, pairs >> FEATURE_BITS, pairs & _MASK
