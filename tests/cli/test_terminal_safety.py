"""Hostile text (a stored message, an audit quote, a profile's name) reaches a terminal only as visible text:
ESC as `\\x1b`, U+009D as `\\x9d`, U+202E as `\\u202e`, through every command that prints it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.terminal import json_visible, one_line, visible
from app.paths import assets_dir
from app.storage import AuditRecord, Store
from tests.cli.cli_support import HOSTILE, PASSPHRASE, RAW_CONTROLS, confidant, in_terminal

SHOWN = "Evil\\x1b]0;pwned\\x07 \\x1b[2J \\x1b[6n \\x9dx \\u202eoops"


def assert_only_visible(text: str) -> None:
    for control in RAW_CONTROLS:
        assert control not in text, (control, text)
    assert SHOWN in text


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "data"
    with Store.create(home, PASSPHRASE) as store:
        conversation = store.create_conversation(HOSTILE)
        store.add_message(conversation.id, "user", f"my worry {HOSTILE}")
        store.add_message(conversation.id, "assistant", f"A reply. {HOSTILE}\nSecond line.")
        store.add_audit_event(AuditRecord(kind="input.crisis", category="self-harm", rule=HOSTILE,
                                          conversation_id=conversation.id, text=HOSTILE))
    return home


@pytest.fixture
def hostile_profile(tmp_path: Path) -> Path:
    text = (assets_dir() / "profiles" / "general-wellbeing.toml").read_text(encoding="utf-8")
    escaped = json.dumps(HOSTILE)  # a TOML basic string takes JSON's \\u escapes
    path = tmp_path / "hostile.toml"
    path.write_text(text.replace('name = "General wellbeing"', f"name = {escaped}", 1), encoding="utf-8")
    return path


def test_the_sanitizer_shows_controls_and_keeps_layout() -> None:
    assert visible(HOSTILE) == SHOWN
    assert visible("line one\n\tline two\r") == "line one\n\tline two\\x0d"
    assert visible("café — 東京 😊") == "café — 東京 😊"
    assert one_line(f"a\n b {HOSTILE}") == f"a b {SHOWN}"
    assert json.loads(json_visible(json.dumps({"t": HOSTILE}, ensure_ascii=False))) == {"t": HOSTILE}


@pytest.mark.parametrize("command", [("history", "list"), ("history", "show", "1"),
                                     ("history", "search", "worry"), ("audit", "list")])
def test_history_and_audit_listings_show_controls_as_text(home: Path, command: tuple[str, ...]) -> None:
    result = confidant(*command, home=home)
    assert result.returncode == 0, result.stderr
    assert_only_visible(result.stdout)


def test_markdown_export_to_a_terminal_is_sanitized_but_a_file_keeps_it_exact(home: Path, tmp_path: Path) -> None:
    screen = in_terminal("history", "export", "--format", "markdown", home=home)
    assert "my worry" in screen
    assert_only_visible(screen)
    out = tmp_path / "export.md"
    assert confidant("history", "export", "--format", "markdown", "--out", str(out), home=home).returncode == 0
    assert HOSTILE in out.read_text(encoding="utf-8")  # the file the person asked for is exact
    piped = confidant("history", "export", "--format", "markdown", home=home)
    assert HOSTILE in piped.stdout  # so is a pipe (`> file`)


def test_search_in_a_terminal_keeps_its_own_bold_but_not_stored_controls(home: Path) -> None:
    screen = in_terminal("history", "search", "worry", home=home)
    assert "\x1b[1mworry\x1b[0m" in screen
    assert SHOWN in screen and "\x1b]0;" not in screen and "\x9d" not in screen


@pytest.mark.parametrize("command", ["validate", "install", "show"])
def test_a_profile_name_is_shown_as_text(tmp_path: Path, hostile_profile: Path, command: str) -> None:
    home = tmp_path / "profile-home"
    if command == "show":
        assert confidant("profile", "install", str(hostile_profile), home=home).returncode == 0
        result = confidant("profile", "show", home=home)
    else:
        result = confidant("profile", command, str(hostile_profile), home=home)
    assert result.returncode == 0, result.stderr
    assert_only_visible(result.stdout)


def test_interactive_chat_shows_a_hostile_profile_name_as_text(tmp_path: Path, hostile_profile: Path) -> None:
    home = tmp_path / "chat-home"
    assert confidant("profile", "install", str(hostile_profile), home=home).returncode == 0
    screen = in_terminal("chat", home=home, typed=b"\x04", after="you ›".encode())
    assert "Guardrails:" in screen
    assert_only_visible(screen)
