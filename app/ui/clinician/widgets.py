"""What only the clinician pages need on top of the widget kit (app.ui.widgets): named text fields, the
read-only table, transparent tab scrolling and the highlighting of fields the validator complained about.

Every interactive widget made here gets an accessible name (and a description where it helps), since the
clinician screens must be as usable with a screen reader or keyboard as the chat itself.
"""

from __future__ import annotations

from app.ui.qt import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    Qt,
    QTableWidget,
    QWidget,
)
from app.ui.theme import DARK, LIGHT, Palette

PROBLEM_MARK = "⚠ "


def current_palette() -> Palette:
    """The theme palette in use (the app palette's window colour tells which)."""
    app = QApplication.instance()
    if app is not None:
        from app.ui.qt import QPalette

        window = app.palette().color(QPalette.ColorRole.Window).name().upper()
        if window == DARK.window.upper():
            return DARK
    return LIGHT


def highlight_sheet() -> str:
    """Extra style for fields the validator complained about (added to a clinician window's own sheet)."""
    p = current_palette()
    return (f'QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QListWidget[invalid="true"], '
            f'QAbstractSpinBox[invalid="true"] {{ border: 2px solid {p.danger}; }}\n'
            f'QLabel[role="ok"] {{ color: {p.accent}; font-weight: 600; }}\n'
            f'QLabel[role="problem"] {{ color: {p.danger}; font-weight: 600; }}\n'
            f"#ClinicianNav {{ background: {p.surface}; }}\n"
            f"#ClinicianNav::item {{ padding: 8px 10px; }}\n"
            f"#ClinicianNav::item:selected {{ background: {p.user_bubble}; color: {p.text}; }}\n"
            f"#LockBanner {{ background: {p.crisis_bg}; border: 1px solid {p.crisis_border}; "
            f"border-radius: 10px; }}\n"
            f"#LockBanner QLabel {{ color: {p.text}; }}\n"
            f"#Transparent {{ background: transparent; }}\n")


def line_edit(name: str, description: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    if description:
        edit.setAccessibleDescription(description)
        edit.setToolTip(description)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def text_edit(name: str, description: str = "", lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line field. Tab moves focus on, as in any form (profile texts hold no tab characters)."""
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    if description:
        edit.setAccessibleDescription(description)
        edit.setToolTip(description)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 16)
    return edit


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Mark a field the validator complained about (a red border from highlight_sheet)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def scroll(inner: QWidget, name: str) -> QScrollArea:
    """A scroll area that lets the tab page's own background show through."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setAccessibleName(name)
    inner.setObjectName("Transparent")
    area.setWidget(inner)
    area.viewport().setAutoFillBackground(False)
    area.setStyleSheet("QScrollArea { background: transparent; }")
    return area


def read_only_table(name: str, headers: list[str], description: str = "") -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    if description:
        table.setAccessibleDescription(description)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setAccessibleName(f"{name} columns")
    table.horizontalHeader().setHighlightSections(False)
    table.setTabKeyNavigation(False)
    return table
