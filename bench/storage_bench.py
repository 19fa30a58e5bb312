"""Storage benchmark: the encrypted store against the same code over an unencrypted database, in one run.

    .venv/bin/python bench/storage_bench.py [--messages 100000] [--conversations 1000] [--big 10000]

Both databases get identical content (seeded random text) and are driven through the very same `Store`
methods; the baseline is a plain SQLite database opened with the same SQLite build (sqlcipher3 without a
key), so the ratio is the cost of encryption alone, not of a different SQLite version. Operations (issue 3):
append a message (a committed, fsynced transaction), open a 10,000-message conversation, full-text search
over 100,000 messages, list 1,000 conversations; also a streaming save, unlocking (the PBKDF2 key derivation,
encrypted only) and a full integrity check. The encrypted store is measured twice: as shipped
(cipher_memory_security OFF) and with cipher_memory_security ON — a process-wide setting that cannot be
switched off again, so that run happens in a child process. Prints a Markdown table of medians and ratios.

The cipher_memory_security decision (app/storage/connection.py, MEMORY_SECURITY) rests on the last line.

    .venv/bin/python bench/storage_bench.py --search-growth

Only the last section (also printed after the full run): searching one huge message must grow linearly with
its size (issue 13: FTS5's snippet() was quadratic in the matches of one message). Prints the time to search a
200 KB message against a 100 KB one, for one word repeated throughout (every word a match, the worst case)
and for seeded random text; a ratio near 2 is linear, near 4 quadratic.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlcipher3 import dbapi2 as sqlcipher  # noqa: E402

from app.storage import Store, connection  # noqa: E402
from app.storage.migrations import migrate  # noqa: E402

PASSPHRASE = "correct horse battery staple"
TARGETS_MS = {"append": 5.0, "open_10k": 150.0, "search": 50.0}
WORDS = (  # noqa: SIM905 - a sentence is easier to read and edit than 85 quoted words
    "feel anxious calm sleep work family friend worry breathe walk morning evening thought pattern notice "
    "gentle kind therapy session homework exercise journal mood tired hopeful stress heart panic relax "
    "challenge evidence balanced alternative situation reaction behaviour avoid approach small step today "
    "tomorrow weekend talk listen remember plan rest body tension shoulders coffee rain sunlight music "
    "reading cooking garden bus office meeting deadline email phone message sister brother mother father "
    "partner dog cat park river quiet noisy crowded alone together laugh cry angry sad happy proud"
).split()
SEARCHES = ("panic", "sleep tired", "garden*", "worry about deadline", "zebra")


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 60))).capitalize() + "."


def populate(store: Store, messages: int, conversations: int, big: int, seed: int) -> int:
    """Identical content for every store (same seed); returns the id of the big conversation. Loaded in
    one transaction through the store's own connection (the triggers fill the search index as usual)."""
    rng = random.Random(seed)
    conn = store._conn
    now = time.time_ns() // 1000
    conn.execute("BEGIN")
    rows = [(f"Conversation {i}", now - (conversations - i) * 10**8) for i in range(conversations)]
    conn.executemany("INSERT INTO conversations (title, created_at, updated_at) VALUES (?1, ?2, ?2)", rows)
    ids = [r[0] for r in conn.execute("SELECT id FROM conversations ORDER BY id")]
    big_id = ids[0]
    plan = [big_id] * big + [ids[1 + i % (len(ids) - 1)] for i in range(messages - big)]
    conn.executemany(
        "INSERT INTO messages (conversation_id, role, content, created_at, status) VALUES (?, ?, ?, ?, ?)",
        ((cid, "user" if n % 2 == 0 else "assistant", sentence(rng), now + n, "complete")
         for n, cid in enumerate(plan)),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return big_id


def open_plain(path: Path) -> Store:
    conn = connection.connect(path)
    connection.configure(conn)
    migrate(conn)
    return Store(conn)


Op = tuple[Callable[[], object], int, Callable[[], object] | None]


def operations(store: Store, big_id: int) -> dict[str, Op]:
    """Each benchmarked operation on `store`: the action, how many times to repeat it (per 50 runs), and an
    untimed setup run before each repetition. "cold" variants first drop the connection's page cache
    (PRAGMA shrink_memory), so every page is read and, for SQLCipher, decrypted again."""

    def drop_cache() -> None:
        store._conn.execute("PRAGMA shrink_memory")

    small = store.list_conversations(limit=1)[0].id
    reply = store.add_message(small, "assistant", "Let", status="incomplete")
    text = iter(range(10**9))
    ops: dict[str, Op] = {
        "append": (lambda: store.add_message(small, "user", "A new message, committed."), 50, None),
        "stream_save": (
            lambda: store.update_message(reply.id, content=f"Let us try {next(text)} " * 40), 50, None
        ),
        "open_10k": (lambda: store.messages(big_id), 10, None),
        "open_10k_cold": (lambda: store.messages(big_id), 10, drop_cache),
        "list_1000": (lambda: store.list_conversations(limit=1000), 50, None),
        "list_1000_cold": (lambda: store.list_conversations(limit=1000), 20, drop_cache),
    }
    for query in SEARCHES:
        ops[f"search:{query}"] = (lambda q=query: store.search(q, limit=50), 50, None)
    ops["search_cold"] = (lambda: store.search(SEARCHES[1], limit=50), 20, drop_cache)
    ops["quick_check"] = (lambda: store._conn.execute("PRAGMA quick_check").fetchall(), 3, None)
    return ops


def measure(stores: list[Store], big_id: int, runs: int) -> list[dict[str, float]]:
    """Median ms per operation for each store, runs interleaved (A, B, B, A, …) so that drift in the machine
    or the interpreter falls on both alike."""
    per_store = [operations(store, big_id) for store in stores]
    results: list[dict[str, float]] = [{} for _ in stores]
    for name, (_, weight, _) in per_store[0].items():
        gc.collect()
        times: list[list[float]] = [[] for _ in stores]
        for ops in per_store:
            ops[name][0]()  # warm-up
        for run in range(max(3, runs * weight // 50)):
            order = range(len(stores)) if run % 2 == 0 else reversed(range(len(stores)))
            for index in order:
                action, _, setup = per_store[index][name]
                if setup is not None:
                    setup()
                started = time.perf_counter()
                action()
                times[index].append((time.perf_counter() - started) * 1000)
        for index, samples in enumerate(times):
            results[index][name] = statistics.median(samples)
    for result in results:
        result["search"] = statistics.median(result[f"search:{q}"] for q in SEARCHES)
    return results


def unlock_ms(data_dir: Path) -> float:
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        Store.open(data_dir, PASSPHRASE).close()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def child(data_dir: Path, big_id: int, runs: int) -> None:
    connection.MEMORY_SECURITY = True
    unlock = unlock_ms(data_dir)
    with Store.open(data_dir, PASSPHRASE) as store:
        (results,) = measure([store], big_id, runs)
    results["unlock"] = unlock
    probe = sqlcipher.connect(":memory:")
    results["memory_security_enabled"] = float(probe.execute("PRAGMA cipher_memory_security").fetchone()[0])
    print(json.dumps(results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--conversations", type=int, default=1_000)
    parser.add_argument("--big", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--search-growth", action="store_true", help="only the huge-message search section")
    parser.add_argument("--child", nargs=2, metavar=("DIR", "BIG_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), int(args.child[1]), args.runs)
        return
    if args.search_growth:
        search_growth(args.seed)
        return

    work = Path(tempfile.mkdtemp(prefix="confidant-bench-"))
    try:
        started = time.perf_counter()
        plain = open_plain(work / "plain.db")
        plain_big = populate(plain, args.messages, args.conversations, args.big, args.seed)
        encrypted_dir = work / "encrypted"
        with Store.create(encrypted_dir, PASSPHRASE) as store:
            big_id = populate(store, args.messages, args.conversations, args.big, args.seed)
        assert big_id == plain_big
        elapsed = time.perf_counter() - started
        print(f"built 2 x {args.messages:,} messages in {elapsed:.0f} s", file=sys.stderr)

        plain.close()  # both reopened cold, then measured side by side
        unlock = unlock_ms(encrypted_dir)
        with open_plain(work / "plain.db") as plain, Store.open(encrypted_dir, PASSPHRASE) as encrypted:
            base, enc = measure([plain, encrypted], big_id, args.runs)
        enc["unlock"] = unlock
        out = subprocess.run(
            [sys.executable, __file__, "--runs", str(args.runs), "--child", str(encrypted_dir), str(big_id)],
            check=True, capture_output=True, text=True,
        )
        memsec = json.loads(out.stdout)
        sizes = (work / "plain.db").stat().st_size, (encrypted_dir / "history.db").stat().st_size
        report(args, base, enc, memsec, sizes)
        search_growth(args.seed)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(args: argparse.Namespace, base: dict, enc: dict, memsec: dict, sizes: tuple[int, int]) -> None:
    labels = {
        "append": "append a message (commit + fsync)",
        "stream_save": "save a streaming reply (update_message)",
        "open_10k": f"open a {args.big:,}-message conversation",
        "open_10k_cold": "  the same, page cache dropped first",
        "search": f"search {args.messages:,} messages (median of {len(SEARCHES)} queries, 50 hits)",
        **{f"search:{q}": f"  search `{q}`" for q in SEARCHES},
        "search_cold": f"  search `{SEARCHES[1]}`, page cache dropped first",
        "list_1000": f"list {args.conversations:,} conversations",
        "list_1000_cold": "  the same, page cache dropped first",
        "quick_check": "PRAGMA quick_check (whole file; not done at open)",
    }
    print(f"\n{args.messages:,} messages in {args.conversations:,} conversations; medians in ms; "
          f"SQLite {sqlcipher.sqlite_version}.\n")
    print("| operation | plain SQLite | SQLCipher | ratio | SQLCipher + memory security | ratio | target |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for key, label in labels.items():
        target = TARGETS_MS.get(key)
        verdict = "" if target is None else f"<= {target:g} ms {'ok' if enc[key] <= target else 'MISSED'}"
        print(f"| {label} | {base[key]:.2f} | {enc[key]:.2f} | {enc[key] / base[key]:.2f}x | "
              f"{memsec[key]:.2f} | {memsec[key] / base[key]:.2f}x | {verdict} |")
    print(f"| unlock (PBKDF2-HMAC-SHA512, 256,000 iterations) | – | {enc['unlock']:.0f} | – | "
          f"{memsec['unlock']:.0f} | – | |")
    print(f"\nfile size: plain {sizes[0] / 2**20:.1f} MiB, encrypted {sizes[1] / 2**20:.1f} MiB")
    keys = [*TARGETS_MS, "open_10k_cold", "search_cold", "list_1000", "list_1000_cold"]
    worst = max(enc[k] / base[k] for k in keys)
    print(f"encryption overhead on the target operations: worst {worst:.2f}x (target <= 2x)")
    cost = statistics.median(memsec[k] / enc[k] for k in [*keys, "stream_save", "quick_check"])
    print(f"cipher_memory_security ON costs a median {cost:.2f}x the shipped setting "
          f"(enabled in child: {bool(memsec.get('memory_security_enabled'))})")


def search_growth(seed: int, sizes_kb: tuple[int, int] = (100, 200), runs: int = 5) -> None:
    """Median search time in one message of each size, and the ratio (linear: the size ratio)."""
    rng = random.Random(seed)
    texts = {
        "one word repeated": lambda kb: "worry " * (kb * 1000 // 6),
        "random text": lambda kb: " ".join(rng.choice(WORDS) for _ in range(kb * 1000 // 7)),
    }
    work = Path(tempfile.mkdtemp(prefix="confidant-bench-"))
    print("\n| search in one huge message | " + " | ".join(f"{kb} KB (ms)" for kb in sizes_kb) + " | ratio |")
    print("|---|" + "---:|" * (len(sizes_kb) + 1))
    try:
        with Store.create(work / "store", PASSPHRASE) as store:
            conversation = store.create_conversation("big")
            for label, make in texts.items():
                times = []
                for kb in sizes_kb:
                    message = store.add_message(conversation.id, "user", make(kb))
                    samples = []
                    for _ in range(runs):
                        started = time.perf_counter()
                        assert len(store.search("worry")) == 1
                        samples.append((time.perf_counter() - started) * 1000)
                    times.append(statistics.median(samples))
                    store.delete_message(message.id)
                print(f"| {label} | " + " | ".join(f"{t:.1f}" for t in times) +
                      f" | {times[-1] / times[0]:.2f}x (linear {sizes_kb[-1] / sizes_kb[0]:g}x) |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
