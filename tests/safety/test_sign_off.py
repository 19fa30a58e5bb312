"""A plain goodbye at the end of a calm conversation is not a crisis; a farewell anywhere else still is.

The learned scorer gives "bye" alone the crisis response (it learned from r/SuicideWatch, where "Goodbye" alone
is a goodbye note). These run the real rails, the real scorer and the crisis flow of every shipped profile
over whole conversations. The messages were written for this test."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from app.safety import Action, Guardrails, builtin_profile, read_profile_file, shipped_profiles
from app.safety.crisis import CrisisState
from app.safety.sign_off import is_sign_off
from app.safety.verdict import Verdict

PROFILES = [*(read_profile_file(path) for path in shipped_profiles()), builtin_profile()]
RAILS = {profile.id: Guardrails(profile) for profile in PROFILES}
CALM = ["work has been awful this week", "my manager keeps dumping stuff on me at the last minute"]


def last_verdict(rails: Guardrails, messages: Sequence[str]) -> Verdict:
    state = CrisisState(conversation_id="1")
    verdict = None
    for message in messages:
        screening = rails.screen(message, state)
        state, verdict = screening.state, screening.verdict
    assert verdict is not None
    return verdict


def test_the_scorer_alone_reads_a_bare_goodbye_as_a_crisis() -> None:
    """Why this exists: without a conversation around it, "bye" is a crisis to the scorer."""
    rails = RAILS["cbt-companion"]
    assert rails.check_input("bye").action is not Action.ALLOW


@pytest.mark.parametrize("profile_id", list(RAILS))
@pytest.mark.parametrize("goodbye", ["bye", "goodbye", "ok thanks, bye!", "Night night x", "gotta go",
                                     "talk tomorrow", "Anyway, I'm off to bed now"])
def test_a_goodbye_after_a_calm_conversation_is_allowed(profile_id: str, goodbye: str) -> None:
    verdict = last_verdict(RAILS[profile_id], [*CALM, goodbye])
    assert verdict.action is Action.ALLOW, (goodbye, verdict)


@pytest.mark.parametrize("profile_id", list(RAILS))
def test_a_goodbye_after_an_everyday_plan_the_scorer_rates_moderately_is_allowed(profile_id: str) -> None:
    # found by using it: "…tonight" scores about 0.43, and at 3/4 of the check-in level it made "ok bye" a check-in
    said = ["I've been feeling really anxious about my exams", "I'm going to make a revision timetable tonight",
            "thanks, that's really helpful", "ok bye"]
    assert last_verdict(RAILS[profile_id], said).action is Action.ALLOW


@pytest.mark.parametrize("profile_id", list(RAILS))
def test_a_goodbye_as_the_first_message_keeps_the_scores_verdict(profile_id: str) -> None:
    rails = RAILS[profile_id]
    assert last_verdict(rails, ["goodbye"]).action is rails.check_input("goodbye").action is not Action.ALLOW


@pytest.mark.parametrize("profile_id", list(RAILS))
@pytest.mark.parametrize("before", [["I feel hopeless", "nothing matters anymore"],
                                    ["I feel so alone", "work was fine I guess"]])  # the scorer rates these low
def test_a_goodbye_after_words_of_despair_is_not_waved_through(profile_id: str, before: list[str]) -> None:
    verdict = last_verdict(RAILS[profile_id], [*before, "bye"])
    assert verdict.action in (Action.CRISIS, Action.CHECK_IN)


def test_a_conversation_that_raised_concern_stays_uneasy_when_saved_and_read_back() -> None:
    rails = RAILS["cbt-companion"]
    state = rails.screen("I feel so alone", CrisisState(conversation_id="1")).state
    assert state.uneasy and CrisisState.from_json(state.to_json()).uneasy
    calm = rails.screen(CALM[0], CrisisState(conversation_id="2")).state
    assert not calm.uneasy and not CrisisState.from_json(calm.to_json()).uneasy
    saved_before_it_existed = {k: v for k, v in calm.to_dict().items() if k != "uneasy"}
    assert CrisisState.from_dict(saved_before_it_existed).uneasy  # not known to be calm


@pytest.mark.parametrize("profile_id", list(RAILS))
@pytest.mark.parametrize("farewell", ["goodbye everyone", "bye, I'm done", "goodbye forever", "this is goodbye",
                                      "thank you for everything. goodbye."])
def test_a_farewell_with_words_of_finality_keeps_its_verdict(profile_id: str, farewell: str) -> None:
    rails = RAILS[profile_id]
    assert last_verdict(rails, [*CALM, farewell]).action is rails.check_input(farewell).action is not Action.ALLOW


@pytest.mark.parametrize(("text", "expected"), [
    ("bye", True), ("ok | thanks | bye", True), ("see you tomorrow", True), ("i am going to bed", True),
    ("bye world", False), ("goodbye forever", False), ("bye for good", False), ("see you never", False),
    ("i am going to sleep forever", False), ("goodbye cruel world", False), ("bye i am done", False), ("", False),
])
def test_only_a_whole_plain_farewell_is_a_sign_off(text: str, expected: bool) -> None:
    assert is_sign_off(text) is expected


@pytest.mark.parametrize("profile_id", list(RAILS))
def test_a_goodbye_after_a_check_in_answered_no_is_not_waved_through(profile_id: str) -> None:
    # the check-in came from a rule's mention frame, with a low score: the check-in itself marks the conversation
    rails = RAILS[profile_id]
    said = ["I'm not suicidal, just really stressed about work", "no", "work was fine today", "bye"]
    assert rails.check_input(said[0]).action is Action.CHECK_IN
    assert last_verdict(rails, said).action is rails.check_input("bye").action is not Action.ALLOW
