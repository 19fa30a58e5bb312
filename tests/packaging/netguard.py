"""Network guards for the offline proofs, from the strictest to the most detailed.

1. `unshare -n` (where permitted): the process runs in a network namespace with no interfaces at all.
2. A seccomp filter (this file, run as a launcher): the kernel ends the process with SIGSYS the moment any
   code in it — Python, Qt, llama.cpp, SQLCipher, any thread, any child — asks for an internet socket
   (AF_INET, AF_INET6) or a raw one (AF_PACKET). Local AF_UNIX sockets are allowed: a desktop app reaches the
   X server and the accessibility bus through them, and they cannot leave the computer. The filter survives
   exec, so it guards the frozen bundle as well as `python -m app`.
3. A Python audit hook (audit_hook/sitecustomize.py, armed through PYTHONPATH): refuses and records every
   socket operation Python code attempts — of any family — plus process launches, to a log that must hold
   nothing but its "armed" lines.

    python tests/packaging/netguard.py -- COMMAND [ARGS...]     # run COMMAND under the seccomp filter
"""

from __future__ import annotations

import ctypes
import os
import platform
import shutil
import signal
import struct
import subprocess
import sys
from pathlib import Path

AUDIT_HOOK_DIR = Path(__file__).resolve().parent / "audit_hook"
SOCKET_LOG_ENV = "CONFIDANT_SOCKET_LOG"
KILLED_BY_FILTER = -signal.SIGSYS

AF_INET, AF_INET6, AF_PACKET = 2, 10, 17
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SECCOMP_RET_ALLOW, SECCOMP_RET_KILL_PROCESS = 0x7FFF0000, 0x80000000
BPF_LD_W_ABS, BPF_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
# machine -> (AUDIT_ARCH_*, the number of the socket() system call)
ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}


class _Filter(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))


def _program(arch: int, socket_nr: int) -> bytes:
    """struct seccomp_data: nr at offset 0, arch at 4, args[0] (low half, little-endian) at 16."""
    def op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
        return struct.pack("=HBBI", code, jt, jf, k)

    return b"".join([
        op(BPF_LD_W_ABS, 4),                     # 0: arch
        op(BPF_JEQ_K, arch, 0, 7),               # 1: another ABI: kill (8 + 1)
        op(BPF_LD_W_ABS, 0),                     # 2: system call number
        op(BPF_JEQ_K, socket_nr, 0, 4),          # 3: not socket(): allow (8)
        op(BPF_LD_W_ABS, 16),                    # 4: socket()'s address family
        op(BPF_JEQ_K, AF_INET, 3, 0),            # 5: -> kill (9)
        op(BPF_JEQ_K, AF_INET6, 2, 0),           # 6: -> kill (9)
        op(BPF_JEQ_K, AF_PACKET, 1, 0),          # 7: -> kill (9)
        op(BPF_RET_K, SECCOMP_RET_ALLOW),        # 8
        op(BPF_RET_K, SECCOMP_RET_KILL_PROCESS),  # 9
    ])


def deny_internet_sockets() -> None:
    """Install the filter on this process (and everything it execs or starts); it cannot be removed."""
    if not sys.platform.startswith("linux") or platform.machine() not in ARCHES:
        raise OSError(f"the seccomp guard supports Linux on {', '.join(ARCHES)} only")
    code = _program(*ARCHES[platform.machine()])
    buffer = ctypes.create_string_buffer(code, len(code))
    program = _Filter(len(code) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(program), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def seccomp_guarded(command: list[str]) -> list[str]:
    # -I: the launcher itself ignores PYTHONPATH, so the audit hook arms only in the program it starts.
    return [sys.executable, "-I", str(Path(__file__).resolve()), "--", *command]


def unshare_works() -> bool:
    """Whether this machine lets us run a command in a network namespace of its own (root, or user
    namespaces allowed). Containers often forbid it; then the other two guards still run."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    return subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0


def isolated(command: list[str]) -> list[str]:
    """COMMAND under every OS-level guard available: a network namespace if permitted, and seccomp."""
    guarded = seccomp_guarded(command)
    return ["unshare", "-n", *guarded] if unshare_works() else guarded


def audit_env(log: Path) -> dict[str, str]:
    """Environment that arms the audit hook in every Python process started with it."""
    return {"PYTHONPATH": str(AUDIT_HOOK_DIR), SOCKET_LOG_ENV: str(log)}


def audit_findings(log: Path) -> list[str]:
    """What the audit hook recorded besides its "armed" lines; raises if it was never armed."""
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    if not any(line.startswith("armed ") for line in lines):
        raise AssertionError(f"the audit hook never armed itself ({log} has no 'armed' line)")
    return [line for line in lines if not line.startswith("armed ")]


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    deny_internet_sockets()
    command = argv[1:]
    os.execvp(command[0], command)
    return 127  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
