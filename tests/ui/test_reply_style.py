"""The reply style, wherever it is chosen: the person's setting (Settings → Model), and the clinician's profile
([assistant] reply_style, with its [[assistant.examples]]) — each kept, shown and passed on to the session."""

from __future__ import annotations

import dataclasses

from app.chat.style import STYLE_LABELS, ReplyStyle
from app.safety import Profile, builtin_profile, validate_profile_text
from app.safety.draft import draft_from_text, draft_to_toml
from app.safety.profile import Example
from app.settings import AppSettings
from app.ui.qt import QApplication, QPoint, QPointF, Qt
from tests.ui.conftest import SIGNAL_TIMEOUT

EXAMPLES = (
    Example("I keep replaying what I said at work today.",
            "It sounds like that conversation is still weighing on you. What do you think the others noticed?"),
    Example('My friend didn\'t reply and I feel "stupid" for asking.',
            "Waiting for a reply can feel awful.\n\nWhat else might explain the silence?"),
)


EXAMPLES_TOML = r'''
[[assistant.examples]]
user = "I keep replaying what I said at work today."
assistant = "It sounds like that conversation is still weighing on you. What do you think the others noticed?"

[[assistant.examples]]
user = "My friend didn't reply and I feel \"stupid\" for asking."
assistant = """
Waiting for a reply can feel awful.

What else might explain the silence?"""
'''


def profile_with_reply_fields(style: str = "free") -> str:
    """A shipped profile with a reply style and two example exchanges, written by hand (the examples at the
    end of the file, after other tables, as TOML allows)."""
    text = builtin_profile().text
    assert "\n[assistant]\n" in text
    return text.replace("\n[assistant]\n", f'\n[assistant]\nreply_style = "{style}"\n', 1) + EXAMPLES_TOML


def same_profile(a: Profile, b: Profile) -> bool:
    return dataclasses.replace(a, text="", source="") == dataclasses.replace(b, text="", source="")


# ---- the profile: the draft keeps both fields --------------------------------------------------------------

def test_a_profiles_reply_style_and_examples_survive_editing_and_saving() -> None:
    text = profile_with_reply_fields("free")
    original = validate_profile_text(text, "with-examples")
    assert original.reply_style == "free" and original.examples == EXAMPLES
    draft = draft_from_text(text)
    assert draft.reply_style == "free" and [(e.user, e.assistant) for e in draft.examples] == [
        (e.user, e.assistant) for e in EXAMPLES]
    written = draft_to_toml(draft)
    again = validate_profile_text(written, "written")
    assert same_profile(original, again)
    assert again.reply_style == "free" and again.examples == EXAMPLES
    assert draft_to_toml(draft_from_text(written)) == written  # stable: writing twice changes nothing


def test_a_profile_without_them_is_written_without_them() -> None:
    written = draft_to_toml(draft_from_text(builtin_profile().text))
    assert "reply_style" not in written and "[[assistant.examples]]" not in written
    profile = validate_profile_text(written, "plain")
    assert profile.reply_style == "auto" and profile.examples == ()


def test_the_assistant_page_chooses_the_style_and_keeps_the_examples(qtbot) -> None:
    from app.ui.clinician.editor import ProfileEditor
    from app.ui.tasks import TaskRunner

    runner = TaskRunner("test-reply-style")
    try:
        editor = ProfileEditor(runner)
        qtbot.addWidget(editor)
        with qtbot.waitSignal(editor.validated, timeout=SIGNAL_TIMEOUT) as checked:
            editor.load_text(profile_with_reply_fields("free"), "with-examples.toml")
        assert checked.args[0].valid
        page = editor.page("assistant")
        choice = page.fields["reply_style"]
        assert [choice.itemText(i) for i in range(choice.count())] == list(STYLE_LABELS.values())
        assert choice.value() == "free"
        assert "2 example exchanges" in page.examples_note.text() and not page.examples_note.isHidden()
        assert not editor.dirty

        with qtbot.waitSignal(editor.validated, timeout=SIGNAL_TIMEOUT) as checked:
            choice.setCurrentIndex(choice.findData("guided"))
        result = checked.args[0]
        assert result.valid and result.profile.reply_style == "guided"
        assert result.profile.examples == EXAMPLES  # saving the edit keeps the examples
        assert editor.dirty
        saved = validate_profile_text(editor.toml(), "saved")
        assert saved.reply_style == "guided" and saved.examples == EXAMPLES

        with qtbot.waitSignal(editor.validated, timeout=SIGNAL_TIMEOUT):
            editor.load_text(builtin_profile().text, "plain.toml")
        assert choice.value() == "auto" and page.examples_note.isHidden()  # no key: automatic
    finally:
        runner.shutdown()


# ---- the person's setting -----------------------------------------------------------------------------------

def test_settings_from_json_accept_only_known_styles() -> None:
    assert AppSettings().reply_style == "auto"
    assert AppSettings.from_json({"reply_style": "free"}).reply_style == "free"
    for bad in ("chatty", 3, None, ""):
        assert AppSettings.from_json({"reply_style": bad}).reply_style == "auto"


def wheel_over(box) -> bool:
    from PySide6.QtGui import QWheelEvent

    centre = QPointF(box.rect().center())
    event = QWheelEvent(centre, QPointF(box.mapToGlobal(QPoint(box.width() // 2, box.height() // 2))),
                        QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(box, event)
    return event.isAccepted()


def test_the_reply_style_setting_is_saved_and_the_next_reply_uses_it(qtbot, unlocked_window) -> None:
    window = unlocked_window
    controller = window.controller
    dialog = window.settings_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    page = dialog.model_page
    dialog.show_page(page)
    choice = page.reply_style
    assert [choice.itemText(i) for i in range(choice.count())] == list(STYLE_LABELS.values())
    assert choice.value() == "auto" and controller.session.style is ReplyStyle.GUIDED  # a small model

    # Scrolling the page past the box never changes it.
    dialog.nav.setFocus()
    qtbot.waitUntil(dialog.nav.hasFocus, timeout=5_000)
    assert not wheel_over(choice) and choice.value() == "auto"

    with qtbot.waitSignal(controller.settings_changed, timeout=SIGNAL_TIMEOUT):
        choice.setCurrentIndex(choice.findData("free"))
    assert controller.settings.reply_style == "free"
    assert controller.session.style is ReplyStyle.FREE  # the open conversation's next reply
    stored = controller.store_runner.call(lambda: AppSettings.load(controller.store))
    assert stored.reply_style == "free"
    assert "next reply" in page.style_status.text()

    with qtbot.waitSignal(controller.conversation_opened, timeout=SIGNAL_TIMEOUT):
        controller.new_conversation()
    assert controller.session.style is ReplyStyle.FREE  # and every conversation opened after
    dialog.close()
