"""Personal memory: what the person asked Confidant to remember, all in one place to add, change or delete.

The items go into the model's prompt (app.cbt.memory_block) only while the profile allows memory; when it
does not, the page says so and is read-only. New and changed items are screened like any exercise text.
"""

from __future__ import annotations

from app import cbt
from app.storage import Store
from app.storage.journal import MAX_MEMORY_TEXT
from app.ui.controller import AppController
from app.ui.qt import QLineEdit, QListWidget, QListWidgetItem, Qt
from app.ui.toolkit.base import ToolkitPage
from app.ui.toolkit.layout import flow_row, place_status, say, wrapping_list
from app.ui.widgets import button, label

OFF_TEXT = ("Your clinician's settings have memory switched off, so nothing here is added to the assistant's "
            "prompt, and new items can't be added. What you saved before is still listed and can be deleted.")


class MemoryPage(ToolkitPage):
    title = "What Confidant remembers"
    key = "memory"
    exercise = ""  # always listed: the person can always see (and delete) what is kept

    def __init__(self, controller: AppController, content: cbt.Content) -> None:
        super().__init__(controller, content)
        self.column.addWidget(label("Things you'd like Confidant to keep in mind — your name, your goals, what "
                                    "helps and what to avoid. Only what you see here is used, and you can change "
                                    "or delete it at any time.", "muted"))
        self.off_note = label(OFF_TEXT, "error")
        self.off_note.hide()
        self.column.addWidget(self.off_note)
        card = self.card("Remembered")
        self.list = wrapping_list(QListWidget())
        self.list.setAccessibleName("Remembered items")
        self.list.currentItemChanged.connect(self._selected)
        card.addWidget(self.list)
        self.edit = QLineEdit()
        self.edit.setMaxLength(MAX_MEMORY_TEXT)
        self.edit.setPlaceholderText("For example: I find walks help when I'm anxious")
        self.edit.setAccessibleName("Text to remember")
        card.addWidget(self.edit)
        self.add_button = button("Remember this", "Add this to what Confidant remembers", kind="primary")
        self.update_button = button("Save change", "Replace the selected item with this text")
        self.delete_button = button("Delete", "Delete the selected item", kind="danger")
        self.add_button.clicked.connect(lambda: self.add(self.edit.text()))
        self.update_button.clicked.connect(self._update_selected)
        self.delete_button.clicked.connect(self._delete_selected)
        self.edit.returnPressed.connect(lambda: self.add(self.edit.text()))
        card.addLayout(flow_row(self.add_button, self.update_button, self.delete_button))
        self.memory_card = card  # its messages appear under these buttons
        self.finish()
        place_status(self, self.memory_card)
        self._set_enabled()

    @property
    def enabled(self) -> bool:
        profile = self.controller.profile
        return profile is not None and profile.features.memory

    def _set_enabled(self) -> None:
        on, chosen = self.enabled, self.list.currentItem() is not None
        self.off_note.setVisible(not on)
        self.edit.setEnabled(on)
        self.add_button.setEnabled(on)
        self.update_button.setEnabled(on and chosen)
        self.delete_button.setEnabled(chosen)  # deleting is always allowed

    def _selected(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.edit.setText(item.data(Qt.ItemDataRole.UserRole + 1))
        self._set_enabled()

    def _selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def add(self, text: str) -> None:
        if not self.enabled or not text.strip():
            return

        def work(store: Store):
            return cbt.add_memory(store, text), self.screen(store, text)

        self.on_store(work, lambda result: self._saved("Remembered.", result))

    def _update_selected(self) -> None:
        item_id = self._selected_id()
        if item_id is not None:
            self.update(item_id, self.edit.text())

    def update(self, item_id: int, text: str) -> None:
        if not self.enabled or not text.strip():
            return

        def work(store: Store):
            return cbt.update_memory(store, item_id, text), self.screen(store, text)

        self.on_store(work, lambda result: self._saved("Changed.", result))

    def _saved(self, message: str, result) -> None:
        _item, screening = result
        self.edit.clear()
        say(self, message, self.memory_card)
        self.show_screening(screening)
        self.refresh()

    def _delete_selected(self) -> None:
        if (item_id := self._selected_id()) is not None:
            self.delete(item_id)

    def delete(self, item_id: int) -> None:
        def done(_result) -> None:
            self.edit.clear()
            say(self, "Deleted. It won't be used again.", self.memory_card)
            self.refresh()

        self.on_store(lambda store: cbt.delete_memory(store, item_id), done)

    def refresh(self) -> None:
        self.on_store(cbt.list_memory, self._show)

    def _show(self, items: list) -> None:
        self.list.clear()
        for memory in items:
            entry = QListWidgetItem(" ".join(memory.text.split()))
            entry.setData(Qt.ItemDataRole.UserRole, memory.id)
            entry.setData(Qt.ItemDataRole.UserRole + 1, memory.text)
            self.list.addItem(entry)
        self._set_enabled()
