"""Behavioural activation: plan a small activity for a day, then, once done, rate achievement and enjoyment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from app import cbt
from app.storage import Store
from app.ui.controller import AppController
from app.ui.qt import QLineEdit, QListWidget, QListWidgetItem, Qt, QVBoxLayout
from app.ui.toolkit.base import ToolkitPage
from app.ui.toolkit.layout import flow_row, place_status, say, wrapping_list
from app.ui.widgets import ComboBox, SpinBox, button, label

DAYS_AHEAD = 14


class ActivitiesPage(ToolkitPage):
    title = "Small activities"
    exercise = "behavioural-activation"

    def __init__(self, controller: AppController, content: cbt.Content) -> None:
        super().__init__(controller, content)
        guide = content.exercises[self.exercise]
        self.activities: dict[int, cbt.Activity] = {}
        plan = self.card(guide.step("plan").title, " ".join(guide.step("plan").prompt.split()))
        self.text = QLineEdit()
        self.text.setPlaceholderText("For example: a ten-minute walk after lunch")
        self.text.setAccessibleName("Activity to plan")
        plan.addWidget(self.text)
        plan.addWidget(label(guide.step("when").prompt, "muted"))
        self.day = ComboBox()
        self.day.setAccessibleName("Day to do it")
        today = date.today()
        for offset in range(DAYS_AHEAD):
            day = today + timedelta(days=offset)
            name = "Today" if offset == 0 else "Tomorrow" if offset == 1 else day.strftime("%A %d %B")
            self.day.addItem(name, day)
        self.plan_button = button("Plan it", "Plan this activity", kind="primary")
        self.plan_button.clicked.connect(self.plan)
        self.text.returnPressed.connect(self.plan)
        plan.addLayout(flow_row(self.day, self.plan_button))
        self.plan_slot = QVBoxLayout()  # "Planned." appears here, under the button
        plan.addLayout(self.plan_slot)

        rate = self.card("Your activities", "Choose one you've done, then rate it.")
        self.list = wrapping_list(QListWidget())
        self.list.setAccessibleName("Planned and done activities")
        self.list.setMinimumHeight(140)
        self.list.currentItemChanged.connect(lambda *_: self._selected())
        rate.addWidget(self.list)
        rate.addWidget(label(guide.step("mastery").prompt, "muted"))
        self.mastery = SpinBox()
        self.mastery.setRange(0, 10)
        self.mastery.setAccessibleName("Sense of achievement, 0 to 10")
        rate.addWidget(self.mastery)
        rate.addWidget(label(guide.step("pleasure").prompt, "muted"))
        self.pleasure = SpinBox()
        self.pleasure.setRange(0, 10)
        self.pleasure.setAccessibleName("Enjoyment, 0 to 10")
        rate.addWidget(self.pleasure)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Optional note")
        self.note.setAccessibleName("Note about the activity")
        rate.addWidget(self.note)
        self.done_button = button("Done — save ratings", "Mark the selected activity as done and save the ratings",
                                  kind="primary")
        self.delete_button = button("Delete", "Delete the selected activity", kind="danger")
        self.done_button.clicked.connect(self._rate_selected)
        self.delete_button.clicked.connect(self._delete_selected)
        rate.addLayout(flow_row(self.done_button, self.delete_button))
        self.rate_slot = QVBoxLayout()
        rate.addLayout(self.rate_slot)
        self.finish()
        place_status(self, self.plan_slot)
        self._selected()

    def plan(self) -> None:
        text = self.text.text()
        try:
            activity = cbt.Activity(text=text, planned_for=self.day.currentData())
        except cbt.InvalidEntry as error:
            say(self, str(error), self.plan_slot, error=True)
            return

        def work(store: Store):
            return cbt.save_exercise(store, activity), self.screen(store, activity.texts)

        def done(result) -> None:
            self.text.clear()
            say(self, "Planned. Come back and rate it once you've done it.", self.plan_slot)
            self.show_screening(result[1])
            self.refresh()

        self.on_store(work, done)

    def _selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _selected(self) -> None:
        activity = self.activities.get(self._selected_id() or -1)
        self.done_button.setEnabled(activity is not None)
        self.delete_button.setEnabled(activity is not None)
        if activity is not None:
            self.mastery.setValue(activity.mastery or 0)
            self.pleasure.setValue(activity.pleasure or 0)
            self.note.setText(activity.note)

    def _rate_selected(self) -> None:
        if (activity_id := self._selected_id()) is not None:
            self.rate(activity_id, self.mastery.value(), self.pleasure.value(), self.note.text())

    def rate(self, activity_id: int, mastery: int, pleasure: int, note: str = "") -> None:
        activity = self.activities.get(activity_id)
        if activity is None:
            return
        rated = replace(activity, done=True, mastery=mastery, pleasure=pleasure, note=note.strip())

        def work(store: Store):
            return cbt.save_exercise(store, rated), self.screen(store, rated.texts)

        def done(result) -> None:
            say(self, "Saved. Well done for doing it.", self.rate_slot)
            self.show_screening(result[1])
            self.refresh()

        self.on_store(work, done)

    def _delete_selected(self) -> None:
        if (activity_id := self._selected_id()) is not None:
            self.delete(activity_id)

    def delete(self, activity_id: int) -> None:
        def done(_result) -> None:
            say(self, "Activity deleted.", self.rate_slot)
            self.refresh()

        self.on_store(lambda store: cbt.delete_exercise(store, activity_id), done)

    def refresh(self) -> None:
        self.on_store(lambda store: cbt.list_exercises(store, "behavioural-activation"), self._show)

    def _show(self, activities: list) -> None:
        current = self._selected_id()
        self.activities = {a.id: a for a in activities}
        self.list.clear()
        for activity in activities:
            day = activity.planned_for.strftime("%a %d %b") if activity.planned_for else "no day"
            state = (f"done — achievement {activity.mastery}/10, enjoyment {activity.pleasure}/10"
                     if activity.done else "planned")
            item = QListWidgetItem(f"{day}: {activity.text} ({state})")
            item.setData(Qt.ItemDataRole.UserRole, activity.id)
            self.list.addItem(item)
            if activity.id == current:
                self.list.setCurrentItem(item)
        self._selected()
