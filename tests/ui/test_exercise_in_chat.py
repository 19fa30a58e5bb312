"""A thought record walked through inside the conversation window: offered beside the reply, answered in the
composer, kept in the journal, and left with one button."""

from __future__ import annotations

from app import cbt
from app.chat.session import ReplyKind
from app.ui.chat_view import Bubble
from app.ui.qt import Qt
from tests.ui.conftest import SIGNAL_TIMEOUT, send_and_wait

WAIT = 30_000


def test_walk_through_a_thought_record_in_the_chat_then_leave(qtbot, unlocked_window) -> None:
    window = unlocked_window
    chat, controller = window.chat, window.controller
    _, stream = send_and_wait(qtbot, window, "I keep worrying that my friends think I am boring")
    assert stream.kind is ReplyKind.MODEL
    qtbot.waitUntil(chat.walk_button.isVisible, timeout=WAIT)
    assert chat.suggestion_button.isVisible()  # the toolkit's button stays beside it
    assert not chat.leave_exercise_button.isVisible()

    with qtbot.waitSignal(controller.reply_finished, timeout=SIGNAL_TIMEOUT) as started:
        qtbot.mouseClick(chat.walk_button, Qt.MouseButton.LeftButton)
    assert started.args[1].kind is ReplyKind.EXERCISE
    first_step = chat.view.items[-1]
    assert isinstance(first_step, Bubble) and first_step.role == "assistant" and "What happened?" in first_step.text
    assert not chat.walk_button.isVisible() and chat.leave_exercise_button.isVisible()

    for answer, next_step in (("My friend didn't answer my message", "What went through your mind?"),
                              ("They think I am boring", "How did you feel?")):
        _, step = send_and_wait(qtbot, window, answer)
        assert step.kind is ReplyKind.EXERCISE
        assert [b.role for b in chat.view.items[-2:]] == ["user", "assistant"]
        assert next_step in chat.view.items[-1].text
    assert controller.session.exercise.step_id == "emotions-before"
    (draft,) = controller.store_runner.call(lambda: cbt.list_exercises(controller.store, "thought-record"))
    assert (draft.situation, draft.automatic_thought, draft.completed) == (
        "My friend didn't answer my message", "They think I am boring", False)

    with qtbot.waitSignal(controller.reply_finished, timeout=SIGNAL_TIMEOUT):
        qtbot.mouseClick(chat.leave_exercise_button, Qt.MouseButton.LeftButton)
    assert "saved as a draft" in chat.view.items[-1].text
    assert controller.session.exercise is None
    qtbot.waitUntil(lambda: not chat.leave_exercise_button.isVisible(), timeout=WAIT)


def test_asking_for_a_thought_record_in_words_starts_it_with_the_leave_button(qtbot, unlocked_window) -> None:
    window = unlocked_window
    chat = window.chat
    _, stream = send_and_wait(qtbot, window, "can we do one of those thought exercises?")
    assert stream.kind is ReplyKind.EXERCISE
    assert [b.role for b in chat.view.items[-2:]] == ["user", "assistant"]
    assert "What happened?" in chat.view.items[-1].text
    qtbot.waitUntil(chat.leave_exercise_button.isVisible, timeout=WAIT)
    assert window.controller.session.exercise.exercise_id == "thought-record"
