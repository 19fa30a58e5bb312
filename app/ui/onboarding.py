"""First run (what Confidant is and is not; create a passphrase) and the unlock screen.

Both screens come before the passphrase, so both offer help (a button, and F1) without it: the help lines of
the profile already loaded in this run, else the shipped default ones (the installed profile lives in the
encrypted store). The unlock screen words its problems for a person at a window, not a terminal, and offers
to restore a backup only when the history file is damaged, never after a mistyped passphrase: a restore
replaces the history, and an older backup would lose everything written since.
"""

from __future__ import annotations

import math
import string

from app.storage import CorruptStore, StoreInUse, StoreNotFound, WrongPassphrase
from app.storage.passphrase_policy import MIN_LENGTH, problem
from app.ui.qt import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.widgets import Button

MIN_PASSPHRASE = MIN_LENGTH
WRONG_PASSPHRASE = ("That passphrase doesn't open your conversations. Check it (and that Caps Lock is off) and "
                    "try again.")
RESTORE_STEPS = ("If you have a backup, you can put it back: type the backup's passphrase above, then choose "
                 "Restore from a backup.")
DAMAGED = ("Your conversations can't be opened: the file that holds them is damaged. It has been left exactly "
           "as it is. " + RESTORE_STEPS)
MISSING = ("Your conversations can't be found: the file that holds them is no longer in {folder}. If you moved "
           "it, put it back there and unlock again. " + RESTORE_STEPS)
FORGOTTEN_WARNING = (
    "There is no way to recover a forgotten passphrase — not by us, not by anyone. If you forget it, your "
    "conversations cannot be opened. Write it down somewhere safe."
)


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """A rough 0–4 strength score and a plain hint (a rough guide, not a guarantee). A passphrase the policy
    refuses (too short, a common password, repeated characters) scores 0 and the hint says why."""
    if not passphrase:
        return 0, "Choose a passphrase: a few unrelated words are strong and easy to remember."
    reason = problem(passphrase)
    if reason:
        return 0, reason
    pool = 0
    pool += 26 if any(c in string.ascii_lowercase for c in passphrase) else 0
    pool += 26 if any(c in string.ascii_uppercase for c in passphrase) else 0
    pool += 10 if any(c in string.digits for c in passphrase) else 0
    pool += 33 if any(not c.isalnum() for c in passphrase) else 0
    pool += 100 if any(ord(c) > 127 for c in passphrase) else 0
    distinct = len(set(passphrase))
    bits = min(len(passphrase), distinct * 2) * math.log2(max(pool, 2))
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


def _help_button(page: QWidget, signal) -> QPushButton:
    """"Get help now" on a screen before the passphrase, and F1 while that screen is showing."""
    help_button = Button("Get help now")
    help_button.setProperty("kind", "help")
    help_button.setAccessibleName("Get help now")
    help_button.setAccessibleDescription("Shows crisis lines you can contact now, without your passphrase (F1)")
    help_button.setAutoDefault(False)
    help_button.clicked.connect(signal)
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_F1), page)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(signal)
    return help_button


def _title_row(title: str, help_button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(_label(title, "title"), 1)
    row.addWidget(help_button, 0, Qt.AlignmentFlag.AlignTop)
    return row


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
    help_requested = Signal()

    def __init__(self, data_dir: str, disclaimer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card, layout = _card()
        self.help_button = _help_button(self, self.help_requested)
        layout.addLayout(_title_row("Welcome to Confidant", self.help_button))
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
        self.create_button = Button("Create my private space")
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
        if reason := problem(first):
            self.show_error(reason)
            self.first.setFocus()
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
    """The passphrase, Unlock, help without the passphrase, and restore only for a damaged history."""

    unlock_requested = Signal(str)
    restore_requested = Signal()
    help_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card, layout = _card()
        self.help_button = _help_button(self, self.help_requested)
        layout.addLayout(_title_row("Welcome back", self.help_button))
        layout.addWidget(_label("Enter your passphrase to open your conversations.", "muted"))
        self.field = PassphraseField("Passphrase", "The passphrase that unlocks your conversations")
        self.field.setPlaceholderText("Passphrase")
        layout.addWidget(self.field)
        self.error = _label("", "error")
        self.error.setAccessibleName("Problem")
        self.error.hide()
        layout.addWidget(self.error)
        self.unlock_button = Button("Unlock")
        self.unlock_button.setProperty("kind", "primary")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setAccessibleDescription("Opens your encrypted conversations")
        layout.addWidget(self.unlock_button)
        self.restore_button = Button("Restore from a backup…")
        self.restore_button.setAccessibleName("Restore from an encrypted backup")
        self.restore_button.setAccessibleDescription("Replaces the damaged history with a backup; the backup's "
                                                     "passphrase is needed")
        self.restore_button.hide()  # offered only once the history has turned out to be damaged
        self.restore_button.clicked.connect(self.restore_requested)
        layout.addWidget(self.restore_button)
        self._offer_restore = False  # the history is damaged or missing: restore stays offered until unlocked
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(_centered_page(card))
        self.field.returnPressed.connect(self._submit)
        self.unlock_button.clicked.connect(self._submit)

    def reset(self, message: str = "") -> None:
        """Empty the field and show `message`; with no message (the history opened), forget any damage."""
        if not message:
            self._offer_restore = False
        self.field.clear()
        self.show_error(message)
        self.field.setFocus()

    def show_failure(self, message: str, error: BaseException | None = None) -> None:
        """Opening (or restoring) failed: say so in the window's words, never the command line's. Restoring is
        offered only for a damaged history (CorruptStore) or one no longer there (StoreNotFound: moved or deleted
        since the app started), and stays offered until an unlock works, whatever goes wrong next."""
        if isinstance(error, CorruptStore) and error.backup:
            message = "That backup is damaged, so it cannot be restored. Nothing was changed; try another backup."
        elif isinstance(error, CorruptStore):
            self._offer_restore = True
            message = DAMAGED
        elif isinstance(error, StoreNotFound):
            self._offer_restore = True
            message = MISSING.format(folder=error.data_dir)
        elif isinstance(error, WrongPassphrase) and error.backup:
            message = ("That passphrase doesn't open the backup (a backup opens with the passphrase your "
                       "conversations had when it was made). Nothing was changed.")
        elif isinstance(error, WrongPassphrase):
            message = WRONG_PASSPHRASE
        elif isinstance(error, StoreInUse):
            message = "Your conversations are already open in another Confidant window. Close it and try again."
        self.reset(message)

    @property
    def offers_restore(self) -> bool:
        return self._offer_restore

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.restore_button.setVisible(self._offer_restore)
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.unlock_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)
        self.field.setReadOnly(busy)
        self.unlock_button.setText("Unlocking…" if busy else "Unlock")

    def _submit(self) -> None:
        if self.field.text():
            self.set_busy(True)
            self.error.hide()
            self.unlock_requested.emit(self.field.text())
