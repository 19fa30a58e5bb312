"""The check-in card: a direct, calm question when a message scored in the moderate-risk band.

Asking directly about suicidal thoughts does not put the idea in someone's head, and it opens the door to
help; so when the learned scorer is unsure, Confidant asks rather than guesses. The card shows the
profile's question and the help lines (as the crisis card does, but without its alarm colours) and three
answers. The person's answer decides what happens next: "Yes" and "I'm not sure" get the crisis response,
"No" a plain reply. Writing a message instead works too; the session reads it.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.safety import HelpResource
from app.ui.crisis_card import card_layout, help_lines_grid
from app.ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, Qt, QWidget, Signal

ANSWERS = (("yes", "Yes", "Answer yes"), ("unsure", "I'm not sure", "Answer: I'm not sure"),
           ("no", "No", "Answer no"))
ANSWERED = {"yes": "You answered yes.", "unsure": "You answered that you're not sure.", "no": "You answered no."}


class CheckInCard(QFrame):
    answered = Signal(str)  # "yes" | "unsure" | "no"
    copy_requested = Signal(str)

    def __init__(self, question: str, resources: Sequence[HelpResource], *, pending: bool,
                 title: str = "Can I check in with you?", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CheckInCard")
        self.setAccessibleName("Check-in question")
        self.setAccessibleDescription(question)
        self.question = question
        layout, body = card_layout(self, title, question)
        body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        body.setAccessibleName("Question")
        body.setAccessibleDescription(question)

        row = QHBoxLayout()
        row.setSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        for value, text, name in ANSWERS:
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.setAccessibleDescription(f"Your answer to: {question}")
            button.setAutoDefault(True)  # Enter answers too, as Space does (outside a dialog too)
            button.clicked.connect(lambda _=False, v=value: self._answer(v))
            row.addWidget(button)
            self.buttons[value] = button
        row.addStretch(1)
        layout.addLayout(row)
        self.note = QLabel("")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)

        if resources:
            help_note = QLabel("If you want to talk to someone now, these lines are there for you:")
            help_note.setWordWrap(True)
            layout.addWidget(help_note)
            grid, self.resource_labels = help_lines_grid(resources, self.copy_requested.emit)
            layout.addLayout(grid)
        else:
            self.resource_labels = []
        if not pending:
            self.close_question()

    @property
    def pending(self) -> bool:
        return any(button.isEnabled() for button in self.buttons.values())

    def _answer(self, value: str) -> None:
        if not self.pending:
            return
        self.answered.emit(value)

    def set_answered(self, value: str | None) -> None:
        """The answer was taken (None: the person wrote a message instead): the buttons stay, disabled."""
        self.close_question()
        if value in ANSWERED:
            self.note.setText(ANSWERED[value])
            self.note.setAccessibleName(ANSWERED[value])
            self.note.show()

    def close_question(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(False)
