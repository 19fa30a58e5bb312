"""The thought-record page never leaves a suggestion that did not fit in the person's record."""

from __future__ import annotations

from app import cbt
from app.cbt.suggestion_check import WITHHELD_MESSAGE
from app.safety import Action, Verdict
from app.ui.toolkit import ToolkitDialog

OWN_WORDS = "My friend texted me on Sunday"


def test_a_suggestion_withheld_by_the_fit_check_is_removed_and_explained(qtbot, unlocked_window,
                                                                         monkeypatch) -> None:
    message = WITHHELD_MESSAGE["evidence-against"]

    def assist(engine, guardrails, step, record, *, on_text=None, **kwargs):
        on_text("You replied kindly. ")  # a first sentence passed and was shown ...
        # ... then the next one called the person names: the whole suggestion is withheld
        verdict = Verdict(Action.BLOCK, "suggestion-fit", "suggestion.harsh-label", message)
        return cbt.AssistResult(message, True, verdict, True)

    monkeypatch.setattr(cbt, "assist", assist)
    dialog = ToolkitDialog(unlocked_window.controller, unlocked_window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.show_exercise("thought-record")
    page = dialog.page("thought-record")
    page.fields["situation"].setPlainText("My friend didn't reply all day")
    page.fields["automatic-thought"].setPlainText("She is fed up with me")
    page.fields["evidence-against"].setPlainText(OWN_WORDS)
    page.ask_for_help("evidence-against")
    qtbot.waitUntil(lambda: not page.assisting, timeout=20_000)
    assert page.fields["evidence-against"].toPlainText() == OWN_WORDS  # nothing of it stays in the record
    assert page.assist_notes["evidence-against"].text() == message
    assert page.crisis_card is None
    dialog.close()
