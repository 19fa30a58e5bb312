"""The conversation with the keyboard (issue 12 item 6): one Tab stop for all the messages, the arrows
between them, copying without a Tab stop per Copy button, and "Copied" said where it happened.

A real ConversationView between two fields, offscreen; Tab and the arrows are real key presses."""

from __future__ import annotations

import pytest

from app.safety import default_profile
from app.ui.chat_view import ConversationView
from app.ui.clipboard import COPIED, PrivateClipboard
from app.ui.crisis_card import CrisisCard
from app.ui.qt import QApplication, QLineEdit, Qt, QVBoxLayout, QWidget


@pytest.fixture
def page(qtbot):
    """A field, the conversation with four messages and a crisis card, another field."""
    window = QWidget()
    layout = QVBoxLayout(window)
    window.before, window.view, window.after = QLineEdit(), ConversationView(), QLineEdit()
    for widget in (window.before, window.view, window.after):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.resize(700, 600)
    window.show()
    qtbot.waitExposed(window)
    view = window.view
    view.add_message("user", "The first thing I said.")
    view.add_message("assistant", "The first reply.")
    profile = default_profile()
    category = profile.crisis_category("suicide-self-harm")
    view.add_card(CrisisCard(category.response, category.resources), reveal=False)
    view.add_message("user", "Something after the card.")
    view.add_message("assistant", "The newest reply.")
    QApplication.processEvents()
    return window


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()
    return QApplication.focusWidget()


def test_the_messages_are_one_tab_stop_and_the_arrows_move_between_them(qtbot, page) -> None:
    view = page.view
    page.before.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.before)
    newest = view.bubbles[-1]
    assert press(qtbot, Qt.Key.Key_Tab) is newest.body  # Tab lands on the newest message
    assert press(qtbot, Qt.Key.Key_Up) is view.bubbles[-2].body
    card = view.items[2]
    assert isinstance(card, CrisisCard) and card.isAncestorOf(press(qtbot, Qt.Key.Key_Up))  # the card, too
    assert press(qtbot, Qt.Key.Key_Down) is view.bubbles[-2].body

    # Tab from a message leaves the conversation; a whole round of Tab stops on no message and no Copy button,
    # but on the crisis card's own controls (its help lines, its safety plan).
    assert press(qtbot, Qt.Key.Key_Tab) is page.after
    visited = []
    for _ in range(40):
        focus = press(qtbot, Qt.Key.Key_Tab)
        if focus is page.after:
            break
        visited.append(focus)
    assert QApplication.focusWidget() is page.after
    assert not [w for w in visited if any(w is b.body or w is b.copy_button for b in view.bubbles)]
    assert any(w is card.plan_button for w in visited) and any(w is page.before for w in visited)

    # Shift+Tab from the field after it comes back to the message last visited.
    assert view.focus_item(1)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.bubbles[1].body)
    assert press(qtbot, Qt.Key.Key_Tab) is page.after
    assert press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier) is view.bubbles[1].body


def test_a_message_is_copied_with_ctrl_shift_c_or_its_menu_and_says_copied(qtbot, page) -> None:
    view = page.view
    clipboard = PrivateClipboard(page)
    view.copy_requested.connect(clipboard.copy)
    first_reply = view.bubbles[1]
    first_reply.body.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first_reply.body)
    assert view.current is first_reply
    assert view.copy_current()  # what Ctrl+Shift+C does in the chat page
    assert QApplication.clipboard().text() == "The first reply."
    assert first_reply.copy_button.text() == COPIED
    qtbot.waitUntil(lambda: first_reply.copy_button.text() == "Copy", timeout=5_000)  # then its label again

    page.before.setFocus()  # focus elsewhere: the newest reply is copied
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.before)
    assert view.copy_current() and QApplication.clipboard().text() == "The newest reply."
    clipboard.clear()


def test_a_search_match_is_shown_selected_in_its_message(qtbot, page) -> None:
    view = page.view
    target = view.bubbles[2]  # "Something after the card."
    view.scroll_to_item(view.items.index(target), "after the")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target.body)
    assert target.body.selectedText() == "after the"
    top = target.mapTo(view.viewport(), target.rect().topLeft()).y()
    assert 0 <= top < view.viewport().height()  # in view, not the card above it
