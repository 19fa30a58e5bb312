"""What every toolkit page shares: a scrolling page of cards, a status line, store work that is dropped if
the window closed meanwhile, and the crisis card when something typed into an exercise shows a crisis sign."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app import cbt
from app.storage import Store
from app.ui.controller import AppController
from app.ui.crisis_card import CrisisCard
from app.ui.qt import QApplication, QFrame, QScrollArea, Qt, QVBoxLayout, QWidget, is_valid
from app.ui.settings.base import StatusLine, add_card, label


class ToolkitPage(QScrollArea):
    title = ""
    exercise = ""  # the profile's exercise id ("" = always offered)
    key = ""  # how pages the profile does not govern are found (ToolkitDialog.page)

    def __init__(self, controller: AppController, content: cbt.Content) -> None:
        super().__init__()
        self.controller = controller
        self.content = content
        self.crisis_card: CrisisCard | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.title)
        inner = QWidget()
        inner.setObjectName("Page")
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(24, 20, 24, 20)
        self.column.setSpacing(14)
        self.column.addWidget(label(self.title, "title"))
        guide = content.exercises.get(self.exercise)
        if guide is not None and guide.intro:
            self.column.addWidget(label(" ".join(guide.intro.split()), "muted"))
        self.crisis_slot = QVBoxLayout()
        self.column.addLayout(self.crisis_slot)
        self.status = StatusLine(f"{self.title} status")
        self.setWidget(inner)

    def card(self, heading: str, text: str = "") -> QVBoxLayout:
        return add_card(self.column, heading, text, "muted")

    def finish(self) -> None:
        self.column.addWidget(self.status)
        self.column.addStretch(1)

    def on_store(self, work: Callable[[Store], Any], done: Callable[[Any], None]) -> None:
        """Run `work(store)` on the store thread; `done` runs only if this page still exists."""
        store = self.controller.store
        if store is None:
            self.status.show_message("Your history is locked; unlock it to use the toolkit.", error=True)
            return

        def finished(result: Any) -> None:
            if is_valid(self):
                done(result)

        def failed(message: str, _error: BaseException) -> None:
            if is_valid(self):
                self.status.show_message(message, error=True)

        self.controller.store_runner.run(lambda: work(store), finished, failed)

    def screen(self, store: Store, texts: str | Mapping[str, str]) -> cbt.ExerciseScreening | None:
        """On the store thread: the rails' crisis check of what the person typed (None without guardrails)."""
        guardrails = self.controller.guardrails
        return cbt.screen_exercise_text(guardrails, store, texts) if guardrails is not None else None

    def show_screening(self, screening: cbt.ExerciseScreening | None) -> None:
        """A crisis sign: show the crisis card here, and refresh the chat so its help lines are pinned and the
        model pauses until the person confirms they are safe."""
        if screening is not None and screening.crisis:
            self.show_crisis(screening.response or "", screening.resources)

    def show_crisis(self, message: str, resources: tuple) -> None:
        if self.crisis_card is not None:
            self.crisis_card.deleteLater()
        card = CrisisCard(message, resources)
        card.copy_requested.connect(lambda text: QApplication.clipboard().setText(text))
        card.safety_plan_requested.connect(self.open_safety_plan)
        self.crisis_card = card
        self.crisis_slot.addWidget(card)
        card.show()
        self.ensureWidgetVisible(card)
        card.plan_button.setFocus()
        refresh_chat(self.controller)

    def open_safety_plan(self) -> None:
        from app.ui.dialogs import SafetyPlanDialog

        SafetyPlanDialog(self.controller, self.window()).exec()

    def refresh(self) -> None:
        """Show the store's current entries (the page became visible, or an entry changed)."""


def refresh_chat(controller: AppController) -> None:
    """Re-open the current conversation so the chat shows the crisis state the toolkit just saved."""
    session = controller.session
    if session is None:
        return
    if session.conversation_id is None:
        controller.new_conversation()
    else:
        controller.open_conversation(session.conversation_id)
