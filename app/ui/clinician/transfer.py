"""Import / export: profile files in and out of the editor, and the shipped profiles as starting points.

An imported file is validated before it reaches the editor; a broken one is refused with every problem and
its line (as `confidant profile validate` prints them), and the editor keeps what it had. Export writes the
editor's profile as TOML wherever the clinician chooses. File work runs on the clinician worker thread.
"""

from __future__ import annotations

from pathlib import Path

from app.safety import ProfileError, read_profile_file, shipped_profiles
from app.ui.clinician.editor import ProfileEditor
from app.ui.dialogs import confirm
from app.ui.qt import QFileDialog, QFont, QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget, Signal
from app.ui.tasks import TaskRunner
from app.ui.widgets import ComboBox, button, heading, label, set_role

FILE_FILTER = "Guardrail profiles (*.toml);;All files (*)"


def read_valid_profile(path: str | Path) -> tuple[str, str]:
    """(name, text) of a valid profile file; ProfileError (every problem, with lines) otherwise."""
    profile = read_profile_file(path)
    return profile.name, Path(path).read_text(encoding="utf-8")


def shipped_choices() -> list[tuple[str, str]]:
    """(name, path) of each shipped profile that validates, default first."""
    choices = []
    for path in shipped_profiles():
        try:
            choices.append((read_profile_file(path).name, str(path)))
        except ProfileError:
            continue
    return choices


def write_profile(path: Path, text: str) -> Path:
    if path.suffix.lower() != ".toml":
        path = path.with_name(path.name + ".toml")
    path.write_text(text, encoding="utf-8")
    return path


class TransferPage(QWidget):
    imported = Signal(str)  # profile name
    import_failed = Signal(str)  # the report
    exported = Signal(str)  # path

    def __init__(self, editor: ProfileEditor, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._runner = runner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)

        layout.addWidget(heading("Start from a profile that comes with Confidant"))
        layout.addWidget(label("Loads it into the editor, where you can change it and install it.", "muted"))
        row = QHBoxLayout()
        self.shipped = ComboBox("Profiles that come with Confidant")
        self.shipped.addItem("Loading…")
        self.shipped.setEnabled(False)
        self.shipped.setMinimumWidth(280)
        self.load_button = button("Load into the editor", "Load the chosen profile into the editor")
        self.load_button.setEnabled(False)
        self.load_button.clicked.connect(self._load_shipped_clicked)
        row.addWidget(self.shipped)
        row.addWidget(self.load_button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addSpacing(8)
        layout.addWidget(heading("Import a profile file"))
        layout.addWidget(label("A .toml profile, for example one a colleague wrote or one you exported. It is "
                               "checked first; if it has problems, each is listed with its line and the editor "
                               "keeps what it has.", "muted"))
        row = QHBoxLayout()
        self.import_button = button("Import a profile file…", "Import a profile file")
        self.import_button.clicked.connect(self._import_clicked)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addSpacing(8)
        layout.addWidget(heading("Export"))
        layout.addWidget(label("Saves the profile in the editor as a .toml file you can keep, review or share. "
                               "It holds no one's conversations. Comments from an imported file are not kept.",
                               "muted"))
        row = QHBoxLayout()
        self.export_button = button("Export the editor's profile…", "Export the editor's profile to a file")
        self.export_button.clicked.connect(self._export_clicked)
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addSpacing(8)
        self.message = label("")
        self.message.setAccessibleName("Import and export result")
        layout.addWidget(self.message)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Problems in the imported file")
        self.report.setTabChangesFocus(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(self.report.font().pointSizeF())
        self.report.setFont(mono)
        self.report.hide()
        layout.addWidget(self.report, 1)
        layout.addStretch(0)
        self._runner.run(shipped_choices, self._fill_shipped, self._failed, owner=self)

    def _fill_shipped(self, choices: list[tuple[str, str]]) -> None:
        self.shipped.clear()
        for name, path in choices:
            self.shipped.addItem(name, path)
        self.shipped.setEnabled(bool(choices))
        self.load_button.setEnabled(bool(choices))
        if not choices:
            self.shipped.addItem("No shipped profiles were found")

    def _may_replace(self) -> bool:
        return not self.editor.dirty or confirm(
            self, "Replace the editor's profile?",
            "The editor has changes that are not installed or exported. Replace them?", "Replace")

    def _load_shipped_clicked(self) -> None:
        path = self.shipped.currentData()
        if path and self._may_replace():
            self.load_shipped(path)

    def load_shipped(self, path: str) -> None:
        self._runner.run(lambda: read_valid_profile(path), self._loaded, self._import_error, owner=self)

    def _import_clicked(self) -> None:
        if not self._may_replace():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Import a guardrail profile", str(Path.home()), FILE_FILTER)
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> None:
        self._say("Checking the file…", "muted")
        self._runner.run(lambda: read_valid_profile(path), self._loaded, self._import_error, owner=self)

    def _loaded(self, result: tuple[str, str]) -> None:
        name, text = result
        try:
            self.editor.load_text(text, source=name)
        except ProfileError as error:  # pragma: no cover - the file validated a moment ago
            self._import_error(str(error), error)
            return
        self.report.hide()
        self._say(f"Loaded “{name}” into the editor. Install it there to make it the active profile.", "ok")
        self.imported.emit(name)

    def _import_error(self, message: str, error: BaseException) -> None:
        if isinstance(error, ProfileError):
            count = len(error.problems)
            self._say(f"This file cannot be used: {count} problem{'s' if count != 1 else ''}. The editor was not "
                      "changed.", "problem")
            report = error.report()
            self.report.setPlainText(report)
            self.report.show()
            self.import_failed.emit(report)
        else:
            self._say(message, "problem")
            self.import_failed.emit(message)

    def _export_clicked(self) -> None:
        suggested = str(Path.home() / f"{self.editor.draft.id or 'guardrail-profile'}.toml")
        path, _ = QFileDialog.getSaveFileName(self, "Export the guardrail profile", suggested, FILE_FILTER)
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        text = self.editor.toml()
        valid = self.editor.valid_result is not None

        def done(written: Path) -> None:
            note = "" if valid else " It still has problems, so it cannot be installed until they are fixed."
            self._say(f"Saved to {written}.{note}", "ok" if valid else "problem")
            self.exported.emit(str(written))

        self._runner.run(lambda: write_profile(Path(path), text), done, self._failed, owner=self)

    def _failed(self, message: str, _error: BaseException) -> None:
        self._say(message, "problem")

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)
