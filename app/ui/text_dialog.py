"""Asking for a line or a paragraph: renaming a conversation, editing the last message.

Qt's QInputDialog opens at its smallest size, so a long title or message sat in a sliver of a box (issue 12
item 10). These open at a readable size that follows the text size, and the message editor wraps.
"""

from __future__ import annotations

from app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)


class _MessageEditor(QPlainTextEdit):
    """Enter makes a new line, as people expect in a text box; Ctrl+Enter sends."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class TextDialog(QDialog):
    """A label, an editor (one line, or a wrapping multi-line one) and OK/Cancel named for the action."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, text: str, *, action: str,
                 multiline: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.setSpacing(10)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        em = self.fontMetrics().averageCharWidth()
        line = self.fontMetrics().lineSpacing()
        self.editor: QLineEdit | QPlainTextEdit
        if multiline:
            editor = _MessageEditor(text)
            editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(line * 6)
            editor.setAccessibleDescription("Enter starts a new line; Ctrl+Enter sends")
            editor.submitted.connect(self.accept)
            layout.addWidget(editor, 1)
        else:
            editor = QLineEdit(text)
            editor.selectAll()
            layout.addWidget(editor)
        editor.setAccessibleName(prompt.rstrip(":"))
        self.editor = editor
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(action)
        ok.setAccessibleName(action)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Room for the whole title (or 64 characters a line of the message), within the screen.
        wide = max(em * 64, 420, self.fontMetrics().horizontalAdvance(text) + 100 if not multiline else 0)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            wide = min(wide, int(screen.width() * 0.8))
        self.resize(wide, line * 16 if multiline else self.sizeHint().height())
        self.setMinimumWidth(min(em * 40, 480))
        editor.setFocus()

    def text(self) -> str:
        editor = self.editor
        return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()


def ask_text(parent: QWidget | None, title: str, prompt: str, text: str = "", *, action: str = "OK",
             multiline: bool = False) -> str | None:
    """The text entered, stripped, or None if cancelled or left empty."""
    dialog = TextDialog(parent, title, prompt, text, action=action, multiline=multiline)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.text().strip() or None
