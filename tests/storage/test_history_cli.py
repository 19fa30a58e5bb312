"""The history commands, run as a person or a script would: `python -m app …` in a real subprocess.

Data is put in through the Store API (`confidant chat` needs the model; the chat tests cover it)."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage import EXPORT_WARNING, Store
from tests.storage.storage_support import PASSPHRASE, ROOT


def confidant(home: Path, *args: str, passphrase: str | None = PASSPHRASE, **env: str):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CONFIDANT_")}
    environment.update(CONFIDANT_HOME=str(home), **env)
    if passphrase is not None:
        environment["CONFIDANT_PASSPHRASE"] = passphrase
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=environment,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)


def assert_clean_error(result, *phrases: str) -> None:
    assert result.returncode == 2, result
    assert result.stderr.startswith("confidant: ") and "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr


@pytest.fixture
def home(store_dir: Path) -> Path:
    with Store.open(store_dir, PASSPHRASE) as store:
        first = store.create_conversation("Sleep worries")
        store.add_message(first.id, "user", "I keep waking at 3am, worried about work.")
        store.add_message(first.id, "assistant", "That sounds exhausting. What goes through your mind?",
                          cut_short=True)  # it reached its length limit
        second = store.create_conversation("Garden \x1b[31mday")
        store.add_message(second.id, "user", "Spent the afternoon in the garden. Felt calmer.")
        store.add_message(second.id, "assistant", "unsafe text", status="withheld", flags=["crisis"])
    return store_dir


def test_list_show_and_search(home: Path) -> None:
    listed = confidant(home, "history", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert "title" in lines[0] and "Garden \\x1b[31mday" in lines[1] and "Sleep worries" in lines[2]
    assert "\x1b" not in listed.stdout  # stored escape sequences are shown as text, never replayed

    shown = confidant(home, "history", "show", "1")
    assert shown.returncode == 0
    assert "# Sleep worries" in shown.stdout and "I keep waking at 3am" in shown.stdout
    assert "[you ·" in shown.stdout and "[confidant ·" in shown.stdout
    assert [line.endswith("] (cut short at its length limit)") for line in shown.stdout.splitlines()
            if line.startswith("[")] == [False, True]

    withheld = confidant(home, "history", "show", "2")
    assert "withheld by a safety guardrail" in withheld.stdout and "unsafe text" not in withheld.stdout

    found = confidant(home, "history", "search", "worried", "work")
    assert found.returncode == 0
    assert "#1 Sleep worries" in found.stdout and "**worried**" in found.stdout and "**work**" in found.stdout
    assert confidant(home, "history", "search", "unsafe").stdout == ""  # withheld replies are not searchable
    assert_clean_error(confidant(home, "history", "show", "99"), "no conversation 99")


def test_export_to_stdout_and_to_a_file(home: Path, tmp_path: Path) -> None:
    result = confidant(home, "history", "export")
    assert result.returncode == 0
    assert EXPORT_WARNING in result.stderr
    document = json.loads(result.stdout)
    assert [c["title"] for c in document["conversations"]] == ["Garden \x1b[31mday", "Sleep worries"]
    assert [[m["cut_short"] for m in c["messages"]] for c in document["conversations"]] == [[False, False],
                                                                                          [False, True]]

    out = tmp_path / "sleep.md"
    result = confidant(home, "history", "export", "--format", "markdown", "--out", str(out), "1")
    assert result.returncode == 0 and result.stdout == ""
    assert EXPORT_WARNING in result.stderr and f"to {out}" in result.stderr
    assert "## Sleep worries" in out.read_text() and "Garden" not in out.read_text()
    assert_clean_error(confidant(home, "history", "export", "7"), "no conversation 7")


def test_passphrase_sources(home: Path, tmp_path: Path) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\r\nsecond line ignored\n")
    by_file = confidant(home, "--passphrase-file", str(secret), "history", "list", passphrase=None)
    assert by_file.returncode == 0 and "Sleep worries" in by_file.stdout

    assert_clean_error(confidant(home, "history", "list", passphrase=None),
                       "no terminal", "CONFIDANT_PASSPHRASE", "--passphrase-file")
    assert_clean_error(confidant(home, "history", "list", passphrase="wrong"), "does not unlock")
    assert_clean_error(confidant(home, "--passphrase-file", str(tmp_path / "missing"), "history", "list",
                                 passphrase=None), "Cannot read the passphrase file")
    assert_clean_error(confidant(tmp_path / "nobody", "history", "list"), "no Confidant history")


def test_delete_needs_confirmation_without_a_terminal(home: Path) -> None:
    assert_clean_error(confidant(home, "history", "delete", "1"), "--yes")
    assert "Sleep worries" in confidant(home, "history", "list").stdout
    deleted = confidant(home, "history", "delete", "1", "--yes")
    assert deleted.returncode == 0 and "Deleted conversation 1" in deleted.stderr
    assert "Sleep worries" not in confidant(home, "history", "list").stdout


def test_change_passphrase_backup_wipe_restore(home: Path, tmp_path: Path) -> None:
    common = confidant(home, "passphrase", "change", CONFIDANT_NEW_PASSPHRASE="Brandnew1")
    assert_clean_error(common, "most common passwords", "Nothing was changed")
    assert "Brandnew1" not in common.stderr
    assert "Sleep worries" in confidant(home, "history", "list").stdout  # the old passphrase still opens it

    changed = confidant(home, "passphrase", "change", CONFIDANT_NEW_PASSPHRASE="brand new day 7")
    assert changed.returncode == 0, changed.stderr
    assert_clean_error(confidant(home, "history", "list"), "does not unlock")

    backup = tmp_path / "backup.db"
    made = confidant(home, "backup", str(backup), passphrase="brand new day 7")
    assert made.returncode == 0 and backup.exists()

    assert_clean_error(confidant(home, "wipe"), "--yes")
    assert Store.exists(home)
    wiped = confidant(home, "wipe", "--yes", passphrase=None)
    assert wiped.returncode == 0 and not Store.exists(home)
    assert "clinician lock" in wiped.stderr  # says plainly that a locked guardrail profile went with it

    restored = confidant(home, "restore", str(backup), passphrase="brand new day 7")
    assert restored.returncode == 0, restored.stderr
    assert "Restored 2 conversations" in restored.stderr
    assert_clean_error(confidant(home, "restore", str(backup), passphrase="brand new day 7"), "--yes")
    assert "Sleep worries" in confidant(home, "history", "list", passphrase="brand new day 7").stdout


def test_second_instance_is_refused_before_asking_for_a_passphrase(home: Path) -> None:
    with Store.open(home, PASSPHRASE):
        assert_clean_error(confidant(home, "history", "list", passphrase=None), "already open")


# ---- a real terminal ---------------------------------------------------------------------------------------


def run_in_terminal(code: str, answers: list[str], home: Path) -> tuple[int, str]:
    """Run `code` with a pseudo-terminal as its controlling terminal, typing `answers` at each prompt."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        env = {"PATH": os.environ.get("PATH", ""), "CONFIDANT_HOME": str(home), "PYTHONPATH": str(ROOT)}
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-c", code], env)
    output = b""
    answered_up_to = 0  # answer each prompt once, only after it has appeared (getpass flushes typed-ahead)
    pending = list(answers)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            fresh = output[answered_up_to:].rstrip()
            if pending and fresh.endswith(b":"):
                os.write(fd, pending.pop(0).encode() + b"\n")
                answered_up_to = len(output)
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


OPEN_OR_CREATE = """
import argparse
from app.cli.store_access import open_store
with open_store(argparse.Namespace(data_dir=None), create_if_missing=True) as store:
    print("conversations:", store.count_conversations())
"""


def test_first_run_asks_twice_without_echo(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code, output = run_in_terminal(OPEN_OR_CREATE, ["typed secret", "typed secret"], home)
    assert code == 0, output
    assert "Choose a passphrase" in output and "again" in output and "conversations: 0" in output
    assert "typed secret" not in output  # never echoed
    with Store.open(home, "typed secret") as store:
        assert store.count_conversations() == 0

    code, output = run_in_terminal(OPEN_OR_CREATE, ["typed secret"], home)  # later runs: asked once
    assert code == 0 and "conversations: 0" in output and "again" not in output


def test_first_run_refuses_a_common_password_and_asks_again(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code, output = run_in_terminal(OPEN_OR_CREATE, ["Password1", "fresh start 42", "fresh start 42"], home)
    assert code == 0, output
    assert "most common passwords" in output and "conversations: 0" in output
    assert "Password1" not in output  # the reason is printed, never the passphrase
    with Store.open(home, "fresh start 42") as store:
        assert store.count_conversations() == 0


def test_first_run_mismatch_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code, output = run_in_terminal(OPEN_OR_CREATE, ["one thing", "another"], home)
    assert code != 0 and "do not match" in output
    assert not Store.exists(home)


WIPE = "from app.cli import main; raise SystemExit(main(['wipe']))"


def test_wipe_in_a_terminal_wants_the_word_typed(home: Path) -> None:
    code, output = run_in_terminal(WIPE, ["yes"], home)
    assert code == 1 and "Nothing was deleted" in output and Store.exists(home)
    code, output = run_in_terminal(WIPE, ["wipe"], home)
    assert code == 0 and "has been wiped" in output and not Store.exists(home)
