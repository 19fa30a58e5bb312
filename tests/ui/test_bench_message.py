"""The clinician's test bench reads replies with the person's message typed above them, as the chat does."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.safety import Guardrails, default_profile
from app.ui.qt import Qt
from tests.ui.conftest import SIGNAL_TIMEOUT

SHOTS = Path("/tmp/confidant-shots")


@pytest.fixture
def bench(qtbot):
    from app.ui.clinician.bench import TestBench
    from app.ui.tasks import TaskRunner

    runner = TaskRunner("test-bench-message")
    rails = Guardrails(default_profile())
    widget = TestBench(lambda: (rails, "the shipped default profile"), runner)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    yield widget
    runner.shutdown()


def test_a_reply_is_judged_as_an_answer_to_the_message_above_it(qtbot, bench) -> None:
    assert not bench.message.isVisible()  # messages from the person answer nothing
    bench.output_side.setChecked(True)
    assert bench.message.isVisible() and bench.messages.accessibleName() == "Replies to check"

    bench.messages.setPlainText("Sure, go for it, a few drinks won't hurt.\nThat's one to ask your pharmacist "
                                "about; I can't say what's safe with your tablets.")
    with qtbot.waitSignal(bench.checked, timeout=SIGNAL_TIMEOUT) as alone:
        qtbot.mouseClick(bench.check_button, Qt.MouseButton.LeftButton)
    assert [row.verdict.allowed for row in alone.args[0]] == [True, True]  # alone, neither is harmful

    bench.message.setText("Would it be okay to drink tonight with my sleeping tablets?")
    with qtbot.waitSignal(bench.checked, timeout=SIGNAL_TIMEOUT) as answered:
        qtbot.keyClick(bench.message, Qt.Key.Key_Return)  # Enter in the message field checks too
    first, second = answered.args[0]
    assert not first.verdict.allowed and first.verdict.rule.startswith("context.medicine.")
    assert second.verdict.allowed
    assert bench.table.item(0, 1).text() == "block" and bench.table.item(0, 4).text() == first.verdict.rule
    assert "answer to the message above" in bench.using.text()
    SHOTS.mkdir(exist_ok=True)
    bench.grab().save(str(SHOTS / "bench-message.png"))

    # Back on the person's side, the message field is hidden and plays no part.
    bench.input_side.setChecked(True)
    assert not bench.message.isVisible()
    bench.messages.setPlainText("Sure, go for it")
    with qtbot.waitSignal(bench.checked, timeout=SIGNAL_TIMEOUT) as inputs:
        bench.run_check()
    assert inputs.args[0][0].verdict.allowed
