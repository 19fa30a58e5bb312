"""Colours, type sizes and the style sheet: calm, readable, and the same contrast in light and dark.

Every foreground/background pair a person reads is listed in CONTRAST_PAIRS and tested against WCAG AA
(4.5:1 for text, 3:1 for focus rings and borders that carry meaning). `apply_theme` puts a theme and a text
size on the running application (at start, and from Settings → Appearance).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.ui.qt import QApplication, QColor, QGuiApplication, QPalette, Qt


class ThemeChoice(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


TEXT_SIZES = {"small": 0.9, "normal": 1.0, "large": 1.2, "larger": 1.45}
BASE_POINT_SIZE = 11.0


@dataclass(frozen=True)
class Palette:
    name: str
    window: str
    surface: str
    sunken: str
    text: str
    muted: str
    border: str
    accent: str
    on_accent: str
    focus: str
    user_bubble: str
    assistant_bubble: str
    crisis_bg: str
    crisis_border: str
    crisis_title: str
    withheld_bg: str
    withheld_text: str
    danger: str
    on_danger: str
    link: str


LIGHT = Palette(
    name="light",
    window="#F4F6F8",
    surface="#FFFFFF",
    sunken="#EAEEF2",
    text="#1B2430",
    muted="#4D5868",
    border="#C9D1DB",
    accent="#1E6B73",
    on_accent="#FFFFFF",
    focus="#1D4ED8",
    user_bubble="#DDEFF0",
    assistant_bubble="#FFFFFF",
    crisis_bg="#FFF3E0",
    crisis_border="#B45309",
    crisis_title="#7A2E00",
    withheld_bg="#F1EEF8",
    withheld_text="#4A3A75",
    danger="#B42318",
    on_danger="#FFFFFF",
    link="#1E5AA8",
)

DARK = Palette(
    name="dark",
    window="#12161C",
    surface="#1A2029",
    sunken="#0E1217",
    text="#E7ECF2",
    muted="#A7B1BF",
    border="#3A4554",
    accent="#5CC2CB",
    on_accent="#0A1417",
    focus="#8AB4FF",
    user_bubble="#1D3A3E",
    assistant_bubble="#212936",
    crisis_bg="#35240F",
    crisis_border="#F59E0B",
    crisis_title="#FFD7A0",
    withheld_bg="#2A2440",
    withheld_text="#D6CCFF",
    danger="#F97066",
    on_danger="#1A0B0A",
    link="#8AB4FF",
)

# (foreground, background, minimum ratio) — what must stay readable in every theme.
CONTRAST_PAIRS: tuple[tuple[str, str, float], ...] = (
    ("text", "window", 4.5), ("text", "surface", 4.5), ("muted", "window", 4.5), ("muted", "surface", 4.5),
    ("text", "user_bubble", 4.5), ("text", "assistant_bubble", 4.5), ("on_accent", "accent", 4.5),
    ("text", "crisis_bg", 4.5), ("crisis_title", "crisis_bg", 4.5), ("withheld_text", "withheld_bg", 4.5),
    ("on_danger", "danger", 4.5), ("link", "surface", 4.5), ("text", "sunken", 4.5),
    ("focus", "window", 3.0), ("focus", "surface", 3.0), ("crisis_border", "crisis_bg", 3.0),
    ("muted", "surface", 3.0), ("accent", "surface", 3.0),
)


def contrast_ratio(foreground: str, background: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def point_size(text_size: str, scale: float = 1.0) -> float:
    return round(BASE_POINT_SIZE * TEXT_SIZES.get(text_size, 1.0) * scale, 1)


def palette_for(choice: str) -> Palette:
    """The palette for a theme choice; "system" follows the computer's light or dark setting."""
    if choice == "light":
        return LIGHT
    if choice == "dark":
        return DARK
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def apply_theme(app: QApplication, theme: str, text_size: str) -> Palette:
    """Give the whole application the theme's colours (its Qt palette and style sheet) and the text size."""
    palette = palette_for(theme)
    qt_palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, palette.window), (QPalette.ColorRole.Base, palette.surface),
        (QPalette.ColorRole.AlternateBase, palette.sunken), (QPalette.ColorRole.Text, palette.text),
        (QPalette.ColorRole.WindowText, palette.text), (QPalette.ColorRole.Button, palette.surface),
        (QPalette.ColorRole.ButtonText, palette.text), (QPalette.ColorRole.Highlight, palette.accent),
        (QPalette.ColorRole.HighlightedText, palette.on_accent), (QPalette.ColorRole.Link, palette.link),
        (QPalette.ColorRole.PlaceholderText, palette.muted), (QPalette.ColorRole.ToolTipBase, palette.surface),
        (QPalette.ColorRole.ToolTipText, palette.text),
    ):
        qt_palette.setColor(role, QColor(colour))
    app.setPalette(qt_palette)
    font = app.font()
    font.setPointSizeF(point_size(text_size))
    app.setFont(font)
    app.setStyleSheet(style_sheet(palette, text_size))
    return palette


def style_sheet(p: Palette, text_size: str) -> str:
    """The application style sheet. Sizes are in points so they follow the text-size setting."""
    base = point_size(text_size)
    small = point_size(text_size, 0.88)
    title = point_size(text_size, 1.5)
    return f"""
QWidget {{ color: {p.text}; font-size: {base}pt; }}
QMainWindow, QDialog, #Page {{ background: {p.window}; }}
QLabel[role="muted"] {{ color: {p.muted}; font-size: {small}pt; }}
QLabel[role="title"] {{ font-size: {title}pt; font-weight: 600; }}
QLabel[role="heading"] {{ font-size: {point_size(text_size, 1.15)}pt; font-weight: 600; }}
QLabel[role="error"] {{ color: {p.danger}; }}
QLabel {{ background: transparent; }}
a {{ color: {p.link}; }}
#Sidebar {{ background: {p.surface}; border-right: 1px solid {p.border}; }}
#ChatArea, #ChatArea > QWidget > QWidget {{ background: {p.window}; }}
#StatusStrip {{ background: {p.surface}; border-top: 1px solid {p.border}; }}
#Card {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: 14px; }}
#Bubble[speaker="user"] {{ background: {p.user_bubble}; border-radius: 14px; }}
#Bubble[speaker="assistant"] {{ background: {p.assistant_bubble}; border: 1px solid {p.border};
    border-radius: 14px; }}
#Bubble[speaker="withheld"] {{ background: {p.withheld_bg}; border: 1px dashed {p.withheld_text};
    border-radius: 14px; }}
#Bubble[speaker="withheld"] QLabel {{ color: {p.withheld_text}; }}
#Bubble QLabel[role="muted"] {{ font-size: {small}pt; }}
#CrisisCard {{ background: {p.crisis_bg}; border: 2px solid {p.crisis_border}; border-radius: 14px; }}
#CrisisCard QLabel[role="heading"] {{ color: {p.crisis_title}; }}
#CheckInCard {{ background: {p.surface}; border: 2px solid {p.accent}; border-radius: 14px; }}
#ScorerWarning {{ background: {p.crisis_bg}; border: 1px solid {p.crisis_border}; border-radius: 10px; }}
#Composer {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: 12px; padding: 6px; }}
QPlainTextEdit, QLineEdit, QTextEdit, QSpinBox, QDoubleSpinBox, QComboBox, QListWidget, QTableWidget,
QTextBrowser {{
    background: {p.surface}; border: 1px solid {p.border}; border-radius: 8px; padding: 4px;
    selection-background-color: {p.accent}; selection-color: {p.on_accent};
}}
QAbstractSpinBox, QComboBox {{ padding-right: 30px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button, QComboBox::drop-down {{ subcontrol-origin: border;
    width: 28px; border: none; border-left: 1px solid {p.border}; background: transparent; }}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; border-top-right-radius: 8px; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; border-bottom-right-radius: 8px; }}
QComboBox::drop-down {{ subcontrol-position: top right; border-top-right-radius: 8px;
    border-bottom-right-radius: 8px; }}
QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover, QComboBox::drop-down:hover {{
    background: {p.sunken}; }}
QListWidget::item {{ padding: 6px; border-radius: 6px; }}
QListWidget::item:selected {{ background: {p.user_bubble}; color: {p.text}; }}
QPushButton, QToolButton {{
    background: {p.surface}; border: 1px solid {p.border}; border-radius: 8px; padding: 6px 14px;
}}
QPushButton:hover, QToolButton:hover {{ background: {p.sunken}; }}
QPushButton[kind="primary"] {{ background: {p.accent}; color: {p.on_accent}; border-color: {p.accent};
    font-weight: 600; }}
QPushButton[kind="danger"] {{ background: {p.danger}; color: {p.on_danger}; border-color: {p.danger}; }}
QPushButton[kind="help"] {{ background: {p.crisis_bg}; color: {p.crisis_title}; border: 2px solid
    {p.crisis_border}; font-weight: 600; }}
QPushButton:disabled {{ color: {p.muted}; background: {p.sunken}; }}
*:focus {{ outline: none; }}
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus,
QListWidget:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus, QCheckBox:focus,
QRadioButton:focus, QTableWidget:focus, QTextBrowser:focus, QSlider:focus, QTabBar::tab:focus {{
    border: 2px solid {p.focus};
}}
QCheckBox:focus, QRadioButton:focus {{ border-radius: 4px; }}
/* On teal a blue border alone was hard to see: a double ring, apart from the button by a gap (same size). */
QPushButton[kind="primary"]:focus {{ border: 5px double {p.focus}; background-clip: padding; padding: 3px 11px; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 16px; height: 16px; border: 2px solid {p.muted}; background: {p.surface};
}}
QCheckBox::indicator {{ border-radius: 4px; }}
QRadioButton::indicator {{ border-radius: 9px; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {{
    background: {p.accent}; border-color: {p.accent};
}}
QCheckBox::indicator:checked {{ image: none; }}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: {p.border}; }}
QTabWidget::pane {{ border: 1px solid {p.border}; border-radius: 8px; background: {p.surface}; }}
QTabBar::tab {{ padding: 6px 14px; border: 1px solid transparent; }}
QTabBar::tab:selected {{ background: {p.surface}; border: 1px solid {p.border}; border-bottom: none; }}
QProgressBar {{ border: 1px solid {p.border}; border-radius: 6px; background: {p.sunken};
    text-align: center; }}
QProgressBar::chunk {{ background: {p.accent}; border-radius: 6px; }}
QScrollArea {{ border: none; }}
QToolTip {{ background: {p.surface}; color: {p.text}; border: 1px solid {p.border}; }}
"""
