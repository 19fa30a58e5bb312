"""The model page: which model answers, how it writes its replies, and choosing another `.gguf` file — checked
before it is used."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.chat.style import STYLE_LABELS
from app.model.engine import ModelInfo, inspect_model
from app.ui.qt import QFileDialog, QFormLayout, QLabel, QProgressBar
from app.ui.settings.base import SettingsPage
from app.ui.widgets import ChoiceBox, StatusLine, button, button_row, label

STYLE_HINT = ("A small model writes better with structure: a short reflection of what you said, then a question "
              "or small step from Confidant's CBT material. A larger model can write the whole reply. "
              "Automatic follows your guardrail profile, then the model's size.")


@dataclass(frozen=True)
class ModelCandidate:
    """What a chosen model file says about itself, read from its header without loading it."""

    path: Path
    name: str
    size_bytes: int
    context_length: int | None
    license: str | None
    chat_format: str
    known: bool  # listed in Confidant's model catalogue (tested with the guardrails)


def examine_model_file(path: Path) -> ModelCandidate:
    """Validate a model file (raises ModelError with a readable reason); runs on the model thread."""
    header, template, entry = inspect_model(path)
    return ModelCandidate(
        path=path,
        name=entry.name if entry else header.name or path.stem,
        size_bytes=header.file_size,
        context_length=entry.context_length if entry else header.context_length,
        license=entry.license if entry else header.license,
        chat_format=template.name,
        known=entry is not None,
    )


def human_size(size: int) -> str:
    if size >= 1_000_000_000:
        return f"{size / 1_000_000_000:.1f} GB"
    if size >= 1_000_000:
        return f"{size / 1_000_000:,.0f} MB"
    return f"{max(size, 0) / 1000:,.0f} KB"


def format_name(chat_format: str) -> str:
    return "the model's own chat template" if chat_format == "embedded" else chat_format


class ModelPage(SettingsPage):
    title = "Model"
    intro = ("The AI model runs entirely on this computer. You can use Confidant's default model or a GGUF "
             "chat model you have downloaded yourself.")

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.candidate: ModelCandidate | None = None

        current = self.card("Model in use")
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        self.values: dict[str, QLabel] = {}
        for key, caption in (("name", "Name"), ("file", "File"), ("size", "Size"),
                             ("context", "Context length"), ("license", "Licence"), ("format", "Chat format")):
            value = label("", selectable=True, name=caption)
            form.addRow(label(caption, "muted"), value)
            self.values[key] = value
        current.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.progress.setAccessibleName("Model loading progress")
        self.progress.hide()
        current.addWidget(self.progress)
        self.status = StatusLine("Model status")
        current.addWidget(self.status)
        self.choose_button = button("Choose or import a model…", "Choose or import a model",
                                    "Pick a .gguf model file; it is checked before it is used")
        self.default_button = button("Use the default model", "Use the default model",
                                     "Go back to the model that comes with Confidant")
        current.addLayout(button_row(self.choose_button, self.default_button))

        check = self.card("Chosen file")
        self.check_card = check.parentWidget()
        self.candidate_text = label("", selectable=True, name="Chosen model file details")
        check.addWidget(self.candidate_text)
        self.candidate_status = StatusLine("Chosen model file")
        check.addWidget(self.candidate_status)
        self.use_button = button("Use this model", "Use this model", "Load the chosen model and keep using it",
                                 kind="primary")
        check.addLayout(button_row(self.use_button))
        self.check_card.hide()

        style = self.card("How replies are written")
        self.reply_style = ChoiceBox("How replies are written",
                                     [(str(value), text) for value, text in STYLE_LABELS.items()], STYLE_HINT)
        style_caption = label("Reply style")
        style_caption.setBuddy(self.reply_style)
        style_form = QFormLayout()
        style_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        style_form.setHorizontalSpacing(16)
        style_form.addRow(style_caption, self.reply_style)
        style.addLayout(style_form)
        style.addWidget(label(STYLE_HINT, "muted"))
        self.style_status = StatusLine("Reply style")
        style.addWidget(self.style_status)
        self.finish()

        self.choose_button.clicked.connect(self._choose_file)
        self.default_button.clicked.connect(self.use_default_model)
        self.use_button.clicked.connect(self.use_candidate)
        self.reply_style.currentIndexChanged.connect(lambda _index: self.choose_style(self.reply_style.value()))
        c = self.controller  # bound methods: Qt drops these connections when the page is deleted
        c.model_progress.connect(self._model_progress)
        c.model_ready.connect(self._model_ready)
        c.model_failed.connect(self._model_failed)
        self.refresh()

    # ---- the model in use -----------------------------------------------------------------------------

    def refresh(self) -> None:
        info = self.controller.model_info
        if info is None:
            self._show_values(name="Not loaded yet", file="—", size="—", context="—", license="—", format="—")
        else:
            self._show_info(info)
        self.default_button.setEnabled(self.writer.latest.model_path is not None)
        self.reply_style.set_value(self.writer.latest.reply_style)

    def _show_info(self, info: ModelInfo) -> None:
        context = f"{info.n_ctx:,} tokens"
        if info.trained_context and info.trained_context != info.n_ctx:
            context += f" (the model was trained for {info.trained_context:,})"
        default = "" if self.writer.latest.model_path else " — Confidant's default"
        self._show_values(name=info.name + default, file=str(info.path), size=human_size(info.size_bytes),
                          context=context, license=info.license or "Not stated in the file",
                          format=format_name(info.chat_format))

    def _show_values(self, **values: str) -> None:
        captions = {"name": "Name", "file": "File", "size": "Size", "context": "Context length",
                    "license": "Licence", "format": "Chat format"}
        for key, text in values.items():
            self.values[key].setText(text)
            self.values[key].setAccessibleName(f"{captions[key]}: {text}")

    def _model_progress(self, stage: str, fraction: float) -> None:
        self.progress.show()
        self.progress.setValue(int(fraction * 100))
        self.status.show_message(f"{stage}…")

    def _model_ready(self, info: ModelInfo) -> None:
        self.progress.hide()
        self.refresh()
        self.status.show_message(f"Now using {info.name}.")

    def _model_failed(self, message: str) -> None:
        self.progress.hide()
        self.refresh()
        self.status.show_message(message, error=True)

    def set_store_available(self, available: bool) -> None:
        """The choice is saved in the encrypted store, so choosing needs it open."""
        self.choose_button.setEnabled(available)
        self.use_button.setEnabled(available)
        self.reply_style.setEnabled(available)
        self.default_button.setEnabled(available and self.writer.latest.model_path is not None)

    # ---- how replies are written ---------------------------------------------------------------------

    def choose_style(self, style: str) -> None:
        """Save the person's reply style; the open conversation's next reply uses it."""
        if style == self.writer.latest.reply_style or self.controller.store is None:
            return
        self.save_settings(lambda: self.style_status.show_message("Saved. The next reply is written this way."),
                           reply_style=style)

    # ---- choosing another ------------------------------------------------------------------------------

    def _choose_file(self) -> None:
        start = str(Path(self.writer.latest.model_path).parent) if self.writer.latest.model_path else \
            os.path.expanduser("~")
        path, _ = QFileDialog.getOpenFileName(self, "Choose a model file", start,
                                              "GGUF model files (*.gguf);;All files (*)")
        if path:
            self.examine(Path(path))

    def examine(self, path: Path) -> None:
        """Check a chosen file on the model thread, then show what it is — or why it cannot be used."""
        self.candidate = None
        self.check_card.show()
        self.use_button.hide()
        self.candidate_text.setText(str(path))
        self.candidate_text.setAccessibleName(f"Chosen file: {path}")
        self.candidate_status.show_message("Checking the file…")
        self.controller.on_model(self, lambda: examine_model_file(path), self._examined, self._refused)

    def _examined(self, candidate: ModelCandidate) -> None:
        self.candidate = candidate
        lines = [
            candidate.name,
            f"File: {candidate.path}",
            f"Size: {human_size(candidate.size_bytes)}",
            "Context length: " + (f"{candidate.context_length:,} tokens" if candidate.context_length
                                  else "not stated"),
            f"Licence: {candidate.license or 'not stated in the file'}",
            f"Chat format: {format_name(candidate.chat_format)}",
        ]
        self.candidate_text.setText("\n".join(lines))
        self.candidate_text.setAccessibleName("Chosen model: " + "; ".join(lines))
        note = "This file can be used." if candidate.known else (
            "This file can be used. It is not one of the models Confidant was tested with, so its replies may "
            "be less suitable; the guardrails still check every message.")
        self.candidate_status.show_message(note)
        self.use_button.show()
        self.use_button.setFocus()

    def _refused(self, message: str) -> None:
        self.candidate = None
        self.use_button.hide()
        self.candidate_status.show_message(f"This file cannot be used. {message}", error=True)

    def use_candidate(self) -> None:
        """Remember the checked file and load it; if llama.cpp cannot load it, go back to the previous model."""
        candidate = self.candidate
        if candidate is None:
            return
        self._switch(str(candidate.path))
        self.check_card.hide()
        self.candidate = None

    def use_default_model(self) -> None:
        self._switch(None)

    def _switch(self, model_path: str | None) -> None:
        controller, writer = self.controller, self.writer
        previous = writer.latest.model_path

        def load() -> None:
            controller.load_model(model_path)

        def ready(info: ModelInfo) -> None:
            if model_path is None or info.path == Path(model_path):
                disconnect()

        def failed(_message: str) -> None:
            disconnect()
            writer.change(lambda: controller.load_model(previous), model_path=previous)

        def disconnect() -> None:
            controller.model_ready.disconnect(ready)
            controller.model_failed.disconnect(failed)

        # Plain functions, not the page's methods: they must run even if the window closes meanwhile.
        controller.model_ready.connect(ready)
        controller.model_failed.connect(failed)
        self.status.show_message("Loading the model…")
        writer.change(load, model_path=model_path)
