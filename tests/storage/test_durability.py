"""Nothing committed is ever lost: not to SIGKILL mid-reply, not to a full disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.storage import DiskFull, Store
from tests.storage.storage_support import PASSPHRASE, ROOT, run_python

# A chat in miniature: each user message committed, then a reply saved as it "streams", then completed.
# Every line is printed only after the call it reports has returned, i.e. after the commit.
WRITER = """
import sys
from pathlib import Path
from app.storage import Store
store = Store.open(Path(sys.argv[1]), sys.argv[2])
conversation = store.create_conversation("kill test")
print("conversation", conversation.id, flush=True)
n = 0
while True:
    user = store.add_message(conversation.id, "user", f"user message {n} " * 20)
    print("saved", user.id, len(user.content), flush=True)
    reply = store.add_message(conversation.id, "assistant", "", status="incomplete")
    print("saved", reply.id, 0, flush=True)
    text = ""
    for piece in range(6):
        text += f"piece {piece} of reply {n}. " * 10
        store.update_message(reply.id, content=text)
        print("saved", reply.id, len(text), flush=True)
    store.update_message(reply.id, status="complete")
    print("complete", reply.id, flush=True)
    n += 1
"""


@pytest.mark.parametrize("lines_before_kill", [7, 60, 173])
def test_sigkill_mid_reply_loses_no_committed_message(store_dir: Path, lines_before_kill: int) -> None:
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(store_dir), PASSPHRASE], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = [child.stdout.readline() for _ in range(lines_before_kill)]
    child.send_signal(signal.SIGKILL)  # while it keeps writing
    rest, stderr = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL and stderr == ""
    report = [line.split() for line in [*lines, *rest.splitlines()] if line.strip()]
    conversation_id = int(report[0][1])
    saved: dict[int, int] = {}
    completed = set()
    for word, message_id, *length in report[1:]:
        if word == "saved":
            saved[int(message_id)] = int(length[0])
        elif word == "complete":
            completed.add(int(message_id))

    with Store.open(store_dir, PASSPHRASE) as store:
        assert store.check_integrity() == []
        stored = {m.id: m for m in store.messages(conversation_id)}
        assert set(saved) <= set(stored)
        for message_id, length in saved.items():
            assert len(stored[message_id].content) >= length
        assert all(stored[i].status == "complete" for i in completed)
        assert len(stored) <= len(saved) + 1  # at most the one being added when the kill landed
        assert store.get_conversation(conversation_id).message_count == len(stored)


def fill_until_full(store: Store, conversation_id: int) -> list[int]:
    committed = []
    with pytest.raises(DiskFull, match="not enough disk space"):
        for n in range(10_000):
            committed.append(store.add_message(conversation_id, "user", f"{n} " + "x" * 20_000).id)
    return committed


@pytest.fixture
def tiny_disk(tmp_path: Path):
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount_point)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("mounting a 1 MiB tmpfs needs root; test_file_size_limit_is_a_full_disk covers this")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=True)


def test_full_disk_fails_clearly_and_keeps_earlier_history(tiny_disk: Path) -> None:
    data_dir = tiny_disk / "data"
    filler = tiny_disk / "filler"
    with Store.create(data_dir, PASSPHRASE) as store:
        conversation = store.create_conversation("before the disk filled")
        filler.write_bytes(b"\0" * 200_000)
        committed = fill_until_full(store, conversation.id)
        assert committed, "the disk filled before a single message: make the tmpfs bigger"
        with pytest.raises(DiskFull):  # a long message (titles are cut to 200 characters, so not a title)
            store.add_message(conversation.id, "user", "x" * 300_000)
        assert [m.id for m in store.messages(conversation.id)] == committed
        filler.unlink()  # space freed: writing works again
        committed.append(store.add_message(conversation.id, "user", "after freeing space").id)
    with Store.open(data_dir, PASSPHRASE) as store:
        assert store.check_integrity() == []
        assert [m.id for m in store.messages(conversation.id)] == committed
        assert store.get_conversation(conversation.id).title == "before the disk filled"


FSIZE_WRITER = """
import resource, signal, sys
from pathlib import Path
from app.storage import DiskFull, Store
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG, as a shell with `ulimit -f` would not kill us
store = Store.open(Path(sys.argv[1]), sys.argv[2])
conversation = store.create_conversation("limited")
resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, resource.RLIM_INFINITY))
committed = []
try:
    for n in range(10_000):
        committed.append(store.add_message(conversation.id, "user", f"{n} " + "x" * 20_000).id)
except DiskFull as error:
    print("DiskFull", error)
print(conversation.id, *committed)
store.close()
"""


def test_file_size_limit_is_a_full_disk(store_dir: Path) -> None:
    """Works without root: RLIMIT_FSIZE in a child makes writes fail (EFBIG) like a full disk."""
    result = run_python(FSIZE_WRITER, str(store_dir), PASSPHRASE)
    assert result.stderr == ""
    first, second = result.stdout.splitlines()
    assert first.startswith("DiskFull There is not enough disk space")
    conversation_id, *committed = map(int, second.split())
    assert committed
    with Store.open(store_dir, PASSPHRASE) as store:
        assert store.check_integrity() == []
        assert [m.id for m in store.messages(conversation_id)] == committed
    assert os.path.getsize(store_dir / "history.db") > 0
