"""Full-text search inside the encrypted database, and deletes that really remove text (index included)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.storage import MATCH_END, MATCH_START, SearchHit, Store
from app.storage.connection import configure, connect
from app.storage.migrations import migrate
from app.storage.store import fts_query


@pytest.fixture
def history(store: Store) -> dict[str, int]:
    work = store.create_conversation("Work worries")
    sleep = store.create_conversation("Sleep")
    ids = {
        "work": work.id,
        "sleep": sleep.id,
        "deadline": store.add_message(work.id, "user", "The deadline on Friday makes me anxious.").id,
        "reply": store.add_message(work.id, "assistant", "Deadlines can feel heavy. One small step?").id,
        "cafe": store.add_message(sleep.id, "user", "Had coffee at the CAFÉ at 9pm, couldn't sleep.").id,
        "anxiety": store.add_message(sleep.id, "user", "Anxiety again, at 3am; tired of it.").id,
    }
    return ids


def test_hits_identify_conversation_and_message_with_highlights(store: Store, history: dict) -> None:
    hits = store.search("deadline")
    assert [(h.conversation_id, h.message_id, h.title) for h in hits] == [
        (history["work"], history["deadline"], "Work worries")
    ]
    hit = hits[0]
    assert isinstance(hit, SearchHit) and hit.created_at.tzinfo is not None
    assert f"{MATCH_START}deadline{MATCH_END}" in hit.snippet
    assert hit.render("<b>", "</b>") == "The <b>deadline</b> on Friday makes me anxious."
    assert ("deadline", True) in hit.segments() and ("The ", False) in hit.segments()


def test_search_is_newest_first_and_paginated(store: Store, history: dict) -> None:
    ids = [h.message_id for h in store.search("anxi*")]
    assert ids == [history["anxiety"], history["deadline"]]
    assert [h.message_id for h in store.search("anxi*", limit=1, offset=1)] == [history["deadline"]]


def test_accents_case_and_all_words(store: Store, history: dict) -> None:
    assert [h.message_id for h in store.search("cafe")] == [history["cafe"]]
    assert [h.message_id for h in store.search("Café COFFEE")] == [history["cafe"]]
    assert store.search("coffee deadline") == []  # every word must match


@pytest.mark.parametrize("query", ['"', "AND", "deadline OR", "(", "-sleep", "a:b", "***", "NEAR(", "'"])
def test_anything_typed_is_a_search_not_an_error(store: Store, history: dict, query: str) -> None:
    assert isinstance(store.search(query), list)


def test_query_building() -> None:
    assert fts_query("  ") is None
    assert fts_query('say "hi" anx*') == '"say" """hi""" "anx"*'
    assert fts_query("OR") == '"OR"'


def test_updates_and_deletes_keep_the_index_in_step(store: Store, history: dict) -> None:
    store.update_message(history["reply"], content="Let's plan a walk instead.")
    assert store.search("heavy") == []
    assert [h.message_id for h in store.search("walk")] == [history["reply"]]
    store.update_message(history["reply"], status="complete")  # status-only changes leave the index be
    store.delete_conversation(history["work"])
    assert store.search("walk") == [] and store.search("deadline") == []
    assert [h.message_id for h in store.search("sleep")] == [history["cafe"]]
    conn = store._conn  # FTS5's own consistency check against the messages table
    conn.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")
    assert conn.execute("SELECT count(*) FROM messages_fts").fetchone()[0] == 2


def test_deleted_text_leaves_no_trace_in_the_file(tmp_path: Path) -> None:
    """Encrypted pages cannot be scanned for leftovers, so run the very same Store code over an unencrypted
    database and look at its raw bytes: after delete_conversation neither the message table, nor the search
    index, nor the WAL holds the words (secure_delete, FTS5 secure-delete, WAL checkpoint)."""
    canary = "quokkazanzibar"
    path = tmp_path / "plain.db"
    conn = connect(path)
    configure(conn)
    migrate(conn)
    store = Store(conn)
    keep = store.create_conversation("keep")
    for n in range(30):
        store.add_message(keep.id, "user", f"ordinary message number {n} about gardens and rain " * 5)
    doomed = store.create_conversation(f"title {canary}")
    for n in range(40):
        message = store.add_message(doomed.id, "user", f"{canary}{n} {canary} secret words " * 8)
    store.update_message(message.id, content=f"{canary} streamed reply " * 20)

    def raw() -> bytes:
        return b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())

    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert canary.encode() in raw()  # the scan can see plaintext in this unencrypted copy
    store.delete_conversation(doomed.id)
    assert canary.encode() not in raw()
    store.close()
    assert canary.encode() not in raw()


def test_withheld_replies_are_never_found_but_peoples_words_are(store: Store) -> None:
    conversation = store.create_conversation("t")
    mine = store.add_message(conversation.id, "user", "a dark thought", status="withheld", flags=["crisis"])
    reply = store.add_message(conversation.id, "assistant", "", status="incomplete")
    store.update_message(reply.id, content="a dark harmful reply")
    assert [h.message_id for h in store.search("dark")] == [reply.id, mine.id]  # still streaming
    store.update_message(reply.id, status="withheld", flags=["harmful"])
    assert [h.message_id for h in store.search("dark")] == [mine.id]
    stored = store.get_message(reply.id)
    assert stored.content == "a dark harmful reply"  # kept, for the record
    assert stored.display_content == "[withheld by a safety guardrail]"
    assert store.get_message(mine.id).display_content == "a dark thought"
