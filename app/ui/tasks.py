"""Running long work off the GUI thread.

Each TaskRunner owns one QThread and runs jobs on it one at a time, in order — one runner owns the model,
one owns the encrypted store, so neither is ever touched from two threads. Results, streamed items and
errors come back to the GUI thread as queued signals; callbacks never run on the worker. Errors reach the
person as readable messages: a ConfidantError's own text, anything else a short generic line (the
details go to the log, which never holds message content).

Views do not use the runners: they ask the controller (`AppController.on_store`, `on_model`,
`stream_on_model`), which checks the store is open and delivers results through `guarded`, so work that
finishes after its window closed touches nothing. Only the controller and the clinician window's own runner
(validation and profile files, which need neither the store nor the model) hold a TaskRunner.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from app.errors import ConfidantError
from app.ui.qt import QObject, QThread, QWidget, Signal, Slot, is_valid

log = logging.getLogger(__name__)

Emit = Callable[[Any], None]


def describe_error(error: BaseException) -> str:
    """What the person is told about a failure: never a traceback, never a raw library message."""
    if isinstance(error, ConfidantError):
        return str(error)
    if isinstance(error, MemoryError):
        return "Confidant ran out of memory. Close other programs, or choose a smaller model."
    if isinstance(error, OSError) and error.strerror:
        return f"The operation failed: {error.strerror}."
    return "Something went wrong inside Confidant. Your conversations are safe; please try again."


def guarded(owner: QObject, callback: Callable[..., None]) -> Callable[..., None]:
    """`callback`, run only while `owner` can still show its result: not once it has been deleted, nor once
    the window it was in has been closed since this call (work can finish after the person closed the window
    that asked for it). The one such check in the app: views get it through the controller's helpers."""
    shown = isinstance(owner, QWidget) and owner.window().isVisible()

    def call(*args: Any) -> None:
        if alive(owner, shown):
            callback(*args)

    return call


def alive(owner: QObject, shown: bool) -> bool:
    """Whether `owner` still exists and, if its window was `shown` when the work began, is still shown."""
    if not is_valid(owner):
        return False
    return not (shown and isinstance(owner, QWidget) and not owner.window().isVisible())


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits through it, so every callback runs on the GUI thread."""

    item = Signal(object)
    done = Signal(object)
    failed = Signal(object)


class _Worker(QObject):
    submit = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.submit.connect(self._run)

    @Slot(object)
    def _run(self, job: Callable[[], None]) -> None:
        job()


class TaskRunner(QObject):
    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._thread = QThread()
        self._thread.setObjectName(f"confidant-{name}")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._thread.start()
        self._pending: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    @property
    def waiting(self) -> int:
        """Jobs given to this runner and not yet finished (the one running counts): background work such as
        a pre-warm gives way when it sees another."""
        return len(self._pending)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str, BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run `fn()` on this runner's thread; then `on_done(result)` or `on_error(message, error)` — only while
        `owner` (when given) can still show them (see guarded)."""
        if owner is not None:
            on_done = guarded(owner, on_done) if on_done else None
            on_error = guarded(owner, on_error) if on_error else None
        self.stream(lambda emit: fn(), None, on_done, on_error)

    def stream(
        self,
        fn: Callable[[Emit], Any],
        on_item: Callable[[Any], None] | None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str, BaseException], None] | None = None,
    ) -> None:
        """Run `fn(emit)` on this runner's thread; each `emit(x)` reaches `on_item(x)` on the GUI thread."""
        relay = _Relay()
        self._pending.add(relay)
        if on_item:
            relay.item.connect(on_item)

        def finish(result: Any) -> None:
            self._pending.discard(relay)
            if on_done:
                on_done(result)

        def fail(error: BaseException) -> None:
            self._pending.discard(relay)
            if not isinstance(error, ConfidantError):
                log.error("%s task failed: %s", self.name, type(error).__name__, exc_info=error)
            if on_error:
                on_error(describe_error(error), error)

        relay.done.connect(finish)
        relay.failed.connect(fail)

        def job() -> None:
            try:
                result = fn(relay.item.emit)
            except BaseException as error:
                relay.failed.emit(error)
            else:
                relay.done.emit(result)

        self._worker.submit.emit(job)

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run `fn()` on this runner's thread and wait for it (shutdown only: it blocks the caller)."""
        from threading import Event

        box: dict[str, Any] = {}
        finished = Event()

        def job() -> None:
            try:
                box["result"] = fn()
            except BaseException as error:
                box["error"] = error
            finished.set()

        self._worker.submit.emit(job)
        finished.wait()
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def shutdown(self) -> None:
        """Finish queued jobs, then stop the thread."""
        self._thread.quit()
        self._thread.wait()
