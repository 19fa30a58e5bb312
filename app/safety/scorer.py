"""Learned risk scorers beside the rules: how likely a message is a crisis, or a reply is harmful.

Rules are explainable and clinician-editable, but they only match words someone thought of; people in
distress say things no rule list anticipates. A linear model over hashed word and character n-grams
(features.py) generalises from labelled examples, costs about a millisecond per message, and can still say
why: the words that pushed the score up. The input scorer also reads what a message means through static
embeddings (embeddings.py), so new wording of a known risk still scores.

The weights ship in assets/safety/ with a sha256 in scorers.toml. Anything wrong with them — missing,
unreadable, wrong checksum, wrong shape, a feature version this code does not speak — and the scorer is
simply absent: the rules run alone, `ScorerSet.problem` says why in one sentence, the app shows it, and
`confidant --self-test` fails. Nothing here can switch the rules off.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from app.checksum import sha256_of
from app.paths import assets_dir
from app.safety.embeddings import StaticEmbedder, read_embedder
from app.safety.features import (
    FEATURES_VERSION,
    N_FEATURES,
    WINDOW_CHARS,
    attributed_ngrams,
    feature_index,
    normalise,
    sentence_indices,
    sentences,
    vector_indices,
    windows,
)

MANIFEST = "scorers.toml"
SIDES = ("input", "output")


@dataclass(frozen=True)
class Reason:
    """A word or phrase in the text and how much it moved the score (log-odds)."""

    text: str
    weight: float


class RiskScorer:
    """A logistic-regression scorer over binary, L2-normalised hashed n-grams, and, when it has an
    `embedder`, the message's L2-normalised mean piece embedding (its own `embedding_weights`).

    With `sentence_margin` set (the input scorer's, from scorers.toml), a text of several sentences also has
    each sentence scored, less the margin in log-odds, and the riskiest part counts: "I'm going to kill
    myself tonight" should not score lower for the 150 words around it. A sentence counts only when that
    leaves it at `sentence_floor` or above (a clear statement): a lone gloomy sentence in ordinary venting
    never lifts the post into a check-in."""

    def __init__(self, weights: np.ndarray, bias: float, name: str = "scorer",
                 sentence_margin: float | None = None, sentence_floor: float = 0.0,
                 embedder: StaticEmbedder | None = None, embedding_weights: np.ndarray | None = None) -> None:
        if weights.shape != (N_FEATURES,) or not np.all(np.isfinite(weights)) or not math.isfinite(bias):
            raise ValueError(f"{name}: weights have the wrong shape or are not finite numbers")
        if (embedder is None) != (embedding_weights is None) or (
                embedder is not None and (embedding_weights.shape != (embedder.dim,)
                                          or not np.all(np.isfinite(embedding_weights)))):
            raise ValueError(f"{name}: the embedding weights do not match the embeddings")
        if sentence_margin is not None and not (math.isfinite(sentence_margin) and sentence_margin >= 0):
            raise ValueError(f"{name}: the sentence margin must be a number of at least 0")
        if not 0.0 <= sentence_floor < 1.0:
            raise ValueError(f"{name}: the sentence floor must be a score from 0 up to (not including) 1")
        self.weights = weights.astype(np.float32, copy=False)
        self.bias = float(bias)
        self.name = name
        self.sentence_margin = sentence_margin
        self.sentence_floor = sentence_floor
        self.embedder = embedder
        self.embedding_weights = None if embedding_weights is None else embedding_weights.astype(np.float32)
        self._floor_logit = -math.inf if sentence_floor == 0 else math.log(sentence_floor / (1 - sentence_floor))

    def logit(self, text: str) -> float:
        """Log-odds for one window of text."""
        logit = self._logit(vector_indices(text))
        return logit if self.embedder is None else logit + float(self._meaning([text])[0])

    def _meaning(self, texts: list[str]) -> np.ndarray:
        """Each text's log-odds from its embedding (zero without embeddings)."""
        if self.embedder is None:
            return np.zeros(len(texts))
        return self.embedder.embed(texts).astype(np.float64) @ self.embedding_weights

    def _logit(self, idx: np.ndarray) -> float:
        if idx.size == 0:
            return self.bias
        return self.bias + float(self.weights[idx].sum()) / math.sqrt(idx.size)

    def riskiest(self, text: str) -> tuple[str, float]:
        """The part of the text that counts and its log-odds: the riskiest window, or sentence (less the
        margin) when the scorer reads sentences."""
        if self.sentence_margin is None:
            return max(((window, self.logit(window)) for window in windows(text)), key=lambda part: part[1])
        if len(text) <= WINDOW_CHARS:  # one window: the post and its sentences hashed in one pass
            if len(sentences(text)) < 2:
                return text, self.logit(text)
            whole, parts, part_of, idx = sentence_indices(text)
            meaning = self._meaning([text, *parts])
            best = (text, self._logit(whole) + float(meaning[0]))
            meaning = meaning[1:]
        else:
            best = max(((window, self.logit(window)) for window in windows(text)), key=lambda part: part[1])
            parts = sentences(text)
            found = [vector_indices(part) for part in parts]
            part_of = np.repeat(np.arange(len(parts)), [f.size for f in found])
            idx = np.concatenate(found)
            meaning = self._meaning(parts)
        if len(parts) > 1:
            counts = np.bincount(part_of, minlength=len(parts))
            sums = np.bincount(part_of, weights=self.weights[idx], minlength=len(parts))
            logits = self.bias + sums / np.sqrt(np.maximum(counts, 1)) + meaning
            top = int(np.argmax(logits))
            if logits[top] - self.sentence_margin > max(best[1], self._floor_logit - 1e-9):
                best = (parts[top], float(logits[top]) - self.sentence_margin)
        return best

    def score(self, text: str) -> float:
        """Probability-like score in [0, 1]; long texts take their riskiest window (or sentence)."""
        if not text or not text.strip():
            return 0.0
        return _sigmoid(self.riskiest(text)[1])

    def reasons(self, text: str, limit: int = 5) -> tuple[Reason, ...]:
        """The words and phrases that raised the score most (for the clinician's test bench).

        Character n-grams are credited to the word they came from, so a reason is always something the
        person actually wrote. The embedding's share has no single word to credit and is left out."""
        normalised = normalise(self.riskiest(text)[0] if text.strip() else "")
        grams = dict(attributed_ngrams(normalised))
        if not grams:
            return ()
        scale = 1.0 / math.sqrt(len({feature_index(g) for g in grams}))
        credit: dict[str, float] = {}
        for gram, owner in grams.items():
            credit[owner] = credit.get(owner, 0.0) + float(self.weights[feature_index(gram)]) * scale
        ranked = sorted(credit.items(), key=lambda item: item[1], reverse=True)
        return tuple(Reason(key, round(value, 3)) for key, value in ranked[:limit] if value > 0)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class ScorerSet:
    """The scorers the app could load. `problem` is one sentence for people when any is missing."""

    input: RiskScorer | None
    output: RiskScorer | None
    problem: str | None = None

    @property
    def complete(self) -> bool:
        return self.input is not None and self.output is not None


def _checked(path: Path, sha256: str, what: str) -> Path:
    if not path.is_file():
        raise ValueError(f"{what} ({path.name}) are missing")
    if sha256_of(path) != sha256:
        raise ValueError(f"{what} ({path.name}) do not match their checksum")
    return path


def read_embeddings(path: Path, sha256: str) -> StaticEmbedder:
    """The static embeddings after checking their checksum; raises ValueError/OSError with a plain reason."""
    what = "the input scorer's embeddings"
    _checked(path, sha256, what)
    try:
        with np.load(path, allow_pickle=False) as data:
            return read_embedder(data)
    except (KeyError, ValueError, OSError, EOFError) as error:  # a checksum match makes these unlikely
        raise ValueError(f"{what} ({path.name}) cannot be read: {error}") from None


def read_scorer(path: Path, sha256: str, name: str, sentence_margin: float | None = None,
                sentence_floor: float = 0.0, embedder: StaticEmbedder | None = None) -> RiskScorer:
    """Load one weights file after checking its checksum; raises ValueError/OSError with a plain reason.

    Weights trained with embeddings need the `embedder`: without it the scorer would be a different model."""
    _checked(path, sha256, f"the {name} scorer's weights")
    try:
        with np.load(path, allow_pickle=False) as data:
            weights = np.asarray(data["weights"], dtype=np.float32)
            bias = float(np.asarray(data["bias"]).reshape(()))
            meaning = np.asarray(data["embedding_weights"], np.float32) if "embedding_weights" in data else None
    except (KeyError, ValueError, OSError, EOFError) as error:  # a checksum match makes these unlikely
        raise ValueError(f"the {name} scorer's weights ({path.name}) cannot be read: {error}") from None
    if (meaning is None) != (embedder is None):
        raise ValueError(f"the {name} scorer's weights ({path.name}) do not match its embeddings in {MANIFEST}")
    return RiskScorer(weights, bias, name, sentence_margin, sentence_floor, embedder, meaning)


def load_scorers(folder: Path | None = None) -> ScorerSet:
    """Both scorers from assets/safety, each independently: a broken one never takes the other down."""
    folder = folder or assets_dir() / "safety"
    problems: list[str] = []
    loaded: dict[str, RiskScorer | None] = dict.fromkeys(SIDES)
    try:
        manifest = tomllib.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        manifest = None
        problems.append(f"the learned scorers' manifest ({MANIFEST}) is missing or unreadable")
    if manifest is not None and manifest.get("features") != FEATURES_VERSION:
        problems.append(f"the learned scorers were built for features {manifest.get('features')!r}, "
                        f"not {FEATURES_VERSION!r}")
        manifest = None
    for side in SIDES:
        if manifest is None:
            break
        entry = manifest.get(side)
        try:
            if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) \
                    or not isinstance(entry.get("sha256"), str):
                raise ValueError(f"the {side} scorer is not described in {MANIFEST}")
            margin, floor = entry.get("sentence_margin"), entry.get("sentence_floor", 0.0)
            for key, value in (("sentence_margin", margin), ("sentence_floor", floor)):
                if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                    raise ValueError(f"the {side} scorer's {key} in {MANIFEST} is not a number")
            embedder = None
            if "embeddings" in entry:
                if not isinstance(entry["embeddings"], str) or not isinstance(entry.get("embeddings_sha256"), str):
                    raise ValueError(f"the {side} scorer's embeddings are not described in {MANIFEST}")
                embedder = read_embeddings(folder / Path(entry["embeddings"]).name, entry["embeddings_sha256"])
            loaded[side] = read_scorer(folder / Path(entry["file"]).name, entry["sha256"], side,
                                       None if margin is None else float(margin), float(floor), embedder)
        except (ValueError, OSError) as error:
            problems.append(str(error))
    problem = None
    if problems:
        problem = ("Some safety checks are running on rules alone: " + "; ".join(problems) + ". "
                   "Reinstall Confidant to restore them.")
    return ScorerSet(loaded["input"], loaded["output"], problem)


@lru_cache(maxsize=1)
def shipped_scorers() -> ScorerSet:
    """The app's scorers, loaded once per process (about 2 MB of weights, 17 MB of embeddings in memory)."""
    return load_scorers()
