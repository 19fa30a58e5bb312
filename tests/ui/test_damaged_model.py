"""A catalogued model with damaged weights loads, is checked on its own thread, and is unloaded with one
sentence saying how to fix it (the model-error path); the real default model stays loaded."""

from __future__ import annotations

from pathlib import Path

from app.ui.controller import AppController
from app.ui.main_window import MainWindow
from tests.gguf_files import with_flipped_weights
from tests.ui.conftest import PASSPHRASE, SIGNAL_TIMEOUT


def _first_run(qtbot, confidant_home: Path, model_path: str | None) -> MainWindow:
    window = MainWindow(AppController(confidant_home, model_path=model_path))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignals([window.controller.store_ready, window.controller.model_ready], timeout=SIGNAL_TIMEOUT):
        window.welcome.first.setText(PASSPHRASE)
        window.welcome.second.setText(PASSPHRASE)
        window.welcome.understood.setChecked(True)
        window.welcome.create_button.click()
    return window


def test_damaged_weights_are_unloaded_with_one_clear_sentence(qtbot, confidant_home: Path, tmp_path: Path,
                                                             default_model_path: Path) -> None:
    damaged = with_flipped_weights(default_model_path, tmp_path / default_model_path.name)
    window = _first_run(qtbot, confidant_home, str(damaged))  # it loads: llama.cpp cannot tell
    failures: list[str] = []
    window.controller.model_failed.connect(failures.append)  # the check's answer comes through the event loop
    qtbot.waitUntil(lambda: bool(failures), timeout=SIGNAL_TIMEOUT)
    assert len(failures) == 1 and "is damaged" in failures[0] and "setup" in failures[0]
    assert window.controller.engine is None
    qtbot.waitUntil(lambda: window.chat.model_label.text() == "Model: not loaded", timeout=10_000)
    window.close()


def test_the_real_default_model_passes_and_stays_loaded(qtbot, confidant_home: Path) -> None:
    window = _first_run(qtbot, confidant_home, None)
    failures: list[str] = []
    window.controller.model_failed.connect(failures.append)
    qtbot.waitUntil(lambda: not window.controller.verify_runner.busy, timeout=SIGNAL_TIMEOUT)
    assert failures == [] and window.controller.engine is not None
    window.close()
