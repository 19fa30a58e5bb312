"""Static word-piece embeddings for the input scorer: what a message means, beside which words it uses.

Hashed n-grams (features.py) only know the words they were trained on; people in crisis say it in words no
training row used ("i just want everything to go quiet for good"). A static embedding table places words
that mean similar things near each other, so a linear model over the mean of a message's piece vectors
generalises to new wording. It costs a table lookup per piece — no neural network runs, and nothing is
downloaded.

The table is WordLlama's l2_supercat (MIT; the first 128 of its Matryoshka dimensions, float16), with the
Llama-2 BPE vocabulary and merges it was trained with, copied into one .npz by bench/train_scorers.py. The
tokenizer below is our own small BPE over those merges (no `tokenizers` wheel, whose Rust library also
carries download code). It splits on spaces first, which the reference tokenizer does not; the two agree on
the pieces of ordinary text (tests/safety/test_embeddings.py compares them where the reference is installed).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

SPACE = "\u2581"  # SentencePiece's visible space: "▁the" is "the" after a space
_CHUNK = re.compile(f"{SPACE}*[^{SPACE}]+|{SPACE}+")


class StaticEmbedder:
    """Mean-pooled, L2-normalised piece embeddings, shape (n, dim), float32.

    `pieces` is the vocabulary in id order, `merges` the BPE merges in rank order as (left, right) pairs,
    `table` the (vocabulary, dim) embedding matrix."""

    def __init__(self, table: np.ndarray, pieces: list[str], merges: list[tuple[str, str]]) -> None:
        if table.ndim != 2 or table.shape[0] != len(pieces) or not np.all(np.isfinite(table)):
            raise ValueError("the embedding table does not match its vocabulary or is not finite numbers")
        self.table = np.ascontiguousarray(table, dtype=np.float32)
        self.dim = int(table.shape[1])
        self._ids = {piece: index for index, piece in enumerate(pieces)}
        self._ranks = {pair: rank for rank, pair in enumerate(merges)}
        self._bytes = [self._ids.get(f"<0x{value:02X}>", 0) for value in range(256)]
        self._word_ids = lru_cache(maxsize=65536)(self._bpe)

    def token_ids(self, text: str) -> list[int]:
        """The vocabulary ids of `text`, as the table was trained to read it (a space before every word)."""
        if not text:
            return []
        spaced = SPACE + text.replace(" ", SPACE)
        return [index for chunk in _CHUNK.findall(spaced) for index in self._word_ids(chunk)]

    def _bpe(self, chunk: str) -> tuple[int, ...]:
        """Byte-pair merges inside one space-led chunk, lowest rank first; unknown characters as bytes."""
        symbols = list(chunk)
        ranks = self._ranks
        while len(symbols) > 1:
            best, at = None, -1
            for position in range(len(symbols) - 1):
                rank = ranks.get((symbols[position], symbols[position + 1]))
                if rank is not None and (best is None or rank < best):
                    best, at = rank, position
            if best is None:
                break
            symbols[at:at + 2] = [symbols[at] + symbols[at + 1]]
        ids: list[int] = []
        for symbol in symbols:
            index = self._ids.get(symbol)
            if index is None:
                ids += [self._bytes[value] for value in symbol.encode("utf-8")]
            else:
                ids.append(index)
        return tuple(ids)

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self.token_ids(text)
            if ids:
                pooled = self.table[ids].mean(axis=0)
                norm = float(np.linalg.norm(pooled))
                if norm > 0:
                    out[row] = pooled / norm
        return out


def read_embedder(data: np.lib.npyio.NpzFile) -> StaticEmbedder:
    """An embedder from the arrays of an .npz (`table`, `pieces`, `merges`); ValueError/KeyError if malformed."""
    merges = np.asarray(data["merges"])
    if merges.ndim != 2 or merges.shape[1] != 2:
        raise ValueError("the embedding merges are not pairs")
    return StaticEmbedder(np.asarray(data["table"]), [str(p) for p in data["pieces"]],
                          [(str(a), str(b)) for a, b in merges])
