"""Running the real `confidant` command in a separate process: through pipes, or inside a terminal (a pty)."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "tidewater lantern 42"
# Window title (OSC ... BEL), clear screen, cursor-position report (the terminal answers it), a C1 OSC, a
# right-to-left override: each must reach a terminal as visible text, never as a control.
HOSTILE = "Evil\x1b]0;pwned\x07 \x1b[2J \x1b[6n \x9dx \u202eoops"
RAW_CONTROLS = ("\x1b", "\x07", "\x9d", "\u202e")


def environment(home: Path | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFIDANT_")}
    env["CONFIDANT_PASSPHRASE"] = PASSPHRASE
    if home is not None:
        env["CONFIDANT_HOME"] = str(home)
    env.update(extra)
    return env


def confidant(*args: str, home: Path | None = None, stdin: bytes | str = b"", timeout: float = 120,
              **extra: str) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    result = subprocess.run([sys.executable, "-m", "app", *args], input=data, capture_output=True, cwd=ROOT,
                            env=environment(home, **extra), timeout=timeout)
    result.stdout, result.stderr = (result.stdout.decode("utf-8", "replace"),
                                    result.stderr.decode("utf-8", "replace"))
    return result


def in_terminal(*args: str, home: Path, typed: bytes = b"", after: bytes | None = None,
                timeout: float = 120) -> str:
    """Run `confidant args` with a pty as its stdin, stdout and stderr; type `typed` once `after` has been
    shown (or at once). Returns everything the terminal received."""
    master, slave = os.openpty()
    process = subprocess.Popen([sys.executable, "-m", "app", *args], stdin=slave, stdout=slave, stderr=slave,
                               cwd=ROOT, env=environment(home), close_fds=True)
    os.close(slave)
    shown, deadline, sent = b"", time.monotonic() + timeout, False
    try:
        while time.monotonic() < deadline:
            if not sent and (after is None or after in shown):
                os.write(master, typed)
                sent = True
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the other side closed: the command has ended
                    break
                if not chunk:
                    break
                shown += chunk
            elif process.poll() is not None:
                break
        process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    return shown.decode("utf-8", "replace")
