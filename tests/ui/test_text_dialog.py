"""The Edit and Rename dialogs open at a readable size, and a long message wraps (issue 12 item 10)."""

from __future__ import annotations

from app.ui.qt import QPlainTextEdit, Qt
from app.ui.text_dialog import TextDialog

LONG = ("I keep thinking about the conversation with my manager on Friday, and how I could have said what I "
        "meant more clearly, without apologising so much for asking for help with the new project.")


def test_the_edit_dialog_wraps_a_long_message_in_a_roomy_box(qtbot) -> None:
    dialog = TextDialog(None, "Edit your last message", "Your message:", LONG, action="Send", multiline=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    editor = dialog.editor
    assert isinstance(editor, QPlainTextEdit)
    assert editor.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    assert editor.horizontalScrollBar().maximum() == 0  # wrapped, nothing off to the side
    assert editor.width() >= 40 * editor.fontMetrics().averageCharWidth()
    assert editor.height() >= 5 * editor.fontMetrics().lineSpacing()
    assert dialog.focusWidget() is editor and dialog.text() == LONG  # ready to type in

    # Enter is a new line in the message; Ctrl+Enter sends.
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.text() == LONG + "\n"
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_the_rename_dialog_shows_a_long_title_whole(qtbot) -> None:
    title = "The conversation about my sister's wedding in Lisbon next spring…"
    dialog = TextDialog(None, "Rename conversation", "New name:", title, action="Rename")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    editor = dialog.editor
    # The whole title, unless the screen is too narrow for it (the dialog keeps within 80% of the screen;
    # the offscreen test screen is only 800 px wide).
    room = int(dialog.screen().availableGeometry().width() * 0.8) - 60
    assert editor.width() > min(editor.fontMetrics().horizontalAdvance(title), room)
    assert dialog.width() <= dialog.screen().availableGeometry().width()
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter renames
    assert dialog.text() == title
