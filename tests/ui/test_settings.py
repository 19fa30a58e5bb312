"""The Settings window, driven as a person would, over a real encrypted store and the real model.

File choosers are the only thing skipped: tests call the method the chooser hands its path to.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from app.settings import AppSettings
from app.storage import EXPORT_WARNING, Store
from app.ui.qt import QApplication, QMessageBox, QPalette, Qt, QTimer, is_valid
from app.ui.settings.erase_page import CONFIRM_PHRASE
from app.ui.theme import DARK, apply_theme
from tests.ui.conftest import PASSPHRASE, SIGNAL_TIMEOUT, create_and_unlock, unlock
from tests.ui.test_accessibility import tab_reachable, unnamed_widgets

WAIT = 20_000  # ms; waits end as soon as the condition holds


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def stored_settings(controller) -> AppSettings:
    return controller.store_runner.call(lambda: AppSettings.load(controller.store))


def add_conversation(controller, title: str, text: str) -> int:
    def work() -> int:
        conversation = controller.store.create_conversation(title)
        controller.store.add_message(conversation.id, "user", text)
        controller.store.add_message(conversation.id, "assistant", "Thank you for telling me.")
        return conversation.id

    return controller.store_runner.call(work)


def titles(controller) -> set[str]:
    return {c.title for c in controller.store_runner.call(lambda: controller.store.list_conversations())}


# ---- model --------------------------------------------------------------------------------------------


def test_bad_model_files_are_refused_clearly_and_a_good_one_is_shown_then_used(
    qtbot, unlocked_window, open_settings, tmp_path: Path, default_model_path: Path
) -> None:
    controller = unlocked_window.controller
    page = open_settings(unlocked_window).model_page
    in_use = controller.engine.info.path
    assert page.values["file"].text() == str(in_use)

    cut_short = tmp_path / "cut-short.gguf"
    with default_model_path.open("rb") as source:
        cut_short.write_bytes(source.read(100_000))
    not_a_model = tmp_path / "notes.gguf"
    not_a_model.write_text("Shopping list: bread, milk, apples.\n", encoding="utf-8")

    for path, reason in ((cut_short, "incomplete"), (not_a_model, "not a GGUF model file")):
        page.examine(path)
        qtbot.waitUntil(lambda: page.candidate_status.is_error, timeout=WAIT)
        message = page.candidate_status.text()
        assert message.startswith("This file cannot be used.") and reason in message and path.name in message
        assert "Traceback" not in message
        assert not page.use_button.isVisible() and page.candidate is None
    assert controller.settings.model_path is None and controller.engine.info.path == in_use

    copy = tmp_path / default_model_path.name
    try:
        os.link(default_model_path, copy)
    except OSError:
        shutil.copyfile(default_model_path, copy)
    page.examine(copy)
    qtbot.waitUntil(page.use_button.isVisible, timeout=WAIT)
    details = page.candidate_text.text()
    for shown in ("SmolLM2 135M Instruct", "98 MB", "Context length: 8,192 tokens", "Licence: Apache-2.0"):
        assert shown in details
    assert not page.candidate_status.is_error

    with qtbot.waitSignal(controller.model_ready, timeout=SIGNAL_TIMEOUT,
                          check_params_cb=lambda info: info.path == copy):
        click(qtbot, page.use_button)
    assert controller.engine.info.path == copy
    assert controller.settings.model_path == str(copy) == stored_settings(controller).model_path
    qtbot.waitUntil(lambda: page.values["file"].text() == str(copy), timeout=WAIT)

    with qtbot.waitSignal(controller.model_ready, timeout=SIGNAL_TIMEOUT):
        click(qtbot, page.default_button)
    assert controller.engine.info.path == default_model_path
    assert stored_settings(controller).model_path is None


# ---- replies, appearance, auto-lock --------------------------------------------------------------------


def test_sampling_changes_are_saved_and_reach_the_session(qtbot, unlocked_window, open_settings) -> None:
    controller = unlocked_window.controller
    page = open_settings(unlocked_window).replies_page
    recommended = controller.engine.default_sampling
    # Shown: the person's own choice where there is one (the fixture chose short replies), else the model's.
    assert page.max_tokens.value() == controller.settings.max_tokens != recommended.max_tokens
    assert page.temperature.value() == pytest.approx(recommended.temperature)

    with qtbot.waitSignal(controller.settings_changed, timeout=WAIT):
        page.temperature.setValue(0.7)
        page.max_tokens.setValue(128)
    assert (controller.settings.temperature, controller.settings.max_tokens) == (0.7, 128)
    assert controller.settings.top_p is None  # untouched values keep following the model's recommendation
    assert (controller.session.sampling.temperature, controller.session.sampling.max_tokens) == (0.7, 128)
    assert stored_settings(controller).temperature == 0.7

    with qtbot.waitSignal(controller.settings_changed, timeout=WAIT):
        click(qtbot, page.reset_button)
    assert stored_settings(controller).temperature is None
    assert controller.session.sampling == recommended
    assert page.temperature.value() == pytest.approx(recommended.temperature)
    assert page.max_tokens.value() == recommended.max_tokens


def test_theme_and_text_size_apply_at_once_and_persist(qtbot, make_window, open_settings) -> None:
    window = make_window()
    create_and_unlock(qtbot, window)
    dialog = open_settings(window)
    page = dialog.appearance_page
    dialog.show_page(page)
    page.theme.setCurrentIndex(page.theme.findData("dark"))
    page.text_size.setCurrentIndex(page.text_size.findData("large"))
    qtbot.waitUntil(lambda: (window.controller.settings.theme, window.controller.settings.text_size)
                    == ("dark", "large"), timeout=WAIT)
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).name().upper() == DARK.window
    dialog.close()
    window.close()

    again = make_window()
    unlock(qtbot, again)
    settings = again.controller.settings
    assert (settings.theme, settings.text_size) == ("dark", "large")
    page = open_settings(again).appearance_page
    assert (page.theme.currentData(), page.text_size.currentData()) == ("dark", "large")


def test_auto_lock_is_saved_and_locking_closes_settings(qtbot, unlocked_window, open_settings) -> None:
    controller = unlocked_window.controller
    dialog = open_settings(unlocked_window)
    page = dialog.privacy_page
    assert page.auto_lock.value() == 15
    with qtbot.waitSignal(controller.settings_changed, timeout=WAIT):
        page.auto_lock.setValue(0)
    assert page.auto_lock.text() == "Never"
    assert stored_settings(controller).auto_lock_minutes == 0

    controller.lock()  # as auto-lock or Ctrl+L would: nothing stays on screen
    qtbot.waitUntil(lambda: not is_valid(dialog) or not dialog.isVisible(), timeout=WAIT)


# ---- privacy: export, backup, restore, passphrase, erase -----------------------------------------------


def test_export_warns_first_then_writes_a_private_file(qtbot, unlocked_window, open_settings,
                                                      tmp_path: Path) -> None:
    controller = unlocked_window.controller
    add_conversation(controller, "Sunday evening", "I felt calmer after the walk by the river.")
    page = open_settings(unlocked_window).privacy_page
    assert EXPORT_WARNING in page.export_warning.text()

    # Declining the warning writes nothing and never asks for a file.
    seen: list[str] = []
    answer_message_box(qtbot, "Cancel", seen)
    page.start_export()
    assert seen == [EXPORT_WARNING]
    assert not page.export_status.isVisible()

    # What runs once the warning was accepted and a file chosen:
    for fmt, name in (("markdown", "export.md"), ("json", "export.json")):
        out = tmp_path / name
        page.export_to(out, fmt)
        qtbot.waitUntil(lambda: page.export_status.text().startswith("Exported"), timeout=WAIT)
        assert "Exported 1 conversation" in page.export_status.text()
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        page.export_status.clear_message()
    assert "I felt calmer after the walk by the river." in (tmp_path / "export.md").read_text(encoding="utf-8")
    document = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    first = document["conversations"][0]["messages"][0]
    assert (first["role"], first["content"]) == ("user", "I felt calmer after the walk by the river.")


def answer_message_box(qtbot, button_text: str, seen: list[str]) -> None:
    """Press `button_text` on the next message box (it is modal, so this runs from the event loop)."""
    attempts = [0]

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            next(b for b in box.buttons() if b.text() == button_text).click()
            return
        attempts[0] += 1
        if attempts[0] > 500:
            if box is not None:
                seen.append(f"unexpected {type(box).__name__}")
                box.close()
            return
        QTimer.singleShot(10, attempt)

    QTimer.singleShot(0, attempt)


def test_backup_restores_into_a_fresh_folder(qtbot, unlocked_window, open_settings, tmp_path: Path) -> None:
    controller = unlocked_window.controller
    add_conversation(controller, "Worries", "The exam is on Thursday and I can't sleep.")
    page = open_settings(unlocked_window).backup_page
    backup = tmp_path / "mine.confidant-backup"
    page.make_backup(backup)
    qtbot.waitUntil(lambda: page.backup_status.text().startswith("Backup saved"), timeout=WAIT)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert b"exam is on Thursday" not in backup.read_bytes()  # encrypted

    restored = Store.restore(tmp_path / "elsewhere", backup, PASSPHRASE)
    try:
        [conversation] = restored.list_conversations()
        assert conversation.title == "Worries"
        assert restored.messages(conversation.id)[0].content == "The exam is on Thursday and I can't sleep."
    finally:
        restored.close()


def test_restore_replaces_the_history_and_a_failed_one_changes_nothing(
    qtbot, unlocked_window, open_settings, tmp_path: Path
) -> None:
    window, controller = unlocked_window, unlocked_window.controller
    add_conversation(controller, "Before the backup", "First entry.")
    dialog = open_settings(window)
    page = dialog.backup_page
    backup = tmp_path / "mine.confidant-backup"
    page.make_backup(backup)
    qtbot.waitUntil(lambda: page.backup_status.text().startswith("Backup saved"), timeout=WAIT)
    add_conversation(controller, "After the backup", "Second entry.")
    dialog.show_page(page)
    page.set_restore_file(backup)

    page.restore_passphrase.setText("not the backup's passphrase")
    click(qtbot, page.restore_button)
    qtbot.waitUntil(lambda: page.restore_status.is_error, timeout=SIGNAL_TIMEOUT)
    assert "does not unlock" in page.restore_status.text() and "as it was" in page.restore_status.text()
    assert controller.store is None and window.stack.currentWidget() is window.unlock_page
    assert dialog.isVisible() and not page.backup_button.isEnabled()
    with qtbot.waitSignal(controller.store_ready, timeout=SIGNAL_TIMEOUT):
        window.unlock_page.field.setText(PASSPHRASE)
        click(qtbot, window.unlock_page.unlock_button)
    assert titles(controller) == {"Before the backup", "After the backup"}

    page.restore_passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(controller.store_ready, timeout=SIGNAL_TIMEOUT):
        click(qtbot, page.restore_button)
    assert titles(controller) == {"Before the backup"}
    assert window.stack.currentWidget() is window.chat
    assert "restored" in page.restore_status.text() and not page.restore_status.is_error
    assert page.backup_button.isEnabled()


def test_changed_passphrase_unlocks_and_the_old_one_does_not(qtbot, make_window, open_settings) -> None:
    window = make_window()
    create_and_unlock(qtbot, window)
    page = open_settings(window).passphrase_page
    new = "lanterns over the bay 42"
    page.current.setText(PASSPHRASE)
    page.new.setText(new)
    page.repeat.setText("lanterns over the bay 24")
    click(qtbot, page.change_button)
    assert page.status.is_error and "different" in page.status.text()
    page.repeat.setText(new)
    click(qtbot, page.change_button)
    qtbot.waitUntil(lambda: "was changed" in page.status.text(), timeout=SIGNAL_TIMEOUT)
    assert page.new.text() == "" and page.repeat.text() == ""
    window.close()

    again = make_window()
    with qtbot.waitSignal(again.controller.unlock_failed, timeout=SIGNAL_TIMEOUT):
        again.unlock_page.field.setText(PASSPHRASE)
        click(qtbot, again.unlock_page.unlock_button)
    unlock(qtbot, again, new)
    assert again.stack.currentWidget() is again.chat


def test_erase_needs_the_typed_words_then_leaves_no_history(qtbot, unlocked_window, open_settings) -> None:
    window, controller = unlocked_window, unlocked_window.controller
    add_conversation(controller, "Private", "Something only I should read.")
    dialog = open_settings(window)
    page = dialog.erase_page
    dialog.show_page(page)

    page.confirmation.setText("delete")
    assert not page.erase_button.isEnabled()
    page.erase()
    assert controller.store is not None and (controller.data_dir / "history.db").exists()

    page.confirmation.setText(CONFIRM_PHRASE.capitalize())
    assert not page.erase_button.isEnabled()  # the passphrase too
    page.passphrase.setText(PASSPHRASE)
    assert page.erase_button.isEnabled()
    with qtbot.waitSignal(dialog.wiped, timeout=SIGNAL_TIMEOUT):
        click(qtbot, page.erase_button)
    leftovers = [p.name for p in controller.data_dir.glob("history*")] if controller.data_dir.exists() else []
    assert leftovers == []
    assert controller.store is None and controller.first_run
    assert window.stack.currentWidget() is window.welcome  # a fresh start, as on a new computer
    assert "erased" in page.status.text()
    with qtbot.waitSignal(controller.store_ready, timeout=SIGNAL_TIMEOUT):
        window.welcome.first.setText("a brand new start 42")
        window.welcome.second.setText("a brand new start 42")
        window.welcome.understood.setChecked(True)
        window.welcome.create_button.click()
    assert controller.store.list_conversations() == []


# ---- accessibility ------------------------------------------------------------------------------------


def test_every_page_is_named_and_reachable_by_keyboard(qtbot, make_window, open_settings) -> None:
    window = make_window(theme="dark", text_size="large")
    create_and_unlock(qtbot, window)
    dialog = open_settings(window)
    dialog.backup_page.set_restore_file(Path("/nonexistent/backup.confidant-backup"))
    for theme in ("dark", "light"):
        apply_theme(QApplication.instance(), theme, "large")
        for page in dialog.pages:
            dialog.show_page(page)
            QApplication.processEvents()
            assert unnamed_widgets(dialog) == [], (theme, page.title)

    # From the section list, Tab reaches the page's controls and the Close button.
    dialog.show_page(dialog.replies_page)
    dialog.nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.nav, timeout=5_000)
    page = dialog.replies_page
    targets = [page.max_tokens, page.temperature, page.reset_button, dialog.close_button]
    assert tab_reachable(dialog, targets) == {0, 1, 2, 3}
