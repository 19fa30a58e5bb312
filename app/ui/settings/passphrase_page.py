"""Changing the passphrase: the whole history is re-encrypted under the new one (on the store's thread).

The current passphrase is not asked for: the history is already open in this process and the store offers no
way to check a passphrase against an open history (a second open would trip the single-instance lock).
"""

from __future__ import annotations

from app.ui.onboarding import FORGOTTEN_WARNING, MIN_PASSPHRASE, PassphraseField, passphrase_strength
from app.ui.qt import QProgressBar
from app.ui.settings.base import SettingsPage
from app.ui.widgets import StatusLine, button, button_row, label


class PassphrasePage(SettingsPage):
    title = "Passphrase"
    intro = "Your passphrase is the key to your encrypted history. Change it here whenever you want to."

    def __init__(self, *args) -> None:
        super().__init__(*args)
        card = self.card("Change your passphrase", "Backups you made before keep the passphrase they were "
                                                   "made with.")
        self.new = PassphraseField("New passphrase", "The passphrase that will unlock your conversations")
        self.new.setPlaceholderText("New passphrase")
        self.repeat = PassphraseField("Repeat the new passphrase", "Type the same new passphrase again")
        self.repeat.setPlaceholderText("Repeat the new passphrase")
        card.addWidget(self.new)
        card.addWidget(self.repeat)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setFixedHeight(8)
        self.meter.setAccessibleName("Passphrase strength")
        card.addWidget(self.meter)
        self.hint = label("", "muted", name="Passphrase strength hint")
        card.addWidget(self.hint)
        card.addWidget(label(FORGOTTEN_WARNING))
        self.change_button = button("Change passphrase", "Change passphrase",
                                    "Re-encrypts your history with the new passphrase", kind="primary")
        card.addLayout(button_row(self.change_button))
        self.status = StatusLine("Passphrase")
        card.addWidget(self.status)
        self.finish()

        self.new.textChanged.connect(self._strength)
        self.repeat.returnPressed.connect(self.change_passphrase)
        self.change_button.clicked.connect(self.change_passphrase)
        self._strength("")

    def _strength(self, text: str) -> None:
        score, hint = passphrase_strength(text)
        self.meter.setValue(score)
        self.hint.setText(hint)
        self.hint.setAccessibleName(f"Passphrase strength: {hint}")

    def change_passphrase(self) -> None:
        new, repeat = self.new.text(), self.repeat.text()
        if len(new) < MIN_PASSPHRASE:
            self.status.show_message(f"Please use at least {MIN_PASSPHRASE} characters.", error=True)
            self.new.setFocus()
            return
        if new != repeat:
            self.status.show_message("The two passphrases are different. Please type the new one again.",
                                     error=True)
            self.repeat.clear()
            self.repeat.setFocus()
            return
        if self.state.busy:
            return
        self.state.busy = "Changing your passphrase"
        self.change_button.setEnabled(False)
        self.status.show_message("Re-encrypting your history… please wait.")

        def done(_: object) -> None:
            self.state.busy = None
            self.new.clear()
            self.repeat.clear()
            self.change_button.setEnabled(True)
            self.status.show_message("Your passphrase was changed. Use the new one next time you unlock Confidant.")

        def failed(message: str) -> None:
            self.state.busy = None
            self.change_button.setEnabled(True)
            self.status.show_message(f"{message} Your passphrase was not changed.", error=True)

        self.controller.on_store(self, lambda store: store.change_passphrase(new), done, failed)

    def set_store_available(self, available: bool) -> None:
        for widget in (self.new, self.repeat, self.change_button):
            widget.setEnabled(available)
