"""The audit list: guardrail events from the encrypted store, newest first (as `confidant audit list`).

Message text appears only where the profile that recorded the event allowed it; otherwise the column says
so. The list is read when the tab is shown and on Refresh — never cached beyond this window.
"""

from __future__ import annotations

from app.safety.events import event_label
from app.storage import AuditRecord
from app.ui.clinician.widgets import current_palette, read_only_table
from app.ui.qt import QBrush, QColor, QHBoxLayout, QHeaderView, QTableWidgetItem, QVBoxLayout, QWidget, Signal
from app.ui.widgets import button, label

LIMIT = 500
NOT_RECORDED = "not recorded"


class AuditPage(QWidget):
    loaded = Signal(int)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        row = QHBoxLayout()
        row.addWidget(label("Guardrail events recorded in this person's encrypted data: when, what kind, which "
                            "category and rule. Message text is shown only if the profile recorded it.",
                            "muted"), 1)
        self.refresh_button = button("Refresh", "Refresh the audit list")
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        layout.addLayout(row)
        self.table = read_only_table("Guardrail events", ["Time", "Kind", "Category", "Rule", "Conversation",
                                                          "Text"], "Newest first")
        header = self.table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.summary = label("", "muted")
        self.summary.setAccessibleName("Number of events")
        layout.addWidget(self.summary)
        self.events: list[AuditRecord] = []

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self.summary.setText("Reading the events…")
        self.controller.on_store(self, lambda store: store.audit_events(limit=LIMIT), self._show, self._failed)

    def _show(self, events: list[AuditRecord]) -> None:
        self.refresh_button.setEnabled(True)
        self.events = events
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            when = event.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if event.created_at else "—"
            kind = QTableWidgetItem(event_label(event.kind))  # the words; the code is in the tooltip
            kind.setToolTip(event.kind)
            cells = [QTableWidgetItem(when), kind, QTableWidgetItem(event.category or "—"),
                     QTableWidgetItem(event.rule or "—"),
                     QTableWidgetItem(str(event.conversation_id) if event.conversation_id else "—"),
                     QTableWidgetItem(event.text if event.text else NOT_RECORDED)]
            if not event.text:
                cells[5].setForeground(QBrush(QColor(current_palette().muted)))
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        count = len(events)
        more = f" (the newest {LIMIT})" if count >= LIMIT else ""
        self.summary.setText(f"{count} event{'s' if count != 1 else ''}{more}." if count
                             else "No guardrail events have been recorded.")
        self.loaded.emit(count)

    def _failed(self, message: str) -> None:
        self.refresh_button.setEnabled(True)
        self.summary.setText(message)
