"""No plaintext: after a scripted session holding a canary sentence — the desktop app's first run, a message
and a search, then the terminal chat and history search — the canary is in no file the app could have
written, and in no log.

The app runs as on a person's computer: HOME is a fresh folder and CONFIDANT_HOME is unset, so its data,
config and cache go where platformdirs puts them (~/.local/share, ~/.config, ~/.cache for "Confidant"),
and TMPDIR is a fresh folder too. The scan reads the raw bytes of every file under HOME and TMPDIR (a
superset of those folders: Qt's and fontconfig's caches included), for the canary in UTF-8 and in UTF-16 in
both byte orders. Logs are everything the processes wrote to stderr (they keep no log files). The same
check runs on the frozen bundle in test_bundle.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import platformdirs

from app.storage import Store
from tests.packaging.support import GUI_SESSION, Sandbox, all_files, files_containing, run, source_command

CANARY = "Quetzal-pomegranate-4471"
SENTENCE = f"My secret is {CANARY} and nobody may read it"


def test_a_canary_reaches_no_file_and_no_log(tmp_path: Path, monkeypatch) -> None:
    sandbox = Sandbox.create(tmp_path / "s")
    env = sandbox.env()
    gui = run([sys.executable, str(GUI_SESSION), SENTENCE], env)
    assert gui.returncode == 0, gui.stderr
    chat = run(source_command("chat", "--temperature", "0", "--max-tokens", "16"), env,
               stdin=f"{SENTENCE}\nWhat was my secret?\n")
    assert chat.returncode == 0, chat.stderr
    search = run(source_command("history", "search", CANARY), env)
    assert search.returncode == 0, search.stderr
    # The canary is in the history (so finding it nowhere else means something) ...
    assert search.stdout.count(CANARY) >= 2
    export = tmp_path / "export.md"  # outside what is scanned: exports are plaintext by design, and asked for
    exported = run(source_command("history", "export", "--format", "markdown", "--out", str(export)), env)
    assert exported.returncode == 0 and CANARY in export.read_text(encoding="utf-8")  # ... readable on request

    # The app wrote where we look: its store in platformdirs' data dir for this HOME.
    monkeypatch.setenv("HOME", str(sandbox.home))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(variable, raising=False)
    assert Path(platformdirs.user_data_dir("Confidant", appauthor=False)) == sandbox.data_dir
    assert Store.exists(sandbox.data_dir)
    scanned = [sandbox.home, sandbox.tmp]
    assert len(all_files(scanned)) >= 2
    for folder in (platformdirs.user_config_dir, platformdirs.user_cache_dir, platformdirs.user_state_dir):
        assert sandbox.home in Path(folder("Confidant", appauthor=False)).parents  # inside what is scanned

    assert files_containing(scanned, CANARY) == []
    for result in (gui, chat, search, exported):
        assert CANARY not in result.stderr
    assert CANARY not in gui.stdout and json.loads(gui.stdout.splitlines()[-1])["search_hits"] >= 1
