"""The Toolkit window over a real encrypted store (and the real model where the chat is involved).

File choosers and modal dialogs are skipped through seams: tests call the method the chooser would call.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from app import cbt
from app.ui.qt import Qt, is_valid
from app.ui.toolkit import ToolkitDialog
from tests.ui.test_accessibility import unnamed_widgets

WAIT = 20_000


@pytest.fixture
def open_toolkit(qtbot):
    dialogs: list[ToolkitDialog] = []

    def open_for(window) -> ToolkitDialog:
        dialog = ToolkitDialog(window.controller, window)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialogs.append(dialog)
        return dialog

    yield open_for
    for dialog in dialogs:
        if is_valid(dialog) and dialog.isVisible():
            dialog.close()


def on_store(controller, fn):
    return controller.store_runner.call(lambda: fn(controller.store))


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour)).astimezone()


def test_mood_check_in_is_saved_and_drawn(qtbot, unlocked_window, open_toolkit) -> None:
    controller = unlocked_window.controller
    dialog = open_toolkit(unlocked_window)
    page = dialog.page("mood-check-in")
    assert page is not None and dialog.stack.currentWidget() is page
    assert unnamed_widgets(dialog) == []
    today = date.today()
    # two earlier check-ins on one day, one the day after (known values, known days)
    two_days_ago, yesterday = today - timedelta(days=2), today - timedelta(days=1)
    on_store(controller, lambda s: [cbt.save_mood(s, cbt.MoodCheckIn(mood=m, created_at=at(d, h)))
                                    for m, d, h in ((2, two_days_ago, 9), (6, two_days_ago, 18), (7, yesterday, 12))])

    page.slider.setValue(8)
    qtbot.mouseClick(page.chips["hopeful"], Qt.MouseButton.LeftButton)
    page.note.setPlainText("Walked to the park")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.chart.points()) == 3, timeout=WAIT)

    saved = on_store(controller, lambda s: cbt.list_moods(s, limit=1))[0]
    assert (saved.mood, saved.emotions, saved.note) == (8, ("hopeful",), "Walked to the park")
    points = page.chart.points()
    assert [(p.start, p.mean, p.count) for p in points] == [(two_days_ago, 4.0, 2), (yesterday, 7.0, 1),
                                                             (today, 8.0, 1)]
    # drawn left to right in day order, higher mood higher up, today at the right edge of the plot
    assert points[0].x < points[1].x < points[2].x
    assert points[2].y < points[1].y < points[0].y
    assert abs(points[2].x - (page.chart.width() - 16)) < 1
    image = page.chart.grab().toImage()
    accent = page.chart.palette().color(page.chart.palette().ColorRole.Highlight)
    ratio = page.chart.devicePixelRatioF()
    centre = image.pixelColor(int(points[1].x * ratio), int(points[1].y * ratio))
    assert abs(centre.red() - accent.red()) + abs(centre.green() - accent.green()) < 40
    assert "mood 7.0 of 10" in page.chart.summary() and "mood 4.0 of 10 (2 check-ins)" in page.chart.summary()
    assert page.chart_text.text() == page.chart.summary()

    # weeks: the same check-ins fall into at most two week buckets
    page.range_buttons["week"].setChecked(True)
    qtbot.waitUntil(lambda: page.chart.series is not None and page.chart.series.bucket == "week", timeout=WAIT)
    assert sum(p.count for p in page.chart.points()) == 4
    assert all(p.start.weekday() == 0 for p in page.chart.points())
