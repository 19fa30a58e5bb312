"""Contrast holds in both themes, and text follows the text-size setting."""

from __future__ import annotations

import pytest

from app.ui.qt import QApplication, QCheckBox
from app.ui.theme import CONTRAST_PAIRS, DARK, LIGHT, apply_theme, contrast_ratio, point_size


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_every_listed_pair_meets_wcag(palette) -> None:
    failing = [(fg, bg, round(contrast_ratio(getattr(palette, fg), getattr(palette, bg)), 2))
               for fg, bg, minimum in CONTRAST_PAIRS
               if contrast_ratio(getattr(palette, fg), getattr(palette, bg)) < minimum]
    assert failing == []


def test_contrast_ratio_matches_known_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_text_scales_with_the_setting(qtbot) -> None:
    app = QApplication.instance()
    apply_theme(app, "light", "normal")
    normal = app.font().pointSizeF()
    apply_theme(app, "dark", "larger")
    assert app.font().pointSizeF() == pytest.approx(point_size("larger"))
    assert app.font().pointSizeF() > normal
    assert f"font-size: {point_size('larger')}pt" in app.styleSheet()  # style-sheet text follows too
    apply_theme(app, "light", "normal")


def test_an_unchecked_checkbox_is_visible_in_dark_theme(qtbot) -> None:
    app = QApplication.instance()
    apply_theme(app, "dark", "normal")
    box = QCheckBox("I understand")
    qtbot.addWidget(box)
    box.resize(200, 30)
    box.show()
    qtbot.waitExposed(box)
    image = box.grab().toImage()
    background = image.pixelColor(image.width() - 2, image.height() // 2)
    indicator = [image.pixelColor(x, y) for x in range(0, 24) for y in range(image.height())]
    assert any(abs(c.lightness() - background.lightness()) > 80 for c in indicator)
    apply_theme(app, "light", "normal")
