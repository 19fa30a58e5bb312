"""The sections of the profile editor: each page shows part of a ProfileDraft as a form and edits it in place.

A page calls `notify()` after every change; the editor then re-validates the whole profile (debounced). Pages
also show the validator's problems on their own fields (`mark`) and can jump to one (`reveal`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import Any

from app.chat.style import STYLE_LABELS
from app.safety import profile as profile_schema
from app.safety.profile import REQUIRED_CRISIS, REQUIRED_OUTPUT, ScorerSettings
from app.safety.tradeoff import Tradeoff
from app.ui.clinician.fields import FIELD_LABELS, SECTION_TITLES, Location
from app.ui.clinician.profile_toml import (
    CategoryDraft,
    FeaturesDraft,
    NamedListDraft,
    ProfileDraft,
    ResourceDraft,
    ScorerDraft,
)
from app.ui.clinician.widgets import PROBLEM_MARK, line_edit, read_only_table, scroll, set_invalid, text_edit
from app.ui.qt import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    Qt,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.widgets import ChoiceBox, NumberBox, WholeNumberBox, button, heading, label

Notify = Callable[[], None]


class SectionPage(QWidget):
    """One section of the editor."""

    section = ""

    def __init__(self, notify: Notify) -> None:
        super().__init__()
        self._notify = notify
        self._loading = False
        self.draft = ProfileDraft()
        self._marks: list[Location] = []

    def load(self, draft: ProfileDraft) -> None:
        self.draft = draft

    def mark(self, locations: list[Location]) -> None:
        self._marks = [loc for loc in locations if loc.section == self.section]

    def _mark_fields(self, fields: dict[str, QWidget]) -> None:
        """Flag each field widget the latest problems name (pages whose fields are keyed by name)."""
        wrong = {loc.field for loc in self._marks}
        for key, widget in fields.items():
            set_invalid(widget, key in wrong)

    def reveal(self, location: Location) -> None:
        """Show the place `location` points at and put the keyboard focus there."""

    def changed(self) -> None:
        if not self._loading:
            self._notify()


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    return ""


def _set_text(widget: QWidget, value: str) -> None:
    if isinstance(widget, QPlainTextEdit):
        if widget.toPlainText() != value:
            widget.setPlainText(value)
    elif isinstance(widget, QLineEdit) and widget.text() != value:
        widget.setText(value)
        widget.setCursorPosition(0)


def _focus_line(edit: QPlainTextEdit, index: int | None) -> None:
    """Put the cursor on the `index`-th non-empty line (pattern lists skip blank lines)."""
    edit.setFocus()
    if index is None:
        return
    seen = -1
    block = edit.document().firstBlock()
    while block.isValid():
        if block.text().strip():
            seen += 1
            if seen == index:
                cursor = edit.textCursor()
                cursor.setPosition(block.position())
                edit.setTextCursor(cursor)
                edit.ensureCursorVisible()
                return
        block = block.next()


# ---- plain forms: about, assistant, after a crisis ----------------------------------------------------------

@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: str  # "line" | "text" | "check" | "choice"
    description: str = ""
    lines: int = 3
    label: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # "choice": (value, label); the first is shown for an absent key

    @property
    def title(self) -> str:
        return self.label or FIELD_LABELS.get(self.key, self.key)


class FormPage(SectionPage):
    """Fields bound to attributes of the draft (or of one of its parts, via `target`)."""

    def __init__(self, notify: Notify, section: str, intro: str, specs: list[tuple[str, list[FieldSpec]]],
                 target: Callable[[ProfileDraft], Any] = lambda draft: draft,
                 targets: dict[str, Callable[[ProfileDraft], Any]] | None = None) -> None:
        super().__init__(notify)
        self.section = section
        self._target = target
        self._targets = targets or {}
        self.fields: dict[str, QWidget] = {}
        inner = QWidget()
        layout = self.column = QVBoxLayout(inner)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(10)
        if intro:
            layout.addWidget(label(intro, "muted"))
        for group, specs_in_group in specs:
            if group:
                layout.addSpacing(6)
                layout.addWidget(heading(group))
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            form.setVerticalSpacing(10)
            for spec in specs_in_group:
                widget = self._make(spec)
                self.fields[spec.key] = widget
                if spec.kind == "check":
                    form.addRow(widget)
                    if spec.description:
                        form.addRow(label(spec.description, "muted"))
                else:
                    caption = label(spec.title)
                    caption.setBuddy(widget)
                    form.addRow(caption, widget)
            layout.addLayout(form)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll(inner, f"{section} fields"))

    def _make(self, spec: FieldSpec) -> QWidget:
        if spec.kind == "check":
            box = QCheckBox(spec.title)
            box.setAccessibleName(spec.title)
            if spec.description:
                box.setAccessibleDescription(spec.description)
            box.toggled.connect(lambda value, key=spec.key: self._edited(key, value))
            return box
        if spec.kind == "choice":
            choice = ChoiceBox(spec.title, list(spec.choices), spec.description)
            choice.currentIndexChanged.connect(lambda _index, key=spec.key, widget=choice:
                                               self._edited(key, widget.value()))
            return choice
        if spec.kind == "line":
            edit = line_edit(spec.title, spec.description)
            edit.textChanged.connect(lambda value, key=spec.key: self._edited(key, value))
            return edit
        area = text_edit(spec.title, spec.description, spec.lines)
        area.textChanged.connect(lambda key=spec.key, widget=area: self._edited(key, widget.toPlainText()))
        return area

    def _owner(self, key: str) -> Any:
        return self._targets.get(key, self._target)(self.draft)

    def _edited(self, key: str, value: Any) -> None:
        if self._loading:
            return
        setattr(self._owner(key), key, value)
        self.changed()

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        self._loading = True
        try:
            for key, widget in self.fields.items():
                value = getattr(self._owner(key), key)
                if isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif isinstance(widget, ChoiceBox):
                    widget.set_value(value)
                else:
                    _set_text(widget, value)
        finally:
            self._loading = False

    def mark(self, locations: list[Location]) -> None:
        super().mark(locations)
        self._mark_fields(self.fields)

    def reveal(self, location: Location) -> None:
        widget = self.fields.get(location.field or "")
        if widget is None:
            widget = next(iter(self.fields.values()))
        widget.setFocus()


def about_page(notify: Notify) -> FormPage:
    return FormPage(
        notify, "identity",
        "Who made this profile and what it is for. The name and description are shown to the person "
        "chatting, in plain words.",
        [("", [
            FieldSpec("id", "line", "Lowercase letters, digits and '-', e.g. my-clinic-cbt"),
            FieldSpec("name", "line", "Shown to the person, one line"),
            FieldSpec("version", "line", "Your version of this profile, e.g. 1.2.0"),
            FieldSpec("author", "line", "Who wrote or reviewed it"),
            FieldSpec("region", "text", "Where it is meant to be used, and which numbers are for where", 2),
            FieldSpec("description", "text", "A plain-words summary for the person chatting", 4),
        ]),
         ("Record keeping", [
             FieldSpec("include_message_text", "check",
                       "Guardrail events (time, kind, category, rule) are always recorded in the person's "
                       "encrypted data. Tick this only if the message text should be recorded with them.",
                       label="Record the message text with each guardrail event"),
         ])],
    )


class AssistantPage(FormPage):
    """[assistant]: the model's instructions, the disclaimer and the reply style. The example exchanges
    ([[assistant.examples]]) have no form yet: the page says how many there are, and saving keeps them."""

    def __init__(self, notify: Notify) -> None:
        super().__init__(
            notify, "assistant",
            "What the model is told before every conversation, and what the person sees first. The assistant "
            "always says it is an AI: no profile can switch that off.",
            [("", [
                FieldSpec("persona", "text", "Who the assistant is and how it talks (first part of the model's "
                          "instructions)", 5),
                FieldSpec("system_prompt", "text", "What it must and must not do (added after the persona)", 6),
                FieldSpec("disclaimer", "text", "Shown at the start of every conversation", 4),
                FieldSpec("ai_disclosure_text", "text", "How the model is told to say that it is an AI", 2),
            ]),
             ("How replies are written", [
                 FieldSpec("reply_style", "choice",
                           "Guided: the model writes a one-sentence reflection, then a CBT question or small step "
                           "from Confidant's material follows. Free: the model writes the whole reply. "
                           "Automatic: guided for small models. A person's own setting comes first.",
                           choices=tuple((str(value), text) for value, text in STYLE_LABELS.items())),
             ])],
        )
        self.examples_note = label("", "muted")
        self.examples_note.setAccessibleName("Example exchanges")
        self.column.insertWidget(self.column.count() - 1, self.examples_note)  # above the closing stretch

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        count = len(draft.examples)
        self.examples_note.setText(
            f"This profile shows the model {count} example exchange{'s' if count != 1 else ''} "
            "([[assistant.examples]] in the file). They are kept as written when you save.")
        self.examples_note.setAccessibleDescription(self.examples_note.text())
        self.examples_note.setVisible(count > 0)


def after_crisis_page(notify: Notify) -> FormPage:
    return FormPage(
        notify, "after_crisis",
        "After a crisis message the help lines stay pinned for the rest of the conversation, the model stays "
        "silent until the person presses the confirmation button (typing \"I'm fine\" is not enough), and "
        "the next conversation opens with a check-in. That behaviour is fixed; these are its words.",
        [("", [
            FieldSpec("offer_safety_plan", "check", "Offer the person's own safety plan after a crisis",
                      label="Offer the person's safety plan"),
            FieldSpec("safety_plan_prompt", "text", "The words offering the safety plan", 2),
            FieldSpec("confirmation_prompt", "text", "Explains the confirmation button", 3),
            FieldSpec("confirm_label", "line", "The button's label (one line)"),
            FieldSpec("holding_message", "text", "The reply to any message while waiting for confirmation", 3),
            FieldSpec("resume_message", "text", "Shown after the person confirms", 2),
            FieldSpec("check_in_message", "text", "Opens the next conversation after a crisis", 3),
        ])],
        target=lambda draft: draft.after_crisis,
    )


# ---- exercises and memory ([features]) ----------------------------------------------------------------------

# The exercises the validator knows; empty with a validator that predates [features] (the page is then left out).
EXERCISES: dict[str, str] = getattr(profile_schema, "EXERCISES", {})


class FeaturesPage(SectionPage):
    """Which CBT exercises the profile offers, and whether the person's memory reaches the AI's prompt."""

    section = "features"

    def __init__(self, notify: Notify) -> None:
        super().__init__(notify)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(8)
        layout.addWidget(label("What the CBT toolkit offers under this profile. Whatever is offered, the rails "
                               "apply: a crisis sign typed into any exercise gets the crisis response. The "
                               "safety plan is always available; it is part of the crisis flow.", "muted"))
        layout.addSpacing(6)
        layout.addWidget(heading("Memory"))
        self.memory = QCheckBox("Give the AI what the person asked Confidant to remember")
        self.memory.setAccessibleName("Memory")
        self.memory.setAccessibleDescription("When off, nothing the person saved is added to the AI's prompt; "
                                             "they can still see and delete it")
        self.memory.toggled.connect(self._edited)
        layout.addWidget(self.memory)
        layout.addWidget(label("When this is off, nothing the person saved is added to the AI's prompt; they can "
                               "still see and delete it. Consider turning it off for young people.", "muted"))
        layout.addSpacing(6)
        layout.addWidget(heading("Exercises offered"))
        self.exercises: dict[str, QCheckBox] = {}
        for exercise_id, description in EXERCISES.items():
            box = QCheckBox(description[0].upper() + description[1:])
            box.setAccessibleName(f"Offer {description}")
            box.toggled.connect(self._edited)
            layout.addWidget(box)
            self.exercises[exercise_id] = box
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll(inner, "Exercises and memory"))

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        features = draft.features or FeaturesDraft()
        self._loading = True
        try:
            self.memory.setChecked(features.memory)
            for exercise_id, box in self.exercises.items():
                box.setChecked(features.exercises is None or exercise_id in features.exercises)
        finally:
            self._loading = False

    def _edited(self, _checked: bool = False) -> None:
        if self._loading:
            return
        self.draft.features = FeaturesDraft(self.memory.isChecked(),
                                            [e for e, box in self.exercises.items() if box.isChecked()])
        self.changed()

    def mark(self, locations: list[Location]) -> None:
        super().mark(locations)
        set_invalid(self.memory, any(loc.field == "memory" for loc in self._marks))

    def reveal(self, location: Location) -> None:
        target = self.memory if location.field == "memory" or not self.exercises else \
            next(iter(self.exercises.values()))
        target.setFocus()


# ---- risk scoring ([scorer]) ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class NumberSpec:
    key: str
    low: float
    high: float
    step: float
    description: str
    whole: bool = False


SCORER_NUMBERS = {
    "thresholds": (
        NumberSpec("crisis_threshold", 0.05, 1.0, 0.01, "A score at or above this gets the crisis response"),
        NumberSpec("check_in_threshold", 0.05, 1.0, 0.01, "A score at or above this (and below the crisis "
                   "threshold) gets the check-in question"),
    ),
    "build_up": (
        NumberSpec("build_up_messages", 2, 20, 1, "How many of the latest messages are added up", whole=True),
        NumberSpec("build_up_threshold", 0.1, 20.0, 0.1, "When their scores add up to this, the person is "
                   "asked the check-in question"),
    ),
    "output": (
        NumberSpec("output_threshold", 0.05, 1.0, 0.01, "A reply sentence scoring at or above this is "
                   "withheld and the replacement text shown"),
    ),
}
SCORER_TEXTS = {
    "check_in_question": ("Asked directly, with the help lines, when a message scores in the check-in band", 3),
    "check_in_no_response": ("The reply when the person answers \"No\" to the check-in question", 3),
}


class _Grid:
    """Captions beside fields, and whole-width rows, in one grid (a QGridLayout, unlike a QFormLayout,
    gives a wrapped label spanning both columns the height its text needs)."""

    def __init__(self) -> None:
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(1, 1)
        self._row = 0

    def add_row(self, first: QWidget, second: QWidget | None = None) -> None:
        if second is None:
            self.grid.addWidget(first, self._row, 0, 1, 2)
        else:
            self.grid.addWidget(first, self._row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(second, self._row, 1)
        self._row += 1


def _spaced(heading_label: QWidget) -> QWidget:
    heading_label.setContentsMargins(0, 8, 0, 0)
    return heading_label


class ScorerPage(SectionPage):
    """[scorer]: the thresholds that turn the learned risk scores into a crisis, a check-in or a withheld
    reply, with what the crisis and check-in thresholds would do on the shipped evaluation set."""

    section = "scorer"
    tradeoff_wanted = Signal()  # first shown: the editor measures the evaluation set on a worker
    effect_shown = Signal(str)  # the words under the thresholds changed

    def __init__(self, notify: Notify) -> None:
        super().__init__(notify)
        self.defaults = ScorerSettings()
        known = {f.name for f in dataclass_fields(ScorerSettings)}
        self.fields: dict[str, QWidget] = {}
        self.tradeoff: Tradeoff | None = None
        self.asked = False  # the page has been shown, so the editor measures the evaluation set for it
        self._note = ""
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(10)
        layout.addWidget(label(
            "Beside the rules, a learned scorer gives every message a risk score from 0 to 1. At or above the "
            "crisis threshold the person gets this profile's crisis response; at or above the check-in "
            "threshold they are asked the check-in question directly, with the help lines, and their answer "
            "decides. The rules always run: a score can add a crisis or a check-in, never take one away.",
            "muted"))
        form = _Grid()  # one grid for the whole page, so every caption lines up
        groups = (("thresholds", "Crisis and check-in", ""),
                  ("build_up", "Risk that builds up", "Several worrying messages in a row can ask the check-in "
                   "question even when none of them would alone."),
                  ("output", "Replies from the model", ""))
        for group, title, note in groups:
            form.add_row(_spaced(heading(title)))
            if note:
                form.add_row(label(note, "muted"))
            for spec in SCORER_NUMBERS[group]:
                if spec.key in known:
                    form.add_row(*self._number(spec))
            if group == "thresholds":
                self.effect = label("Measuring these thresholds on the evaluation set…")
                self.effect.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                    | Qt.TextInteractionFlag.TextSelectableByKeyboard)
                self.effect.setAccessibleName("Effect of these thresholds")
                self.effect.setAccessibleDescription(self.effect.text())
                card = QFrame()
                card.setObjectName("Card")
                card_layout = QVBoxLayout(card)
                card_layout.setContentsMargins(14, 10, 14, 10)
                card_layout.addWidget(self.effect)
                form.add_row(card)
        texts = [key for key in SCORER_TEXTS if key in known]
        if texts:
            form.add_row(_spaced(heading("The check-in")))
            for key in texts:
                description, lines = SCORER_TEXTS[key]
                title = FIELD_LABELS.get(key, key)
                area = text_edit(title, description, lines)
                area.textChanged.connect(lambda key=key, widget=area: self._edited(key, widget.toPlainText()))
                self.fields[key] = area
                caption = label(title)
                caption.setBuddy(area)
                form.add_row(caption, area)
        layout.addLayout(form.grid)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll(inner, "Risk scoring"))
        self.crisis_threshold = self.fields["crisis_threshold"]
        self.check_in_threshold = self.fields["check_in_threshold"]

    def _number(self, spec: NumberSpec) -> tuple[QWidget, QWidget]:
        """A caption, and the number box with what it does beside it in plain words."""
        title = FIELD_LABELS.get(spec.key, spec.key)
        box = (WholeNumberBox(title, int(spec.low), int(spec.high), spec.description) if spec.whole
               else NumberBox(title, spec.low, spec.high, spec.step, 2 if spec.step < 0.1 else 1, spec.description))
        box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        box.valueChanged.connect(lambda value, key=spec.key: self._edited(key, value))
        self.fields[spec.key] = box
        caption = label(title)
        caption.setBuddy(box)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.setSpacing(12)
        row_layout.addWidget(box)
        row_layout.addWidget(label(spec.description, "muted"), 1)
        return caption, row

    def value(self, key: str) -> Any:
        """What the profile says for `key` ([scorer] as written, else the default)."""
        values = self.draft.scorer.values if self.draft.scorer is not None else {}
        return values.get(key, getattr(self.defaults, key))

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        self._loading = True
        try:
            for key, widget in self.fields.items():
                value = self.value(key)
                if isinstance(widget, QPlainTextEdit):
                    _set_text(widget, value if isinstance(value, str) else "")
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    widget.setValue(value)
        finally:
            self._loading = False
        self._show_effect()

    def _edited(self, key: str, value: Any) -> None:
        if key in ("crisis_threshold", "check_in_threshold"):
            self._show_effect()
        if self._loading:
            return
        if self.draft.scorer is None:
            self.draft.scorer = ScorerDraft()
        self.draft.scorer.values[key] = round(value, 4) if isinstance(value, float) else value
        self.changed()

    # ---- the trade-off on the evaluation set --------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.asked:
            self.asked = True
            self.tradeoff_wanted.emit()

    def show_tradeoff(self, tradeoff: Tradeoff | None, note: str = "") -> None:
        """The evaluation set, measured; or None, with a note saying why it could not be (no note: still
        measuring)."""
        self.tradeoff = tradeoff
        self._note = note
        self._show_effect()

    def _show_effect(self) -> None:
        if self.tradeoff is not None:
            text = self.tradeoff.summary(self.crisis_threshold.value(), self.check_in_threshold.value())
        else:
            text = self._note or "Measuring these thresholds on the evaluation set…"
        if text != self.effect.text():
            self.effect.setText(text)
            self.effect.setAccessibleDescription(text)
            self.effect_shown.emit(text)

    def mark(self, locations: list[Location]) -> None:
        super().mark(locations)
        self._mark_fields(self.fields)

    def reveal(self, location: Location) -> None:
        self.fields.get(location.field or "", self.crisis_threshold).setFocus()


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


# ---- named lists of patterns or words ------------------------------------------------------------------------

class NamedListsEditor(QWidget):
    """A list of named entries lists (rules, exclusions, word lists) beside the selected one's editor."""

    def __init__(self, notify: Notify, noun: str, name_label: str, entries_label: str,
                 entries_description: str, default_name: str, *, fill: bool = False) -> None:
        super().__init__()
        self._notify = notify
        self._noun = noun
        self._default = default_name
        self._loading = False
        self.items: list[NamedListDraft] = []
        self._marks: list[tuple[str, str, int | None]] = []  # (item name, "id"|"entries", index)

        self.list = QListWidget()
        self.list.setAccessibleName(f"{noun.capitalize()}s")
        self.list.setAccessibleDescription(f"Choose a {noun} to edit it")
        self.list.setFixedWidth(210)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show_current)
        self.add_button = button(f"Add {_article(noun)} {noun}", description=f"Adds a new {noun} and selects it")
        self.remove_button = button("Remove", f"Remove the selected {noun}")
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_current)

        self.name = line_edit(name_label, "Lowercase letters, digits and '-'" + (" or '_'" if noun == "word list"
                                                                                else ""))
        self.name.textChanged.connect(self._name_edited)
        self.entries = text_edit(entries_label, entries_description, 14)
        self.entries.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # one line is one entry, visibly
        if fill:  # a page of its own: the entries take all the height there is
            self.entries.setMinimumHeight(self.entries.fontMetrics().lineSpacing() * 6)
            self.entries.setMaximumHeight(16_777_215)
        self.entries.textChanged.connect(self._entries_edited)

        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        right = QVBoxLayout()
        right.setSpacing(4)
        name_caption = label(name_label)
        name_caption.setBuddy(self.name)
        entries_caption = label(entries_label)
        entries_caption.setBuddy(self.entries)
        right.addWidget(name_caption)
        right.addWidget(self.name)
        right.addSpacing(6)
        right.addWidget(entries_caption)
        right.addWidget(self.entries, 1 if fill else 0)
        if not fill:
            right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    def set_items(self, items: list[NamedListDraft]) -> None:
        self.items = items
        self._loading = True
        try:
            self.list.clear()
            for item in items:
                self.list.addItem(QListWidgetItem(item.name))
            self._relabel()
        finally:
            self._loading = False
        self.list.setCurrentRow(0 if items else -1)
        self._show_current(self.list.currentRow())

    def current(self) -> NamedListDraft | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_current(self, row: int) -> None:
        item = self.items[row] if 0 <= row < len(self.items) else None
        self._loading = True
        try:
            _set_text(self.name, item.name if item else "")
            _set_text(self.entries, "\n".join(item.entries) if item else "")
        finally:
            self._loading = False
        for widget in (self.name, self.entries, self.remove_button):
            widget.setEnabled(item is not None)
        self._apply_marks()

    def _name_edited(self, value: str) -> None:
        item = self.current()
        if self._loading or item is None:
            return
        item.name = value.strip()
        self._relabel()
        self._notify()

    def _entries_edited(self) -> None:
        item = self.current()
        if self._loading or item is None:
            return
        item.entries = [line.strip() for line in self.entries.toPlainText().splitlines() if line.strip()]
        self._notify()

    def add(self) -> None:
        names = {item.name for item in self.items}
        name, number = self._default, 2
        while name in names:
            name, number = f"{self._default}-{number}", number + 1
        self.items.append(NamedListDraft(name, []))
        self.list.addItem(QListWidgetItem(name))
        self.list.setCurrentRow(len(self.items) - 1)
        self._relabel()
        self.name.setFocus()
        self.name.selectAll()
        self._notify()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.items):
            return
        del self.items[row]
        self._loading = True
        self.list.takeItem(row)
        self._loading = False
        self.list.setCurrentRow(min(row, len(self.items) - 1))
        self._show_current(self.list.currentRow())
        self._notify()

    def set_marks(self, marks: list[tuple[str, str, int | None]]) -> None:
        self._marks = marks
        self._relabel()
        self._apply_marks()

    def _relabel(self) -> None:
        bad = {name for name, _, _ in self._marks}
        for row, item in enumerate(self.items):
            widget_item = self.list.item(row)
            if widget_item is None:
                continue
            text = item.name or "(no id)"
            widget_item.setText(PROBLEM_MARK + text if item.name in bad else text)
            widget_item.setData(Qt.ItemDataRole.AccessibleTextRole,
                                f"{text}, has problems" if item.name in bad else text)

    def _apply_marks(self) -> None:
        item = self.current()
        mine = [m for m in self._marks if item is not None and m[0] == item.name]
        set_invalid(self.name, any(kind == "id" for _, kind, _ in mine))
        set_invalid(self.entries, any(kind == "entries" for _, kind, _ in mine))
        set_invalid(self.list, bool(self._marks) and not self.items)

    def reveal(self, name: str | None, kind: str, index: int | None) -> None:
        row = next((i for i, item in enumerate(self.items) if item.name == name), -1)
        if row >= 0:
            self.list.setCurrentRow(row)
        if row < 0:
            self.add_button.setFocus() if not self.items else self.list.setFocus()
        elif kind == "id":
            self.name.setFocus()
        else:
            _focus_line(self.entries, index)


class NamedListsPage(SectionPage):
    """Idiom exclusions or word lists: a whole section that is one NamedListsEditor."""

    def __init__(self, notify: Notify, section: str, intro: str, noun: str, name_label: str,
                 entries_label: str, entries_description: str, default_name: str) -> None:
        super().__init__(notify)
        self.section = section
        self.editor = NamedListsEditor(notify, noun, name_label, entries_label, entries_description,
                                       default_name, fill=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(10)
        layout.addWidget(label(intro, "muted"))
        layout.addWidget(self.editor, 1)

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        self.editor.set_items(draft.exclusions if self.section == "exclusions" else draft.lists)

    def mark(self, locations: list[Location]) -> None:
        super().mark(locations)
        self.editor.set_marks([(loc.item or "", "id" if loc.field == "id" else "entries", loc.index)
                               for loc in self._marks if loc.item is not None])

    def reveal(self, location: Location) -> None:
        self.editor.reveal(location.item, "id" if location.field == "id" else "entries", location.index)


def exclusions_page(notify: Notify) -> NamedListsPage:
    return NamedListsPage(
        notify, "exclusions",
        "Idioms hidden from every rule before the rules look (messages only, not replies), so \"this homework "
        "is killing me\" is not read as a crisis. The rest of the message is still checked. Be narrow: list "
        "the idiom (\"dying to see|try|know\"), never words that can also mean a crisis.",
        "exclusion", "Exclusion id", "Patterns, one per line",
        "Each line is one pattern in the rule language (see SCHEMA.md)", "new-exclusion")


def word_lists_page(notify: Notify) -> NamedListsPage:
    return NamedListsPage(
        notify, "lists",
        "Reusable word lists. Use one in a pattern as <name>, e.g. \"<intent> ... hurt <self>\". Entries are "
        "words or phrases of up to 6 words, written in normalised form (lowercase, \"do not\", \"i am\"); a "
        "word may end in * to match any ending.",
        "word list", "List name", "Entries, one per line", "Each line is one word or phrase",
        "new-list")


# ---- help lines ----------------------------------------------------------------------------------------------

RESOURCE_FIELDS = (
    ("id", "line", "Used by crisis categories to choose this line: lowercase letters, digits and '-'"),
    ("name", "line", "The service's name"),
    ("region", "line", "Where it works, e.g. UK and Ireland"),
    ("phone", "line", "The number to call (a phone or a text number is needed, or both)"),
    ("text", "line", "How to text it, e.g. text HOME to 741741"),
    ("hours", "line", "When it is open, e.g. 24/7"),
    ("website", "line", "Shown as text only: Confidant never goes online"),
    ("notes", "text", "e.g. numbers for other nations"),
)
TABLE_COLUMNS = ("name", "region", "phone", "text", "hours")


class HelpLinesPage(SectionPage):
    section = "resources"

    def __init__(self, notify: Notify, on_renamed: Callable[[str, str], None]) -> None:
        super().__init__(notify)
        self._on_renamed = on_renamed
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(10)
        layout.addWidget(label("The help lines this profile can show. Crisis categories choose which of them "
                               "appear with their response. Please check every number for your region.",
                               "muted"))
        headers = [FIELD_LABELS[key] for key in TABLE_COLUMNS]
        self.table = read_only_table("Help lines", headers, "Choose a help line to edit it below")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((0, 130, 130, 170, 150)):
            if width:
                self.table.setColumnWidth(column, width)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setMinimumHeight(150)
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        layout.addWidget(self.table, 2)

        row = QHBoxLayout()
        self.add_button = button("Add a help line", description="Adds a new help line and selects it")
        self.remove_button = button("Remove", "Remove the selected help line")
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_current)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        grid = QHBoxLayout()
        second = QFormLayout()
        second.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for index, (key, kind, description) in enumerate(RESOURCE_FIELDS):
            title = "Help line " + FIELD_LABELS.get(key, key).lower() if key != "id" else "Help line ID"
            widget: QWidget
            if kind == "line":
                widget = line_edit(title, description)
                widget.textChanged.connect(lambda value, k=key: self._edited(k, value))
            else:
                widget = text_edit(title, description, 2)
                widget.textChanged.connect(lambda k=key, w=widget: self._edited(k, w.toPlainText()))
            caption = label(FIELD_LABELS.get(key, "ID") if key != "id" else "ID")
            caption.setBuddy(widget)
            (form if index < 4 else second).addRow(caption, widget)
            self.fields[key] = widget
        grid.addLayout(form, 1)
        grid.addSpacing(16)
        grid.addLayout(second, 1)
        layout.addLayout(grid)

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        self._loading = True
        try:
            self.table.setRowCount(0)
            for resource in draft.resources:
                self._append_row(resource)
        finally:
            self._loading = False
        self.table.setCurrentCell(0 if draft.resources else -1, 0)
        self._show(self.table.currentRow())

    def _append_row(self, resource: ResourceDraft) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(len(TABLE_COLUMNS)):
            self.table.setItem(row, column, QTableWidgetItem())
        self._fill_row(row, resource)

    def _fill_row(self, row: int, resource: ResourceDraft) -> None:
        bad = any(loc.item == resource.id for loc in self._marks)
        for column, key in enumerate(TABLE_COLUMNS):
            item = self.table.item(row, column)
            if item is None:
                continue
            value = " ".join(getattr(resource, key).split())
            if column == 0:
                value = (PROBLEM_MARK if bad else "") + (value or resource.id or "(new help line)")
            item.setText(value)

    def current(self) -> ResourceDraft | None:
        row = self.table.currentRow()
        return self.draft.resources[row] if 0 <= row < len(self.draft.resources) else None

    def _show(self, row: int) -> None:
        resource = self.draft.resources[row] if 0 <= row < len(self.draft.resources) else None
        self._loading = True
        try:
            for key, widget in self.fields.items():
                _set_text(widget, getattr(resource, key) if resource else "")
                widget.setEnabled(resource is not None)
        finally:
            self._loading = False
        self.remove_button.setEnabled(resource is not None)
        self._apply_marks()

    def _edited(self, key: str, value: str) -> None:
        resource = self.current()
        if self._loading or resource is None:
            return
        old = resource.id
        setattr(resource, key, value.strip() if key == "id" else value)
        if key == "id" and old and old != resource.id:
            self._on_renamed(old, resource.id)
        self._fill_row(self.table.currentRow(), resource)
        self.changed()

    def add(self) -> None:
        ids = {r.id for r in self.draft.resources}
        new_id, number = "new-help-line", 2
        while new_id in ids:
            new_id, number = f"new-help-line-{number}", number + 1
        resource = ResourceDraft(id=new_id, hours="24/7")
        self.draft.resources.append(resource)
        self._append_row(resource)
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.fields["name"].setFocus()
        self.changed()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.draft.resources):
            return
        del self.draft.resources[row]
        self.table.removeRow(row)
        self.table.setCurrentCell(min(row, len(self.draft.resources) - 1), 0)
        self._show(self.table.currentRow())
        self.changed()

    def mark(self, locations: list[Location]) -> None:
        super().mark(locations)
        for row, resource in enumerate(self.draft.resources):
            self._fill_row(row, resource)
        self._apply_marks()

    def _apply_marks(self) -> None:
        resource = self.current()
        mine = [loc for loc in self._marks if resource is not None and loc.item == resource.id]
        whole_line = any(loc.field is None for loc in mine)  # "needs a phone or a text number" names the line
        for key, widget in self.fields.items():
            set_invalid(widget, any(loc.field == key for loc in mine) or (whole_line and key in ("phone", "text")))

    def reveal(self, location: Location) -> None:
        row = next((i for i, r in enumerate(self.draft.resources) if r.id == location.item), -1)
        if row >= 0:
            self.table.setCurrentCell(row, 0)
            self.fields.get(location.field or "phone", self.fields["name"]).setFocus()
        else:
            self.table.setFocus()


# ---- crisis, scope and output categories ----------------------------------------------------------------------

_KIND_WORDS = {
    "crisis": ("crisis category", "Response",
               "The fixed reply shown instead of the model, with the chosen help lines. The model is never "
               "asked to improvise in a crisis."),
    "scope": ("topic", "Response", "The redirect message shown instead of a model reply"),
    "output": ("reply rule", "Replacement text", "Shown and stored instead of a reply that breaks these rules"),
}
_INTROS = {
    "crisis": "Every message is checked for these first, in this order; the first rule that matches decides. "
              "The seven required categories cannot be removed.",
    "scope": "Topics the assistant does not handle. Checked after the crisis categories: \"block\" topics "
             "first, then \"redirect\" topics.",
    "output": "What a reply must never contain. Replies are checked a sentence at a time as they stream; a "
              "sentence that matches is never shown and the replacement text is shown instead.",
}
REQUIRED = {"crisis": REQUIRED_CRISIS, "scope": (), "output": REQUIRED_OUTPUT}


class CategoriesPage(SectionPage):
    def __init__(self, notify: Notify, kind: str) -> None:
        super().__init__(notify)
        self.section = self.kind = kind
        noun, response_label, response_description = _KIND_WORDS[kind]
        self._noun = noun
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 20)
        outer.setSpacing(10)
        outer.addWidget(label(_INTROS[kind], "muted"))
        body = QHBoxLayout()
        outer.addLayout(body, 1)

        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(SECTION_TITLES[kind])
        self.list.setAccessibleDescription(f"Choose a {noun} to edit it")
        self.list.setFixedWidth(max(250, self.list.fontMetrics().averageCharWidth() * 30))
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show)
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = button("Add", f"Add a {noun}", f"Adds a new {noun} and selects it")
        self.remove_button = button("Remove", f"Remove the selected {noun}")
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_current)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        body.addLayout(left)

        inner = QWidget()
        form = QFormLayout(inner)
        form.setContentsMargins(8, 0, 4, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setVerticalSpacing(10)
        self.id = line_edit(f"{noun.capitalize()} ID", "Lowercase letters, digits and '-'; verdicts report it")
        self.id.textChanged.connect(lambda value: self._edited("id", value.strip()))
        self.name = line_edit(f"{noun.capitalize()} name", "Plain words, shown to the person")
        self.name.textChanged.connect(lambda value: self._edited("name", value))
        self.response = text_edit(response_label, response_description, 4)
        self.response.textChanged.connect(lambda: self._edited("response", self.response.toPlainText()))
        self._add_row(form, "ID", self.id)
        self._add_row(form, "Name", self.name)
        self.action: QComboBox | None = None
        if kind == "scope":
            self.action = QComboBox()
            self.action.addItem("Redirect — say who can help instead", "redirect")
            self.action.addItem("Block — simply off limits", "block")
            self.action.setAccessibleName("Action")
            self.action.setAccessibleDescription("What happens to a message on this topic")
            self.action.currentIndexChanged.connect(
                lambda _: self._edited("action", self.action.currentData() if self.action else "redirect"))
            self._add_row(form, "Action", self.action)
        self._add_row(form, response_label, self.response)
        self.resources: QListWidget | None = None
        if kind == "crisis":
            self.resources = QListWidget()
            self.resources.setAccessibleName("Help lines shown with this response")
            self.resources.setAccessibleDescription("Tick the help lines to show; Space ticks or unticks. "
                                                    "They appear in the order listed.")
            self.resources.setFixedHeight(self.resources.fontMetrics().lineSpacing() * 9)
            self.resources.itemChanged.connect(self._resources_edited)
            self._add_row(form, "Help lines", self.resources)
        self.rules = NamedListsEditor(notify, "rule", "Rule id", "Patterns, one per line",
                                      "Each line is one pattern in the rule language (see SCHEMA.md); the "
                                      "rule fires when any of them matches", "new-rule")
        rules_caption = label("Rules")
        rules_caption.setProperty("role", "heading")
        form.addRow(rules_caption)
        form.addRow(self.rules)
        body.addWidget(scroll(inner, f"{noun} details"), 1)

    @staticmethod
    def _add_row(form: QFormLayout, title: str, widget: QWidget) -> None:
        caption = label(title)
        caption.setBuddy(widget)
        form.addRow(caption, widget)

    @property
    def categories(self) -> list[CategoryDraft]:
        return self.draft.categories(self.kind)

    def current(self) -> CategoryDraft | None:
        row = self.list.currentRow()
        return self.categories[row] if 0 <= row < len(self.categories) else None

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        self._loading = True
        try:
            self.list.clear()
            for _ in self.categories:
                self.list.addItem(QListWidgetItem())
            self._relabel()
        finally:
            self._loading = False
        self.list.setCurrentRow(0 if self.categories else -1)
        self._show(self.list.currentRow())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fill_resources()  # help lines may have been added or renamed on their own page

    def _relabel(self) -> None:
        bad = {loc.item for loc in self._marks}
        required = REQUIRED[self.kind]
        for row, category in enumerate(self.categories):
            item = self.list.item(row)
            if item is None:
                continue
            text = category.name.strip() or category.id or "(new)"
            if category.id in required:
                item.setToolTip(f"{category.id} (required)")
            else:
                item.setToolTip(category.id)
            item.setText(PROBLEM_MARK + text if category.id in bad else text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{text}, has problems" if category.id in bad else text)

    def _show(self, row: int) -> None:
        category = self.categories[row] if 0 <= row < len(self.categories) else None
        required = category is not None and category.id in REQUIRED[self.kind]
        self._loading = True
        try:
            _set_text(self.id, category.id if category else "")
            _set_text(self.name, category.name if category else "")
            _set_text(self.response, category.response if category else "")
            if self.action is not None:
                self.action.setCurrentIndex(1 if category and category.action == "block" else 0)
            self.rules.set_items(category.rules if category else [])
        finally:
            self._loading = False
        self._fill_resources()
        self.id.setReadOnly(required)
        self.id.setAccessibleDescription("Required category: its id cannot change" if required
                                         else "Lowercase letters, digits and '-'; verdicts report it")
        for widget in (self.id, self.name, self.response, self.rules, self.action, self.resources):
            if widget is not None:
                widget.setEnabled(category is not None)
        self.remove_button.setEnabled(category is not None and not required)
        self._apply_marks()

    def _fill_resources(self) -> None:
        if self.resources is None:
            return
        category = self.current()
        self._loading = True
        try:
            self.resources.clear()
            if category is None:
                return
            known = {r.id: r for r in self.draft.resources}
            order = [*category.resources, *(r.id for r in self.draft.resources if r.id not in
                                            category.resources)]
            for resource_id in order:
                resource = known.get(resource_id)
                text = (f"{resource.name or resource_id} — {resource.region}" if resource
                        else f"{resource_id} (not defined under Help lines)")
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, resource_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if resource_id in category.resources
                                   else Qt.CheckState.Unchecked)
                self.resources.addItem(item)
        finally:
            self._loading = False

    def _resources_edited(self, _item: QListWidgetItem) -> None:
        category = self.current()
        if self._loading or category is None or self.resources is None:
            return
        chosen = []
        for row in range(self.resources.count()):
            item = self.resources.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                chosen.append(item.data(Qt.ItemDataRole.UserRole))
        category.resources = chosen
        self.changed()

    def _edited(self, key: str, value: str) -> None:
        category = self.current()
        if self._loading or category is None:
            return
        setattr(category, key, value)
        if key in ("id", "name"):
            self._relabel()
        self.changed()

    def rename_resource(self, old: str, new: str) -> None:
        for category in self.categories:
            category.resources = [new if ref == old else ref for ref in category.resources]

    def add(self) -> None:
        ids = {c.id for c in self.categories}
        new_id, number = f"new-{self.kind}", 2
        while new_id in ids:
            new_id, number = f"new-{self.kind}-{number}", number + 1
        category = CategoryDraft(kind=self.kind, id=new_id, name=f"New {self._noun}")
        self.categories.append(category)
        self.list.addItem(QListWidgetItem())
        self._relabel()
        self.list.setCurrentRow(len(self.categories) - 1)
        self.id.setFocus()
        self.id.selectAll()
        self.changed()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        category = self.current()
        if category is None or category.id in REQUIRED[self.kind]:
            return
        del self.categories[row]
        self._loading = True
        self.list.takeItem(row)
        self._loading = False
        self.list.setCurrentRow(min(row, len(self.categories) - 1))
        self._show(self.list.currentRow())
        self.changed()

    def mark(self, locations: list[Location]) -> None:
        super().mark(locations)
        self._relabel()
        self._apply_marks()

    def _apply_marks(self) -> None:
        category = self.current()
        mine = [loc for loc in self._marks if category is not None and loc.item == category.id]
        set_invalid(self.id, any(loc.field == "id" for loc in mine))
        set_invalid(self.name, any(loc.field == "name" for loc in mine))
        set_invalid(self.response, any(loc.field == "response" for loc in mine))
        if self.resources is not None:
            set_invalid(self.resources, any(loc.field == "resources" for loc in mine))
        rule_marks = [(loc.rule or "", "id" if loc.field == "rule-id" else "entries", loc.index)
                      for loc in mine if loc.field in ("rules", "rule-id") and loc.rule is not None]
        self.rules.set_marks(rule_marks)
        set_invalid(self.rules.list, any(loc.field == "rules" and loc.rule is None for loc in mine))

    def reveal(self, location: Location) -> None:
        row = next((i for i, c in enumerate(self.categories) if c.id == location.item), -1)
        if row < 0:
            self.add_button.setFocus() if location.item else self.list.setFocus()
            return
        self.list.setCurrentRow(row)
        field = location.field
        if field in ("rules", "rule-id"):
            if location.rule is None:
                self.rules.add_button.setFocus()
            else:
                self.rules.reveal(location.rule, "id" if field == "rule-id" else "entries", location.index)
        elif field == "resources" and self.resources is not None:
            self.resources.setFocus()
        elif field == "action" and self.action is not None:
            self.action.setFocus()
        else:
            {"id": self.id, "name": self.name}.get(field or "", self.response).setFocus()


def make_pages(notify: Notify) -> list[SectionPage]:
    """Every section of the editor, in navigation order."""
    crisis = CategoriesPage(notify, "crisis")
    help_lines = HelpLinesPage(notify, crisis.rename_resource)
    features = [FeaturesPage(notify)] if EXERCISES else []
    return [about_page(notify), AssistantPage(notify), after_crisis_page(notify), *features, help_lines,
            crisis, ScorerPage(notify), CategoriesPage(notify, "scope"), CategoriesPage(notify, "output"),
            exclusions_page(notify), word_lists_page(notify)]

