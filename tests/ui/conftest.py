"""GUI fixtures: the real main window offscreen, over a real encrypted store and the real model.

Drive it as a person would (type, click, press keys) and wait on the controller's signals with
`qtbot.waitSignal` — never on sleeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ui.controller import AppController
from app.ui.main_window import MainWindow
from app.ui.theme import apply_theme

PASSPHRASE = "quiet river stones 7"
TEST_REPLY_TOKENS = 40
SIGNAL_TIMEOUT = 120_000  # ms: generous for a loaded CI machine; the waits end as soon as the signal comes


@pytest.fixture(autouse=True)
def _a_widgets_application(qapp):
    """Qt allows one application object per process: a bare QGuiApplication made earlier (by code that
    only draws images) would make every widget abort the process. Fail clearly instead."""
    from app.ui.qt import QApplication

    assert isinstance(qapp, QApplication), f"the process's Qt application is a {type(qapp).__name__}"


@pytest.fixture(scope="session", autouse=True)
def _garbage_collected_on_the_gui_thread(qapp):
    """As in the app (app.ui.garbage): automatic collection on a worker thread can delete Qt objects
    there and crash the process, so collection happens on this thread, on a timer and after each test."""
    from app.ui.garbage import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def _collect_after_each_test():
    import gc

    yield
    gc.collect()


@pytest.fixture
def controller(qtbot, confidant_home: Path) -> Iterator[AppController]:
    """A controller with an open store (and its profile and guardrails) and no model: for dialogs that need
    the store but no window."""
    controller = AppController(confidant_home, model_path=str(confidant_home / "no-model.gguf"))
    with qtbot.waitSignal(controller.store_ready, timeout=20_000):
        controller.create_store("quiet river stones 7")
    yield controller
    controller.shutdown()


@pytest.fixture
def make_window(qtbot, confidant_home: Path):
    """A factory: each call opens a new MainWindow on the test's data dir (like starting the app again)."""
    windows: list[MainWindow] = []

    def make(theme: str = "light", text_size: str = "normal", scorers=None) -> MainWindow:
        """`scorers`: the learned scorers the app uses (a ScorerSet; None: the shipped ones)."""
        from app.ui.qt import QApplication

        apply_theme(QApplication.instance(), theme, text_size)
        window = MainWindow(AppController(confidant_home, scorers=scorers))
        qtbot.addWidget(window)
        window.resize(1100, 760)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.isVisible():
            window.close()


def create_and_unlock(qtbot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    """First run: fill in the welcome page; wait until the store is open and the model is ready."""
    controller = window.controller
    with qtbot.waitSignals([controller.store_ready, controller.model_ready], timeout=SIGNAL_TIMEOUT):
        window.welcome.first.setText(passphrase)
        window.welcome.second.setText(passphrase)
        window.welcome.understood.setChecked(True)
        qtbot.mouseClick(window.welcome.create_button, _left())
    qtbot.waitUntil(lambda: controller.session is not None, timeout=SIGNAL_TIMEOUT)
    # Short replies keep GUI tests quick; set through Settings, so they persist like a person's choice.
    with qtbot.waitSignal(controller.settings_changed, timeout=SIGNAL_TIMEOUT):
        controller.update_settings(controller.settings.changed(max_tokens=TEST_REPLY_TOKENS))


def unlock(qtbot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    controller = window.controller
    with qtbot.waitSignals([controller.store_ready, controller.model_ready], timeout=SIGNAL_TIMEOUT):
        window.unlock_page.field.setText(passphrase)
        qtbot.mouseClick(window.unlock_page.unlock_button, _left())
    qtbot.waitUntil(lambda: controller.session is not None, timeout=SIGNAL_TIMEOUT)


def send_and_wait(qtbot, window: MainWindow, text: str):
    """Type a message and press Enter; return (reply, stream) once the reply has finished."""
    controller = window.controller
    with qtbot.waitSignal(controller.reply_finished, timeout=SIGNAL_TIMEOUT) as finished:
        window.chat.composer.edit.setFocus()
        window.chat.composer.edit.setPlainText(text)
        from app.ui.qt import Qt

        qtbot.keyClick(window.chat.composer.edit, Qt.Key.Key_Return)
    return finished.args


def _left():
    from app.ui.qt import Qt

    return Qt.MouseButton.LeftButton


@pytest.fixture
def unlocked_window(qtbot, make_window) -> Iterator[MainWindow]:
    window = make_window()
    create_and_unlock(qtbot, window)
    yield window


def open_dialog(qtbot, window):
    """Open clinician mode with no PIN set; wait until the editor has checked the active profile."""
    from app.ui.clinician import open_clinician_mode

    gate = open_clinician_mode(window.controller, window)
    qtbot.waitUntil(lambda: gate.dialog is not None, timeout=SIGNAL_TIMEOUT)
    dialog = gate.dialog
    qtbot.waitUntil(lambda: dialog.editor.result is not None and dialog.lock_status is not None,
                    timeout=SIGNAL_TIMEOUT)
    return dialog


@pytest.fixture
def open_settings(qtbot):
    """Opens the real Settings dialog for a window; closes whatever is still open afterwards (with any job
    the test left running forgotten, so closing never asks)."""
    from app.ui.qt import is_valid
    from app.ui.settings import SettingsDialog

    dialogs: list[SettingsDialog] = []

    def open_for(window) -> SettingsDialog:
        dialog = window.settings_dialog()
        dialog.show()
        qtbot.waitExposed(dialog)
        dialogs.append(dialog)
        return dialog

    yield open_for
    for dialog in dialogs:
        if is_valid(dialog) and dialog.isVisible():
            dialog.state.busy = None
            dialog.close()
