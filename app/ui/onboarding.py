"""First run (what Confidant is and is not; create a passphrase) and the unlock screen."""

from __future__ import annotations

import math
import string

from app.ui.qt import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

MIN_PASSPHRASE = 8
FORGOTTEN_WARNING = (
    "There is no way to recover a forgotten passphrase — not by us, not by anyone. If you forget it, your "
    "conversations cannot be opened. Write it down somewhere safe."
)


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """A rough 0–4 strength score and a plain hint (a rough guide, not a guarantee)."""
    if not passphrase:
        return 0, "Choose a passphrase: a few unrelated words are strong and easy to remember."
    pool = 0
    pool += 26 if any(c in string.ascii_lowercase for c in passphrase) else 0
    pool += 26 if any(c in string.ascii_uppercase for c in passphrase) else 0
    pool += 10 if any(c in string.digits for c in passphrase) else 0
    pool += 33 if any(not c.isalnum() for c in passphrase) else 0
    pool += 100 if any(ord(c) > 127 for c in passphrase) else 0
    distinct = len(set(passphrase))
    bits = min(len(passphrase), distinct * 2) * math.log2(max(pool, 2))
    if len(passphrase) < MIN_PASSPHRASE:
        return 0, f"Too short: use at least {MIN_PASSPHRASE} characters."
    if bits < 40:
        return 1, "Weak: add more words or characters."
    if bits < 60:
        return 2, "Fair: a longer passphrase would be safer."
    if bits < 80:
        return 3, "Good."
    return 4, "Strong."


def _label(text: str, role: str | None = None, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        label.setProperty("role", role)
    return label


def _card() -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("Card")
    card.setMaximumWidth(620)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(32, 28, 32, 28)
    layout.setSpacing(12)
    return card, layout


def _centered_page(card: QFrame) -> QScrollArea:
    page = QWidget()
    page.setObjectName("Page")
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card, 10)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a container: focus belongs to the fields inside
    scroll.setWidget(page)
    return scroll


class PassphraseField(QLineEdit):
    def __init__(self, name: str, description: str) -> None:
        super().__init__()
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
        self.setMinimumHeight(34)


class WelcomePage(QWidget):
    """First run: what Confidant is and is not, where data lives, and a new passphrase (entered twice)."""

    create_requested = Signal(str)

    def __init__(self, data_dir: str, disclaimer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card, layout = _card()
        layout.addWidget(_label("Welcome to Confidant", "title"))
        layout.addWidget(_label(
            "A private place to think things through between therapy sessions. You talk with a small AI "
            "that runs entirely on this computer."))
        self.disclaimer = _label(disclaimer)
        self.disclaimer.setAccessibleName("What Confidant is not")
        layout.addWidget(self.disclaimer)
        layout.addWidget(_label(
            "Nothing you write leaves this computer: no account, no cloud, no internet connection. Your "
            f"conversations are encrypted in {data_dir}.", "muted"))

        layout.addWidget(_label("Create your passphrase", "heading"))
        self.first = PassphraseField("New passphrase", "The passphrase that will unlock your conversations")
        self.second = PassphraseField("Repeat passphrase", "Type the same passphrase again")
        self.first.setPlaceholderText("Passphrase")
        self.second.setPlaceholderText("Repeat the passphrase")
        layout.addWidget(self.first)
        layout.addWidget(self.second)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setFixedHeight(8)
        self.meter.setAccessibleName("Passphrase strength")
        layout.addWidget(self.meter)
        self.hint = _label("", "muted")
        self.hint.setAccessibleName("Passphrase strength hint")
        layout.addWidget(self.hint)
        warning = _label(FORGOTTEN_WARNING)
        warning.setAccessibleName("Warning about forgotten passphrases")
        layout.addWidget(warning)
        self.understood = QCheckBox("I understand that a forgotten passphrase cannot be recovered")
        self.understood.setAccessibleName("I understand a forgotten passphrase cannot be recovered")
        layout.addWidget(self.understood)
        self.error = _label("", "error")
        self.error.setAccessibleName("Problem")
        self.error.hide()
        layout.addWidget(self.error)
        self.create_button = QPushButton("Create my private space")
        self.create_button.setProperty("kind", "primary")
        self.create_button.setAccessibleName("Create encrypted storage with this passphrase")
        self.create_button.setAccessibleDescription("Sets up your encrypted conversation history")
        layout.addWidget(self.create_button)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(_centered_page(card))

        self.first.textChanged.connect(self._update_strength)
        self.second.returnPressed.connect(self._submit)
        self.create_button.clicked.connect(self._submit)
        self._update_strength("")

    def _update_strength(self, text: str) -> None:
        score, hint = passphrase_strength(text)
        self.meter.setValue(score)
        self.hint.setText(hint)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.create_button.setEnabled(not busy)
        self.create_button.setText("Setting up encryption…" if busy else "Create my private space")

    def _submit(self) -> None:
        first, second = self.first.text(), self.second.text()
        if len(first) < MIN_PASSPHRASE:
            self.show_error(f"Please use at least {MIN_PASSPHRASE} characters.")
        elif first != second:
            self.show_error("The two passphrases are different. Please type them again.")
            self.second.clear()
            self.second.setFocus()
        elif not self.understood.isChecked():
            self.show_error("Please confirm that you understand a forgotten passphrase cannot be recovered.")
            self.understood.setFocus()
        else:
            self.show_error("")
            self.set_busy(True)
            self.create_requested.emit(first)


class UnlockPage(QWidget):
    unlock_requested = Signal(str)
    restore_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card, layout = _card()
        layout.addWidget(_label("Welcome back", "title"))
        layout.addWidget(_label("Enter your passphrase to open your conversations.", "muted"))
        self.field = PassphraseField("Passphrase", "The passphrase that unlocks your conversations")
        self.field.setPlaceholderText("Passphrase")
        layout.addWidget(self.field)
        self.error = _label("", "error")
        self.error.setAccessibleName("Problem")
        self.error.hide()
        layout.addWidget(self.error)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setProperty("kind", "primary")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setAccessibleDescription("Opens your encrypted conversations")
        layout.addWidget(self.unlock_button)
        self.restore_button = QPushButton("Restore from a backup…")
        self.restore_button.setAccessibleName("Restore from an encrypted backup")
        self.restore_button.setAccessibleDescription("Replaces the history that cannot be opened with a backup; "
                                                     "the backup's passphrase is needed")
        self.restore_button.hide()  # offered once opening has failed
        self.restore_button.clicked.connect(self.restore_requested)
        layout.addWidget(self.restore_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(_centered_page(card))
        self.field.returnPressed.connect(self._submit)
        self.unlock_button.clicked.connect(self._submit)

    def reset(self, message: str = "") -> None:
        self.field.clear()
        self.show_error(message)
        self.field.setFocus()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.restore_button.setVisible(bool(message) and "locked" not in message.lower())
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.unlock_button.setEnabled(not busy)
        self.field.setReadOnly(busy)
        self.unlock_button.setText("Unlocking…" if busy else "Unlock")

    def _submit(self) -> None:
        if self.field.text():
            self.set_busy(True)
            self.error.hide()
            self.unlock_requested.emit(self.field.text())
