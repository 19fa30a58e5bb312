"""The Toolkit window: exercises beside the chat, chosen from a list like Settings' sections.

Which exercises appear follows the profile's [features] exercises. It is not modal: people keep the chat
open beside it. Everything is stored through the controller's store thread; nothing slow runs here.
"""

from __future__ import annotations

from app import cbt
from app.safety import Profile
from app.ui.controller import AppController
from app.ui.qt import (
    QDialog,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.settings.dialog import section_nav
from app.ui.toolkit.activities_page import ActivitiesPage
from app.ui.toolkit.base import ToolkitPage
from app.ui.toolkit.breathing_page import BreathingPage
from app.ui.toolkit.export_page import ExportPage
from app.ui.toolkit.memory_page import MemoryPage
from app.ui.toolkit.mood_page import MoodPage
from app.ui.toolkit.reading_page import ReadingsPage, TrapsPage
from app.ui.toolkit.thought_record_page import ThoughtRecordPage
from app.ui.widgets import CloseButtons, button

PAGES: tuple[type[ToolkitPage], ...] = (MoodPage, ThoughtRecordPage, TrapsPage, ActivitiesPage, BreathingPage,
                                                ReadingsPage, MemoryPage, ExportPage)


def offered_exercises(profile: Profile | None) -> list[str]:
    """The exercises this window has a page for that the profile offers ([features] exercises)."""
    allowed = set(profile.features.exercises) if profile is not None else set()
    return [page.exercise for page in PAGES if page.exercise and page.exercise in allowed]


DEFAULT_SIZE = (960, 720)


def default_size(widget: QWidget) -> tuple[int, int]:
    """960×720, or less on a small screen (1024×768 leaves room for the title bar and the panel)."""
    screen = widget.screen()
    if screen is None:
        return DEFAULT_SIZE
    available = screen.availableGeometry()
    return min(DEFAULT_SIZE[0], available.width() - 32), min(DEFAULT_SIZE[1], available.height() - 48)


class ToolkitDialog(QDialog):
    share_requested = Signal(str)  # a page's summary of a finished exercise, to say in the conversation

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Toolkit")
        self.setModal(False)
        self.resize(*default_size(self))
        self.content = cbt.load_content()
        offered = offered_exercises(controller.profile)
        self.pages: list[ToolkitPage] = [page(controller, self.content) for page in PAGES
                                         if not page.exercise or page.exercise in offered]

        self.nav, self.stack = section_nav(self.pages, "Toolkit sections",
                                           "Use the arrow keys to choose an exercise; Tab moves into it")
        self.nav.currentRowChanged.connect(self._show)
        for page in self.pages:
            if hasattr(page, "share_requested"):
                page.share_requested.connect(self.share_requested)
        self.nav.fit_width()

        self.plan_button = button("My safety plan", "Open my safety plan", kind="help")
        self.plan_button.clicked.connect(self._open_safety_plan)
        buttons = CloseButtons(self, "Close the toolkit")
        self.close_button = buttons.close_button

        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.plan_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        controller.locked.connect(self._locked)
        if self.pages:
            self.nav.setCurrentRow(0)
        self.nav.setFocus()

    def page(self, exercise: str) -> ToolkitPage | None:
        return next((p for p in self.pages if exercise in (p.exercise, p.key)), None)

    def show_exercise(self, exercise: str) -> bool:
        """Switch to an exercise (e.g. from a suggestion in the chat); False when the profile does not offer it."""
        page = self.page(exercise)
        if page is None:
            return False
        self.nav.setCurrentRow(self.pages.index(page))
        return True

    def _show(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        if 0 <= row < len(self.pages):
            self.pages[row].refresh()

    def _open_safety_plan(self) -> None:
        from app.ui.dialogs import SafetyPlanDialog

        SafetyPlanDialog(self.controller, self).exec()

    def _locked(self) -> None:
        self.close()  # nothing of the person's stays on screen while locked
