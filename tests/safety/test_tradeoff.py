"""The threshold trade-off: a labelled set checked once, then any pair of thresholds counted instantly.

The fixture has 4 crisis and 4 ordinary messages; a hand-weighted scorer gives the one-word ones exact
scores, so every figure below is worked out by hand from this table:

    crisis      "I want to kill myself"   a crisis rule fires (score ~0)
    crisis      alpha 0.95 · bravo 0.70 · charlie 0.30
    not_crisis  delta 0.92 · echo 0.65 · foxtrot 0.10
    not_crisis  "this homework is killing me"   an idiom: no rule fires (score ~0)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.safety import Guardrails, ScorerSet, default_profile, load_scorers
from app.safety.tradeoff import ScoredMessage, Tradeoff, measure, read_eval_set
from tests.word_scorer import word_scorer

FIXTURE = Path(__file__).resolve().parent / "data" / "tradeoff_fixture.tsv"
SCORES = {"alpha": 0.95, "bravo": 0.70, "charlie": 0.30, "delta": 0.92, "echo": 0.65, "foxtrot": 0.10}


@pytest.fixture(scope="module")
def tradeoff() -> Tradeoff:
    scorer = word_scorer(SCORES)
    return measure(Guardrails(default_profile(), ScorerSet(scorer, None)), read_eval_set(FIXTURE))


def test_the_set_is_read_with_its_labels_skipping_comments_blanks_and_the_header() -> None:
    messages = read_eval_set(FIXTURE)
    assert [(m.crisis, m.text) for m in messages][:2] == [(True, "I want to kill myself"), (True, "alpha")]
    assert sum(m.crisis for m in messages) == 4 and len(messages) == 8
    assert messages[-1].source == "public"


def test_a_bad_row_is_named_by_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "eval.tsv"
    bad.write_text("crisis\tours\tI want to die\nmaybe\tours\tnot sure\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2: the label must be crisis or not_crisis"):
        read_eval_set(bad)
    bad.write_text("crisis I want to die\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1: expected label<TAB>source<TAB>text"):
        read_eval_set(bad)


def test_each_message_is_checked_once_with_the_rules_and_the_scorer(tradeoff: Tradeoff) -> None:
    assert [m.rule_crisis for m in tradeoff.scored] == [True] + [False] * 7
    scores = [round(m.score, 4) for m in tradeoff.scored]
    assert scores[1:7] == [0.95, 0.7, 0.3, 0.92, 0.65, 0.1]
    assert scores[0] < 0.01 and scores[7] < 0.01
    assert tradeoff.scored_by_model


def test_the_default_thresholds_counted_by_hand(tradeoff: Tradeoff) -> None:
    point = tradeoff.at(crisis_threshold=0.9, check_in_threshold=0.6)
    # crisis: the rule and alpha caught, bravo asked, charlie missed; ordinary: delta crisis, echo check-in
    assert (point.crisis_messages, point.crisis_caught, point.crisis_caught_or_asked) == (4, 2, 3)
    assert (point.ordinary_messages, point.ordinary_crisis, point.ordinary_check_in) == (4, 1, 1)
    assert (point.recall, point.recall_with_check_in) == (0.5, 0.75)
    assert (point.crisis_false_positive_rate, point.check_in_rate) == (0.25, 0.25)
    assert point.sentence() == ("At these thresholds, on 8 labelled messages (4 crisis): crisis 50% caught, 75% "
                                "caught or asked; 25.0% of ordinary messages would get the crisis response, "
                                "25.0% a check-in.")


def test_moving_the_thresholds_moves_the_counts(tradeoff: Tradeoff) -> None:
    higher = tradeoff.at(0.96, 0.5)  # alpha and delta drop from crisis to check-in
    assert (higher.crisis_caught, higher.crisis_caught_or_asked) == (1, 3)
    assert (higher.ordinary_crisis, higher.ordinary_check_in) == (0, 2)
    same = tradeoff.at(0.6, 0.6)  # no check-in band: everything at 0.6 or above is a crisis
    assert (same.crisis_caught, same.crisis_caught_or_asked) == (3, 3)
    assert (same.ordinary_crisis, same.ordinary_check_in) == (2, 0)
    exactly = Tradeoff([ScoredMessage(True, False, 0.9), ScoredMessage(False, False, 0.6)]).at(0.9, 0.6)
    assert (exactly.crisis_caught, exactly.ordinary_check_in) == (1, 1)  # "at or above", as the rails
    rules = tradeoff.rules_alone()
    assert (rules.crisis_caught, rules.crisis_caught_or_asked, rules.ordinary_crisis, rules.ordinary_check_in) == \
        (1, 1, 0, 0)
    assert tradeoff.summary(0.9, 0.6).endswith("The rules alone: 25% caught, 0.0% of ordinary messages get the "
                                               "crisis response.")


def test_the_counts_agree_with_the_rails_own_verdicts(tradeoff: Tradeoff) -> None:
    """What the trade-off counts is what check_input decides under the same thresholds."""
    import dataclasses

    from app.safety import Action

    profile = default_profile()
    for crisis_at, check_in_at in ((0.9, 0.6), (0.96, 0.5), (0.6, 0.6)):
        settings = dataclasses.replace(profile.scorer, crisis_threshold=crisis_at, check_in_threshold=check_in_at)
        rails = Guardrails(dataclasses.replace(profile, scorer=settings), ScorerSet(word_scorer(SCORES), None))
        verdicts = [rails.check_input(m.text).action for m in read_eval_set(FIXTURE)]
        point = tradeoff.at(crisis_at, check_in_at)
        crisis_flags = [v is Action.CRISIS for v in verdicts]
        check_in_flags = [v is Action.CHECK_IN for v in verdicts]
        assert sum(crisis_flags[:4]) == point.crisis_caught
        assert sum(crisis_flags[:4]) + sum(check_in_flags[:4]) == point.crisis_caught_or_asked
        assert sum(crisis_flags[4:]) == point.ordinary_crisis and sum(check_in_flags[4:]) == point.ordinary_check_in


def test_without_a_scorer_only_the_rules_count_and_the_summary_says_so(tmp_path: Path) -> None:
    missing = load_scorers(tmp_path)  # an empty folder: no weights at all
    tradeoff = measure(Guardrails(default_profile(), missing), read_eval_set(FIXTURE))
    assert not tradeoff.scored_by_model
    assert tradeoff.at(0.1, 0.1) == tradeoff.at(0.9, 0.6).__class__(0.1, 0.1, 4, 4, 1, 1, 0, 0)
    assert tradeoff.summary(0.9, 0.6).startswith("The learned scorer is not loaded, so these thresholds change "
                                                 "nothing for now. On 8 labelled messages (4 crisis) the rules "
                                                 "alone catch 25% of crises")


def test_an_empty_set_gives_zero_shares_not_an_error() -> None:
    point = Tradeoff([]).at(0.9, 0.6)
    assert (point.total, point.recall, point.check_in_rate) == (0, 0.0, 0.0)
    assert Tradeoff([ScoredMessage(True, False, None)]).at(0.9, 0.6).recall == 0.0
