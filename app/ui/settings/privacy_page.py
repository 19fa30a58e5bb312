"""The privacy page: where the history lives, auto-lock, and exporting conversations (the one unencrypted way
out, so the warning comes before anything is written)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from app.storage import EXPORT_WARNING, export
from app.ui.dialogs import confirm
from app.ui.qt import QFileDialog, QFormLayout, QTimer
from app.ui.settings.base import SettingsPage
from app.ui.widgets import ComboBox, SpinBox, StatusLine, button, button_row, label

EXPORT_FORMATS = {"markdown": ("Markdown (readable text)", ".md", "Markdown files (*.md)"),
                  "json": ("JSON (for other programs)", ".json", "JSON files (*.json)")}
SAVE_DELAY_MS = 350


class PrivacyPage(SettingsPage):
    title = "Privacy"
    intro = ("Confidant has no account, no cloud and no internet connection. What you write stays on this "
             "computer, encrypted with your passphrase.")

    def __init__(self, *args) -> None:
        super().__init__(*args)
        where = self.card("Where your conversations live")
        self.location = label(str(self.controller.data_dir), selectable=True,
                              name=f"Data folder: {self.controller.data_dir}")
        where.addWidget(self.location)
        where.addWidget(label("Your conversations, settings, safety plan and guardrail profile are kept in one "
                              "encrypted file in this folder. Nothing leaves this computer.", "muted"))

        lock = self.card("Auto-lock", "Lock Confidant when it has not been used for a while, so nobody else "
                                      "can read your conversations if you step away.")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.auto_lock = SpinBox("Lock after this many idle minutes", "0 means never lock automatically")
        self.auto_lock.setRange(0, 480)
        self.auto_lock.setSingleStep(5)
        self.auto_lock.setSuffix(" minutes")
        self.auto_lock.setSpecialValueText("Never")
        caption = label("Lock after")
        caption.setBuddy(self.auto_lock)
        form.addRow(caption, self.auto_lock)
        lock.addLayout(form)
        self.lock_status = StatusLine("Auto-lock")
        lock.addWidget(self.lock_status)

        out = self.card("Export your conversations", "Save every conversation to a file you choose, to read "
                                                     "elsewhere or keep for yourself.")
        self.export_warning = label(f"Before you export: {EXPORT_WARNING}", name="Export warning")
        self.export_warning.setStyleSheet("font-weight: 600;")
        out.addWidget(self.export_warning)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.export_format = ComboBox("Export format")
        for key, (name, _suffix, _filter) in EXPORT_FORMATS.items():
            self.export_format.addItem(name, key)
        caption = label("Format")
        caption.setBuddy(self.export_format)
        form.addRow(caption, self.export_format)
        out.addLayout(form)
        self.export_button = button("Export all conversations…", "Export all conversations",
                                    "Shows the warning again, then asks where to save the file")
        out.addLayout(button_row(self.export_button))
        self.export_status = StatusLine("Export")
        out.addWidget(self.export_status)
        self.finish()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_auto_lock)
        self._loading = False
        self.auto_lock.valueChanged.connect(lambda _: self._loading or self._timer.start())
        self.export_button.clicked.connect(self.start_export)
        self.refresh()

    def refresh(self) -> None:
        self._loading = True
        self.auto_lock.setValue(self.writer.latest.auto_lock_minutes)
        self._loading = False

    # ---- auto-lock --------------------------------------------------------------------------------------

    def save_auto_lock(self) -> None:
        self._timer.stop()
        minutes = self.auto_lock.value()
        if minutes == self.writer.latest.auto_lock_minutes or self.controller.store is None:
            return
        said = "Confidant will not lock by itself." if minutes == 0 else \
            f"Confidant will lock after {minutes} minutes without use."
        self.save_settings(lambda: self.lock_status.show_message(said), auto_lock_minutes=minutes)

    def flush(self) -> None:
        if self._timer.isActive():
            self.save_auto_lock()

    # ---- export ----------------------------------------------------------------------------------------

    def start_export(self) -> None:
        """Warning first; only if the person goes on, ask where; only then write."""
        if not confirm(self, "Export is not encrypted", EXPORT_WARNING, "Continue", danger=False):
            return
        fmt = self.export_format.currentData()
        _name, suffix, file_filter = EXPORT_FORMATS[fmt]
        suggested = os.path.join(os.path.expanduser("~"), f"confidant-conversations-{date.today()}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, "Export conversations to", suggested, file_filter)
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write every conversation to `path` (created readable by its owner only), on the store's thread.
        Called only after the person accepted the warning."""
        write = export.export_json if fmt == "json" else export.export_markdown
        self.export_button.setEnabled(False)
        self.export_status.show_message("Exporting…")

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            things = "conversation" if count == 1 else "conversations"
            self.export_status.show_message(f"Exported {count} {things} to {path}. The file is not encrypted: "
                                            "delete it when you no longer need it.")

        def failed(message: str) -> None:
            self.export_button.setEnabled(True)
            self.export_status.show_message(message, error=True)

        self.controller.on_store(self, lambda store: write(store, None, path), done, failed)

    def set_store_available(self, available: bool) -> None:
        for widget in (self.auto_lock, self.export_format, self.export_button):
            widget.setEnabled(available)
