"""`confidant --self-test`: prove that this copy of Confidant works, from the model file to the encrypted store.

Packagers and support run it after installing (from source or from the bundle alike). It loads the default
model that ships with this copy and checks it against the catalog's sha256, creates a throw-away encrypted
store in a temp dir, sends one message through the guardrails and the model, checks that a crisis message
gets the profile's fixed response without the model being asked, reopens the store with its passphrase,
removes it, and says which model, profile, SQLCipher, llama.cpp and Qt did the work. It never touches the
person's own data. Any failure is one line naming the step, and a non-zero exit.

Plain Python: Qt is loaded only by the last step, inside a function, through app.ui.qt.
"""

from __future__ import annotations

import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from app import __version__
from app.checksum import sha256_of
from app.errors import ConfidantError

EXIT_FAILED = 1
REPLY_PROBE = "Hello! This is a quick check that you can answer."
CRISIS_PROBE = "I feel like I want to end my life."
REPLY_TOKENS = 8


class SelfTestFailed(ConfidantError):
    """One step of the self-test went wrong; the message names the step and the reason."""


@contextmanager
def step(name: str) -> Iterator[None]:
    """Turn anything raised inside a step into one readable line naming that step."""
    try:
        yield
    except SelfTestFailed:
        raise
    except Exception as error:  # every failure becomes one line, never a traceback
        reason = str(error) if isinstance(error, ConfidantError) else f"{type(error).__name__}: {error}"
        raise SelfTestFailed(f"{name}: {' '.join(reason.split())}") from error


def sqlcipher_version() -> str:
    """The SQLCipher and SQLite versions of the library the store uses; fails if it cannot encrypt."""
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    if not row or not row[0]:
        raise SelfTestFailed("SQLCipher: this SQLite library has no encryption (PRAGMA cipher_version is empty)")
    return f"{row[0]} (SQLite {sqlcipher.sqlite_version})"


def llama_versions() -> str:
    import ctypes

    import llama_cpp
    from llama_cpp import _ggml

    llama = llama_cpp.llama_version().decode()
    ggml_version = _ggml.libggml.ggml_version
    ggml_version.restype = ctypes.c_char_p
    return f"{llama}, ggml {ggml_version().decode()}, llama-cpp-python {llama_cpp.__version__}"


def run_self_test(out: TextIO | None = None) -> int:
    """Run every step, printing each result as it passes; 0 when all pass, else one line on stderr and 1."""
    out = out or sys.stdout
    try:
        seconds = _run(out)
    except SelfTestFailed as failure:
        print(f"confidant: self-test failed: {failure}", file=sys.stderr, flush=True)
        return EXIT_FAILED
    print(f"self-test passed in {seconds:.1f} s", file=out, flush=True)
    return 0


def _run(out: TextIO) -> float:
    from app.chat.session import ChatSession, ReplyKind
    from app.model.catalog import load_catalog
    from app.model.engine import Engine
    from app.model.sampling import Sampling
    from app.paths import models_dir
    from app.safety import Guardrails, load_profile, load_scorers
    from app.storage import Store, wipe

    def report(label: str, text: str) -> None:
        print(f"  {label:<10} {text}", file=out, flush=True)

    started = time.perf_counter()
    print(f"Confidant {__version__} self-test", file=out, flush=True)

    with step("the default model"):
        entry = load_catalog().default
        path = models_dir() / entry.file
        if not path.is_file():
            raise SelfTestFailed(f"the default model: {path} is missing")
        digest = sha256_of(path)
        if digest != entry.sha256:
            raise SelfTestFailed(f"the default model: {path} does not match its catalog sha256 (damaged or "
                                 "replaced); reinstall Confidant")
    report("model", f"{entry.name}: {entry.file}, sha256 {digest[:12]}… matches the catalog")
    report("", str(path))

    with step("the guardrail profile"):
        profile = load_profile(None)  # strict: a missing or broken shipped profile fails the test
    report("profile", f"{profile.id} {profile.version} ({profile.name})")

    with step("the learned risk scorers"):
        scorers = load_scorers()
        if scorers.problem:
            raise SelfTestFailed(f"the learned risk scorers: {scorers.problem}")
        crisis_score = scorers.input.score(CRISIS_PROBE) if scorers.input else 0.0
        calm_score = scorers.input.score(REPLY_PROBE) if scorers.input else 1.0
        if not crisis_score > calm_score:
            raise SelfTestFailed(f"the learned risk scorers: a crisis message scored {crisis_score:.2f}, not "
                                 f"above an everyday one ({calm_score:.2f}); reinstall Confidant")
    report("scorers", f"input and output weights match their checksums (crisis probe {crisis_score:.2f}, "
                      f"everyday probe {calm_score:.2f})")

    with step("SQLCipher"):
        report("SQLCipher", sqlcipher_version())

    temp = Path(tempfile.mkdtemp(prefix="confidant-selftest-"))
    store_dir = temp / "store"
    engine = store = None
    try:
        with step("creating an encrypted store"):
            passphrase = secrets.token_urlsafe(24)
            store = Store.create(store_dir, passphrase)

        with step("loading the model"):
            loading = time.perf_counter()
            engine = Engine.load(path, n_ctx=512)
            report("llama.cpp", f"{llama_versions()}; model loaded in {time.perf_counter() - loading:.1f} s")

        guardrails = Guardrails(profile)
        sampling = Sampling(max_tokens=REPLY_TOKENS, temperature=0.0, seed=1)
        with step("a guarded reply"):
            replying = time.perf_counter()
            session = ChatSession.open(engine, guardrails, store, sampling=sampling)
            stream = session.send(REPLY_PROBE)
            reply = stream.finish()
            if stream.kind is not ReplyKind.MODEL or reply.tokens < 1:
                raise SelfTestFailed(f"a guarded reply: expected a model reply, got {stream.kind} with "
                                     f"{reply.tokens} tokens")
        outcome = "withheld by the output rail" if reply.violation else "passed the output rail"
        report("reply", f"{reply.tokens} tokens from the model, {outcome} "
                        f"({time.perf_counter() - replying:.1f} s)")

        with step("a crisis check"):
            # No engine at all: if the rails asked the model, the session would refuse to go on.
            crisis = ChatSession.open(None, guardrails, store, sampling=sampling)
            stream = crisis.send(CRISIS_PROBE)
            stream.finish()
            if stream.kind is not ReplyKind.CRISIS or not stream.resources:
                raise SelfTestFailed(f"a crisis check: a crisis message got a {stream.kind} reply with "
                                     f"{len(stream.resources)} help lines")
        report("crisis", f"the profile's crisis response with {len(stream.resources)} help lines; the model "
                         "was not asked")

        with step("reading the store back"):
            conversations = store.count_conversations()
            store.close()
            store = None
            for file in store_dir.iterdir():
                raw = file.read_bytes()
                if any(probe.encode() in raw for probe in (REPLY_PROBE, CRISIS_PROBE)):
                    raise SelfTestFailed(f"reading the store back: {file.name} holds message text in plaintext")
            with Store.open(store_dir, passphrase) as reopened:
                if reopened.count_conversations() != conversations or conversations != 2:
                    raise SelfTestFailed("reading the store back: the conversations did not survive reopening")
    finally:
        with suppress(Exception):
            if store is not None:
                store.close()
        with suppress(Exception):
            if engine is not None:
                engine.close()
        with suppress(Exception):
            wipe(store_dir)
        shutil.rmtree(temp, ignore_errors=True)
    if temp.exists():
        raise SelfTestFailed(f"removing the store: {temp} could not be removed")
    report("store", "encrypted, reopened with its passphrase, no plaintext in its files; removed")

    with step("loading Qt (the desktop app needs it; `confidant chat` does not)"):
        from app.ui.qt import PYSIDE_VERSION

        report("Qt", "PySide6 " + ".".join(str(part) for part in PYSIDE_VERSION[:3]))
    return time.perf_counter() - started
