"""The appearance page: light or dark, and how large the text is — applied as soon as it is chosen."""

from __future__ import annotations

from app.settings import TEXT_SIZES, THEMES
from app.ui.qt import QApplication, QFormLayout, QFrame, QVBoxLayout
from app.ui.settings.base import SettingsPage
from app.ui.theme import apply_theme
from app.ui.widgets import ComboBox, label

THEME_NAMES = {"system": "Same as this computer", "light": "Light", "dark": "Dark"}
TEXT_SIZE_NAMES = {"small": "Small", "normal": "Normal", "large": "Large", "larger": "Larger"}


class AppearancePage(SettingsPage):
    title = "Appearance & comfort"
    intro = "Make Confidant comfortable to read. Changes apply straight away."

    def __init__(self, *args) -> None:
        super().__init__(*args)
        card = self.card("Look")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setHorizontalSpacing(16)
        self.theme = ComboBox("Theme", "Light, dark, or the same as this computer")
        for key in THEMES:
            self.theme.addItem(THEME_NAMES[key], key)
        self.text_size = ComboBox("Text size", "The size of all text in Confidant")
        for key in TEXT_SIZES:
            self.text_size.addItem(TEXT_SIZE_NAMES[key], key)
        for combo, caption in ((self.theme, "Theme"), (self.text_size, "Text size")):
            caption_label = label(caption)
            caption_label.setBuddy(combo)
            form.addRow(caption_label, combo)
        card.addLayout(form)
        width = max(self.theme.sizeHint().width(), self.text_size.sizeHint().width(), 240)
        self.theme.setMinimumWidth(width)
        self.text_size.setMinimumWidth(width)

        preview = QFrame()
        preview.setObjectName("Bubble")
        preview.setProperty("speaker", "assistant")
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(16, 12, 16, 12)
        preview_layout.addWidget(label("Preview: this is how replies will read. Take your time — there is no "
                                       "rush here."))
        card.addWidget(preview)
        self.finish()

        self._loading = False
        self.theme.currentIndexChanged.connect(self._changed)
        self.text_size.currentIndexChanged.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        self._loading = True
        self.theme.setCurrentIndex(max(0, self.theme.findData(self.writer.latest.theme)))
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(self.writer.latest.text_size)))
        self._loading = False

    def _changed(self) -> None:
        if self._loading:
            return
        self.choose(self.theme.currentData(), self.text_size.currentData())

    def choose(self, theme: str, text_size: str) -> None:
        """Apply at once (this window included), then save; the main window follows settings_changed."""
        apply_theme(QApplication.instance(), theme, text_size)
        if self.controller.store is not None:
            self.save_settings(theme=theme, text_size=text_size)

    def set_store_available(self, available: bool) -> None:
        self.theme.setEnabled(available)
        self.text_size.setEnabled(available)
