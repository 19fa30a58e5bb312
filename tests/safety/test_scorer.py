"""The learned risk scorers: the shipped weights load and are checked, and anything wrong with them leaves
the rules running alone, with a message — never no guardrails."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from app.paths import assets_dir
from app.safety import Action, Guardrails, ScorerSet, default_profile, load_scorers, shipped_scorers
from app.safety.features import (
    N_FEATURES,
    feature_index,
    ngrams,
    normalise,
    sentence_indices,
    vector_indices,
    windows,
)
from app.safety.scorer import RiskScorer
from tests.scorer_weights import CHECK_IN_WORD, CRISIS_WORD, SCORES, flip_a_byte
from tests.scorer_weights import word_scorer as cue_scorer

SHIPPED = assets_dir() / "safety"


def copy_shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "safety"
    shutil.copytree(SHIPPED, folder)
    return folder


def test_shipped_scorers_load_and_pass_their_checksums():
    scorers = load_scorers()
    assert scorers.problem is None
    assert scorers.complete


def test_the_input_scorer_separates_crisis_from_everyday_words():
    scorer = shipped_scorers().input
    crisis = ["i cant do this anymore, i have the pills here and tonight is the night",
              "I wrote letters to my family. I won't be a problem for much longer.",
              "been thinking about jumping off the bridge near my flat"]
    everyday = ["this exam is killing me lol", "Can you help me write an email to my landlord?",
                "I had a lovely walk with my sister today"]
    assert min(scorer.score(t) for t in crisis) > max(scorer.score(t) for t in everyday)


def test_reasons_point_at_words_the_person_wrote():
    scorer = shipped_scorers().input
    text = "I just want to die, I have the pills ready"
    reasons = scorer.reasons(text)
    assert reasons
    words = set(normalise(text).split())
    for reason in reasons:
        assert set(reason.text.split()) <= words
        assert reason.weight > 0


def test_fast_features_are_exactly_the_documented_n_grams():
    text = "Don't WORRY!! I'm not going to kms... sewerslide is a meme, ok? https://example.org/x"
    slow = np.unique([feature_index(g) for g in ngrams(normalise(text))])
    assert np.array_equal(vector_indices(text), slow)
    assert normalise("Don’t  stop—NOW!") == "dont stop now"


def test_long_messages_are_scored_window_by_window_so_risk_is_not_diluted():
    scorer = shipped_scorers().input
    filler = "Work was busy and I cooked pasta and watched a film with my flatmate. " * 40
    risk = "I have decided to end my life tonight and I have written the letters. "
    alone = scorer.score(risk)
    buried = scorer.score(filler + risk + filler)
    assert len(windows(filler + risk + filler)) > 1
    assert buried >= alone * 0.8
    assert scorer.score(filler * 30) < 0.5  # bounded: a huge message is read only up to MAX_SCORED_CHARS


def test_one_plain_sentence_of_intent_is_not_diluted_by_the_post_around_it():
    """The input scorer also reads each sentence (less its margin): a statement of intent counts in a post of
    ordinary news about as much as alone. The output scorer reads replies whole, as it was tuned to."""
    scorer = shipped_scorers().input
    assert scorer.sentence_margin is not None and shipped_scorers().output.sentence_margin is None
    risk = "I am going to kill myself tonight."
    post = ("Work has been busy this month and I finally repainted the hallway. " + risk +
            " My sister is visiting on Sunday and we are going to the market for vegetables.")
    whole_only = RiskScorer(scorer.weights, scorer.bias, "whole posts")
    assert scorer.score(post) > whole_only.score(post)
    assert scorer.riskiest(post) == pytest.approx((risk, scorer.logit(risk) - scorer.sentence_margin))
    assert "kill" in {reason.text for reason in scorer.reasons(post)}


def test_a_sentence_counts_only_when_it_stays_clear_after_the_margin():
    """A sentence scoring 0.97 alone lifts its post to 0.92 (less the margin of 1 log-odds, above the 0.8
    floor); one scoring 0.75 alone would be 0.52 after the margin, below the floor, so the post keeps its
    own low score and ordinary venting with one gloomy line is not asked."""
    cue = cue_scorer()
    scorer = RiskScorer(cue.weights, cue.bias, "cue sentences", sentence_margin=1.0, sentence_floor=0.8)
    around = "I went to the shops this morning and bought some bread. Then I came home and had a nap."
    clear, middling = f"{around} {CRISIS_WORD.title()}.", f"{around} {CHECK_IN_WORD.title()}."
    logit = lambda p: float(np.log(p / (1 - p)))  # noqa: E731
    assert scorer.riskiest(clear)[1] == pytest.approx(logit(SCORES[CRISIS_WORD]) - 1.0, abs=1e-4)
    assert scorer.score(clear) > 0.9 > cue.score(clear)
    assert scorer.score(middling) == cue.score(middling) < 0.5
    with pytest.raises(ValueError):
        RiskScorer(cue.weights, cue.bias, "bad floor", sentence_margin=1.0, sentence_floor=1.0)


def test_sentences_are_hashed_in_one_pass_exactly_as_if_alone():
    text = 'My week\nI went out. Then I said "no!" and left… ok?  Yes https://example.org/a.b'
    whole, parts, part_of, indices = sentence_indices(text)
    assert parts == ["My week", "I went out.", 'Then I said "no!" and left…', "ok?", "Yes https://example.org/a.b"]
    assert np.array_equal(whole, vector_indices(text))
    for number, part in enumerate(parts):
        assert np.array_equal(indices[part_of == number], vector_indices(part))
    long_post = "I cooked dinner. " * 100 + "I am going to kill myself tonight."
    scorer = shipped_scorers().input
    assert scorer.riskiest(long_post)[0] == "I am going to kill myself tonight."  # past one window too


@pytest.mark.parametrize("damage", ["missing", "corrupt", "truncated", "manifest", "version", "shape", "margin"])
def test_damaged_weights_leave_the_rules_running_with_a_message(tmp_path, damage):
    folder = copy_shipped(tmp_path)
    weights = folder / "input-scorer.npz"
    if damage == "missing":
        weights.unlink()
    elif damage == "corrupt":
        flip_a_byte(weights)
    elif damage == "truncated":
        weights.write_bytes(weights.read_bytes()[:1000])
    elif damage == "manifest":
        (folder / "scorers.toml").write_text("this is [not toml")
    elif damage == "version":
        manifest = folder / "scorers.toml"
        manifest.write_text(manifest.read_text().replace('features = "ngram-v1"', 'features = "ngram-v9"'))
    elif damage == "margin":
        manifest = folder / "scorers.toml"
        manifest.write_text(manifest.read_text().replace("sentence_margin = 1.0", 'sentence_margin = "a lot"'))
    elif damage == "shape":
        import hashlib
        import io
        import re

        buffer = io.BytesIO()
        np.savez(buffer, weights=np.zeros(10, np.float32), bias=np.float32(0))
        weights.write_bytes(buffer.getvalue())
        manifest = folder / "scorers.toml"
        digest = hashlib.sha256(buffer.getvalue()).hexdigest()
        text = manifest.read_text()
        manifest.write_text(re.sub(r'(\[input\]\nfile = "input-scorer.npz"\nsha256 = ")[0-9a-f]+', rf"\g<1>{digest}",
                                   text))
    scorers = load_scorers(folder)
    assert scorers.input is None
    assert scorers.problem and "rules alone" in scorers.problem
    if damage not in ("manifest", "version"):
        assert scorers.output is not None  # one broken file never takes the other down
    rails = Guardrails(default_profile(), scorers)
    assert rails.scorer_problem == scorers.problem
    verdict = rails.check_input("I want to kill myself")
    assert verdict.action is Action.CRISIS and verdict.rule and not verdict.rule.startswith("scorer")
    assert rails.check_input("Can you help me plan my week?").action is Action.ALLOW


def test_a_scorer_with_wrong_numbers_is_refused():
    with pytest.raises(ValueError):
        RiskScorer(np.full(N_FEATURES, np.nan, np.float32), 0.0)
    with pytest.raises(ValueError):
        RiskScorer(np.zeros(N_FEATURES, np.float32), float("inf"))


def word_scorer(word: str, logit: float) -> RiskScorer:
    """A real scorer whose only signal is one word (its unigram feature)."""
    weights = np.zeros(N_FEATURES, np.float32)
    weights[feature_index("w:" + word)] = logit
    return RiskScorer(weights, -6.0, "test")


def test_profile_thresholds_turn_scores_into_crisis_check_in_or_allow():
    profile = default_profile()
    settings = profile.scorer
    rails = Guardrails(profile, ScorerSet(word_scorer("zebra", 60.0), None))
    high = rails.check_input("zebra")  # one feature: logit = -6 + 60 → score ≈ 1
    assert high.action is Action.CRISIS and high.rule == "scorer.input" and high.resources
    assert high.score is not None and high.score >= settings.crisis_threshold
    assert "zebra" in high.reasons
    # a score between the thresholds asks directly instead
    middle_logit = np.log(settings.check_in_threshold / (1 - settings.check_in_threshold)) + 0.05
    features = vector_indices("zebra").size  # logit = bias + weight / sqrt(features)
    rails = Guardrails(profile, ScorerSet(word_scorer("zebra", (middle_logit + 6.0) * np.sqrt(features)), None))
    verdict = rails.check_input("zebra")
    assert settings.check_in_threshold <= verdict.score < settings.crisis_threshold
    assert verdict.action is Action.CHECK_IN
    assert verdict.response == settings.check_in_question and verdict.resources
    assert rails.check_input("a calm message").action is Action.ALLOW


def test_rules_and_scores_both_report_in_guard_check_json():
    rails = Guardrails(default_profile())
    line = rails.check_input("I want to kill myself").as_json("I want to kill myself")
    assert line["action"] == "crisis" and isinstance(line["score"], float)
    assert set(line) >= {"text", "action", "category", "rule", "score"}


# Everyday CBT material: rumination, self-criticism, rows, sleep, chores. Written for this test (never trained
# on). A suicide question in reply to these fails the person and teaches them to stop writing honestly.
EVERYDAY_CBT = [
    "My partner and I had the same row about money again, and I've been replaying it all morning.",
    "I keep thinking my colleagues think I'm useless because I asked a question in the meeting.",
    "I can't stop thinking that I'm not clever enough for this course.",
    "I'm such a failure, I skipped the gym again and ordered a takeaway.",
    "I slept badly again last night because my mind wouldn't switch off about work.",
    "Every time my boss emails me I assume I'm in trouble. Can we do a thought record on it?",
    "I'm dreading tonight's family dinner because my dad always criticises my job.",
    "I feel like I'm not a good enough mum when I lose my temper at bedtime.",
    "I've been so tired lately that I snapped at my flatmate over the bins.",
]
# Known false check-ins with the shipped weights (0.56, 0.68 and 0.67 since round 5; 0.59, 0.74 and 0.67 after
# round 4; 0.65, 0.80 and 0.76 before it): strict, so fixing them flips this red. Not fixed by writing examples
# like them: they test the rest.
EVERYDAY_CBT_STILL_ASKED = [
    "My friend hasn't texted back since Sunday and I've convinced myself she's fed up with me.",
    "I can't do this anymore, the kitchen tap has been dripping for a fortnight and the landlord won't fix it.",
    "Now I'm lying awake going over all of it again.",
]


@pytest.mark.parametrize("text", EVERYDAY_CBT)
def test_everyday_cbt_messages_are_allowed(text):
    assert Guardrails(default_profile()).check_input(text).action is Action.ALLOW


@pytest.mark.xfail(strict=True, reason="the scorer still weighs first-person words ('myself', 'won't', 'again')")
@pytest.mark.parametrize("text", EVERYDAY_CBT_STILL_ASKED)
def test_everyday_cbt_messages_known_to_get_a_check_in(text):
    assert Guardrails(default_profile()).check_input(text).action is Action.ALLOW


def test_a_gloomy_but_safe_conversation_does_not_build_up_to_a_check_in():
    """Four low-but-safe messages in a row: the build-up rule (last 4 scores adding up to the profile's
    threshold) must not turn an ordinary CBT conversation into a suicide question."""
    from app.safety import CrisisState

    rails = Guardrails(default_profile())
    state = CrisisState(conversation_id="everyday")
    for text in ["I've had a rubbish week.", "My manager picked apart my report in front of the whole team.",
                 "Then I came home and argued with my boyfriend about nothing.", EVERYDAY_CBT[4]]:
        screening = rails.screen(text, state)
        state = screening.state
        assert screening.verdict.action is Action.ALLOW, text
    assert sum(state.recent_scores) < rails.profile.scorer.build_up_threshold
