"""What every toolkit page shares: the scrolling page from the widget kit with a status line, store work
through the controller (failures shown in that line), and the crisis card when something typed into an
exercise shows a crisis sign."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app import cbt
from app.storage import Store
from app.ui.controller import AppController
from app.ui.crisis_card import CrisisCard
from app.ui.qt import QApplication, QVBoxLayout
from app.ui.widgets import ScrollPage, StatusLine


class ToolkitPage(ScrollPage):
    title = ""
    exercise = ""  # the profile's exercise id ("" = always offered)
    key = ""  # how pages the profile does not govern are found (ToolkitDialog.page)
    card_text_role = "muted"

    def __init__(self, controller: AppController, content: cbt.Content) -> None:
        guide = content.exercises.get(self.exercise)
        super().__init__(" ".join(guide.intro.split()) if guide is not None and guide.intro else "")
        self.controller = controller
        self.content = content
        self.crisis_card: CrisisCard | None = None
        self.crisis_slot = QVBoxLayout()
        self.column.addLayout(self.crisis_slot)
        self.status = StatusLine(f"{self.title} status")

    def finish(self) -> None:
        self.column.addWidget(self.status)
        super().finish()

    def on_store(self, work: Callable[[Store], Any], done: Callable[[Any], None]) -> None:
        """`controller.on_store` for this page: a failure (a locked store included) is shown in its status line."""
        self.controller.on_store(self, work, done, self.status.show_error)

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
