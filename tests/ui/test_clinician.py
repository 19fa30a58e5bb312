"""Clinician mode: the PIN gate, the profile editor (validated as it is typed), the test bench, import /
export and the audit list — on a real encrypted store, with the real model loaded behind the window."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.chat.session import ReplyKind
from app.safety import Profile, builtin_profile, default_profile, shipped_profiles, validate_profile_text
from app.safety.draft import (
    CategoryDraft,
    NamedListDraft,
    ProfileDraft,
    ResourceDraft,
    draft_from_text,
    draft_problems,
    draft_to_toml,
)
from app.safety.events import event_label
from app.safety.profile import reflow
from app.ui.clinician import open_clinician_mode
from app.ui.qt import Qt, QWidget
from tests.ui.conftest import SIGNAL_TIMEOUT, open_dialog, send_and_wait

PIN = "river-2468"
LEFT = Qt.MouseButton.LeftButton


def same_profile(a: Profile, b: Profile) -> bool:
    """Equal in every field that decides behaviour (the TOML source and where it came from aside)."""
    return dataclasses.replace(a, text="", source="") == dataclasses.replace(b, text="", source="")


def edit_and_wait(qtbot, editor, change):
    """Make an edit in the form and return the validation it leads to (after the typing pause)."""
    with qtbot.waitSignal(editor.validated, timeout=SIGNAL_TIMEOUT) as checked:
        change()
    return checked.args[0]


def problem_texts(editor) -> list[str]:
    return [editor.problems.item(row).text() for row in range(editor.problems.count())]


# ---- the PIN gate ---------------------------------------------------------------------------------------------

def test_the_clinician_pin_gates_clinician_mode(qtbot, unlocked_window) -> None:
    window = unlocked_window
    dialog = open_dialog(qtbot, window)
    assert not dialog.lock_status.locked
    assert dialog.banner.isVisible()  # the prominent "Lock the profile with a PIN" action
    qtbot.mouseClick(dialog.lock_now, LEFT)
    page = dialog.lock_page
    assert dialog.tabs.currentWidget() is page

    page.new_pin.setText(PIN)
    page.again.setText(PIN + "x")
    qtbot.mouseClick(page.lock_button, LEFT)
    assert "do not match" in page.message.text()

    with qtbot.waitSignal(dialog.status_changed, timeout=SIGNAL_TIMEOUT):
        page.new_pin.setText("12")
        page.again.setText("12")
        qtbot.mouseClick(page.lock_button, LEFT)
        qtbot.waitUntil(lambda: "at least" in page.message.text(), timeout=SIGNAL_TIMEOUT)
        page.new_pin.setText(PIN)
        page.again.setText(PIN)
        qtbot.mouseClick(page.lock_button, LEFT)
    assert dialog.lock_status.locked
    assert "Locked" in dialog.lock_state.text()
    assert not dialog.banner.isVisible()
    dialog.close_now()

    gate = open_clinician_mode(window.controller, window)
    qtbot.waitUntil(lambda: gate.pin_dialog is not None, timeout=SIGNAL_TIMEOUT)
    pin_dialog = gate.pin_dialog
    assert pin_dialog.isVisible() and gate.dialog is None
    with qtbot.waitSignal(gate.refused, timeout=SIGNAL_TIMEOUT) as refused:
        pin_dialog.field.setText("not-the-pin")
        qtbot.mouseClick(pin_dialog.open_button, LEFT)
    assert "not right" in refused.args[0]
    assert "not right" in pin_dialog.error.text() and pin_dialog.error.isVisible()
    assert pin_dialog.field.text() == ""
    assert gate.dialog is None  # nothing opened

    # Guessing gets slow: after three wrong PINs in a row the next try has to wait.
    for guess in ("1234", "0000"):
        with qtbot.waitSignal(gate.refused, timeout=SIGNAL_TIMEOUT):
            pin_dialog.field.setText(guess)
            qtbot.mouseClick(pin_dialog.open_button, LEFT)
    assert not pin_dialog.open_button.isEnabled() and "wait 2 seconds" in pin_dialog.error.text()
    qtbot.waitUntil(pin_dialog.open_button.isEnabled, timeout=10_000)
    assert gate.dialog is None

    with qtbot.waitSignal(gate.opened, timeout=SIGNAL_TIMEOUT):
        pin_dialog.field.setText(PIN)
        qtbot.keyClick(pin_dialog.field, Qt.Key.Key_Return)
    dialog = gate.dialog
    qtbot.waitUntil(lambda: dialog.editor.result is not None and dialog.lock_status is not None,
                    timeout=SIGNAL_TIMEOUT)
    assert dialog.lock_status.locked and not dialog.banner.isVisible()

    # Installing while locked uses the PIN given at the gate.
    about = dialog.editor.page("identity")
    result = edit_and_wait(qtbot, dialog.editor, lambda: about.fields["version"].setText("1.0.1-clinic"))
    assert result.valid
    with qtbot.waitSignal(window.controller.profile_changed, timeout=SIGNAL_TIMEOUT) as changed:
        qtbot.mouseClick(dialog.editor.install_button, LEFT)
    assert changed.args[0].version == "1.0.1-clinic"

    # The refused PIN and the install are in the audit list.
    with qtbot.waitSignal(dialog.audit.loaded, timeout=SIGNAL_TIMEOUT):
        dialog.tabs.setCurrentWidget(dialog.audit)
    kinds = [event.kind for event in dialog.audit.events]
    assert {"profile.locked", "profile.pin-refused", "profile.installed"} <= set(kinds)
    shown = [dialog.audit.table.item(row, 1) for row in range(dialog.audit.table.rowCount())]
    assert [item.text() for item in shown] == [event_label(kind) for kind in kinds]  # words, as the CLI shows
    assert [item.toolTip() for item in shown] == kinds and "Wrong clinician PIN" in [i.text() for i in shown]

    # Unlocking needs the PIN too.
    dialog.tabs.setCurrentWidget(dialog.lock_page)
    dialog.lock_page.pin.setText("wrong-pin")
    qtbot.mouseClick(dialog.lock_page.unlock_button, LEFT)
    qtbot.waitUntil(lambda: "not right" in dialog.lock_page.message.text(), timeout=SIGNAL_TIMEOUT)
    with qtbot.waitSignal(dialog.status_changed, timeout=SIGNAL_TIMEOUT):
        dialog.lock_page.pin.setText(PIN)
        qtbot.mouseClick(dialog.lock_page.unlock_button, LEFT)
    assert not dialog.lock_status.locked and dialog.banner.isVisible()



# ---- editing: invalid edits are refused, valid ones install ---------------------------------------------------

def test_an_invalid_edit_is_refused_and_a_valid_one_installs(qtbot, unlocked_window) -> None:
    window = unlocked_window
    controller = window.controller
    dialog = open_dialog(qtbot, window)
    editor = dialog.editor
    assert editor.result.valid and editor.install_button.isEnabled()
    assert editor.draft.name == controller.profile.name  # it starts from the active profile

    about = editor.page("identity")
    result = edit_and_wait(qtbot, editor, lambda: about.fields["name"].setText(""))
    assert not result.valid
    assert not editor.install_button.isEnabled()
    assert any("About this profile › Name" in text and "empty" in text for text in problem_texts(editor))
    assert about.fields["name"].property("invalid") is True
    assert "problem" in editor.status.text()

    crisis = editor.page("crisis")
    editor.nav.setCurrentRow(editor.pages.index(crisis))
    crisis.list.setCurrentRow(0)
    assert crisis.id.text() == "suicide-self-harm"
    result = edit_and_wait(qtbot, editor, lambda: crisis.response.setPlainText("   "))
    assert not result.valid and len(result.problems) == 2
    texts = problem_texts(editor)
    assert any("Crisis categories › Suicide and self-harm › Response: must not be empty" in t for t in texts)
    assert crisis.response.property("invalid") is True
    assert crisis.list.item(0).text().startswith("⚠")

    # Choosing a problem jumps to its field.
    editor.nav.setCurrentRow(0)
    editor.problems.itemActivated.emit(editor.problems.item(1))
    assert editor.stack.currentWidget() is crisis

    # Install is refused while invalid, even if asked directly.
    with qtbot.assertNotEmitted(editor.install_requested):
        editor._install_clicked()

    edit_and_wait(qtbot, editor, lambda: about.fields["name"].setText("Clinic wellbeing"))
    result = edit_and_wait(qtbot, editor, lambda: crisis.response.setPlainText(
        "I'm so glad you told me. Please call or text 988, or call 911 if you are in danger now."))
    assert result.valid and not problem_texts(editor)
    assert crisis.response.property("invalid") is False

    assistant = editor.page("assistant")
    disclaimer = "Confidant is an AI, not a person or a therapist. In an emergency call 911 or 999."
    result = edit_and_wait(qtbot, editor, lambda: assistant.fields["disclaimer"].setPlainText(disclaimer))
    assert result.valid and editor.install_button.isEnabled() and editor.dirty
    with qtbot.waitSignal(controller.profile_changed, timeout=SIGNAL_TIMEOUT) as changed:
        qtbot.mouseClick(editor.install_button, LEFT)
    installed = changed.args[0]
    assert installed.disclaimer == disclaimer and installed.name == "Clinic wellbeing"
    assert controller.profile.disclaimer == disclaimer
    assert "Installed" in dialog.message.text() and not editor.dirty
    # The open conversation is reopened with the new rails, so its next message uses them.
    qtbot.waitUntil(lambda: controller.session is not None
                    and controller.session.guardrails.profile.disclaimer == disclaimer, timeout=SIGNAL_TIMEOUT)


def test_help_line_edits_follow_into_crisis_categories_and_bad_ones_are_refused(qtbot, unlocked_window) -> None:
    dialog = open_dialog(qtbot, unlocked_window)
    editor = dialog.editor
    help_lines = editor.page("resources")
    editor.nav.setCurrentRow(editor.pages.index(help_lines))
    row = next(i for i, r in enumerate(editor.draft.resources) if r.id == "samaritans")
    help_lines.table.setCurrentCell(row, 0)
    assert help_lines.fields["phone"].text() == "116 123"

    # Renaming a help line follows it into the crisis categories that show it.
    result = edit_and_wait(qtbot, editor, lambda: help_lines.fields["id"].setText("samaritans-uk-ie"))
    assert result.valid
    assert all("samaritans" not in c.resources for c in editor.draft.crisis)
    assert any("samaritans-uk-ie" in c.resources for c in editor.draft.crisis)

    # A help line with neither phone nor text number is refused, on that line.
    def clear_numbers() -> None:
        help_lines.fields["phone"].setText("")
        help_lines.fields["text"].setText("")

    result = edit_and_wait(qtbot, editor, clear_numbers)
    assert not result.valid
    assert any(t.startswith("Help lines › Samaritans") and "phone" in t for t in problem_texts(editor))
    assert help_lines.fields["phone"].property("invalid") is True

    # Two help lines with one id: refused before TOML would even be written.
    help_lines.add()
    result = edit_and_wait(qtbot, editor, lambda: help_lines.fields["id"].setText("samaritans-uk-ie"))
    assert any("two help lines have the id" in t for t in problem_texts(editor))
    assert not editor.install_button.isEnabled() and not result.valid


# ---- the form and the TOML it writes ----------------------------------------------------------------------------

SHIPPED = [path.name for path in shipped_profiles()]


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_profile_survives_form_to_toml_to_validation(name: str) -> None:
    text = next(path for path in shipped_profiles() if path.name == name).read_text(encoding="utf-8")
    original = validate_profile_text(text, name)
    draft = draft_from_text(text, name)
    written = draft_to_toml(draft)
    again = validate_profile_text(written, "written")
    assert same_profile(original, again)
    assert draft_to_toml(draft_from_text(written)) == written  # stable: writing twice changes nothing
    assert not draft_problems(draft)
    assert len(draft.lists) > 10 and len(draft.exclusions) > 5  # kept although the Profile does not hold them


def test_the_form_shows_a_shipped_profile_and_writes_it_back_unchanged(qtbot) -> None:
    from app.ui.clinician.editor import ProfileEditor
    from app.ui.tasks import TaskRunner

    runner = TaskRunner("test-clinician")
    try:
        for path in shipped_profiles():
            text = path.read_text(encoding="utf-8")
            original = validate_profile_text(text, path.name)
            editor = ProfileEditor(runner)
            qtbot.addWidget(editor)
            with qtbot.waitSignal(editor.validated, timeout=SIGNAL_TIMEOUT) as checked:
                editor.load_text(text, path.name)
            assert checked.args[0].valid and same_profile(original, checked.args[0].profile)
            assert editor.page("identity").fields["name"].text() == original.name
            assert editor.page("assistant").fields["disclaimer"].toPlainText() == original.disclaimer
            assert editor.page("resources").table.rowCount() == len(original.resources)
            crisis = editor.page("crisis")
            assert crisis.list.count() == len(original.crisis)
            assert crisis.rules.list.count() == len(original.crisis[0].rules)
            first = original.crisis[0].rules[0]
            assert crisis.rules.entries.toPlainText().splitlines() == [p.source for p in first.patterns]
            assert editor.page("scope").list.count() == len(original.scope)
            assert editor.page("output").list.count() == len(original.output)
            features = getattr(original, "features", None)  # [features] arrived with the CBT toolkit
            if features is not None and any(page.section == "features" for page in editor.pages):
                page = editor.page("features")
                assert page.memory.isChecked() == features.memory
                assert [e for e, box in page.exercises.items() if box.isChecked()] == list(features.exercises)
            assert not editor.dirty
    finally:
        runner.shutdown()


def test_awkward_text_is_written_as_toml_that_reads_back_the_same() -> None:
    draft = draft_from_text(builtin_profile().text)
    awkward = 'He said "stop".\nA back\\slash, a tab\there, """three quotes""" and one at the end"'
    draft.disclaimer = awkward
    draft.persona = 'One line with "quotes" and a \\ backslash and an emoji 🌿'
    draft.resources.append(ResourceDraft("odd-line", 'Line "with" quotes', "Anywhere", "24/7", phone="123"))
    draft.crisis[0].resources.append("odd-line")
    draft.crisis[0].rules.append(NamedListDraft("extra", ["want to disappear forever"]))
    written = draft_to_toml(draft)
    profile = validate_profile_text(written, "awkward")
    assert profile.persona == draft.persona
    assert profile.disclaimer == reflow(awkward)
    assert profile.resources[-1].name == 'Line "with" quotes'
    assert [r.id for r in profile.crisis[0].resources][-1] == "odd-line"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.text(max_size=80))
def test_any_text_written_in_a_field_reads_back_exactly(text: str, key: str) -> None:
    draft = ProfileDraft(name=text, disclaimer=text, lists=[NamedListDraft(key, [text])])
    data = tomllib.loads(draft_to_toml(draft))
    assert data["name"] == data["assistant"]["disclaimer"] == text.strip()
    assert data["lists"] == {key: [text]}
    assert draft_from_text(draft_to_toml(draft)).disclaimer == reflow(text)


def test_ids_the_toml_could_not_hold_are_reported_by_field() -> None:
    draft = draft_from_text(builtin_profile().text)
    draft.resources.append(ResourceDraft(draft.resources[0].id, "Copy", "Here", "24/7", phone="1"))
    draft.scope.append(CategoryDraft("scope", "", "Unnamed"))
    fields = {problem.field for problem in draft_problems(draft)}
    assert f"resources.{draft.resources[0].id}.id" in fields and "scope..id" in fields


# ---- the form follows the schema; one base for the list editors -------------------------------------------------

def editor_pages(qtbot, draft: ProfileDraft | None = None) -> tuple[dict[str, QWidget], list[int]]:
    """Every page of the editor, loaded with `draft` (the default profile), and a count of edits reported."""
    from app.ui.clinician.editor_pages import make_pages

    edits: list[int] = []
    pages = make_pages(lambda: edits.append(1))
    draft = draft or draft_from_text(default_profile().text)
    for page in pages:
        qtbot.addWidget(page)
        page.load(draft)
    return {page.section: page for page in pages}, edits


def test_the_form_has_a_field_for_every_key_the_schema_lets_a_clinician_edit(qtbot) -> None:
    from app.safety.schema import AFTER_CRISIS, ASSISTANT, AUDIT, RESOURCE, SCORER, TOP

    pages, _ = editor_pages(qtbot)
    editable = ("line", "prose", "flag", "choice")
    expected = {"identity": (*TOP.of_kind(*editable), *AUDIT.of_kind(*editable)),
                "assistant": ASSISTANT.of_kind(*editable), "after_crisis": AFTER_CRISIS.of_kind(*editable),
                "scorer": SCORER.keys}
    for section, keys in expected.items():
        fields = pages[section].fields
        assert list(fields) == [key.name for key in keys]
        for key in keys:
            if key.kind != "flag":  # a check box is named by its own text, which is the label
                assert fields[key.name].accessibleName() == key.label
            else:
                assert fields[key.name].text() == key.label
    for key in SCORER.of_kind("number", "whole"):  # the validator's ranges, not a second copy
        box = pages["scorer"].fields[key.name]
        assert (box.minimum(), box.maximum()) == (key.low, key.high)
    assert set(pages["resources"].fields) == {"id", *RESOURCE.names}


def test_the_list_editors_add_remove_and_reveal_alike(qtbot) -> None:
    from app.safety.locations import Location

    pages, edits = editor_pages(qtbot)
    crisis = pages["crisis"]
    editors = {"resources": (pages["resources"], "new-help-line"), "scope": (pages["scope"], "new-scope"),
               "lists": (pages["lists"], "new-list"), "rules": (crisis.rules, "new-rule")}
    for name, (editor, default_id) in editors.items():
        before = [editor.item_id(item) for item in editor.items]
        editor.add()
        editor.add()
        ids = [editor.item_id(item) for item in editor.items]
        assert ids == [*before, default_id, f"{default_id}-2"], name  # fresh ids, never a repeat
        assert editor.current() is editor.items[-1] and editor.remove_button.isEnabled()
        editor.remove_current()
        assert [editor.item_id(item) for item in editor.items] == [*before, default_id], name
        assert editor.current() is editor.items[-1]  # the one above the removed one is chosen
        editor.reveal_item(before[0])
        assert editor.current() is editor.items[0], name
    assert len(edits) == 3 * len(editors)  # each add and remove is an edit

    # A required crisis category cannot be removed; an added one can, and a problem marks its row.
    crisis.reveal(Location("crisis", "name", "suicide-self-harm"))
    assert crisis.current().id == "suicide-self-harm" and not crisis.remove_button.isEnabled()
    crisis.remove_current()
    assert crisis.items[0].id == "suicide-self-harm"
    crisis.add()
    assert crisis.remove_button.isEnabled()
    crisis.mark([Location("crisis", "response", "new-crisis")])
    assert crisis.list.item(crisis.list.count() - 1).text().startswith("⚠")
    assert crisis.response.property("invalid") is True


# ---- test bench and audit ------------------------------------------------------------------------------------

def test_the_bench_explains_verdicts_and_the_audit_lists_a_crisis(qtbot, unlocked_window) -> None:
    window = unlocked_window
    reply, stream = send_and_wait(qtbot, window, "I want to kill myself tonight")
    assert stream.kind is ReplyKind.CRISIS and reply.text == window.controller.profile.crisis[0].response
    conversation_id = window.controller.session.conversation_id

    dialog = open_dialog(qtbot, window)
    dialog.tabs.setCurrentWidget(dialog.bench)
    bench = dialog.bench
    bench.messages.setPlainText("I want to kill myself tonight\nthis homework is killing me\n\n"
                                "should I double my sertraline?\nI had a lovely walk today")
    with qtbot.waitSignal(bench.checked, timeout=SIGNAL_TIMEOUT) as checked:
        qtbot.mouseClick(bench.check_button, LEFT)
    rows = checked.args[0]
    assert [row.verdict.action.value for row in rows] == ["crisis", "allow", "redirect", "allow"]
    assert rows[0].verdict.category == "suicide-self-harm" and rows[0].verdict.rule.startswith("suicide-self-harm.")
    table = bench.table
    assert table.rowCount() == 4
    assert [table.item(0, c).text() for c in (0, 1, 3)] == ["I want to kill myself tonight", "crisis",
                                                              "suicide-self-harm"]
    assert table.item(0, 4).text() == rows[0].verdict.rule and table.item(0, 5).text() == rows[0].verdict.pattern
    assert table.item(1, 1).text() == "allow" and table.item(1, 3).text() == "—"
    assert "the profile in the editor" in bench.using.text()

    bench.output_side.setChecked(True)
    bench.messages.setPlainText("As your therapist, I think you should double your sertraline.")
    with qtbot.waitSignal(bench.checked, timeout=SIGNAL_TIMEOUT) as checked:
        qtbot.keyClick(bench.messages, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert checked.args[0][0].verdict.action.value == "block"

    # A long paste is checked on a worker thread, with the same verdicts.
    bench.input_side.setChecked(True)
    lines = ["I want to kill myself tonight", "this homework is killing me"] * 150
    bench.messages.setPlainText("\n".join(lines))
    with qtbot.waitSignal(bench.checked, timeout=SIGNAL_TIMEOUT) as checked:
        qtbot.mouseClick(bench.check_button, LEFT)
        assert not bench.check_button.isEnabled()  # running off the GUI thread
    assert [row.verdict.action.value for row in checked.args[0]] == ["crisis", "allow"] * 150
    assert bench.summary.text() == "300 messages: 150 crisis, 150 allow."

    # A topic added in the editor is used by the bench before it is installed.
    editor = dialog.editor
    scope = editor.page("scope")

    def add_topic() -> None:
        scope.add()
        scope.name.setText("Gardening")
        scope.response.setPlainText("Let's keep to how you are feeling.")
        scope.rules.add()
        scope.rules.entries.setPlainText("tomato|tomatoes")

    assert edit_and_wait(qtbot, editor, add_topic).valid
    bench.input_side.setChecked(True)
    bench.messages.setPlainText("how do I grow tomatoes")
    with qtbot.waitSignal(bench.checked, timeout=SIGNAL_TIMEOUT) as checked:
        bench.run_check()
    verdict = checked.args[0][0].verdict
    assert (verdict.action.value, verdict.category, verdict.rule) == ("redirect", "new-scope",
                                                                     "new-scope.new-rule")

    with qtbot.waitSignal(dialog.audit.loaded, timeout=SIGNAL_TIMEOUT):
        dialog.tabs.setCurrentWidget(dialog.audit)
    audit = dialog.audit
    crisis_rows = [row for row in range(audit.table.rowCount()) if audit.table.item(row, 1).text() == "Crisis message"]
    assert len(crisis_rows) == 1
    row = crisis_rows[0]
    assert audit.table.item(row, 2).text() == "suicide-self-harm"
    assert audit.table.item(row, 3).text().startswith("suicide-self-harm.")
    assert audit.table.item(row, 4).text() == str(conversation_id)
    assert audit.table.item(row, 5).text() == "not recorded"  # the default profile keeps no message text


# ---- import / export -------------------------------------------------------------------------------------------

def test_import_and_export_of_profile_files(qtbot, unlocked_window, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, unlocked_window)
    transfer, editor = dialog.transfer, dialog.editor
    dialog.tabs.setCurrentWidget(transfer)

    broken = tmp_path / "broken.toml"
    broken.write_text('schema = 1\nid = "clinic"\nname = "Unfinished\nversion = "1"\n', encoding="utf-8")
    with qtbot.waitSignal(transfer.import_failed, timeout=SIGNAL_TIMEOUT) as failed:
        transfer.import_file(broken)
    assert "broken.toml, line 3:" in failed.args[0]
    assert "line 3" in transfer.report.toPlainText() and transfer.report.isVisible()
    assert "cannot be used" in transfer.message.text()
    assert editor.draft.id == "general-wellbeing"  # the editor kept what it had

    text = next(p for p in shipped_profiles() if p.stem == "general-wellbeing").read_text(encoding="utf-8")
    schema_broken = tmp_path / "no-response.toml"
    schema_broken.write_text(text.replace('[crisis.child-abuse]\nname = "Abuse of a child"',
                                          '[crisis.child-abuse]\nname = ""'), encoding="utf-8")
    with qtbot.waitSignal(transfer.import_failed, timeout=SIGNAL_TIMEOUT) as failed:
        transfer.import_file(schema_broken)
    line = text.splitlines().index("[crisis.child-abuse]") + 2
    assert f"line {line}: crisis.child-abuse.name: must not be empty" in failed.args[0]

    qtbot.waitUntil(transfer.shipped.isEnabled, timeout=SIGNAL_TIMEOUT)
    names = [transfer.shipped.itemText(i) for i in range(transfer.shipped.count())]
    assert names[0] == "General wellbeing" and len(names) == len(SHIPPED)
    index = next(i for i in range(transfer.shipped.count()) if "young-people" in transfer.shipped.itemData(i))
    with qtbot.waitSignal(editor.validated, timeout=SIGNAL_TIMEOUT) as checked:
        transfer.load_shipped(transfer.shipped.itemData(index))
    assert checked.args[0].valid and editor.draft.id == "young-people"

    about = editor.page("identity")
    edit_and_wait(qtbot, editor, lambda: about.fields["id"].setText("young-people-clinic"))
    with qtbot.waitSignal(transfer.exported, timeout=SIGNAL_TIMEOUT) as exported:
        transfer.export_to(tmp_path / "mine")
    written = Path(exported.args[0])
    assert written.name == "mine.toml"
    assert validate_profile_text(written.read_text(encoding="utf-8")).id == "young-people-clinic"

    with qtbot.waitSignal(transfer.imported, timeout=SIGNAL_TIMEOUT):
        transfer.import_file(broken.with_name("mine.toml"))
    assert editor.draft.id == "young-people-clinic" and not transfer.report.isVisible()


# ---- accessibility ---------------------------------------------------------------------------------------------

def unnamed_widgets(root: QWidget, seen: set[int]) -> list[str]:
    """Every visible, enabled widget that takes focus must give a screen reader a name (asked through Qt's
    accessibility layer, as a screen reader would)."""
    from PySide6.QtGui import QAccessible

    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or not widget.isEnabled() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        seen.add(id(widget))
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Name).strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}")
    return missing


def test_every_clinician_control_has_an_accessible_name(qtbot, make_window) -> None:
    from tests.ui.conftest import create_and_unlock

    window = make_window(theme="dark", text_size="large")
    create_and_unlock(qtbot, window)
    dialog = open_dialog(qtbot, window)
    missing: list[str] = []
    seen: set[int] = set()
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        if dialog.tabs.currentWidget() is dialog.editor:
            for row in range(dialog.editor.nav.count()):
                dialog.editor.nav.setCurrentRow(row)
                missing += unnamed_widgets(dialog.editor.stack.currentWidget(), seen)
        missing += unnamed_widgets(dialog, seen)
    dialog.lock_page.show_status(dataclasses.replace(dialog.lock_status, locked=True))
    missing += unnamed_widgets(dialog, seen)
    from app.ui.clinician.gate import PinDialog

    pin = PinDialog(window)
    qtbot.addWidget(pin)
    pin.show()
    missing += unnamed_widgets(pin, seen)
    assert sorted(set(missing)) == []
    assert len(seen) > 60  # the walk really reached every page
