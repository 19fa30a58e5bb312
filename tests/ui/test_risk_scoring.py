"""The learned risk scorer in the desktop app: scores and reasons on the test bench, the Risk scoring page
of the profile editor (thresholds, what they would do on a labelled set, saving the [scorer] table), and the
warning shown when the scorer is missing.

The scorer is a real RiskScorer with hand-set weights (tests/word_scorer.py), so each message's score is
known; the app is the real one, on a real encrypted store with the real model loaded.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from app.safety import (
    ScorerSet,
    ScorerSettings,
    builtin_profile,
    default_profile,
    load_scorers,
    validate_profile_text,
)
from app.safety.draft import ScorerDraft, draft_from_text, draft_to_toml
from app.ui.qt import QApplication, QPoint, QPointF, Qt
from tests.ui.conftest import SIGNAL_TIMEOUT, create_and_unlock, open_dialog
from tests.word_scorer import word_scorer

FIXTURE = Path(__file__).resolve().parents[1] / "safety" / "data" / "tradeoff_fixture.tsv"
FIXTURE_SCORES = {"alpha": 0.95, "bravo": 0.70, "charlie": 0.30, "delta": 0.92, "echo": 0.65, "foxtrot": 0.10}
BENCH_SCORES = {"unbearable": 0.95, "everything feels far away and pointless lately": 0.75}


# ---- the test bench ----------------------------------------------------------------------------------------

def test_the_bench_shows_each_score_and_why(qtbot, make_window) -> None:
    window = make_window(scorers=ScorerSet(word_scorer(BENCH_SCORES), None))
    create_and_unlock(qtbot, window)
    dialog = open_dialog(qtbot, window)
    assert not dialog.scorer_warning.isVisible()
    dialog.tabs.setCurrentWidget(dialog.bench)
    bench = dialog.bench
    bench.messages.setPlainText("I want to kill myself tonight\nunbearable\n"
                                "everything feels far away and pointless lately\nI had a lovely walk today")
    with qtbot.waitSignal(bench.checked, timeout=SIGNAL_TIMEOUT) as checked:
        qtbot.mouseClick(bench.check_button, Qt.MouseButton.LeftButton)
    rows = checked.args[0]
    assert [row.verdict.action.value for row in rows] == ["crisis", "crisis", "check-in", "allow"]
    table = bench.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Message", "Result", "Score", "Category", "Rule", "Why"]

    def row(index: int) -> list[str]:
        return [table.item(index, c).text() for c in range(1, table.columnCount())]

    # A rule decided: its rule and pattern explain it, whatever the (tiny) score.
    assert row(0)[:2] == ["crisis", "0.00"] and row(0)[3] == rows[0].verdict.rule
    assert row(0)[4] == rows[0].verdict.pattern and not rows[0].verdict.rule.startswith("scorer")
    # The score decided: the words that raised it are the reason.
    assert row(1) == ["crisis", "0.95", "suicide-self-harm", "scorer.input", "strongest words: “unbearable”"]
    check_in = row(2)
    assert check_in[:4] == ["check in", "0.75", "suicide-self-harm", "scorer.input"]
    assert check_in[4].startswith("strongest words: ") and "“pointless”" in check_in[4]
    assert row(3) == ["allow", "0.00", "—", "—", "—"]
    assert bench.summary.text() == "4 messages: 2 crisis, 1 check in, 1 allow."


def test_without_a_scorer_the_bench_shows_a_dash_and_both_windows_warn(qtbot, make_window, tmp_path) -> None:
    missing = load_scorers(tmp_path)  # an empty folder: no weights, as after a damaged install
    assert missing.problem and "rules alone" in missing.problem
    window = make_window(scorers=missing)
    create_and_unlock(qtbot, window)
    strip = window.chat.scorer_warning
    assert strip.isVisible()
    assert missing.problem in window.chat.scorer_warning_text.text()
    assert window.chat.scorer_warning_text.accessibleDescription() == missing.problem
    assert "Reinstall Confidant" in window.chat.scorer_warning_text.text()
    assert strip.accessibleName() == "Safety warning"
    assert window.controller.guardrails.scorer_problem == missing.problem

    # It stays: a new conversation, a message and a reloaded profile do not clear it.
    with qtbot.waitSignal(window.controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        window.controller.new_conversation()
    with qtbot.waitSignal(window.controller.profile_changed, timeout=SIGNAL_TIMEOUT):
        window.controller.reload_profile()
    assert strip.isVisible()

    dialog = open_dialog(qtbot, window)
    assert dialog.scorer_warning.isVisible() and missing.problem in dialog.scorer_warning_text.text()
    dialog.tabs.setCurrentWidget(dialog.bench)
    dialog.bench.messages.setPlainText("I want to kill myself tonight\nI had a lovely walk today")
    with qtbot.waitSignal(dialog.bench.checked, timeout=SIGNAL_TIMEOUT):
        dialog.bench.run_check()
    assert [dialog.bench.table.item(r, 2).text() for r in range(2)] == ["—", "—"]


def test_with_every_scorer_loaded_there_is_no_warning(qtbot, make_window) -> None:
    scorer = word_scorer(BENCH_SCORES)
    window = make_window(scorers=ScorerSet(scorer, scorer))
    create_and_unlock(qtbot, window)
    assert window.controller.scorer_problem is None
    assert not window.chat.scorer_warning.isVisible()


# ---- the Risk scoring page -----------------------------------------------------------------------------------

THRESHOLDS = {"crisis_threshold": 0.9, "check_in_threshold": 0.6}


@pytest.fixture
def editor(qtbot):
    """The profile editor on its own, measuring the tiny labelled fixture with a hand-weighted scorer. The
    profile is the shipped default with a [scorer] table of the two thresholds only (whatever the shipped
    file says), so the figures below are the hand-counted ones."""
    from app.ui.clinician.editor import ProfileEditor
    from app.ui.tasks import TaskRunner

    runner = TaskRunner("test-risk-scoring")
    widget = ProfileEditor(runner, ScorerSet(word_scorer(FIXTURE_SCORES), None), eval_set=FIXTURE)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    draft = draft_from_text(default_profile().text, "default")
    draft.scorer = ScorerDraft(dict(THRESHOLDS))
    with qtbot.waitSignal(widget.validated, timeout=SIGNAL_TIMEOUT):
        widget.load_draft(draft)
    widget.show()
    yield widget
    runner.shutdown()


def show_scorer_page(qtbot, editor):
    page = editor.page("scorer")
    with qtbot.waitSignal(page.effect_shown, timeout=SIGNAL_TIMEOUT,
                          check_params_cb=lambda text: text.startswith("At these thresholds")):
        editor.nav.setCurrentRow(editor.pages.index(page))
    return page


def test_moving_a_threshold_updates_what_it_would_do(qtbot, editor) -> None:
    page = show_scorer_page(qtbot, editor)
    assert (page.crisis_threshold.value(), page.check_in_threshold.value()) == (0.9, 0.6)
    # Worked out by hand in tests/safety/test_tradeoff.py: the rule and alpha caught, bravo asked;
    # delta would get the crisis response and echo a check-in.
    assert page.effect.text() == (
        "At these thresholds, on 8 labelled messages (4 crisis): crisis 50% caught, 75% caught or asked; "
        "25.0% of ordinary messages would get the crisis response, 25.0% a check-in. The rules alone: 25% "
        "caught, 0.0% of ordinary messages get the crisis response.")

    with qtbot.waitSignal(page.effect_shown, timeout=5_000):
        page.crisis_threshold.setValue(0.96)  # alpha and delta now only get a check-in
    assert "crisis 25% caught, 75% caught or asked; 0.0% of ordinary messages would get the crisis " \
           "response, 50.0% a check-in." in page.effect.text()

    # By keyboard, as a clinician would: type a new check-in threshold; charlie (0.30) is now asked too.
    box = page.check_in_threshold
    box.setFocus()
    qtbot.waitUntil(box.hasFocus, timeout=5_000)
    box.selectAll()
    with qtbot.waitSignal(page.effect_shown, timeout=5_000,
                          check_params_cb=lambda text: "100% caught or asked" in text):
        qtbot.keyClicks(box, "0.25")
    assert box.value() == 0.25
    assert "crisis 25% caught, 100% caught or asked" in page.effect.text()
    assert page.effect.accessibleDescription() == page.effect.text()


def test_the_wheel_changes_a_threshold_only_once_it_has_the_focus(qtbot, editor) -> None:
    from PySide6.QtGui import QWheelEvent

    page = show_scorer_page(qtbot, editor)
    box = page.crisis_threshold
    editor.nav.setFocus()
    qtbot.waitUntil(editor.nav.hasFocus, timeout=5_000)

    def wheel() -> bool:
        centre = QPointF(box.rect().center())
        event = QWheelEvent(centre, QPointF(box.mapToGlobal(QPoint(box.width() // 2, box.height() // 2))),
                            QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(box, event)  # (a synthesized event is delivered, not propagated)
        return event.isAccepted()

    # The wheel never gives it the focus (no WheelFocus), and without the focus the wheel is passed on to
    # the page, which scrolls; the threshold stays.
    assert box.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert not wheel()  # ignored: it goes on to the scroll area
    assert box.value() == 0.9 and not box.hasFocus() and editor.draft.scorer.values == THRESHOLDS

    box.setFocus()
    qtbot.waitUntil(box.hasFocus, timeout=5_000)
    assert wheel()
    assert box.value() == pytest.approx(0.91)
    assert editor.draft.scorer.values == {**THRESHOLDS, "crisis_threshold": 0.91}


def test_saving_writes_the_scorer_table_and_it_validates(qtbot, editor) -> None:
    page = show_scorer_page(qtbot, editor)
    with qtbot.waitSignal(editor.validated, timeout=SIGNAL_TIMEOUT) as checked:
        page.crisis_threshold.setValue(0.85)
        page.check_in_threshold.setValue(0.5)
        page.fields["build_up_messages"].setValue(5)
        page.fields["check_in_question"].setPlainText("Are you thinking about ending your life?")
    result = checked.args[0]
    assert result.valid, result.problems
    settings = result.profile.scorer
    assert (settings.crisis_threshold, settings.check_in_threshold, settings.build_up_messages) == (0.85, 0.5, 5)
    assert settings.check_in_question == "Are you thinking about ending your life?"
    assert settings.output_threshold == ScorerSettings().output_threshold  # absent from the table: the default

    text = editor.toml()
    table = tomllib.loads(text)["scorer"]
    assert table == {"crisis_threshold": 0.85, "check_in_threshold": 0.5, "build_up_messages": 5,
                     "check_in_question": "Are you thinking about ending your life?"}
    assert validate_profile_text(text).scorer == settings
    assert draft_to_toml(draft_from_text(text)) == text  # read back and written again: the same file

    # A check-in threshold above the crisis threshold is refused, and the problem points at its field.
    with qtbot.waitSignal(editor.validated, timeout=SIGNAL_TIMEOUT) as checked:
        page.check_in_threshold.setValue(0.95)
    assert not checked.args[0].valid
    assert any("Risk scoring › Check-in threshold: must not be above crisis_threshold" in
               editor.problems.item(row).text() for row in range(editor.problems.count()))
    assert page.check_in_threshold.property("invalid") is True
    editor.problems.setCurrentRow(0)
    editor._problem_chosen(editor.problems.item(0))
    assert page.isVisible()


def test_a_scorer_table_survives_the_form_unchanged() -> None:
    draft = draft_from_text(builtin_profile().text)
    draft.scorer = None
    text = draft_to_toml(draft) + (
        '\n[scorer]\ncrisis_threshold = 0.85\ncheck_in_threshold = 0.55\nbuild_up_messages = 6\n'
        'build_up_threshold = 2.5\noutput_threshold = 0.8\ncheck_in_question = """\nCan I ask you something '
        'directly?\nAre you thinking about ending your life?"""\ncheck_in_no_response = "Thank you. What is on '
        'your mind?"\n')
    original = validate_profile_text(text, "with-scorer")
    written = draft_to_toml(draft_from_text(text))
    again = validate_profile_text(written, "written")
    assert again.scorer == original.scorer and original.scorer.build_up_threshold == 2.5
    assert draft_to_toml(draft_from_text(written)) == written
    # A profile without the table is written without it: the defaults keep applying.
    without = draft_from_text(builtin_profile().text)
    without.scorer = None
    assert "[scorer]" not in draft_to_toml(without)
    assert validate_profile_text(draft_to_toml(without)).scorer == ScorerSettings()


def test_the_page_says_so_when_the_labelled_set_is_missing(qtbot, tmp_path) -> None:
    from app.ui.clinician.editor import ProfileEditor
    from app.ui.tasks import TaskRunner

    runner = TaskRunner("test-risk-scoring-missing")
    try:
        editor = ProfileEditor(runner, ScorerSet(word_scorer(FIXTURE_SCORES), None),
                               eval_set=tmp_path / "eval_input.tsv")
        qtbot.addWidget(editor)
        with qtbot.waitSignal(editor.validated, timeout=SIGNAL_TIMEOUT):
            editor.load_text(default_profile().text, "default")
        editor.show()
        page = editor.page("scorer")
        with qtbot.waitSignal(page.effect_shown, timeout=SIGNAL_TIMEOUT,
                              check_params_cb=lambda text: "not installed" in text):
            editor.nav.setCurrentRow(editor.pages.index(page))
        assert page.effect.text().startswith("The evaluation set (eval_input.tsv) is not installed")
    finally:
        runner.shutdown()
