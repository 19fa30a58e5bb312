"""Every visible interactive widget on every screen has a name a screen reader can announce.

Screen-reader support is the most-reported gap in the local-LLM desktop apps people use today. This walks
each screen and asks Qt's accessibility layer — what a screen reader gets — for every focusable widget's
name. It also checks that the main controls are reachable with Tab.
"""

from __future__ import annotations

from app.ui.dialogs import HelpDialog, ProfileSummaryDialog, SafetyPlanDialog
from app.ui.qt import QApplication, Qt, QWidget
from tests.ui.conftest import send_and_wait


def unnamed_widgets(root: QWidget) -> list[str]:
    from PySide6.QtGui import QAccessible

    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isEnabled():
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name).strip() if interface is not None else ""
        if not name:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}")
    return missing


def tab_reachable(window: QWidget, targets: list[QWidget], presses: int = 60) -> set[int]:
    reached = set()
    start = QApplication.focusWidget()
    for _ in range(presses):
        focus = QApplication.focusWidget()
        for index, target in enumerate(targets):
            if focus is target:
                reached.add(index)
        window.focusNextChild()
        QApplication.processEvents()
        if QApplication.focusWidget() is start:
            break
    return reached


def test_welcome_and_unlock_screens(qtbot, make_window) -> None:
    window = make_window()
    qtbot.waitExposed(window)
    assert unnamed_widgets(window) == []
    window.stack.setCurrentWidget(window.unlock_page)
    assert unnamed_widgets(window) == []


def test_main_window_crisis_card_and_dialogs_in_both_themes(qtbot, make_window) -> None:
    from tests.ui.conftest import create_and_unlock

    window = make_window(theme="dark", text_size="large")
    create_and_unlock(qtbot, window)
    send_and_wait(qtbot, window, "Hello, I had a long day.")
    send_and_wait(qtbot, window, "I keep thinking about ending my life.")
    assert unnamed_widgets(window) == []

    for dialog in (HelpDialog(window.controller.profile, window), ProfileSummaryDialog(window.controller.profile,
                                                                                       window),
                   SafetyPlanDialog(window.controller, window)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert unnamed_widgets(dialog) == [], type(dialog).__name__
        dialog.close()


def test_the_main_controls_are_reachable_with_tab(qtbot, unlocked_window) -> None:
    window = unlocked_window
    chat = window.chat
    targets = [chat.composer.edit, chat.sidebar.new_button, chat.sidebar.search, chat.help_button,
               chat.settings_button, chat.lock_button]
    chat.composer.edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is chat.composer.edit, timeout=5_000)
    assert tab_reachable(window, targets) == set(range(len(targets)))
