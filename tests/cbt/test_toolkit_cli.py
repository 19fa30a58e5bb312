"""`confidant mood` and `confidant memory`, run through the real command-line entry point and store."""

from __future__ import annotations

import io

import pytest

from app.cbt.screening import load_crisis_state
from app.cli import main
from app.safety import ProfileLock, load_profile
from app.storage import Store
from app.storage import journal as j
from tests.conftest import CHAT_PASSPHRASE


@pytest.fixture
def run(confidant_home, monkeypatch, capsys):
    monkeypatch.setenv("CONFIDANT_PASSPHRASE", CHAT_PASSPHRASE)

    def invoke(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return invoke


def test_mood_add_and_list(run) -> None:
    code, _, err = run("mood", "add", "6", "--feelings", "calm, tired", "--note", stdin="Slept well.\n")
    assert code == 0 and "Saved your check-in (6/10)" in err
    code, out, _ = run("mood", "list")
    assert code == 0 and "6/10  calm, tired" in out and "Slept well." in out


def test_an_impossible_score_is_a_one_line_error(run) -> None:
    code, _, err = run("mood", "add", "11")
    assert code == 2 and "from 0 to 10" in err and len(err.strip().splitlines()) == 1


def test_memory_add_list_edit_delete(run, confidant_home) -> None:
    assert run("memory", "add", stdin="Call me Sam.\n")[0] == 0
    assert run("memory", "add", stdin="Walks help.\n")[0] == 0
    code, out, _ = run("memory", "list")
    assert code == 0 and out.splitlines() == ["    2  Walks help.", "    1  Call me Sam."]
    assert run("memory", "edit", "1", stdin="Call me Sam, please.\n")[0] == 0
    code, _, err = run("memory", "delete", "2")
    assert code == 2 and "--yes" in err  # no terminal to ask on: nothing is deleted silently
    assert run("memory", "delete", "2", "--yes")[0] == 0
    assert run("memory", "list")[1].splitlines() == ["    1  Call me Sam, please."]
    assert run("memory", "delete", "9", "--yes")[0] == 2
    assert run("memory", "add", stdin="   ")[0] == 2


def test_a_crisis_sign_in_a_memory_item_gets_the_crisis_response_and_is_still_saved(run, confidant_home) -> None:
    code, out, _ = run("memory", "add", stdin="Remember that I want to kill myself.\n")
    assert code == 0
    assert "988" in out and "saved" in out
    with Store.open(confidant_home, CHAT_PASSPHRASE) as store:
        assert [i.text for i in j.list_memory(store)] == ["Remember that I want to kill myself."]
        assert not load_crisis_state(store).model_allowed
        assert [e.kind for e in store.audit_events()] == ["exercise.crisis"]


def test_with_memory_off_nothing_new_is_remembered(run, confidant_home) -> None:
    run("memory", "add", stdin="Before the switch.\n")
    with Store.open(confidant_home, CHAT_PASSPHRASE) as store:
        ProfileLock(store).install(load_profile("young-people").text, source="young-people.toml")
    code, _, err = run("memory", "add", stdin="After the switch.\n")
    assert code == 2 and "switched off" in err
    code, out, err = run("memory", "list")
    assert code == 0 and "Before the switch." in out and "switched off" in err
