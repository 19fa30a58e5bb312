"""Process hardening applied when a store is opened, as KeePassXC and Electrum do.

While the history is unlocked, decrypted text and key material live in this process's memory. A core dump
or another process attaching with ptrace would copy that memory to disk or to someone else, so on Linux we
forbid both: RLIMIT_CORE = 0 (soft and hard, so it cannot be raised again) and prctl(PR_SET_DUMPABLE, 0),
which also stops same-user ptrace and /proc/<pid>/mem reads. Elsewhere only the core limit is set (macOS and
other POSIX), or nothing (Windows, which has no core files). Idempotent; failures are ignored because they
must not stop a person from reading their own history.
"""

from __future__ import annotations

import contextlib
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def harden_process() -> None:
    _no_core_dumps()
    if sys.platform.startswith("linux"):
        _not_dumpable()


def _no_core_dumps() -> None:
    try:
        import resource
    except ImportError:  # Windows
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _not_dumpable() -> None:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def is_dumpable() -> bool | None:
    """Linux only (None elsewhere): whether this process may still be core-dumped or ptraced by its user."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
