"""The profile editor: a form over every field of a guardrail profile, validated as the clinician types.

Each change rewrites the whole draft as TOML (app/safety/draft.py) and, after a short pause, hands that text to
the same validator the app uses when it loads a profile — on a worker thread, since compiling a profile's
thousands of patterns takes tens of milliseconds. Problems appear beside the form, named in words; choosing
one jumps to its field. "Install this profile" is offered only while the current text is valid.

The Risk scoring page shows what its thresholds would do on the shipped evaluation set; the set is checked
once (a few seconds, on the worker) the first time that page is shown, and again when another profile is
loaded, since the profile's rules decide which messages are caught before any score.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.safety import Guardrails, Problem, Profile, ProfileError, ScorerSet, validate_profile_text
from app.safety.draft import ProfileDraft, draft_from_text, draft_problems, draft_to_toml
from app.safety.locations import SECTION_TITLES, Location, describe, locate
from app.safety.tradeoff import Tradeoff, eval_set_path, measure, read_eval_set
from app.ui.clinician.editor_pages import ScorerPage, SectionPage, make_pages
from app.ui.qt import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.tasks import TaskRunner, guarded
from app.ui.widgets import button, label, set_role

DEBOUNCE_MS = 300
EDITOR_SOURCE = "the profile in the editor"
ROLE_LOCATION = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Validation:
    """The validator's verdict on one version of the editor's text."""

    text: str
    profile: Profile | None
    rails: Guardrails | None
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        return self.profile is not None


def _validate(text: str, scorers: ScorerSet | None) -> Validation:
    """Runs on the worker: validate and build the rails the test bench will use."""
    try:
        profile = validate_profile_text(text, source=EDITOR_SOURCE)
    except ProfileError as error:
        return Validation(text, None, None, tuple(error.problems))
    return Validation(text, profile, Guardrails(profile, scorers), ())


def _measure(rails: Guardrails, path: Path) -> tuple[Tradeoff | None, str]:
    """Runs on the worker: the evaluation set checked with these rails, or why it could not be."""
    try:
        messages = read_eval_set(path)
    except FileNotFoundError:
        return None, (f"The evaluation set ({path.name}) is not installed, so what these thresholds "
                      "would do cannot be shown. Reinstall Confidant to restore it.")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return None, f"The evaluation set could not be read ({error}), so what these thresholds would do " \
                     "cannot be shown."
    return measure(rails, messages), ""


class ProfileEditor(QWidget):
    changed = Signal()
    validated = Signal(object)  # Validation
    install_requested = Signal(str)  # the valid TOML text
    revert_requested = Signal()

    def __init__(self, runner: TaskRunner, scorers: ScorerSet | None = None, eval_set: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._scorers = scorers  # the app's learned scorers (None: the shipped ones)
        self._eval_set = eval_set or eval_set_path()  # the labelled messages the Risk scoring page measures
        self._tradeoff_generation = 0  # counts loaded profiles: a measurement applies only to its own
        self._measuring: int | None = None  # the generation being measured
        self._measure_waiting = False  # asked for while no valid version of the profile was at hand
        self.draft = ProfileDraft()
        self.result: Validation | None = None
        self._generation = 0  # counts edits: a validation applies only to the edit it was started for
        self._result_generation = -1
        self._baseline = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.validate_now)

        self.nav = QListWidget()  # made before the pages, so Tab goes from it into the page shown
        self.nav.setObjectName("ClinicianNav")
        self.nav.setAccessibleName("Profile sections")
        self.nav.setAccessibleDescription("Choose a part of the profile to edit")
        self.nav.setFixedWidth(max(236, self.nav.fontMetrics().horizontalAdvance("Topics it does not handle") + 56))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setWordWrap(True)
        self.pages: list[SectionPage] = make_pages(self._edited)
        self.stack = QStackedWidget()
        for page in self.pages:
            item = QListWidgetItem(SECTION_TITLES[page.section])
            self.nav.addItem(item)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.scorer_page: ScorerPage | None = next((p for p in self.pages if isinstance(p, ScorerPage)), None)
        if self.scorer_page is not None:
            self.scorer_page.tradeoff_wanted.connect(self.measure_tradeoff)

        body = QHBoxLayout()
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)

        bar = QFrame()
        bar.setObjectName("ValidationBar")
        bar_layout = QVBoxLayout(bar)
        bar_layout.setContentsMargins(12, 8, 12, 8)
        bar_layout.setSpacing(6)
        row = QHBoxLayout()
        self.status = label("")
        self.status.setAccessibleName("Validation status")
        row.addWidget(self.status, 1)
        self.revert_button = button("Revert to the active profile", description="Throws away the edits and "
                                    "shows the profile Confidant is using now")
        self.install_button = button("Install this profile", description="Makes the profile in the editor "
                                     "the active one; possible only while it is valid", kind="primary")
        self.revert_button.clicked.connect(self.revert_requested)
        self.install_button.clicked.connect(self._install_clicked)
        row.addWidget(self.revert_button)
        row.addWidget(self.install_button)
        bar_layout.addLayout(row)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems")
        self.problems.setAccessibleDescription("Press Enter on a problem to go to its field")
        self.problems.setWordWrap(True)
        self.problems.itemActivated.connect(self._problem_chosen)
        self.problems.itemClicked.connect(self._problem_chosen)
        self.problems.hide()
        bar_layout.addWidget(self.problems)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(body, 1)
        layout.addWidget(bar)
        self.nav.setCurrentRow(0)
        self._set_install_enabled(False)

    # ---- loading -----------------------------------------------------------------------------------------

    def load_text(self, text: str, source: str = EDITOR_SOURCE) -> None:
        """Show a profile's TOML in the form. Raises ProfileError (with its line) if it is not TOML at all."""
        self.load_draft(draft_from_text(text, source))

    def load_draft(self, draft: ProfileDraft) -> None:
        self.draft = draft
        for page in self.pages:
            page.load(draft)
        self._baseline = draft_to_toml(draft)
        if self.scorer_page is not None and self.scorer_page.asked:
            self._tradeoff_generation += 1
            self._measure_waiting = True  # measured once this profile has been validated
            self.scorer_page.show_tradeoff(None)
        self.validate_now()

    def toml(self) -> str:
        return draft_to_toml(self.draft)

    @property
    def dirty(self) -> bool:
        """True when the form differs from what was last loaded or installed."""
        return self.toml() != self._baseline

    def mark_saved(self, text: str) -> None:
        """`text` was installed (or exported): it is the new "unchanged" state."""
        self._baseline = text

    @property
    def pending(self) -> bool:
        """True while the form shows something not yet validated."""
        return self._timer.isActive() or self.result is None or self._result_generation != self._generation

    @property
    def valid_result(self) -> Validation | None:
        """The validation of exactly what the form shows now, if it is valid."""
        if self.result is not None and self.result.valid and not self.pending:
            return self.result
        return None

    # ---- validating --------------------------------------------------------------------------------------

    def _edited(self) -> None:
        self._generation += 1
        self._set_install_enabled(False)
        self._show_status("Checking…", "muted")
        self._timer.start()
        self.changed.emit()

    def validate_now(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        early = draft_problems(self.draft)
        if early:
            self._apply(Validation("", None, None, tuple(early)), generation)
            return
        text = self.toml()
        self._show_status("Checking…", "muted")

        def done(result: Validation) -> None:
            if generation == self._generation:
                self._apply(result, generation)

        def failed(message: str, _error: BaseException) -> None:
            if generation == self._generation:
                self.result = None
                self._show_status(message, "problem")

        scorers = self._scorers
        self._runner.run(lambda: _validate(text, scorers), done, failed)

    def _apply(self, result: Validation, generation: int) -> None:
        self.result = result
        self._result_generation = generation
        locations = [locate(problem.field) for problem in result.problems]
        for page in self.pages:
            page.mark(locations)
        counts: dict[str, int] = {}
        for location in locations:
            counts[location.section] = counts.get(location.section, 0) + 1
        for row, page in enumerate(self.pages):
            item = self.nav.item(row)
            title = SECTION_TITLES[page.section]
            count = counts.get(page.section, 0)
            item.setText(f"{title}  ⚠ {count}" if count else title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{title}, {count} problem{'s' if count != 1 else ''}" if count else title)
        self.problems.clear()
        for problem, location in zip(result.problems, locations, strict=True):
            item = QListWidgetItem(describe(problem, self.draft))
            item.setData(ROLE_LOCATION, location)
            self.problems.addItem(item)
        self.problems.setVisible(bool(result.problems))
        if result.problems:
            rows = min(len(result.problems), 5)
            self.problems.setFixedHeight(rows * max(self.problems.sizeHintForRow(0), 1) + 12)
        if result.valid:
            note = "" if result.text != self._baseline else " No changes since it was loaded."
            self._show_status(f"✓ Valid — ready to install.{note}", "ok")
        else:
            count = len(result.problems)
            self._show_status(f"{count} problem{'s' if count != 1 else ''} to fix before this profile can be "
                              "installed. Choose one to go to its field.", "problem")
        self._set_install_enabled(result.valid)
        self.validated.emit(result)
        if result.valid and self._measure_waiting:
            self.measure_tradeoff()

    # ---- what the thresholds would do -------------------------------------------------------------------------

    def measure_tradeoff(self) -> None:
        """Check the evaluation set once with the current profile's rules and the scorer, on the worker."""
        page, generation = self.scorer_page, self._tradeoff_generation
        if page is None or self._measuring == generation:
            return
        result = self.valid_result
        if result is None or result.rails is None:
            self._measure_waiting = True
            return
        self._measure_waiting = False
        self._measuring = generation
        rails, path = result.rails, self._eval_set

        def done(measured: tuple[Tradeoff | None, str]) -> None:
            if generation == self._tradeoff_generation:
                self._measuring = None
                page.show_tradeoff(*measured)

        def failed(message: str, _error: BaseException) -> None:
            if generation == self._tradeoff_generation:
                self._measuring = None
                page.show_tradeoff(None, message)

        self._runner.run(lambda: _measure(rails, path), guarded(self, done), guarded(self, failed))

    def _show_status(self, text: str, role: str) -> None:
        self.status.setText(text)
        set_role(self.status, role)

    def _set_install_enabled(self, enabled: bool) -> None:
        self.install_button.setEnabled(enabled)

    def set_busy(self, busy: bool) -> None:
        """While an install runs: no second click."""
        self._set_install_enabled(not busy and self.valid_result is not None)

    def _install_clicked(self) -> None:
        result = self.valid_result
        if result is not None:
            self.install_requested.emit(result.text)

    # ---- problems -> fields --------------------------------------------------------------------------------

    def _problem_chosen(self, item: QListWidgetItem) -> None:
        location = item.data(ROLE_LOCATION)
        if isinstance(location, Location):
            self.go_to(location)

    def go_to(self, location: Location) -> None:
        for row, page in enumerate(self.pages):
            if page.section == location.section:
                self.nav.setCurrentRow(row)
                page.reveal(location)
                return

    def page(self, section: str) -> SectionPage:
        return next(page for page in self.pages if page.section == section)
