"""`--data-dir` never changes the permissions of a folder Confidant did not create, and secrets given in the
environment leave it (and /proc/<pid>/environ) as the process starts."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.storage import Store
from tests.cli.cli_support import PASSPHRASE, ROOT, confidant, environment


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("folder_mode", [0o1777, 0o2775])
def test_an_existing_folder_keeps_its_mode_and_gets_a_confidant_subfolder(tmp_path: Path, folder_mode: int
                                                                          ) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, folder_mode)
    failed = confidant("--data-dir", str(shared), "history", "list")  # a command that fails
    assert failed.returncode == 2 and mode(shared) == folder_mode
    refused = confidant("--data-dir", str(shared), "--passphrase-file", "/dev/zero", "profile", "install",
                        "general-wellbeing", CONFIDANT_PASSPHRASE="")
    assert refused.returncode == 2 and mode(shared) == folder_mode
    made = confidant("--data-dir", str(shared), "profile", "install", "general-wellbeing")
    assert made.returncode == 0, made.stderr
    assert mode(shared) == folder_mode
    ours = shared / "confidant"
    assert Store.exists(ours) and mode(ours) & 0o077 == 0  # our own folder is private
    assert not list(shared.glob("history.*"))
    again = confidant("--data-dir", str(shared), "profile", "show")
    assert again.returncode == 0 and "installed from" in again.stdout.lower()
    assert mode(shared) == folder_mode


def test_a_data_dir_that_holds_a_history_is_used_as_it_is(tmp_path: Path) -> None:
    existing = tmp_path / "existing"
    Store.create(existing, PASSPHRASE).close()
    os.chmod(existing, 0o750)  # the person's own choice: left alone
    assert confidant("--data-dir", str(existing), "history", "list").returncode == 0
    assert mode(existing) == 0o750 and not (existing / "confidant").exists()


def test_a_new_data_dir_is_created_private(tmp_path: Path) -> None:
    new = tmp_path / "new" / "data"
    assert confidant("--data-dir", str(new), "profile", "install", "general-wellbeing").returncode == 0
    assert Store.exists(new) and mode(new) == 0o700


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="Linux /proc only")
def test_the_passphrase_leaves_the_environment_and_proc_environ(tmp_path: Path) -> None:
    env = environment(tmp_path / "data", CONFIDANT_MARKER="still-here")
    process = subprocess.Popen([sys.executable, "-m", "app", "guard", "check"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    try:
        process.stdin.write(b"hello\n")
        process.stdin.flush()
        assert b'"action"' in process.stdout.readline()  # our code is running, past its first lines
        seen = Path(f"/proc/{process.pid}/environ").read_bytes()
    finally:
        process.stdin.close()
        process.wait(timeout=60)
    assert b"CONFIDANT_MARKER=still-here" in seen  # the block is readable, and other variables are kept
    assert b"CONFIDANT_PASSPHRASE" not in seen and PASSPHRASE.encode() not in seen
