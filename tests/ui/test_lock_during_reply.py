"""Locking while a reply is being written: the reply stops, keeps what it wrote, and only then the store closes."""

from __future__ import annotations

from app.storage import Store
from app.ui.chat_view import STOPPED_NOTE, bubble_texts
from app.ui.qt import Qt
from tests.ui.conftest import PASSPHRASE, SIGNAL_TIMEOUT


def test_locking_during_a_reply_saves_its_partial_text(qtbot, unlocked_window) -> None:
    window = unlocked_window
    controller = window.controller
    with qtbot.waitSignal(controller.settings_changed, timeout=SIGNAL_TIMEOUT):
        controller.update_settings(controller.settings.changed(max_tokens=2000, reply_style="free"))
    window.chat.composer.edit.setPlainText("Write a very long story about a lighthouse keeper and the sea.")
    qtbot.keyClick(window.chat.composer.edit, Qt.Key.Key_Return)
    last = lambda: window.chat.view.bubbles[-1]  # noqa: E731
    qtbot.waitUntil(lambda: last().role == "assistant" and len(last().text) > 20, timeout=SIGNAL_TIMEOUT)
    conversation_id = controller.session.conversation_id
    store = controller.store
    errors: list[str] = []
    controller.error.connect(errors.append)

    shown = last().text  # what the person saw the moment they locked: none of it may be lost
    with qtbot.waitSignal(controller.locked, timeout=10_000):
        qtbot.mouseClick(window.chat.lock_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.unlock_page
    # closed (and its single-instance lock released) only once the reply has been saved
    qtbot.waitUntil(lambda: store.closed and not Store.in_use(controller.data_dir), timeout=SIGNAL_TIMEOUT)
    assert not controller.generating

    with Store.open(controller.data_dir, PASSPHRASE) as reopened:  # what is on disk, not what is on screen
        saved = reopened.messages(conversation_id)[-1]
    assert saved.role == "assistant" and saved.status == "incomplete"
    assert saved.content.startswith(shown.rstrip()), (shown, saved.content)
    assert errors == []  # the reply's last save reached an open store

    with qtbot.waitSignal(controller.store_ready, timeout=SIGNAL_TIMEOUT):  # the model stayed loaded
        window.unlock_page.field.setText(PASSPHRASE)
        qtbot.mouseClick(window.unlock_page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.chat.sidebar.list.count() == 1, timeout=10_000)
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        window.chat.sidebar.list.itemClicked.emit(window.chat.sidebar.list.item(0))
    role, text, status = bubble_texts(window.chat.view)[-1]
    assert (role, status) == ("assistant", "incomplete") and text == saved.content
    assert last().note.text() == STOPPED_NOTE
