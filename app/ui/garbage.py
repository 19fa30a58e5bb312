"""Python's cyclic garbage collection, run on the GUI thread only.

Automatic collection runs on whichever thread happens to allocate. When that is a worker (the model or
store thread) and the garbage holds a Qt wrapper, the Qt object is deleted from the wrong thread, and Qt
can crash the process (seen in the test suite: a segfault "Garbage-collecting" inside a store job). Anki
does the same as this: switch automatic collection off and collect on the GUI thread from a timer,
with the same generation-0 threshold Python would have used.
"""

from __future__ import annotations

import gc

from app.ui.qt import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Install once, on the GUI thread, after the QApplication exists; keep a reference (or a parent)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()[0]
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start(interval_ms)

    def collect_if_due(self) -> None:
        if gc.get_count()[0] >= self._threshold:
            gc.collect()

    def stop(self) -> None:
        """Give collection back to Python (for a clean shutdown or between tests)."""
        self._timer.stop()
        gc.enable()
