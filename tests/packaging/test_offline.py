"""Offline proofs: a whole session — first run, a model reply, a crisis, an export — works with no network,
and no socket is ever opened.

Every run is guarded three ways (see netguard.py): a network namespace of its own (`unshare -n`, where
this machine permits it), a seccomp filter that kills the process on any internet socket from any code
(Python, Qt, llama.cpp, SQLCipher), and an audit hook that refuses and records any socket Python code
asks for, of any family. The frozen bundle gets the same OS-level guards in test_bundle.py. That no module
in app/ imports a networking library is checked by tests/test_architecture.py.
"""

from __future__ import annotations

import json
import shutil
import sys
import warnings
from pathlib import Path

import pytest

from app.storage import Store
from tests.packaging.netguard import (
    KILLED_BY_FILTER,
    audit_env,
    audit_findings,
    isolated,
    seccomp_guarded,
    unshare_works,
)
from tests.packaging.support import GUI_SESSION, Sandbox, run, source_command


def _note_isolation() -> None:
    if not unshare_works():
        warnings.warn("unshare -n is not permitted on this machine: the offline runs used the seccomp filter and "
                      "the audit hook only", stacklevel=2)


def test_the_guards_stop_what_they_guard_against(tmp_path: Path) -> None:
    """Positive controls: each guard really catches a connection attempt, and lets local sockets be."""
    log = tmp_path / "audit.log"
    sandbox = Sandbox.create(tmp_path / "s")
    dial = "import socket; socket.create_connection(('192.0.2.1', 9), timeout=1)"  # TEST-NET-1: nobody
    hooked = run([sys.executable, "-c", dial], sandbox.env(**audit_env(log)))
    assert hooked.returncode == 1 and "PermissionError" in hooked.stderr
    assert audit_findings(log) == ["socket.getaddrinfo ('192.0.2.1', 9)"]

    killed = run(seccomp_guarded([sys.executable, "-c", "import socket; socket.socket(socket.AF_INET6)"]),
                 sandbox.env())
    assert killed.returncode == KILLED_BY_FILTER
    local = "import socket; socket.socket(socket.AF_UNIX).close(); print('local ok')"
    allowed = run(seccomp_guarded([sys.executable, "-c", local]), sandbox.env())
    assert allowed.returncode == 0 and allowed.stdout == "local ok\n"

    if unshare_works():
        cut_off = run(["unshare", "-n", sys.executable, "-c", dial], sandbox.env())
        assert cut_off.returncode == 1 and "OSError" in cut_off.stderr  # no route: there is no network at all


def test_a_whole_terminal_session_works_offline_without_a_socket(tmp_path: Path) -> None:
    _note_isolation()
    sandbox = Sandbox.create(tmp_path / "s")
    log = tmp_path / "audit.log"
    env = sandbox.env(**audit_env(log))
    assert not Store.exists(sandbox.data_dir)

    chat = run(isolated(source_command("chat", "--temperature", "0", "--max-tokens", "12")), env,
               stdin="Could you suggest a calming evening routine?\nI feel like I want to end my life.\n")
    assert chat.returncode == 0, chat.stderr
    assert Store.exists(sandbox.data_dir)  # the first run created the store, where platformdirs says
    assert "988" in chat.stdout and "116 123" in chat.stdout  # the crisis reply, with real help lines

    export = tmp_path / "export.json"
    exported = run(isolated(source_command("history", "export", "--out", str(export))), env)
    assert exported.returncode == 0, exported.stderr
    messages = json.loads(export.read_text(encoding="utf-8"))["conversations"][0]["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[1]["content"] and not messages[1]["flags"]  # the model's reply
    assert messages[3]["flags"][0].startswith("crisis:")  # the profile's fixed crisis response

    assert audit_findings(log) == []  # no socket of any kind, no program started, in either process


def test_the_desktop_app_works_offline_without_a_socket(tmp_path: Path) -> None:
    """First run, one message and a search in the real window (offscreen), under all three guards. With the
    offscreen platform Qt needs no display server, so when strace is installed it also shows that not even
    a local (AF_UNIX) socket is opened."""
    _note_isolation()
    sandbox = Sandbox.create(tmp_path / "s")
    log = tmp_path / "audit.log"
    command = isolated([sys.executable, str(GUI_SESSION), "Could you help me plan a quiet evening?"])
    trace = tmp_path / "sockets.txt"
    strace = shutil.which("strace")
    if strace:
        command = [strace, "-f", "-qq", "-e", "trace=socket,socketpair,connect", "-o", str(trace), *command]
    result = run(command, sandbox.env(**audit_env(log)))
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.splitlines()[-1])
    assert facts["reply_kind"] == "model" and facts["reply_tokens"] > 0
    assert facts["search_hits"] >= 1
    assert Path(facts["data_dir"]) == sandbox.data_dir
    assert audit_findings(log) == []
    if strace:
        calls = [line for line in trace.read_text().splitlines() if "socket" in line or "connect(" in line]
        assert calls == []


@pytest.mark.skipif(not (shutil.which("xvfb-run") and shutil.which("dbus-run-session") and shutil.which("strace")),
                    reason="needs xvfb-run, dbus-run-session and strace to show a desktop session's sockets")
def test_on_a_desktop_the_only_sockets_are_local_ones_to_the_display_and_the_session_bus(tmp_path: Path) -> None:
    """With a real display (X11 via Xvfb) and a D-Bus session bus, Qt opens exactly two local sockets: one
    to the X server, to show the window, and one to the session bus, where the accessibility bridge looks
    for a screen reader (org.a11y.Bus). Both are AF_UNIX: they cannot leave the computer."""
    sandbox = Sandbox.create(tmp_path / "s")
    trace = tmp_path / "sockets.txt"
    inner = seccomp_guarded(["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace),
                             sys.executable, str(GUI_SESSION), "Could you help me plan a quiet evening?"])
    result = run(["xvfb-run", "-a", "dbus-run-session", "--", *inner], sandbox.env(QT_QPA_PLATFORM="xcb"))
    assert result.returncode == 0, result.stderr
    lines = trace.read_text().splitlines()
    calls = [line.split(" ", 1)[1].strip() for line in lines if "socket(" in line or "connect(" in line]
    families = {call.split("(", 1)[1].split(",", 1)[0] for call in calls if call.startswith("socket(")}
    assert families == {"AF_UNIX"}
    targets = sorted(call.split('sun_path=', 1)[1].split('"')[1] for call in calls if call.startswith("connect("))
    assert len(targets) == 2 and any("X11-unix" in t for t in targets) and any("dbus" in t for t in targets)
