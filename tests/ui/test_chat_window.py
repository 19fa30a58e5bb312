"""The main window, driven as a person would: crisis, stop, regenerate, search, auto-lock, keyboard only."""

from __future__ import annotations

from app.chat.session import ReplyKind
from app.model.engine import FinishReason
from app.model.sampling import Sampling
from app.ui.chat_view import Bubble, bubble_texts
from app.ui.crisis_card import CrisisCard
from app.ui.qt import QApplication, Qt
from tests.ui.conftest import SIGNAL_TIMEOUT, send_and_wait


def replying(window) -> bool:
    """The reply has started streaming into its own bubble."""
    last = window.chat.view.bubbles[-1]
    return last.role == "assistant" and bool(last.text)


def test_a_crisis_message_shows_the_crisis_card_and_no_model_reply(qtbot, unlocked_window) -> None:
    window = unlocked_window
    reply, stream = send_and_wait(qtbot, window, "I don't want to be alive anymore.")
    assert stream.kind is ReplyKind.CRISIS
    assert reply.tokens == 0  # the model was not asked
    card = window.chat.view.items[-1]
    assert isinstance(card, CrisisCard)
    assert any("988" in label.text() for label in card.resource_labels)
    assert window.chat.pinned.isVisible() and window.chat.pinned_confirm.isVisible()
    assert window.chat.help_button.isVisible()
    # until the person confirms, what they type gets the profile's holding words, not the model
    reply, stream = send_and_wait(qtbot, window, "I'm fine.")
    assert stream.kind is ReplyKind.HOLDING
    with qtbot.waitSignal(window.controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        window.chat.pinned_confirm.click()
    assert not window.chat.pinned_confirm.isVisible()
    assert window.chat.pinned.isVisible()  # the help lines stay
    reply, stream = send_and_wait(qtbot, window, "Thank you. What could I do this evening?")
    assert stream.kind is ReplyKind.MODEL


def test_stop_halts_the_reply_and_keeps_what_was_written(qtbot, unlocked_window) -> None:
    window = unlocked_window
    window.controller.session.sampling = Sampling(max_tokens=1500, temperature=0.8, seed=2)
    window.controller.session.style = "free"  # a long reply to stop (a guided one is two sentences)
    controller = window.controller
    with qtbot.waitSignal(controller.reply_finished, timeout=SIGNAL_TIMEOUT) as finished:
        window.chat.composer.edit.setPlainText("Write a very long story about a lighthouse and the sea.")
        qtbot.keyClick(window.chat.composer.edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.chat.composer.stop_button.isVisible(), timeout=SIGNAL_TIMEOUT)
        qtbot.waitUntil(lambda: replying(window), timeout=SIGNAL_TIMEOUT)
        qtbot.keyClick(window.chat.composer.edit, Qt.Key.Key_Escape)  # Esc stops
    reply, _ = finished.args
    assert reply.finish_reason is FinishReason.CANCELLED
    assert reply.tokens < 1500
    role, text, status = bubble_texts(window.chat.view)[-1]
    assert (role, status) == ("assistant", "incomplete") and text == reply.text
    assert window.chat.view.bubbles[-1].note.text() == "Stopped before the end"
    assert window.chat.composer.send_button.isVisible()


def test_regenerate_replaces_the_last_reply(qtbot, unlocked_window) -> None:
    window = unlocked_window
    window.controller.session.sampling = Sampling(max_tokens=24, temperature=1.2, seed=None)
    send_and_wait(qtbot, window, "Suggest a name for a small boat.")
    assert window.chat.regenerate_button.isEnabled()
    with qtbot.waitSignal(window.controller.reply_finished, timeout=SIGNAL_TIMEOUT) as finished:
        window.chat.regenerate_button.click()
    reply, _ = finished.args
    texts = bubble_texts(window.chat.view)
    assert len(texts) == 2 and texts[-1][1] == reply.text
    stored = window.controller.store.messages(window.controller.session.conversation_id)
    assert [m.content for m in stored] == [t for _, t, _ in texts]


def test_search_opens_the_conversation_at_the_matching_message(qtbot, unlocked_window) -> None:
    window = unlocked_window
    controller = window.controller
    send_and_wait(qtbot, window, "My sister's wedding is in Lisbon next spring.")
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        window.chat.sidebar.new_button.click()
    send_and_wait(qtbot, window, "Work has been busy this week.")
    send_and_wait(qtbot, window, "I also need to book flights to Lisbon.")
    side = window.chat.sidebar
    with qtbot.waitSignal(controller.search_results, timeout=SIGNAL_TIMEOUT):
        side.search.setText("Lisbon")
        qtbot.keyClick(side.search, Qt.Key.Key_Return)
    hits = [side.list.item(i) for i in range(side.list.count())]
    assert len(hits) >= 2  # both conversations (the model's replies may mention Lisbon too)
    from app.ui.sidebar import ROLE_HIT

    # the hit's own snippet: every hit in that conversation shows its title, which mentions the wedding
    target = next(item for item in hits if "wedding" in item.data(ROLE_HIT).snippet)
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        side.list.itemActivated.emit(target)
    bodies = {bubble.body: bubble for bubble in window.chat.view.bubbles}
    qtbot.waitUntil(lambda: QApplication.focusWidget() in bodies, timeout=5_000)
    focused = bodies[QApplication.focusWidget()]
    assert "Lisbon" in focused.text and "wedding" in focused.text  # opened at the matching message
    assert "wedding is in Lisbon" in bubble_texts(window.chat.view)[0][1]  # in the right conversation


def test_auto_lock_closes_the_store_and_clears_the_window(qtbot, unlocked_window) -> None:
    window = unlocked_window
    send_and_wait(qtbot, window, "Something private.")
    window.controller.settings = window.controller.settings.changed(auto_lock_minutes=1)
    window._restart_idle_timer()  # what the settings page does after a change
    assert window._idle.isActive() and window._idle.interval() == 60_000
    with qtbot.waitSignal(window.controller.locked, timeout=10_000):
        window._idle.start(200)  # a minute is too long for a test; the path it takes is the same
    assert window.stack.currentWidget() is window.unlock_page
    assert window.controller.store is None
    assert window.chat.view.items == [] and window.chat.sidebar.list.count() == 0


def test_keyboard_only_send_and_stop(qtbot, unlocked_window) -> None:
    window = unlocked_window
    window.controller.session.sampling = Sampling(max_tokens=1500, temperature=0.8, seed=4)
    window.controller.session.style = "free"  # a long reply to stop (a guided one is two sentences)
    edit = window.chat.composer.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Tell me a long tale")
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(edit, "about a fox.")
    assert edit.toPlainText() == "Tell me a long tale\nabout a fox."  # Shift+Enter is a new line
    with qtbot.waitSignal(window.controller.reply_finished, timeout=SIGNAL_TIMEOUT) as finished:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: replying(window), timeout=SIGNAL_TIMEOUT)
        qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert finished.args[0].finish_reason is FinishReason.CANCELLED
    assert [b.role for b in window.chat.view.items if isinstance(b, Bubble)] == ["user", "assistant"]


def test_closing_during_a_reply_stops_it_and_loses_nothing(qtbot, make_window, unlocked_window) -> None:
    window = unlocked_window
    window.controller.session.sampling = Sampling(max_tokens=2000, temperature=0.8, seed=6)
    window.controller.session.style = "free"  # a long reply to stop (a guided one is two sentences)
    store = window.controller.store
    window.chat.composer.edit.setPlainText("Write an extremely long story about mountains.")
    qtbot.keyClick(window.chat.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: replying(window), timeout=SIGNAL_TIMEOUT)
    conversation_id = window.controller.session.conversation_id
    window.close()
    assert store.closed
    from app.storage import Store
    from tests.ui.conftest import PASSPHRASE

    with Store.open(window.controller.data_dir, PASSPHRASE) as reopened:
        messages = reopened.messages(conversation_id)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[0].content.startswith("Write an extremely long story")
    assert messages[1].status == "incomplete" and messages[1].content


def test_history_is_readable_while_the_model_is_still_loading(qtbot, make_window, unlocked_window) -> None:
    window = unlocked_window
    send_and_wait(qtbot, window, "A note about the garden.")
    window.close()

    again = make_window()
    controller = again.controller
    gate = __import__("threading").Event()
    controller.model_runner.run(gate.wait)  # the model thread is busy (as with a large model loading)
    with qtbot.waitSignal(controller.store_ready, timeout=SIGNAL_TIMEOUT):
        again.unlock_page.field.setText("quiet river stones 7")
        again.unlock_page.unlock_button.click()
    qtbot.waitUntil(lambda: again.chat.sidebar.list.count() == 1, timeout=10_000)
    with qtbot.waitSignal(controller.conversation_opened, timeout=10_000):
        again.chat.sidebar.list.itemClicked.emit(again.chat.sidebar.list.item(0))
    assert bubble_texts(again.chat.view)[0][1] == "A note about the garden."
    assert controller.engine is None and again.chat.composer.edit.isReadOnly()  # can read, cannot yet send
    gate.set()
    qtbot.waitUntil(lambda: controller.engine is not None, timeout=SIGNAL_TIMEOUT)
    qtbot.waitUntil(lambda: not again.chat.composer.edit.isReadOnly(), timeout=10_000)
