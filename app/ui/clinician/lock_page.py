"""Lock / unlock: protect the active guardrail profile with a clinician PIN, or remove that protection.

Once locked, installing a profile, removing the lock and opening clinician mode all need the PIN. The PIN
is kept only as a salted scrypt hash in the encrypted store (app/safety/lock.py); it cannot be recovered.
"""

from __future__ import annotations

from app.safety import clinician
from app.safety.clinician import LockStatus
from app.safety.lock import MIN_PIN
from app.ui.qt import QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget, Signal
from app.ui.widgets import button, heading, label, set_role


def pin_field(name: str, description: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    if description:
        field.setAccessibleDescription(description)
    field.setMaxLength(1024)
    field.setMaximumWidth(420)
    return field


class LockPage(QWidget):
    locked_with = Signal(str)  # the new PIN
    unlocked = Signal()

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        self.state = heading("Checking…")
        self.state.setAccessibleName("Lock status")
        layout.addWidget(self.state)
        self.detail = label("", "muted")
        layout.addWidget(self.detail)
        layout.addSpacing(6)

        self.lock_box = QWidget()
        box = QVBoxLayout(self.lock_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(label("Lock the profile so that only you can change it. From then on, opening clinician "
                            "mode, installing a profile and removing the lock need this PIN. Confidant keeps "
                            "only a salted hash of it, so it cannot be recovered if it is forgotten."))
        form = QFormLayout()
        self.new_pin = pin_field("New clinician PIN", f"At least {MIN_PIN} characters; 6 or more is better")
        self.again = pin_field("New clinician PIN again", "Type the same PIN again")
        self.new_pin.returnPressed.connect(self.again.setFocus)
        self.again.returnPressed.connect(self._lock_clicked)
        form.addRow(self._caption("New PIN", self.new_pin), self.new_pin)
        form.addRow(self._caption("PIN again", self.again), self.again)
        box.addLayout(form)
        box.addWidget(label(f"At least {MIN_PIN} characters; 6 or more is better. A passphrase works too.",
                            "muted"))
        row = QHBoxLayout()
        self.lock_button = button("Lock the profile", "Lock the profile with this PIN", kind="primary")
        self.lock_button.clicked.connect(self._lock_clicked)
        row.addWidget(self.lock_button)
        row.addStretch(1)
        box.addLayout(row)
        layout.addWidget(self.lock_box)

        self.unlock_box = QWidget()
        box = QVBoxLayout(self.unlock_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(label("Removing the lock lets anyone using this computer change the guardrail profile. "
                            "You can lock it again at any time, with a new PIN if you like."))
        form = QFormLayout()
        self.pin = pin_field("Current clinician PIN")
        self.pin.returnPressed.connect(self._unlock_clicked)
        form.addRow(self._caption("Current PIN", self.pin), self.pin)
        box.addLayout(form)
        row = QHBoxLayout()
        self.unlock_button = button("Remove the lock", "Remove the clinician lock", kind="danger")
        self.unlock_button.clicked.connect(self._unlock_clicked)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        box.addLayout(row)
        layout.addWidget(self.unlock_box)
        self.unlock_box.hide()

        self.message = label("")
        self.message.setAccessibleName("Lock result")
        layout.addWidget(self.message)
        layout.addStretch(1)

    @staticmethod
    def _caption(text: str, buddy: QWidget):
        caption = label(text)
        caption.setBuddy(buddy)
        return caption

    def show_status(self, status: LockStatus) -> None:
        if status.locked:
            self.state.setText("Locked with a clinician PIN")
            since = f" since {status.locked_at.replace('T', ' ')[:16]} (UTC)" if status.locked_at else ""
            self.detail.setText(f"The guardrail profile has been locked{since}. Changing it needs the PIN.")
        else:
            self.state.setText("Not locked")
            self.detail.setText("Anyone using this computer can change the guardrail profile.")
        self.lock_box.setVisible(not status.locked)
        self.unlock_box.setVisible(status.locked)

    def _lock_clicked(self) -> None:
        self.lock_with(self.new_pin.text(), self.again.text())

    def lock_with(self, pin: str, again: str) -> None:
        if pin != again:
            self._say("The two PINs do not match; nothing was changed. Type the same PIN twice.", "problem")
            self.again.clear()
            self.again.setFocus()
            return
        self.lock_button.setEnabled(False)
        self._say("Locking…", "muted")

        def done(_: object) -> None:
            self.lock_button.setEnabled(True)
            self.new_pin.clear()
            self.again.clear()
            self._say("Locked. Opening clinician mode, installing a profile or removing the lock now needs "
                      "this PIN. Keep it somewhere safe: it cannot be recovered.", "ok")
            self.locked_with.emit(pin)

        self.controller.on_store(self, lambda store: clinician.lock_profile(store, pin), done, self._failed_lock)

    def _failed_lock(self, message: str) -> None:
        self.lock_button.setEnabled(True)
        self._say(message, "problem")

    def _unlock_clicked(self) -> None:
        self.unlock_with(self.pin.text())

    def unlock_with(self, pin: str) -> None:
        if not pin:
            self._say("Type the current clinician PIN first.", "problem")
            self.pin.setFocus()
            return
        self.unlock_button.setEnabled(False)
        self._say("Checking the PIN…", "muted")

        def done(_: object) -> None:
            self.unlock_button.setEnabled(True)
            self.pin.clear()
            self._say("The lock was removed. Anyone using this computer can now change the guardrail profile.",
                      "ok")
            self.unlocked.emit()

        def failed(message: str) -> None:
            self.unlock_button.setEnabled(True)
            self.pin.clear()
            self.pin.setFocus()
            self._say(message, "problem")

        self.controller.on_store(self, lambda store: clinician.unlock_profile(store, pin), done, failed)

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)
