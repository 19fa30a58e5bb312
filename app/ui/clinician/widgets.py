"""Small building blocks shared by the clinician pages: labelled fields, buttons, problem highlighting.

Every interactive widget made here gets an accessible name (and a description where it helps), since the
clinician screens must be as usable with a screen reader or keyboard as the chat itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.ui.qt import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    Qt,
    QTableWidget,
    QWidget,
    is_valid,
)
from app.ui.settings.base import ComboBox, DecimalSpinBox, SpinBox
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


def label(text: str, role: str | None = None, *, wrap: bool = True, rich: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    return widget


def heading(text: str) -> QLabel:
    return label(text, "heading")


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


def button(text: str, name: str | None = None, description: str = "", kind: str | None = None) -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(name or text.rstrip("…"))
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    if kind:
        widget.setProperty("kind", kind)
    return widget


class _WheelNeedsFocus:
    """A spin box the mouse wheel changes only once it has the focus (clicked or tabbed into): scrolling a
    page past it scrolls the page, and can never change a setting by accident."""

    def _wheel_needs_focus(self) -> None:
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not WheelFocus: the wheel does not take the focus

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # goes on to the scroll area around it


class NumberBox(_WheelNeedsFocus, DecimalSpinBox):
    def __init__(self, name: str, low: float, high: float, step: float, decimals: int = 2,
                 description: str = "") -> None:
        super().__init__()
        self._wheel_needs_focus()
        self.setRange(low, high)
        self.setSingleStep(step)
        self.setDecimals(decimals)
        self.setAccessibleName(name)
        if description:
            self.setAccessibleDescription(description)
            self.setToolTip(description)


class WholeNumberBox(_WheelNeedsFocus, SpinBox):
    def __init__(self, name: str, low: int, high: int, description: str = "") -> None:
        super().__init__()
        self._wheel_needs_focus()
        self.setRange(low, high)
        self.setAccessibleName(name)
        if description:
            self.setAccessibleDescription(description)
            self.setToolTip(description)


class ChoiceBox(_WheelNeedsFocus, ComboBox):
    """A drop-down of (value, label) choices that scrolling past never changes."""

    def __init__(self, name: str, choices: list[tuple[str, str]], description: str = "") -> None:
        super().__init__()
        self._wheel_needs_focus()
        for value, text in choices:
            self.addItem(text, value)
        self.setAccessibleName(name)
        if description:
            self.setAccessibleDescription(description)
            self.setToolTip(description)

    def value(self) -> str:
        return self.currentData()

    def set_value(self, value: str) -> None:
        """Select `value` (the first choice when it is not one of them) without signalling a change."""
        blocked = self.blockSignals(True)
        self.setCurrentIndex(max(0, self.findData(value)))
        self.blockSignals(blocked)


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Mark a field the validator complained about (a red border from highlight_sheet)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def set_role(widget: QLabel, role: str) -> None:
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


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


def guarded(widget: QWidget, callback: Callable[..., None]) -> Callable[..., None]:
    """A worker's callback that does nothing if `widget` was closed and deleted while the work ran."""
    def call(*args: Any) -> None:
        if is_valid(widget):
            callback(*args)

    return call
