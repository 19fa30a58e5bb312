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


def test_thought_record_saved_reopened_edited_and_deleted(qtbot, unlocked_window, open_toolkit) -> None:
    controller = unlocked_window.controller
    dialog = open_toolkit(unlocked_window)
    assert dialog.show_exercise("thought-record")
    page = dialog.page("thought-record")
    assert unnamed_widgets(dialog) == []
    page.fields["situation"].setPlainText("My friend didn't answer my message")
    page.fields["automatic-thought"].setPlainText("She always ignores me, nobody ever wants me around")
    page.before.add_row("anxious", 70)
    steps = [s.id for s in page.guide.steps]
    page.go(steps.index("thinking-traps"))
    assert page.trap_choices, "an all-or-nothing thought gets a suggested thinking trap"
    first, group = next(iter(page.trap_choices.items()))
    group.button(1).setChecked(True)
    page.fields["evidence-against"].setPlainText("She replied quickly last week")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.list.count() == 1 and page.record_id is not None, timeout=WAIT)
    saved = on_store(controller, lambda s: cbt.get_exercise(s, page.record_id))
    assert saved.situation == "My friend didn't answer my message" and not saved.completed
    assert saved.emotions_before == (cbt.EmotionRating("anxious", 70),)
    assert saved.distortions_confirmed == (first,)
    record_id = saved.id

    page.new_record()
    assert page.fields["situation"].toPlainText() == "" and page.record_id is None
    page.open_record(record_id)
    qtbot.waitUntil(lambda: page.fields["situation"].toPlainText() != "", timeout=WAIT)
    assert page.fields["evidence-against"].toPlainText() == "She replied quickly last week"
    assert [r.name for r in page.before.ratings()] == ["anxious"]
    page.fields["balanced-thought"].setPlainText("She is busy; it doesn't mean she doesn't care")
    qtbot.mouseClick(page.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "draft" not in page.list.item(0).text(), timeout=WAIT)
    edited = on_store(controller, lambda s: cbt.get_exercise(s, record_id))
    assert edited.completed and edited.balanced_thought.startswith("She is busy")
    assert edited.distortions_confirmed == (first,)
    assert on_store(controller, lambda s: len(cbt.list_exercises(s, "thought-record"))) == 1

    page.delete_record(record_id)
    qtbot.waitUntil(lambda: page.list.count() == 0, timeout=WAIT)
    assert on_store(controller, lambda s: cbt.get_exercise(s, record_id)) is None


def test_a_crisis_phrase_in_a_thought_record_shows_help_and_pauses_the_chat(qtbot, unlocked_window,
                                                                            open_toolkit) -> None:
    from app.chat.session import ReplyKind
    from tests.ui.conftest import send_and_wait

    controller = unlocked_window.controller
    before = controller.session
    dialog = open_toolkit(unlocked_window)
    dialog.show_exercise("thought-record")
    page = dialog.page("thought-record")
    page.fields["automatic-thought"].setPlainText("honestly I just want to kill myself")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.crisis_card is not None, timeout=WAIT)
    assert page.crisis_card.isVisible() and page.crisis_card.resource_labels
    # the words were kept, and the chat now knows about the crisis
    assert on_store(controller, lambda s: cbt.list_exercises(s, "thought-record"))[0].automatic_thought
    qtbot.waitUntil(lambda: controller.session is not before, timeout=WAIT)
    assert not controller.session.crisis.model_allowed and controller.session.pinned
    _reply, stream = send_and_wait(qtbot, unlocked_window, "I'd like to talk about my day")
    assert stream.kind is ReplyKind.HOLDING


def test_help_with_a_step_streams_a_checked_suggestion_into_the_field(qtbot, unlocked_window, open_toolkit) -> None:
    dialog = open_toolkit(unlocked_window)
    dialog.show_exercise("thought-record")
    page = dialog.page("thought-record")
    page.fields["situation"].setPlainText("I made a mistake in a meeting")
    page.fields["automatic-thought"].setPlainText("Everyone thinks I'm useless")
    page.fields["evidence-against"].setPlainText("My manager thanked me")
    page.ask_for_help("evidence-against")
    qtbot.waitUntil(lambda: not page.assisting, timeout=120_000)
    text = page.fields["evidence-against"].toPlainText()
    assert text.startswith("My manager thanked me")  # the person's words are never replaced
    note = page.assist_notes["evidence-against"].text()
    if note.startswith("A suggestion"):
        assert len(text) > len("My manager thanked me\n")
    else:  # the rails answered or withheld it: their words are a note, and the field is as the person left it
        assert text == "My manager thanked me" and note


def test_breathing_phase_text_advances_and_text_mode_reads_the_same_pattern(qtbot, unlocked_window,
                                                                            open_toolkit) -> None:
    controller = unlocked_window.controller
    dialog = open_toolkit(unlocked_window)
    assert dialog.show_exercise("breathing")
    page = dialog.page("breathing")
    assert unnamed_widgets(dialog) == []
    now = [100.0]
    page.clock = lambda: now[0]
    page.pattern_buttons["4-7-8"].setChecked(True)
    pattern = page.pattern
    seen = []
    page.start()
    for t in (0.1, 1.2, 4.1, 11.2, 19.5):  # in 1, in 2, hold, breathe out, next round
        now[0] = 100.0 + t
        page.tick()
        seen.append((page.phase_text.text(), page.circle.level))
    words = [p.words for p in pattern.phases]
    assert seen[0][0] == f"{words[0]} — 1" and seen[1][0] == f"{words[0]} — 2"
    assert seen[2][0] == f"{words[1]} — 1" and seen[3][0].startswith(words[2])
    assert seen[4][0] == f"{words[0]} — 1"
    assert seen[2][1] == 1.0 and seen[1][1] < seen[2][1] and seen[3][1] < 1.0
    page.stop()  # one full round done: logged so the day is marked on the mood chart
    qtbot.waitUntil(lambda: page.status.isVisible(), timeout=WAIT)
    logged = on_store(controller, lambda s: cbt.list_exercises(s, "breathing"))
    assert [(e.pattern_id, e.cycles) for e in logged] == [("4-7-8", 1)]

    page.text_mode.setChecked(True)
    assert page.script.isVisible() and not page.circle.isVisible()
    assert all(line in page.script.text() for line in pattern.script())


def test_reading_pages_show_the_shipped_content(unlocked_window, open_toolkit) -> None:
    dialog = open_toolkit(unlocked_window)
    content = cbt.load_content()
    assert dialog.show_exercise("distortions")
    traps = dialog.page("distortions")
    from app.ui.qt import QLabel

    shown = " ".join(w.text() for w in traps.findChildren(QLabel))
    assert all(t.name in shown and t.example in shown for t in content.distortions)
    assert dialog.show_exercise("psychoeducation")
    readings = dialog.page("psychoeducation")
    assert set(readings.cards) == {c.id for c in content.cards}
    assert unnamed_widgets(dialog) == []


def test_toolkit_button_shortcut_and_a_suggested_exercise_after_a_reply(qtbot, unlocked_window) -> None:
    from tests.ui.conftest import send_and_wait

    window = unlocked_window
    chat = window.chat
    assert chat.toolkit_button.isVisible() and chat.toolkit_button.accessibleName() == "Toolkit"
    chat.composer.edit.setFocus()
    qtbot.keyClick(chat.composer.edit, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    toolkit = window._toolkit
    assert toolkit.isVisible() and toolkit.stack.currentWidget() is toolkit.page("mood-check-in")
    toolkit.close()

    send_and_wait(qtbot, window, "I keep worrying about my exam, what if I fail")
    suggestion = cbt.suggest_exercise("I keep worrying about my exam, what if I fail")
    assert suggestion is not None and suggestion.exercise == "thought-record"
    qtbot.waitUntil(lambda: chat.suggestion_button.isVisible(), timeout=WAIT)
    assert chat.suggestion_button.text() == suggestion.label
    qtbot.mouseClick(chat.suggestion_button, Qt.MouseButton.LeftButton)
    toolkit = window._toolkit
    assert toolkit.isVisible() and toolkit.stack.currentWidget() is toolkit.page("thought-record")
    toolkit.close()
    send_and_wait(qtbot, window, "Thanks, that's all for now")
    assert not chat.suggestion_button.isVisible()


def test_memory_added_reaches_the_prompt_and_leaves_it_when_deleted(qtbot, unlocked_window, open_toolkit) -> None:
    controller = unlocked_window.controller
    dialog = open_toolkit(unlocked_window)
    assert dialog.show_exercise("memory")
    page = dialog.page("memory")
    assert page.enabled and page.add_button.isEnabled()
    assert unnamed_widgets(dialog) == []

    def block() -> str:
        return on_store(controller, lambda s: cbt.memory_block(s, lambda t: len(t.split()), 300))

    page.edit.setText("Call me Sam")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=WAIT)
    page.add("Walks help when I'm anxious")
    qtbot.waitUntil(lambda: page.list.count() == 2, timeout=WAIT)
    assert "- Call me Sam" in block() and "- Walks help when I'm anxious" in block()

    sam = next(i for i in range(2) if page.list.item(i).text() == "Call me Sam")
    page.list.setCurrentRow(sam)
    assert page.edit.text() == "Call me Sam"
    page.edit.setText("Call me Samira")
    qtbot.mouseClick(page.update_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Call me Samira" in [page.list.item(i).text() for i in range(page.list.count())],
                    timeout=WAIT)
    assert "- Call me Samira" in block() and "Call me Sam\n" not in block() + "\n"

    samira = next(i for i in range(2) if page.list.item(i).text() == "Call me Samira")
    page.list.setCurrentRow(samira)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=WAIT)
    assert "Samira" not in block() and "Walks help" in block()


def test_export_contains_what_was_chosen_and_nothing_else(qtbot, unlocked_window, open_toolkit, tmp_path) -> None:
    import stat

    controller = unlocked_window.controller
    today = date.today()
    on_store(controller, lambda s: [
        cbt.save_mood(s, cbt.MoodCheckIn(mood=3, note="SHARE-mood-note", created_at=at(today - timedelta(days=1), 9))),
        cbt.save_mood(s, cbt.MoodCheckIn(mood=9, note="PRIVATE-mood-note", created_at=at(today, 9))),
        cbt.save_exercise(s, cbt.ThoughtRecord(situation="SHARE-situation", completed=True)),
        cbt.save_exercise(s, cbt.ThoughtRecord(situation="PRIVATE-situation")),
    ])
    dialog = open_toolkit(unlocked_window)
    assert dialog.show_exercise("export")
    page = dialog.page("export")
    qtbot.waitUntil(lambda: page.moods.count() == 2 and page.exercises.count() == 2, timeout=WAIT)
    assert unnamed_widgets(dialog) == []
    for widget, wanted in ((page.moods, "mood 3/10"), (page.exercises, "SHARE-situation")):
        for i in range(widget.count()):
            if wanted in widget.item(i).text():
                widget.item(i).setCheckState(Qt.CheckState.Checked)

    markdown = tmp_path / "shared.md"
    page.export_to(markdown, "md")
    qtbot.waitUntil(markdown.exists, timeout=WAIT)
    qtbot.waitUntil(lambda: "Saved 2 entries" in page.status.text(), timeout=WAIT)
    text = markdown.read_text(encoding="utf-8")
    assert "SHARE-mood-note" in text and "SHARE-situation" in text
    assert "PRIVATE" not in text and "| 9 |" not in text
    assert "## Mood trend" in text and "mood 3.0 of 10" in text and "9.0" not in text.split("## Mood trend")[1]
    assert stat.S_IMODE(markdown.stat().st_mode) == 0o600

    pdf = tmp_path / "shared.pdf"
    page.export_to(pdf, "pdf")
    qtbot.waitUntil(lambda: pdf.exists() and pdf.stat().st_size > 0, timeout=WAIT)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"/Image" in data  # the chart is drawn in
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600


def test_activity_planned_then_rated_then_deleted(qtbot, unlocked_window, open_toolkit) -> None:
    controller = unlocked_window.controller
    dialog = open_toolkit(unlocked_window)
    assert dialog.show_exercise("behavioural-activation")
    page = dialog.page("behavioural-activation")
    assert unnamed_widgets(dialog) == []
    page.text.setText("A ten-minute walk")
    page.day.setCurrentIndex(1)
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=WAIT)
    planned = on_store(controller, lambda s: cbt.list_exercises(s, "behavioural-activation"))[0]
    assert planned.text == "A ten-minute walk" and planned.planned_for == date.today() + timedelta(days=1)
    assert not planned.done

    page.list.setCurrentRow(0)
    page.mastery.setValue(6)
    page.pleasure.setValue(8)
    page.note.setText("Sunny")
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "done" in page.list.item(0).text(), timeout=WAIT)
    rated = on_store(controller, lambda s: cbt.get_exercise(s, planned.id))
    assert (rated.done, rated.mastery, rated.pleasure, rated.note) == (True, 6, 8, "Sunny")
    assert rated.planned_for == planned.planned_for

    page.list.setCurrentRow(0)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.list.count() == 0, timeout=WAIT)
    assert on_store(controller, lambda s: cbt.get_exercise(s, planned.id)) is None
