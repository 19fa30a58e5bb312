"""What a reply bubble says while it is written and after: no stale text from a crisis, and "Stopped before the
end" only when the person pressed Stop (issue 12 items 1 and 5), and "Cut short" on a reply that reached its
length limit, then and whenever its conversation is opened again."""

from __future__ import annotations

from app.chat.session import ReplyKind
from app.model.engine import FinishReason
from app.model.sampling import Sampling
from app.ui.chat_view import CUT_SHORT_NOTE, STOPPED_NOTE, Bubble
from app.ui.crisis_card import CrisisCard
from app.ui.qt import Qt, QTimer, is_valid
from app.ui.sidebar import ROLE_ID
from tests.ui.conftest import SIGNAL_TIMEOUT, send_and_wait


class BubbleWatch:
    """Every (text, note) a model reply's bubble shows, from the moment it is made (as the reply starts) and
    then every few milliseconds until it ends: what a person glancing at the screen could have read."""

    def __init__(self, window) -> None:
        self.view = window.chat.view
        self.bubble: Bubble | None = None
        self.seen: list[tuple[str, str]] = []
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self.sample)
        window.controller.reply_started.connect(self._started)  # runs after the window's own slot

    def _started(self, stream) -> None:
        if stream.kind is ReplyKind.MODEL:
            self.bubble = self.view.bubbles[-1]
            self.sample()

    def sample(self) -> None:
        if self.bubble is not None and is_valid(self.bubble):
            self.seen.append((self.bubble.text, self.bubble.note.text()))

    def __enter__(self) -> BubbleWatch:
        self.bubble = None
        self.seen.clear()
        self._timer.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._timer.stop()
        self.sample()


def notes(view) -> list[str]:
    return [b.note.text() for b in view.bubbles]


def test_after_a_crisis_and_i_am_safe_the_next_conversation_shows_only_its_own_reply(qtbot, unlocked_window):
    window = unlocked_window
    view, controller = window.chat.view, window.controller
    profile = controller.profile
    crisis_text = profile.crisis_category("suicide-self-harm").response
    holding_text = profile.after_crisis.holding_message
    watch = BubbleWatch(window)

    reply, stream = send_and_wait(qtbot, window, "I don't want to be alive anymore.")
    assert stream.kind is ReplyKind.CRISIS and reply.text == crisis_text
    assert isinstance(view.items[-1], CrisisCard)  # the response is a card, not a bubble
    assert [b.role for b in view.bubbles] == ["user"] and notes(view) == [""]

    reply, stream = send_and_wait(qtbot, window, "I'm fine.")
    assert stream.kind is ReplyKind.HOLDING and reply.text == holding_text
    assert (view.bubbles[-1].role, view.bubbles[-1].text) == ("assistant", holding_text)
    assert notes(view) == ["", "", ""]  # two messages and a fixed reply: no labels

    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        window.chat.pinned_confirm.click()  # "I am safe right now — continue"
    resume = profile.after_crisis.resume_message
    assert view.bubbles[-1].text == resume and STOPPED_NOTE not in notes(view)

    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT) as opened:
        qtbot.mouseClick(window.chat.sidebar.new_button, Qt.MouseButton.LeftButton)
    check_in = opened.args[0].opening  # after a crisis, the next conversation opens with a gentle check-in
    assert check_in == profile.after_crisis.check_in_message
    assert [(b.role, b.text, b.note.text()) for b in view.bubbles] == [("assistant", check_in, "")]

    with watch:
        reply, stream = send_and_wait(qtbot, window, "What could I do this evening to relax?")
    assert stream.kind is ReplyKind.MODEL and reply.finish_reason is not FinishReason.CANCELLED
    assert watch.seen, "the reply bubble was never sampled"
    first_text, first_note = watch.seen[0]
    assert first_text == "" and first_note == ""  # the new bubble starts empty, with no label
    for text, note in watch.seen:
        assert note == "", f"{note!r} shown while the reply was being written"
        assert crisis_text.splitlines()[0] not in text and holding_text not in text and resume not in text
    last = view.bubbles[-1]
    assert (last.role, last.text, last.note.text()) == ("assistant", reply.text, "")
    assert [b.role for b in view.bubbles] == ["assistant", "user", "assistant"]


def test_stopped_before_the_end_only_on_a_reply_the_person_stopped(qtbot, unlocked_window):
    window = unlocked_window
    view, controller = window.chat.view, window.controller
    watch = BubbleWatch(window)

    with watch:
        reply, _ = send_and_wait(qtbot, window, "Tell me about the sea.")
    assert reply.finish_reason is not FinishReason.CANCELLED
    assert all(note == "" for _, note in watch.seen)  # neither while written nor after
    assert view.bubbles[-1].note.text() == ""

    controller.session.style = "free"  # a long reply, written by the model alone, to stop half-way
    for seed in (11, 12, 13):
        # a sampled story can trip the output rail, which replaces the reply (and labels it so) before Stop
        # can be pressed: that is the rail working, not this test's question, so another seed is tried
        controller.session.sampling = controller.session.sampling.with_overrides(max_tokens=1500, temperature=0.8,
                                                                                 seed=seed)
        with watch, qtbot.waitSignal(controller.reply_finished, timeout=SIGNAL_TIMEOUT) as finished:
            window.chat.composer.edit.setPlainText("Write a very long story about a lighthouse and the sea.")
            qtbot.keyClick(window.chat.composer.edit, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: view.bubbles[-1].role == "assistant" and bool(view.bubbles[-1].text),
                            timeout=SIGNAL_TIMEOUT)
            if view.bubbles[-1].status == "withheld":
                continue
            assert view.bubbles[-1].note.text() == ""  # still being written: no label yet
            qtbot.keyClick(window.chat.composer.edit, Qt.Key.Key_Escape)  # Stop
        break
    reply, _ = finished.args
    assert reply.finish_reason is FinishReason.CANCELLED
    assert view.bubbles[-1].note.text() == STOPPED_NOTE and view.bubbles[-1].status == "incomplete"


def test_a_stored_reply_that_did_not_end_is_labelled_when_the_conversation_is_opened_again(qtbot) -> None:
    """A stored "incomplete" reply was stopped (or cut short when the app closed): it keeps its label."""
    bubble = Bubble("assistant", "Half a thought", "incomplete")
    qtbot.addWidget(bubble)
    assert bubble.note.text() == STOPPED_NOTE
    bubble.set_status("incomplete", stopped=False)
    assert bubble.note.text() == ""


def test_a_reply_cut_short_at_its_length_limit_keeps_its_label_when_the_conversation_is_opened_again(
        qtbot, unlocked_window) -> None:
    window = unlocked_window
    view, controller, sidebar = window.chat.view, window.controller, window.chat.sidebar
    controller.session.style = "free"  # the model alone, so the length limit is what ends the reply
    controller.session.sampling = Sampling(max_tokens=10, temperature=0.8, seed=3)
    reply, _ = send_and_wait(qtbot, window, "Tell me a very long story about mountains, rivers and old towns.")
    assert reply.finish_reason is FinishReason.LENGTH and reply.cut_short
    assert view.bubbles[-1].note.text() == CUT_SHORT_NOTE
    cut_id = controller.session.conversation_id
    (stored,) = [m for m in controller.store.messages(cut_id) if m.role == "assistant"]
    assert (stored.content, stored.status, stored.cut_short) == (reply.text, "complete", True)

    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        qtbot.mouseClick(sidebar.new_button, Qt.MouseButton.LeftButton)
    assert view.bubbles == []
    item = next(sidebar.list.item(row) for row in range(sidebar.list.count())
                if sidebar.list.item(row).data(ROLE_ID) == cut_id)
    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        rect = sidebar.list.visualItemRect(item)
        qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [(b.role, b.text, b.note.text()) for b in view.bubbles] == [
        ("user", "Tell me a very long story about mountains, rivers and old towns.", ""),
        ("assistant", reply.text, CUT_SHORT_NOTE)]
    assert controller.session.messages[-1].cut_short and not controller.session.messages[-1].is_safety_message
    assert window.chat.can_redo  # a cut-short reply is the model's, and may be regenerated
