"""Drive the real desktop app offscreen as a person would, in its own process: first run, one message, a
search; then close the window.

    python tests/packaging/gui_session.py MESSAGE

The offline and no-plaintext tests run it under their network guards, with HOME / CONFIDANT_HOME / TMPDIR
pointed wherever they look afterwards. It uses the data dir the app itself would (app.paths.data_dir) and
the GUI's own controls and controller, like tests/ui does. It prints one JSON line of facts (never message
text) and exits 0, or prints the reason and exits 1.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # after the path and platform are set
from PySide6.QtTest import QTest

from app.paths import data_dir
from app.ui.app import create_application
from app.ui.controller import AppController
from app.ui.main_window import MainWindow
from app.ui.theme import apply_theme

PASSPHRASE = os.environ.get("CONFIDANT_PASSPHRASE") or "lantern moss river 9"  # typed, as a person would
TIMEOUT = 180.0


def main(message: str) -> int:
    app = create_application()
    apply_theme(app, "light", "normal")
    controller = AppController(data_dir())
    seen: dict[str, list[tuple]] = {}
    for name in ("store_ready", "model_ready", "settings_changed", "reply_finished", "search_results", "error",
                 "model_failed", "unlock_failed"):
        getattr(controller, name).connect(lambda *args, name=name: seen.setdefault(name, []).append(args))

    def wait_for(what: str, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not done():
            problems = seen.get("error", []) + seen.get("model_failed", []) + seen.get("unlock_failed", [])
            if problems:
                raise SystemExit(f"the app reported a problem while waiting for {what}: {problems[0][0]}")
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")
            loop = QEventLoop()
            QTimer.singleShot(20, loop.quit)
            loop.exec()

    window = MainWindow(controller)
    window.resize(1000, 700)
    window.show()
    if window.stack.currentWidget() is not window.welcome:
        raise SystemExit("the first run did not open on the welcome page")
    window.welcome.first.setText(PASSPHRASE)
    window.welcome.second.setText(PASSPHRASE)
    window.welcome.understood.setChecked(True)
    QTest.mouseClick(window.welcome.create_button, Qt.MouseButton.LeftButton)
    wait_for("the store and the model", lambda: "store_ready" in seen and "model_ready" in seen
             and controller.session is not None)

    # Short greedy replies, set the way the Settings dialog sets them.
    controller.update_settings(controller.settings.changed(max_tokens=16, temperature=0.0))
    wait_for("the settings", lambda: "settings_changed" in seen)

    edit = window.chat.composer.edit
    edit.setFocus()
    edit.setPlainText(message)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    wait_for("the reply", lambda: "reply_finished" in seen)
    reply, stream = seen["reply_finished"][0]

    search = window.chat.sidebar.search
    search.setText(message.split()[0])
    QTest.keyClick(search, Qt.Key.Key_Return)
    wait_for("the search results", lambda: "search_results" in seen)
    hits = seen["search_results"][0][1]

    window.close()  # stops work, closes the store and frees the model, as when a person closes the window
    app.processEvents()
    print(json.dumps({"reply_kind": str(stream.kind), "reply_status": str(reply.status),
                      "reply_tokens": reply.tokens, "search_hits": len(hits),
                      "data_dir": str(controller.data_dir)}), flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        sys.exit(main(sys.argv[1]))
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(f"gui_session: {stop.code}", file=sys.stderr)
            sys.exit(1)
        raise
