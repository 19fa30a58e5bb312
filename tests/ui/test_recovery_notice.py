"""After an interrupted restore, backup or wipe, the next start finishes or undoes it (app.storage.recovery) and
the window says so in one sentence, once, the way it shows its other one-off notices.

The leftovers are laid out on disk as a kill leaves them (as tests/storage/test_recovery.py does, with real
stores); the window is the real one, offscreen, unlocked by typing the passphrase and clicking."""

from __future__ import annotations

import os
from pathlib import Path

from app.storage import Store, recovery
from app.storage import files as f
from tests.ui.conftest import PASSPHRASE, SIGNAL_TIMEOUT, create_and_unlock, unlock


def sidebar_titles(window) -> list[str]:
    side = window.chat.sidebar.list
    return [side.item(i).text().split("\n")[0] for i in range(side.count())]


def test_unlocking_after_an_interrupted_restore_says_the_history_was_put_back_once(qtbot, make_window,
                                                                                    confidant_home: Path) -> None:
    with Store.create(confidant_home, PASSPHRASE) as store:
        store.create_conversation("before the restore")
    # A restore killed right after moving the history aside, before the backup took its place.
    os.replace(confidant_home / f.DB_NAME, confidant_home / (f.ASIDE_NAME + "-2026-12-02T081000"))

    window = make_window()
    assert window.stack.currentWidget() is window.unlock_page  # not mistaken for a first run
    unlock(qtbot, window)
    assert window.chat.notice.text() == recovery.RESTORE_PUT_BACK
    assert window.chat.notice.isVisible()
    qtbot.waitUntil(lambda: "before the restore" in sidebar_titles(window))
    assert not [name for name in os.listdir(confidant_home) if name.startswith(f.ASIDE_NAME)]

    # Said once: locking and unlocking again shows no sentence, and neither does the next start.
    window.controller.lock()
    with qtbot.waitSignal(window.controller.store_ready, timeout=SIGNAL_TIMEOUT):  # the model stays loaded
        window.unlock_page.field.setText(PASSPHRASE)
        window.unlock_page.unlock_button.click()
    assert window.chat.notice.text() == ""
    window.close()
    again = make_window()
    unlock(qtbot, again)
    assert again.chat.notice.text() == ""


def test_a_first_run_after_an_interrupted_wipe_says_the_wipe_was_finished(qtbot, make_window,
                                                                          confidant_home: Path) -> None:
    with Store.create(confidant_home, "the old passphrase") as store:
        store.create_conversation("wiped")
    os.replace(confidant_home / f.DB_NAME, confidant_home / f.WIPING_NAME)  # wipe's first step, then a kill

    window = make_window()
    assert window.stack.currentWidget() is window.welcome  # a wiped history is gone: start afresh
    create_and_unlock(qtbot, window)
    assert window.chat.notice.text() == recovery.WIPE_FINISHED
    assert "wiped" not in sidebar_titles(window)
    assert not (confidant_home / f.WIPING_NAME).exists()
