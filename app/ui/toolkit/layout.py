"""How toolkit pages fit their dialog: rows that wrap, and status messages where the person is looking.

The toolkit sits in a dialog beside the chat, and at larger text sizes a fixed row of feeling chips or
buttons would be wider than the page: the page then scrolls sideways and clips them. FlowLayout wraps them
instead (it reports its height for a width, so the scrolling page grows downwards). A page's status line sat
at the foot of a long page, below the visible area; `say` shows it in the card the person just used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.ui.qt import QLayout, QListWidget, QPoint, QRect, QSize, Qt, QTimer, QWidget, is_valid

if TYPE_CHECKING:
    from app.ui.toolkit.base import ToolkitPage


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list = []  # QLayoutItem; kept here so Python holds them while the layout lives
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # ---- QLayout ------------------------------------------------------------------------------------------

    def addItem(self, item) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """Everything on one line, when there is room for it."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(item.sizeHint().width() for item in shown) + self._gap * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """The widest single item: anything narrower than that would clip it."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # ---- placing ------------------------------------------------------------------------------------------

    def _shown(self) -> list:
        return [item for item in self._items if not item.isEmpty()]  # a hidden widget takes no room

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items in lines within `rect` (when `move`); the height that takes, either way."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._shown():
            hint = item.sizeHint().expandedTo(item.minimumSize())
            width = min(hint.width(), area.width()) if area.width() > 0 else hint.width()
            if x > area.x() and x + width > area.right() + 1:
                x, y, line_height = area.x(), y + line_height + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


# A list's items wrap at its width instead of being cut off (long activities, remembered sentences) at larger
# text. Qt sizes a wrapped item without the style sheet's sideways item padding, so the padding moves to the
# list itself; with it on the items, their last words were elided.
WRAPPING_LIST_STYLE = "QListWidget { padding: 4px 8px; } QListWidget::item { padding: 6px 0px; }"


def wrapping_list(widget: QListWidget, style: str = "") -> QListWidget:
    widget.setWordWrap(True)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setResizeMode(QListWidget.ResizeMode.Adjust)
    widget.setStyleSheet(WRAPPING_LIST_STYLE + style)
    return widget


def flow_row(*widgets: QWidget, spacing: int = 8) -> FlowLayout:
    """A row of buttons (or other widgets) that wraps when the page is narrow."""
    row = FlowLayout(spacing=spacing)
    for widget in widgets:
        row.addWidget(widget)
    return row


def say(page: ToolkitPage, text: str, near: QLayout | None = None, *, error: bool = False) -> None:
    """Show `text` in the page's status line, moved into the card `near` belongs to (under the button the
    person pressed), and scroll the page so the line is in view."""
    if near is not None:
        place_status(page, near)
    page.status.show_message(text, error=error)
    reveal(page, page.status)


def place_status(page: ToolkitPage, near: QLayout) -> None:
    """Move the page's status line into `near` (messages then appear there, whoever shows them)."""
    status = page.status
    if near.indexOf(status) >= 0:
        return
    holder = status.parentWidget()
    if holder is not None and holder.layout() is not None:
        _take(holder.layout(), status)
    near.addWidget(status)


def _take(layout: QLayout, widget: QWidget) -> bool:
    """Remove `widget` from `layout` or any layout nested in it."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is widget:
            layout.takeAt(index)
            return True
        if item.layout() is not None and _take(item.layout(), widget):
            return True
    return False


def reveal(page: ToolkitPage, widget: QWidget) -> None:
    """Scroll `widget` into view once the page has laid itself out again (it may just have grown)."""
    def scroll() -> None:
        if is_valid(page) and is_valid(widget) and widget.isVisible():
            page.widget().layout().activate()
            page.ensureWidgetVisible(widget, 0, 16)

    QTimer.singleShot(0, page, scroll)
