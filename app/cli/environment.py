"""Secrets given through the environment (CONFIDANT_PASSPHRASE and friends), taken out of it at once.

A variable in the environment can be read by other processes of the same user (`/proc/<pid>/environ`,
`ps e`) and is inherited by every child process. So the first thing the `confidant` process does is
`take_secrets()`: each secret is removed from `os.environ` (and so from the C environment, and from what
child processes inherit) and kept in this module. Removing it is not enough on Linux: `/proc/<pid>/environ`
shows the environment block the process *started* with, which `unsetenv` never touches, so the variable's
bytes in that block are overwritten with zeros too (best effort; skipped where /proc does not say where the
block is). What remains is the time before Python runs this code (measured ~0.05–0.3 s) and whatever the
parent process (a shell that exported it) still holds: a passphrase file (`--passphrase-file`) has neither.
"""

from __future__ import annotations

import os
import sys

PASSPHRASE_ENV = "CONFIDANT_PASSPHRASE"
NEW_PASSPHRASE_ENV = "CONFIDANT_NEW_PASSPHRASE"
PIN_ENV = "CONFIDANT_CLINICIAN_PIN"
SECRET_ENVS = (PASSPHRASE_ENV, NEW_PASSPHRASE_ENV, PIN_ENV)

_taken: dict[str, str] = {}


def take_secrets() -> None:
    """Move every secret out of the environment into this process's memory (idempotent)."""
    for name in SECRET_ENVS:
        value = os.environ.pop(name, None)
        if value is not None:
            _taken[name] = value
            if sys.platform.startswith("linux"):
                _scrub_initial_block(name)


def secret(name: str) -> str | None:
    """A secret given through the environment: taken at start, or (when Confidant runs inside another
    program, e.g. tests calling `main()`) still in os.environ."""
    return _taken.get(name) or os.environ.get(name) or None


def _scrub_initial_block(name: str) -> None:
    """Zero `NAME=value` in the environment block the kernel shows as /proc/self/environ. Only bytes no
    longer referenced are touched: unsetenv has already dropped the variable's pointer from `environ`."""
    import ctypes

    try:
        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        start, end = int(fields[47]), int(fields[48])  # env_start and env_end: fields 50 and 51 of stat(5)
        if not 0 < start < end:
            return
        key, position = name.encode() + b"=", 0
        for entry in ctypes.string_at(start, end - start).split(b"\0"):
            if entry.startswith(key):
                ctypes.memset(start + position, 0, len(entry))
            position += len(entry) + 1
    except (OSError, ValueError, IndexError):
        return
