"""A conversation that began in crisis is titled neutrally, and its help lines stay pinned when the person
comes back to it (issue 12 items 7 and 8). Real sessions on a real encrypted store."""

from __future__ import annotations

from datetime import datetime

from app.chat.record import ConversationRecord, neutral_title, title_from
from app.chat.session import ChatSession, ReplyKind
from app.chat.style import ReplyStyle
from app.model.sampling import Sampling

CRISIS = "Honestly I just want to kill myself tonight."
GREEDY = Sampling(max_tokens=24, temperature=0, seed=1)


def open_session(engine, guardrails, store, conversation_id=None) -> ChatSession:
    return ChatSession.open(engine, guardrails, store, conversation_id, sampling=GREEDY, style=ReplyStyle.GUIDED)


def title(store, conversation_id: int) -> str:
    return store.get_conversation(conversation_id).title


def test_neutral_title_names_only_the_day() -> None:
    assert neutral_title(datetime(2026, 12, 2, 23, 5).astimezone()) == "Conversation, 2 Dec"


def test_a_conversation_that_begins_in_crisis_gets_a_neutral_title(guardrails, chat_store) -> None:
    chat = open_session(None, guardrails, chat_store)  # a crisis needs no model
    stream = chat.send(CRISIS)
    assert stream.kind is ReplyKind.CRISIS
    stream.finish()
    stored = title(chat_store, chat.conversation_id)
    assert stored == neutral_title(datetime.now().astimezone())
    assert "kill" not in stored and "myself" not in stored
    assert chat_store.search("kill myself")[0].title == stored  # search results show the stored title too


def test_an_everyday_first_message_still_names_the_conversation(engine, guardrails, chat_store) -> None:
    chat = open_session(engine, guardrails, chat_store)
    chat.send("Work has been busy and I feel tired this week.").finish()
    assert title(chat_store, chat.conversation_id) == title_from("Work has been busy and I feel tired this week.")


def test_a_private_first_message_is_not_quoted_by_the_record(chat_store) -> None:
    record = ConversationRecord(chat_store)
    record.create("I want to end my life", private=True)
    assert "end my life" not in title(chat_store, record.conversation_id)


def test_help_lines_stay_pinned_after_leaving_the_conversation_and_coming_back(guardrails, chat_store) -> None:
    crisis = open_session(None, guardrails, chat_store)
    crisis.send(CRISIS).finish()
    crisis.confirm_safe()
    pinned = crisis.pinned
    assert pinned

    elsewhere = chat_store.create_conversation("Another day").id
    other = open_session(None, guardrails, chat_store, elsewhere)
    assert other.pinned == ()  # no crisis there: nothing pinned

    back = open_session(None, guardrails, chat_store, crisis.conversation_id)
    assert back.crisis.model_allowed  # confirmed: the model may answer
    assert back.pinned == pinned  # and the help lines are still there, for the rest of this conversation
