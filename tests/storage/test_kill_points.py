"""Kill-point tests: every destructive command, SIGKILLed before a chosen system call, leaves one history.

Each command runs as a person runs it (`python -m app --data-dir HOME …`) under
`strace -f -e inject=SYSCALL:signal=KILL:when=N`, which kills the process on entering its Nth call of SYSCALL
(the call itself never happens). After each kill the next start's recovery runs, and then exactly one complete
history must open with exactly one of the passphrases involved, holding the old or the new content, with no
leftovers (`.restoring`, `.before-restore*`, `.wiping`, `.partial`, `-journal`) beside it. A killed wipe may
instead leave nothing at all: a clean first run.

Which N: one untampered traced run lists the command's calls. Every rename, link, unlink and ftruncate is a
kill point; fsync, write and openat are sampled evenly (they are many, and mostly page writes of the same
transaction), counting only calls after the command first touches the data dir or the backup.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.storage import StorageError, Store, StoreNotFound, WrongPassphrase
from app.storage.files import DB_NAME, LOCK_NAME
from tests.storage.storage_support import ROOT

OLD = "old passphrase, correct"
NEW = "new passphrase, also correct"
ALWAYS_KILLED = ("rename", "renameat", "renameat2", "link", "linkat", "unlink", "unlinkat", "ftruncate")
SAMPLED = {"fsync": 14, "fdatasync": 4, "write": 5, "pwrite64": 7, "openat": 6}
WORKERS = 2
# What a healthy data dir may hold after recovery: the store, its own WAL/SHM, and the lock.
ALLOWED = {DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", LOCK_NAME}

Fingerprint = tuple[tuple[str, tuple[str, ...]], ...]


def _strace_works() -> str | None:
    strace = shutil.which("strace")
    if strace is None:
        return "strace is not installed (packaging/dev.py setup installs it on Debian/Ubuntu)"
    probe = subprocess.run([strace, "-f", "-o", os.devnull, "true"], capture_output=True)
    if probe.returncode != 0:
        return f"strace cannot trace here (ptrace refused?): {probe.stderr.decode(errors='replace').strip()}"
    return None


pytestmark = [pytest.mark.slow, pytest.mark.skipif(_strace_works() is not None, reason=str(_strace_works()))]


# ---- the histories involved --------------------------------------------------------------------------------


def fill(store: Store, titles: dict[str, list[str]]) -> None:
    for title, texts in titles.items():
        conversation = store.create_conversation(title)
        for text in texts:
            store.add_message(conversation.id, "user", text)


OLD_CONTENT = {"walk by the river": ["it helped", "I slept better"], "work worries": ["the deadline", "my boss"]}
BACKUP_CONTENT = {"from the backup": ["an older day", "still mine"]}


def fingerprint(store: Store) -> Fingerprint:
    return tuple((c.title, tuple(m.content for m in store.messages(c.id)))
                 for c in sorted(store.list_conversations(limit=1000), key=lambda c: c.id))


def expected(titles: dict[str, list[str]]) -> Fingerprint:
    return tuple((title, tuple(texts)) for title, texts in titles.items())


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`old`: a history under OLD whose last message is still in the WAL (as after a crash), so a step that
    separates a database from its WAL loses it visibly. `backup`: a backup file under NEW."""
    root = tmp_path_factory.mktemp("kill-templates")
    old, scratch = root / "old", root / "scratch"
    with Store.create(scratch, OLD) as store:
        fill(store, {"walk by the river": OLD_CONTENT["walk by the river"]})
        conversation = store.create_conversation("work worries")
        store.add_message(conversation.id, "user", "the deadline")
        store.close()
    with Store.open(scratch, OLD) as store:
        store.add_message(2, "user", "my boss")  # committed to the WAL; copied below before any checkpoint
        old.mkdir(mode=0o700)
        for name in (DB_NAME, f"{DB_NAME}-wal"):
            shutil.copy2(scratch / name, old / name)
    assert (old / f"{DB_NAME}-wal").stat().st_size > 0
    with Store.create(root / "backup-home", NEW) as store:
        fill(store, BACKUP_CONTENT)
        store.backup_to(root / "backup.db")
    return {"old": old, "backup": root / "backup.db"}


# ---- one command, many kill points ---------------------------------------------------------------------------


@dataclass
class Command:
    name: str
    argv: Callable[[Path], list[str]]  # given the case folder
    env: dict[str, str]
    outcomes: set[tuple[str | None, Fingerprint | None]]  # (passphrase label, content); (None, None): nothing left
    check_extra: Callable[[Path], list[str]] = lambda case: []


@dataclass
class Point:
    syscall: str
    n: int
    detail: str


@dataclass
class Result:
    point: Point
    completed: bool
    problems: list[str] = field(default_factory=list)


def environment(command: Command) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFIDANT_")}
    return {**env, **command.env}


def prepare(case: Path, templates: dict[str, Path]) -> Path:
    home = case / "home"
    shutil.copytree(templates["old"], home)
    shutil.copy2(templates["backup"], case / "backup.db")
    (case / "out").mkdir()
    return home


def run(command: Command, case: Path, strace_args: list[str]) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "app", "--data-dir", str(case / "home"), *command.argv(case)]
    return subprocess.run(["strace", "-f", *strace_args, *argv], cwd=ROOT, env=environment(command),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


def kill_points(command: Command, case: Path) -> list[Point]:
    """Trace one untampered run; return every rename/link/unlink/ftruncate and a sample of the rest."""
    log = case / "trace.log"
    syscalls = ",".join([*ALWAYS_KILLED, *SAMPLED])
    result = run(command, case, ["-o", str(log), "-e", f"trace={syscalls}"])
    assert result.returncode == 0, result.stderr
    lines = log.read_text(errors="replace").splitlines()
    main_pid = lines[0].split()[0]
    counts: dict[str, int] = {}
    started = False
    candidates: dict[str, list[Point]] = {}
    for line in lines:
        pid, _, rest = line.partition(" ")
        match = re.match(r"\s*(\w+)\(", rest)
        if pid != main_pid or not match:
            continue
        syscall = match.group(1)
        counts[syscall] = counts.get(syscall, 0) + 1
        started = started or str(case) in rest
        if started:
            candidates.setdefault(syscall, []).append(Point(syscall, counts[syscall], rest.strip()[:160]))
    points = []
    for syscall, found in candidates.items():
        limit = SAMPLED.get(syscall)
        if limit is None or len(found) <= limit:
            points += found
        else:
            step = (len(found) - 1) / (limit - 1)
            points += [found[round(i * step)] for i in range(limit)]
    return points


def inspect(command: Command, case: Path) -> list[str]:
    """What is wrong with the case folder after recovery (empty: exactly one good history, or none if allowed)."""
    home = case / "home"
    problems = []
    note = Store.recover(home)
    leftovers = sorted(p.name for p in home.iterdir() if p.name not in ALLOWED) if home.exists() else []
    if leftovers:
        problems.append(f"leftovers after recovery: {leftovers} (note: {note!r})")
    opened: list[tuple[str, Fingerprint, list[str]]] = []
    for label, passphrase in (("OLD", OLD), ("NEW", NEW)):
        try:
            with Store.open(home, passphrase) as store:
                opened.append((label, fingerprint(store), store.check_integrity()))
        except (WrongPassphrase, StoreNotFound):
            pass
        except StorageError as error:
            problems.append(f"{label}: {error}")
    if len(opened) > 1:
        problems.append(f"opens with both passphrases: {[o[0] for o in opened]}")
    elif not opened:
        if (None, None) not in command.outcomes:
            problems.append("no history opens")
        elif home.exists() and any(p.name.startswith("history.db") for p in home.iterdir()):
            problems.append(f"no history opens, yet files remain: {sorted(os.listdir(home))}")
    else:
        label, content, integrity = opened[0]
        if integrity:
            problems.append(f"integrity: {integrity[:2]}")
        if (label, content) not in command.outcomes:
            problems.append(f"opens with {label} holding {content}")
    return problems + command.check_extra(case)


def try_point(command: Command, templates: dict[str, Path], root: Path, point: Point) -> Result:
    case = root / f"{point.syscall}-{point.n}"
    case.mkdir()
    prepare(case, templates)
    result = run(command, case, ["-o", os.devnull, "-e", f"inject={point.syscall}:signal=KILL:when={point.n}"])
    completed = result.returncode == 0
    if not completed and result.returncode != -9:
        return Result(point, completed, [f"exit {result.returncode}: {result.stderr.strip()[-300:]}"])
    problems = inspect(command, case)
    shutil.rmtree(case, ignore_errors=True)
    return Result(point, completed, problems)


def backup_left_clean(case: Path) -> list[str]:
    """The backup is either absent or complete (opens with OLD, holds the old content); nothing else."""
    out = case / "out"
    stray = sorted(p.name for p in out.iterdir() if p.name != "b.db")
    problems = [f"leftovers beside the backup: {stray}"] if stray else []
    if (out / "b.db").exists():
        check = case / "check"
        check.mkdir(mode=0o700)
        shutil.copy2(out / "b.db", check / DB_NAME)
        try:
            with Store.open(check, OLD) as store:
                if fingerprint(store) != expected(OLD_CONTENT):
                    problems.append("the backup holds other content")
        except StorageError as error:
            problems.append(f"the backup does not open: {error}")
    return problems


OLD_STATE = ("OLD", expected(OLD_CONTENT))
COMMANDS = {
    "restore": Command("restore", lambda case: ["restore", str(case / "backup.db"), "--yes"],
                       {"CONFIDANT_PASSPHRASE": NEW}, {OLD_STATE, ("NEW", expected(BACKUP_CONTENT))}),
    "backup": Command("backup", lambda case: ["backup", str(case / "out" / "b.db")],
                      {"CONFIDANT_PASSPHRASE": OLD}, {OLD_STATE}, backup_left_clean),
    "passphrase change": Command("passphrase change", lambda case: ["passphrase", "change"],
                                 {"CONFIDANT_PASSPHRASE": OLD, "CONFIDANT_NEW_PASSPHRASE": NEW},
                                 {OLD_STATE, ("NEW", expected(OLD_CONTENT))}),
    "wipe": Command("wipe", lambda case: ["wipe", "--yes"], {}, {OLD_STATE, (None, None)}),
    "history delete": Command("history delete", lambda case: ["history", "delete", "2", "--yes"],
                              {"CONFIDANT_PASSPHRASE": OLD},
                              {OLD_STATE, ("OLD", expected({"walk by the river": OLD_CONTENT["walk by the river"]}))}),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_killed_command_leaves_exactly_one_history(name: str, templates: dict[str, Path], tmp_path: Path) -> None:
    command = COMMANDS[name]
    reference = tmp_path / "reference"
    reference.mkdir()
    prepare(reference, templates)
    points = kill_points(command, reference)
    assert not inspect(command, reference)  # the untampered run ends in a good state too
    assert {p.syscall for p in points} >= {"unlink", "fsync"}
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda point: try_point(command, templates, tmp_path, point), points))
    bad = [r for r in results if r.problems]
    by_syscall: dict[str, int] = {}
    for result in results:
        by_syscall[result.point.syscall] = by_syscall.get(result.point.syscall, 0) + 1
    lost = [r for r in bad if any(not problem.startswith("leftovers") for problem in r.problems)]
    print(f"\n{name}: {len(results)} kill points {by_syscall}; {len(bad)} bad, {len(lost)} of them with no "
          "single good history (the rest: leftovers only)")
    report = "\n".join(f"  {r.point.syscall} #{r.point.n} [{r.point.detail}]: {'; '.join(r.problems)}"
                       for r in bad)
    assert not bad, f"{len(bad)} of {len(results)} kill points of `{name}` left a bad state:\n{report}"
