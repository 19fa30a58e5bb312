"""The sections of the profile editor: each page shows part of a ProfileDraft as a form and edits it in place.

A page calls `notify()` after every change; the editor then re-validates the whole profile (debounced). Pages
also show the validator's problems on their own fields (`mark`) and can jump to one (`reveal`).

What each field is — its kind, label, limits and help — comes from the schema (app/safety/schema.py), the
same declaration the validator checks against; this module only lays the fields out. The three
list-and-detail editors (help lines, categories, and named lists: rules, exclusions, word lists) share one
base, `ListDetail`, for choosing, adding, removing, marking and revealing an item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from app.chat.style import STYLE_LABELS
from app.safety.draft import (
    CategoryDraft,
    FeaturesDraft,
    NamedListDraft,
    ProfileDraft,
    ResourceDraft,
    ScorerDraft,
)
from app.safety.locations import SECTION_TITLES, Location
from app.safety.profile import REQUIRED_CRISIS, REQUIRED_OUTPUT, ScorerSettings
from app.safety.schema import (
    AFTER_CRISIS,
    ASSISTANT,
    AUDIT,
    CATEGORY_TABLES,
    EXERCISES,
    FEATURES,
    RESOURCE,
    SCORER,
    TOP,
    Key,
)
from app.safety.tradeoff import Tradeoff
from app.ui.clinician.widgets import PROBLEM_MARK, line_edit, read_only_table, scroll, set_invalid, text_edit
from app.ui.qt import (
    QCheckBox,
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

# How many lines a text field shows before it scrolls (3 unless said here): a layout choice, not the schema's.
ROWS = {"region": 2, "description": 4, "persona": 5, "system_prompt": 6, "disclaimer": 4, "ai_disclosure_text": 2,
        "safety_plan_prompt": 2, "resume_message": 2, "notes": 2}
# The words for a choice's values, where the schema's own values are codes.
CHOICE_WORDS: dict[str, dict[str, str]] = {
    "reply_style": {str(value): words for value, words in STYLE_LABELS.items()},
    "action": {"redirect": "Redirect — say who can help instead", "block": "Block — simply off limits"},
}
EDITABLE = ("line", "prose", "flag", "choice")  # the kinds a plain form shows


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

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Fill widgets without their change signals counting as edits (nests safely)."""
        was, self._loading = self._loading, True
        try:
            yield
        finally:
            self._loading = was


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


def _text_field(key: Key, title: str, on_edit: Callable[[str], None]) -> QWidget:
    """A one-line or prose field for a schema key, reporting each edit."""
    if key.one_line:
        edit = line_edit(title, key.help)
        edit.textChanged.connect(on_edit)
        return edit
    area = text_edit(title, key.help, ROWS.get(key.name, 3))
    area.textChanged.connect(lambda: on_edit(area.toPlainText()))
    return area


def _captioned(form: QFormLayout, title: str, widget: QWidget) -> None:
    caption = label(title)
    caption.setBuddy(widget)
    form.addRow(caption, widget)


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setVerticalSpacing(10)
    return form


# ---- plain forms: about, assistant, after a crisis ----------------------------------------------------------

class FormPage(SectionPage):
    """Schema keys bound to attributes of the draft (or of one of its parts, via `target`), in groups."""

    def __init__(self, notify: Notify, section: str, intro: str, groups: list[tuple[str, tuple[Key, ...]]],
                 target: Callable[[ProfileDraft], Any] = lambda draft: draft) -> None:
        super().__init__(notify)
        self.section = section
        self._target = target
        self.fields: dict[str, QWidget] = {}
        inner = QWidget()
        layout = self.column = QVBoxLayout(inner)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(10)
        if intro:
            layout.addWidget(label(intro, "muted"))
        for group, keys in groups:
            if group:
                layout.addSpacing(6)
                layout.addWidget(heading(group))
            form = _form()
            for key in keys:
                widget = self._make(key)
                self.fields[key.name] = widget
                if key.kind == "flag":
                    form.addRow(widget)
                    if key.help:
                        form.addRow(label(key.help, "muted"))
                else:
                    _captioned(form, key.label, widget)
            layout.addLayout(form)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll(inner, f"{section} fields"))

    def _make(self, key: Key) -> QWidget:
        def edited(value: Any) -> None:
            self._edited(key.name, value)

        if key.kind == "flag":
            box = QCheckBox(key.label)
            box.setAccessibleName(key.label)
            if key.help:
                box.setAccessibleDescription(key.help)
            box.toggled.connect(edited)
            return box
        if key.kind == "choice":
            words = CHOICE_WORDS.get(key.name, {})
            choice = ChoiceBox(key.label, [(value, words.get(value, value)) for value in key.choices], key.help)
            choice.currentIndexChanged.connect(lambda _index: edited(choice.value()))
            return choice
        return _text_field(key, key.label, edited)

    def _edited(self, key: str, value: Any) -> None:
        if self._loading:
            return
        setattr(self._target(self.draft), key, value)
        self.changed()

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        owner = self._target(draft)
        with self.quiet():
            for key, widget in self.fields.items():
                value = getattr(owner, key)
                if isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif isinstance(widget, ChoiceBox):
                    widget.set_value(value)
                else:
                    _set_text(widget, value)

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
        [("", TOP.of_kind(*EDITABLE)), (AUDIT.title, AUDIT.of_kind(*EDITABLE))],
    )


class AssistantPage(FormPage):
    """[assistant]: the model's instructions, the disclaimer and the reply style. The example exchanges
    ([[assistant.examples]]) have no form yet: the page says how many there are, and saving keeps them."""

    def __init__(self, notify: Notify) -> None:
        super().__init__(
            notify, "assistant",
            "What the model is told before every conversation, and what the person sees first. The assistant "
            "always says it is an AI: no profile can switch that off.",
            [("", ASSISTANT.of_kind("line", "prose")), ("How replies are written", ASSISTANT.of_kind("choice"))],
        )
        self.examples_note = label("", "muted")
        self.examples_note.setAccessibleName(ASSISTANT["examples"].label)
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
        [("", AFTER_CRISIS.of_kind(*EDITABLE))],
        target=lambda draft: draft.after_crisis,
    )


# ---- exercises and memory ([features]) ----------------------------------------------------------------------

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
        memory = FEATURES["memory"]
        layout.addWidget(heading(memory.label))
        self.memory = QCheckBox("Give the AI what the person asked Confidant to remember")
        self.memory.setAccessibleName(memory.label)
        self.memory.setAccessibleDescription(memory.help)
        self.memory.toggled.connect(self._edited)
        layout.addWidget(self.memory)
        layout.addWidget(label(f"{memory.help}. Consider turning it off for young people.", "muted"))
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
        outer.addWidget(scroll(inner, FEATURES.title))

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        features = draft.features or FeaturesDraft()
        with self.quiet():
            self.memory.setChecked(features.memory)
            for exercise_id, box in self.exercises.items():
                box.setChecked(features.exercises is None or exercise_id in features.exercises)

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
        target = self.memory if location.field == "memory" else next(iter(self.exercises.values()))
        target.setFocus()


# ---- risk scoring ([scorer]) ---------------------------------------------------------------------------------

# The [scorer] numbers in groups on the page: (heading, note, keys). Ranges and words are the schema's.
SCORER_GROUPS = (
    ("Crisis and check-in", "", ("crisis_threshold", "check_in_threshold")),
    ("Risk that builds up", "Several worrying messages in a row can ask the check-in question even when none of "
     "them would alone.", ("build_up_messages", "build_up_threshold")),
    ("Replies from the model", "", ("output_threshold",)),
)


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
        for index, (title, note, keys) in enumerate(SCORER_GROUPS):
            form.add_row(_spaced(heading(title)))
            if note:
                form.add_row(label(note, "muted"))
            for name in keys:
                form.add_row(*self._number(SCORER[name]))
            if index == 0:
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
        form.add_row(_spaced(heading("The check-in")))
        for key in SCORER.of_kind("prose"):
            area = _text_field(key, key.label, lambda value, name=key.name: self._edited(name, value))
            self.fields[key.name] = area
            caption = label(key.label)
            caption.setBuddy(area)
            form.add_row(caption, area)
        layout.addLayout(form.grid)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll(inner, SCORER.title))
        self.crisis_threshold = self.fields["crisis_threshold"]
        self.check_in_threshold = self.fields["check_in_threshold"]

    def _number(self, key: Key) -> tuple[QWidget, QWidget]:
        """A caption, and the number box with what it does beside it in plain words."""
        if key.kind == "whole":
            box = WholeNumberBox(key.label, int(key.low), int(key.high), key.help)
        else:
            step = 0.1 if key.high > 1 else 0.01
            box = NumberBox(key.label, key.low, key.high, step, 2 if step < 0.1 else 1, key.help)
        box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        box.valueChanged.connect(lambda value, name=key.name: self._edited(name, value))
        self.fields[key.name] = box
        caption = label(key.label)
        caption.setBuddy(box)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.setSpacing(12)
        row_layout.addWidget(box)
        row_layout.addWidget(label(key.help, "muted"), 1)
        return caption, row

    def value(self, key: str) -> Any:
        """What the profile says for `key` ([scorer] as written, else the default)."""
        values = self.draft.scorer.values if self.draft.scorer is not None else {}
        return values.get(key, getattr(self.defaults, key))

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        with self.quiet():
            for key, widget in self.fields.items():
                value = self.value(key)
                if isinstance(widget, QPlainTextEdit):
                    _set_text(widget, value if isinstance(value, str) else "")
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    widget.setValue(value)
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


# ---- one base for the list-and-detail editors ------------------------------------------------------------------

class ListDetail(SectionPage):
    """Items in a list beside the chosen one's fields. Choosing, adding (with a fresh id), removing, marking
    the rows and fields the validator names, and revealing an item are written here once; a subclass says
    what its items are and how one is shown:

    - `item_id(item)`, `new_item(item_id)`, `row_text(item)`, `removable(item)`;
    - `show_item(item or None)` fills the detail fields (change signals are quiet meanwhile);
    - `detail_widgets()` (enabled only while an item is chosen), `first_field()` (focused after Add);
    - `apply_marks()` flags the chosen item's fields.

    The rows live in `self.list`, a QListWidget; a page that shows a table overrides the `_rows_*` methods.
    """

    def __init__(self, notify: Notify, noun: str, default_id: str, add_text: str) -> None:
        super().__init__(notify)
        self._noun = noun
        self._default_id = default_id
        self.items: list[Any] = []
        self.add_button = button(add_text, f"Add {_article(noun)} {noun}", f"Adds a new {noun} and selects it")
        self.remove_button = button("Remove", f"Remove the selected {noun}")
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_current)

    def _make_list(self, name: str) -> QListWidget:
        self.list = QListWidget()
        self.list.setAccessibleName(name)
        self.list.setAccessibleDescription(f"Choose {_article(self._noun)} {self._noun} to edit it")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show_row)
        return self.list

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        return row

    # ---- what a subclass says ------------------------------------------------------------------------------

    def item_id(self, item: Any) -> str:
        raise NotImplementedError

    def new_item(self, item_id: str) -> Any:
        raise NotImplementedError

    def row_text(self, item: Any) -> str:
        return self.item_id(item) or "(no id)"

    def removable(self, item: Any) -> bool:
        return True

    def show_item(self, item: Any | None) -> None:
        raise NotImplementedError

    def detail_widgets(self) -> list[QWidget]:
        raise NotImplementedError

    def first_field(self) -> QWidget:
        raise NotImplementedError

    def apply_marks(self) -> None:
        """Flag the chosen item's fields that the latest problems name."""

    # ---- the rows (a QListWidget) --------------------------------------------------------------------------

    def current_row(self) -> int:
        return self.list.currentRow()

    def select_row(self, row: int) -> None:
        self.list.setCurrentRow(row)

    def _rows_clear(self) -> None:
        self.list.clear()

    def _rows_append(self) -> None:
        self.list.addItem(QListWidgetItem())

    def _rows_remove(self, row: int) -> None:
        self.list.takeItem(row)

    def _rows_label(self, row: int, item: Any, marked: bool) -> None:
        widget_item = self.list.item(row)
        if widget_item is None:
            return
        text = self.row_text(item)
        widget_item.setText(PROBLEM_MARK + text if marked else text)
        widget_item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{text}, has problems" if marked else text)

    def _rows_focus(self) -> None:
        self.list.setFocus()

    # ---- shared behaviour ----------------------------------------------------------------------------------

    def set_items(self, items: list[Any]) -> None:
        """Edit `items` (a list in the draft, changed in place) and choose the first."""
        self.items = items
        with self.quiet():
            self._rows_clear()
            for _ in items:
                self._rows_append()
            self.relabel()
        self.select_row(0 if items else -1)
        self._show_row(self.current_row())

    def current(self) -> Any | None:
        row = self.current_row()
        return self.items[row] if 0 <= row < len(self.items) else None

    def marked_ids(self) -> set[str | None]:
        return {loc.item for loc in self._marks}

    def relabel(self) -> None:
        marked = self.marked_ids()
        for row, item in enumerate(self.items):
            self._rows_label(row, item, self.item_id(item) in marked)

    def _show_row(self, row: int) -> None:
        item = self.items[row] if 0 <= row < len(self.items) else None
        with self.quiet():
            self.show_item(item)
        for widget in self.detail_widgets():
            widget.setEnabled(item is not None)
        self.remove_button.setEnabled(item is not None and self.removable(item))
        self.apply_marks()

    def edit(self, key: str, value: Any) -> None:
        """A detail field changed: store it on the chosen item and relabel its row."""
        item = self.current()
        if self._loading or item is None:
            return
        setattr(item, key, value)
        self._rows_label(self.current_row(), item, self.item_id(item) in self.marked_ids())
        self.changed()

    def add(self) -> None:
        """A new item with an id not yet used ("new-rule", "new-rule-2"...), chosen, its first field focused."""
        ids = {self.item_id(item) for item in self.items}
        new_id, number = self._default_id, 2
        while new_id in ids:
            new_id, number = f"{self._default_id}-{number}", number + 1
        item = self.new_item(new_id)
        self.items.append(item)
        with self.quiet():
            self._rows_append()
        self.relabel()
        self.select_row(len(self.items) - 1)
        field = self.first_field()
        field.setFocus()
        if isinstance(field, QLineEdit):
            field.selectAll()
        self.changed()

    def remove_current(self) -> None:
        row = self.current_row()
        item = self.current()
        if item is None or not self.removable(item):
            return
        del self.items[row]
        with self.quiet():
            self._rows_remove(row)
        self.select_row(min(row, len(self.items) - 1))
        self._show_row(self.current_row())
        self.changed()

    def mark(self, locations: list[Location]) -> None:
        super().mark(locations)
        self.relabel()
        self.apply_marks()

    def reveal_item(self, item_id: str | None) -> bool:
        """Choose the item with this id; if there is none, put the focus where one could be added."""
        row = next((i for i, item in enumerate(self.items) if self.item_id(item) == item_id), -1)
        if row >= 0:
            self.select_row(row)
            return True
        if self.items:
            self._rows_focus()
        else:
            self.add_button.setFocus()
        return False

    def mine(self) -> list[Location]:
        """The latest problems that name the chosen item."""
        item = self.current()
        return [] if item is None else [loc for loc in self._marks if loc.item == self.item_id(item)]


# ---- named lists of patterns or words ------------------------------------------------------------------------

class NamedListsEditor(ListDetail):
    """Named lists of entries (rules, idiom exclusions, word lists) beside the chosen one's editor. As a page
    of its own (`intro` given) it edits the draft's [exclusions] or [lists]; inside a category it edits that
    category's rules, and the category page passes on the problems that name them."""

    def __init__(self, notify: Notify, section: str, noun: str, name_label: str, entries_label: str,
                 entries_description: str, default_name: str, intro: str | None = None) -> None:
        super().__init__(notify, noun, default_name, f"Add {_article(noun)} {noun}")
        self.section = section
        fill = intro is not None  # a page of its own: the entries take all the height there is
        self._make_list(f"{noun.capitalize()}s").setFixedWidth(210)
        self.name = line_edit(name_label, "Lowercase letters, digits and '-'" + (" or '_'" if noun == "word list"
                                                                                else ""))
        self.name.textChanged.connect(lambda value: self.edit("name", value.strip()))
        self.entries = text_edit(entries_label, entries_description, 14)
        self.entries.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # one line is one entry, visibly
        if fill:
            self.entries.setMinimumHeight(self.entries.fontMetrics().lineSpacing() * 6)
            self.entries.setMaximumHeight(16_777_215)
        self.entries.textChanged.connect(lambda: self.edit("entries", [
            line.strip() for line in self.entries.toPlainText().splitlines() if line.strip()]))

        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(self._buttons())
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
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(left)
        body.addLayout(right, 1)
        if intro is None:
            self.setLayout(body)
        else:
            layout = QVBoxLayout(self)
            layout.setContentsMargins(20, 16, 20, 20)
            layout.setSpacing(10)
            layout.addWidget(label(intro, "muted"))
            layout.addLayout(body, 1)

    def item_id(self, item: NamedListDraft) -> str:
        return item.name

    def new_item(self, item_id: str) -> NamedListDraft:
        return NamedListDraft(item_id, [])

    def show_item(self, item: NamedListDraft | None) -> None:
        _set_text(self.name, item.name if item else "")
        _set_text(self.entries, "\n".join(item.entries) if item else "")

    def detail_widgets(self) -> list[QWidget]:
        return [self.name, self.entries]

    def first_field(self) -> QWidget:
        return self.name

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        self.set_items(draft.exclusions if self.section == "exclusions" else draft.lists)

    def apply_marks(self) -> None:
        mine = self.mine()
        set_invalid(self.name, any(loc.field == "id" for loc in mine))
        set_invalid(self.entries, any(loc.field != "id" for loc in mine))
        set_invalid(self.list, bool(self._marks) and not self.items)

    def reveal(self, location: Location) -> None:
        if not self.reveal_item(location.item):
            return
        if location.field == "id":
            self.name.setFocus()
        else:
            _focus_line(self.entries, location.index)


def exclusions_page(notify: Notify) -> NamedListsEditor:
    return NamedListsEditor(
        notify, "exclusions", "exclusion", "Exclusion id", "Patterns, one per line",
        "Each line is one pattern in the rule language (see SCHEMA.md)", "new-exclusion",
        intro="Idioms hidden from every rule before the rules look (messages only, not replies), so \"this "
        "homework is killing me\" is not read as a crisis. The rest of the message is still checked. Be "
        "narrow: list the idiom (\"dying to see|try|know\"), never words that can also mean a crisis.")


def word_lists_page(notify: Notify) -> NamedListsEditor:
    return NamedListsEditor(
        notify, "lists", "word list", "List name", "Entries, one per line", "Each line is one word or phrase",
        "new-list",
        intro="Reusable word lists. Use one in a pattern as <name>, e.g. \"<intent> ... hurt <self>\". Entries "
        "are words or phrases of up to 6 words, written in normalised form (lowercase, \"do not\", \"i am\"); "
        "a word may end in * to match any ending.")


# ---- help lines ----------------------------------------------------------------------------------------------

RESOURCE_ID_HELP = "Used by crisis categories to choose this line: lowercase letters, digits and '-'"
TABLE_COLUMNS = ("name", "region", "phone", "text", "hours")


class HelpLinesPage(ListDetail):
    """[resources]: a table of help lines above the chosen line's fields."""

    section = "resources"

    def __init__(self, notify: Notify, on_renamed: Callable[[str, str], None]) -> None:
        super().__init__(notify, "help line", "new-help-line", "Add a help line")
        self._on_renamed = on_renamed
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(10)
        layout.addWidget(label("The help lines this profile can show. Crisis categories choose which of them "
                               "appear with their response. Please check every number for your region.",
                               "muted"))
        headers = [RESOURCE[key].label for key in TABLE_COLUMNS]
        self.table = read_only_table(RESOURCE.title, headers, "Choose a help line to edit it below")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((0, 130, 130, 170, 150)):
            if width:
                self.table.setColumnWidth(column, width)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setMinimumHeight(150)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_row(row))
        layout.addWidget(self.table, 2)
        buttons = self._buttons()
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.fields: dict[str, QWidget] = {}
        columns = (_form(), _form())
        self.fields["id"] = line_edit("Help line ID", RESOURCE_ID_HELP)
        self.fields["id"].textChanged.connect(lambda value: self.edit("id", value.strip()))
        _captioned(columns[0], "ID", self.fields["id"])
        for index, key in enumerate(RESOURCE.keys, start=1):
            widget = _text_field(key, f"Help line {key.label.lower()}", lambda value, k=key.name: self.edit(k, value))
            _captioned(columns[index >= 4], key.label, widget)
            self.fields[key.name] = widget
        grid = QHBoxLayout()
        grid.addLayout(columns[0], 1)
        grid.addSpacing(16)
        grid.addLayout(columns[1], 1)
        layout.addLayout(grid)

    def item_id(self, item: ResourceDraft) -> str:
        return item.id

    def new_item(self, item_id: str) -> ResourceDraft:
        return ResourceDraft(id=item_id, hours="24/7")

    def show_item(self, item: ResourceDraft | None) -> None:
        for key, widget in self.fields.items():
            _set_text(widget, getattr(item, key) if item else "")

    def detail_widgets(self) -> list[QWidget]:
        return list(self.fields.values())

    def first_field(self) -> QWidget:
        return self.fields["name"]

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        self.set_items(draft.resources)

    def edit(self, key: str, value: Any) -> None:
        """As any edit; a changed id also follows into the crisis categories that show the line."""
        resource = self.current()
        old = resource.id if resource is not None else ""
        super().edit(key, value)
        if key == "id" and resource is not None and not self._loading and old and old != resource.id:
            self._on_renamed(old, resource.id)

    def apply_marks(self) -> None:
        mine = self.mine()
        whole_line = any(loc.field is None for loc in mine)  # "needs a phone or a text number" names the line
        for key, widget in self.fields.items():
            set_invalid(widget, any(loc.field == key for loc in mine) or (whole_line and key in ("phone", "text")))

    def reveal(self, location: Location) -> None:
        if self.reveal_item(location.item):
            self.fields.get(location.field or "phone", self.fields["name"]).setFocus()

    # ---- the rows are a table ------------------------------------------------------------------------------

    def current_row(self) -> int:
        return self.table.currentRow()

    def select_row(self, row: int) -> None:
        self.table.setCurrentCell(row, 0)

    def _rows_clear(self) -> None:
        self.table.setRowCount(0)

    def _rows_append(self) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(len(TABLE_COLUMNS)):
            self.table.setItem(row, column, QTableWidgetItem())

    def _rows_remove(self, row: int) -> None:
        self.table.removeRow(row)

    def _rows_label(self, row: int, item: ResourceDraft, marked: bool) -> None:
        for column, key in enumerate(TABLE_COLUMNS):
            cell = self.table.item(row, column)
            if cell is None:
                continue
            value = " ".join(getattr(item, key).split())
            if column == 0:
                value = (PROBLEM_MARK if marked else "") + (value or item.id or "(new help line)")
            cell.setText(value)

    def _rows_focus(self) -> None:
        self.table.setFocus()


# ---- crisis, scope and output categories ----------------------------------------------------------------------

_NOUNS = {"crisis": "crisis category", "scope": "topic", "output": "reply rule"}
_INTROS = {
    "crisis": "Every message is checked for these first, in this order; the first rule that matches decides. "
              "The seven required categories cannot be removed.",
    "scope": "Topics the assistant does not handle. Checked after the crisis categories: \"block\" topics "
             "first, then \"redirect\" topics.",
    "output": "What a reply must never contain. Replies are checked a sentence at a time as they stream; a "
              "sentence that matches is never shown and the replacement text is shown instead.",
}
REQUIRED = {"crisis": REQUIRED_CRISIS, "scope": (), "output": REQUIRED_OUTPUT}
CATEGORY_ID_HELP = "Lowercase letters, digits and '-'; verdicts report it"


class CategoriesPage(ListDetail):
    """[crisis], [scope] or [output]: the categories beside the chosen one's words, help lines and rules."""

    def __init__(self, notify: Notify, kind: str) -> None:
        noun = _NOUNS[kind]
        super().__init__(notify, noun, f"new-{kind}", "Add")
        self.section = self.kind = kind
        schema = CATEGORY_TABLES[kind]
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 20)
        outer.setSpacing(10)
        outer.addWidget(label(_INTROS[kind], "muted"))
        body = QHBoxLayout()
        outer.addLayout(body, 1)

        left = QVBoxLayout()
        self._make_list(SECTION_TITLES[kind])
        self.list.setFixedWidth(max(250, self.list.fontMetrics().averageCharWidth() * 30))
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        left.addWidget(self.list, 1)
        left.addLayout(self._buttons())
        body.addLayout(left)

        inner = QWidget()
        form = _form()
        inner.setLayout(form)
        form.setContentsMargins(8, 0, 4, 0)
        self.id = line_edit(f"{noun.capitalize()} ID", CATEGORY_ID_HELP)
        self.id.textChanged.connect(lambda value: self.edit("id", value.strip()))
        _captioned(form, "ID", self.id)
        name = schema["name"]
        self.name = line_edit(f"{noun.capitalize()} {name.label.lower()}", name.help)
        self.name.textChanged.connect(lambda value: self.edit("name", value))
        _captioned(form, name.label, self.name)
        self.action: ChoiceBox | None = None
        if "action" in schema:
            key = schema["action"]
            words = CHOICE_WORDS[key.name]
            self.action = ChoiceBox(key.label, [(value, words[value]) for value in key.choices], key.help)
            self.action.currentIndexChanged.connect(
                lambda _: self.edit("action", self.action.value() if self.action else key.default))
            _captioned(form, key.label, self.action)
        response = schema.of_kind("prose")[0]
        self.response = text_edit(response.label, response.help, 4)
        self.response.textChanged.connect(lambda: self.edit("response", self.response.toPlainText()))
        _captioned(form, response.label, self.response)
        self.resources: QListWidget | None = None
        if "resources" in schema:
            self.resources = QListWidget()
            self.resources.setAccessibleName("Help lines shown with this response")
            self.resources.setAccessibleDescription("Tick the help lines to show; Space ticks or unticks. "
                                                    "They appear in the order listed.")
            self.resources.setFixedHeight(self.resources.fontMetrics().lineSpacing() * 9)
            self.resources.itemChanged.connect(self._resources_edited)
            _captioned(form, schema["resources"].label, self.resources)
        self.rules = NamedListsEditor(notify, kind, "rule", "Rule id", "Patterns, one per line",
                                      "Each line is one pattern in the rule language (see SCHEMA.md); the "
                                      "rule fires when any of them matches", "new-rule")
        rules_caption = label(schema["rules"].label)
        rules_caption.setProperty("role", "heading")
        form.addRow(rules_caption)
        form.addRow(self.rules)
        body.addWidget(scroll(inner, f"{noun} details"), 1)

    @property
    def categories(self) -> list[CategoryDraft]:
        return self.items

    def item_id(self, item: CategoryDraft) -> str:
        return item.id

    def new_item(self, item_id: str) -> CategoryDraft:
        return CategoryDraft(kind=self.kind, id=item_id, name=f"New {self._noun}")

    def row_text(self, item: CategoryDraft) -> str:
        return item.name.strip() or item.id or "(new)"

    def removable(self, item: CategoryDraft) -> bool:
        return item.id not in REQUIRED[self.kind]

    def _rows_label(self, row: int, item: CategoryDraft, marked: bool) -> None:
        super()._rows_label(row, item, marked)
        widget_item = self.list.item(row)
        if widget_item is not None:
            widget_item.setToolTip(f"{item.id} (required)" if not self.removable(item) else item.id)

    def show_item(self, item: CategoryDraft | None) -> None:
        _set_text(self.id, item.id if item else "")
        _set_text(self.name, item.name if item else "")
        _set_text(self.response, item.response if item else "")
        if self.action is not None:
            self.action.set_value(item.action if item else "redirect")
        self.rules.set_items(item.rules if item else [])
        self._fill_resources(item)
        required = item is not None and not self.removable(item)
        self.id.setReadOnly(required)
        self.id.setAccessibleDescription("Required category: its id cannot change" if required
                                         else CATEGORY_ID_HELP)

    def detail_widgets(self) -> list[QWidget]:
        return [w for w in (self.id, self.name, self.response, self.rules, self.action, self.resources)
                if w is not None]

    def first_field(self) -> QWidget:
        return self.id

    def load(self, draft: ProfileDraft) -> None:
        super().load(draft)
        self.set_items(draft.categories(self.kind))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fill_resources(self.current())  # help lines may have been added or renamed on their own page

    def _fill_resources(self, category: CategoryDraft | None) -> None:
        if self.resources is None:
            return
        with self.quiet():
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

    def _resources_edited(self, _item: QListWidgetItem) -> None:
        if self.resources is None:
            return
        rows = (self.resources.item(row) for row in range(self.resources.count()))
        self.edit("resources", [item.data(Qt.ItemDataRole.UserRole) for item in rows
                                if item.checkState() == Qt.CheckState.Checked])

    def rename_resource(self, old: str, new: str) -> None:
        for category in self.categories:
            category.resources = [new if ref == old else ref for ref in category.resources]

    def apply_marks(self) -> None:
        mine = self.mine()
        set_invalid(self.id, any(loc.field == "id" for loc in mine))
        set_invalid(self.name, any(loc.field == "name" for loc in mine))
        set_invalid(self.response, any(loc.field == "response" for loc in mine))
        if self.resources is not None:
            set_invalid(self.resources, any(loc.field == "resources" for loc in mine))
        self.rules.mark([Location(self.kind, "id" if loc.field == "rule-id" else "entries", loc.rule, index=loc.index)
                         for loc in mine if loc.field in ("rules", "rule-id") and loc.rule is not None])
        set_invalid(self.rules.list, any(loc.field == "rules" and loc.rule is None for loc in mine))

    def reveal(self, location: Location) -> None:
        if not self.reveal_item(location.item):
            return
        field = location.field
        if field in ("rules", "rule-id"):
            if location.rule is None:
                self.rules.add_button.setFocus()
            else:
                self.rules.reveal(Location(self.kind, "id" if field == "rule-id" else "entries", location.rule,
                                           index=location.index))
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
    return [about_page(notify), AssistantPage(notify), after_crisis_page(notify), FeaturesPage(notify), help_lines,
            crisis, ScorerPage(notify), CategoriesPage(notify, "scope"), CategoriesPage(notify, "output"),
            exclusions_page(notify), word_lists_page(notify)]
