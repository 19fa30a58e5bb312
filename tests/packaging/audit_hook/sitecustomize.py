"""Armed by the offline tests through PYTHONPATH: refuse and record every socket operation and process launch.

CONFIDANT_SOCKET_LOG names the log. Each Python process writes "armed <pid>" when the hook is in place, then
one line per refused event: the event name and the address family or address, never any data. The tests
require the log to hold nothing else. Without the variable this file does nothing.
"""

from __future__ import annotations

import os
import sys

_WATCHED_PREFIXES = ("socket.", "http.client.", "urllib.", "ftplib.", "smtplib.", "webbrowser.")
_LAUNCHES = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
             "pty.spawn"}


def _arm(path: str) -> None:
    log = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - open for the life of the process
    log.write(f"armed {os.getpid()} {sys.argv[:1]}\n")

    def hook(event: str, args: tuple) -> None:
        if event.startswith(_WATCHED_PREFIXES) or event in _LAUNCHES:
            detail = args[1:3] if event == "socket.__new__" else args[:2] if event.startswith("socket.") else ()
            log.write(f"{event} {detail!r:.160}\n")
            raise PermissionError(f"Confidant must not use the network or start programs ({event})")

    sys.addaudithook(hook)


if os.environ.get("CONFIDANT_SOCKET_LOG"):
    _arm(os.environ["CONFIDANT_SOCKET_LOG"])
