"""Real risk scorers with weights built in the test, so a check-in or a build-up happens on cue.

The shipped weights are retrained from time to time; a test that needs "this message scores 0.75" builds a
`RiskScorer` (the real scoring code) whose only signals are a few made-up words, each given exactly the
score it should have when it is the whole message. Everything else scores about 0.0025.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np

from app.safety import Guardrails, Profile, RiskScorer, ScorerSet, ScorerSettings, default_profile, shipped_scorers
from app.safety.features import N_FEATURES, feature_index, vector_indices

BIAS = -6.0
# The thresholds the tests reason with (the shipped profiles' numbers may be tuned).
SETTINGS = ScorerSettings(crisis_threshold=0.9, check_in_threshold=0.6, build_up_messages=4,
                          build_up_threshold=1.6)
CHECK_IN_WORD = "wobbly"  # scores 0.75: between the check-in and crisis thresholds
BUILD_UP_WORD = "drizzle"  # scores 0.45: three add up to 1.35, four to 1.8
CRISIS_WORD = "thunderclap"  # scores 0.97: a crisis from the score alone
HEAVIER_CHECK_IN_WORD = "gale"  # scores 0.85: a check-in that sounds worse than CHECK_IN_WORD
SCORES = {CHECK_IN_WORD: 0.75, BUILD_UP_WORD: 0.45, CRISIS_WORD: 0.97, HEAVIER_CHECK_IN_WORD: 0.85}


def word_scorer(scores: dict[str, float] = SCORES) -> RiskScorer:
    weights = np.zeros(N_FEATURES, np.float32)
    for word, score in scores.items():
        logit = math.log(score / (1 - score))
        weights[feature_index("w:" + word)] = (logit - BIAS) * math.sqrt(vector_indices(word).size)
    return RiskScorer(weights, BIAS, "test")


def cue_profile(profile: Profile | None = None, **settings) -> Profile:
    """The profile (default: the shipped default) with the test thresholds, or others given here."""
    return replace(profile or default_profile(), scorer=replace(SETTINGS, **settings))


def rails_on_cue(profile: Profile | None = None, **settings) -> Guardrails:
    """The rails of `profile` with the test thresholds, the cue-word input scorer and the shipped output one."""
    return Guardrails(cue_profile(profile, **settings), ScorerSet(word_scorer(), shipped_scorers().output))


def flip_a_byte(path: Path, where: float = 0.5) -> None:
    """Damage a file the way a bad disk or a partial copy would: one byte inverted, `where` of the way in."""
    raw = bytearray(path.read_bytes())
    raw[int(len(raw) * where)] ^= 0xFF
    path.write_bytes(bytes(raw))
