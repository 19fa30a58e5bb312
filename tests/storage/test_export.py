"""JSON and Markdown exports: complete, written only where asked, owner-only."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from app.storage import EXPORT_WARNING, Store
from app.storage.errors import NotFound, StorageError
from app.storage.export import export_json, export_markdown, render_json, render_markdown


@pytest.fixture
def two(store: Store) -> tuple[int, int]:
    first = store.create_conversation("Monday *thoughts*", profile_id="cbt")
    store.add_message(first.id, "user", "I felt **stuck** today.")
    store.add_message(first.id, "assistant", "That sounds hard.", flags=["checked"])
    second = store.create_conversation("Tuesday")
    store.add_message(second.id, "user", "Better 🙂")
    store.add_message(second.id, "assistant", "unsafe reply text", status="withheld", flags=["crisis"])
    return first.id, second.id


def test_json_export_of_everything(store: Store, two: tuple[int, int], tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    assert export_json(store, None, out) == 2
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "confidant-export" and document["version"] == 1
    titles = [c["title"] for c in document["conversations"]]
    assert titles == ["Tuesday", "Monday *thoughts*"]  # as listed: newest first
    monday = document["conversations"][1]
    assert monday["profile_id"] == "cbt"
    assert [(m["role"], m["content"], m["status"], m["flags"]) for m in monday["messages"]] == [
        ("user", "I felt **stuck** today.", "complete", []),
        ("assistant", "That sounds hard.", "complete", ["checked"]),
    ]
    withheld = document["conversations"][0]["messages"][1]
    assert (withheld["status"], withheld["content"]) == ("withheld", "[withheld by a safety guardrail]")
    assert monday["messages"][0]["created_at"].endswith("+00:00")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.json", "data"]  # nothing else written


def test_markdown_export_of_one(store: Store, two: tuple[int, int], tmp_path: Path) -> None:
    out = tmp_path / "tuesday.md"
    out.write_text("an older file with looser permissions")
    out.chmod(0o644)
    assert export_markdown(store, [two[1]], out) == 1
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Confidant conversations")
    assert "## Tuesday" in text and "Monday" not in text
    assert "**You**" in text and "Better 🙂" in text
    assert "withheld by a safety guardrail" in text and "crisis" in text
    assert "unsafe reply text" not in text  # a withheld reply's text is never exported
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_reply_cut_short_at_its_length_limit_says_so_in_both_formats(store: Store, tmp_path: Path) -> None:
    talk = store.create_conversation("Long story")
    store.add_message(talk.id, "user", "Tell me a long story.")
    reply = store.add_message(talk.id, "assistant", "", "incomplete")
    store.update_message(reply.id, content="Once upon a time, in a", status="complete", cut_short=True)
    store.add_message(talk.id, "assistant", "Whole.")
    document = json.loads(render_json(store, [talk.id])[0])
    assert [m["cut_short"] for m in document["conversations"][0]["messages"]] == [False, True, False]
    markdown = render_markdown(store, [talk.id])[0]
    headings = [line for line in markdown.splitlines() if line.startswith("**")]
    assert [line.endswith("_(cut short: the reply reached its length limit)_") for line in headings] == [
        False, True, False]


def test_unknown_conversation_exports_nothing(store: Store, two: tuple[int, int], tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        export_json(store, [two[0], 999], tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


def test_export_never_overwrites_the_history(store: Store, two: tuple[int, int]) -> None:
    before = store.path.read_bytes()
    with pytest.raises(StorageError, match="belongs to the encrypted history"):
        export_json(store, None, store.path)
    assert store.path.read_bytes() == before


def test_render_for_stdout_matches_the_file(store: Store, two: tuple[int, int], tmp_path: Path) -> None:
    text, count = render_markdown(store, None)
    export_markdown(store, None, tmp_path / "all.md")
    assert count == 2
    assert (tmp_path / "all.md").read_text(encoding="utf-8").splitlines()[3:] == text.splitlines()[3:]


def test_warning_is_shared_and_plain() -> None:
    assert "NOT encrypted" in EXPORT_WARNING and "delete it" in EXPORT_WARNING
