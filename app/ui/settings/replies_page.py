"""The replies page: how long and how varied the model's replies are (its sampling settings).

Values equal to the model's recommendation are saved as "no preference", so choosing another model brings its
own recommendations with it.
"""

from __future__ import annotations

from app.model.sampling import Sampling
from app.ui.qt import QFormLayout, QTimer
from app.ui.settings.base import SettingsPage
from app.ui.widgets import DecimalSpinBox, SpinBox, StatusLine, button, button_row, label

SAVE_DELAY_MS = 350  # a pause after the last change before saving, so typing "0.75" saves once
FIELDS = ("max_tokens", "temperature", "top_p", "repeat_penalty")


class RepliesPage(SettingsPage):
    title = "Replies"
    intro = ("How the AI writes its replies. The recommended values suit the model in use; change them only "
             "if replies feel too short, too long, too repetitive or too predictable.")

    def __init__(self, *args) -> None:
        super().__init__(*args)
        card = self.card("Reply style")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)

        self.max_tokens = SpinBox()
        self.max_tokens.setRange(16, 4096)
        self.max_tokens.setSingleStep(16)
        self.max_tokens.setSuffix(" tokens")
        self.temperature = self._decimal(0.0, 2.0)
        self.top_p = self._decimal(0.05, 1.0)
        self.repeat_penalty = self._decimal(1.0, 2.0)
        rows = (
            (self.max_tokens, "Longest reply", "Roughly three quarters of a word per token. Longer replies "
                                               "take longer to write."),
            (self.temperature, "Temperature", "Lower is steadier and more predictable; higher is more varied. "
                                              "0 always gives the same reply."),
            (self.top_p, "Top-p", "How wide a choice of words the model considers at each step (1 = all)."),
            (self.repeat_penalty, "Repeat penalty", "Higher values discourage the model from repeating "
                                                    "itself (1 = no penalty)."),
        )
        for spin, caption, hint in rows:
            spin.setAccessibleName(caption)
            spin.setAccessibleDescription(hint)
            caption_label = label(caption)
            caption_label.setBuddy(spin)
            form.addRow(caption_label, spin)
            form.addRow("", label(hint, "muted"))
        card.addLayout(form)
        self.recommended = label("", "muted", selectable=True, name="Recommended values")
        card.addWidget(self.recommended)
        self.reset_button = button("Reset to recommended", "Reset reply settings to recommended",
                                   "Use the values recommended for the model in use")
        card.addLayout(button_row(self.reset_button))
        self.status = StatusLine("Reply settings")
        card.addWidget(self.status)
        self.finish()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self._loading = False
        for spin in self.spins():
            spin.valueChanged.connect(self._changed)
        self.reset_button.clicked.connect(self.reset_to_recommended)
        self.controller.model_ready.connect(self._model_ready)  # dropped by Qt when the page is deleted
        self.refresh()

    def _model_ready(self, _info: object) -> None:
        self.refresh()

    @staticmethod
    def _decimal(low: float, high: float) -> DecimalSpinBox:
        spin = DecimalSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(2)
        spin.setSingleStep(0.05)
        return spin

    def spins(self) -> tuple:
        return self.max_tokens, self.temperature, self.top_p, self.repeat_penalty

    def recommended_sampling(self) -> Sampling:
        engine = self.controller.engine
        return engine.default_sampling if engine is not None and not engine.closed else Sampling()

    def refresh(self) -> None:
        """Show the values in effect: the person's own where set, otherwise the model's recommendation."""
        base = self.recommended_sampling()
        effective = self.writer.latest.sampling(base)
        self._loading = True
        for spin, name in zip(self.spins(), FIELDS, strict=True):
            spin.setValue(getattr(effective, name))
        self._loading = False
        model = self.controller.model_info
        whose = f"for {model.name}" if model else "(the model has not loaded yet)"
        self.recommended.setText(
            f"Recommended {whose}: {base.max_tokens} tokens, temperature {base.temperature:.2f}, "
            f"top-p {base.top_p:.2f}, repeat penalty {base.repeat_penalty:.2f}.")
        self.recommended.setAccessibleName(self.recommended.text())

    def _changed(self) -> None:
        if not self._loading:
            self._timer.start()

    def chosen(self) -> dict[str, int | float | None]:
        """The spin boxes as settings: None wherever the value is the model's recommendation."""
        base = self.recommended_sampling()
        values: dict[str, int | float | None] = {}
        for spin, name in zip(self.spins(), FIELDS, strict=True):
            value = spin.value() if name == "max_tokens" else round(spin.value(), 2)
            recommended = getattr(base, name)
            same = value == recommended if name == "max_tokens" else abs(value - recommended) < 0.005
            values[name] = None if same else value
        return values

    def save(self) -> None:
        self._timer.stop()
        values = self.chosen()
        if all(getattr(self.writer.latest, name) == value for name, value in values.items()):
            return
        if self.controller.store is None:
            return
        self.save_settings(lambda: self.status.show_message("Saved. New replies use these settings."), **values)

    def reset_to_recommended(self) -> None:
        self._timer.stop()
        self.writer.latest = self.writer.latest.changed(**dict.fromkeys(FIELDS))
        self.refresh()
        self.save_settings(lambda: self.status.show_message("Back to the recommended values."))

    def flush(self) -> None:
        if self._timer.isActive():
            self.save()

    def set_store_available(self, available: bool) -> None:
        for widget in (*self.spins(), self.reset_button):
            widget.setEnabled(available)
