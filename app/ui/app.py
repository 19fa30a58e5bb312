"""Starting the desktop app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.errors import ConfidantError
from app.ui.garbage import GuiThreadCollector
from app.ui.qt import QApplication, QColor, QGuiApplication, QPalette, Qt
from app.ui.theme import DARK, LIGHT, Palette, point_size, style_sheet


def check_display() -> None:
    """Qt aborts the process when it finds no display; say so in words instead."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise ConfidantError("No graphical display was found. Use `confidant chat` to chat in the terminal.")


def palette_for(choice: str) -> Palette:
    if choice == "light":
        return LIGHT
    if choice == "dark":
        return DARK
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def apply_theme(app: QApplication, theme: str, text_size: str) -> Palette:
    palette = palette_for(theme)
    qt_palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, palette.window), (QPalette.ColorRole.Base, palette.surface),
        (QPalette.ColorRole.AlternateBase, palette.sunken), (QPalette.ColorRole.Text, palette.text),
        (QPalette.ColorRole.WindowText, palette.text), (QPalette.ColorRole.Button, palette.surface),
        (QPalette.ColorRole.ButtonText, palette.text), (QPalette.ColorRole.Highlight, palette.accent),
        (QPalette.ColorRole.HighlightedText, palette.on_accent), (QPalette.ColorRole.Link, palette.link),
        (QPalette.ColorRole.PlaceholderText, palette.muted), (QPalette.ColorRole.ToolTipBase, palette.surface),
        (QPalette.ColorRole.ToolTipText, palette.text),
    ):
        qt_palette.setColor(role, QColor(colour))
    app.setPalette(qt_palette)
    font = app.font()
    font.setPointSizeF(point_size(text_size))
    app.setFont(font)
    app.setStyleSheet(style_sheet(palette, text_size))
    return palette


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
