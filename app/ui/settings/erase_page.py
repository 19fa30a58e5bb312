"""Erasing everything: the person's passphrase and a typed phrase confirm it; the app locks and shreds the history.

The passphrase is asked for so that nobody passing an unlocked screen can erase someone's history. A guardrail
profile a clinician has locked is their configuration, not the person's data: it is kept with its lock (the
erased history is replaced by an empty one, same passphrase, holding only that profile), unless the
clinician's PIN is given to remove it too. The rules and both steps live in app.safety.erase; the checks run on
the store's thread while the history is still open, and only then is it locked and shredded.
"""

from __future__ import annotations

from app.safety.erase import ErasePlan, erase, prepare_erase, profile_locked
from app.storage import Store
from app.ui.onboarding import PassphraseField
from app.ui.qt import QCheckBox, QLineEdit, Signal
from app.ui.settings.base import SettingsPage
from app.ui.widgets import StatusLine, button, button_row, label

CONFIRM_PHRASE = "delete everything"
KEPT_NOTE = ("A clinician has locked your guardrail profile. It is their configuration, not your data, so it is "
             "kept, with its lock: Confidant starts again empty, with the same passphrase and that profile. "
             "Removing it too needs the clinician's PIN.")


class ErasePage(SettingsPage):
    title = "Erase everything"
    intro = "Start again from nothing, or make sure nothing is left on this computer."

    erased = Signal()  # nothing was kept: the main window shows the first-run welcome

    def __init__(self, *args) -> None:
        super().__init__(*args)
        card = self.card("Erase all of Confidant's data")
        card.addWidget(label(
            "This permanently erases every conversation, your settings, your safety plan, your toolkit entries, "
            "the audit log and the guardrail profile from this computer. The files are overwritten before they "
            "are deleted. It cannot be undone."))
        card.addWidget(label("Backups and exports you saved elsewhere, and model files, are not touched.",
                             "muted"))
        self.kept_note = label(KEPT_NOTE, name="The clinician's locked profile is kept")
        self.kept_note.hide()  # shown once the store says the profile is locked
        card.addWidget(self.kept_note)
        self.remove_profile = QCheckBox("Also remove the clinician's profile and lock (needs their PIN)")
        self.remove_profile.setAccessibleName("Also remove the clinician's locked profile, with their PIN")
        self.remove_profile.hide()
        card.addWidget(self.remove_profile)
        self.pin = PassphraseField("Clinician PIN", "The PIN the clinician locked the guardrail profile with")
        self.pin.setPlaceholderText("Clinician PIN")
        self.pin.hide()
        card.addWidget(self.pin)

        passphrase_prompt = label("Your passphrase:")
        card.addWidget(passphrase_prompt)
        self.passphrase = PassphraseField("Your passphrase", "The passphrase you unlock Confidant with; "
                                          "needed to erase everything")
        self.passphrase.setPlaceholderText("Passphrase")
        passphrase_prompt.setBuddy(self.passphrase)
        card.addWidget(self.passphrase)
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
        self._profile_locked = False  # learnt from the store (refresh)

        for field in (self.confirmation, self.passphrase, self.pin):
            field.textChanged.connect(self._update_button)
            field.returnPressed.connect(self.erase)
        self.remove_profile.toggled.connect(self._removing_profile)
        self.erase_button.clicked.connect(self.erase)
        self.refresh()

    def confirmed(self) -> bool:
        return " ".join(self.confirmation.text().split()).lower() == CONFIRM_PHRASE

    def ready(self) -> bool:
        """The phrase is typed, the passphrase given, and the PIN too when the locked profile is to go."""
        pin_needed = self._profile_locked and self.remove_profile.isChecked()
        return self.confirmed() and bool(self.passphrase.text()) and (bool(self.pin.text()) or not pin_needed)

    def refresh(self) -> None:
        """Ask the store (on its thread) whether a clinician has locked the profile, and say what is kept."""
        if self.controller.store is not None:
            self.controller.on_store(self, profile_locked, self._show_lock, lambda _message: None)

    def _show_lock(self, locked: bool) -> None:
        self._profile_locked = locked
        self.kept_note.setVisible(locked)
        self.remove_profile.setVisible(locked)
        if not locked:
            self.remove_profile.setChecked(False)
        self._removing_profile(self.remove_profile.isChecked())

    def _removing_profile(self, removing: bool) -> None:
        self.pin.setVisible(removing and self._profile_locked)
        if not removing:
            self.pin.clear()
        self._update_button()

    def _update_button(self, _text: str = "") -> None:
        self.erase_button.setEnabled(self.ready() and not self.state.busy and self.controller.store is not None)

    def erase(self) -> None:
        if not self.ready() or self.state.busy:
            return
        passphrase = self.passphrase.text()
        pin = self.pin.text() if self._profile_locked and self.remove_profile.isChecked() else None
        self.state.busy = "Erasing everything"
        self.erase_button.setEnabled(False)
        self.status.show_message("Checking your passphrase…")

        def refused(message: str) -> None:
            self.state.busy = None
            self.passphrase.clear()
            self.pin.clear()
            self.passphrase.setFocus()
            self.status.show_message(f"{message} Nothing was erased.", error=True)
            self._update_button()

        self.controller.on_store(self, lambda store: prepare_erase(store, passphrase, pin), self._erase, refused)

    def _erase(self, plan: ErasePlan) -> None:
        """The passphrase (and PIN) are right: lock, then shred once the history is closed."""
        for field in (self.passphrase, self.pin, self.confirmation):
            field.clear()
        self.status.show_message("Erasing… please wait.")
        self.lock_store()
        # No widget to guard the result: a new history holding the kept profile must be adopted (or it would
        # stay open and locked for nobody), and the window cannot close while this is busy anyway.
        self.controller.on_closed_store(None, lambda: erase(plan), self._erased, self._failed)

    def _erased(self, kept: Store | None) -> None:
        self.state.busy = None
        if kept is not None:
            self.controller.adopt_store(kept)  # unlocked again, empty, with the clinician's profile
        if not self.state.alive:
            return
        if kept is None:
            self.status.show_message("Everything was erased. Confidant will start afresh, as on the first day.")
            self.erased.emit()
        else:
            self.status.show_message("Everything was erased. The clinician's guardrail profile and its lock were "
                                     "kept; your passphrase is the same as before.")

    def _failed(self, message: str) -> None:
        self.state.busy = None
        if self.state.alive:
            self.status.show_message(f"{message} Confidant is locked; close Settings to continue.", error=True)

    def set_store_available(self, available: bool) -> None:
        for widget in (self.confirmation, self.passphrase, self.remove_profile, self.pin):
            widget.setEnabled(available)
        self._update_button()
