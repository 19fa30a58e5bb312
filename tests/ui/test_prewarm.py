"""Pre-warming in the app: opening a conversation has the model thread read its prompt before the person
sends, and gives way to a message sent meanwhile. Real window, store and model, offscreen."""

from __future__ import annotations

import threading

from app.ui.qt import Qt
from tests.ui.conftest import SIGNAL_TIMEOUT


def _quiet_model_thread(qtbot, controller) -> None:
    qtbot.waitUntil(lambda: not controller.model_runner.busy, timeout=SIGNAL_TIMEOUT)
    controller.model_runner.call(controller.engine.forget_cache)  # on the model thread, as the app would


def test_opening_a_conversation_prewarms_the_model(qtbot, unlocked_window) -> None:
    controller = unlocked_window.controller
    engine = controller.engine
    _quiet_model_thread(qtbot, controller)
    before = engine.evaluated_tokens
    with qtbot.waitSignal(controller.prewarmed, timeout=SIGNAL_TIMEOUT) as warmed:
        unlocked_window.chat.sidebar.new_button.click()
    evaluated = warmed.args[0]
    assert evaluated > 0
    # llama.cpp's own counters: the model read exactly that much, and holds it for the first reply.
    assert engine.evaluated_tokens - before == evaluated
    assert engine.cached_tokens == evaluated


def test_a_prewarm_gives_way_to_a_message_waiting_for_the_model(qtbot, unlocked_window) -> None:
    controller = unlocked_window.controller
    _quiet_model_thread(qtbot, controller)
    release = threading.Event()
    controller.model_runner.run(lambda: release.wait(60))  # the model thread is busy with something else
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        unlocked_window.chat.sidebar.new_button.click()  # a pre-warm is queued ...
    warmed: list[int] = []
    controller.prewarmed.connect(warmed.append)
    composer = unlocked_window.chat.composer.edit
    composer.setPlainText("I feel tense before meetings.")
    with qtbot.waitSignal(controller.reply_finished, timeout=SIGNAL_TIMEOUT) as finished:
        qtbot.keyClick(composer, Qt.Key.Key_Return)  # ... and then the person sends
        release.set()
    assert warmed == [0]  # it saw the message waiting and evaluated nothing
    assert finished.args[0].text
