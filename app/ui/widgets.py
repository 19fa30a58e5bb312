"""The one widget kit under every page (Settings, the toolkit, clinician mode, the dialogs).

The same `label`, `button`, status line, card and scrolling page everywhere, so a page looks and behaves like
its neighbours and a fix reaches all of them. Every interactive widget made here gets an accessible name,
since every screen must be as usable with a screen reader or the keyboard as with a mouse.

Spin boxes, combo boxes and sliders come only from here: they ignore the mouse wheel until they have the
focus, so scrolling a page past one scrolls the page and never changes a setting by accident, and they draw
their own arrows (`tests/ui/test_widgets.py` checks that no page builds its own).
"""

from __future__ import annotations

from app.ui.qt import (
    QAccessible,
    QAccessibleEvent,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QPainter,
    QPainterPath,
    QPalette,
    QPointF,
    QPushButton,
    QRect,
    QScrollArea,
    QSlider,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
)

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


# ---- text --------------------------------------------------------------------------------------------------


def label(text: str = "", role: str | None = None, *, selectable: bool = False, name: str | None = None,
          wrap: bool = True, rich: bool = False) -> QLabel:
    """A label: plain text unless `rich`, wrapped unless `wrap` is off. `role` picks its style ("muted",
    "title", "heading", "error", …); a `selectable` one can be read and copied with the keyboard, so it gets an
    accessible name (`name`, else its text)."""
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    if selectable:
        widget.setTextInteractionFlags(SELECTABLE)
        widget.setAccessibleName(name or text)
    elif name:
        widget.setAccessibleName(name)
    return widget


def heading(text: str) -> QLabel:
    return label(text, "heading")


def set_role(widget: QWidget, role: str) -> None:
    """Change a widget's style role (a label turning from "muted" to "problem", say) and restyle it."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


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

    def show_error(self, text: str) -> None:
        """`show_message(text, error=True)`, in the shape work's `failed` callbacks take."""
        self.show_message(text, error=True)


# ---- buttons -----------------------------------------------------------------------------------------------


class Button(QPushButton):
    """A push button that Enter and Return press when it has the focus, as Space does.

    It is never a dialog's automatic default, so Enter typed into a field presses only what the field itself
    is wired to, not whichever button happens to come first."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setAutoDefault(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier):
            event.accept()
            self.animateClick()
            return
        super().keyPressEvent(event)


def button(text: str, name: str | None = None, description: str = "", kind: str | None = None) -> Button:
    """A button named for screen readers (`name`, else its text without a trailing "…"); `description` is
    read after the name and shown as a tooltip; `kind` picks its style ("primary", "danger", "help")."""
    widget = Button(text)
    widget.setAccessibleName(name or text.rstrip("…"))
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    if kind:
        widget.setProperty("kind", kind)
    return widget


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """Buttons side by side, on the left."""
    row = QHBoxLayout()
    row.setSpacing(8)
    for widget in buttons:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class CloseButtons(QDialogButtonBox):
    """A dialog's Close button in its button box: closes (rejects) `dialog`; `name` says what it closes."""

    def __init__(self, dialog: QDialog, name: str = "Close") -> None:
        super().__init__(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName(name)
        self.close_button.setAutoDefault(False)
        self.rejected.connect(dialog.reject)


# ---- pages -------------------------------------------------------------------------------------------------


def add_card(column: QVBoxLayout, heading_text: str, text: str = "", text_role: str | None = None) -> QVBoxLayout:
    """A titled card appended to a page's column; returns the card's own column."""
    frame = QFrame()
    frame.setObjectName("Card")
    frame.setAccessibleName(heading_text)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 16, 20, 18)
    layout.setSpacing(10)
    layout.addWidget(label(heading_text, "heading"))
    if text:
        layout.addWidget(label(text, text_role))
    column.addWidget(frame)
    return layout


class ScrollPage(QScrollArea):
    """A page that scrolls: its title, a short introduction, then cards (Settings and the toolkit)."""

    title = ""
    intro = ""
    card_text_role: str | None = None  # the style of a card's introductory text

    def __init__(self, intro: str | None = None) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a container: the focus belongs to what is inside
        self.setAccessibleName(self.title)
        inner = QWidget()
        inner.setObjectName("Page")
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(24, 20, 24, 20)
        self.column.setSpacing(14)
        self.column.addWidget(label(self.title, "title"))
        text = self.intro if intro is None else intro
        if text:
            self.column.addWidget(label(text, "muted"))
        self.setWidget(inner)

    def card(self, heading_text: str, text: str = "") -> QVBoxLayout:
        return add_card(self.column, heading_text, text, self.card_text_role)

    def finish(self) -> None:
        """Called once every card is added: the rest of the page stays empty."""
        self.column.addStretch(1)


# ---- numbers and choices -----------------------------------------------------------------------------------

# The app style sheet (theme.py) gives spin boxes and combo boxes rounded borders, which makes Qt drop their
# arrows; it gives their buttons room again, and the boxes below paint the arrows themselves, in the text
# colour (a style sheet cannot draw a triangle). So every one of them comes from this kit.


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


class WheelNeedsFocus:
    """The mouse wheel changes the value only once the widget has the focus (clicked or tabbed into):
    scrolling a page past it scrolls the page, and can never change a setting or a rating by accident."""

    def _wheel_needs_focus(self) -> None:
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not WheelFocus: the wheel does not take the focus

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # goes on to the scroll area around it


class _SpinArrows(WheelNeedsFocus):
    def _setup(self) -> None:
        self._wheel_needs_focus()
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


def _describe(widget: QWidget, name: str, description: str) -> None:
    if name:
        widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)


class SpinBox(_SpinArrows, QSpinBox):
    """A whole-number box (wheel-proof until focused)."""

    def __init__(self, name: str = "", description: str = "") -> None:
        super().__init__()
        self._setup()
        _describe(self, name, description)


class DecimalSpinBox(_SpinArrows, QDoubleSpinBox):
    """A decimal-number box (wheel-proof until focused)."""

    def __init__(self, name: str = "", description: str = "") -> None:
        super().__init__()
        self._setup()
        _describe(self, name, description)


class ComboBox(WheelNeedsFocus, QComboBox):
    """A drop-down (wheel-proof until focused)."""

    def __init__(self, name: str = "", description: str = "") -> None:
        super().__init__()
        self._wheel_needs_focus()
        self.setMinimumHeight(34)
        _describe(self, name, description)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        rect = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxArrow, self)
        paint_arrows(self, [(rect, False)])


class NumberBox(DecimalSpinBox):
    """A decimal box with its range, step and decimals given up front."""

    def __init__(self, name: str, low: float, high: float, step: float, decimals: int = 2,
                 description: str = "") -> None:
        super().__init__(name, description)
        self.setDecimals(decimals)  # before the range: QDoubleSpinBox rounds the range to the decimals
        self.setRange(low, high)
        self.setSingleStep(step)


class WholeNumberBox(SpinBox):
    """A whole-number box with its range given up front."""

    def __init__(self, name: str, low: int, high: int, description: str = "") -> None:
        super().__init__(name, description)
        self.setRange(low, high)


class ChoiceBox(ComboBox):
    """A drop-down of (value, label) choices."""

    def __init__(self, name: str, choices: list[tuple[str, str]], description: str = "") -> None:
        super().__init__(name, description)
        for value, text in choices:
            self.addItem(text, value)

    def value(self) -> str:
        return self.currentData()

    def set_value(self, value: str) -> None:
        """Select `value` (the first choice when it is not one of them) without signalling a change."""
        blocked = self.blockSignals(True)
        self.setCurrentIndex(max(0, self.findData(value)))
        self.blockSignals(blocked)


class Slider(WheelNeedsFocus, QSlider):
    """A slider (a rating, say) that the wheel moves only once it has the focus."""

    def __init__(self, orientation: Qt.Orientation = Qt.Orientation.Horizontal, name: str = "",
                 description: str = "") -> None:
        super().__init__(orientation)
        self._wheel_needs_focus()
        _describe(self, name, description)
