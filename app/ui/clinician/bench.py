"""The test bench: paste messages, see what the rails decide for each, and why.

Each verdict shows the learned scorer's score (2 decimals; "—" when no scorer ran) and its reason: for a
rule, the rule and the pattern that matched; for a verdict the score decided, the words that raised the
score most.

The same check as `confidant guard check --explain`, on the profile in the editor when it is valid (so a
clinician sees the effect of an edit before installing it), otherwise on the active profile. Nothing is
stored. A check takes well under a millisecond, so a short list runs at once; a long one runs on a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.safety import Action, Guardrails, Verdict
from app.ui.clinician.widgets import read_only_table, text_edit
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


def check_lines(rails: Guardrails, lines: list[str], side: str) -> list[BenchRow]:
    check = rails.check_input if side == "input" else rails.check_output_text
    return [BenchRow(line, check(line)) for line in lines]


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
        self.messages = text_edit("Messages to check", "One message per line; Ctrl+Enter checks them", 6,
                                  "I can't go on any more\nthis homework is killing me\nshould I double my "
                                  "sertraline?")
        layout.addWidget(self.messages)

        row = QHBoxLayout()
        self.input_side = QRadioButton("Messages from the person")
        self.input_side.setAccessibleName("Check as messages from the person")
        self.input_side.setAccessibleDescription("The input rail: crisis categories, then topics")
        self.output_side = QRadioButton("Replies from the model")
        self.output_side.setAccessibleName("Check as replies from the model")
        self.output_side.setAccessibleDescription("The output rail: the reply rules")
        self.input_side.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.input_side)
        group.addButton(self.output_side)
        row.addWidget(self.input_side)
        row.addWidget(self.output_side)
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
        if len(lines) <= INLINE_LINES:
            self._show(check_lines(rails, lines, side))
            return
        self.check_button.setEnabled(False)
        self.summary.setText(f"Checking {len(lines)} messages…")

        def done(rows: list[BenchRow]) -> None:
            self.check_button.setEnabled(True)
            self._show(rows)

        def failed(message: str, _error: BaseException) -> None:
            self.check_button.setEnabled(True)
            self.summary.setText(message)

        self._runner.run(lambda: check_lines(rails, lines, side), done, failed, owner=self)

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
