"""The section list of Settings and the Toolkit: as wide as its names need, never more than a quarter of the
window, so the page beside it gets the room (at Larger text it took 347 of 1024 px); a name too long for that
wraps onto a second line, whole.

Real dialogs offscreen over a real encrypted store, without a model (nothing here waits for one).
"""

from __future__ import annotations

import pytest

from app.ui.qt import QApplication, QRect, Qt, is_valid
from app.ui.settings import SettingsDialog
from app.ui.settings.dialog import ITEM_PADDING, SectionList
from app.ui.theme import apply_theme
from app.ui.toolkit import ToolkitDialog

WAIT = 20_000
SIZE = (1024, 768)


@pytest.fixture
def open_dialog(qtbot, controller):
    """Open Settings or the Toolkit at a text size, 1024×768; the text size goes back to Normal afterwards."""
    dialogs = []

    def open_at(kind: str, text_size: str):
        apply_theme(QApplication.instance(), "light", text_size)
        dialog = SettingsDialog(controller) if kind == "settings" else ToolkitDialog(controller)
        qtbot.addWidget(dialog)
        dialog.resize(*SIZE)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda: dialog.width() == SIZE[0], timeout=WAIT)
        QApplication.processEvents()
        dialogs.append(dialog)
        return dialog

    yield open_at
    for dialog in dialogs:
        if is_valid(dialog):  # Settings deletes itself on close
            dialog.close()
    apply_theme(QApplication.instance(), "light", "normal")


def names_cut_off(nav: SectionList) -> list[str]:
    """Names whose item is too short for their words wrapped at the item's text width (Qt would draw them
    with "…"), or with a word wider than that width."""
    metrics = nav.fontMetrics()
    problems = []
    for row in range(nav.count()):
        item = nav.item(row)
        rect = nav.visualItemRect(item)
        room = rect.width() - 2 * ITEM_PADDING
        needed = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, item.text())
        if needed.height() > rect.height() - 2 * ITEM_PADDING + 1 or needed.width() > room:
            problems.append(f"{item.text()!r}: {needed.width()}×{needed.height()} px in {room}×{rect.height()}")
        if rect.right() > nav.viewport().width():
            problems.append(f"{item.text()!r} runs past the list's edge")
    return problems


@pytest.mark.parametrize("kind", ["settings", "toolkit"])
@pytest.mark.parametrize("text_size", ["normal", "larger"])
def test_the_section_list_takes_at_most_a_quarter_of_the_window_and_shows_every_name_whole(
        qtbot, open_dialog, kind: str, text_size: str) -> None:
    dialog = open_dialog(kind, text_size)
    nav = dialog.nav
    assert nav.width() <= SIZE[0] // 4
    assert dialog.stack.width() >= SIZE[0] * 0.65  # the page gets the room
    assert names_cut_off(nav) == []
    assert not nav.horizontalScrollBar().isVisible()
    page = dialog.stack.currentWidget()
    assert not page.horizontalScrollBar().isVisible(), "the page scrolls sideways"
    if text_size == "normal":  # every name fits on one line, and the list is no wider than they need
        assert nav.width() == nav.natural_width()
        line = nav.fontMetrics().height()
        assert all(nav.visualItemRect(nav.item(row)).height() < 2 * line for row in range(nav.count()))


def test_at_larger_text_a_long_name_wraps_instead_of_widening_the_list(qtbot, open_dialog) -> None:
    dialog = open_dialog("toolkit", "larger")
    nav = dialog.nav
    assert nav.natural_width() > SIZE[0] // 4 >= nav.width()  # 'What Confidant remembers' would need more
    line = nav.fontMetrics().height()
    (remembers,) = nav.findItems("What Confidant remembers", Qt.MatchFlag.MatchExactly)
    assert nav.visualItemRect(remembers).height() >= 2 * line
    assert names_cut_off(nav) == []


def test_the_cap_follows_the_window_and_the_text_size(qtbot, open_dialog) -> None:
    dialog = open_dialog("toolkit", "normal")
    nav = dialog.nav
    one_line = nav.width()
    dialog.resize(720, 700)
    qtbot.waitUntil(lambda: nav.width() <= 720 // 4, timeout=WAIT)
    assert names_cut_off(nav) == []
    dialog.resize(*SIZE)
    qtbot.waitUntil(lambda: nav.width() == one_line, timeout=WAIT)
    apply_theme(QApplication.instance(), "light", "larger")  # a text size changed while the window is open
    qtbot.waitUntil(lambda: nav.width() == SIZE[0] // 4, timeout=WAIT)
    assert names_cut_off(nav) == []
