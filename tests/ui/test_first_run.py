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
    # An everyday message ("…relax tonight?" gets a check-in question: a known false alarm, see MODEL_CARD.md).
    reply, stream = send_and_wait(qtbot, window, "What is one small thing I can do to help me relax this evening?")
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
    assert texts == ["What is one small thing I can do to help me relax this evening?", reply.text]


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


def test_a_damaged_history_offers_restore_from_a_backup(qtbot, make_window, tmp_path, monkeypatch) -> None:
    from app.storage import Store
    from app.storage.files import DB_NAME
    from tests.ui.conftest import PASSPHRASE, create_and_unlock

    window = make_window()
    create_and_unlock(qtbot, window)
    send_and_wait(qtbot, window, "Please remember this: blue kites.")
    backup = tmp_path / "backup.confidant"
    window.controller.store.backup_to(backup)
    window.close()
    history = window.controller.data_dir / DB_NAME
    history.write_bytes(history.read_bytes()[:3000])  # cut short, as by a crash of the disk
    damaged = history.read_bytes()

    again = make_window()
    with qtbot.waitSignal(again.controller.unlock_failed, timeout=30_000) as failed:
        again.unlock_page.field.setText(PASSPHRASE)
        again.unlock_page.unlock_button.click()
    assert "backup" in failed.args[0].lower() or "damaged" in failed.args[0].lower()
    assert history.read_bytes() == damaged  # left in place, untouched
    assert again.unlock_page.restore_button.isVisible()

    monkeypatch.setattr("app.ui.main_window.confirm", lambda *args: True)  # the person says yes
    again.unlock_page.field.setText(PASSPHRASE)
    with qtbot.waitSignals([again.controller.store_ready, again.controller.model_ready], timeout=60_000):
        again.restore_backup_from(backup)
    qtbot.waitUntil(lambda: again.chat.sidebar.list.count() == 1, timeout=10_000)
    assert "blue kites" in again.chat.sidebar.list.item(0).text()
    assert isinstance(again.controller.store, Store)
