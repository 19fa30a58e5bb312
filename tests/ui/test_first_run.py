"""The main journey: first run → passphrase → chat → close → reopen → unlock → the conversation is there."""

from __future__ import annotations

from app.chat.session import ReplyKind
from app.ui.chat_view import bubble_texts
from tests.ui.conftest import create_and_unlock, send_and_wait, unlock


def test_first_run_chat_close_reopen_unlock(qtbot, make_window) -> None:
    window = make_window()
    assert window.stack.currentWidget() is window.welcome
    create_and_unlock(qtbot, window)
    assert window.stack.currentWidget() is window.chat

    streamed: list[str] = []
    window.controller.reply_text.connect(streamed.append)
    reply, stream = send_and_wait(qtbot, window, "What is one small thing I can do to relax tonight?")
    assert stream.kind is ReplyKind.MODEL
    assert reply.text and streamed  # it streamed in, piece by piece
    assert bubble_texts(window.chat.view)[-1][1] == reply.text
    conversation_id = window.controller.session.conversation_id
    assert window.controller.store.messages(conversation_id)[-1].content == reply.text
    window.close()

    again = make_window()
    assert again.stack.currentWidget() is again.unlock_page
    unlock(qtbot, again)
    qtbot.waitUntil(lambda: again.chat.sidebar.list.count() == 1, timeout=10_000)
    item = again.chat.sidebar.list.item(0)
    with qtbot.waitSignal(again.controller.conversation_opened, timeout=10_000):
        again.chat.sidebar.list.itemClicked.emit(item)
    texts = [text for _, text, _ in bubble_texts(again.chat.view)]
    assert texts == ["What is one small thing I can do to relax tonight?", reply.text]


def test_a_wrong_passphrase_is_refused_with_a_message(qtbot, make_window) -> None:
    window = make_window()
    create_and_unlock(qtbot, window)
    window.close()
    again = make_window()
    with qtbot.waitSignal(again.controller.unlock_failed, timeout=30_000):
        again.unlock_page.field.setText("not the passphrase")
        again.unlock_page.unlock_button.click()
    assert again.stack.currentWidget() is again.unlock_page
    assert "passphrase" in again.unlock_page.error.text().lower()
    assert again.unlock_page.error.isVisible()
