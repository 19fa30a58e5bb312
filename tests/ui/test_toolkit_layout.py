"""The Toolkit window as people see it: every page fits its dialog at Normal and Larger text, messages appear
where the person is looking, and the breathing guide comes back to rest after Stop.

Real widgets offscreen over a real encrypted store. The model is not needed here, so the controller is
pointed at a model file that does not exist (its load fails quietly on the model thread, as it would for a
person without a model; nothing on these pages waits for it).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pytest

from app import cbt
from app.ui.qt import QAbstractButton, QApplication, QLabel, QPoint, QRect, Qt, QWidget
from app.ui.theme import apply_theme
from app.ui.toolkit import ToolkitDialog
from app.ui.toolkit.breathing_page import RESTING
from app.ui.toolkit.chart import MoodChart
from app.ui.toolkit.dialog import DEFAULT_SIZE

WAIT = 20_000
SIZES = {"default": DEFAULT_SIZE, "1024x768": (1024, 768)}


@pytest.fixture
def open_toolkit(qtbot, controller):
    """Open the toolkit at a text size and a dialog size; the theme goes back to Normal afterwards."""
    dialogs: list[ToolkitDialog] = []

    def open_at(text_size: str = "normal", size: tuple[int, int] = DEFAULT_SIZE) -> ToolkitDialog:
        apply_theme(QApplication.instance(), "light", text_size)
        dialog = ToolkitDialog(controller)
        qtbot.addWidget(dialog)
        dialog.resize(*size)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialogs.append(dialog)
        return dialog

    yield open_at
    for dialog in dialogs:
        dialog.close()
    apply_theme(QApplication.instance(), "light", "normal")


def show(qtbot, dialog: ToolkitDialog, page) -> None:
    dialog.nav.setCurrentRow(dialog.pages.index(page))
    qtbot.waitUntil(page.isVisible, timeout=WAIT)
    page.widget().layout().activate()
    QApplication.processEvents()


def inside(outer: QRect, inner: QRect) -> bool:
    return outer.left() <= inner.left() and inner.right() <= outer.right()


def clipped(page) -> list[str]:
    """What on the page is cut off sideways: wider than the page's visible width, or a label or button
    narrower than its own text."""
    inner, viewport = page.widget(), page.viewport()
    problems = []
    if inner.width() > viewport.width() or page.horizontalScrollBar().isVisible():
        problems.append(f"page is {inner.width()} px wide in a {viewport.width()} px view")
    area = QRect(0, 0, viewport.width(), inner.height())
    for widget in inner.findChildren(QWidget):
        if not widget.isVisibleTo(inner) or widget.width() == 0:
            continue
        where = QRect(widget.mapTo(inner, QPoint(0, 0)), widget.size())
        name = widget.accessibleName() or type(widget).__name__
        if not inside(area, where):
            problems.append(f"{name} runs off the page ({where.left()}..{where.right()} of {area.width()})")
        text_widget = isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and not widget.wordWrap())
        if text_widget and widget.width() < widget.minimumSizeHint().width():
            problems.append(f"{name} is {widget.width()} px wide, its text needs {widget.minimumSizeHint().width()}")
    return problems


def save_moods(controller, days_and_moods) -> None:
    def work(store) -> None:
        for days_ago, mood in days_and_moods:
            when = datetime.combine(date.today() - timedelta(days=days_ago), time(12)).astimezone()
            cbt.save_mood(store, cbt.MoodCheckIn(mood=mood, created_at=when))

    controller.store_runner.call(lambda: work(controller.store))


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
@pytest.mark.parametrize("text_size", ["normal", "larger"])
def test_every_toolkit_page_fits_its_dialog(qtbot, controller, open_toolkit, text_size, size) -> None:
    save_moods(controller, [(3, 4), (1, 6), (0, 8)])
    dialog = open_toolkit(text_size, SIZES[size])
    for page in dialog.pages:
        show(qtbot, dialog, page)
        assert clipped(page) == [], page.title


@pytest.mark.parametrize("text_size", ["normal", "larger"])
def test_mood_page_reading_chips_and_todays_point_are_all_on_screen(qtbot, controller, open_toolkit,
                                                                     text_size) -> None:
    save_moods(controller, [(9, 3), (4, 5), (1, 6), (0, 9)])
    dialog = open_toolkit(text_size)
    page = dialog.page("mood-check-in")
    show(qtbot, dialog, page)
    viewport = page.viewport()

    # the mood page is no wider than the dialog gives it
    assert page.widget().minimumSizeHint().width() <= viewport.width()
    # the reading shows "10 / 10" whole, not "10 / 1"
    page.slider.setValue(10)
    assert page.value.text() == "10 / 10"
    assert page.value.width() >= page.value.fontMetrics().horizontalAdvance("10 / 10")
    # the feeling chips wrap onto more lines, each whole inside its card
    rows = {chip.y() for chip in page.chips.values()}
    assert len(rows) > 1
    for chip in page.chips.values():
        chip.setChecked(True)  # a chosen chip looks different; it must still fit
        assert chip.parentWidget().contentsRect().contains(chip.geometry()), chip.text()
        assert chip.width() >= chip.minimumSizeHint().width(), chip.text()
    # the numbers under the slider sit under its ticks, inside the scale and apart, "0" and "10" included
    ticks = dict(page.scale.positions())
    numbers = page.scale.number_rects()
    assert {0, 10} <= {value for value, _rect in numbers}
    for value, rect in numbers:
        assert rect.left() >= 0 and rect.right() <= page.scale.width(), value
        assert abs(rect.center().x() - ticks[value]) <= rect.width() / 2, value
    assert all(a.right() <= b.left() for (_, a), (_, b) in pairwise(numbers))

    qtbot.waitUntil(lambda: len(page.chart.points()) == 4, timeout=WAIT)
    today = page.chart.points()[-1]
    assert today.start == date.today() and today.mean == 9.0
    chart = page.chart
    # today's point is inside the chart, and the chart inside the page's visible width
    assert 0 < today.x < chart.width() and 0 < today.y < chart.height()
    left_in_view = chart.mapTo(viewport, QPoint(0, 0)).x()
    assert left_in_view >= 0 and left_in_view + chart.width() <= viewport.width()
    page.ensureWidgetVisible(chart)
    QApplication.processEvents()
    assert chart.visibleRegion().contains(QPoint(round(today.x), round(today.y)))
    # and today's date is labelled under it, whole
    rect, text = chart.axis_labels()[-1]
    assert text == date.today().strftime("%d %b").lstrip("0")
    assert rect.left() >= 0 and rect.right() <= chart.width()


def test_chart_labels_today_and_never_overlaps_or_cuts_a_date(qtbot) -> None:
    apply_theme(QApplication.instance(), "light", "larger")
    try:
        chart = MoodChart()
        qtbot.addWidget(chart)
        end = date(2026, 3, 31)
        start = end - timedelta(days=13)
        chart.set_series(cbt.MoodSeries(start, end, "day", (cbt.MoodPoint(start, 4.0, 1), cbt.MoodPoint(end, 7.0, 1)),
                                        frozenset()))
        for width in (260, 420, 700):
            chart.resize(width, 240)
            labels = chart.axis_labels()
            assert labels[-1][1] == "31 Mar"
            rects = [rect for rect, _text in labels]
            assert all(r.left() >= 0 and r.right() <= width for r in rects), width
            assert all(a.right() <= b.left() for a, b in pairwise(rects)), width
            assert chart.points()[-1].x <= width - 5  # today's point: its 5 px dot whole, inside the widget
    finally:
        apply_theme(QApplication.instance(), "light", "normal")


def test_thought_record_saved_message_shows_under_the_button_in_view(qtbot, open_toolkit) -> None:
    dialog = open_toolkit("larger")
    assert dialog.show_exercise("thought-record")
    page = dialog.page("thought-record")
    show(qtbot, dialog, page)
    page.fields["situation"].setPlainText("My friend didn't answer my message")
    page.ensureWidgetVisible(page.finish_button)
    qtbot.mouseClick(page.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == "Thought record saved.", timeout=WAIT)
    # in the same card as the button, just below it, and scrolled into the visible part of the page
    assert page.status.parentWidget() is page.finish_button.parentWidget()
    assert page.status.y() > page.finish_button.y()
    viewport = page.viewport()

    def in_view() -> bool:
        top_left = page.status.mapTo(viewport, QPoint(0, 0))
        return (not page.status.visibleRegion().isEmpty()
                and viewport.rect().contains(QRect(top_left, page.status.size())))

    qtbot.waitUntil(in_view, timeout=WAIT)


def test_breathing_stop_rests_and_start_runs_again(qtbot, open_toolkit) -> None:
    dialog = open_toolkit()
    assert dialog.show_exercise("breathing")
    page = dialog.page("breathing")
    now = [50.0]
    page.clock = lambda: now[0]
    assert page.phase_text.text() == RESTING

    page.start()
    now[0] += 1.5
    page.tick()
    running = page.phase_text.text()
    assert running != RESTING and page.circle.level > 0 and page.timer.isActive()

    page.stop_button.click()
    assert page.phase_text.text() == RESTING
    assert page.circle.level == 0.0 and not page.timer.isActive()
    assert page.start_button.isEnabled() and not page.stop_button.isEnabled()
    now[0] += 5.0
    page.tick()  # a late frame after Stop changes nothing
    assert page.phase_text.text() == RESTING

    page.start_button.click()
    assert page.timer.isActive() and page.phase_text.text().endswith("— 1")
    now[0] += 1.5
    page.tick()
    assert page.phase_text.text() == running  # the same point of the breath as the first time

    # leaving the page pauses the animation; coming back carries on, still running
    dialog.nav.setCurrentRow(0)
    qtbot.waitUntil(lambda: not page.isVisible(), timeout=WAIT)
    assert not page.timer.isActive()
    assert dialog.show_exercise("breathing")
    qtbot.waitUntil(page.isVisible, timeout=WAIT)
    assert page.timer.isActive() and page.stop_button.isEnabled()
    page.stop()
    assert page.phase_text.text() == RESTING


def test_feeling_names_and_long_list_entries_are_not_cut_at_larger_text(qtbot, controller, open_toolkit) -> None:
    dialog = open_toolkit("larger")
    page = dialog.page("thought-record")
    show(qtbot, dialog, page)
    page.go([s.id for s in page.guide.steps].index("emotions-before"))
    edit = page.before.add_row("embarrassed", 40)
    page.widget().layout().activate()
    assert edit.width() >= edit.fontMetrics().horizontalAdvance("embarrassed") + 8
    assert clipped(page) == []

    activities = dialog.page("behavioural-activation")
    show(qtbot, dialog, activities)
    activities.text.setText("A ten-minute walk after lunch with the dog, all the way round the park and back")
    activities.plan_button.click()
    qtbot.waitUntil(lambda: activities.list.count() == 1, timeout=WAIT)
    entry = activities.list.item(0)
    rect = activities.list.visualItemRect(entry)
    line = activities.list.fontMetrics().height()
    # the entry wraps onto several lines inside the list, rather than running off its right side
    assert rect.right() <= activities.list.viewport().width() and rect.height() >= 2 * line
    assert not activities.list.horizontalScrollBar().isVisible()
