"""Opening a history written before the toolkit existed (schema v1) upgrades it to v2 and keeps everything."""

from __future__ import annotations

from pathlib import Path

from app.storage import Store
from app.storage import journal as j
from app.storage.connection import configure, connect
from app.storage.files import DB_NAME, create_private_file
from app.storage.keying import key_statement
from app.storage.migrations import LATEST_VERSION, migrate, schema_version
from tests.conftest import CHAT_PASSPHRASE


def build_v1(data_dir: Path) -> None:
    """A real encrypted v1 store (before journal.py existed), written in v1's columns: today's Store writes
    columns a later format added."""
    data_dir.mkdir(mode=0o700)
    create_private_file(data_dir / DB_NAME)
    conn = connect(data_dir / DB_NAME)
    conn.executescript(key_statement(CHAT_PASSPHRASE))
    configure(conn)
    migrate(conn, target=1)
    store = Store(conn)
    talk = store.create_conversation("before the toolkit")
    for role, content in (("user", "I keep worrying about the exam"), ("assistant", "That sounds stressful.")):
        conn.execute("INSERT INTO messages (conversation_id, role, content, created_at, status) "
                     "VALUES (?, ?, ?, 1, 'complete')", (talk.id, role, content))
    store.set_setting("safety_plan", {"coping": "a walk by the river"})
    conn.close()


def test_a_v1_history_upgrades_to_v2_keeping_its_conversations_and_settings(tmp_path: Path) -> None:
    data_dir = tmp_path / "old"
    build_v1(data_dir)
    with Store.open(data_dir, CHAT_PASSPHRASE) as store:
        assert store.schema_version() == LATEST_VERSION >= 2
        (talk,) = store.list_conversations()
        assert talk.title == "before the toolkit" and talk.message_count == 2
        assert [m.content for m in store.messages(talk.id)] == ["I keep worrying about the exam",
                                                                 "That sounds stressful."]
        assert [hit.message_id for hit in store.search("worrying")] == [store.messages(talk.id)[0].id]
        assert store.get_setting("safety_plan") == {"coping": "a walk by the river"}
        assert store.check_integrity() == []
        # the new tables are there, empty, and take entries
        assert j.list_moods(store) == [] and j.list_exercises(store) == [] and j.list_memory(store) == []
        mood = j.save_mood(store, j.MoodCheckIn(mood=6))
        item = j.add_memory(store, "Exams make me anxious")
    with Store.open(data_dir, CHAT_PASSPHRASE) as store:
        assert j.get_mood(store, mood.id) == mood and j.list_memory(store) == [item]
        assert schema_version(store._conn) == LATEST_VERSION
