"""The Settings window: a list of pages on the left, the chosen page on the right, Close at the bottom.

Preferences apply as they are changed (there is no Apply button to forget). Long work runs on the
controller's threads; while something that must not be abandoned runs (restore, erase, passphrase change), the
window stays open and says so. If the app locks by itself (auto-lock), the window closes with it.
"""

from __future__ import annotations

from app.ui.controller import AppController
from app.ui.qt import (
    QApplication,
    QDialog,
    QEvent,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSize,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.settings.appearance_page import AppearancePage
from app.ui.settings.backup_page import BackupPage
from app.ui.settings.base import SettingsPage, SettingsWriter, WindowState
from app.ui.settings.erase_page import ErasePage
from app.ui.settings.model_page import ModelPage
from app.ui.settings.passphrase_page import PassphrasePage
from app.ui.settings.privacy_page import PrivacyPage
from app.ui.settings.replies_page import RepliesPage
from app.ui.theme import apply_theme
from app.ui.widgets import CloseButtons, StatusLine

ITEM_PADDING = 6  # px each side: the theme's `QListWidget::item { padding: 6px }`


class _WrapWithinPadding(QStyledItemDelegate):
    """Qt decides where a wrapped name breaks as if the item's padding were text room, then draws it inside
    the padding: a name just too long for one line came out as "Appearance & …". Measuring it within the
    padding breaks the line instead."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        narrower = QStyleOptionViewItem(option)
        if narrower.rect.isValid():
            narrower.rect.setWidth(max(1, narrower.rect.width() - 2 * ITEM_PADDING))
        return super().sizeHint(narrower, index)


class SectionList(QListWidget):
    """The list of pages: as wide as its longest name at the current text size, but never more than a share of
    its window, so the page beside it keeps the room (at Larger text the toolkit's list took 347 of 1024 px).
    A name too long for that wraps onto a second line; nothing scrolls sideways or is cut."""

    WINDOW_SHARE = 0.25  # of the window's width, at most
    MIN_WIDTH = 140  # a list of short names is not squeezed below this

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setItemDelegate(_WrapWithinPadding(self))

    def natural_width(self) -> int:
        """The width that shows every name on one line (with a few pixels of air after the longest)."""
        return self.sizeHintForColumn(0) + 2 * self.frameWidth() + 4

    def cap(self) -> int:
        return max(self.MIN_WIDTH, int(self.window().width() * self.WINDOW_SHARE))

    def fit_width(self) -> None:
        self.setFixedWidth(max(self.MIN_WIDTH, min(self.natural_width(), self.cap())))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The cap follows the window's width. (Installing again only moves the filter to the front; the window
        # is not kept in an attribute, as that reference cycle would outlive a dialog deleted on close.)
        self.window().installEventFilter(self)
        self.fit_width()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.window():
            self.fit_width()
        return super().eventFilter(watched, event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_width()


def section_nav(pages, name: str, description: str) -> tuple[SectionList, QStackedWidget]:
    """The section list on the left and the stack of pages it switches (Settings, the toolkit)."""
    nav = SectionList()
    nav.setObjectName("SettingsNav")
    nav.setAccessibleName(name)
    nav.setAccessibleDescription(description)
    stack = QStackedWidget()
    for page in pages:
        item = QListWidgetItem(page.title)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, page.title)
        nav.addItem(item)
        stack.addWidget(page)
    return nav, stack



class SettingsDialog(QDialog):
    wiped = Signal()  # everything was erased: the main window should show the first-run welcome

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.state = WindowState()
        self.writer = SettingsWriter(controller)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(920, 680)

        args = (controller, self.writer, self.state)
        self.model_page = ModelPage(*args)
        self.replies_page = RepliesPage(*args)
        self.appearance_page = AppearancePage(*args)
        self.privacy_page = PrivacyPage(*args)
        self.backup_page = BackupPage(*args)
        self.passphrase_page = PassphrasePage(*args)
        self.erase_page = ErasePage(*args)
        self.pages: list[SettingsPage] = [self.model_page, self.replies_page, self.appearance_page,
                                          self.privacy_page, self.backup_page, self.passphrase_page,
                                          self.erase_page]

        self.nav, self.stack = section_nav(self.pages, "Settings sections",
                                           "Use the arrow keys to choose a section; Tab moves into it")
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.fit_width()

        self.status = StatusLine("Settings")
        buttons = CloseButtons(self, "Close settings")
        self.close_button = buttons.close_button

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)

        self.backup_page.restored.connect(self._restored)
        self.erase_page.erased.connect(self._erased)
        controller.locked.connect(self._locked)
        controller.store_ready.connect(self._store_ready)
        self.nav.setCurrentRow(0)
        self.nav.setFocus()
        self._set_store_available(controller.store is not None)

    def show_page(self, page: SettingsPage) -> None:
        self.nav.setCurrentRow(self.pages.index(page))

    # ---- the store coming and going ---------------------------------------------------------------------

    def _locked(self) -> None:
        if not self.state.alive:
            return
        if self.state.expecting_lock or self.state.busy:
            self._set_store_available(False)
        else:
            self.done(QDialog.DialogCode.Rejected)  # locked from elsewhere (auto-lock): close with the app

    def _store_ready(self) -> None:
        """After a restore the store's settings are the truth: show them, and apply their look."""
        if not self.state.alive:
            return
        self.writer.reset()
        settings = self.controller.settings
        apply_theme(QApplication.instance(), settings.theme, settings.text_size)
        for page in self.pages:
            page.refresh()
        self._set_store_available(True)

    def _set_store_available(self, available: bool) -> None:
        for page in self.pages:
            page.set_store_available(available)

    def _restored(self) -> None:
        self.status.clear_message()

    def _erased(self) -> None:
        self._set_store_available(False)
        self.wiped.emit()

    # ---- closing ----------------------------------------------------------------------------------------

    def reject(self) -> None:
        if self.state.busy:
            self.status.show_message(f"{self.state.busy}… Settings will close once it has finished.")
            return
        super().reject()

    def done(self, result: int) -> None:
        for page in self.pages:
            page.flush()
        self.state.alive = False
        super().done(result)
