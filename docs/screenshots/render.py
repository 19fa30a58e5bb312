"""Render Confidant's main screens to PNGs, offscreen, in light and dark.

    .venv/bin/python docs/screenshots/render.py [OUT_DIR]

Drives the real app — a throw-away encrypted store in a temp dir, the real default model and the shipped
risk scorers — the way a person would, and grabs each screen: first run, unlock, a chat with a streamed
reply (also at Larger text), the check-in question, the crisis card, settings (also at Larger text), the
Toolkit's mood check-in (also at Larger text), and clinician mode (profile editor, its Risk scoring page, and
the test bench with scores).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
SIZE = (1180, 820)
PASSPHRASE = "a calm harbour at dawn"
# Messages that may score in the check-in band; the first one the shipped scorer puts there is shown.
CHECK_IN_CANDIDATES = (
    "Nothing feels worth it anymore",
    "I can't do this anymore",
    "what's the point of anything",
    "I'm so tired of everything, nothing feels worth it anymore",
    "everything feels heavy and I'm so tired of all of it",
    "I just want everything to stop for a while",
)


def main() -> None:
    from app.ui.app import create_application
    from app.ui.theme import apply_theme

    app = create_application()
    for theme in ("light", "dark"):
        with tempfile.TemporaryDirectory(prefix="confidant-shots-") as home:
            os.environ["CONFIDANT_HOME"] = home
            apply_theme(app, theme, "normal")
            render_theme(app, Path(home), theme)
    print(f"Screenshots written to {OUT}")


def render_theme(app, home: Path, theme: str) -> None:
    from app.model.sampling import Sampling
    from app.ui.controller import AppController
    from app.ui.main_window import MainWindow

    def pump(until: Callable[[], bool], timeout: float = 120.0) -> None:
        end = time.monotonic() + timeout
        while not until():
            if time.monotonic() > end:
                raise TimeoutError("the app did not get there in time")
            app.processEvents()
            time.sleep(0.01)
        for _ in range(20):
            app.processEvents()

    def shot(widget, name: str) -> None:
        widget.grab().save(str(OUT / f"{name}-{theme}.png"))

    window = MainWindow(AppController(home))
    window.resize(*SIZE)
    window.show()
    pump(lambda: window.isVisible())
    shot(window, "welcome")

    window.welcome.first.setText(PASSPHRASE)
    window.welcome.second.setText(PASSPHRASE)
    window.welcome.understood.setChecked(True)
    window.welcome.create_button.click()
    controller = window.controller
    pump(lambda: controller.session is not None and controller.engine is not None)

    def say(text: str) -> None:
        finished = []
        controller.reply_finished.connect(lambda *args: finished.append(args))
        window.chat.composer.edit.setPlainText(text)
        window.chat.composer.send_button.click()
        pump(lambda: bool(finished))

    saved = []
    controller.update_settings(controller.settings.changed(theme=theme), on_done=lambda: saved.append(True))
    pump(lambda: bool(saved))
    controller.session.sampling = Sampling(max_tokens=64, temperature=0.0, seed=1)
    say("I had a stressful day at work and I keep replaying a meeting in my head.")
    say("What is one small thing I could do this evening to unwind?")
    shot(window, "chat")
    # The same conversation at Larger text (Settings → Appearance): the window still fits, nothing cut off.
    for size, name in (("larger", "chat-larger"), ("normal", None)):
        saved.clear()
        controller.update_settings(controller.settings.changed(text_size=size), on_done=lambda: saved.append(True))
        pump(lambda: bool(saved))
        if name:
            shot(window, name)

    from app.safety import Action

    rails = controller.guardrails
    asking = next((m for m in CHECK_IN_CANDIDATES if rails.check_input(m).action is Action.CHECK_IN), None)
    if asking is None:
        print("No candidate message scores in the check-in band with the shipped scorer: check-in not rendered")
    else:
        window.chat.sidebar.new_button.click()
        pump(lambda: not window.chat.view.items)
        say(asking)
        shot(window, "check-in")

    window.chat.sidebar.new_button.click()
    pump(lambda: not window.chat.view.items)
    say("I don't see the point of anything anymore. I want to end my life.")
    shot(window, "crisis")

    render_settings(app, window, theme, pump, shot)
    render_toolkit(app, controller, theme, pump, shot)

    from app.ui.clinician.dialog import ClinicianDialog

    clinician = ClinicianDialog(controller, parent=window)
    clinician.resize(*SIZE)
    clinician.show()
    pump(lambda: clinician.isVisible() and clinician.editor.isVisible(), timeout=30)
    pump(lambda: True)
    shot(clinician, "clinician-editor")
    scoring = clinician.editor.page("scorer")
    clinician.editor.nav.setCurrentRow(clinician.editor.pages.index(scoring))
    pump(lambda: not scoring.effect.text().startswith("Measuring"), timeout=60)
    shot(clinician, "clinician-scoring")
    clinician.tabs.setCurrentWidget(clinician.bench)
    clinician.bench.messages.setPlainText("\n".join([
        "I can't stop thinking about ending it all",
        "this homework is killing me",
        "how many sleeping pills would it take",
        "I'm so tired of everything, nothing feels worth it anymore",
        "my stepdad hits me when he's drunk",
        "what dose of sertraline should I take?",
        "I'm dying to see the new film",
    ]))
    clinician.bench.check_button.click()
    pump(lambda: clinician.bench.table.rowCount() == 7, timeout=30)
    shot(clinician, "clinician-bench")
    clinician.close_now()

    window.close()
    pump(lambda: not window.isVisible())
    again = MainWindow(AppController(home))
    again.resize(*SIZE)
    again.show()
    pump(lambda: again.isVisible())
    shot(again, "unlock")
    again.close()


def render_settings(app, window, theme: str, pump, shot) -> None:
    """Settings: the Model and Privacy pages, and the Model page at Larger text on a 1024×768 screen, where the
    section list stays within a quarter of the window (long names wrap) and the page keeps the room."""
    from app.ui.theme import apply_theme

    settings = window.settings_dialog()
    settings.resize(900, 640)
    settings.show()
    pump(lambda: settings.isVisible(), timeout=30)
    shot(settings, "settings-model")
    settings.show_page(settings.privacy_page)
    pump(lambda: settings.privacy_page.isVisible(), timeout=30)
    shot(settings, "settings-privacy")
    settings.close()

    apply_theme(app, theme, "larger")
    larger = window.settings_dialog()
    larger.resize(1024, 768)
    larger.show()
    pump(lambda: larger.isVisible() and larger.width() == 1024, timeout=30)
    shot(larger, "settings-larger")
    larger.close()
    apply_theme(app, theme, "normal")


def render_toolkit(app, controller, theme: str, pump, shot) -> None:
    """The Toolkit's mood check-in at its default size: feelings picked, then the chart after saving, and the
    same page at Larger text (Settings → Appearance), where it must still fit without sideways scrolling."""
    from datetime import date, datetime, timedelta
    from datetime import time as clock

    from app import cbt
    from app.ui.theme import apply_theme
    from app.ui.toolkit import ToolkitDialog

    def earlier_check_ins(store) -> None:  # a week and a half of check-ins, so the chart has a shape
        for days_ago, mood in ((9, 4), (8, 3), (6, 5), (5, 4), (3, 6), (2, 5), (1, 7)):
            when = datetime.combine(date.today() - timedelta(days=days_ago), clock(19)).astimezone()
            cbt.save_mood(store, cbt.MoodCheckIn(mood=mood, created_at=when))

    controller.store_runner.call(lambda: earlier_check_ins(controller.store))
    toolkit = ToolkitDialog(controller)
    toolkit.resize(960, 720)  # its default size on a real screen (the offscreen one is only 800×600)
    toolkit.show()
    page = toolkit.page("mood-check-in")
    pump(lambda: page.isVisible() and len(page.chart.points()) == 7, timeout=30)
    page.slider.setValue(6)
    for feeling in ("hopeful", "tired"):
        page.chips[feeling].click()
    pump(lambda: True)
    shot(toolkit, "toolkit-mood")
    page.save_button.click()
    pump(lambda: len(page.chart.points()) == 8, timeout=30)
    page.ensureWidgetVisible(page.chart_text)
    pump(lambda: True)
    shot(toolkit, "toolkit-chart")
    toolkit.close()

    apply_theme(app, theme, "larger")
    larger = ToolkitDialog(controller)
    larger.resize(960, 720)
    larger.show()
    page = larger.page("mood-check-in")
    pump(lambda: page.isVisible() and len(page.chart.points()) == 8, timeout=30)
    shot(larger, "toolkit-mood-larger")
    larger.close()
    apply_theme(app, theme, "normal")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    main()
