"""Static WordLlama (l2_supercat) sentence embeddings, loaded straight from the installed wheel's files.

Why not ``wordllama.WordLlama.load()``: its resolver looks for the tokenizer in ``wordllama/tokenizer/`` while
the wheel ships it in ``wordllama/tokenizers/``, so it misses the bundled file, falls back to
``~/.cache/wordllama`` and then tries to download from Hugging Face. Confidant has no network code at all,
so we locate the two files with ``importlib.util.find_spec`` (which does not import the package, and so
neither pulls in ``requests``/``pydantic`` nor runs wordllama's ``logging.basicConfig``) and load them with
``safetensors`` and ``tokenizers`` only.

The maths replicates ``WordLlamaInference.embed(texts, norm=True)`` from wordllama 0.4.0.post1:
Llama-2 BPE tokenizer as shipped (case preserved, no lowercasing), ``add_special_tokens=False``, no
truncation; token ids clipped to the vocabulary; fp16 table cast to float32 and cut to its first ``dim``
columns (Matryoshka) before pooling; mean over real tokens (wordllama pads to the longest text and masks
the pads out; we sum each text's own tokens without padding, which gives bit-identical float32 sums); L2 norm.
One deliberate difference: a text with no tokens (e.g. "") gives a zero vector here, NaN in wordllama.
"""

import sys
import time
from importlib.util import find_spec
from itertools import chain
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"
TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"
TENSOR_KEY = "embedding.weight"
MATRYOSHKA_DIMS = (64, 128, 256)  # dims the l2_supercat table was trained for that fit in the 256-wide file


def wordllama_file(relative: str) -> Path:
    """Path of a data file inside the installed ``wordllama`` package, without importing it."""
    spec = find_spec("wordllama")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"wordllama/{relative} not found: is the wordllama wheel installed?")


class WordLlamaEmbedder:
    """Mean-pooled, L2-normalised WordLlama l2_supercat embeddings of shape (n, dim), float32."""

    def __init__(self, dim: int = 256) -> None:
        if dim not in MATRYOSHKA_DIMS:
            raise ValueError(f"dim must be one of {MATRYOSHKA_DIMS}, got {dim}")
        table = load_file(str(wordllama_file(WEIGHTS_FILE)))[TENSOR_KEY]  # (32000, 256) float16
        self.dim = dim
        self.embedding: np.ndarray = np.ascontiguousarray(table[:, :dim].astype(np.float32))
        self.tokenizer = Tokenizer.from_file(str(wordllama_file(TOKENIZER_FILE)))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()

    def embed(self, texts: list[str], batch_size: int = 256) -> np.ndarray:
        if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
            raise TypeError("texts must be a list of str")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        last_id = self.embedding.shape[0] - 1
        for start in range(0, len(texts), batch_size):
            encodings = self.tokenizer.encode_batch(texts[start : start + batch_size], add_special_tokens=False)
            lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
            nonempty = lengths > 0
            if not nonempty.any():
                continue  # only token-less texts: leave their rows at zero
            ids = np.fromiter(chain.from_iterable(e.ids for e in encodings), dtype=np.int64)
            np.clip(ids, 0, last_id, out=ids)
            vectors = self.embedding[ids]
            spans = zip(np.cumsum(lengths)[nonempty], lengths[nonempty], strict=True)
            # Row-by-row float32 sums, the same order as wordllama's masked sum (np.add.reduceat differs in the ulp).
            sums = np.stack([vectors[end - n : end].sum(axis=0) for end, n in spans])
            pooled = sums / lengths[nonempty, None].astype(np.float32)
            pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
            out[start + np.flatnonzero(nonempty)] = pooled
        return out


if __name__ == "__main__":
    embedder = WordLlamaEmbedder(dim=int(sys.argv[1]) if len(sys.argv) > 1 else 256)
    sentences = [
        "I don't want to be alive anymore.",
        "I feel like ending my life.",
        "Everything feels hopeless and I can't go on.",
        "What a lovely sunny day for a picnic.",
        "Can you recommend a good pasta recipe?",
    ]
    vectors = embedder.embed(sentences)
    similarity = vectors @ vectors.T  # rows are unit length, so this is cosine similarity
    print(f"dim={embedder.dim}; cosine similarities:")
    for i, sentence in enumerate(sentences):
        print(" ".join(f"{s:5.2f}" for s in similarity[i]), " ", sentence)
    short = [f"message {i}: {sentences[i % len(sentences)]}" for i in range(1000)]
    embedder.embed(short[:10])  # warm-up
    started = time.perf_counter()
    embedder.embed(short)
    elapsed = time.perf_counter() - started
    print(f"1000 short texts: {elapsed * 1000:.1f} ms total, {elapsed:.4f} ms per text")
