"""The guardrails on public text no one on this project wrote (../shared/data/safety), as shipped.

Needs the shared safety data next to the project (CI has it); skipped when it is absent. The floors here
sit a little under the figures in assets/safety/MODEL_CARD.md: they catch a regression (a rule change, a
retrained scorer, a threshold moved) without pinning noise. Each is the measured figure rounded in the safe
direction (two places; three for rare events); a retrain that helps raises them, none is lowered to pass.
Sources the shipped scorer never trained on are the headline; for sources it did train on, only their
held-out dev split is used.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import safety_data as data  # noqa: E402

from app.safety import Action, Guardrails, ScorerSet, default_profile  # noqa: E402

pytestmark = pytest.mark.skipif(not data.available(), reason=f"needs the shared safety data at {data.SHARED}")


@pytest.fixture(scope="module")
def rails() -> Guardrails:
    return Guardrails(default_profile())


def rows(key: str, *, dev_only: bool = False, side: str = "input") -> list[data.Row]:
    loaded = data.load(data.source(side, key))
    return [r for r in loaded if r.split in ("dev", "test")] if dev_only else loaded


def rates(rails: Guardrails, items: list[data.Row]) -> dict[str, float]:
    actions = [rails.check_input(r.text).action for r in items]
    pos = [a for a, r in zip(actions, items, strict=True) if r.label]
    neg = [a for a, r in zip(actions, items, strict=True) if not r.label]
    share = lambda xs, *want: sum(a in want for a in xs) / len(xs) if xs else float("nan")  # noqa: E731
    return {"recall": share(pos, Action.CRISIS), "caught_or_asked": share(pos, Action.CRISIS, Action.CHECK_IN),
            "false_crisis": share(neg, Action.CRISIS), "false_check_in": share(neg, Action.CHECK_IN)}


def test_subreddit_crisis_posts_never_trained_on(rails):
    """r/SuicideWatch vs r/CasualConversation, 2023–24: most crisis posts get the crisis response or a
    direct question; casual posts almost never get the crisis response."""
    m = rates(rails, rows("reddit-sw-2024"))
    assert m["caught_or_asked"] >= 0.86  # 0.85 and 0.79 until the input scorer read sentences (0.861, 0.806)
    assert m["recall"] >= 0.80
    assert m["false_crisis"] <= 0.02
    assert m["false_check_in"] <= 0.03


def test_everyday_emotional_comments_rarely_get_the_crisis_response(rails):
    """GoEmotions comments chosen for sadness, fear, grief and violent or death words (held-out split)."""
    m = rates(rails, rows("goemotions", dev_only=True))
    # 0.01 until the crisis threshold moved from 0.9 to 0.8 (round 5): a chosen trade of three comments of 949
    # for 0.04 more crisis recall on r/SuicideWatch and Twitter; the ceiling is 0.05
    assert m["false_crisis"] <= 0.013
    assert m["false_check_in"] <= 0.015


def test_venting_rarely_gets_a_check_in_and_abuse_disclosures_are_still_caught(rails):
    """Dreaddit (never trained on): everyday stress venting vs abuse disclosures, mostly past abuse told as a
    story, which the rules' abuse categories catch more than the scorer does."""
    m = rates(rails, rows("dreaddit-abuse"))
    assert m["recall"] >= 0.44
    # 0.04 until the input scorer read sentences: a chosen trade of 6 venting posts of 2,084 (0.039 -> 0.042)
    # for 14 more r/SuicideWatch posts given the crisis response; among the six, "I just want everything to end."
    assert m["false_crisis"] <= 0.045
    assert m["false_check_in"] <= 0.07


def test_explicit_posts_in_the_twitter_set(rails):
    """Noisy labels (lyrics, insults, news among the positives; real ideation among the negatives): a floor
    on crisis recall only, to catch a retrain that trades it away."""
    m = rates(rails, rows("twitter-intent"))
    assert m["recall"] >= 0.70
    assert m["caught_or_asked"] >= 0.78


def test_real_chatbot_prompts_are_left_alone(rails):
    """ToxicChat's non-toxic prompts: what people actually type to chatbots (never trained on)."""
    m = rates(rails, rows("toxicchat"))
    assert m["false_crisis"] <= 0.004  # 0.003 before the crisis threshold moved to 0.8 (17 of 4,698 prompts)
    assert m["false_crisis"] + m["false_check_in"] <= 0.01


def test_tweets_with_suicide_or_self_harm_tendency(rails):
    m = rates(rails, rows("tsid-dr", dev_only=True))
    assert m["caught_or_asked"] >= 0.95


def test_the_scorer_adds_recall_over_the_rules_alone(rails):
    rules_only = Guardrails(rails.profile, ScorerSet(None, None))
    posts = rows("reddit-sw-2024")
    assert rates(rails, posts)["caught_or_asked"] >= rates(rules_only, posts)["recall"] + 0.1


@pytest.mark.parametrize("side", ["input", "output"])
def test_training_is_reproducible_byte_for_byte(tmp_path, side):
    """Retraining a scorer from the shared data gives exactly the shipped weights (the output scorer was
    retrained once under the pinned scikit-learn: its weights moved by at most 7e-7)."""
    pytest.importorskip("sklearn")
    import tomllib

    import train_scorers

    c = train_scorers.C_INPUT if side == "input" else train_scorers.C_OUTPUT
    weights, bias, _, _ = train_scorers.train_side(side, c)
    digest = train_scorers.save(tmp_path / f"{side}-scorer.npz", weights, bias)
    manifest = tomllib.loads((ROOT / "assets" / "safety" / "scorers.toml").read_text())
    assert digest == manifest[side]["sha256"]
