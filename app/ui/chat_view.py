"""The conversation: messages as readable bubbles, the reply streaming in as it is written."""

from __future__ import annotations

from app.ui.clipboard import show_copied
from app.ui.markdown import to_html
from app.ui.qt import (
    QApplication,
    QEvent,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    Qt,
    QTextDocument,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    is_valid,
)

STOPPED_NOTE = "Stopped before the end"
CUT_SHORT_NOTE = "Cut short — the reply reached its length limit"
COPY_KEYS = "Ctrl+Shift+C"  # copies the message that has focus (or the last reply)
STATUS_NOTES = {
    "incomplete": STOPPED_NOTE,
    "withheld": "The model's reply was replaced by this safety message",
}
WRITING = "writing"  # a reply still being written: no note (it has not stopped, nor ended)
SPEAKERS = {"user": "You", "assistant": "Confidant"}


class Bubble(QFrame):
    """One message. Text is selectable with mouse and keyboard; links are shown but never opened.

    A bubble is no Tab stop of its own (the conversation is one: ConversationView), and neither is its Copy
    button; the keyboard copies with Ctrl+Shift+C or the message's context menu."""

    copy_requested = Signal(str)

    def __init__(self, role: str, text: str, status: str = "complete", parent: QWidget | None = None, *,
                 cut_short: bool = False) -> None:
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
        self.body.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # after the flags, which ask for a Tab stop
        self.body.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.body.customContextMenuRequested.connect(self._menu)
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
        self.copy_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.copy_button.clicked.connect(self.copy)
        footer.addWidget(self.copy_button)
        layout.addLayout(footer)

        self.text = ""
        self.status = status
        self.set_text(text)
        self.set_status(status, cut_short=cut_short)

    def set_text(self, text: str) -> None:
        self.text = text
        self.body.setText(to_html(text) if text else "…")
        speaker = SPEAKERS.get(self.role, self.role)
        self.body.setAccessibleName(f"{speaker} said")
        self.body.setAccessibleDescription(text[:500])

    def set_status(self, status: str, *, stopped: bool | None = None, cut_short: bool = False) -> None:
        """`stopped`: whether the person pressed Stop (known for a reply just written). A stored "incomplete"
        message (stopped, or cut short when the app was closed) is labelled; a reply that ended on its own
        never is. `cut_short`: the reply reached its length limit, so it may end early though it reads as
        finished — said in its own words, distinct from a Stop."""
        self.status = status
        note = STATUS_NOTES.get(status, "")
        if status == "incomplete" and stopped is False:
            note = ""
        if cut_short and status == "complete":
            note = CUT_SHORT_NOTE
        self.note.setText(note)
        self.note.setVisible(bool(note))
        speaker = "withheld" if status == "withheld" else self.role
        if self.property("speaker") != speaker:
            self.setProperty("speaker", speaker)
            self.style().unpolish(self)
            self.style().polish(self)

    def copy(self) -> None:
        """Copy the whole message, and say so on its button for a moment."""
        self.copy_requested.emit(self.text)
        show_copied(self.copy_button)

    def highlight(self, term: str) -> bool:
        """Select the first occurrence of `term` in the message (a search match), as a person would see a
        find-in-page result. False if it is not there."""
        if not term:
            return False
        document = QTextDocument()
        document.setHtml(self.body.text())
        found = document.find(term)
        if found.isNull():
            return False
        self.body.setSelection(found.selectionStart(), found.selectionEnd() - found.selectionStart())
        return True

    def _menu(self, position) -> None:
        menu = QMenu(self)
        menu.addAction(f"Copy message\t{COPY_KEYS}", self.copy)
        selected = self.body.selectedText()
        if selected:
            menu.addAction("Copy selected text", lambda: self.copy_requested.emit(selected))
        menu.exec(self.body.mapToGlobal(position))


class ConversationView(QScrollArea):
    """A scrolling column of bubbles and cards. Streaming text is applied at most ~25 times a second.

    The conversation is one Tab stop: Tab lands on the message last visited (the newest at first), the Up and
    Down arrows move between messages, and Tab goes on to the next control. Only the cards' controls (help
    lines, the check-in answers) are Tab stops of their own."""

    copy_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChatArea")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Conversation")
        self.setAccessibleDescription("Up and Down move between messages; Ctrl+Shift+C copies one")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        inner = QWidget()
        self._column = QVBoxLayout(inner)
        self._column.setContentsMargins(24, 16, 24, 16)
        self._column.setSpacing(12)
        self._column.addStretch(1)
        self.setWidget(inner)
        self.bubbles: list[Bubble] = []
        self.items: list[QWidget] = []  # one per stored message, in order: bubbles and crisis cards
        self._current: QWidget | None = None  # the message the keyboard last visited
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
        self._current = None
        while self._column.count() > 1:
            item = self._column.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.bubbles.clear()
        self.items.clear()
        self._stick_to_bottom = True

    def add_message(self, role: str, text: str, status: str = "complete", *, cut_short: bool = False) -> Bubble:
        """`cut_short`: a stored reply that stopped at its length limit keeps the label it had when written."""
        bubble = Bubble(role, text, status, cut_short=cut_short)
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
        self._adopt(bubble)
        self._stick_to_bottom = True
        return bubble

    def add_card(self, card: QWidget, *, reveal: bool = True) -> None:
        """A card that stands for a message (the crisis response) in the flow of the conversation.

        `reveal`: a card that has just arrived matters from its first line, so the view shows its heading
        rather than its end. A card shown again with its conversation (on opening it, on "I am safe", from a
        search) is not revealed: the view stays at the newest message, or wherever it was asked to go."""
        self._column.insertWidget(self._column.count() - 1, card)
        self.items.append(card)
        self._adopt(card)
        if reveal:
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
        if item is self._current:
            self._current = None
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

    def end_reply(self, text: str, status: str, *, stopped: bool | None = None, cut_short: bool = False) -> None:
        self._flush.stop()
        if self._streaming is not None:
            self._streaming.set_text(text)
            self._streaming.set_status(status, stopped=stopped, cut_short=cut_short)
        self._streaming = None
        self._pending_text = None

    def _apply_pending(self) -> None:
        if self._streaming is not None and self._pending_text is not None:
            self._streaming.set_text(self._pending_text)
            self._pending_text = None

    # ---- scrolling ------------------------------------------------------------------------------------

    def scroll_to_item(self, index: int, highlight: str = "") -> None:
        """Show message `index` (a search result), give it focus, and select `highlight` in it."""
        if not 0 <= index < len(self.items):
            return
        self._stick_to_bottom = False
        item = self.items[index]
        self.widget().layout().activate()  # the column's geometry now, not after the next event loop pass
        self._scroll_to_top_of(item)
        QTimer.singleShot(0, lambda: is_valid(item) and not self._stick_to_bottom and self._scroll_to_top_of(item))
        target = _focus_target(item)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(item, Bubble):
            item.highlight(highlight)

    def _follow(self, _minimum: int, maximum: int) -> None:
        bar = self.verticalScrollBar()
        if self._stick_to_bottom:
            bar.setValue(maximum)

    def wheelEvent(self, event) -> None:
        super().wheelEvent(event)
        bar = self.verticalScrollBar()
        self._stick_to_bottom = bar.value() >= bar.maximum() - 4

    # ---- the keyboard ---------------------------------------------------------------------------------

    @property
    def current(self) -> QWidget | None:
        """The message (bubble or card) the keyboard is on, if focus is in the conversation."""
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            return None
        return self._item_of(focus)

    def copy_current(self) -> bool:
        """Copy the message the keyboard is on, else the newest reply. False if there is nothing to copy."""
        item = self.current
        bubble = item if isinstance(item, Bubble) else next(
            (b for b in reversed(self.bubbles) if b.role == "assistant" and b.text), None)
        if bubble is None:
            return False
        bubble.copy()
        return True

    def focus_item(self, index: int, reason: Qt.FocusReason = Qt.FocusReason.OtherFocusReason) -> bool:
        if not 0 <= index < len(self.items):
            return False
        target = _focus_target(self.items[index])
        if target is None:
            return False
        target.setFocus(reason)
        return True

    def _adopt(self, item: QWidget) -> None:
        """Listen for the arrow keys and focus on the message's focusable parts. A bubble is no Tab stop (the
        view is); a card's controls (help lines, answers, the safety plan) stay Tab stops of their own."""
        for widget in (item, *item.findChildren(QWidget)):
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                widget.installEventFilter(self)

    def _item_of(self, widget: QWidget) -> QWidget | None:
        while widget is not None and widget is not self:
            if widget in self.items:
                return widget
            widget = widget.parentWidget()
        return None

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                                                           Qt.KeyboardModifier.KeypadModifier):
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(event.key())
            item = self._item_of(watched)
            if step is not None and item is not None:
                index = self.items.index(item) + step
                while 0 <= index < len(self.items) and not self.focus_item(index, Qt.FocusReason.TabFocusReason):
                    index += step
                return True  # at either end the arrows stop there
        elif event.type() == QEvent.Type.FocusIn:
            item = self._item_of(watched)
            if item is not None:
                self._current = item
                if event.reason() != Qt.FocusReason.MouseFocusReason:
                    self.ensureWidgetVisible(watched, 0, 40)
        return super().eventFilter(watched, event)

    def focusInEvent(self, event) -> None:
        """Tab into the conversation: the message last visited, else the newest."""
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            current = self._current if self._current in self.items else None
            index = self.items.index(current) if current is not None else len(self.items) - 1
            self.focus_item(index, event.reason())

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab from a message's text goes on from the view's own place in the Tab order rather than to the
        next message: the messages are one Tab stop."""
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus) or focus.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return super().focusNextPrevChild(next)
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        widget = self.nextInFocusChain() if next else self.previousInFocusChain()
        while widget is not None and widget is not self:
            if (widget.window() is self.window() and widget.isVisible() and widget.isEnabled()
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                widget.setFocus(reason)
                return True
            widget = widget.nextInFocusChain() if next else widget.previousInFocusChain()
        return False


def _focusables(item: QWidget) -> list[QWidget]:
    return [w for w in item.findChildren(QWidget)
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible() and w.isEnabled()]


def _focus_target(item: QWidget) -> QWidget | None:
    """Where the keyboard lands on a message: a bubble's text, or a card's first control."""
    if isinstance(item, Bubble):
        return item.body
    found = _focusables(item)
    return found[0] if found else None


def bubble_texts(view: ConversationView) -> list[tuple[str, str, str]]:
    """(role, text, status) of every bubble — what a test or screen reader would read."""
    return [(b.role, b.text, b.status) for b in view.bubbles]
