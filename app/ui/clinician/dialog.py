"""The clinician window: profile editor, test bench, import / export, lock / unlock and the audit list.

It starts from the active profile. Installing goes through app.safety.clinician, as `confidant profile
install` does (the PIN, when the profile is locked, is the one given at the gate or set on the Lock tab), then
the controller reloads the profile so every check from then on uses it. The window closes itself when
Confidant locks, since it shows the person's audit events.
"""

from __future__ import annotations

import contextlib

from app.safety import Guardrails, Profile, clinician
from app.safety.clinician import LockStatus
from app.ui.clinician.audit_page import AuditPage
from app.ui.clinician.bench import TestBench
from app.ui.clinician.editor import ProfileEditor
from app.ui.clinician.lock_page import LockPage
from app.ui.clinician.transfer import TransferPage
from app.ui.clinician.widgets import highlight_sheet
from app.ui.qt import QDialog, QEvent, QFrame, QHBoxLayout, QObject, QTabWidget, QVBoxLayout, QWidget, Signal
from app.ui.tasks import TaskRunner
from app.ui.widgets import button, label, set_role

TABS = ("Profile editor", "Test bench", "Import / export", "Lock", "Audit")
INSTALL_SOURCE = "clinician editor"  # where an installed profile came from, as `confidant profile show` says


class ClinicianDialog(QDialog):
    installed = Signal(object)  # Profile
    status_changed = Signal(object)  # LockStatus

    def __init__(self, controller, pin: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.pin = pin  # known only after the gate or the Lock tab; needed to install while locked
        self.lock_status: LockStatus | None = None
        self.runner = TaskRunner("clinician", self)  # validation, long bench runs, profile files
        self._closed = False
        self.setWindowTitle("Clinician mode — Confidant")
        self.setAccessibleName("Clinician mode")
        self.setObjectName("Page")
        self._fit_to_screen(parent)
        self.setStyleSheet(highlight_sheet())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        title_row = QHBoxLayout()
        title = label("Clinician mode", "title")
        title_row.addWidget(title)
        title_row.addStretch(1)
        self.lock_state = label("", "muted", wrap=False)
        self.lock_state.setAccessibleName("Clinician lock status")
        title_row.addWidget(self.lock_state)
        layout.addLayout(title_row)
        self.active = label("", "muted")
        self.active.setAccessibleName("Active guardrail profile")
        layout.addWidget(self.active)

        self.banner = QFrame()
        self.banner.setObjectName("LockBanner")
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(14, 8, 10, 8)
        banner_row.addWidget(label("This profile is not locked: anyone using this computer can change the "
                                   "guardrails. Lock it with a PIN once it is set up.") , 1)
        self.lock_now = button("Lock the profile with a PIN", description="Opens the Lock tab to choose a PIN",
                               kind="primary")
        self.lock_now.clicked.connect(self.show_lock_tab)
        banner_row.addWidget(self.lock_now)
        self.banner.hide()
        layout.addWidget(self.banner)

        self.scorer_warning = QFrame()  # the learned scorer is missing: every check runs on the rules alone
        self.scorer_warning.setObjectName("ScorerWarning")
        self.scorer_warning.setAccessibleName("Safety warning")
        warning_row = QHBoxLayout(self.scorer_warning)
        warning_row.setContentsMargins(14, 8, 10, 8)
        self.scorer_warning_text = label("", selectable=True, name="Safety warning")
        warning_row.addWidget(self.scorer_warning_text, 1)
        layout.addWidget(self.scorer_warning)
        self._show_scorer_problem()

        self.editor = ProfileEditor(self.runner, controller.scorers)
        self.bench = TestBench(self.bench_rails, self.runner)
        self.transfer = TransferPage(self.editor, self.runner)
        self.lock_page = LockPage(controller)
        self.audit = AuditPage(controller)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Clinician tools")
        self.tabs.tabBar().setAccessibleName("Clinician tools")
        for page, name in zip((self.editor, self.bench, self.transfer, self.lock_page, self.audit), TABS,
                              strict=True):
            self.tabs.addTab(page, name)
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.message = label("")
        self.message.setAccessibleName("Clinician mode messages")
        bottom.addWidget(self.message, 1)
        self.close_button = button("Close", "Close clinician mode")
        self.close_button.clicked.connect(self.reject)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

        self.editor.install_requested.connect(self.install)
        self.editor.revert_requested.connect(self._revert)
        self.lock_page.locked_with.connect(self._locked_with)
        self.lock_page.unlocked.connect(self._unlocked)
        controller.profile_changed.connect(self._profile_changed)
        controller.locked.connect(self.close_now)

        if parent is not None:
            parent.installEventFilter(self)  # the main window closing closes this too (and its thread)

        self._show_active(controller.profile)
        self.load_active()
        self.refresh_status()
        self.editor.nav.setFocus()

    def _fit_to_screen(self, parent: QWidget | None) -> None:
        """Roomy by default (the editor has a lot to show), never larger than the screen."""
        width, height = 1240, 900
        screen = parent.screen() if parent is not None else self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            if available.width() > 400 and available.height() > 300:
                width = min(width, int(available.width() * 0.95))
                height = min(height, int(available.height() * 0.92))
        self.resize(width, height)

    # ---- status ----------------------------------------------------------------------------------------------

    def refresh_status(self) -> None:
        self.controller.on_store(self, clinician.lock_status, self._show_status, self._failed)

    def _show_status(self, status: LockStatus) -> None:
        self.lock_status = status
        self.lock_state.setText("Locked with a clinician PIN" if status.locked else "Not locked")
        set_role(self.lock_state, "ok" if status.locked else "muted")
        self.lock_state.setAccessibleName("Clinician lock: locked" if status.locked else "Clinician lock: not "
                                          "locked")
        self.banner.setVisible(not status.locked)
        self.lock_page.show_status(status)
        self._show_active(self.controller.profile)
        self.status_changed.emit(status)

    def _show_active(self, profile: Profile | None) -> None:
        if profile is None:
            self.active.setText("")
            return
        installed = self.lock_status.installed if self.lock_status else None
        origin = ""
        if installed is not None and installed.profile_id == profile.id:
            when = installed.installed_at.replace("T", " ")[:16]
            origin = f" · installed from {installed.source} on {when} (UTC)"
        elif self.lock_status is not None and installed is None:
            origin = " · the default (none installed)"
        self.active.setText(f"Active profile: {profile.name} {profile.version} ({profile.id}){origin}")

    def _show_scorer_problem(self) -> None:
        problem = self.controller.scorer_problem
        if problem:
            text = f"{problem} Until then, the test bench shows what the rules alone decide."
            self.scorer_warning_text.setText(text)
            self.scorer_warning_text.setAccessibleDescription(text)
        self.scorer_warning.setVisible(bool(problem))

    def _profile_changed(self, profile: Profile, warning: str | None) -> None:
        self._show_scorer_problem()
        self._show_active(profile)
        if warning:
            self._say(warning, "problem")

    def show_lock_tab(self) -> None:
        self.tabs.setCurrentWidget(self.lock_page)
        (self.lock_page.pin if self.lock_status and self.lock_status.locked else self.lock_page.new_pin).setFocus()

    def _locked_with(self, pin: str) -> None:
        self.pin = pin
        self.refresh_status()

    def _unlocked(self) -> None:
        self.pin = None
        self.refresh_status()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.audit:
            self.audit.refresh()

    # ---- editor --------------------------------------------------------------------------------------------

    def load_active(self) -> None:
        profile = self.controller.profile
        if profile is None:
            return
        try:
            self.editor.load_text(profile.text, source=profile.name)
        except Exception as error:  # the active profile always parses; say so plainly if it ever does not
            self._say(f"The active profile could not be shown in the editor: {error}", "problem")

    def _revert(self) -> None:
        from app.ui.dialogs import confirm

        if self.editor.dirty and not confirm(self, "Throw away your edits?", "The editor will show the "
                                             "active profile again; your changes will be lost.", "Revert"):
            return
        self.load_active()
        self._say("The editor shows the active profile again.", "muted")

    def install(self, text: str) -> None:
        """Make `text` (validated by the editor) the active profile, through the clinician lock."""
        pin = self.pin
        self.editor.set_busy(True)
        self._say("Installing…", "muted")

        def done(profile: Profile) -> None:
            self.editor.mark_saved(text)
            self.editor.set_busy(False)
            self._say(f"Installed “{profile.name}”. Every message is now checked with it.", "ok")
            self._reopen_after_reload()
            self.controller.reload_profile()
            self.refresh_status()
            self.installed.emit(profile)

        def failed(message: str) -> None:
            self.editor.set_busy(False)
            self._say(message, "problem")

        self.controller.on_store(
            self, lambda store: clinician.install_profile(store, text, source=INSTALL_SOURCE, pin=pin), done, failed)

    def _reopen_after_reload(self) -> None:
        """An open conversation holds the rails it was opened with; reopen it once the new profile is loaded,
        so the very next message is checked with what was just installed."""
        controller = self.controller

        def reopen(*_args: object) -> None:
            controller.profile_changed.disconnect(reopen)
            session = controller.session
            if session is None:
                return
            if session.conversation_id is None:
                controller.new_conversation()
            else:
                controller.open_conversation(session.conversation_id)

        controller.profile_changed.connect(reopen)

    # ---- test bench ------------------------------------------------------------------------------------------

    def bench_rails(self) -> tuple[Guardrails | None, str]:
        result = self.editor.valid_result
        if result is not None and result.rails is not None and result.profile is not None:
            return result.rails, f"the profile in the editor ({result.profile.name})"
        rails = self.controller.guardrails
        if rails is None:
            return None, ""
        why = "it is still being checked" if self.editor.pending else "it has problems"
        return rails, f"the active profile ({rails.profile.name}), since the editor's profile {why}"

    # ---- closing -------------------------------------------------------------------------------------------

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)

    def _failed(self, message: str) -> None:
        self._say(message, "problem")

    def reject(self) -> None:
        from app.ui.dialogs import confirm

        if not self._closed and self.editor.dirty and not confirm(
                self, "Close clinician mode?", "The editor has changes that are not installed or exported. "
                "They will be lost.", "Close without installing"):
            return
        self.close_now()

    def close_now(self) -> None:
        """Close without asking (Confidant locked, or the clinician chose to)."""
        if self._closed:
            return
        self._closed = True
        self.pin = None
        for signal, slot in ((self.controller.profile_changed, self._profile_changed),
                             (self.controller.locked, self.close_now)):
            with contextlib.suppress(RuntimeError, TypeError):  # already gone at shutdown
                signal.disconnect(slot)
        self.runner.shutdown()
        super().reject()
        self.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.close_now()
        return False

    def closeEvent(self, event) -> None:
        if self._closed:
            event.accept()
            return
        event.ignore()
        self.reject()

