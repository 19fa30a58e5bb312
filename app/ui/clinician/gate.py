"""The way into clinician mode: once a clinician PIN is set, nothing opens without it.

Whether a lock is set is read from the store, and a PIN is checked with scrypt (about a tenth of a
second), both on the store thread (controller.on_store). A wrong PIN is refused with a message, recorded as
an audit event (as the CLI records a refused install), and the clinician window stays closed.
"""

from __future__ import annotations

from app.safety import clinician
from app.ui.clinician.dialog import ClinicianDialog
from app.ui.clinician.lock_page import pin_field
from app.ui.qt import QDialog, QHBoxLayout, QLayout, QObject, QTimer, QVBoxLayout, QWidget, Signal, is_valid
from app.ui.widgets import button, label, set_role

WRONG_PIN = ("That PIN is not right, so clinician mode stays closed. Check it and try again, or ask the "
             "clinician who set it.")
FREE_TRIES = 3  # after this many wrong PINs in a row, each further try waits a little longer (up to a minute)


class PinDialog(QDialog):
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.failures = 0
        self._wait = QTimer(self)
        self._wait.setSingleShot(True)
        self._wait.timeout.connect(self._wait_over)
        self.setWindowTitle("Clinician mode — Confidant")
        self.setAccessibleName("Clinician PIN")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # grows to fit a wrapped message
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(label("Clinician PIN", "heading"))
        intro = label("A clinician has locked the guardrail profile on this computer. Enter the clinician PIN "
                      "to open clinician mode.")
        intro.setFixedWidth(440)
        layout.addWidget(intro)
        self.field = pin_field("Clinician PIN", "The PIN the clinician chose when locking the profile")
        self.field.returnPressed.connect(self._submit)
        layout.addWidget(self.field)
        self.error = label("", "problem")
        self.error.setFixedWidth(440)
        self.error.setAccessibleName("PIN message")
        self.error.hide()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = button("Cancel", "Cancel and stay in the chat")
        self.open_button = button("Open clinician mode", kind="primary")
        self.open_button.setDefault(True)
        self.cancel_button.clicked.connect(self.reject)
        self.open_button.clicked.connect(self._submit)
        row.addWidget(self.cancel_button)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self.field.setFocus()

    def _submit(self) -> None:
        if not self.open_button.isEnabled():
            return
        pin = self.field.text()
        if not pin:
            self.show_error("Type the clinician PIN first.")
            return
        self.open_button.setEnabled(False)
        self.error.setText("Checking…")
        set_role(self.error, "muted")
        self.error.show()
        self.submitted.emit(pin)

    def show_error(self, message: str) -> None:
        self.open_button.setEnabled(True)
        self.field.clear()
        self.field.setFocus()
        self.error.setText(message)
        set_role(self.error, "problem")
        self.error.show()

    def wrong_pin(self) -> None:
        """A wrong PIN: say so; after a few in a row, make guessing slow (the scrypt check alone is fast)."""
        self.failures += 1
        self.show_error(WRONG_PIN)
        if self.failures >= FREE_TRIES:
            seconds = min(60, 2 ** (self.failures - FREE_TRIES + 1))
            self.open_button.setEnabled(False)
            self.error.setText(f"{WRONG_PIN} Please wait {seconds} seconds before trying again.")
            self._wait.start(seconds * 1000)

    def _wait_over(self) -> None:
        self.open_button.setEnabled(True)
        self.error.setText(WRONG_PIN)


class ClinicianGate(QObject):
    """Asks for the PIN when one is set, then opens the clinician window (modal to `parent`)."""

    opened = Signal(object)  # ClinicianDialog
    refused = Signal(str)

    def __init__(self, controller, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller = controller
        self.parent_widget = parent
        self.pin_dialog: PinDialog | None = None
        self.dialog: ClinicianDialog | None = None

    def start(self) -> None:
        self.controller.on_store(self.parent_widget, lambda store: clinician.lock_status(store).locked,
                                 self._lock_known, self._failed)

    def _lock_known(self, locked: bool) -> None:
        if not locked:
            self._open(None)
            return
        self.pin_dialog = PinDialog(self.parent_widget)
        self.pin_dialog.submitted.connect(self.check)
        self.controller.locked.connect(self.pin_dialog.reject)  # Confidant locked: the PIN prompt goes too
        self.pin_dialog.open()

    def check(self, pin: str) -> None:
        dialog = self.pin_dialog
        if dialog is None:
            return

        def done(ok: bool) -> None:
            if ok:
                dialog.accept()
                dialog.deleteLater()
                self.pin_dialog = None
                self._open(pin)
            else:
                dialog.wrong_pin()
                self.refused.emit(WRONG_PIN)

        self.controller.on_store(dialog, lambda store: clinician.check_pin(store, pin, "clinician-mode"), done,
                                 self._failed)

    def _open(self, pin: str | None) -> None:
        self.dialog = ClinicianDialog(self.controller, pin, self.parent_widget)
        self.dialog.open()
        self.opened.emit(self.dialog)

    def _failed(self, message: str) -> None:
        if self.pin_dialog is not None and is_valid(self.pin_dialog) and self.pin_dialog.isVisible():
            self.pin_dialog.show_error(message)
        else:
            self.controller.error.emit(message)  # no window of ours is open: the main window's notice says it
        self.refused.emit(message)
