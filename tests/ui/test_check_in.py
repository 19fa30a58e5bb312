"""The check-in in the chat: a message in the moderate-risk band gets the profile's direct question as a
calm card with the help lines and three answers; the answer decides what comes next.

The real main window, store and model; the input scorer is a real RiskScorer with hand-set weights, under
which the message "hollow" scores 0.75 — between the default check-in (0.6) and crisis (0.9) thresholds —
and ordinary messages score about 0.0003.
"""

from __future__ import annotations

import pytest

from app.chat.session import ReplyKind
from app.safety import ScorerSet
from app.ui.check_in_card import CheckInCard
from app.ui.crisis_card import CrisisCard
from app.ui.qt import QApplication, Qt
from tests.ui.conftest import SIGNAL_TIMEOUT, create_and_unlock, send_and_wait
from tests.ui.test_accessibility import tab_reachable, unnamed_widgets
from tests.word_scorer import word_scorer

CHECK_IN_WORD = "hollow"


@pytest.fixture
def window(qtbot, make_window):
    window = make_window(scorers=ScorerSet(word_scorer({CHECK_IN_WORD: 0.75}), None))
    create_and_unlock(qtbot, window)
    return window


def ask(qtbot, window) -> CheckInCard:
    """Send the check-in word; return the card the question is shown in."""
    reply, stream = send_and_wait(qtbot, window, CHECK_IN_WORD)
    assert stream.kind is ReplyKind.CHECK_IN
    settings = window.controller.profile.scorer
    assert reply.text == settings.check_in_question
    card = window.chat.view.items[-1]
    assert isinstance(card, CheckInCard) and card.question == settings.check_in_question
    return card


def press(qtbot, window, button, key) -> tuple:
    """Answer with the keyboard, as a person would: focus the button, press the key; wait for the reply."""
    controller = window.controller
    button.setFocus()
    qtbot.waitUntil(button.hasFocus, timeout=5_000)
    with qtbot.waitSignal(controller.reply_finished, timeout=SIGNAL_TIMEOUT) as finished:
        qtbot.keyClick(button, key)
        assert controller.generating  # handed to the model thread; the GUI thread only waits for the signal
    return finished.args


def test_no_clears_the_question_and_the_conversation_carries_on(qtbot, window) -> None:
    controller = window.controller
    card = ask(qtbot, window)
    resources = controller.guardrails.check_in_resources
    assert resources and len(card.resource_labels) == len(resources)
    assert card.pending and controller.session.check_in_pending
    assert not isinstance(card, CrisisCard) and card.objectName() == "CheckInCard"  # calm, not the alarm card
    assert [b.text() for b in card.buttons.values()] == ["Yes", "I'm not sure", "No"]
    assert not window.chat.pinned.isVisible()  # a question, not a crisis: nothing is pinned yet
    assert "Answer with a button above" in window.chat.composer.edit.placeholderText()
    assert unnamed_widgets(window) == []

    # Every answer is reachable with Tab from the message box.
    window.chat.composer.edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.chat.composer.edit, timeout=5_000)
    buttons = list(card.buttons.values())
    assert tab_reachable(window, buttons, presses=120) == {0, 1, 2}

    reply, stream = press(qtbot, window, card.buttons["no"], Qt.Key.Key_Space)
    assert stream.kind is ReplyKind.CHECK_IN_CLEARED
    assert reply.text == controller.profile.scorer.check_in_no_response
    assert not card.pending and not any(b.isEnabled() for b in card.buttons.values())
    assert card.note.text() == "You answered no."
    texts = [(b.role, b.text) for b in window.chat.view.bubbles]
    assert texts[-2:] == [("user", "No"), ("assistant", reply.text)]
    assert not controller.session.check_in_pending and controller.session.crisis.model_allowed
    assert not window.chat.pinned.isVisible()

    reply, stream = send_and_wait(qtbot, window, "Thanks. I had a long day at work.")
    assert stream.kind is ReplyKind.MODEL  # the model answers again


def test_not_sure_gets_the_crisis_response(qtbot, window) -> None:
    controller = window.controller
    card = ask(qtbot, window)
    reply, stream = press(qtbot, window, card.buttons["unsure"], Qt.Key.Key_Return)
    assert stream.kind is ReplyKind.CRISIS
    assert isinstance(window.chat.view.items[-1], CrisisCard)
    assert window.chat.view.items[-1].message == reply.text
    assert not any(b.isEnabled() for b in card.buttons.values())
    assert controller.session.crisis.awaiting_confirmation
    assert window.chat.pinned.isVisible() and window.chat.pinned_confirm.isVisible()
    assert [(b.role, b.text) for b in window.chat.view.bubbles][-1] == ("user", "I'm not sure")


def test_yes_gets_the_crisis_response(qtbot, window) -> None:
    card = ask(qtbot, window)
    with qtbot.waitSignal(window.controller.reply_finished, timeout=SIGNAL_TIMEOUT) as finished:
        qtbot.mouseClick(card.buttons["yes"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(card.buttons["no"], Qt.MouseButton.LeftButton)  # a second click changes nothing
    assert finished.args[1].kind is ReplyKind.CRISIS
    assert [(b.role, b.text) for b in window.chat.view.bubbles][-1] == ("user", "Yes")
    assert window.controller.session.crisis.awaiting_confirmation


def test_a_pending_question_keeps_its_buttons_after_reopening_and_a_typed_answer_works(qtbot, window) -> None:
    controller = window.controller
    ask(qtbot, window)
    conversation_id = controller.session.conversation_id
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        controller.new_conversation()
    assert not any(isinstance(item, CheckInCard) for item in window.chat.view.items)

    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        controller.open_conversation(conversation_id)
    cards = [item for item in window.chat.view.items if isinstance(item, CheckInCard)]
    assert len(cards) == 1 and cards[0].pending
    assert all(b.isEnabled() for b in cards[0].buttons.values())

    # Writing instead of pressing a button goes the usual way; the session reads the answer.
    _reply, stream = send_and_wait(qtbot, window, "no, just tired")
    assert stream.kind is ReplyKind.CHECK_IN_CLEARED
    assert not cards[0].pending and not controller.session.check_in_pending

    # Reopened once answered, the question is there without buttons to press.
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        controller.open_conversation(conversation_id)
    cards = [item for item in window.chat.view.items if isinstance(item, CheckInCard)]
    assert len(cards) == 1 and not cards[0].pending


def test_two_calm_replies_that_do_not_answer_close_the_card_and_the_model_answers(qtbot, window) -> None:
    """People carry on with their story instead of answering: the question the score asked lapses."""
    controller = window.controller
    ask(qtbot, window)
    _reply, again = send_and_wait(qtbot, window, "why do you ask?")
    assert again.kind is ReplyKind.CHECK_IN  # asked once more, on a new card
    assert isinstance(window.chat.view.items[-1], CheckInCard) and window.chat.view.items[-1].pending
    reply, carried = send_and_wait(qtbot, window, "anyway I'll email my manager tomorrow and ask for a chat")
    assert carried.kind is ReplyKind.MODEL and reply.text
    assert not controller.session.check_in_pending and controller.session.crisis.model_allowed
    assert not any(isinstance(item, CheckInCard) and item.pending for item in window.chat.view.items)
    assert not any(isinstance(item, CrisisCard) for item in window.chat.view.items)
