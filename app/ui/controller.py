"""The GUI's bridge to the core: it owns the worker threads, and turns core results into Qt signals.

The store and the model each live on their own TaskRunner thread; the GUI thread only renders. Views ask
the controller for things and listen to its signals; they keep no copy of what the store or the session
already own (conversations, messages, crisis state).

Views never touch the runners. Work a view starts goes through one of three helpers, in the spirit of
Anki's QueryOp: `on_store(widget, op, done, failed)` runs `op(store)` on the store thread once it has checked
the store is open; `on_model(widget, op, done, failed)` runs `op()` on the model thread; and
`stream_on_model(...)` runs streamed model work (the thought record's help) on the same cancellable path as
a chat reply, so Stop, `generating` and locking all know about it. Results are delivered on the GUI thread
only while `widget` exists and its window has not been closed meanwhile (tasks.guarded); a failure goes to
`failed(message)`, or to the `error` signal when there is none or the widget is gone. A `widget` of None means
work the app must see through whatever happens to its windows: its callbacks always run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.chat.session import ChatSession, Reply, ReplyStream
from app.model.discovery import find_model
from app.model.engine import Engine, ModelInfo
from app.model.sampling import Sampling
from app.model.verify import verify_model
from app.paths import ensure_private_dir
from app.safety import Guardrails, HelpResource, Profile, ProfileLock, ScorerSet, default_profile, shipped_scorers
from app.settings import AppSettings
from app.storage import SearchHit, Store
from app.ui.qt import QObject, QWidget, Signal
from app.ui.tasks import Emit, TaskRunner, alive, guarded

log = logging.getLogger(__name__)

STORE_LOCKED = "Confidant is locked; unlock it first."
STOPPED = "Stopped."
BUSY_WRITING = "Confidant is still writing; try again when it has finished."

Failed = Callable[[str], None]


@dataclass(frozen=True)
class ShownMessage:
    role: str
    content: str
    status: str
    resources: tuple[HelpResource, ...] = ()  # set for a crisis response or a check-in question: shown as a card
    check_in: bool = False  # the check-in question (shown as a check-in card), not a crisis response
    cut_short: bool = False  # a reply stopped at its length limit: labelled as when it was written


@dataclass(frozen=True)
class OpenedConversation:
    """What the conversation view needs to show one conversation."""

    conversation_id: int | None
    title: str
    messages: list[ShownMessage]
    pinned: tuple[HelpResource, ...]
    awaiting_confirmation: bool
    opening: str | None  # a check-in message to show first, after a crisis in an earlier conversation
    disclaimer: str  # the profile's disclaimer, shown at the start of every conversation
    confirmation_prompt: str | None  # while the model waits for the person to confirm they are safe
    check_in_pending: bool = False  # the last check-in question still waits for the person's answer


class _GiveWay(threading.Event):
    """A pre-warm's cancel flag: set by hand, and seen as set while other work waits for its runner."""

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__()
        self._runner = runner

    def is_set(self) -> bool:
        return super().is_set() or self._runner.waiting > 1  # the pre-warm's own job is one


class ModelStream:
    """Streamed work on the model thread — a chat reply, or the thought record's help. It has one cancel flag,
    set by Stop (controller.stop) and seen by the work before each token or step; `on_stop` is anything else
    stopping takes (a chat session's own stop)."""

    def __init__(self, kind: str, on_stop: Callable[[], None] | None = None) -> None:
        self.kind = kind  # "reply": a chat reply; anything else: other streamed work
        self.cancel = threading.Event()
        self._on_stop = on_stop

    @property
    def stopped(self) -> bool:
        return self.cancel.is_set()

    def stop(self) -> None:
        self.cancel.set()
        if self._on_stop is not None:
            self._on_stop()


class AppController(QObject):
    # store and unlocking
    store_ready = Signal()
    unlock_failed = Signal(str, object)  # message, and the error (WrongPassphrase, CorruptStore, …) or None
    locked = Signal()
    # model
    model_progress = Signal(str, float)
    model_ready = Signal(object)  # ModelInfo
    model_failed = Signal(str)
    prewarmed = Signal(int)  # tokens of the open conversation's next prompt evaluated before the person sends
    # preferences (theme, text size, auto-lock, sampling, model)
    settings_changed = Signal(object)  # AppSettings
    # profile
    profile_changed = Signal(object, object)  # Profile, warning text or None
    # conversations
    conversations_changed = Signal(list)  # list[Conversation]
    conversation_opened = Signal(object)  # OpenedConversation
    search_results = Signal(str, list)  # query, list[SearchHit]
    # replies
    reply_started = Signal(object)  # ReplyStream (read its kind/verdict/resources; never iterate here)
    reply_text = Signal(str)  # the whole visible reply so far
    reply_finished = Signal(object, object)  # Reply, ReplyStream
    generating_changed = Signal(bool)  # a model stream (a reply, or the toolkit's help) started or ended
    # anything that went wrong, in words for the person
    error = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None, model_path: str | None = None,
                 scorers: ScorerSet | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.explicit_model = model_path
        self._scorers = scorers  # the learned risk scorers; None: the shipped ones, loaded off the GUI thread
        self.store_runner = TaskRunner("store", self)
        self.model_runner = TaskRunner("model", self)
        self.verify_runner = TaskRunner("verify", self)  # a loaded model's sha256, beside the model thread
        self.store: Store | None = None
        self.engine: Engine | None = None
        self.settings = AppSettings()
        self.guardrails: Guardrails | None = None
        self.profile_warning: str | None = None
        self._recovery_note: str | None = None  # what opening finished or undid after an interruption
        self.session: ChatSession | None = None
        self._stream: ModelStream | None = None  # the model stream Stop stops (one at a time)
        self._prewarm_cancel: _GiveWay | None = None
        self._closing: list[Callable[[], None]] | None = None  # store jobs waiting for a lock's close, see lock()

    # ---- store ----------------------------------------------------------------------------------------

    @property
    def first_run(self) -> bool:
        return not Store.exists(self.data_dir)

    def create_store(self, passphrase: str) -> None:
        def work() -> Store:
            ensure_private_dir(self.data_dir)
            return Store.create(self.data_dir, passphrase)

        self._after_close(lambda: self.store_runner.run(work, self.adopt_store, self.unlock_failed.emit))

    def unlock(self, passphrase: str) -> None:
        self._after_close(lambda: self.store_runner.run(lambda: Store.open(self.data_dir, passphrase),
                                                        self.adopt_store, self.unlock_failed.emit))

    def restore_backup(self, backup: Path, passphrase: str, widget: QObject | None = None,
                       done: Callable[[], None] | None = None, failed: Failed | None = None) -> None:
        """Replace the history with an encrypted backup (checked before anything is replaced; the old file is
        kept until the new one is in place), then open it. The store must be closed (locked) first; the
        restore waits behind that close. Without `failed`, a failure is reported as a failed unlock; `done`
        and `failed` reach `widget` only while it is shown (the restored history is opened either way)."""
        tell_done = self._deliver(widget, done) if done is not None else None
        report = self._report_to(widget, failed) if failed is not None else None

        def tell_failed(message: str, error: BaseException) -> None:
            if report is not None:
                report(message)
            else:
                self.unlock_failed.emit(message, error)

        def restored(store: Store) -> None:
            self.adopt_store(store)
            if tell_done is not None:
                tell_done()

        self._after_close(lambda: self.store_runner.run(lambda: Store.restore(self.data_dir, backup, passphrase),
                                                        restored, tell_failed))

    def adopt_store(self, store: Store) -> None:
        """Use an opened store (after unlock, first run or a restore): load settings and profile, then go."""
        self.store = store
        self._recovery_note = store.recovery_note

        def prepare() -> tuple[AppSettings, Profile, str | None]:
            settings = AppSettings.load(store)
            resolved = ProfileLock(store).active()
            self._load_scorers()
            return settings, resolved.profile, resolved.warning

        def ready(result: tuple[AppSettings, Profile, str | None]) -> None:
            self.settings, profile, warning = result
            self._set_profile(profile, warning)
            self.store_ready.emit()
            self.refresh_conversations()
            if self.engine is None:
                self.load_model()

        self.store_runner.run(prepare, ready, self._report)

    def take_recovery_note(self) -> str | None:
        """The one sentence saying what this unlock finished or undid after an interrupted restore, backup or
        wipe (app.storage.recovery), or None. Given once: the window shows it after unlocking, never again."""
        note, self._recovery_note = self._recovery_note, None
        return note

    def lock(self) -> None:
        """Close the store and forget everything on screen; the model stays loaded (it holds no secrets).

        A reply being written is stopped and saves what it wrote (as incomplete) on the model thread; a
        pre-warm reads the remembered notes there too. So while the model thread has work, the close waits
        behind it: closing under a running reply would lose its text."""
        self.stop()
        self._cancel_prewarm()
        self.session = None
        store, self.store = self.store, None  # captured now: the close runs later, on the store thread
        if store is not None:
            def close(_: object = None) -> None:
                self.store_runner.run(store.close, lambda _: None, self._report)
                waiting, self._closing = self._closing or [], None
                for job in waiting:  # an unlock typed meanwhile opens the file only after this close
                    job()

            if self.model_runner.busy:
                self._closing = self._closing or []
                self.model_runner.run(lambda: None, close, self._report)  # runs after the reply's own job
            else:
                close()
        self.locked.emit()

    def _after_close(self, job: Callable[[], None]) -> None:
        """Run a job that opens the store now, or once a lock's close has been queued (the store is single-
        instance: opening it again before the close would fail)."""
        if self._closing is None:
            job()
        else:
            self._closing.append(job)

    # ---- work views start (see the module docstring) ----------------------------------------------------

    def on_store(self, widget: QObject | None, op: Callable[[Store], Any], done: Callable[[Any], None],
                 failed: Failed | None = None) -> bool:
        """Run `op(store)` on the store thread, then `done(result)` on the GUI thread while `widget` is shown.
        When Confidant is locked nothing runs and `failed` hears so at once. False if it did not start."""
        store = self.store
        if store is None or store.closed:
            self._report_to(widget, failed)(STORE_LOCKED)
            return False
        self.store_runner.run(lambda: op(store), self._deliver(widget, done), self._failure(widget, failed))
        return True

    def on_closed_store(self, widget: QObject | None, op: Callable[[], Any], done: Callable[[Any], None],
                        failed: Failed | None = None) -> None:
        """Run `op()` on the store thread once the store is closed (after lock(): erasing replaces the files
        under it), then `done(result)` while `widget` is shown."""
        self._after_close(lambda: self.store_runner.run(op, self._deliver(widget, done),
                                                        self._failure(widget, failed)))

    def on_model(self, widget: QObject | None, op: Callable[[], Any], done: Callable[[Any], None],
                 failed: Failed | None = None) -> None:
        """Run `op()` on the model thread (after whatever it is doing), then `done(result)` while `widget` is
        shown. For short work that needs the model's thread, not a stream: see stream_on_model."""
        self.model_runner.run(op, self._deliver(widget, done), self._failure(widget, failed))

    def stream_on_model(self, widget: QObject, op: Callable[[Store, Emit, threading.Event], Any],
                        on_item: Callable[[Any], None], done: Callable[[Any], None],
                        failed: Failed | None = None) -> ModelStream | None:
        """Streamed model work that reads the store: `op(store, emit, cancel)` on the model thread, each
        `emit(x)` reaching `on_item(x)`. It is the one model stream while it runs (`generating` is True, Stop
        and locking stop it); once stopped, or once `widget` is gone, nothing more is delivered and `failed`
        hears "Stopped.". Refused, with a message to `failed`, while the store is locked or a reply is being
        written. Returns the stream (its stop() is Stop for this work alone)."""
        store = self.store
        if store is None or store.closed:
            self._report_to(widget, failed)(STORE_LOCKED)
            return None
        if self._stream is not None:
            self._report_to(widget, failed)(BUSY_WRITING)
            return None
        stream = ModelStream("work")
        shown = self._shown(widget)

        def item(value: Any) -> None:
            if stream.stopped:
                return
            if not alive(widget, shown):
                stream.stop()  # its window has gone: the rest would be written for no one
                return
            on_item(value)

        def finished(result: Any) -> None:
            if not alive(widget, shown):
                return
            if not stream.stopped:
                done(result)
            elif failed is not None:
                failed(STOPPED)

        self._start_stream(stream, lambda emit: op(store, emit, stream.cancel), item, finished,
                           self._failure(widget, failed, shown))
        return stream

    @staticmethod
    def _shown(widget: QObject | None) -> bool:
        return isinstance(widget, QWidget) and widget.window().isVisible()

    def _deliver(self, widget: QObject | None, callback: Callable[..., None]) -> Callable[..., None]:
        return callback if widget is None else guarded(widget, callback)

    def _report_to(self, widget: QObject | None, failed: Failed | None, shown: bool | None = None) -> Failed:
        """Where a failure goes: `failed` while `widget` is there to show it, otherwise the `error` signal (the
        main window says it), so no failure is lost with its window."""
        shown = self._shown(widget) if shown is None else shown

        def report(message: str) -> None:
            if failed is not None and (widget is None or alive(widget, shown)):
                failed(message)
            else:
                self.error.emit(message)

        return report

    def _failure(self, widget: QObject | None, failed: Failed | None,
                 shown: bool | None = None) -> Callable[[str, BaseException], None]:
        report = self._report_to(widget, failed, shown)
        return lambda message, _error: report(message)

    # ---- model ----------------------------------------------------------------------------------------

    def load_model(self, path: str | None = None) -> None:
        chosen = path or self.explicit_model or self.settings.model_path

        def work() -> Engine:
            model = find_model(chosen if (path or self.explicit_model) else None, self.settings.model_path)
            if self.engine is not None:
                self.engine.close()
            return Engine.load(model, progress=lambda stage, fraction: self.model_progress.emit(stage, fraction))

        def done(engine: Engine) -> None:
            self.engine = engine
            if self.session is not None:
                self.session.engine = engine
            self.model_ready.emit(engine.info)
            self._verify(engine)
            self._prewarm()

        self.model_runner.run(work, done, lambda message, _: self.model_failed.emit(message))

    def _verify(self, engine: Engine) -> None:
        """Check a catalogued model's sha256 on its own thread, so replies need not wait for it: damaged
        weights load and then talk nonsense. On a mismatch the model is unloaded and the person told how to
        fix it, through the model-error path (app.model.verify says why the result is remembered in memory)."""
        if engine.info.catalog_id is None:
            return

        def damaged(message: str, _error: BaseException) -> None:
            if self.engine is not engine:
                return  # another model has been loaded meanwhile
            self.stop()
            self.engine = None
            if self.session is not None:
                self.session.engine = None
            self.model_runner.run(engine.close, None, self._report)  # after a reply being written has stopped
            self.model_failed.emit(message)

        self.verify_runner.run(lambda: verify_model(engine.info.path), None, damaged)

    @property
    def model_info(self) -> ModelInfo | None:
        return self.engine.info if self.engine else None

    def sampling(self) -> Sampling:
        base = self.engine.default_sampling if self.engine else Sampling()
        return self.settings.sampling(base)

    def update_settings(self, settings: AppSettings, on_done: Callable[[], None] | None = None,
                        widget: QObject | None = None) -> None:
        """Save new preferences in the encrypted store, then apply them (sampling takes effect at once).
        `on_done` runs afterwards, only while `widget` (when given) is shown."""
        store = self.store
        if store is None:
            return
        if on_done is not None:
            on_done = self._deliver(widget, on_done)

        def done(_: object) -> None:
            self.settings = settings
            if self.session is not None:  # both apply from the next reply on
                self.session.sampling = self.sampling()
                self.session.style = settings.reply_style
            self.settings_changed.emit(settings)
            if on_done:
                on_done()

        self.store_runner.run(lambda: settings.save(store), done, self._report)

    # ---- profile --------------------------------------------------------------------------------------

    def _load_scorers(self) -> ScorerSet:
        """The scorers every Guardrails of this app uses (worker thread: reading the weights takes a moment)."""
        if self._scorers is None:
            self._scorers = shipped_scorers()
        return self._scorers

    @property
    def scorers(self) -> ScorerSet | None:
        """The learned risk scorers in use (None until the store has been opened)."""
        return self._scorers

    @property
    def scorer_problem(self) -> str | None:
        """One sentence when a learned scorer is missing and the safety checks run on rules alone."""
        return self.guardrails.scorer_problem if self.guardrails is not None else None

    def _set_profile(self, profile: Profile, warning: str | None) -> None:
        self.guardrails = Guardrails(profile, self._scorers)
        self.profile_warning = warning
        self.profile_changed.emit(profile, warning)

    @property
    def profile(self) -> Profile | None:
        return self.guardrails.profile if self.guardrails else None

    def profile_for_welcome(self) -> Profile:
        """Before the store is open, the installed profile is unknown: the shipped default speaks."""
        return self.profile or default_profile()

    def reload_profile(self) -> None:
        store = self.store
        if store is None:
            return

        def work():
            self._load_scorers()
            return ProfileLock(store).active()

        self.store_runner.run(work, lambda resolved: self._set_profile(resolved.profile, resolved.warning),
                              self._report)

    # ---- conversations --------------------------------------------------------------------------------

    def refresh_conversations(self) -> None:
        store = self.store
        if store is not None:
            self.store_runner.run(lambda: store.list_conversations(limit=500), self.conversations_changed.emit,
                                  self._report)

    def new_conversation(self) -> None:
        self._open(None)

    def open_conversation(self, conversation_id: int) -> None:
        self._open(conversation_id)

    def _open(self, conversation_id: int | None) -> None:
        store, guardrails = self.store, self.guardrails
        if store is None or guardrails is None:
            return
        if self._stream is not None and self._stream.kind == "reply":
            self._stream.stop()

        def work() -> tuple[ChatSession, OpenedConversation]:
            session = ChatSession.open(self.engine, guardrails, store, conversation_id, sampling=self.sampling(),
                                       style=self.settings.reply_style)
            title = "New conversation"
            if conversation_id is not None:
                conversation = store.get_conversation(conversation_id)
                title = conversation.title if conversation else title
            shown = []
            for m in session.messages:
                crisis, check_in = session.crisis_resources(m), session.check_in_resources(m)
                shown.append(ShownMessage(m.role.value, m.content, m.status.value, crisis or check_in,
                                          bool(check_in) and not crisis, m.cut_short))
            opened = OpenedConversation(
                conversation_id, title, shown, session.pinned, session.crisis.awaiting_confirmation,
                session.opening_message, session.opening.disclaimer, session.opening.confirmation_prompt,
                session.check_in_pending,
            )
            return session, opened

        def done(result: tuple[ChatSession, OpenedConversation]) -> None:
            self.session, opened = result
            self.conversation_opened.emit(opened)
            self._prewarm()

        # The store thread runs it, so history opens while the model is still loading; a reply still being
        # written into the previous conversation finishes there (its signals are dropped, see _run_reply).
        self.store_runner.run(work, done, self._report)

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        store = self.store
        if store is not None:
            self.store_runner.run(lambda: store.rename_conversation(conversation_id, title),
                                  lambda _: self.refresh_conversations(), self._report)

    def delete_conversation(self, conversation_id: int) -> None:
        store = self.store
        if store is None:
            return
        if self.session is not None and self.session.conversation_id == conversation_id:
            self.session.stop()
            self.new_conversation()
        self.store_runner.run(lambda: store.delete_conversation(conversation_id),
                              lambda _: self.refresh_conversations(), self._report)

    def search(self, query: str) -> None:
        store = self.store
        if store is not None and query.strip():
            self.store_runner.run(lambda: store.search(query, limit=100),
                                  lambda hits: self.search_results.emit(query, hits), self._report)

    def message_index(self, hit: SearchHit, callback) -> None:
        """Open the conversation of a search hit, then tell `callback` the index of the matching message."""
        store = self.store
        if store is None:
            return

        def work() -> int:
            ids = [m.id for m in store.messages(hit.conversation_id)]
            return ids.index(hit.message_id) if hit.message_id in ids else -1

        self.store_runner.run(work, callback, self._report)

    # ---- replies --------------------------------------------------------------------------------------

    def send(self, text: str) -> None:
        self._run_reply(lambda session: session.send(text))

    def regenerate(self) -> None:
        self._run_reply(lambda session: session.regenerate())

    def edit_last(self, text: str) -> None:
        self._run_reply(lambda session: session.edit_last(text))

    def answer_check_in(self, answer: str) -> bool:
        """The person's answer to the check-in question ("yes", "unsure" or "no"), on the model thread like a
        message. False if it could not be taken now (a reply is still being written)."""
        return self._run_reply(lambda session: session.answer_check_in(answer))

    def start_exercise(self, exercise_id: str) -> bool:
        """Walk through an exercise in the conversation ("thought-record" or "behavioural-activation"): its
        first step is the reply, on the model thread like a message. False if a reply is still being written."""
        return self._run_reply(lambda session: session.start_exercise(exercise_id))

    def leave_exercise(self) -> bool:
        """Stop the exercise in progress (what was written stays in the journal)."""
        return self._run_reply(lambda session: session.leave_exercise())

    def confirm_safe(self) -> None:
        session = self.session
        if session is None:
            return
        self.model_runner.run(session.confirm_safe, lambda _: self._open(session.conversation_id), self._report)

    @property
    def generating(self) -> bool:
        """A model stream is running: a reply being written, or the toolkit's help."""
        return self._stream is not None

    def stop(self) -> None:
        """Stop: the model stream running (even one not yet started on the worker), and the open session."""
        if self._stream is not None:
            self._stream.stop()
        if self.session is not None:
            self.session.stop()

    def _start_stream(self, stream: ModelStream, work: Callable[[Emit], Any], on_item: Callable[[Any], None],
                      done: Callable[[Any], None], failed: Callable[[str, BaseException], None]) -> None:
        """The one path for streamed model work: `stream` is what Stop stops until it has ended."""
        started = self._stream is None
        self._stream = stream
        if started:
            self.generating_changed.emit(True)

        def end() -> None:
            if self._stream is stream:
                self._stream = None
                self.generating_changed.emit(False)

        def finished(result: Any) -> None:
            end()
            done(result)

        def refused(message: str, error: BaseException) -> None:
            end()
            failed(message, error)

        self.model_runner.stream(work, on_item, finished, refused)

    def _run_reply(self, start) -> bool:
        session = self.session
        if session is None:
            return False
        if self._stream is not None:
            if self._stream.kind == "reply":
                return False
            self._stream.stop()  # other streamed work (the toolkit's help) gives way to the conversation
        stream = ModelStream("reply", session.stop)

        def work(emit) -> tuple[Reply, ReplyStream]:
            reply = start(session)
            if stream.stopped:  # Stop pressed before the session's reply had begun
                session.stop()
            emit(("started", reply))
            shown = ""
            for piece in reply:
                shown += piece
                emit(("text", shown))
            return reply.reply, reply

        def item(event: tuple[str, Any]) -> None:
            if session is not self.session:
                return  # the person has moved to another conversation; this one is saved, not shown
            kind, value = event
            if kind == "started":
                self.reply_started.emit(value)
            else:
                self.reply_text.emit(value)

        def done(result: tuple[Reply, ReplyStream]) -> None:
            if session is self.session:
                self.reply_finished.emit(*result)
            else:
                self._prewarm()  # the conversation opened while this reply was being finished
            self.refresh_conversations()

        def failed(message: str, _error: BaseException) -> None:
            self.error.emit(message)

        self._start_stream(stream, work, item, done, failed)
        return True

    # ---- pre-warming ----------------------------------------------------------------------------------

    def _prewarm(self) -> None:
        """Evaluate the open conversation's next prompt on the model thread while the person reads and
        types, so the first reply starts sooner. Any other job for the model thread (a reply, the toolkit's
        help, a model change) makes it stop within one chunk, so nothing waits behind it."""
        session = self.session
        if session is None or session.engine is None or self.generating:
            return
        self._cancel_prewarm()
        cancel = self._prewarm_cancel = _GiveWay(self.model_runner)

        def failed(_message: str, error: BaseException) -> None:
            # Not the person's business: the reply will simply evaluate its whole prompt.
            log.info("pre-warm skipped: %s", type(error).__name__)

        self.model_runner.run(lambda: session.prewarm(cancel), self.prewarmed.emit, failed)

    def _cancel_prewarm(self) -> None:
        if self._prewarm_cancel is not None:
            self._prewarm_cancel.set()
            self._prewarm_cancel = None

    # ---- shutdown -------------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop a reply (keeping what was written), close the store and free the model, in that order."""
        self.stop()
        self._cancel_prewarm()
        self.model_runner.shutdown()
        self.verify_runner.shutdown()
        store, engine = self.store, self.engine
        self.store_runner.call(lambda: store.close() if store is not None else None)
        self.store_runner.shutdown()
        if engine is not None:
            engine.close()

    def _report(self, message: str, _error: BaseException | None = None) -> None:
        self.error.emit(message)
