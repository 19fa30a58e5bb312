"""The widget kit (app/ui/widgets.py), on real widgets offscreen: the mouse wheel never changes a setting it
merely passes over (issue 12 item 3, checked on the real Privacy page against the stored setting), every
spin box and combo box draws its arrow (item 10), Enter presses a focused button; and the source check that
pages build none of their own.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtGui import QWheelEvent

from app.settings import AppSettings
from app.ui.qt import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QImage,
    QPoint,
    QPointF,
    QSlider,
    QStyle,
    QStyleOptionComboBox,
    Qt,
    QWidget,
)
from app.ui.settings import SettingsDialog
from app.ui.theme import DARK, LIGHT, apply_theme, contrast_ratio
from app.ui.toolkit import ToolkitDialog
from app.ui.widgets import ComboBox, WheelNeedsFocus, button
from tests.ui.test_runner import controller  # noqa: F401 - the fixture: a controller over a real store

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
WAIT = 20_000


def wheel(widget: QWidget, notches: int) -> bool:
    """Turn the mouse wheel over the middle of `widget` (negative: towards the person, i.e. down); whether the
    widget took the event. One it leaves is passed on by Qt to the widgets around it — the page, which scrolls
    (a wheel event a test sends is not passed on: Qt does that only for the system's own)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def stored_auto_lock(controller) -> int:  # noqa: F811 - the fixture's name, as a parameter
    return controller.store_runner.call(lambda: AppSettings.load(controller.store)).auto_lock_minutes


def test_scrolling_over_the_auto_lock_box_scrolls_the_page_and_changes_nothing(qtbot, controller) -> None:  # noqa: F811
    settings = controller.settings.changed(auto_lock_minutes=15)
    controller.store_runner.call(lambda: settings.save(controller.store))
    controller.settings = settings
    dialog = SettingsDialog(controller)
    qtbot.addWidget(dialog)
    dialog.resize(760, 380)  # short, so the Privacy page scrolls
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)  # focus is real only in the active window
    page = dialog.privacy_page
    dialog.show_page(page)
    box = page.auto_lock
    qtbot.waitUntil(box.isVisible, timeout=WAIT)
    dialog.nav.setFocus()
    assert box.value() == 15 and not box.hasFocus()

    # three notches down (15 → "Never", as happened to a person reading the page): the box leaves them to the
    # page around it and keeps its value; no save is even waiting
    assert not wheel(box, -3)
    assert box.value() == 15 and not page._timer.isActive()
    assert stored_auto_lock(controller) == 15

    box.setFocus()  # clicked or tabbed into, the wheel works as ever, and the change is saved
    qtbot.waitUntil(box.hasFocus, timeout=WAIT)
    assert wheel(box, -1)
    assert box.value() == 10
    qtbot.waitUntil(lambda: stored_auto_lock(controller) == 10, timeout=WAIT)
    dialog.close()


def test_every_number_box_choice_and_slider_in_settings_and_the_toolkit_is_wheel_proof(qtbot, controller) -> None:  # noqa: F811
    windows = [SettingsDialog(controller), ToolkitDialog(controller)]
    found = 0
    for window in windows:
        qtbot.addWidget(window)
        for kind in (QAbstractSpinBox, QComboBox, QSlider):
            for widget in window.findChildren(kind):
                found += 1
                assert isinstance(widget, WheelNeedsFocus), widget.accessibleName()
                assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus, widget.accessibleName()
    assert found >= 10  # auto-lock, the four reply settings, theme, text size, export format, the toolkit's…


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=lambda p: p.name)
def test_a_combo_box_draws_its_arrow_in_the_text_colour(qtbot, palette) -> None:
    apply_theme(QApplication.instance(), palette.name, "normal")
    try:
        box = ComboBox("Export format")
        box.addItems(["Markdown (readable text)", "JSON (for other programs)"])
        qtbot.addWidget(box)
        box.resize(260, 36)
        box.show()
        qtbot.waitExposed(box)
        option = QStyleOptionComboBox()
        box.initStyleOption(option)
        arrow = box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxArrow, box)
        assert arrow.width() >= 20 and box.rect().contains(arrow)  # room for it, inside the box
        image = box.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        ratio = image.devicePixelRatio()
        pixels = [image.pixelColor(int(x * ratio), int(y * ratio)).name()
                  for x in range(arrow.left(), arrow.right()) for y in range(arrow.top(), arrow.bottom())]
        # some pixels of the arrow area contrast with the box like text does: the triangle is there
        assert any(contrast_ratio(colour, palette.surface) >= 4.5 for colour in pixels)
    finally:
        apply_theme(QApplication.instance(), "light", "normal")


def test_enter_presses_a_focused_button(qtbot) -> None:
    pressed = button("Save check-in", "Save mood check-in", kind="primary")
    qtbot.addWidget(pressed)
    pressed.show()
    qtbot.waitExposed(pressed)
    pressed.setFocus()
    with qtbot.waitSignal(pressed.clicked, timeout=WAIT):
        qtbot.keyClick(pressed, Qt.Key.Key_Return)
    assert not pressed.autoDefault()  # and Enter typed into a field never presses it by surprise


# ---- the source: one kit ------------------------------------------------------------------------------------

# Qt classes a page must not build itself: the kit's versions are wheel-proof and draw their arrows.
KIT_ONLY = {"QComboBox", "QSpinBox", "QDoubleSpinBox", "QSlider"}


def built_outside_the_kit() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(UI.rglob("*.py")):
        if path.name in ("widgets.py", "qt.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KIT_ONLY:
                found.setdefault(str(path.relative_to(UI)), set()).add(node.func.id)
    return found


def test_no_page_builds_its_own_spin_box_combo_box_or_slider() -> None:
    assert built_outside_the_kit() == {}


def test_there_is_one_label_and_one_button() -> None:
    """The two kits whose label and button behaved differently are gone: nothing else defines them."""
    defined = {}
    for path in sorted(UI.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name in ("label", "button", "button_row", "add_card"):
                defined.setdefault(node.name, []).append(str(path.relative_to(UI)))
    assert defined == {name: ["widgets.py"] for name in ("label", "button", "button_row", "add_card")}
