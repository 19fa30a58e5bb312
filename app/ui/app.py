"""Starting the desktop app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.errors import ConfidantError
from app.ui.garbage import GuiThreadCollector
from app.ui.qt import QApplication
from app.ui.theme import apply_theme


def check_display() -> None:
    """Qt aborts the process when it finds no display; say so in words instead."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise ConfidantError("No graphical display was found. Use `confidant chat` to chat in the terminal.")


def create_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Confidant")
    app.setApplicationDisplayName("Confidant")
    app.setDesktopFileName("confidant")
    app.setStyle("Fusion")
    if app.findChild(GuiThreadCollector) is None:
        GuiThreadCollector(app)  # parented to the application: lives as long as it does
    return app


def run(data_dir: Path, model_path: str | None = None) -> int:
    check_display()
    from app.ui.controller import AppController
    from app.ui.main_window import MainWindow

    app = create_application()
    apply_theme(app, "system", "normal")
    controller = AppController(data_dir, model_path=model_path)
    window = MainWindow(controller)
    window.show()
    if os.environ.get("CONFIDANT_QUIT_AFTER_SHOWN"):  # packaging tests and start-up timing: open, then close
        from app.ui.qt import QTimer

        QTimer.singleShot(0, window.close)
    return app.exec()
