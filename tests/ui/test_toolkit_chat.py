"""The toolkit meets the chat: the daily check-in prompt, and a finished exercise shared in the conversation."""

from __future__ import annotations

from app import cbt
from app.chat.session import ReplyKind
from app.ui.qt import Qt
from tests.ui.conftest import SIGNAL_TIMEOUT, unlock

WAIT = 30_000


def test_the_daily_check_in_prompt_appears_only_when_asked_for_and_once_a_day(qtbot, make_window) -> None:
    from tests.ui.conftest import create_and_unlock

    window = make_window()
    create_and_unlock(qtbot, window)
    assert not window.chat.suggestion_button.isVisible()  # nobody asked to be reminded
    toolkit = window.show_toolkit("mood-check-in")
    page = toolkit.page("mood-check-in")
    qtbot.waitUntil(lambda: page.remind.isEnabled(), timeout=WAIT)
    page.remind.setChecked(True)
    qtbot.waitUntil(lambda: window.controller.store_runner.call(
        lambda: cbt.check_in_opted_in(window.controller.store)), timeout=WAIT)
    window.close()

    again = make_window()
    unlock(qtbot, again)
    button = again.chat.suggestion_button
    qtbot.waitUntil(button.isVisible, timeout=WAIT)
    assert "Check in" in button.text() and button.accessibleName() == "Daily mood check-in"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    toolkit = again._toolkit
    assert toolkit.isVisible() and toolkit.stack.currentWidget() is toolkit.page("mood-check-in")
    again.close()

    third = make_window()
    unlock(qtbot, third)
    qtbot.wait(500)
    assert not third.chat.suggestion_button.isVisible()  # at most once a day


def test_a_finished_thought_record_can_be_shared_in_the_conversation(qtbot, unlocked_window) -> None:
    window = unlocked_window
    toolkit = window.show_toolkit("thought-record")
    page = toolkit.page("thought-record")
    page.fields["situation"].setPlainText("A presentation at work went badly")
    page.fields["automatic-thought"].setPlainText("I always mess everything up")
    page.fields["balanced-thought"].setPlainText("One talk went badly; most of my work goes fine")
    assert not page.share_button.isVisible()
    qtbot.mouseClick(page.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.share_button.isVisible, timeout=WAIT)
    with qtbot.waitSignal(window.controller.reply_finished, timeout=SIGNAL_TIMEOUT) as finished:
        qtbot.mouseClick(page.share_button, Qt.MouseButton.LeftButton)
    _, stream = finished.args
    assert stream.kind is ReplyKind.MODEL
    said = window.controller.session.messages[-2].content
    assert "presentation at work" in said.lower() and "most of my work goes fine" in said
    assert not page.share_button.isVisible()
