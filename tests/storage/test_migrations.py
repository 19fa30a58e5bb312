"""Every schema version upgrades to the latest, keeping its data; a failed step changes nothing.

Table-driven: each start version in 0 .. LATEST_VERSION - 1 is built in a real encrypted database with the
real migrations, given sample data by the SEEDS entry for that version (add one when adding a migration:
test_every_version_has_seed_data fails until you do), then opened by Store, which must upgrade it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.storage import Store
from app.storage import migrations as migrations_module
from app.storage.connection import configure, connect
from app.storage.files import DB_NAME, create_private_file
from app.storage.keying import key_statement
from app.storage.migrations import LATEST_VERSION, MIGRATIONS, migrate, schema_version
from tests.storage.storage_support import PASSPHRASE


def seed_v1(conn) -> None:
    conn.execute("INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, 'old talk', 1, 2)")
    conn.execute("INSERT INTO messages (conversation_id, role, content, created_at, status, flags) "
                 "VALUES (1, 'user', 'written before the upgrade', 1, 'complete', '[\"f\"]')")
    conn.execute("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')")


def seed_v2(conn) -> None:
    seed_v1(conn)
    conn.execute("INSERT INTO mood_checkins (created_at, updated_at, mood, emotions, note) "
                 "VALUES (1, 1, 6, '[\"calm\"]', 'before the upgrade')")
    conn.execute("INSERT INTO exercises (kind, created_at, updated_at, completed_at, data) "
                 "VALUES ('breathing', 1, 1, 1, '{\"pattern_id\": \"box\", \"seconds\": 60, \"cycles\": 4}')")
    conn.execute("INSERT INTO memory_items (text, created_at, updated_at) VALUES ('call me Sam', 1, 1)")


def seed_v3(conn) -> None:
    seed_v2(conn)
    conn.execute("INSERT INTO messages (conversation_id, role, content, created_at, status, cut_short) "
                 "VALUES (1, 'assistant', 'a reply that ran out of room', 2, 'complete', 1)")


SEEDS: dict[int, Callable] = {0: lambda conn: None, 1: seed_v1, 2: seed_v2, 3: seed_v3}


def check_seed_survived(store: Store, version: int) -> None:
    from app.storage import journal

    if version >= 1:
        message, *later = store.messages(1)
        assert (message.content, message.flags, message.cut_short) == ("written before the upgrade", ("f",), False)
        assert len(later) == (1 if version >= 3 else 0)
        assert store.get_setting("theme") == "dark"
        assert [h.message_id for h in store.search("upgrade")] == [message.id]
    if version >= 2:
        (mood,) = journal.list_moods(store)
        assert (mood.mood, mood.emotions, mood.note) == (6, ("calm",), "before the upgrade")
        (breathing,) = journal.list_exercises(store)
        assert (breathing.pattern_id, breathing.seconds) == ("box", 60)
        assert [item.text for item in journal.list_memory(store)] == ["call me Sam"]
    else:  # the toolkit's tables arrive empty and usable
        assert journal.list_moods(store) == [] and journal.list_memory(store) == []
        assert journal.save_mood(store, journal.MoodCheckIn(mood=5)).id == 1


def build_at(data_dir: Path, version: int) -> None:
    data_dir.mkdir(mode=0o700)
    create_private_file(data_dir / DB_NAME)
    conn = connect(data_dir / DB_NAME)
    conn.executescript(key_statement(PASSPHRASE))
    configure(conn)
    migrate(conn, target=version)
    conn.execute("BEGIN")
    SEEDS[version](conn)
    conn.execute("COMMIT")
    assert schema_version(conn) == version
    conn.close()


def schema(store: Store) -> list[tuple]:
    return store._conn.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name").fetchall()


def test_every_version_has_seed_data() -> None:
    assert sorted(SEEDS) == list(range(LATEST_VERSION + 1))


@pytest.mark.parametrize("start", range(LATEST_VERSION))
def test_upgrade_from_every_earlier_version(tmp_path: Path, template_store: Path, start: int) -> None:
    build_at(tmp_path / "old", start)
    with Store.open(tmp_path / "old", PASSPHRASE) as upgraded:
        assert upgraded.schema_version() == LATEST_VERSION
        check_seed_survived(upgraded, start)
        assert upgraded.check_integrity() == []
        upgraded_schema = schema(upgraded)
    fresh_dir = tmp_path / "fresh"
    fresh_dir.mkdir()
    (fresh_dir / DB_NAME).write_bytes(template_store.read_bytes())
    with Store.open(fresh_dir, PASSPHRASE) as fresh:
        assert schema(fresh) == upgraded_schema


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path, monkeypatch) -> None:
    build_at(tmp_path / "d", LATEST_VERSION)

    def broken(conn) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("simulated failure mid-migration")

    monkeypatch.setattr(migrations_module, "MIGRATIONS", [*MIGRATIONS, broken])
    monkeypatch.setattr(migrations_module, "LATEST_VERSION", LATEST_VERSION + 1)
    conn = connect(tmp_path / "d" / DB_NAME)
    conn.executescript(key_statement(PASSPHRASE))
    with pytest.raises(RuntimeError, match="simulated"):
        migrations_module.migrate(conn, target=LATEST_VERSION + 1)
    assert schema_version(conn) == LATEST_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()


def test_a_history_from_before_cut_short_was_kept_opens_with_every_message_as_it_was(tmp_path: Path) -> None:
    """Format 2 (no cut_short column), built with format 2's own CREATE statements and written through them,
    is upgraded in place: every message and its status, flags and search entry stay; none reads as cut short;
    and a reply that reaches its length limit from now on is stored as such."""
    data_dir = tmp_path / "v2"
    build_at(data_dir, 2)
    conn = connect(data_dir / DB_NAME)
    conn.executescript(key_statement(PASSPHRASE))
    rows = [("user", "the bus was late again", "complete", "[]"),
            ("assistant", "That sounds frustrating.", "complete", "[]"),
            ("assistant", "Half a rep", "incomplete", "[]"),
            ("assistant", "the model's words", "withheld", '["block:harm:r1"]'),
            ("assistant", "Please reach out for help.", "complete", '["crisis:suicide-self-harm:r2"]')]
    conn.execute("BEGIN")
    for role, content, status, flags in rows:
        conn.execute("INSERT INTO messages (conversation_id, role, content, created_at, status, flags) "
                     "VALUES (1, ?, ?, 3, ?, ?)", (role, content, status, flags))
    conn.execute("COMMIT")
    before = conn.execute("SELECT id, conversation_id, role, content, created_at, status, flags FROM messages "
                          "ORDER BY id").fetchall()
    columns = [row[1] for row in conn.execute("PRAGMA table_info(messages)")]
    conn.close()
    assert "cut_short" not in columns and len(before) == 6
    inode = (data_dir / DB_NAME).stat().st_ino

    with Store.open(data_dir, PASSPHRASE) as store:
        assert store.schema_version() == LATEST_VERSION and (data_dir / DB_NAME).stat().st_ino == inode
        after = store._conn.execute("SELECT id, conversation_id, role, content, created_at, status, flags "
                                    "FROM messages ORDER BY id").fetchall()
        assert after == before
        messages = store.messages(1)
        assert [m.cut_short for m in messages] == [False] * 6
        assert [m.display_content for m in messages][4] == "[withheld by a safety guardrail]"
        assert [h.message_id for h in store.search("bus")] == [messages[1].id]
        assert store.list_conversations()[0].message_count == 6
        assert store.check_integrity() == []
        reply = store.add_message(1, "assistant", "", "incomplete")
        store.update_message(reply.id, content="It ran out of", status="complete", cut_short=True)
    with Store.open(data_dir, PASSPHRASE) as store:
        *earlier, last = store.messages(1)
        assert (last.content, last.status, last.cut_short) == ("It ran out of", "complete", True)
        assert [m.cut_short for m in earlier] == [False] * 6
