"""Conversations, messages, audit events and settings through the public Store API."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from app.storage import AuditRecord, Store, StoredMessage
from app.storage.errors import NotFound, StorageError


def test_conversation_lifecycle(store: Store) -> None:
    created = store.create_conversation("Evening check-in", profile_id="cbt-default")
    assert created.title == "Evening check-in" and created.profile_id == "cbt-default"
    assert created.created_at.tzinfo is UTC and created.message_count == 0
    assert abs(datetime.now(UTC) - created.created_at) < timedelta(seconds=5)

    store.rename_conversation(created.id, "Renamed")
    fetched = store.get_conversation(created.id)
    assert fetched is not None and fetched.title == "Renamed" and fetched.profile_id == "cbt-default"

    store.delete_conversation(created.id)
    assert store.get_conversation(created.id) is None
    assert store.list_conversations() == []
    with pytest.raises(NotFound):
        store.rename_conversation(created.id, "gone")
    with pytest.raises(NotFound):
        store.delete_conversation(created.id)


def test_list_is_newest_activity_first_and_paginated(store: Store) -> None:
    ids = [store.create_conversation(f"c{i}").id for i in range(7)]
    assert [c.id for c in store.list_conversations()] == ids[::-1]
    store.add_message(ids[2], "user", "bump")  # activity moves it to the top
    expected = [ids[2], *[i for i in ids[::-1] if i != ids[2]]]
    assert [c.id for c in store.list_conversations()] == expected
    pages = [store.list_conversations(limit=3, offset=o) for o in (0, 3, 6, 9)]
    assert [[c.id for c in page] for page in pages] == [expected[:3], expected[3:6], expected[6:], []]
    assert store.count_conversations() == 7
    top = store.list_conversations(limit=1)[0]
    assert top.message_count == 1 and top.updated_at > top.created_at


def test_messages_keep_everything_in_order(store: Store) -> None:
    conversation = store.create_conversation("t")
    first = store.add_message(conversation.id, "user", "I couldn't sleep 😕\nagain")
    second = store.add_message(conversation.id, "assistant", "", status="incomplete")
    third = store.add_message(conversation.id, "assistant", "[withheld]", status="withheld", flags=["crisis"])

    assert store.messages(conversation.id) == [first, second, third]
    assert isinstance(first, StoredMessage) and first.content == "I couldn't sleep 😕\nagain"
    assert third.flags == ("crisis",) and third.status == "withheld"
    assert first.created_at <= second.created_at <= third.created_at
    assert store.get_conversation(conversation.id).message_count == 3
    assert store.messages(conversation.id + 999) == []


def test_streaming_updates_then_complete(store: Store) -> None:
    conversation = store.create_conversation("t")
    reply = store.add_message(conversation.id, "assistant", "", status="incomplete")
    for text in ("Let's", "Let's try a", "Let's try a breathing exercise."):
        store.update_message(reply.id, content=text)
        assert store.get_message(reply.id).content == text
        assert store.get_message(reply.id).status == "incomplete"
    store.update_message(reply.id, status="complete", flags=["reviewed", "ok"])
    final = store.get_message(reply.id)
    assert (final.content, final.status, final.flags) == ("Let's try a breathing exercise.", "complete",
                                                          ("reviewed", "ok"))
    store.update_message(reply.id)  # nothing to change is fine for an existing message
    with pytest.raises(NotFound):
        store.update_message(reply.id + 1, content="x")


def test_delete_message_for_regenerate(store: Store) -> None:
    conversation = store.create_conversation("t")
    kept = store.add_message(conversation.id, "user", "question")
    dropped = store.add_message(conversation.id, "assistant", "first answer")
    store.delete_message(dropped.id)
    assert store.messages(conversation.id) == [kept]
    assert store.get_conversation(conversation.id).message_count == 1
    assert store.search("answer") == []
    with pytest.raises(NotFound):
        store.delete_message(dropped.id)


def test_bad_input_is_refused_before_anything_is_written(store: Store) -> None:
    conversation = store.create_conversation("t")
    with pytest.raises(ValueError, match="role"):
        store.add_message(conversation.id, "narrator", "x")
    with pytest.raises(ValueError, match="status"):
        store.add_message(conversation.id, "user", "x", status="done")
    with pytest.raises(TypeError):
        store.add_message(conversation.id, "user", "x", flags="crisis")
    with pytest.raises(TypeError):
        store.add_message(conversation.id, "user", None)
    with pytest.raises(NotFound, match="no conversation"):
        store.add_message(conversation.id + 1, "user", "x")
    with pytest.raises(ValueError):
        store.list_conversations(limit=-1)
    assert store.messages(conversation.id) == []


def test_audit_events_newest_first_and_text_erased_with_the_conversation(store: Store) -> None:
    conversation = store.create_conversation("t")
    older = AuditRecord("flagged", "self-harm", "rule-7", conversation.id, "the flagged words",
                        created_at=datetime(2026, 1, 1, tzinfo=UTC))
    first_id = store.add_audit_event(older)
    second_id = store.add_audit_event(AuditRecord("profile_changed", None, None, None, None))

    events = store.audit_events()
    assert [e.id for e in events] == [second_id, first_id]
    assert events[1] == AuditRecord("flagged", "self-harm", "rule-7", conversation.id, "the flagged words",
                                    datetime(2026, 1, 1, tzinfo=UTC), first_id)
    assert store.audit_events(limit=1, offset=1) == [events[1]]

    store.delete_conversation(conversation.id)
    kept = store.audit_events()[1]
    assert (kept.kind, kept.category, kept.rule) == ("flagged", "self-harm", "rule-7")
    assert kept.conversation_id is None and kept.text is None


def test_settings_hold_json(store: Store) -> None:
    assert store.get_setting("theme") is None
    assert store.get_setting("theme", "light") == "light"
    value = {"profile": "cbt", "limits": [1, 2.5, None], "on": True}
    store.set_setting("prefs", value)
    store.set_setting("prefs", {**value, "on": False})
    assert store.get_setting("prefs") == {**value, "on": False}
    with pytest.raises(TypeError):
        store.set_setting("bad", object())


def test_usable_from_another_thread_one_call_at_a_time(store: Store) -> None:
    conversation = store.create_conversation("t")
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(20):
                store.add_message(conversation.id, "user", f"thread {n} message {i}")
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.messages(conversation.id)) == 60


def test_closed_store_says_so(store: Store) -> None:
    store.close()
    store.close()  # idempotent
    with pytest.raises(StorageError, match="closed"):
        store.list_conversations()
