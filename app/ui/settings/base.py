"""What every settings page shares: a scrolling page of cards, status lines that screen readers announce,
and one writer for preferences so quick changes on different pages never overwrite each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.settings import AppSettings
from app.storage import Store
from app.ui.controller import AppController
from app.ui.qt import (
    QAccessible,
    QAccessibleEvent,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPainter,
    QPainterPath,
    QPalette,
    QPointF,
    QPushButton,
    QRect,
    QScrollArea,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
)

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


class SettingsWriter:
    """Saves preferences through the controller, each change on top of the previous one.

    `controller.settings` only changes once a save has finished; two quick changes made from it would each
    drop the other. The writer keeps the newest wanted settings and always saves those. It is plain Python so
    work started from the window finishes correctly even if the window has been closed meanwhile."""

    def __init__(self, controller: AppController) -> None:
        self.controller = controller
        self.latest = controller.settings

    def reset(self) -> None:
        """Forget local changes (after a restore, the store's own settings are the truth)."""
        self.latest = self.controller.settings

    def change(self, on_done: Callable[[], None] | None = None, **changes: Any) -> AppSettings:
        self.latest = self.latest.changed(**changes)
        self.controller.update_settings(self.latest, on_done)
        return self.latest


class WindowState:
    """What the pages and the window share while it is open.

    `alive`: callbacks from finished work check it before touching widgets (the window may have closed).
    `busy`: what is running that must not be abandoned half-way (restore, erase, passphrase change); the
    window refuses to close meanwhile. `expecting_lock`: this window is locking the store itself, so the
    `locked` signal must not close it."""

    def __init__(self) -> None:
        self.alive = True
        self.busy: str | None = None
        self.expecting_lock = False


def label(text: str = "", role: str | None = None, *, selectable: bool = False, name: str | None = None) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    if selectable:
        widget.setTextInteractionFlags(SELECTABLE)
        widget.setAccessibleName(name or text)
    elif name:
        widget.setAccessibleName(name)
    return widget


def button(text: str, name: str, description: str = "", kind: str | None = None) -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    if kind:
        widget.setProperty("kind", kind)
    widget.setAutoDefault(False)
    return widget


def button_row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(8)
    for widget in buttons:
        row.addWidget(widget)
    row.addStretch(1)
    return row


# The app style sheet gives spin boxes and combo boxes rounded borders, which makes Qt drop their arrows;
# these rules give the buttons room again, and the arrows are painted by hand (style sheets cannot draw
# triangles).
SPIN_STYLE = """
QAbstractSpinBox { padding-right: 30px; }
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button { subcontrol-origin: border; width: 28px;
    border: none; border-left: 1px solid palette(mid); background: transparent; }
QAbstractSpinBox::up-button { subcontrol-position: top right; border-top-right-radius: 8px; }
QAbstractSpinBox::down-button { subcontrol-position: bottom right; border-bottom-right-radius: 8px; }
QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover { background: palette(alternate-base); }
"""
COMBO_STYLE = """
QComboBox { padding-right: 30px; }
QComboBox::drop-down { subcontrol-origin: border; subcontrol-position: top right; width: 28px; border: none;
    border-left: 1px solid palette(mid); background: transparent; }
"""


def paint_arrows(widget: QWidget, rects: list[tuple[QRect, bool]]) -> None:
    """Small filled triangles, pointing up (True) or down, centred in each rect, in the text colour."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    role = QPalette.ColorRole.Text if widget.isEnabled() else QPalette.ColorRole.PlaceholderText
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(widget.palette().color(role))
    for rect, up in rects:
        x, y, half, rise = rect.center().x() + 0.5, rect.center().y() + 0.5, 5.0, 3.5
        tip, base = (y - rise, y + rise) if up else (y + rise, y - rise)
        path = QPainterPath(QPointF(x - half, base))
        path.lineTo(QPointF(x + half, base))
        path.lineTo(QPointF(x, tip))
        path.closeSubpath()
        painter.drawPath(path)
    painter.end()


class _SpinArrows:
    def _setup_arrows(self) -> None:
        self.setStyleSheet(SPIN_STYLE)
        self.setMinimumWidth(170)
        self.setMinimumHeight(34)

    def setAccessibleName(self, name: str) -> None:
        """Name the text field inside too: it is what takes the keyboard focus."""
        super().setAccessibleName(name)
        self.lineEdit().setAccessibleName(name)

    def setAccessibleDescription(self, description: str) -> None:
        super().setAccessibleDescription(description)
        self.lineEdit().setAccessibleDescription(description)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        option = QStyleOptionSpinBox()
        self.initStyleOption(option)
        control = QStyle.ComplexControl.CC_SpinBox
        paint_arrows(self, [
            (self.style().subControlRect(control, option, QStyle.SubControl.SC_SpinBoxUp, self), True),
            (self.style().subControlRect(control, option, QStyle.SubControl.SC_SpinBoxDown, self), False),
        ])


class SpinBox(_SpinArrows, QSpinBox):
    def __init__(self) -> None:
        super().__init__()
        self._setup_arrows()


class DecimalSpinBox(_SpinArrows, QDoubleSpinBox):
    def __init__(self) -> None:
        super().__init__()
        self._setup_arrows()


class ComboBox(QComboBox):
    def __init__(self) -> None:
        super().__init__()
        self.setStyleSheet(COMBO_STYLE)
        self.setMinimumHeight(34)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        rect = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxArrow, self)
        paint_arrows(self, [(rect, False)])


class StatusLine(QLabel):
    """A line saying how an action went. Errors are shown in the error colour and announced as alerts."""

    def __init__(self, name: str) -> None:
        super().__init__("")
        self._name = name
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(SELECTABLE)
        self.setAccessibleName(name)
        self.hide()

    @property
    def is_error(self) -> bool:
        return self.property("role") == "error"

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.setText(text)
        self.setProperty("role", "error" if error else "muted")
        self.setAccessibleName(f"{self._name}: {text}" if text else self._name)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(bool(text))
        if text:
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))

    def clear_message(self) -> None:
        self.show_message("")


class SettingsPage(QScrollArea):
    """One page: a heading, a short introduction, then cards of related settings."""

    title = ""
    intro = ""

    def __init__(self, controller: AppController, writer: SettingsWriter, state: WindowState) -> None:
        super().__init__()
        self.controller = controller
        self.writer = writer
        self.state = state
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.title)
        inner = QWidget()
        inner.setObjectName("Page")
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(24, 20, 24, 20)
        self.column.setSpacing(14)
        heading = label(self.title, "title")
        self.column.addWidget(heading)
        if self.intro:
            self.column.addWidget(label(self.intro, "muted"))
        self.setWidget(inner)

    def card(self, heading: str, text: str = "") -> QVBoxLayout:
        return add_card(self.column, heading, text)

    def finish(self) -> None:
        self.column.addStretch(1)

    def when_open(self, callback: Callable[..., None]) -> Callable[..., None]:
        """`callback`, but only while the window is open (work can finish after the person closed it)."""

        def guarded(*args: Any) -> None:
            if self.state.alive:
                callback(*args)

        return guarded

    def refresh(self) -> None:
        """Show the controller's current state again (after a restore replaced the settings)."""

    def set_store_available(self, available: bool) -> None:
        """Enable or disable what needs the open store (it is closed while locked, restoring or erased)."""

    def lock_store(self) -> Store | None:
        """Lock the app (the main window clears itself and asks for the passphrase) and hand back the store
        that was open, so the caller closes it for certain before touching its files."""
        store = self.controller.store
        self.state.expecting_lock = True
        try:
            self.controller.lock()
        finally:
            self.state.expecting_lock = False
        return store

    def flush(self) -> None:
        """Save anything still waiting (the window is closing)."""


def add_card(column: QVBoxLayout, heading: str, text: str = "", text_role: str | None = None) -> QVBoxLayout:
    """A titled card appended to a page's column (Settings and the toolkit share the look)."""
    frame = QFrame()
    frame.setObjectName("Card")
    frame.setAccessibleName(heading)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 16, 20, 18)
    layout.setSpacing(10)
    layout.addWidget(label(heading, "heading"))
    if text:
        layout.addWidget(label(text, text_role) if text_role else label(text))
    column.addWidget(frame)
    return layout

