"""The conversation: messages as readable bubbles, the reply streaming in as it is written."""

from __future__ import annotations

from app.ui.markdown import to_html
from app.ui.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    is_valid,
)

STOPPED_NOTE = "Stopped before the end"
STATUS_NOTES = {
    "incomplete": STOPPED_NOTE,
    "withheld": "The model's reply was replaced by this safety message",
}
WRITING = "writing"  # a reply still being written: no note (it has not stopped, nor ended)
SPEAKERS = {"user": "You", "assistant": "Confidant"}


class Bubble(QFrame):
    """One message. Text is selectable with mouse and keyboard; links are shown but never opened."""

    copy_requested = Signal(str)

    def __init__(self, role: str, text: str, status: str = "complete", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.setObjectName("Bubble")
        self.setProperty("speaker", "withheld" if status == "withheld" else role)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 8)
        layout.setSpacing(4)

        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setOpenExternalLinks(False)
        self.body.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout.addWidget(self.body)

        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        footer.addWidget(self.note)
        footer.addStretch(1)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setAccessibleName(f"Copy {SPEAKERS.get(role, role)}'s message")
        self.copy_button.setAccessibleDescription("Copies this message; the clipboard is cleared again soon")
        self.copy_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.copy_button.clicked.connect(lambda: self.copy_requested.emit(self.text))
        footer.addWidget(self.copy_button)
        layout.addLayout(footer)

        self.text = ""
        self.status = status
        self.set_text(text)
        self.set_status(status)

    def set_text(self, text: str) -> None:
        self.text = text
        self.body.setText(to_html(text) if text else "…")
        speaker = SPEAKERS.get(self.role, self.role)
        self.body.setAccessibleName(f"{speaker} said")
        self.body.setAccessibleDescription(text[:500])

    def set_status(self, status: str, *, stopped: bool | None = None) -> None:
        """`stopped`: whether the person pressed Stop (known for a reply just written). A stored "incomplete"
        message (stopped, or cut short when the app was closed) is labelled; a reply that ended on its own
        never is."""
        self.status = status
        note = STATUS_NOTES.get(status, "")
        if status == "incomplete" and stopped is False:
            note = ""
        self.note.setText(note)
        self.note.setVisible(bool(note))
        speaker = "withheld" if status == "withheld" else self.role
        if self.property("speaker") != speaker:
            self.setProperty("speaker", speaker)
            self.style().unpolish(self)
            self.style().polish(self)


class ConversationView(QScrollArea):
    """A scrolling column of bubbles and cards. Streaming text is applied at most ~25 times a second."""

    copy_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChatArea")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Conversation")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget()
        self._column = QVBoxLayout(inner)
        self._column.setContentsMargins(24, 16, 24, 16)
        self._column.setSpacing(12)
        self._column.addStretch(1)
        self.setWidget(inner)
        self.bubbles: list[Bubble] = []
        self.items: list[QWidget] = []  # one per stored message, in order: bubbles and crisis cards
        self._streaming: Bubble | None = None
        self._pending_text: str | None = None
        self._flush = QTimer(self)
        self._flush.setInterval(40)
        self._flush.timeout.connect(self._apply_pending)
        self.verticalScrollBar().rangeChanged.connect(self._follow)
        self._stick_to_bottom = True

    # ---- content --------------------------------------------------------------------------------------

    def set_intro(self, text: str) -> None:
        """A quiet note above the messages (the profile's disclaimer); not a message itself."""
        intro = QLabel(text)
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        intro.setAccessibleName("About this conversation")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setContentsMargins(8, 0, 8, 8)
        self._column.insertWidget(0, intro)

    def clear(self) -> None:
        self._flush.stop()
        self._streaming = None
        self._pending_text = None
        while self._column.count() > 1:
            item = self._column.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.bubbles.clear()
        self.items.clear()

    def add_message(self, role: str, text: str, status: str = "complete") -> Bubble:
        bubble = Bubble(role, text, status)
        bubble.copy_requested.connect(self.copy_requested)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        if role == "user":
            row.addStretch(1)
        row.addWidget(bubble, 6)
        if role != "user":
            row.addStretch(1)
        holder = QWidget()
        holder.setLayout(row)
        self._column.insertWidget(self._column.count() - 1, holder)
        self.bubbles.append(bubble)
        self.items.append(bubble)
        self._stick_to_bottom = True
        return bubble

    def add_card(self, card: QWidget) -> None:
        """A card that stands for a message (the crisis response) in the flow of the conversation."""
        self._column.insertWidget(self._column.count() - 1, card)
        self.items.append(card)
        # A card matters from its first line: show its heading rather than its end.
        self._stick_to_bottom = False
        QTimer.singleShot(50, lambda: self._scroll_to_top_of(card))

    def _scroll_to_top_of(self, widget: QWidget) -> None:
        if not is_valid(widget):  # the conversation was cleared before the timer fired
            return
        top = widget.mapTo(self.widget(), widget.rect().topLeft()).y()
        self.verticalScrollBar().setValue(max(0, top - 12))

    def remove_last_message(self) -> None:
        if not self.items:
            return
        item = self.items.pop()
        if isinstance(item, Bubble):
            self.bubbles.remove(item)
            item = item.parentWidget()
        self._column.removeWidget(item)
        item.deleteLater()

    @property
    def last_role(self) -> str | None:
        if not self.items:
            return None
        last = self.items[-1]
        return last.role if isinstance(last, Bubble) else "assistant"

    # ---- streaming ------------------------------------------------------------------------------------

    def begin_reply(self) -> Bubble:
        self._pending_text = None
        self._streaming = self.add_message("assistant", "", WRITING)
        self._flush.start()
        return self._streaming

    def stream_text(self, text: str) -> None:
        """The whole reply so far (not a delta): cheap to apply late, impossible to apply twice.

        Only a reply streaming into a bubble keeps it: the text of a fixed reply (a crisis response shown as
        a card) must never linger and appear in the next conversation's first bubble."""
        if self._streaming is not None:
            self._pending_text = text

    def end_reply(self, text: str, status: str, *, stopped: bool | None = None) -> None:
        self._flush.stop()
        if self._streaming is not None:
            self._streaming.set_text(text)
            self._streaming.set_status(status, stopped=stopped)
        self._streaming = None
        self._pending_text = None

    def _apply_pending(self) -> None:
        if self._streaming is not None and self._pending_text is not None:
            self._streaming.set_text(self._pending_text)
            self._pending_text = None

    # ---- scrolling ------------------------------------------------------------------------------------

    def scroll_to_item(self, index: int) -> None:
        if 0 <= index < len(self.items):
            self._stick_to_bottom = False
            item = self.items[index]
            QTimer.singleShot(0, lambda: is_valid(item) and self.ensureWidgetVisible(item, 0, 80))
            if isinstance(item, Bubble):
                item.body.setFocus(Qt.FocusReason.OtherFocusReason)

    def _follow(self, _minimum: int, maximum: int) -> None:
        bar = self.verticalScrollBar()
        if self._stick_to_bottom:
            bar.setValue(maximum)

    def wheelEvent(self, event) -> None:
        super().wheelEvent(event)
        bar = self.verticalScrollBar()
        self._stick_to_bottom = bar.value() >= bar.maximum() - 4


def bubble_texts(view: ConversationView) -> list[tuple[str, str, str]]:
    """(role, text, status) of every bubble — what a test or screen reader would read."""
    return [(b.role, b.text, b.status) for b in view.bubbles]

