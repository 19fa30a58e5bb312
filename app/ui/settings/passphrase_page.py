"""Changing the passphrase: the whole history is re-encrypted under the new one (on the store's thread).

The current passphrase is asked for first, so nobody passing an unlocked screen can lock the person out of
their own history; the store checks it on a second connection (Store.unlocks_with; a slow key derivation,
on the store's thread too). The new one must pass the passphrase policy (at least 8 characters, not a common
password); the strength hint under it says why one is refused before the button is pressed.
"""

from __future__ import annotations

from app.storage.passphrase_policy import problem
from app.ui.onboarding import FORGOTTEN_WARNING, PassphraseField, passphrase_strength
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
        self.current = PassphraseField("Current passphrase", "The passphrase you unlock Confidant with now")
        self.current.setPlaceholderText("Current passphrase")
        self.new = PassphraseField("New passphrase", "The passphrase that will unlock your conversations")
        self.new.setPlaceholderText("New passphrase")
        self.repeat = PassphraseField("Repeat the new passphrase", "Type the same new passphrase again")
        self.repeat.setPlaceholderText("Repeat the new passphrase")
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setFixedHeight(8)
        self.meter.setAccessibleName("Passphrase strength")
        self.hint = label("", "muted", name="Passphrase strength hint")
        for text, field in (("Current passphrase", self.current), ("New passphrase", self.new),
                            ("The new passphrase again", self.repeat)):
            caption = label(text)  # a placeholder alone is gone once something is typed
            caption.setBuddy(field)
            card.addWidget(caption)
            card.addWidget(field)
            if field is self.new:  # how strong the new one is, and why one is refused, right under it
                card.addWidget(self.meter)
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
        current, new, repeat = self.current.text(), self.new.text(), self.repeat.text()
        if not current:
            self.status.show_message("Type your current passphrase first.", error=True)
            self.current.setFocus()
            return
        if reason := problem(new):
            self.status.show_message(reason, error=True)
            self.ensureWidgetVisible(self.status)
            self.new.setFocus()
            return
        if new != repeat:
            self.status.show_message("The two passphrases are different. Please type the new one again.",
                                     error=True)
            self.repeat.clear()
            self.repeat.setFocus()
            return
        if new == current:
            self.status.show_message("The new passphrase is the same as the current one.", error=True)
            self.new.setFocus()
            return
        if self.state.busy:
            return
        self.state.busy = "Changing your passphrase"
        self.change_button.setEnabled(False)
        self.status.show_message("Checking your current passphrase and re-encrypting your history… please wait.")

        def done(_: object) -> None:
            self.state.busy = None
            self.current.clear()
            self.new.clear()
            self.repeat.clear()
            self.change_button.setEnabled(True)
            self.status.show_message("Your passphrase was changed. Use the new one next time you unlock Confidant.")

        def failed(message: str) -> None:
            self.state.busy = None
            self.change_button.setEnabled(True)
            self.current.clear()
            self.current.setFocus()
            self.status.show_message(f"{message} Your passphrase was not changed.", error=True)
            self.ensureWidgetVisible(self.status)

        self.controller.on_store(self, lambda store: store.change_passphrase(new, current=current), done, failed)

    def set_store_available(self, available: bool) -> None:
        for widget in (self.current, self.new, self.repeat, self.change_button):
            widget.setEnabled(available)
