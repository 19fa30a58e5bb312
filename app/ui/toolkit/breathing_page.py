"""Paced breathing: a circle that grows and shrinks with the breath, driven by app.cbt.phase_at, or the same
pattern as plain text (`pattern.script()`) for anyone who prefers no animation or uses a screen reader."""

from __future__ import annotations

import time

from app import cbt
from app.ui.controller import AppController
from app.ui.qt import (
    QAccessible,
    QAccessibleEvent,
    QButtonGroup,
    QCheckBox,
    QColor,
    QPainter,
    QPointF,
    QRadioButton,
    QSize,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from app.ui.toolkit.base import ToolkitPage
from app.ui.toolkit.layout import FlowLayout, flow_row, place_status, say
from app.ui.widgets import button, label

FRAME_MS = 40
RESTING = "Press Start when you're ready."


class BreathingCircle(QWidget):
    """A soft circle whose size is the breath's level (0 empty … 1 full)."""

    def __init__(self) -> None:
        super().__init__()
        self.level = 0.0
        self.setMinimumSize(220, 220)
        self.setAccessibleName("Breathing guide")

    def sizeHint(self) -> QSize:
        return QSize(260, 260)

    def set_level(self, level: float) -> None:
        self.level = level
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = self.palette().color(self.palette().ColorRole.Highlight)
        centre = QPointF(self.width() / 2, self.height() / 2)
        largest = min(self.width(), self.height()) / 2 - 6
        outline = QColor(accent)
        outline.setAlphaF(0.25)
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, largest, largest)
        fill = QColor(accent)
        fill.setAlphaF(0.35 + 0.4 * self.level)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        radius = largest * (0.3 + 0.7 * self.level)
        painter.drawEllipse(centre, radius, radius)
        painter.end()


class BreathingPage(ToolkitPage):
    title = "Paced breathing"
    exercise = "breathing"

    def __init__(self, controller: AppController, content: cbt.Content) -> None:
        super().__init__(controller, content)
        self.clock = time.monotonic  # a seam: tests move time on without waiting
        self.started: float | None = None
        self.last: cbt.PhaseAt | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.tick)

        choose = self.card("Choose a rhythm")
        self.group = QButtonGroup(self)
        self.pattern_buttons: dict[str, QRadioButton] = {}
        row = FlowLayout(spacing=16)  # the rhythms wrap under each other when the page is narrow
        for pattern in content.breathing.values():
            radio = QRadioButton(pattern.name)
            radio.setAccessibleName(f"Breathing rhythm: {pattern.name}")
            radio.setAccessibleDescription(pattern.summary)
            self.group.addButton(radio)
            self.pattern_buttons[pattern.id] = radio
            row.addWidget(radio)
            radio.toggled.connect(lambda on, p=pattern.id: on and self.choose(p))
        choose.addLayout(row)
        self.summary = label("", "muted")
        choose.addWidget(self.summary)
        self.text_mode = QCheckBox("Show steps as text (no animation)")
        self.text_mode.setAccessibleName("Show the breathing steps as text instead of an animation")
        self.text_mode.toggled.connect(self._mode_changed)
        choose.addWidget(self.text_mode)

        guide = self.card("Breathe along")
        self.circle = BreathingCircle()
        guide.addWidget(self.circle, 0, Qt.AlignmentFlag.AlignHCenter)
        self.phase_text = label(RESTING, "heading", selectable=True, name="Breathing step")
        self.phase_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        guide.addWidget(self.phase_text)
        self.script = label("", selectable=True, name="Breathing steps as text")
        self.script.hide()
        guide.addWidget(self.script)
        self.start_button = button("Start", "Start paced breathing", kind="primary")
        self.stop_button = button("Stop", "Stop paced breathing")
        self.stop_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        guide.addLayout(flow_row(self.start_button, self.stop_button))
        self.saved_slot = QVBoxLayout()  # "Breathing session saved" appears here, under the buttons
        guide.addLayout(self.saved_slot)
        self.caution = label("", "muted")
        guide.addWidget(self.caution)
        self.finish()
        place_status(self, self.saved_slot)
        next(iter(self.pattern_buttons.values())).setChecked(True)

    @property
    def pattern(self) -> cbt.BreathingPattern:
        return self.content.breathing[self.pattern_id]

    def choose(self, pattern_id: str) -> None:
        self.stop()
        self.pattern_id = pattern_id
        pattern = self.pattern
        self.summary.setText(pattern.summary)
        self.caution.setText(pattern.caution)
        lines = pattern.script()
        self.script.setText(f"One round, {pattern.cycles} rounds in all:\n" + "\n".join(
            f"{i + 1}. {line}" for i, line in enumerate(lines)))
        self.script.setAccessibleName("Breathing steps as text: " + "; ".join(lines))

    def _mode_changed(self, text: bool) -> None:
        self.circle.setVisible(not text)
        self.script.setVisible(text)

    def start(self) -> None:
        self.started = self.clock()
        self.last = None
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.tick()
        self.timer.start()

    def stop(self) -> None:
        """The person pressed Stop (or chose another rhythm): back to rest, ready to start again."""
        self._end(RESTING)

    def _end(self, text: str) -> None:
        was_running = self.started is not None
        self.timer.stop()
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        if was_running and self.last is not None and self.last.cycle >= 1:
            self._log(self.last)
        self.started = None
        self.last = None
        self.circle.set_level(0.0)
        self.phase_text.setText(text)
        self.phase_text.setAccessibleName(f"Breathing step: {text}")

    def tick(self) -> None:
        if self.started is None:
            return
        now = cbt.phase_at(self.pattern, self.clock() - self.started)
        changed = self.last is None or (now.index, now.cycle, now.count) != (self.last.index, self.last.cycle,
                                                                           self.last.count)
        self.last = now
        self.circle.set_level(now.level)
        if now.finished:
            self._end("Well done. Notice how you feel now.")
            return
        if changed:
            self.phase_text.setText(f"{now.phase.words} — {now.count}")
            self.phase_text.setAccessibleName(f"Breathing step: {now.phase.words}")
            if now.count == 1:  # announce each new phase, not every second
                QAccessible.updateAccessibility(QAccessibleEvent(self.phase_text, QAccessible.Event.NameChanged))

    def _log(self, at: cbt.PhaseAt) -> None:
        """A session of at least one round is logged, so its day shows on the mood chart."""
        cycles = at.cycle + (1 if at.finished else 0)
        session = cbt.BreathingSession(pattern_id=self.pattern_id, seconds=int(cycles * self.pattern.cycle_seconds),
                                       cycles=cycles)
        self.on_store(lambda store: cbt.save_exercise(store, session),
                      lambda _saved: say(self, "Breathing session saved.", self.saved_slot))

    def hideEvent(self, event) -> None:
        self.timer.stop()  # no animation in the background
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        """Back on this page while a session runs: carry on where the clock is (it kept counting)."""
        super().showEvent(event)
        if self.started is not None:
            self.tick()
            self.timer.start()
