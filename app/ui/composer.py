"""Where the person writes. Enter sends, Shift+Enter starts a new line, Esc stops a reply."""

from __future__ import annotations

from app.ui.qt import QHBoxLayout, QKeyEvent, QPlainTextEdit, Qt, QVBoxLayout, QWidget, Signal
from app.ui.widgets import button


class MessageEdit(QPlainTextEdit):
    submitted = Signal()
    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class Composer(QWidget):
    send_requested = Signal(str)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Composer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)

        self.edit = MessageEdit()
        self.edit.setPlaceholderText("Write what's on your mind…  (Enter sends, Shift+Enter for a new line)")
        self.edit.setAccessibleName("Message")
        self.edit.setAccessibleDescription("Type your message. Enter sends it; Shift+Enter starts a new line.")
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(78)
        self.edit.submitted.connect(self._submit)
        self.edit.escape_pressed.connect(self.stop_requested)
        layout.addWidget(self.edit, 1)

        buttons = QVBoxLayout()
        self.send_button = button("Send", "Send message", "Sends your message (Enter)", kind="primary")
        self.send_button.clicked.connect(self._submit)
        self.stop_button = button("Stop", "Stop the reply", "Stops the reply being written (Esc); what was written "
                                  "stays")
        self.stop_button.clicked.connect(self._stop)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        layout.addLayout(buttons)
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        """While a reply is written the person can keep typing, but only Stop acts. When the reply ends, a
        focused Stop button hands focus back to the message box (hidden, it would pass it to whatever comes
        next in the Tab chain)."""
        had_focus = self.stop_button.hasFocus()
        self.send_button.setVisible(not busy)
        self.stop_button.setVisible(busy)
        if had_focus and not busy:
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_enabled(self, enabled: bool, reason: str = "") -> None:
        self.edit.setReadOnly(not enabled)
        self.send_button.setEnabled(enabled)
        if reason and reason != self.edit.placeholderText():
            self.edit.setPlaceholderText(reason)
            # QPlainTextEdit repaints only when the placeholder appears or disappears, not when its words
            # change: "The model is loading…" stayed on screen after loading until the person typed.
            self.edit.viewport().update()

    def _stop(self) -> None:
        self.stop_requested.emit()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)  # back to writing, as after Esc

    def _submit(self) -> None:
        text = self.edit.toPlainText().strip()
        if text and self.send_button.isVisible() and self.send_button.isEnabled():
            self.send_requested.emit(text)
            self.edit.clear()
