"""The crisis card: the profile's fixed words and real help lines, impossible to miss.

Numbers are selectable and each has its own Copy button; the card offers the person's own safety plan
(in Wysa's published figures the plan was the crisis resource people used most).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.safety import HelpResource
from app.ui.clipboard import show_copied
from app.ui.qt import QFrame, QGridLayout, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget, Signal
from app.ui.widgets import button


class CrisisCard(QFrame):
    copy_requested = Signal(str)
    safety_plan_requested = Signal()
    confirm_safe_requested = Signal()

    def __init__(
        self,
        message: str,
        resources: Sequence[HelpResource],
        *,
        title: str = "You don't have to face this alone",
        show_confirm: bool = False,
        confirm_label: str = "I am safe right now — continue",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CrisisCard")
        self.setAccessibleName("Crisis support")
        self.setAccessibleDescription("Help lines you can contact now")
        layout, body = card_layout(self, title, message)
        body.setAccessibleName("Message")
        self.message = message

        grid, self.resource_labels = help_lines_grid(resources, self.copy_requested.emit)
        layout.addLayout(grid)

        buttons = QHBoxLayout()
        self.plan_button = button("Open my safety plan", kind="help")
        self.plan_button.clicked.connect(self.safety_plan_requested)
        buttons.addWidget(self.plan_button)
        buttons.addStretch(1)
        self.confirm_button = button(confirm_label, confirm_label, "The help lines stay pinned for this conversation")
        self.confirm_button.clicked.connect(self.confirm_safe_requested)
        self.confirm_button.setVisible(show_confirm)
        buttons.addWidget(self.confirm_button)
        layout.addLayout(buttons)

    def set_confirm_visible(self, visible: bool) -> None:
        self.confirm_button.setVisible(visible)


def card_layout(card: QWidget, title: str, text: str) -> tuple[QVBoxLayout, QLabel]:
    """The crisis and check-in cards' shared top: a heading and the profile's words as selectable plain
    text (never rich text: they come from a profile file). Returns the layout and the body label."""
    layout = QVBoxLayout(card)
    layout.setContentsMargins(18, 16, 18, 16)
    layout.setSpacing(10)
    heading = QLabel(title)
    heading.setProperty("role", "heading")
    heading.setWordWrap(True)
    layout.addWidget(heading)
    body = QLabel(text)
    body.setWordWrap(True)
    body.setTextFormat(Qt.TextFormat.PlainText)
    body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    layout.addWidget(body)
    return layout, body


def help_lines_grid(resources: Sequence[HelpResource], copy: Callable[[str], None]) -> tuple[QGridLayout,
                                                                                             list[QLabel]]:
    """Each help line: its name, region and hours; how to reach it (selectable); a Copy button."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(8)
    contacts: list[QLabel] = []
    for row, resource in enumerate(resources):
        name = QLabel(f"<b>{_escape(resource.name)}</b><br>{_escape(resource.region)} · "
                      f"{_escape(resource.hours)}")
        name.setWordWrap(True)
        contact = QLabel(resource.contact())
        contact.setWordWrap(True)
        contact.setTextFormat(Qt.TextFormat.PlainText)
        contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                        | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        contact.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        contact.setAccessibleName(f"{resource.name}: {resource.contact()}")
        copy_button = button("Copy", f"Copy the number for {resource.name}")
        number = resource.phone or resource.text or resource.contact()
        copy_button.clicked.connect(lambda _=False, n=number, b=copy_button: (copy(n), show_copied(b)))
        grid.addWidget(name, row, 0)
        grid.addWidget(contact, row, 1)
        grid.addWidget(copy_button, row, 2)
        contacts.append(contact)
    grid.setColumnStretch(0, 3)
    grid.setColumnStretch(1, 3)
    return grid, contacts


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
