"""The input rail on the blind set (tests/safety/data/blind_input.tsv): words written by a session that never
saw the rules. Only the held half is scored here and nothing of it is printed on failure beyond the rates.

The floors are the measured figures of 2026-12-03, rounded in the safe direction: they catch a regression,
they are not the issue's goals. The held half is far from those (crisis recall 0.69, not 0.95; hard
negatives given crisis 0.11, not 0.05) — see the README's input table."""

from __future__ import annotations

import pytest

from app.safety import Action, Guardrails, default_profile
from tests.safety.evaluation import BLIND, blind_half, read_examples


@pytest.fixture(scope="module")
def held() -> dict[str, list[Action]]:
    rails = Guardrails(default_profile())
    out: dict[str, list[Action]] = {"crisis": [], "safe": []}
    for example in read_examples(BLIND):
        if blind_half(example) == "held":
            out[example.label].append(rails.check_input(example.text).action)
    return out


def share(actions: list[Action], *wanted: Action) -> float:
    return sum(a in wanted for a in actions) / len(actions)


def test_the_blind_set_is_balanced_and_split_in_two():
    examples = read_examples(BLIND)
    assert len(examples) == 613
    assert {e.label for e in examples} == {"crisis", "safe"}
    halves = [blind_half(e) for e in examples]
    assert 0.4 < halves.count("held") / len(halves) < 0.6


def test_crisis_messages_in_new_words_get_the_crisis_response_or_a_direct_question(held):
    assert len(held["crisis"]) == 150
    assert share(held["crisis"], Action.CRISIS) >= 0.69
    assert share(held["crisis"], Action.CRISIS, Action.CHECK_IN) >= 0.88
    assert share(held["crisis"], Action.ALLOW) <= 0.11


def test_hard_negatives_in_new_words_rarely_get_the_crisis_response(held):
    # 0.127 and 0.021 until mentions (framing.py) got the check-in question instead of the crisis response
    assert share(held["safe"], Action.CRISIS) <= 0.12
    assert share(held["safe"], Action.CHECK_IN) <= 0.04
