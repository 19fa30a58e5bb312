"""A real RiskScorer with hand-set weights, so a test knows exactly what a message scores.

`word_scorer({"bravo": 0.7})` gives a scorer under which the message "bravo" scores 0.7 and ordinary text
scores about 0.0003 (the bias). The weights go through RiskScorer's own arithmetic — logit = bias +
sum(weights[features]) / sqrt(number of features) — so nothing about the scorer is mocked.
"""

from __future__ import annotations

import math

import numpy as np

from app.safety import RiskScorer
from app.safety.features import N_FEATURES, vector_indices

BIAS = -8.0


def word_scorer(targets: dict[str, float], bias: float = BIAS) -> RiskScorer:
    """Each key (a word or a whole message) scores exactly its value when it is the whole message."""
    weights = np.zeros(N_FEATURES, dtype=np.float32)
    for text, target in targets.items():
        idx = vector_indices(text)
        logit = math.log(target / (1 - target))
        weights[idx] = (logit - bias) / math.sqrt(idx.size)  # sum over n features / sqrt(n)
    scorer = RiskScorer(weights, bias, "test")
    for text, target in targets.items():
        assert abs(scorer.score(text) - target) < 1e-4, f"{text!r} shares features with another key"
    return scorer
