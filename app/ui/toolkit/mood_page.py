"""Mood check-in (mood 0–10, named feelings, a note) and the mood chart over days, weeks or months."""

from __future__ import annotations

from datetime import date, timedelta

from app import cbt
from app.storage import Store
from app.ui.controller import AppController
from app.ui.qt import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPainter,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QRectF,
    QSize,
    QSlider,
    QStyle,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.ui.toolkit.base import ToolkitPage
from app.ui.toolkit.chart import MoodChart
from app.ui.toolkit.layout import FlowLayout, flow_row, place_status, say
from app.ui.widgets import Slider, button, label

RANGES = {"day": ("Days", 14), "week": ("Weeks", 12 * 7), "month": ("Months", 365)}  # how far back each shows
CHIP_STYLE = """
QPushButton { border-radius: 14px; padding: 4px 12px; }
QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight); }
"""  # no bolder text when chosen: it would be wider than the room the chip was given, and be cut off


class MoodReading(QLabel):
    """The slider's value ("7 / 10"), always wide enough for "10 / 10" at the current text size."""

    WIDEST = "10 / 10"

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self.WIDEST) + margins.left() + margins.right() + 4
        return QSize(max(hint.width(), width), hint.height())

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint().expandedTo(super().sizeHint())


class SliderScale(QWidget):
    """The numbers 0–10 drawn under the slider's own tick marks (a row of labels drifts away from them)."""

    def __init__(self, slider: QSlider) -> None:
        super().__init__()
        self.slider = slider
        self.setAccessibleName("Mood scale, 0 to 10")

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("10") * 11, self.fontMetrics().height() + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height() + 4)

    def positions(self) -> list[tuple[int, float]]:
        """(value, x in this widget) for each tick, where the slider draws it."""
        slider = self.slider
        length = slider.style().pixelMetric(QStyle.PixelMetric.PM_SliderLength, None, slider)
        span = max(0, slider.width() - length)
        offset = slider.mapTo(self.window(), slider.rect().topLeft()).x() - self.mapTo(
            self.window(), self.rect().topLeft()).x()
        return [(value, offset + QStyle.sliderPositionFromValue(slider.minimum(), slider.maximum(), value, span)
                 + length / 2) for value in range(slider.minimum(), slider.maximum() + 1)]

    def number_rects(self) -> list[tuple[int, QRectF]]:
        """Where each number is drawn: centred under its tick, kept inside this widget (so "10" is whole).
        When the slider is too narrow for all eleven, every second (or fifth) one, 0 and 10 always."""
        metrics = self.fontMetrics()
        positions = self.positions()
        room = positions[1][1] - positions[0][1] if len(positions) > 1 else float(self.width())
        needed = metrics.horizontalAdvance("10") + 6
        step = next((n for n in (1, 2, 5) if room * n >= needed), 10)
        rects = []
        for value, x in positions:
            if value % step:
                continue
            width = metrics.horizontalAdvance(str(value)) + 2
            left = min(max(x - width / 2, 0.0), self.width() - width)
            rects.append((value, QRectF(left, 0, width, self.height())))
        return rects

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.palette().ColorRole.PlaceholderText))
        for value, rect in self.number_rects():
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), str(value))
        painter.end()


class MoodPage(ToolkitPage):
    title = "Mood check-in"
    exercise = "mood-check-in"

    def __init__(self, controller: AppController, content: cbt.Content) -> None:
        super().__init__(controller, content)
        guide = content.exercises[self.exercise]
        self.today = date.today  # a seam: tests may pin "today"

        mood = self.card(guide.step("mood").title, guide.step("mood").prompt)
        self.slider = Slider(Qt.Orientation.Horizontal)  # the wheel moves it only once it has the focus
        self.slider.setRange(0, 10)
        self.slider.setValue(5)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setAccessibleName("Mood, 0 very low to 10 very good")
        self.value = MoodReading()
        self.value.setProperty("role", "heading")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.scale = SliderScale(self.slider)
        scale_column = QVBoxLayout()
        scale_column.setSpacing(2)
        scale_column.addWidget(self.slider)
        scale_column.addWidget(self.scale)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addLayout(scale_column, 1)
        row.addWidget(self.value, 0, Qt.AlignmentFlag.AlignTop)
        mood.addLayout(row)
        self.slider.valueChanged.connect(self._mood_changed)
        self._mood_changed(self.slider.value())

        feelings = self.card(guide.step("emotions").title, guide.step("emotions").prompt)
        self.chip_flow = FlowLayout(spacing=6)  # wraps to the page's width at any text size
        self.chips: dict[str, QPushButton] = {}
        for name in guide.emotions:
            chip = QPushButton(name)
            chip.setCheckable(True)
            chip.setAutoDefault(False)
            chip.setStyleSheet(CHIP_STYLE)
            chip.setAccessibleName(f"Feeling: {name}")
            self.chip_flow.addWidget(chip)
            self.chips[name] = chip
        feelings.addLayout(self.chip_flow)

        note = self.card(guide.step("note").title, guide.step("note").prompt)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        note.addWidget(self.note)
        self.save_button = button("Save check-in", "Save mood check-in", kind="primary")
        self.save_button.clicked.connect(self.save)
        note.addLayout(flow_row(self.save_button))
        self.saved_slot = QVBoxLayout()  # "Check-in saved" appears here, under the button
        note.addLayout(self.saved_slot)
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
        place_status(self, self.saved_slot)

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
            say(self, "Check-in saved. Thank you for taking a moment.", self.saved_slot)
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
