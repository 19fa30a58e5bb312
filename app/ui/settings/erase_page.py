"""Erasing everything: the person types a phrase to confirm; the app locks, closes the history and shreds it."""

from __future__ import annotations

from app.storage import wipe
from app.ui.qt import QLineEdit, Signal
from app.ui.settings.base import SettingsPage
from app.ui.widgets import StatusLine, button, button_row, label

CONFIRM_PHRASE = "delete everything"


class ErasePage(SettingsPage):
    title = "Erase everything"
    intro = "Start again from nothing, or make sure nothing is left on this computer."

    erased = Signal()

    def __init__(self, *args) -> None:
        super().__init__(*args)
        card = self.card("Erase all of Confidant's data")
        card.addWidget(label(
            "This permanently erases every conversation, your settings, your safety plan and the guardrail "
            "profile from this computer. The files are overwritten before they are deleted. It cannot be "
            "undone."))
        card.addWidget(label("Backups and exports you saved elsewhere, and model files, are not touched.",
                             "muted"))
        prompt = label(f"To confirm, type “{CONFIRM_PHRASE}” below.")
        card.addWidget(prompt)
        self.confirmation = QLineEdit()
        self.confirmation.setPlaceholderText(CONFIRM_PHRASE)
        self.confirmation.setAccessibleName(f"Type {CONFIRM_PHRASE} to confirm")
        self.confirmation.setAccessibleDescription("The erase button works only once the words match")
        self.confirmation.setMinimumHeight(34)
        prompt.setBuddy(self.confirmation)
        card.addWidget(self.confirmation)
        self.erase_button = button("Erase everything", "Erase everything",
                                   "Permanently erases all conversations and settings", kind="danger")
        self.erase_button.setEnabled(False)
        card.addLayout(button_row(self.erase_button))
        self.status = StatusLine("Erase")
        card.addWidget(self.status)
        self.finish()

        self.confirmation.textChanged.connect(lambda _: self.erase_button.setEnabled(self.confirmed()))
        self.confirmation.returnPressed.connect(self.erase)
        self.erase_button.clicked.connect(self.erase)

    def confirmed(self) -> bool:
        return " ".join(self.confirmation.text().split()).lower() == CONFIRM_PHRASE

    def erase(self) -> None:
        if not self.confirmed() or self.state.busy:
            return
        self.state.busy = "Erasing everything"
        self.confirmation.clear()
        self.erase_button.setEnabled(False)
        self.status.show_message("Erasing… please wait.")
        data_dir = self.controller.data_dir
        self.lock_store()

        def done(_: object) -> None:
            self.state.busy = None
            self.status.show_message("Everything was erased. Confidant will start afresh, as on the first day.")
            self.erased.emit()

        def failed(message: str) -> None:
            self.state.busy = None
            self.status.show_message(f"{message} Confidant is locked; close Settings to continue.", error=True)

        # Runs once the lock has closed the history (the window cannot close while busy).
        self.controller.on_closed_store(self, lambda: wipe(data_dir), done, failed)

    def set_store_available(self, available: bool) -> None:
        self.confirmation.setEnabled(available)
        if not available:
            self.erase_button.setEnabled(False)
