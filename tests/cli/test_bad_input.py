"""Every bad input the red team found (issue 13) through the real command: one clear line on stderr, a
non-zero exit, never a traceback, never a hang."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage import Store
from tests.cli.cli_support import PASSPHRASE, ROOT, confidant, environment


def assert_one_clear_line(result: subprocess.CompletedProcess, *phrases: str, code: int = 2) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("confidant: "), result.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


def test_data_dir_that_is_a_file(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    for command in (("history", "list"), ("profile", "install", "general-wellbeing")):
        assert_one_clear_line(confidant("--data-dir", str(afile), *command), "is not a folder")
    assert afile.read_text() == "not a folder"


def test_history_db_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "data" / "history.db").mkdir(parents=True)
    assert_one_clear_line(confidant("history", "list", home=tmp_path / "data"), "history.db", "is a directory")


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_passphrase_file_that_never_ends_or_never_answers(tmp_path: Path, fifo: Path, source: str) -> None:
    path = str(fifo) if source == "fifo" else source
    started = time.monotonic()
    result = confidant("--passphrase-file", path, "profile", "install", "general-wellbeing",
                       home=tmp_path / "data", CONFIDANT_PASSPHRASE="")
    assert_one_clear_line(result, "not a regular file")
    assert time.monotonic() - started < 30
    assert not Store.exists(tmp_path / "data")


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_profile_that_never_ends_or_never_answers(tmp_path: Path, fifo: Path, source: str) -> None:
    path = str(fifo) if source == "fifo" else source
    assert_one_clear_line(confidant("profile", "install", path, home=tmp_path / "data"), "not a regular file")


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_model_that_is_not_a_file_is_refused_without_holding_the_store(tmp_path: Path, fifo: Path,
                                                                       source: str) -> None:
    path = str(fifo) if source == "fifo" else source
    home = tmp_path / "data"
    Store.create(home, PASSPHRASE).close()
    assert_one_clear_line(confidant("chat", "--model", path, stdin="hello\n", home=home), "not a regular file")
    assert not Store.in_use(home)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root to mount read-only")
def test_read_only_file_system(tmp_path: Path) -> None:
    """A store on a filesystem remounted read-only, and a new data dir on one (a private mount namespace)."""
    mount = tmp_path / "ro"
    mount.mkdir()
    script = (
        'mount -t tmpfs tmpfs "$1" && "$2" -m app --data-dir "$1/data" profile install general-wellbeing '
        '>/dev/null && mount -o remount,ro "$1"; for args in "history list" "history search worry" '
        '"profile install general-wellbeing" "mood add 5"; do "$2" -m app --data-dir "$1/data" $args '
        '</dev/null; echo "rc=$?" >&2; done; "$2" -m app --data-dir "$1/new" history list; echo "rc=$?" >&2'
    )
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no permission for a private mount namespace here")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(mount), sys.executable],
                            capture_output=True, text=True, cwd=ROOT, env=environment(), timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    codes = [line for line in lines if line.startswith("rc=")]
    messages = [line for line in lines if not line.startswith("rc=")]
    assert len(codes) == 5 and all(code != "rc=0" for code in codes[2:]), result.stderr  # writing fails
    assert all(line.startswith("confidant: ") for line in messages), result.stderr
    assert len(messages) == sum(code != "rc=0" for code in codes)


def test_chat_answers_a_line_that_is_not_utf8_and_a_huge_line_then_carries_on(tmp_path: Path) -> None:
    huge = b"a" * 1_000_000
    stdin = b"caf\xe9 is not utf-8\n" + huge + b"\n" + b"b" * 20_001 + b"\nWhat is the capital of France?\n"
    result = confidant("chat", "--style", "free", "--temperature", "0", "--max-tokens", "16",
                       stdin=stdin, home=tmp_path / "data")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    replies = result.stdout.splitlines()
    assert len(replies) == 4, replies
    assert "not UTF-8" in replies[0]
    assert "20,000" in replies[1] and "20,000" in replies[2] and "Nothing was sent" in replies[2]
    assert replies[3].strip() and "Nothing was sent" not in replies[3]  # the model answered the last line
    listed = confidant("history", "show", "1", home=tmp_path / "data")
    assert "capital of France" in listed.stdout and "aaaa" not in listed.stdout


def test_an_unexpected_error_is_one_line_with_its_type_and_no_content(tmp_path: Path) -> None:
    """A fault injected into a real command handler: the boundary names only the exception's type."""
    code = ("import sys; import app.cli.history as h\n"
            "def broken(args): raise RuntimeError('my secret words')\n"
            "h.run_list = broken\n"
            "from app.cli import main; raise SystemExit(main(['history', 'list']))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env=environment(tmp_path / "data"), timeout=60)
    assert_one_clear_line(result, "unexpected problem (RuntimeError)", "nothing you wrote was lost", code=70)
    assert "secret" not in result.stderr


def test_long_titles_are_cut(tmp_path: Path) -> None:
    with Store.create(tmp_path / "data", PASSPHRASE) as store:
        conversation = store.create_conversation("x" * 100_006)
        assert len(conversation.title) == 200 and conversation.title.endswith("…")
        store.rename_conversation(conversation.id, "y" * 5000)
        assert len(store.get_conversation(conversation.id).title) == 200
