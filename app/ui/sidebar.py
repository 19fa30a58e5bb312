"""The conversations beside the chat: the list, search as you type, rename, delete and hiding titles.

The sidebar owns its widgets and says what the person asked for with signals; the window answers them
through the controller. Titles can be hidden (a neutral "Conversation, 2 Dec" for each), since the list is
the first thing anyone glancing at the screen reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from app.chat.record import neutral_title
from app.storage import Conversation, SearchHit
from app.ui.dialogs import confirm
from app.ui.qt import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QShortcut,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.text_dialog import ask_text
from app.ui.widgets import button

ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_HIT = Qt.ItemDataRole.UserRole + 1
ROLE_TITLE = Qt.ItemDataRole.UserRole + 2  # the stored title (what Rename starts from), even when hidden
SEARCH_DELAY_MS = 300  # search once typing pauses, not on every key


class Sidebar(QFrame):
    new_requested = Signal()
    open_requested = Signal(int)  # a conversation id
    hit_requested = Signal(object)  # a SearchHit: open its conversation at the matching message
    search_requested = Signal(str)  # the query, once typing has paused (or on Enter)
    search_cleared = Signal()
    rename_requested = Signal(int, str)  # conversation id, new title
    delete_requested = Signal(int)
    hide_titles_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sidebar")
        self.setMinimumWidth(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        title = QLabel("Confidant")
        title.setProperty("role", "title")
        layout.addWidget(title)
        self.new_button = button("New conversation", "New conversation", "Start a new conversation (Ctrl+N)",
                                 kind="primary")
        self.new_button.clicked.connect(self.new_requested)
        layout.addWidget(self.new_button)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search your conversations")
        self.search.setAccessibleName("Search conversations")
        self.search.setAccessibleDescription("Results appear as you type (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.results_label = QLabel("")
        self.results_label.setProperty("role", "muted")
        self.results_label.setWordWrap(True)
        self.results_label.hide()
        layout.addWidget(self.results_label)
        self.list = QListWidget()
        self.list.setAccessibleName("Conversations")
        self.list.setAccessibleDescription("Enter opens; F2 renames; Delete deletes")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long titles wrap
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.rename_button = button("Rename", "Rename the selected conversation", "F2")
        self.delete_button = button("Delete", "Delete the selected conversation", "Delete key")
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        layout.addLayout(row)
        self.hide_titles = QCheckBox("Hide titles")
        self.hide_titles.setAccessibleName("Hide conversation titles")
        self.hide_titles.setAccessibleDescription("Shows a date instead of each title, for anyone glancing "
                                                  "at the screen")
        layout.addWidget(self.hide_titles)

        self._conversations: dict[int, Conversation] = {}
        self._current: int | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._search_now)
        self.search.textChanged.connect(self._search_edited)
        self.search.returnPressed.connect(self._search_now)
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.customContextMenuRequested.connect(self._menu)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.hide_titles.toggled.connect(self._titles_toggled)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.list, activated=self.delete_selected)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._update_buttons()

    # ---- what the window tells it ---------------------------------------------------------------------

    @property
    def searching(self) -> bool:
        return bool(self.search.text().strip())

    def show_conversations(self, conversations: Sequence[Conversation], current: int | None) -> None:
        """The list of conversations, newest first, with `current` (the open one) selected."""
        self._conversations = {c.id: c for c in conversations}
        self._current = current
        if self.searching:
            return  # showing search results; the list comes back when the search is cleared
        self.list.clear()
        for conversation in conversations:
            when = conversation.updated_at.astimezone().strftime("%d %b %Y, %H:%M")
            title = self.title_for(conversation.id, conversation.title)
            item = QListWidgetItem(f"{title}\n{when}")
            item.setData(ROLE_ID, conversation.id)
            item.setData(ROLE_TITLE, conversation.title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, {when}")
            self.list.addItem(item)
        self.results_label.hide()
        self.select(current)

    def show_results(self, query: str, hits: Sequence[SearchHit]) -> None:
        """Search results for `query` (dropped if the person has typed something else meanwhile)."""
        if query.strip() != self.search.text().strip():
            return
        self.list.clear()
        self.results_label.setText(f"{len(hits)} result{'s' if len(hits) != 1 else ''} for “{query}”")
        self.results_label.show()
        for hit in hits:
            title = self.title_for(hit.conversation_id, hit.title, hit.created_at)
            snippet = hit.render("", "").replace("\n", " ")
            item = QListWidgetItem(f"{title}\n{snippet}")
            item.setData(ROLE_ID, hit.conversation_id)
            item.setData(ROLE_HIT, hit)
            item.setData(ROLE_TITLE, hit.title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"In {title}: {snippet}")
            self.list.addItem(item)
        self._update_buttons()

    def select(self, conversation_id: int | None) -> None:
        """Select the open conversation (none for a new one not yet written in), so Rename acts on it."""
        self._current = conversation_id
        for row in range(self.list.count()):
            item = self.list.item(row)
            if conversation_id is not None and item.data(ROLE_ID) == conversation_id and item.data(ROLE_HIT) is None:
                self.list.setCurrentItem(item)
                break
        else:
            if not self.searching:
                self.list.setCurrentItem(None)
                self.list.clearSelection()
        self._update_buttons()

    def set_titles_hidden(self, hidden: bool) -> None:
        """Follow the saved setting (without asking to save it again)."""
        if self.hide_titles.isChecked() != hidden:
            self.hide_titles.blockSignals(True)
            self.hide_titles.setChecked(hidden)
            self.hide_titles.blockSignals(False)
            self._redraw()

    def title_for(self, conversation_id: int | None, title: str, when: datetime | None = None) -> str:
        """The title to show: the stored one, or a neutral one while titles are hidden."""
        if not self.hide_titles.isChecked():
            return title
        known = self._conversations.get(conversation_id) if conversation_id is not None else None
        moment = known.created_at if known is not None else when
        return neutral_title(moment.astimezone()) if moment is not None else "Conversation"

    def shown_title(self, conversation_id: int) -> str | None:
        """A listed conversation's title as shown (None if it is not listed yet)."""
        known = self._conversations.get(conversation_id)
        return self.title_for(conversation_id, known.title) if known is not None else None

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
        self._debounce.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.list.clear()
        self.results_label.hide()
        self._conversations = {}
        self._current = None
        self._update_buttons()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def titles(self) -> list[str]:
        """The first line of every row, as shown (what a screen reader or a test reads)."""
        return [self.list.item(row).text().split("\n")[0] for row in range(self.list.count())]

    # ---- what the person does -------------------------------------------------------------------------

    def selected(self) -> tuple[int, str] | None:
        """The selected conversation's id and stored title."""
        item = self.list.currentItem()
        if item is None or item.data(ROLE_ID) is None or not item.isSelected():
            return None
        return int(item.data(ROLE_ID)), str(item.data(ROLE_TITLE))

    def rename_selected(self) -> None:
        selected = self.selected()
        if selected is None:
            return
        title = ask_text(self, "Rename conversation", "New name:", selected[1], action="Rename")
        if title:
            self.rename_requested.emit(selected[0], title)

    def delete_selected(self) -> None:
        selected = self.selected()
        if selected is None:
            return
        name = self.title_for(selected[0], selected[1])
        if confirm(self, "Delete conversation?", f"“{name}” will be erased for good. This cannot be undone.",
                   "Delete"):
            self.delete_requested.emit(selected[0])

    def _activate(self, item: QListWidgetItem) -> None:
        hit = item.data(ROLE_HIT)
        if isinstance(hit, SearchHit):
            self.hit_requested.emit(hit)
        elif item.data(ROLE_ID) is not None:
            self.open_requested.emit(int(item.data(ROLE_ID)))

    def _menu(self, position) -> None:
        if self.selected() is None:
            return
        menu = QMenu(self)
        menu.addAction("Rename…", self.rename_selected)
        menu.addAction("Delete…", self.delete_selected)
        menu.exec(self.list.mapToGlobal(position))

    def _search_edited(self, text: str) -> None:
        if text.strip():
            self._debounce.start()
        else:
            self._debounce.stop()
            self.results_label.hide()
            self.search_cleared.emit()

    def _search_now(self) -> None:
        self._debounce.stop()
        if self.searching:
            self.search_requested.emit(self.search.text().strip())

    def _titles_toggled(self, hidden: bool) -> None:
        self._redraw()
        self.hide_titles_changed.emit(hidden)

    def _redraw(self) -> None:
        """Show the rows again with titles hidden or shown (a search is run again for its titles)."""
        if self.searching:
            self._search_now()
        else:
            self.show_conversations(list(self._conversations.values()), self._current)

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.rename_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
