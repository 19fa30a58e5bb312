"""Small dialogs: Get help now, what the guardrails do, the safety plan, and confirmations."""

from __future__ import annotations

from app.chat.safety_plan import SAFETY_PLAN_SECTIONS, SafetyPlan
from app.safety import Profile
from app.ui.crisis_card import CrisisCard
from app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    Qt,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.widgets import CloseButtons, StatusLine, button, label

EMERGENCY_NOTE = ("If you are in immediate danger, call your local emergency number now "
                  "(911 in the US and Canada, 999 or 112 in the UK, 112 in Ireland and across Europe).")


def confirm(parent: QWidget, title: str, text: str, action: str, danger: bool = True) -> bool:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    box.setIcon(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole if danger
                       else QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    go.setAccessibleName(action)
    cancel.setAccessibleName("Cancel")
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is go


class HelpDialog(QDialog):
    """Every help line in the active profile, one click from anywhere in the main window. Without the safety
    plan's button while Confidant is locked (the plan is in the encrypted history)."""

    copy_requested = Signal(str)
    safety_plan_requested = Signal()

    def __init__(self, profile: Profile, parent: QWidget | None = None, *, safety_plan: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Get help now")
        self.setAccessibleName("Get help now")
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        card = CrisisCard(
            f"{EMERGENCY_NOTE}\n\nThese services are free and confidential. You can contact them about "
            "anything that is troubling you — you do not have to be in crisis.",
            profile.resources,
            title="Help is available, any time",
        )
        card.copy_requested.connect(self.copy_requested)
        card.safety_plan_requested.connect(self.safety_plan_requested)
        card.plan_button.setVisible(safety_plan)
        self.card = card
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a container: focus belongs to what is inside
        scroll.setWidget(card)
        layout.addWidget(scroll, 1)
        layout.addWidget(CloseButtons(self))


class ProfileSummaryDialog(QDialog):
    """What the active guardrail profile does, in plain words — always readable by the person chatting."""

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Guardrails: {profile.name}")
        self.resize(640, 600)
        layout = QVBoxLayout(self)
        text = QTextBrowser()
        text.setOpenLinks(False)
        text.setPlainText(profile.describe())
        text.setAccessibleName("What the guardrails do")
        layout.addWidget(text)
        layout.addWidget(CloseButtons(self))


class SafetyPlanDialog(QDialog):
    """The person's own safety plan, written when calm; kept in the encrypted store (read and saved on the
    store thread; Confidant locked, it says so instead)."""

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("My safety plan")
        self.resize(680, 720)
        layout = QVBoxLayout(self)
        layout.addWidget(label("Your plan for difficult moments, in your own words. Fill it in when you feel "
                               "calm; come back to it whenever things get hard. Only you can see it."))
        inner = QWidget()
        form = QVBoxLayout(inner)
        self.fields: dict[str, QPlainTextEdit] = {}
        for key, (title, hint) in SAFETY_PLAN_SECTIONS.items():
            caption = label(f"<b>{title}</b>", rich=True)
            form.addWidget(caption)
            edit = QPlainTextEdit()
            edit.setPlaceholderText(hint)
            edit.setAccessibleName(title)
            edit.setAccessibleDescription(hint)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(74)
            caption.setBuddy(edit)
            form.addWidget(edit)
            self.fields[key] = edit
        profile = controller.profile
        if profile is not None:
            lines = "Crisis lines from your guardrail profile:\n" + "\n".join(r.line() for r in profile.resources)
            form.addWidget(label(lines, "muted", selectable=True, name=lines))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a container: focus belongs to what is inside
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)
        self.status = StatusLine("Safety plan")
        layout.addWidget(self.status)
        buttons = CloseButtons(self)
        self.save_button = button("Save", "Save my safety plan", kind="primary")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._save)
        layout.addWidget(buttons)
        self._load()

    def _load(self) -> None:
        self.controller.on_store(self, SafetyPlan.load, self._show, self._failed)

    def _show(self, plan: SafetyPlan) -> None:
        for key, edit in self.fields.items():
            edit.setPlainText(plan.sections.get(key, ""))

    def _save(self) -> None:
        plan = SafetyPlan({key: edit.toPlainText().strip() for key, edit in self.fields.items()})
        self.controller.on_store(self, plan.save, lambda _: self.accept(), self._failed)

    def _failed(self, message: str) -> None:
        self.status.show_message(message, error=True)
