"""The thought record, one step at a time, with saved records to reopen, edit or delete.

Thinking traps are suggested (app.cbt.suggest_distortions) for the person to confirm or set aside; two steps
can ask the assistant for help through the guarded path (app.cbt.assist), streamed into the field for the
person to edit. Every save is screened for crisis signs, as the chat is.
"""

from __future__ import annotations

from app import cbt
from app.cbt.assist import ASSIST_MAX_TOKENS
from app.safety import Action
from app.storage import Store
from app.ui.controller import AppController
from app.ui.qt import (
    QButtonGroup,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QStackedWidget,
    Qt,
    QTextCursor,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.toolkit.base import ToolkitPage
from app.ui.toolkit.emotions import EmotionRows
from app.ui.toolkit.layout import flow_row, place_status, say, wrapping_list
from app.ui.widgets import button, label

TEXT_STEPS = {"situation": "situation", "automatic-thought": "automatic_thought", "evidence-for": "evidence_for",
              "evidence-against": "evidence_against", "balanced-thought": "balanced_thought"}


class ThoughtRecordPage(ToolkitPage):
    share_requested = Signal(str)  # a summary of a finished record, to say in the conversation

    title = "Thought record"
    exercise = "thought-record"

    def __init__(self, controller: AppController, content: cbt.Content) -> None:
        super().__init__(controller, content)
        self.guide = content.exercises[self.exercise]
        self.record_id: int | None = None
        self.assisting = False
        self.trap_choices: dict[str, QButtonGroup] = {}

        saved = self.card("Your thought records", "Open one to read or change it, or start a new one.")
        self.list = wrapping_list(QListWidget())
        self.list.setAccessibleName("Saved thought records")
        self.list.setMaximumHeight(150)
        self.list.itemActivated.connect(lambda item: self.open_record(item.data(Qt.ItemDataRole.UserRole)))
        saved.addWidget(self.list)
        self.new_button = button("New thought record", "Start a new thought record")
        self.open_button = button("Open", "Open the selected thought record")
        self.delete_button = button("Delete…", "Delete the selected thought record", kind="danger")
        self.new_button.clicked.connect(self.new_record)
        self.open_button.clicked.connect(self._open_selected)
        self.delete_button.clicked.connect(self._delete_selected)
        saved.addLayout(flow_row(self.new_button, self.open_button, self.delete_button))
        self.list_slot = QVBoxLayout()  # messages about the list (opened, deleted) appear under its buttons
        saved.addLayout(self.list_slot)

        editor = self.card("Step by step")
        self.progress = label("", "muted")
        editor.addWidget(self.progress)
        self.steps = QStackedWidget()
        self.fields: dict[str, QPlainTextEdit] = {}
        self.assist_buttons: dict[str, object] = {}
        self.assist_notes: dict[str, object] = {}
        for step in self.guide.steps:
            self.steps.addWidget(self._step_widget(step))
        editor.addWidget(self.steps)
        self.back_button = button("Back", "Previous step")
        self.next_button = button("Next", "Next step", kind="primary")
        self.save_button = button("Save draft", "Save this thought record as a draft")
        self.finish_button = button("Finish and save", "Finish and save this thought record", kind="primary")
        self.back_button.clicked.connect(lambda: self.go(self.steps.currentIndex() - 1))
        self.next_button.clicked.connect(lambda: self.go(self.steps.currentIndex() + 1))
        self.save_button.clicked.connect(lambda: self.save(completed=False))
        self.finish_button.clicked.connect(lambda: self.save(completed=True))
        editor.addLayout(flow_row(self.back_button, self.next_button, self.save_button, self.finish_button))
        self.saved_slot = QVBoxLayout()  # "Thought record saved." appears here, under the button pressed
        editor.addLayout(self.saved_slot)
        self.share_button = button("Share a summary in the chat", "Send a short summary of this thought record "
                                   "to Confidant, as your message")
        self.share_button.hide()  # offered once a record is finished (and showed no crisis sign)
        self.share_button.clicked.connect(self._share)
        editor.addLayout(flow_row(self.share_button))
        self._finished: cbt.ThoughtRecord | None = None
        self.finish()
        place_status(self, self.saved_slot)
        self.go(0)

    # ---- building the steps -----------------------------------------------------------------------------

    def _step_widget(self, step) -> QWidget:
        widget = QWidget()
        column = QVBoxLayout(widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label(step.title, "heading"))
        column.addWidget(label(" ".join(step.prompt.split()), "muted"))
        if step.id in TEXT_STEPS:
            field = QPlainTextEdit()
            field.setTabChangesFocus(True)
            field.setAccessibleName(step.title)
            field.setMinimumHeight(110)
            self.fields[step.id] = field
            column.addWidget(field)
            help_step = self.content.assist.get(step.id)
            if help_step is not None:
                help_button = button(help_step.label, f"{help_step.label} (asks the assistant)",
                                     "The suggestion is added to the field for you to edit or delete")
                help_button.clicked.connect(lambda _=False, s=step.id: self.ask_for_help(s))
                note = label("", "muted", selectable=True, name="Assistant note")
                note.hide()
                self.assist_buttons[step.id] = help_button
                self.assist_notes[step.id] = note
                column.addLayout(flow_row(help_button))
                column.addWidget(note)
        elif step.id == "emotions-before":
            self.before = EmotionRows("before")
            column.addWidget(self.before)
        elif step.id == "emotions-after":
            self.after = EmotionRows("now")
            column.addWidget(self.after)
        elif step.id == "thinking-traps":
            self.traps = QVBoxLayout()
            column.addLayout(self.traps)
        column.addStretch(1)
        return widget

    def go(self, index: int) -> None:
        count = self.steps.count()
        index = max(0, min(index, count - 1))
        self.steps.setCurrentIndex(index)
        step = self.guide.steps[index]
        self.progress.setText(f"Step {index + 1} of {count}")
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)
        if step.id == "thinking-traps":
            self._show_traps()
        field = self.fields.get(step.id)
        if field is not None and self.isVisible():
            field.setFocus()

    def _show_traps(self) -> None:
        """Suggest traps for the current thought; keep what the person already decided."""
        decided = self.trap_decisions()
        while self.traps.count():
            item = self.traps.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.trap_choices.clear()
        thought = self.fields["automatic-thought"].toPlainText()
        suggested = [trap for trap, _reason in cbt.suggest_distortions(thought, self.content)]
        shown = list(dict.fromkeys([*suggested, *decided[0], *decided[1]]))
        if not shown:
            self.traps.addWidget(label("No common thinking traps stand out in this thought. That's fine — the "
                                       "thinking-traps guide has them all if you want to look.", "muted"))
            return
        for trap_id in shown:
            trap = self.content.distortion(trap_id)
            if trap is None:
                continue
            row = QWidget()
            layout = QVBoxLayout(row)
            layout.setContentsMargins(0, 4, 0, 4)
            layout.addWidget(label(trap.name, "heading"))
            layout.addWidget(label(f"{trap.description} {trap.question}", "muted"))
            choice = QHBoxLayout()
            group = QButtonGroup(row)
            fits, not_fits = QRadioButton("This fits"), QRadioButton("Doesn't fit")
            fits.setAccessibleName(f"{trap.name}: this fits")
            not_fits.setAccessibleName(f"{trap.name}: doesn't fit")
            group.addButton(fits, 1)
            group.addButton(not_fits, 0)
            fits.setChecked(trap_id in decided[0])
            not_fits.setChecked(trap_id in decided[1])
            choice.addWidget(fits)
            choice.addWidget(not_fits)
            choice.addStretch(1)
            layout.addLayout(choice)
            self.trap_choices[trap_id] = group
            self.traps.addWidget(row)

    def trap_decisions(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if not self.trap_choices:
            return getattr(self, "_loaded_traps", ((), ()))
        confirmed = tuple(t for t, g in self.trap_choices.items() if g.checkedId() == 1)
        rejected = tuple(t for t, g in self.trap_choices.items() if g.checkedId() == 0)
        return confirmed, rejected

    # ---- the record -------------------------------------------------------------------------------------

    def record(self, completed: bool = False) -> cbt.ThoughtRecord:
        confirmed, rejected = self.trap_decisions()
        texts = {name: self.fields[step].toPlainText().strip() for step, name in TEXT_STEPS.items()}
        return cbt.ThoughtRecord(**texts, emotions_before=self.before.ratings(), emotions_after=self.after.ratings(),
                                 distortions_confirmed=confirmed, distortions_rejected=rejected,
                                 completed=completed, id=self.record_id)

    def load(self, record: cbt.ThoughtRecord) -> None:
        self.record_id = record.id
        for step, name in TEXT_STEPS.items():
            self.fields[step].setPlainText(getattr(record, name))
        self.before.set_ratings(record.emotions_before)
        self.after.set_ratings(record.emotions_after)
        self._loaded_traps = (record.distortions_confirmed, record.distortions_rejected)
        self.trap_choices.clear()
        for note in self.assist_notes.values():
            note.hide()
        self.go(0)

    def new_record(self) -> None:
        self.load(cbt.ThoughtRecord())
        say(self, "A new thought record. Take it one step at a time.", self.list_slot)

    def save(self, completed: bool = False) -> None:
        try:
            record = self.record(completed)
        except cbt.InvalidEntry as error:
            say(self, str(error), self.saved_slot, error=True)
            return

        def work(store: Store):
            saved = cbt.save_exercise(store, record)  # the person's words are kept whatever they say
            return saved, self.screen(store, record.texts)

        def done(result) -> None:
            saved, screening = result
            self.record_id = saved.id
            say(self, "Thought record saved." if completed else "Draft saved.", self.saved_slot)
            self._finished = saved if completed and not screening.crisis else None
            self.share_button.setVisible(self._finished is not None)
            self.show_screening(screening)
            self.refresh()

        self.on_store(work, done)

    def _share(self) -> None:
        if self._finished is not None:
            self.share_requested.emit(cbt.summarise(self._finished))
            self.share_button.hide()
            say(self, "Summary shared in your conversation.", self.saved_slot)

    def open_record(self, record_id: int) -> None:
        def done(record) -> None:
            if record is None:
                say(self, "That thought record no longer exists.", self.list_slot, error=True)
                self.refresh()
                return
            self.load(record)
            say(self, "Thought record opened.", self.list_slot)

        self.on_store(lambda store: cbt.get_exercise(store, record_id), done)

    def _selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _open_selected(self) -> None:
        if (record_id := self._selected_id()) is not None:
            self.open_record(record_id)

    def _delete_selected(self) -> None:
        from app.ui.dialogs import confirm

        record_id = self._selected_id()
        if record_id is not None and confirm(self, "Delete thought record",
                                             "Delete this thought record? This cannot be undone.", "Delete"):
            self.delete_record(record_id)

    def delete_record(self, record_id: int) -> None:
        """After the person confirmed (the seam tests call)."""
        def done(_result) -> None:
            if self.record_id == record_id:
                self.load(cbt.ThoughtRecord())
            say(self, "Thought record deleted.", self.list_slot)
            self.refresh()

        self.on_store(lambda store: cbt.delete_exercise(store, record_id), done)

    def refresh(self) -> None:
        self.on_store(lambda store: cbt.list_exercises(store, "thought-record"), self._show_list)

    def _show_list(self, records: list) -> None:
        self.list.clear()
        for record in records:
            when = record.created_at.astimezone().strftime("%d %b %Y, %H:%M") if record.created_at else ""
            first = " ".join((record.situation or record.automatic_thought or "(empty)").split())[:70]
            state = "" if record.completed else " — draft"
            item = QListWidgetItem(f"{when}{state}: {first}")
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.list.addItem(item)
        has = bool(records)
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        if has and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)

    # ---- help from the assistant ------------------------------------------------------------------------

    def ask_for_help(self, step: str) -> None:
        """Stream the assistant's suggestion for `step` into its field, on the model thread's one cancellable
        path: Stop (or locking, or closing the toolkit) ends it."""
        controller = self.controller
        guardrails = controller.guardrails
        if self.assisting or guardrails is None:
            return
        try:
            record = self.record()
        except cbt.InvalidEntry as error:
            self.status.show_message(str(error), error=True)
            return
        field, note, help_button = self.fields[step], self.assist_notes[step], self.assist_buttons[step]
        self.assisting = True
        help_button.setEnabled(False)
        note.setText("The assistant is thinking…")
        note.show()
        base = controller.sampling()  # the person's settings, capped: a suggestion is a few sentences
        sampling = base.with_overrides(max_tokens=min(base.max_tokens, ASSIST_MAX_TOKENS))
        engine, content = controller.engine, self.content
        start = len(field.toPlainText())

        def work(store: Store, emit, cancel):
            return cbt.assist(engine, guardrails, step, record, store=store, sampling=sampling, cancel=cancel,
                              on_text=emit, content=content)

        def piece(text: str) -> None:
            cursor = field.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            if len(field.toPlainText()) == start and start:
                cursor.insertText("\n")
            cursor.insertText(text)
            field.setTextCursor(cursor)

        def done(result: cbt.AssistResult) -> None:
            self.assisting = False
            help_button.setEnabled(True)
            if not result.asked_model or result.withheld:
                # the rails answered (crisis, paused, out of scope) or withheld the suggestion: their words
                # are shown as a note, never put into the person's record
                cursor = field.textCursor()
                cursor.setPosition(start)
                cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
                note.setText(result.text)
                if result.verdict is not None and result.verdict.action is Action.CRISIS:
                    self.show_crisis(result.text, result.resources)
                return
            note.setText("A suggestion from the assistant was added above. Keep, change or delete any of it.")

        def failed(message: str) -> None:  # also "Stopped.": what was already added stays, to keep or delete
            self.assisting = False
            help_button.setEnabled(True)
            note.setText(message)

        controller.stream_on_model(self, work, piece, done, failed)
