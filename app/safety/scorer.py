"""Learned risk scorers beside the rules: how likely a message is a crisis, or a reply is harmful.

Rules are explainable and clinician-editable, but they only match words someone thought of; people in
distress say things no rule list anticipates. A linear model over hashed word and character n-grams
(features.py) generalises from labelled examples, costs about a millisecond per message, and can still say
why: the words that pushed the score up.

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
from app.safety.features import (
    FEATURES_VERSION,
    N_FEATURES,
    attributed_ngrams,
    feature_index,
    normalise,
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
    """A logistic-regression scorer over binary, L2-normalised hashed n-grams."""

    def __init__(self, weights: np.ndarray, bias: float, name: str = "scorer") -> None:
        if weights.shape != (N_FEATURES,) or not np.all(np.isfinite(weights)) or not math.isfinite(bias):
            raise ValueError(f"{name}: weights have the wrong shape or are not finite numbers")
        self.weights = weights.astype(np.float32, copy=False)
        self.bias = float(bias)
        self.name = name

    def logit(self, text: str) -> float:
        """Log-odds for one window of text."""
        idx = vector_indices(text)
        if idx.size == 0:
            return self.bias
        return self.bias + float(self.weights[idx].sum()) / math.sqrt(idx.size)

    def score(self, text: str) -> float:
        """Probability-like score in [0, 1]; long texts take their riskiest window."""
        if not text or not text.strip():
            return 0.0
        return _sigmoid(max(self.logit(window) for window in windows(text)))

    def reasons(self, text: str, limit: int = 5) -> tuple[Reason, ...]:
        """The words and phrases that raised the score most (for the clinician's test bench).

        Character n-grams are credited to the word they came from, so a reason is always something the
        person actually wrote."""
        normalised = normalise(max(windows(text), key=self.logit) if text.strip() else "")
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


def read_scorer(path: Path, sha256: str, name: str) -> RiskScorer:
    """Load one weights file after checking its checksum; raises ValueError/OSError with a plain reason."""
    if not path.is_file():
        raise ValueError(f"the {name} scorer's weights ({path.name}) are missing")
    if sha256_of(path) != sha256:
        raise ValueError(f"the {name} scorer's weights ({path.name}) do not match their checksum")
    try:
        with np.load(path, allow_pickle=False) as data:
            weights = np.asarray(data["weights"], dtype=np.float32)
            bias = float(np.asarray(data["bias"]).reshape(()))
    except (KeyError, ValueError, OSError, EOFError) as error:  # a checksum match makes these unlikely
        raise ValueError(f"the {name} scorer's weights ({path.name}) cannot be read: {error}") from None
    return RiskScorer(weights, bias, name)


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
            loaded[side] = read_scorer(folder / Path(entry["file"]).name, entry["sha256"], side)
        except (ValueError, OSError) as error:
            problems.append(str(error))
    problem = None
    if problems:
        problem = ("Some safety checks are running on rules alone: " + "; ".join(problems) + ". "
                   "Reinstall Confidant to restore them.")
    return ScorerSet(loaded["input"], loaded["output"], problem)


@lru_cache(maxsize=1)
def shipped_scorers() -> ScorerSet:
    """The app's scorers, loaded once per process (about 2 MB)."""
    return load_scorers()
