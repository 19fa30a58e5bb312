"""Security in the window (issue 12 items 8 and 9), on real widgets offscreen over a real encrypted store.

Help before the passphrase (button and F1, on the unlock and welcome screens); the unlock screen's own words,
with restore offered only for a damaged or missing history; the current passphrase and the common-password
check when changing it; erasing needs the passphrase, and keeps a clinician's locked profile unless their PIN
is given.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.safety import ProfileLock, default_profile
from app.safety.lock import LOCK_KEY
from app.storage import Store
from app.storage.files import DB_NAME
from app.storage.passphrase_policy import COMMON
from app.ui.dialogs import HelpDialog
from app.ui.onboarding import DAMAGED, MISSING, WRONG_PASSPHRASE
from app.ui.qt import QApplication, Qt, QTimer
from app.ui.settings.erase_page import CONFIRM_PHRASE, KEPT_NOTE
from tests.ui.conftest import PASSPHRASE, SIGNAL_TIMEOUT

PIN = "4817-clinic"
WAIT = 30_000
SHOTS = Path(os.environ.get("CONFIDANT_TEST_SHOTS", "")) if os.environ.get("CONFIDANT_TEST_SHOTS") else None


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def help_shown_by(qtbot, trigger) -> dict:
    """Run `trigger`; the help dialog it opens (modally) is looked at, then closed. {} if none opened."""
    seen: dict = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, HelpDialog):
            seen.update(resources=len(dialog.card.resource_labels),
                        safety_plan=dialog.card.plan_button.isVisibleTo(dialog), title=dialog.windowTitle())
            dialog.reject()
        else:
            seen["other"] = dialog

    QTimer.singleShot(200, look)  # runs inside the dialog's own event loop
    trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)
    return seen


def activate(qtbot, window) -> None:
    """Keys reach shortcuts only in the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT)


def try_unlock(qtbot, window, passphrase: str):
    with qtbot.waitSignal(window.controller.unlock_failed, timeout=SIGNAL_TIMEOUT) as failed:
        window.unlock_page.field.setText(passphrase)
        click(qtbot, window.unlock_page.unlock_button)
    return failed.args


def shot(widget, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()  # let the layout take in the last message first
        widget.grab().save(str(SHOTS / f"{name}.png"))


# ---- before the passphrase -----------------------------------------------------------------------------------


def test_help_is_one_click_or_f1_away_on_the_lock_and_welcome_screens(qtbot, make_window, confidant_home) -> None:
    welcome = make_window()
    assert welcome.stack.currentWidget() is welcome.welcome and welcome.welcome.help_button.isVisible()
    activate(qtbot, welcome)
    welcome.welcome.first.setFocus()
    shown = help_shown_by(qtbot, lambda: qtbot.keyClick(welcome.welcome.first, Qt.Key.Key_F1))
    assert shown["title"] == "Get help now" and shown["resources"] == len(default_profile().resources)
    welcome.close()

    Store.create(confidant_home, PASSPHRASE).close()
    window = make_window()
    page = window.unlock_page
    assert window.stack.currentWidget() is page and page.help_button.isVisible()
    shown = help_shown_by(qtbot, lambda: click(qtbot, page.help_button))
    # The shipped default's help lines (the installed profile is in the locked history), and no safety-plan
    # button: the plan is in the locked history too.
    assert shown["resources"] == len(default_profile().resources) and not shown["safety_plan"]
    activate(qtbot, window)
    page.field.setFocus()
    shown = help_shown_by(qtbot, lambda: qtbot.keyClick(page.field, Qt.Key.Key_F1))
    assert shown["title"] == "Get help now"
    page.help_button.setFocus()  # reached with Tab, pressed with Enter (as Space does)
    shown = help_shown_by(qtbot, lambda: qtbot.keyClick(page.help_button, Qt.Key.Key_Return))
    assert shown["title"] == "Get help now"
    assert window.controller.store is None  # all of it without the passphrase


def test_a_wrong_passphrase_is_worded_for_the_window_and_offers_no_restore(qtbot, make_window,
                                                                           confidant_home) -> None:
    Store.create(confidant_home, PASSPHRASE).close()
    window = make_window()
    page = window.unlock_page
    _, error = try_unlock(qtbot, window, PASSPHRASE + "x")  # a single typo
    assert type(error).__name__ == "WrongPassphrase"
    assert page.error.text() == WRONG_PASSPHRASE and page.error.isVisible()
    assert "confidant" not in page.error.text() and "`" not in page.error.text()
    assert not page.restore_button.isVisible()  # restoring would replace newer history with an older backup
    assert page.field.hasFocus() and page.field.text() == ""
    shot(window, "unlock-wrong-passphrase")


def test_a_damaged_history_offers_restore_even_after_a_later_typo(qtbot, make_window, confidant_home) -> None:
    with Store.create(confidant_home, PASSPHRASE) as store:
        store.create_conversation("Before the damage")
    history = confidant_home / DB_NAME
    data = bytearray(history.read_bytes())
    data[1000:1016] = bytes(b ^ 0xFF for b in data[1000:1016])  # the first page, which the key is checked on
    history.write_bytes(bytes(data))

    window = make_window()
    page = window.unlock_page
    _, error = try_unlock(qtbot, window, "not the passphrase at all")
    assert type(error).__name__ == "WrongPassphrase" and not page.restore_button.isVisible()

    _, error = try_unlock(qtbot, window, PASSPHRASE)
    assert type(error).__name__ == "CorruptStore"
    assert page.error.text() == DAMAGED and page.restore_button.isVisible()
    assert "confidant restore" not in page.error.text()
    shot(window, "unlock-damaged")

    try_unlock(qtbot, window, PASSPHRASE + "x")  # still damaged: the way out stays offered
    assert page.restore_button.isVisible()
    assert history.read_bytes() == bytes(data)  # left exactly as it was


def test_a_history_moved_away_since_the_start_is_explained_in_the_windows_words(qtbot, make_window, confidant_home,
                                                                              tmp_path, monkeypatch) -> None:
    with Store.create(confidant_home, PASSPHRASE) as store:
        store.create_conversation("Kept in the backup")
        store.backup_to(tmp_path / "backup.confidant")
    window = make_window()
    page = window.unlock_page
    assert window.stack.currentWidget() is page
    (confidant_home / DB_NAME).rename(tmp_path / "moved-away.db")  # moved (or deleted) while the app waited

    _, error = try_unlock(qtbot, window, PASSPHRASE)
    assert type(error).__name__ == "StoreNotFound"
    assert page.error.text() == MISSING.format(folder=confidant_home)
    assert str(confidant_home) in page.error.text() and "Restore from a backup" in page.error.text()
    assert "confidant chat" not in page.error.text() and "`" not in page.error.text()  # not the CLI's words
    assert page.restore_button.isVisible() and window.stack.currentWidget() is page
    shot(window, "unlock-missing")

    monkeypatch.setattr("app.ui.main_window.confirm", lambda *args: True)  # the person says yes
    page.field.setText(PASSPHRASE)
    with qtbot.waitSignal(window.controller.store_ready, timeout=SIGNAL_TIMEOUT):
        window.restore_backup_from(tmp_path / "backup.confidant")
    assert [c.title for c in window.controller.store.list_conversations()] == ["Kept in the backup"]
    assert page.error.text() == "" and not page.restore_button.isVisible()


# ---- settings: the passphrase ---------------------------------------------------------------------------------


def test_changing_the_passphrase_needs_the_current_one_and_refuses_common_ones(qtbot, unlocked_window,
                                                                             open_settings) -> None:
    window, controller = unlocked_window, unlocked_window.controller
    dialog = open_settings(window)
    page = dialog.passphrase_page
    dialog.show_page(page)

    page.current.setText(PASSPHRASE)
    page.new.setText("Password1!")
    assert page.meter.value() == 0 and page.hint.text() == COMMON  # the meter says why, before pressing
    page.repeat.setText("Password1!")
    click(qtbot, page.change_button)
    assert page.status.is_error and page.status.text() == COMMON
    shot(dialog, "passphrase-common")

    new = "moss under the old bridge 3"
    page.current.setText("not my passphrase")
    page.new.setText(new)
    page.repeat.setText(new)
    click(qtbot, page.change_button)
    qtbot.waitUntil(lambda: page.status.is_error, timeout=WAIT)  # checked off the GUI thread
    assert "not your current passphrase" in page.status.text() and "not changed" in page.status.text()
    assert page.current.text() == "" and page.change_button.isEnabled()
    assert controller.store_runner.call(lambda: controller.store.unlocks_with(PASSPHRASE))
    shot(dialog, "passphrase-wrong-current")

    page.current.setText(PASSPHRASE)
    click(qtbot, page.change_button)
    qtbot.waitUntil(lambda: "was changed" in page.status.text(), timeout=WAIT)
    assert controller.store_runner.call(lambda: controller.store.unlocks_with(new))
    assert not controller.store_runner.call(lambda: controller.store.unlocks_with(PASSPHRASE))


def test_the_welcome_page_refuses_a_common_password(qtbot, make_window) -> None:
    window = make_window()
    welcome = window.welcome
    welcome.first.setText("iloveyou2024")
    welcome.second.setText("iloveyou2024")
    welcome.understood.setChecked(True)
    assert welcome.hint.text() == COMMON and welcome.meter.value() == 0
    click(qtbot, welcome.create_button)
    assert welcome.error.text() == COMMON and welcome.create_button.isEnabled()
    assert window.controller.store is None and window.controller.first_run


# ---- settings: erasing ----------------------------------------------------------------------------------------


def ready_to_erase(page, passphrase: str) -> None:
    page.passphrase.setText(passphrase)
    page.confirmation.setText(CONFIRM_PHRASE)


def test_erasing_needs_the_passphrase(qtbot, unlocked_window, open_settings) -> None:
    window, controller = unlocked_window, unlocked_window.controller
    dialog = open_settings(window)
    page = dialog.erase_page
    dialog.show_page(page)
    page.confirmation.setText(CONFIRM_PHRASE)
    assert not page.erase_button.isEnabled()  # the typed words alone are not enough
    page.erase()
    assert controller.store is not None

    ready_to_erase(page, "someone else's guess")
    click(qtbot, page.erase_button)
    qtbot.waitUntil(lambda: page.status.is_error, timeout=WAIT)
    assert "not your current passphrase" in page.status.text() and "Nothing was erased" in page.status.text()
    assert controller.store is not None and window.stack.currentWidget() is window.chat
    assert (controller.data_dir / DB_NAME).exists()


def test_erasing_keeps_a_locked_profile_unless_the_clinician_pin_is_given(qtbot, unlocked_window,
                                                                         open_settings) -> None:
    window, controller = unlocked_window, unlocked_window.controller
    controller.store_runner.call(lambda: controller.store.create_conversation("Private"))
    controller.store_runner.call(lambda: ProfileLock(controller.store).lock(PIN))
    dialog = open_settings(window)
    page = dialog.erase_page
    dialog.show_page(page)
    qtbot.waitUntil(lambda: page.kept_note.isVisible(), timeout=WAIT)
    assert page.kept_note.text() == KEPT_NOTE and page.remove_profile.isVisible()
    shot(dialog, "erase-locked")

    # Asking to remove the profile too: the PIN is needed, and a wrong one erases nothing.
    page.remove_profile.setChecked(True)
    ready_to_erase(page, PASSPHRASE)
    assert page.pin.isVisible() and not page.erase_button.isEnabled()
    page.pin.setText("0000")
    click(qtbot, page.erase_button)
    qtbot.waitUntil(lambda: page.status.is_error, timeout=WAIT)
    assert "not the clinician's PIN" in page.status.text() and "Nothing was erased" in page.status.text()
    assert controller.store_runner.call(lambda: [c.title for c in controller.store.list_conversations()]) == [
        "Private"]

    # Without the PIN: the person's data goes, the clinician's profile and lock stay, same passphrase.
    page.remove_profile.setChecked(False)
    ready_to_erase(page, PASSPHRASE)
    with qtbot.waitSignal(controller.store_ready, timeout=SIGNAL_TIMEOUT):
        click(qtbot, page.erase_button)
    qtbot.waitUntil(lambda: "were kept" in page.status.text(), timeout=WAIT)
    assert window.stack.currentWidget() is window.chat
    store = controller.store
    assert controller.store_runner.call(store.list_conversations) == []
    assert controller.store_runner.call(lambda: ProfileLock(store).locked)
    assert controller.store_runner.call(lambda: ProfileLock(store).check_pin(PIN))
    assert controller.store_runner.call(lambda: store.unlocks_with(PASSPHRASE))
    assert controller.store_runner.call(lambda: [e.kind for e in store.audit_events()]) == []

    # With the PIN: everything goes, lock included, and Confidant starts afresh.
    qtbot.waitUntil(lambda: page.remove_profile.isVisible(), timeout=WAIT)
    page.remove_profile.setChecked(True)
    ready_to_erase(page, PASSPHRASE)
    page.pin.setText(PIN)
    with qtbot.waitSignal(dialog.wiped, timeout=SIGNAL_TIMEOUT):
        click(qtbot, page.erase_button)
    assert controller.store is None and controller.first_run
    assert window.stack.currentWidget() is window.welcome
    assert not Store.exists(controller.data_dir)
    assert LOCK_KEY  # (the lock lived only in the erased history)
