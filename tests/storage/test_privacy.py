"""A canary written through the API appears nowhere in plaintext: not in the database, its WAL/SHM (also while
the store is open), the lock, a backup, or the temp dir. The one file that may hold it is an explicit export,
which is the positive control proving the scan would have found it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.storage import EXPORT_WARNING
from app.storage.files import DB_NAME
from tests.storage.storage_support import PASSPHRASE, ROOT

CANARY = "Canary-7f3a quokka lighthouse"

CHILD = """
import sys
from pathlib import Path
from app.storage import AuditRecord, Store
from app.storage.export import export_json
data_dir, backup, export, canary, passphrase = sys.argv[1:]
store = Store.create(Path(data_dir), passphrase)
conversation = store.create_conversation(f"title {canary}")
store.add_message(conversation.id, "user", f"my secret: {canary}")
reply = store.add_message(conversation.id, "assistant", "", status="incomplete")
for n in range(1, 6):
    store.update_message(reply.id, content=f"{canary} " * n)
store.update_message(reply.id, status="complete", flags=[canary])
store.set_setting("note", canary)
store.add_audit_event(AuditRecord("flagged", "test", "rule", conversation.id, canary))
for _ in range(200):  # enough writes to exercise sorting, search and the WAL
    store.add_message(conversation.id, "user", f"filler with {canary} inside")
assert store.search("quokka lighthouse")
store.list_conversations()
store.backup_to(Path(backup))
export_json(store, None, Path(export))
print("open", flush=True)
sys.stdin.readline()
store.close()
print("closed", flush=True)
"""


def leaks(paths: list[Path]) -> list[str]:
    needles = [CANARY.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")] + [b"quokka"]
    found = []
    for path in paths:
        data = path.read_bytes()
        found += [f"{path.name}: {needle!r}" for needle in needles if needle in data]
    return found


def files_under(*roots: Path) -> list[Path]:
    return [p for root in roots for p in root.rglob("*") if p.is_file()]


def test_canary_is_never_on_disk_in_plaintext(tmp_path: Path) -> None:
    data_dir, temp_dir, outside = tmp_path / "data", tmp_path / "tmp", tmp_path / "chosen"
    temp_dir.mkdir()
    outside.mkdir()
    backup, export = outside / "backup.db", outside / "export.json"
    env = {"PATH": "/usr/bin:/bin", "TMPDIR": str(temp_dir), "SQLITE_TMPDIR": str(temp_dir)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), str(backup), str(export), CANARY, PASSPHRASE],
        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout.readline() == "open\n", child.stderr.read()
        while_open = files_under(data_dir, temp_dir)
        wal = data_dir / f"{DB_NAME}-wal"
        assert wal in while_open and wal.stat().st_size > 0  # the WAL really holds the recent writes
        assert leaks(while_open) == []
        child.stdin.write("close\n")
        child.stdin.flush()
        assert child.stdout.readline() == "closed\n"
    finally:
        _, err = child.communicate(timeout=30)
    assert child.returncode == 0, err

    assert leaks([*files_under(data_dir, temp_dir), backup]) == []
    assert leaks([export]), "positive control: the plaintext export must contain the canary"
    assert "NOT encrypted" in EXPORT_WARNING
