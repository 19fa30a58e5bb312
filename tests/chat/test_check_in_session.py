"""The check-in through the session, as the terminal and the GUI drive it: the question with help lines, the
answer stored as the person's message, the audit log, the saved state, and no way to edit it away."""

from __future__ import annotations

import pytest

from app.chat.errors import ChatError
from app.chat.messages import Role
from app.chat.session import CHECK_IN_NO_FLAG, CRISIS_STATE_KEY, ChatSession, ReplyKind
from app.model.sampling import Sampling
from app.safety import CheckInAnswer, CrisisState
from tests.scorer_weights import BUILD_UP_WORD, CHECK_IN_WORD, rails_on_cue

GREEDY = Sampling(max_tokens=24, temperature=0, seed=1)


@pytest.fixture(scope="module")
def rails():
    return rails_on_cue()


def open_session(engine, rails, store, conversation_id=None) -> ChatSession:
    return ChatSession.open(engine, rails, store, conversation_id, sampling=GREEDY)


def ask(chat: ChatSession):
    stream = chat.send(CHECK_IN_WORD)
    assert stream.kind is ReplyKind.CHECK_IN
    return stream, stream.finish()


def saved_state(store) -> CrisisState:
    return CrisisState.from_json(store.get_setting(CRISIS_STATE_KEY))


def test_a_check_in_asks_without_the_model_and_shows_the_help_lines(rails, chat_store) -> None:
    chat = open_session(None, rails, chat_store)  # no model at all: it must not be needed
    stream, reply = ask(chat)
    assert reply.text == rails.profile.scorer.check_in_question
    assert stream.resources == rails.check_in_resources and any(r.phone == "988" for r in stream.resources)
    assert chat.check_in_pending and chat.pinned == ()  # shown, not pinned
    assert saved_state(chat_store).check_in_pending
    stored = chat_store.messages(chat.conversation_id)
    assert [(m.role, m.content) for m in stored] == [("user", CHECK_IN_WORD), ("assistant", reply.text)]
    assert stored[0].flags == stored[1].flags == ("check-in:suicide-self-harm:scorer.input",)
    assert chat.check_in_resources(chat.messages[1]) == stream.resources
    assert chat.check_in_resources(chat.messages[0]) == ()
    assert [(e.kind, e.category, e.rule, e.text) for e in chat_store.audit_events()] == [
        ("input.check-in", "suicide-self-harm", "scorer.input", None)]


@pytest.mark.parametrize("answer", [CheckInAnswer.YES, CheckInAnswer.UNSURE])
def test_yes_or_not_sure_gets_the_crisis_response(rails, chat_store, answer: CheckInAnswer) -> None:
    chat = open_session(None, rails, chat_store)
    ask(chat)
    stream = chat.answer_check_in(answer)
    assert stream.kind is ReplyKind.CRISIS
    reply = stream.finish()
    category = rails.profile.crisis_category("suicide-self-harm")
    assert reply.text == category.response and stream.resources == category.resources
    assert stream.safety_plan_prompt == rails.profile.after_crisis.safety_plan_prompt
    assert chat.pinned and not chat.crisis.model_allowed and not chat.check_in_pending
    assert not saved_state(chat_store).model_allowed
    stored = chat_store.messages(chat.conversation_id)[2:]
    assert [(m.role, m.content) for m in stored] == [("user", answer.label), ("assistant", category.response)]
    assert stored[1].flags == (f"crisis:suicide-self-harm:check-in.{answer}",)
    assert chat.crisis_resources(chat.messages[-1]) == category.resources  # shown again as a crisis card
    latest = chat_store.audit_events()[0]
    assert (latest.kind, latest.rule) == ("input.crisis", f"check-in.{answer}")
    assert chat.send("I'm fine").kind is ReplyKind.HOLDING


def test_no_carries_on_and_the_model_answers_the_next_message(engine, rails, chat_store) -> None:
    chat = open_session(engine, rails, chat_store)
    ask(chat)
    stream = chat.answer_check_in("no")
    assert stream.kind is ReplyKind.CHECK_IN_CLEARED
    assert stream.finish().text == rails.profile.scorer.check_in_no_response
    assert not chat.check_in_pending and chat.crisis.model_allowed and chat.pinned == ()
    assert not saved_state(chat_store).check_in_pending
    stored = chat_store.messages(chat.conversation_id)[2:]
    assert [(m.role, m.content, m.flags) for m in stored] == [
        ("user", "No", (CHECK_IN_NO_FLAG,)),
        ("assistant", rails.profile.scorer.check_in_no_response, (CHECK_IN_NO_FLAG,))]
    events = [(e.kind, e.category, e.rule) for e in chat_store.audit_events()]  # newest first
    assert events[0] == ("input.check-in-no", "suicide-self-harm", "check-in.no")
    assert chat.send("What is a good way to relax after work?").kind is ReplyKind.MODEL


def test_a_typed_no_is_read_as_the_answer(rails, chat_store) -> None:
    chat = open_session(None, rails, chat_store)
    ask(chat)
    stream = chat.send("No, just tired.")  # no model needed: the session knows this is the answer
    assert stream.kind is ReplyKind.CHECK_IN_CLEARED
    stream.finish()
    assert chat.messages[-2].content == "No, just tired." and chat.messages[-2].flags == (CHECK_IN_NO_FLAG,)
    assert chat_store.audit_events()[0].kind == "input.check-in-no"


def test_a_typed_unclear_reply_is_asked_again_then_a_worried_one_counts_as_not_sure(rails, chat_store) -> None:
    chat = open_session(None, rails, chat_store)
    ask(chat)
    again = chat.send("why do you ask?")
    assert again.kind is ReplyKind.CHECK_IN and again.resources
    assert again.finish().text == rails.profile.scorer.check_in_question
    assert chat.check_in_pending
    second = chat.send("whatever, I feel hopeless")
    assert second.kind is ReplyKind.CRISIS
    second.finish()
    assert not chat.crisis.model_allowed
    assert [(e.kind, e.rule) for e in reversed(chat_store.audit_events())] == [
        ("input.check-in", "scorer.input"), ("input.check-in", "check-in.unclear"),
        ("input.crisis", "check-in.unclear")]


def test_two_calm_replies_that_do_not_answer_let_the_conversation_carry_on(engine, rails, chat_store) -> None:
    chat = open_session(engine, rails, chat_store)
    ask(chat)
    chat.send("why do you ask?").finish()
    carried = chat.send("anyway I'm going to email my manager tomorrow and ask for a chat")
    assert carried.kind is ReplyKind.MODEL
    assert carried.finish().text and not chat.check_in_pending and chat.crisis.model_allowed
    assert not saved_state(chat_store).check_in_pending
    assert [(e.kind, e.rule) for e in reversed(chat_store.audit_events())] == [
        ("input.check-in", "scorer.input"), ("input.check-in", "check-in.unclear"),
        ("input.check-in-lapsed", "check-in.lapsed")]


def test_a_check_in_exchange_cannot_be_edited_or_regenerated_away(engine, rails, chat_store) -> None:
    chat = open_session(engine, rails, chat_store)
    ask(chat)
    with pytest.raises(ChatError, match="stays in the record"):
        chat.edit_last("never mind")
    with pytest.raises(ChatError, match="fixed safety message"):
        chat.regenerate()
    chat.answer_check_in(CheckInAnswer.NO).finish()
    with pytest.raises(ChatError, match="stays in the record"):
        chat.edit_last("actually, yes")
    with pytest.raises(ChatError, match="fixed safety message"):
        chat.regenerate()
    assert len(chat_store.messages(chat.conversation_id)) == 4


def test_there_is_nothing_to_answer_without_a_question(rails, chat_store) -> None:
    chat = open_session(None, rails, chat_store)
    with pytest.raises(ChatError, match="no question waiting"):
        chat.answer_check_in(CheckInAnswer.YES)
    assert chat_store.list_conversations() == [] and chat_store.audit_events() == []


def test_risk_that_builds_up_in_a_conversation_asks(engine, rails, chat_store) -> None:
    chat = open_session(engine, rails, chat_store)
    for _ in range(3):
        stream = chat.send(BUILD_UP_WORD)
        assert stream.kind is ReplyKind.MODEL
        stream.finish()
    stream = chat.send(BUILD_UP_WORD)
    assert stream.kind is ReplyKind.CHECK_IN and stream.verdict.rule == "scorer.build-up"
    stream.finish()
    assert chat_store.audit_events()[0].rule == "scorer.build-up"


def test_the_question_waits_across_a_restart_and_into_a_new_conversation(rails, chat_store) -> None:
    first = open_session(None, rails, chat_store)
    ask(first)
    reopened = open_session(None, rails, chat_store, first.conversation_id)
    assert reopened.check_in_pending
    fresh = open_session(None, rails, chat_store)
    assert fresh.check_in_pending and fresh.opening.check_in_question == rails.profile.scorer.check_in_question
    stream = fresh.answer_check_in(CheckInAnswer.NO)
    stream.finish()
    assert fresh.conversation_id != first.conversation_id
    assert [m.role for m in fresh.messages] == [Role.USER, Role.ASSISTANT]
    assert not open_session(None, rails, chat_store).check_in_pending
