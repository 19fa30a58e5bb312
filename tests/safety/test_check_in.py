"""The check-in: moderate or building risk asks the profile's direct question with the help lines, and the
answer decides — yes or not sure starts the crisis flow, no carries on and is audited. The scorer is real;
its weights are built here so that a made-up word scores exactly what each test needs."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from app.safety import Action, CheckInAnswer, CrisisState, Guardrails, ScorerSet, parse_check_in_answer
from app.safety.builtin_profile import BUILTIN_PROFILE_TOML
from app.safety.crisis import MAX_RECENT_SCORES
from app.safety.profile import DEFAULT_CHECK_IN_NO_RESPONSE, ScorerSettings, validate_profile_text
from tests.scorer_weights import (
    BUILD_UP_WORD,
    CHECK_IN_WORD,
    CRISIS_WORD,
    HEAVIER_CHECK_IN_WORD,
    rails_on_cue,
    word_scorer,
)

RAILS = rails_on_cue()
SETTINGS = RAILS.profile.scorer
SUICIDE = RAILS.profile.crisis_category("suicide-self-harm")
AFTER = RAILS.profile.after_crisis


@pytest.fixture
def rails() -> Guardrails:
    return RAILS


def asked(rails: Guardrails, conversation: str = "c1"):
    """A conversation in which the check-in question has just been asked."""
    screening = rails.screen(CHECK_IN_WORD, CrisisState(conversation_id=conversation))
    assert screening.state.check_in_pending
    return screening


# ---- asking -------------------------------------------------------------------------------------------

def test_a_moderate_score_asks_the_question_with_the_help_lines_instead_of_the_model(rails: Guardrails) -> None:
    screening = asked(rails)
    assert screening.verdict.action is Action.CHECK_IN and screening.verdict.rule == "scorer.input"
    assert not screening.ask_model and screening.reply == SETTINGS.check_in_question
    assert screening.verdict.resources == SUICIDE.resources and any(r.phone == "988" for r in SUICIDE.resources)
    assert screening.pinned == ()  # shown with the question, not pinned for the rest of the conversation
    assert screening.safety_plan_prompt is None
    assert screening.state.model_allowed and not screening.state.in_crisis
    assert screening.audit is not None
    assert (screening.audit.kind, screening.audit.category, screening.audit.rule) == (
        "input.check-in", "suicide-self-harm", "scorer.input")
    assert screening.audit.text is None  # the default profile keeps message text out of the audit log


def test_a_high_score_is_a_crisis_not_a_check_in(rails: Guardrails) -> None:
    screening = rails.screen(CRISIS_WORD, CrisisState(conversation_id="c1"))
    assert screening.verdict.action is Action.CRISIS and not screening.state.model_allowed
    assert not screening.state.check_in_pending


# ---- build-up -----------------------------------------------------------------------------------------

def test_scores_that_build_up_over_the_last_messages_ask(rails: Guardrails) -> None:
    state = CrisisState(conversation_id="c1")
    for _ in range(SETTINGS.build_up_messages - 1):  # 3 × 0.45 = 1.35: below 1.6, the model answers
        screening = rails.screen(BUILD_UP_WORD, state)
        assert screening.ask_model and screening.verdict.action is Action.ALLOW
        state = screening.state
    assert len(state.recent_scores) == 3
    screening = rails.screen(BUILD_UP_WORD, state)  # 4 × 0.45 = 1.8
    assert screening.verdict.action is Action.CHECK_IN and screening.verdict.rule == "scorer.build-up"
    assert screening.reply == SETTINGS.check_in_question and screening.verdict.resources == SUICIDE.resources
    assert screening.audit.kind == "input.check-in" and screening.audit.rule == "scorer.build-up"
    assert screening.state.check_in_pending and screening.state.recent_scores == ()


def test_only_the_last_few_scores_count(rails: Guardrails) -> None:
    state = CrisisState(conversation_id="c1", recent_scores=(0.5, 0.5, 0.5))
    for _ in range(SETTINGS.build_up_messages):  # calm messages push the older scores out of the window
        screening = rails.screen("the bus was late again", state)
        assert screening.ask_model
        state = screening.state
    assert rails.screen(BUILD_UP_WORD, state).ask_model


def test_build_up_turns_a_redirect_into_a_check_in(rails: Guardrails) -> None:
    state = CrisisState(conversation_id="c1", recent_scores=(0.55, 0.55, 0.55))
    screening = rails.screen("What dose of sertraline should I take?", state)
    assert screening.verdict.action is Action.CHECK_IN and screening.verdict.rule == "scorer.build-up"
    calm = rails.screen("What dose of sertraline should I take?", CrisisState(conversation_id="c1"))
    assert calm.verdict.action is Action.REDIRECT


def test_build_up_starts_afresh_in_another_conversation(rails: Guardrails) -> None:
    state = CrisisState(conversation_id="c1", recent_scores=(0.45, 0.45, 0.45))
    moved = rails.open_conversation(state, "c2").state
    assert moved.recent_scores == ()
    assert rails.screen(BUILD_UP_WORD, moved).ask_model
    assert rails.open_conversation(state, "c1").state.recent_scores == state.recent_scores  # same one: kept


def test_at_most_twenty_scores_are_kept(rails: Guardrails) -> None:
    state = CrisisState(conversation_id="c1")
    for _ in range(MAX_RECENT_SCORES + 5):
        state = rails.screen("a quiet evening", state).state
    assert len(state.recent_scores) == MAX_RECENT_SCORES


def test_no_check_in_while_a_crisis_waits_for_confirmation(rails: Guardrails) -> None:
    state = rails.screen("I want to kill myself", CrisisState(conversation_id="c1")).state
    screening = rails.screen(CHECK_IN_WORD, state)
    assert screening.reply == AFTER.holding_message and not screening.state.check_in_pending


# ---- answering with a button --------------------------------------------------------------------------

@pytest.mark.parametrize("answer", [CheckInAnswer.YES, CheckInAnswer.UNSURE])
def test_yes_or_not_sure_starts_the_crisis_flow(rails: Guardrails, answer: CheckInAnswer) -> None:
    screening = rails.answer_check_in(answer, asked(rails).state)
    verdict = screening.verdict
    assert verdict.action is Action.CRISIS and verdict.category == "suicide-self-harm"
    assert verdict.rule == f"check-in.{answer}"
    assert screening.reply == SUICIDE.response and verdict.resources == SUICIDE.resources
    assert screening.pinned == SUICIDE.resources  # now pinned for the rest of the conversation
    assert screening.safety_plan_prompt == AFTER.safety_plan_prompt
    assert screening.answer is answer and not screening.ask_model
    state = screening.state
    assert not state.model_allowed and state.in_crisis and not state.check_in_pending and state.check_in_due
    assert screening.audit.kind == "input.crisis" and screening.audit.rule == f"check-in.{answer}"
    assert rails.screen("I'm fine", state).reply == AFTER.holding_message  # the usual way out only


def test_no_carries_on_and_is_audited(rails: Guardrails) -> None:
    screening = rails.answer_check_in("no", asked(rails).state, "No")
    assert screening.answer is CheckInAnswer.NO and not screening.ask_model
    assert screening.reply == SETTINGS.check_in_no_response == DEFAULT_CHECK_IN_NO_RESPONSE
    assert screening.pinned == () and screening.safety_plan_prompt is None
    state = screening.state
    assert state.model_allowed and not state.check_in_pending and not state.in_crisis
    assert (screening.audit.kind, screening.audit.category, screening.audit.rule, screening.audit.text) == (
        "input.check-in-no", "suicide-self-harm", "check-in.no", None)
    assert rails.screen("Can we talk about my week?", state).ask_model


def test_after_an_answer_the_same_history_does_not_ask_again(rails: Guardrails) -> None:
    state = CrisisState(conversation_id="c1", recent_scores=(0.45, 0.45, 0.45))
    state = rails.screen(BUILD_UP_WORD, state).state
    assert state.check_in_pending
    state = rails.answer_check_in(CheckInAnswer.NO, state).state
    assert state.recent_scores == ()
    assert rails.screen(BUILD_UP_WORD, state).ask_model  # 0.45 alone: the question is not asked at once


def test_after_a_no_the_same_concern_is_not_asked_about_again_but_a_heavier_one_is(rails: Guardrails) -> None:
    # found by the reply-quality dev5 set: about one everyday message in ten scores a check-in, and a person
    # who has just said no would be asked again by the next one
    state = rails.answer_check_in(CheckInAnswer.NO, asked(rails).state).state
    assert state.said_no_to == pytest.approx(0.75, abs=1e-3)
    again = rails.screen(CHECK_IN_WORD, state)
    assert again.ask_model and again.verdict.action is Action.ALLOW and again.audit is None
    assert again.verdict.score == pytest.approx(0.75, abs=1e-3)
    heavier = rails.screen(HEAVIER_CHECK_IN_WORD, again.state)
    assert heavier.verdict.action is Action.CHECK_IN and heavier.reply == SETTINGS.check_in_question
    assert rails.screen(CRISIS_WORD, state).verdict.action is Action.CRISIS  # a crisis is never held back
    assert rails.screen("I want to kill myself", state).verdict.action is Action.CRISIS
    later = rails.answer_check_in(CheckInAnswer.NO, heavier.state).state
    assert later.said_no_to == pytest.approx(0.85, abs=1e-3)
    after_crisis = rails.screen(CRISIS_WORD, later).state.confirm_safe()
    assert after_crisis.said_no_to is None and rails.screen(CHECK_IN_WORD, after_crisis).state.check_in_pending


def test_after_a_no_scores_still_build_up_and_another_conversation_asks_afresh(rails: Guardrails) -> None:
    state = rails.answer_check_in(CheckInAnswer.NO, asked(rails).state).state
    for _ in range(3):
        state = rails.screen(CHECK_IN_WORD, state).state
    assert state.check_in_pending  # 0.75 three times adds up past the build-up threshold
    other = rails.answer_check_in(CheckInAnswer.NO, asked(rails, "c1").state).state.start_conversation("c2")
    assert other.said_no_to is None and rails.screen(CHECK_IN_WORD, other).state.check_in_pending


def test_no_never_ends_a_crisis(rails: Guardrails) -> None:
    state = rails.screen("I want to kill myself", CrisisState(conversation_id="c1")).state
    screening = rails.answer_check_in(CheckInAnswer.NO, state)
    assert screening.reply == AFTER.holding_message and not screening.state.model_allowed


def test_message_text_is_audited_only_when_the_profile_allows(rails: Guardrails) -> None:
    keeps = Guardrails(replace(rails.profile, include_message_text=True), rails.scorers)
    state = asked(keeps).state
    assert keeps.answer_check_in(CheckInAnswer.NO, state, "No").audit.text == "No"
    assert keeps.screen("nope, just tired", state).audit.text == "nope, just tired"


# ---- answering in words -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "answer"), [
    ("no", CheckInAnswer.NO), ("Nope.", CheckInAnswer.NO), ("No, I'm not.", CheckInAnswer.NO),
    ("not at all", CheckInAnswer.NO), ("no just tired", CheckInAnswer.NO), ("yes", CheckInAnswer.YES),
    ("Yeah.", CheckInAnswer.YES), ("kind of", CheckInAnswer.YES), ("sometimes", CheckInAnswer.YES),
    ("not sure", CheckInAnswer.UNSURE), ("maybe", CheckInAnswer.UNSURE), ("idk", CheckInAnswer.UNSURE),
])
def test_a_clear_answer_in_words_is_taken(rails: Guardrails, text: str, answer: CheckInAnswer) -> None:
    screening = rails.screen(text, asked(rails).state)
    assert screening.answer is answer and not screening.ask_model
    if answer is CheckInAnswer.NO:
        assert screening.reply == SETTINGS.check_in_no_response and screening.state.model_allowed
    else:
        assert screening.verdict.action is Action.CRISIS and screening.verdict.rule == f"check-in.{answer}"
        assert not screening.state.model_allowed


def test_an_unclear_reply_asks_once_more_and_a_second_worried_one_counts_as_not_sure(rails: Guardrails) -> None:
    first = rails.screen("why do you ask?", asked(rails).state)
    assert first.verdict.action is Action.CHECK_IN and first.verdict.rule == "check-in.unclear"
    assert first.reply == SETTINGS.check_in_question and not first.ask_model
    assert first.verdict.resources == SUICIDE.resources
    assert first.state.check_in_pending and first.state.unclear_answers == 1
    assert first.audit.kind == "input.check-in" and first.audit.rule == "check-in.unclear"
    second = rails.screen("I just feel hopeless", first.state)  # words of despair the scorer rates low
    assert second.verdict.action is Action.CRISIS and second.verdict.rule == "check-in.unclear"
    assert second.answer is CheckInAnswer.UNSURE and not second.state.model_allowed
    assert second.audit.kind == "input.crisis"


def test_a_question_the_score_asked_lapses_after_two_calm_replies_that_do_not_answer_it(rails: Guardrails) -> None:
    """People carry on with their story ("i'll email her tomorrow"); a crisis response for that teaches them to
    type "no". The help lines were shown twice, nothing is taken as no, and the next moderate score asks again."""
    first = rails.screen("why do you ask?", asked(rails).state)
    second = rails.screen("anyway I'll email her tomorrow and ask for a chat", first.state)
    assert second.verdict.action is Action.ALLOW and second.verdict.rule == "check-in.lapsed"
    assert second.ask_model and second.reply is None and second.answer is None
    assert not second.state.check_in_pending and second.state.model_allowed and not second.state.in_crisis
    assert second.state.uneasy and second.state.said_no_to is None  # not a no: the same concern asks again
    assert (second.audit.kind, second.audit.rule, second.audit.text) == ("input.check-in-lapsed",
                                                                         "check-in.lapsed", None)
    again = rails.screen(CHECK_IN_WORD, second.state)
    assert again.verdict.action is Action.CHECK_IN and again.state.check_in_pending


@pytest.mark.parametrize("replies", [
    ("why do you ask?", "I just feel hopeless"),  # despair in the second reply
    ("I just feel hopeless", "tell me a joke"),  # … or in the first
    ("why do you ask?", CHECK_IN_WORD),  # a reply that would itself get the check-in
])
def test_a_reply_that_raises_concern_keeps_the_fail_closed_answer(rails: Guardrails, replies: tuple[str, str]) -> None:
    state = asked(rails).state
    for reply in replies:
        screening = rails.screen(reply, state)
        state = screening.state
    assert screening.verdict.action is Action.CRISIS and screening.answer is CheckInAnswer.UNSURE


def test_only_a_question_from_the_score_alone_lapses(rails: Guardrails) -> None:
    state = CrisisState(conversation_id="c1")
    for _ in range(SETTINGS.build_up_messages):
        state = rails.screen(BUILD_UP_WORD, state).state  # build-up asks (rule scorer.build-up)
    assert state.check_in_pending and state.asked_rule == "scorer.build-up"
    for reply in ("why do you ask?", "tell me a joke"):
        screening = rails.screen(reply, state)
        state = screening.state
    assert screening.verdict.action is Action.CRISIS and screening.answer is CheckInAnswer.UNSURE
    saved = json.loads(asked(rails).state.to_json())
    del saved["asked_rule"]  # saved before it existed: not known to be the score's question, so no lapse
    state = CrisisState.from_json(json.dumps(saved))
    for reply in ("why do you ask?", "tell me a joke"):
        screening = rails.screen(reply, state)
        state = screening.state
    assert screening.verdict.action is Action.CRISIS


def test_a_clear_answer_after_an_unclear_one_is_taken(rails: Guardrails) -> None:
    state = rails.screen("hmm", asked(rails).state).state
    screening = rails.screen("no, I'm okay", state)
    assert screening.answer is CheckInAnswer.NO and screening.state.unclear_answers == 0


def test_a_crisis_typed_while_the_question_waits_still_wins(rails: Guardrails) -> None:
    screening = rails.screen("I want to kill myself", asked(rails).state)
    assert screening.verdict.action is Action.CRISIS and screening.verdict.rule.startswith("suicide-self-harm.")
    assert screening.answer is None and not screening.state.check_in_pending


def test_no_in_words_from_a_message_that_itself_sounds_at_risk_is_not_taken_as_no(rails: Guardrails) -> None:
    scores = {"nope": 0.7}  # as if "nope" on its own were a worrying thing to say
    tuned = Guardrails(rails.profile, ScorerSet(word_scorer(scores), None))
    state = CrisisState(conversation_id="c1", check_in_pending=True)
    screening = tuned.screen("nope", state)
    assert screening.answer is None and screening.state.unclear_answers == 1


# ---- the parser on its own ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "no", "No.", "nope", "nooo", "nah", "no no", "No, I'm not.", "no I'm not", "no i am not", "not at all",
    "Never.", "definitely not", "of course not", "no just tired", "No, just tired.", "No, I'm not. Just tired.",
    "no, I'm okay, thank you", "nah im good", "Well, no.", "no, just a long day", "No thanks", "I don't",
    "NO", "no!",
])
def test_plain_noes(text: str) -> None:
    assert parse_check_in_answer(text) is CheckInAnswer.NO


@pytest.mark.parametrize("text", [
    "yes", "Yes.", "yeah", "yep", "yesss", "kind of", "kinda", "sort of", "sometimes", "a little", "I think so",
    "i guess", "yes but I'm ok", "um, yes", "Well, sometimes", "I am",
])
def test_yeses(text: str) -> None:
    assert parse_check_in_answer(text) is CheckInAnswer.YES


@pytest.mark.parametrize("text", [
    "not sure", "I'm not sure", "maybe", "i don't know", "I dont know", "idk", "dunno", "no idea", "perhaps",
    "no... well maybe", "no, maybe", "yes? maybe", "hard to say",
])
def test_not_sures(text: str) -> None:
    assert parse_check_in_answer(text) is CheckInAnswer.UNSURE


@pytest.mark.parametrize("text", [
    "yeah no",  # said both
    "not really",  # a hedge, not a no
    "no I'm not just tired",  # means more than tired
    "no, not ok", "no im not ok", "No, I'm not okay",  # not okay is not reassurance
    "no, a little", "no, I am", "no kind of", "no but sometimes i wonder",  # a no that turns
    "no. why do you ask?", "I'm fine", "ok", "a little tired", "hello", "", "   ",
    "no, just tired of everything",  # "tired of" is not just tired
    "no I am not going to tell you about it because it is none of your business at all",  # too long
])
def test_anything_else_is_not_a_clear_answer(text: str) -> None:
    assert parse_check_in_answer(text) is None


def test_the_stored_answer_labels_read_back_as_the_same_answers() -> None:
    for answer in CheckInAnswer:
        assert parse_check_in_answer(answer.label) is answer


# ---- the state, saved ---------------------------------------------------------------------------------

def test_the_check_in_state_round_trips_through_json(rails: Guardrails) -> None:
    state = rails.screen("a calm message", CrisisState(conversation_id="c9", recent_scores=(0.1, 0.25))).state
    pending = rails.screen("hmm", asked(rails).state).state  # asked, then one unclear reply
    said_no = rails.answer_check_in(CheckInAnswer.NO, asked(rails).state).state
    for each in (state, pending, said_no):
        data = json.loads(each.to_json())
        assert {"check_in_pending", "recent_scores", "unclear_answers"} <= set(data)
        assert CrisisState.from_json(each.to_json()) == each
    assert CrisisState.from_json(pending.to_json()).check_in_pending
    assert CrisisState.from_json(pending.to_json()).unclear_answers == 1


def test_a_state_saved_before_the_check_in_existed_loads_as_it_was() -> None:
    old = {"version": 1, "conversation_id": "4", "in_crisis": False, "awaiting_confirmation": False,
           "category": None, "rule": None, "resources": [], "crises": 0, "safety_plan_due": False,
           "check_in_due": True}
    state = CrisisState.from_json(json.dumps(old))
    assert state == CrisisState(conversation_id="4", check_in_due=True, uneasy=True)  # not known to be calm
    assert state.model_allowed and not state.check_in_pending and state.recent_scores == ()
    old_crisis = {**old, "in_crisis": True, "awaiting_confirmation": True, "crises": 1}
    assert not CrisisState.from_json(json.dumps(old_crisis)).model_allowed


@pytest.mark.parametrize("field", [
    {"check_in_pending": "yes"}, {"check_in_pending": 1}, {"recent_scores": "0.5"}, {"recent_scores": [0.5, "x"]},
    {"recent_scores": [1.5]}, {"recent_scores": [-0.1]}, {"recent_scores": [True]}, {"recent_scores": [float("nan")]},
    {"unclear_answers": -1}, {"unclear_answers": "1"}, {"unclear_answers": True},
    {"said_no_to": "0.7"}, {"said_no_to": 1.5}, {"said_no_to": True}, {"asked_score": [0.5]},
])
def test_damaged_check_in_fields_fail_closed(field: dict) -> None:
    saved = CrisisState(conversation_id="c1").to_dict() | field
    state = CrisisState.from_json(json.dumps(saved))
    assert not state.model_allowed and state.in_crisis


def test_an_unanswered_question_follows_to_the_next_conversation(rails: Guardrails) -> None:
    state = asked(rails, "c1").state
    opening = rails.open_conversation(state, "c2")
    assert opening.state.check_in_pending and opening.check_in_question == SETTINGS.check_in_question
    assert opening.pinned == () and opening.confirmation_prompt is None
    assert rails.screen("no", opening.state).answer is CheckInAnswer.NO
    assert rails.open_conversation(CrisisState(conversation_id="c1"), "c2").check_in_question is None


# ---- the profile's words ------------------------------------------------------------------------------

def test_the_no_reply_is_the_profiles_own() -> None:
    text = BUILTIN_PROFILE_TOML + '\n[scorer]\ncheck_in_no_response = "Thanks for telling me. What\'s on your mind?"\n'
    profile = validate_profile_text(text)
    assert profile.scorer.check_in_no_response == "Thanks for telling me. What's on your mind?"
    assert profile.scorer.check_in_question == ScorerSettings().check_in_question
    assert "asked directly whether you are having thoughts of ending your life" in profile.describe()
