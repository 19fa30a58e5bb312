"""Backing up and restoring the encrypted history.

A backup is an encrypted copy that opens with the passphrase the history had when it was made. Restoring needs
the history closed (Store.restore replaces the file), so the app locks first, restores on the store's thread,
and opens the restored history straight away; if restoring fails, Store.restore has put the old history back
untouched and the app stays locked until the person unlocks it with their usual passphrase.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from app.ui.onboarding import PassphraseField
from app.ui.qt import QFileDialog, Signal
from app.ui.settings.base import SettingsPage
from app.ui.widgets import StatusLine, button, button_row, label

BACKUP_FILTER = "Confidant backups (*.confidant-backup);;All files (*)"
BACKUP_SUFFIX = ".confidant-backup"


class BackupPage(SettingsPage):
    title = "Backup & restore"
    intro = ("Keep an encrypted copy of your history somewhere safe — another drive, or a USB stick — so a "
             "broken or lost computer does not take your conversations with it.")

    restored = Signal()  # the restored history is open

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.restore_path: Path | None = None

        backup = self.card("Make an encrypted backup", "The backup is encrypted like your history and opens "
                                                       "with your current passphrase.")
        self.backup_button = button("Make an encrypted backup…", "Make an encrypted backup",
                                    "Asks where to save the backup file")
        backup.addLayout(button_row(self.backup_button))
        self.backup_status = StatusLine("Backup")
        backup.addWidget(self.backup_status)

        restore = self.card("Restore from a backup", "Replaces everything currently in Confidant with the "
                                                     "conversations and settings in the backup.")
        self.choose_button = button("Choose a backup file…", "Choose a backup file to restore")
        restore.addLayout(button_row(self.choose_button))
        self.restore_file = label("", selectable=True, name="Backup file")
        self.restore_file.hide()
        restore.addWidget(self.restore_file)
        self.restore_passphrase = PassphraseField("The backup's passphrase",
                                                  "The passphrase your history had when the backup was made")
        self.restore_passphrase.setPlaceholderText("The backup's passphrase")
        self.restore_passphrase.hide()
        restore.addWidget(self.restore_passphrase)
        self.restore_warning = label(
            "Everything now in Confidant will be replaced by the backup, and from then on Confidant opens with "
            "the backup's passphrase. If the backup cannot be restored, nothing is changed.", "muted")
        self.restore_warning.hide()
        restore.addWidget(self.restore_warning)
        self.restore_button = button("Replace my history with this backup", "Replace my history with this backup",
                                     kind="danger")
        self.restore_button.hide()
        restore.addLayout(button_row(self.restore_button))
        self.restore_status = StatusLine("Restore")
        restore.addWidget(self.restore_status)
        self.finish()

        self.backup_button.clicked.connect(self._choose_backup_target)
        self.choose_button.clicked.connect(self._choose_restore_file)
        self.restore_button.clicked.connect(self.restore_backup)
        self.restore_passphrase.returnPressed.connect(self.restore_backup)

    # ---- backup ----------------------------------------------------------------------------------------

    def _choose_backup_target(self) -> None:
        suggested = os.path.join(os.path.expanduser("~"), f"confidant-{date.today()}{BACKUP_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self, "Save the encrypted backup as", suggested, BACKUP_FILTER)
        if path:
            self.make_backup(Path(path))

    def make_backup(self, path: Path) -> None:
        self.backup_button.setEnabled(False)
        self.backup_status.show_message("Writing the backup…")

        def done(_: object) -> None:
            self.backup_button.setEnabled(True)
            self.backup_status.show_message(f"Backup saved to {path}. It opens with your current passphrase.")

        def failed(message: str) -> None:
            self.backup_button.setEnabled(True)
            self.backup_status.show_message(message, error=True)

        self.controller.on_store(self, lambda store: store.backup_to(path), done, failed)

    # ---- restore ---------------------------------------------------------------------------------------

    def _choose_restore_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a backup to restore", os.path.expanduser("~"),
                                              BACKUP_FILTER)
        if path:
            self.set_restore_file(Path(path))

    def set_restore_file(self, path: Path) -> None:
        """Show the chosen backup with its passphrase field and the button that replaces the history."""
        self.restore_path = path
        self.restore_file.setText(f"Backup: {path}")
        self.restore_file.setAccessibleName(f"Backup file: {path}")
        for widget in (self.restore_file, self.restore_passphrase, self.restore_warning, self.restore_button):
            widget.show()
        self.restore_status.clear_message()
        self.restore_passphrase.setFocus()
        self.ensureWidgetVisible(self.restore_button)

    def restore_backup(self) -> None:
        path, passphrase = self.restore_path, self.restore_passphrase.text()
        if path is None:
            return
        if not passphrase:
            self.restore_status.show_message("Type the passphrase the backup was made with.", error=True)
            self.restore_passphrase.setFocus()
            return
        if self.state.busy:
            return
        self.restore_passphrase.clear()
        self.state.busy = "Restoring your backup"
        self.restore_button.setEnabled(False)
        self.restore_status.show_message("Restoring… please wait.")
        self.lock_store()

        def done() -> None:
            # The controller opened the restored history (its settings and profile, then store_ready).
            self.state.busy = None
            self.restore_button.setEnabled(True)
            self.restore_status.show_message(
                f"Your history was restored from {path}. From now on, unlock Confidant with the backup's "
                "passphrase.")
            self.restored.emit()

        def failed(message: str) -> None:
            self.state.busy = None
            self.restore_button.setEnabled(True)
            self.restore_status.show_message(
                f"{message} Your history is as it was before. Confidant is locked: close Settings and "
                "unlock it with your usual passphrase.", error=True)

        # The restore waits behind the lock's close of the open history, then replaces it.
        self.controller.restore_backup(path, passphrase, self, done, failed)

    def set_store_available(self, available: bool) -> None:
        self.backup_button.setEnabled(available)
