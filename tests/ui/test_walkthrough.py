"""The main window as people meet it, walked through in one go (issue 12): first run → chat → crisis →
"I am safe" → a new conversation → back → search → hidden titles → every text size → lock → unlock → Ctrl+Q.

The real window offscreen, the real model, a real encrypted store in the test's data dir; typing, clicks and
key presses as a person makes them. At each step it checks what a person saw go wrong in a real window:
a stale loading notice, focus lost after Stop, Tab stopping on every message, an unselected new
conversation, a crisis conversation titled with its first words, the help lines gone after coming back,
a search opening at the crisis card, and a window too wide for a laptop at larger text sizes.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from app.chat.record import neutral_title
from app.chat.session import ReplyKind
from app.model.engine import FinishReason
from app.model.sampling import Sampling
from app.settings import TEXT_SIZES
from app.storage import Store
from app.ui.chat_view import CUT_SHORT_NOTE, STOPPED_NOTE, Bubble
from app.ui.clipboard import COPIED
from app.ui.crisis_card import CrisisCard
from app.ui.qt import QApplication, QImage, QPoint, QPushButton, QRect, Qt, QWidget
from tests.ui.conftest import PASSPHRASE, SIGNAL_TIMEOUT, create_and_unlock, send_and_wait

CRISIS = "I don't want to be alive anymore."
LOADING = "The model is loading"


@pytest.fixture
def steady_cursor():
    """A text cursor that does not blink, so what is on screen can be compared with a fresh paint."""
    flash = QApplication.cursorFlashTime()
    QApplication.setCursorFlashTime(0)
    yield
    QApplication.setCursorFlashTime(flash)


def on_screen_as_painted(widget: QWidget) -> bool:
    """What the window shows where `widget` is (its backing store: what was last painted there) is what a
    fresh paint of it gives. False when a change was never repainted — the person still sees the old words."""
    QApplication.processEvents()
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    shown = window.screen().grabWindow(window.winId(), rect.x(), rect.y(), rect.width(), rect.height())
    fresh = window.grab(rect)
    fmt = QImage.Format.Format_RGB32
    return shown.toImage().convertToFormat(fmt) == fresh.toImage().convertToFormat(fmt)


def in_view(view, widget: QWidget) -> bool:
    """The top of `widget` is within the conversation's visible area."""
    QApplication.processEvents()
    top = widget.mapTo(view.viewport(), QPoint(0, 0)).y()
    return 0 <= top < view.viewport().height()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()
    return QApplication.focusWidget()


def clipped_buttons(window) -> list[str]:
    """Visible buttons on the chat page narrower than their text needs, or past the window's right edge."""
    QApplication.processEvents()
    found = []
    for button in window.chat.findChildren(QPushButton):
        if not button.isVisible() or not button.text():
            continue
        right = button.mapTo(window, QPoint(button.width(), 0)).x()
        if button.width() < button.sizeHint().width() or right > window.width():
            found.append(f"{button.text()!r} {button.width()}<{button.sizeHint().width()} right={right}")
    return found


def test_walk_through_the_main_window(qtbot, make_window, steady_cursor) -> None:
    window = make_window()
    window.resize(1280, 860)
    controller, chat = window.controller, window.chat
    side, view, edit = chat.sidebar, chat.view, chat.composer.edit

    # ---- first run: the loading notice leaves as soon as the model has loaded -------------------------
    assert window.stack.currentWidget() is window.welcome
    create_and_unlock(qtbot, window)
    assert controller.engine is not None and LOADING not in edit.placeholderText()
    # Nothing else repaints the message box here: if its new hint was never painted, this never holds.
    qtbot.waitUntil(lambda: on_screen_as_painted(edit.viewport()), timeout=3_000)  # not "The model is loading…"
    assert chat.notice_text == ""

    # ---- chat: the new conversation is listed and selected at once, so Rename acts on it ---------------
    reply, stream = send_and_wait(qtbot, window, "Work has been busy and I feel tired this week.")
    assert stream.kind is ReplyKind.MODEL
    assert (view.bubbles[-1].text, view.bubbles[-1].note.text()) == (reply.text, "")
    first_id = controller.session.conversation_id
    qtbot.waitUntil(lambda: side.selected() is not None, timeout=10_000)
    assert side.selected()[0] == first_id and side.rename_button.isEnabled()

    # Enter on a focused button presses it, as Space does.
    chat.regenerate_button.setFocus()
    qtbot.waitUntil(chat.regenerate_button.hasFocus, timeout=5_000)
    with qtbot.waitSignal(controller.reply_finished, timeout=SIGNAL_TIMEOUT) as regenerated:
        qtbot.keyClick(chat.regenerate_button, Qt.Key.Key_Return)
    assert [b.role for b in view.bubbles] == ["user", "assistant"]
    assert view.bubbles[-1].text == regenerated.args[0].text

    # Ctrl+Shift+C copies the reply (no Tab stop per Copy button), and its button says "Copied".
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit, timeout=5_000)
    qtbot.keyClick(edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.clipboard().text() == view.bubbles[-1].text
    assert view.bubbles[-1].copy_button.text() == COPIED
    window.clipboard.clear()

    # Stop with the mouse: the reply keeps what it wrote, and focus comes back to the message box.
    controller.session.style = "free"  # a long reply to stop (a guided one is two sentences)
    for seed in (2, 5, 11):  # the model may end a "long story" in one line before the click lands: try again
        controller.session.sampling = Sampling(max_tokens=1500, temperature=0.8, seed=seed)
        with qtbot.waitSignal(controller.reply_finished, timeout=SIGNAL_TIMEOUT) as stopped:
            edit.setPlainText("Write a very long story about a lighthouse and the sea.")
            qtbot.keyClick(edit, Qt.Key.Key_Return)
            qtbot.waitUntil(chat.composer.stop_button.isVisible, timeout=SIGNAL_TIMEOUT)
            qtbot.mouseClick(chat.composer.stop_button, Qt.MouseButton.LeftButton)
        if stopped.args[0].finish_reason is not FinishReason.STOP:
            break
    assert stopped.args[0].finish_reason is FinishReason.CANCELLED
    assert view.bubbles[-1].note.text() == STOPPED_NOTE
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit, timeout=5_000)  # not the Guardrails button

    # A reply cut by its length limit says so, in its own words.
    controller.session.sampling = Sampling(max_tokens=10, temperature=0.8, seed=3)
    reply, _ = send_and_wait(qtbot, window, "Tell me a very long story about mountains, rivers and old towns.")
    assert reply.finish_reason is FinishReason.LENGTH
    assert view.bubbles[-1].note.text() == CUT_SHORT_NOTE != STOPPED_NOTE

    # Tab: the messages are one stop, never each message and each Copy button.
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit, timeout=5_000)
    visited: list[QWidget] = []
    for _ in range(40):
        focus = press(qtbot, Qt.Key.Key_Tab)
        if focus is edit:
            break
        visited.append(focus)
    assert QApplication.focusWidget() is edit
    in_conversation = [w for w in visited if view.isAncestorOf(w)]
    assert len(in_conversation) == 1 and in_conversation[0] is view.bubbles[-1].body
    assert not [w for w in visited for b in view.bubbles if w is b.copy_button]

    # ---- a crisis in a new conversation: a neutral title, pinned help ---------------------------------
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        qtbot.mouseClick(side.new_button, Qt.MouseButton.LeftButton)
    assert side.selected() is None and not side.rename_button.isEnabled()  # nothing written yet
    reply, stream = send_and_wait(qtbot, window, CRISIS)
    assert stream.kind is ReplyKind.CRISIS and isinstance(view.items[-1], CrisisCard)
    assert chat.help_pinned and chat.pinned_confirm.isVisible()
    crisis_id = controller.session.conversation_id
    neutral = neutral_title(datetime.now().astimezone())
    qtbot.waitUntil(lambda: side.shown_title(crisis_id) == neutral, timeout=10_000)
    assert side.selected()[0] == crisis_id and chat.title.text() == neutral
    assert not [t for t in side.titles() if "alive" in t]

    # ---- "I am safe": the view rests on the reply, not back on the crisis card -------------------------
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        qtbot.mouseClick(chat.pinned_confirm, Qt.MouseButton.LeftButton)
    resume = view.bubbles[-1]
    assert resume.text == controller.profile.after_crisis.resume_message and resume.note.text() == ""
    qtbot.waitUntil(lambda: in_view(view, resume), timeout=5_000)
    qtbot.wait(300)  # let any late scroll (the card's own, on arrival) happen before looking again
    assert in_view(view, resume)
    assert chat.help_pinned and not chat.pinned_confirm.isVisible()
    send_and_wait(qtbot, window, "Thank you. A walk by the lighthouse might help me tonight.")

    # ---- leave it and come back: the help lines are still pinned ----------------------------------------
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT) as opened:
        qtbot.mouseClick(side.new_button, Qt.MouseButton.LeftButton)
    check_in = opened.args[0].opening
    assert [(b.role, b.text, b.note.text()) for b in view.bubbles] == [("assistant", check_in, "")]  # no stale text
    assert not chat.help_pinned and edit.toPlainText() == ""
    row = next(i for i in range(side.list.count()) if side.list.item(i).data(Qt.ItemDataRole.UserRole) == crisis_id)
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        side.list.setCurrentRow(row)
        qtbot.keyClick(side.list, Qt.Key.Key_Return)
    assert chat.help_pinned and not chat.pinned_confirm.isVisible()
    assert side.selected()[0] == crisis_id

    # ---- search as you type: the result opens at the match, selected, not at the crisis card ------------
    side.search.setFocus()
    with qtbot.waitSignal(controller.search_results, timeout=SIGNAL_TIMEOUT):
        qtbot.keyClicks(side.search, "lighthouse")  # no Enter
    from app.ui.sidebar import ROLE_HIT

    hits = [side.list.item(i) for i in range(side.list.count())]
    # The person's own message: a guided reply may name "the lighthouse" (or "a walk by the lighthouse") back.
    hit_row = next(i for i, item in enumerate(hits) if item.data(ROLE_HIT).conversation_id == crisis_id
                   and "might help me tonight" in item.data(ROLE_HIT).snippet)
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        side.list.setCurrentRow(hit_row)
        qtbot.keyClick(side.list, Qt.Key.Key_Return)
    match = next(b for b in view.bubbles if b.role == "user" and "walk by the lighthouse" in b.text)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is match.body, timeout=5_000)
    assert match.body.selectedText().lower() == "lighthouse"
    qtbot.wait(300)
    assert in_view(view, match)
    with qtbot.waitSignal(controller.conversations_changed, timeout=SIGNAL_TIMEOUT):
        side.search.clear()

    # ---- hide titles: every title neutral, remembered in the settings ----------------------------------
    assert any(not t.startswith("Conversation, ") for t in side.titles())
    with qtbot.waitSignal(controller.settings_changed, timeout=SIGNAL_TIMEOUT):
        qtbot.mouseClick(side.hide_titles, Qt.MouseButton.LeftButton, pos=QPoint(10, side.hide_titles.height() // 2))
    assert controller.settings.hide_titles
    assert all(t.startswith("Conversation, ") for t in side.titles())

    # ---- every text size: the window fits a laptop screen, nothing clipped, old messages resize ---------
    old = view.bubbles[0]
    for size in TEXT_SIZES:
        with qtbot.waitSignal(controller.settings_changed, timeout=SIGNAL_TIMEOUT):
            controller.update_settings(controller.settings.changed(text_size=size))
        QApplication.processEvents()
        minimum = window.minimumSizeHint()
        assert minimum.width() <= 1024 and minimum.height() <= 768, (size, minimum)
        window.resize(1280, 800)

        def nothing_clipped(size: str = size) -> None:
            assert clipped_buttons(window) == [], size

        qtbot.waitUntil(nothing_clipped, timeout=5_000)  # once laid out at this size
        fresh = Bubble(old.role, old.text)
        qtbot.addWidget(fresh)
        fresh.ensurePolished()
        fresh.body.ensurePolished()
        assert old.body.heightForWidth(300) == fresh.body.heightForWidth(300), size  # not the old size
    with qtbot.waitSignal(controller.settings_changed, timeout=SIGNAL_TIMEOUT):
        controller.update_settings(controller.settings.changed(text_size="normal"))

    # ---- lock, then unlock: nothing left over, and the settings remembered ------------------------------
    listed = side.titles()
    assert len(listed) == 2  # the first conversation and the crisis one (the last was left unwritten)
    with qtbot.waitSignal(controller.locked, timeout=SIGNAL_TIMEOUT):
        qtbot.mouseClick(chat.lock_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.unlock_page
    assert view.items == [] and side.titles() == [] and edit.toPlainText() == "" and chat.notice_text == ""
    assert window.unlock_page.help_button.isVisible()  # help without the passphrase (issue 12 item 8)
    with qtbot.waitSignal(controller.store_ready, timeout=SIGNAL_TIMEOUT):  # the model stays loaded
        window.unlock_page.field.setText(PASSPHRASE)
        qtbot.mouseClick(window.unlock_page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: side.titles() == listed, timeout=SIGNAL_TIMEOUT)
    assert side.hide_titles.isChecked() and all(t.startswith("Conversation, ") for t in side.titles())
    assert LOADING not in edit.placeholderText()
    qtbot.waitUntil(lambda: on_screen_as_painted(edit.viewport()), timeout=3_000)
    assert [b.text for b in view.bubbles] == [] and chat.notice_text == "" and not chat.help_pinned

    # ---- Ctrl+Q quits through the normal close: the store is closed ------------------------------------
    store = controller.store
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=SIGNAL_TIMEOUT)
    assert store.closed and not Store.in_use(controller.data_dir)
