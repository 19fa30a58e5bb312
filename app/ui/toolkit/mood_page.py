"""Mood check-in (mood 0–10, named feelings, a note) and the mood chart over days, weeks or months."""

from __future__ import annotations

from datetime import date, timedelta

from app import cbt
from app.storage import Store
from app.ui.controller import AppController
from app.ui.qt import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    Qt,
)
from app.ui.settings.base import button, button_row, label
from app.ui.toolkit.base import ToolkitPage
from app.ui.toolkit.chart import MoodChart

RANGES = {"day": ("Days", 14), "week": ("Weeks", 12 * 7), "month": ("Months", 365)}  # how far back each shows
CHIP_STYLE = """
QPushButton { border-radius: 14px; padding: 4px 12px; }
QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight); font-weight: 600; }
"""
CHIPS_PER_ROW = 6


class MoodPage(ToolkitPage):
    title = "Mood check-in"
    exercise = "mood-check-in"

    def __init__(self, controller: AppController, content: cbt.Content) -> None:
        super().__init__(controller, content)
        guide = content.exercises[self.exercise]
        self.today = date.today  # a seam: tests may pin "today"

        mood = self.card(guide.step("mood").title, guide.step("mood").prompt)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 10)
        self.slider.setValue(5)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setAccessibleName("Mood, 0 very low to 10 very good")
        self.value = QLabel()
        self.value.setProperty("role", "heading")
        self.value.setMinimumWidth(60)
        row = QHBoxLayout()
        row.addWidget(self.slider, 1)
        row.addWidget(self.value)
        mood.addLayout(row)
        numbers = QHBoxLayout()
        for n in range(11):
            number = label(str(n), "muted")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            numbers.addWidget(number)
        numbers.addSpacing(66)
        mood.addLayout(numbers)
        self.slider.valueChanged.connect(self._mood_changed)
        self._mood_changed(self.slider.value())

        feelings = self.card(guide.step("emotions").title, guide.step("emotions").prompt)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.chips: dict[str, QPushButton] = {}
        for index, name in enumerate(guide.emotions):
            chip = QPushButton(name)
            chip.setCheckable(True)
            chip.setAutoDefault(False)
            chip.setStyleSheet(CHIP_STYLE)
            chip.setAccessibleName(f"Feeling: {name}")
            grid.addWidget(chip, index // CHIPS_PER_ROW, index % CHIPS_PER_ROW)
            self.chips[name] = chip
        feelings.addLayout(grid)

        note = self.card(guide.step("note").title, guide.step("note").prompt)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        note.addWidget(self.note)
        self.save_button = button("Save check-in", "Save mood check-in", kind="primary")
        self.save_button.clicked.connect(self.save)
        note.addLayout(button_row(self.save_button))
        self.remind = QCheckBox("Remind me once a day to check in")
        self.remind.setAccessibleName("Remind me once a day to check in")
        self.remind.setAccessibleDescription("At most once a day, when you unlock Confidant")
        self.remind.toggled.connect(self._set_reminder)
        note.addWidget(self.remind)

        trend = self.card("Your mood over time", "Shaded days are days you did an exercise.")
        self.range_group = QButtonGroup(self)
        choices = QHBoxLayout()
        self.range_buttons: dict[str, QRadioButton] = {}
        for bucket, (name, _days) in RANGES.items():
            radio = QRadioButton(name)
            radio.setAccessibleName(f"Show mood by {name.lower()}")
            self.range_group.addButton(radio)
            self.range_buttons[bucket] = radio
            choices.addWidget(radio)
            radio.toggled.connect(lambda on, b=bucket: on and self.load_chart(b))
        choices.addStretch(1)
        trend.addLayout(choices)
        self.chart = MoodChart()
        trend.addWidget(self.chart)
        self.chart_text = label(self.chart.summary(), "muted", selectable=True, name="Mood chart in words")
        trend.addWidget(self.chart_text)
        self.bucket = "day"
        self.range_buttons["day"].setChecked(True)
        self.finish()

    def _mood_changed(self, value: int) -> None:
        self.value.setText(f"{value} / 10")
        self.slider.setAccessibleDescription(f"Now {value} of 10")

    def chosen_emotions(self) -> tuple[str, ...]:
        return tuple(name for name, chip in self.chips.items() if chip.isChecked())

    def save(self) -> None:
        checkin = cbt.MoodCheckIn(mood=self.slider.value(), emotions=self.chosen_emotions(),
                                  note=self.note.toPlainText().strip())

        def work(store: Store):
            saved = cbt.save_mood(store, checkin)  # what the person wrote is always kept
            return saved, self.screen(store, {"note": checkin.note, **{f"emotion_{i}": e for i, e in
                                                                      enumerate(checkin.emotions)}})

        def done(result) -> None:
            _saved, screening = result
            self.note.clear()
            for chip in self.chips.values():
                chip.setChecked(False)
            self.status.show_message("Check-in saved. Thank you for taking a moment.")
            self.show_screening(screening)
            self.load_chart(self.bucket)

        self.on_store(work, done)

    def chart_range(self, bucket: str) -> tuple[date, date]:
        end = self.today()
        return end - timedelta(days=RANGES[bucket][1] - 1), end

    def load_chart(self, bucket: str) -> None:
        self.bucket = bucket
        start, end = self.chart_range(bucket)
        self.on_store(lambda store: cbt.mood_series(store, start, end, bucket), self.show_series)

    def show_series(self, series: cbt.MoodSeries) -> None:
        if series.bucket != self.bucket:
            return  # an older request answered after the person switched
        self.chart.set_series(series)
        self.chart_text.setText(self.chart.summary())
        self.chart_text.setAccessibleName(f"Mood chart in words: {self.chart.summary()}")

    def refresh(self) -> None:
        self.load_chart(self.bucket)
        self.on_store(cbt.check_in_opted_in, self._show_reminder)

    def _show_reminder(self, opted_in: bool) -> None:
        self.remind.blockSignals(True)
        self.remind.setChecked(opted_in)
        self.remind.blockSignals(False)

    def _set_reminder(self, opted_in: bool) -> None:
        self.on_store(lambda store: cbt.set_check_in_opt_in(store, opted_in), lambda _: None)
