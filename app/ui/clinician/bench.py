"""The test bench: paste messages, see what the rails decide for each, and why.

Each verdict shows the learned scorer's score (2 decimals; "—" when no scorer ran) and its reason: for a
rule, the rule and the pattern that matched; for a verdict the score decided, the words that raised the
score most.

Replies are checked as the app checks them, with the person's message they answer: "Yes, absolutely." is
kind after "Should I tell my therapist?" and harmful after "Is cutting ok if it helps?". So on the replies
side a message field sits above the replies, and every reply below is read as an answer to it (the same as
`confidant guard check --side output --message`); left empty, the replies are read alone.

The same check as `confidant guard check --explain`, on the profile in the editor when it is valid (so a
clinician sees the effect of an edit before installing it), otherwise on the active profile. Nothing is
stored. A check takes well under a millisecond, so a short list runs at once; a long one runs on a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.safety import Action, Guardrails, Verdict
from app.ui.clinician.widgets import line_edit, read_only_table, text_edit
from app.ui.qt import (
    QButtonGroup,
    QFont,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QRadioButton,
    QShortcut,
    Qt,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.tasks import TaskRunner
from app.ui.widgets import button, label

_PLACEHOLDERS = {
    "input": "I can't go on any more\nthis homework is killing me\nshould I double my sertraline?",
    "output": "Yes, absolutely.\nThat's a question for your pharmacist or doctor; I can't advise on medicines.",
}
MAX_LINES = 5000
INLINE_LINES = 200  # up to this many, check on the GUI thread (a few milliseconds in all)

ACTION_WORDS = {
    Action.ALLOW: "allow",
    Action.CRISIS: "crisis",
    Action.CHECK_IN: "check in",
    Action.REDIRECT: "redirect",
    Action.BLOCK: "block",
}
SUMMARY_ORDER = ("crisis", "check in", "block", "redirect", "allow")
COLUMNS = ["Message", "Result", "Score", "Category", "Rule", "Why"]


@dataclass(frozen=True)
class BenchRow:
    text: str
    verdict: Verdict


def score_text(verdict: Verdict) -> str:
    """The learned score, 2 decimals; "—" when no scorer ran."""
    return "—" if verdict.score is None else f"{verdict.score:.2f}"


def why_text(verdict: Verdict) -> str:
    """The matched pattern of a rule; for a verdict the score decided, the words that raised it most."""
    if verdict.pattern:
        return verdict.pattern
    if verdict.reasons and not verdict.allowed:
        return "strongest words: " + ", ".join(f"“{word}”" for word in verdict.reasons)
    return "—"


def check_lines(rails: Guardrails, lines: list[str], side: str, message: str = "") -> list[BenchRow]:
    """Each line's verdict; replies (side "output") are read as answers to `message` when it is given."""
    if side == "input":
        return [BenchRow(line, rails.check_input(line)) for line in lines]
    return [BenchRow(line, rails.check_output_text(line, message)) for line in lines]


class TestBench(QWidget):
    __test__ = False  # not a pytest class, despite the name

    checked = Signal(list)  # list[BenchRow]

    def __init__(self, rails_source: Callable[[], tuple[Guardrails | None, str]], runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rails_source = rails_source
        self._runner = runner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(label("Type or paste messages, one per line, and check them against the guardrails. "
                               "Nothing here is stored or sent to the model.", "muted"))
        row = QHBoxLayout()
        self.input_side = QRadioButton("Messages from the person")
        self.input_side.setAccessibleName("Check as messages from the person")
        self.input_side.setAccessibleDescription("The input rail: crisis categories, then topics")
        self.output_side = QRadioButton("Replies from the model")
        self.output_side.setAccessibleName("Check as replies from the model")
        self.output_side.setAccessibleDescription("The output rail: the reply rules, read with the person's "
                                                  "message when one is given")
        self.input_side.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.input_side)
        group.addButton(self.output_side)
        row.addWidget(self.input_side)
        row.addWidget(self.output_side)
        row.addStretch(1)
        layout.addLayout(row)

        self.message_label = label("The person's message these replies answer (optional):", "muted")
        self.message = line_edit("The person's message the replies answer",
                                 "Each reply below is read as an answer to this message, as in a chat: "
                                 "“Yes, absolutely.” is harmless alone and harmful after “Is cutting ok?”. "
                                 "Leave it empty to read the replies alone.",
                                 "Is it ok to have a few glasses of wine with my meds?")
        self.message_label.setBuddy(self.message)
        self.message.returnPressed.connect(self.run_check)
        layout.addWidget(self.message_label)
        layout.addWidget(self.message)
        self.messages = text_edit("Messages to check", "One message per line; Ctrl+Enter checks them", 6,
                                  _PLACEHOLDERS["input"])
        layout.addWidget(self.messages)
        self.input_side.toggled.connect(self._side_changed)
        self._side_changed()

        row = QHBoxLayout()
        row.addStretch(1)
        self.check_button = button("Check", "Check the messages", "Ctrl+Enter", kind="primary")
        self.check_button.clicked.connect(self.run_check)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.run_check)

        self.using = label("", "muted")
        self.using.setAccessibleName("Profile used for checking")
        layout.addWidget(self.using)
        self.table = read_only_table("Verdicts", COLUMNS, "One row per message: what the guardrails decided, "
                                     "the learned risk score, and why: the rule and the pattern that matched, "
                                     "or the words that raised the score most")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 330)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeaderItem(2).setToolTip("The learned scorer's risk score, 0 to 1 (— when no "
                                                      "scorer ran)")
        layout.addWidget(self.table, 1)
        self.summary = label("", "muted")
        self.summary.setAccessibleName("Summary of the verdicts")
        layout.addWidget(self.summary)
        self.rows: list[BenchRow] = []

    @property
    def side(self) -> str:
        return "input" if self.input_side.isChecked() else "output"

    def _side_changed(self) -> None:
        """The message field belongs to replies: shown on that side only, and the box says what it holds."""
        replies = self.side == "output"
        self.message_label.setVisible(replies)
        self.message.setVisible(replies)
        self.messages.setAccessibleName("Replies to check" if replies else "Messages to check")
        self.messages.setPlaceholderText(_PLACEHOLDERS[self.side])

    def lines(self) -> list[str]:
        return [line.strip() for line in self.messages.toPlainText().splitlines() if line.strip()]

    def run_check(self) -> None:
        lines = self.lines()
        rails, which = self._rails_source()
        if rails is None:
            self.using.setText("No guardrail profile is available to check with.")
            return
        self.using.setText(f"Checked with {which}.")
        if not lines:
            self.summary.setText("Type a message first, one per line.")
            self._show([])
            return
        if len(lines) > MAX_LINES:
            lines = lines[:MAX_LINES]
            self.using.setText(f"Checked with {which}. Only the first {MAX_LINES} lines were checked.")
        side = self.side
        answered = self.message.text().strip() if side == "output" else ""
        if answered:
            self.using.setText(self.using.text()[:-1] + ", each reply read as an answer to the message above.")
        if len(lines) <= INLINE_LINES:
            self._show(check_lines(rails, lines, side, answered))
            return
        self.check_button.setEnabled(False)
        self.summary.setText(f"Checking {len(lines)} messages…")

        def done(rows: list[BenchRow]) -> None:
            self.check_button.setEnabled(True)
            self._show(rows)

        def failed(message: str, _error: BaseException) -> None:
            self.check_button.setEnabled(True)
            self.summary.setText(message)

        self._runner.run(lambda: check_lines(rails, lines, side, answered), done, failed, owner=self)

    def _show(self, rows: list[BenchRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for index, row in enumerate(rows):
            verdict = row.verdict
            cells = (row.text, ACTION_WORDS.get(verdict.action, str(verdict.action)), score_text(verdict),
                     verdict.category or "—", verdict.rule or "—", why_text(verdict))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == 1 and not verdict.allowed:
                    item.setFont(bold)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, item)
        self.table.resizeRowsToContents()
        counts: dict[str, int] = {}
        for row in rows:
            word = ACTION_WORDS.get(row.verdict.action, str(row.verdict.action))
            counts[word] = counts.get(word, 0) + 1
        parts = [f"{counts[word]} {word}" for word in SUMMARY_ORDER if word in counts]
        if rows:
            self.summary.setText(f"{len(rows)} message{'s' if len(rows) != 1 else ''}: {', '.join(parts)}.")
        self.checked.emit(rows)
