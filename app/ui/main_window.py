"""The main window: welcome / unlock, then conversations beside the chat."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from app.cbt import check_in_due, mark_check_in_prompted, suggest_exercise
from app.chat.record import title_from
from app.chat.session import Reply, ReplyKind, ReplyStream
from app.model.engine import FinishReason, ModelInfo
from app.safety import CheckInAnswer, HelpResource, Profile
from app.settings import AppSettings
from app.storage import Conversation, SearchHit
from app.ui.chat_view import ConversationView
from app.ui.check_in_card import CheckInCard
from app.ui.clipboard import PrivateClipboard
from app.ui.composer import Composer
from app.ui.controller import AppController, OpenedConversation
from app.ui.crisis_card import CrisisCard
from app.ui.dialogs import HelpDialog, ProfileSummaryDialog, SafetyPlanDialog, confirm
from app.ui.onboarding import UnlockPage, WelcomePage
from app.ui.qt import (
    QApplication,
    QEvent,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QShortcut,
    QSplitter,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from app.ui.qt import is_valid as qt_valid
from app.ui.toolkit import ToolkitDialog
from app.ui.toolkit.dialog import offered_exercises

ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_HIT = Qt.ItemDataRole.UserRole + 1


class Sidebar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sidebar")
        self.setMinimumWidth(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        title = QLabel("Confidant")
        title.setProperty("role", "title")
        layout.addWidget(title)
        self.new_button = QPushButton("New conversation")
        self.new_button.setProperty("kind", "primary")
        self.new_button.setAccessibleName("New conversation")
        self.new_button.setAccessibleDescription("Start a new conversation (Ctrl+N)")
        layout.addWidget(self.new_button)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search your conversations")
        self.search.setAccessibleName("Search conversations")
        self.search.setAccessibleDescription("Type and press Enter to search all your history (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.results_label = QLabel("")
        self.results_label.setProperty("role", "muted")
        self.results_label.hide()
        layout.addWidget(self.results_label)
        self.list = QListWidget()
        self.list.setAccessibleName("Conversations")
        self.list.setAccessibleDescription("Enter opens; F2 renames; Delete deletes")
        self.list.setWordWrap(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.rename_button = QPushButton("Rename")
        self.rename_button.setAccessibleName("Rename the selected conversation")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete the selected conversation")
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        layout.addLayout(row)


class ChatPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sidebar = Sidebar()
        main = QWidget()
        main.setObjectName("Page")
        column = QVBoxLayout(main)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)

        header = QHBoxLayout()
        header.setContentsMargins(20, 12, 16, 8)
        self.title = QLabel("New conversation")
        self.title.setProperty("role", "heading")
        self.title.setAccessibleName("Conversation title")
        header.addWidget(self.title, 1)
        self.help_button = QPushButton("Get help now")
        self.help_button.setProperty("kind", "help")
        self.help_button.setAccessibleName("Get help now")
        self.help_button.setAccessibleDescription("Shows crisis lines and your safety plan (F1)")
        self.toolkit_button = QPushButton("Toolkit")
        self.toolkit_button.setAccessibleName("Toolkit")
        self.toolkit_button.setAccessibleDescription("Mood check-ins, thought records, breathing and more (Ctrl+T)")
        self.settings_button = QPushButton("Settings")
        self.settings_button.setAccessibleName("Settings")
        self.clinician_button = QPushButton("Clinician")
        self.clinician_button.setAccessibleName("Clinician mode")
        self.clinician_button.setAccessibleDescription("Guardrail profile editor and test bench")
        self.lock_button = QPushButton("Lock")
        self.lock_button.setAccessibleName("Lock Confidant")
        self.lock_button.setAccessibleDescription("Closes your conversations until the passphrase is entered")
        for button in (self.help_button, self.toolkit_button, self.settings_button, self.clinician_button,
                       self.lock_button):
            header.addWidget(button)
        column.addLayout(header)

        # Shown for as long as a learned risk scorer is missing: the rules still run, but the person and
        # whoever looks after the computer should know, and reinstall.
        self.scorer_warning = QFrame()
        self.scorer_warning.setObjectName("ScorerWarning")
        self.scorer_warning.setAccessibleName("Safety warning")
        warning_layout = QHBoxLayout(self.scorer_warning)
        warning_layout.setContentsMargins(14, 8, 14, 8)
        self.scorer_warning_text = QLabel()
        self.scorer_warning_text.setWordWrap(True)
        self.scorer_warning_text.setTextFormat(Qt.TextFormat.RichText)
        self.scorer_warning_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                         | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.scorer_warning_text.setAccessibleName("Safety warning")
        warning_layout.addWidget(self.scorer_warning_text)
        self.scorer_warning.hide()
        warning_row = QHBoxLayout()
        warning_row.setContentsMargins(16, 0, 16, 8)
        warning_row.addWidget(self.scorer_warning)
        column.addLayout(warning_row)

        self.pinned = QFrame()
        self.pinned.setObjectName("CrisisCard")
        self.pinned.setAccessibleName("Pinned help lines")
        pinned_layout = QVBoxLayout(self.pinned)
        pinned_layout.setContentsMargins(14, 8, 14, 8)
        pinned_layout.setSpacing(6)
        self.pinned_text = QLabel()
        self.pinned_text.setWordWrap(True)
        self.pinned_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.pinned_text.setAccessibleName("Help lines for this conversation")
        pinned_layout.addWidget(self.pinned_text)
        pinned_buttons = QHBoxLayout()
        self.pinned_all = QPushButton("All help lines")
        self.pinned_all.setAccessibleName("Show all help lines")
        self.pinned_plan = QPushButton("My safety plan")
        self.pinned_plan.setAccessibleName("Open my safety plan")
        self.pinned_confirm = QPushButton()
        self.pinned_confirm.setAccessibleDescription("The help lines stay pinned for this conversation")
        pinned_buttons.addWidget(self.pinned_all)
        pinned_buttons.addWidget(self.pinned_plan)
        pinned_buttons.addStretch(1)
        pinned_buttons.addWidget(self.pinned_confirm)
        pinned_layout.addLayout(pinned_buttons)
        self.pinned.hide()
        column.addWidget(self.pinned)

        self.view = ConversationView()
        column.addWidget(self.view, 1)

        actions = QHBoxLayout()
        actions.setContentsMargins(20, 4, 20, 0)
        self.regenerate_button = QPushButton("Regenerate")
        self.regenerate_button.setAccessibleName("Regenerate the last reply")
        self.edit_button = QPushButton("Edit my last message")
        self.edit_button.setAccessibleName("Edit and resend my last message")
        actions.addWidget(self.regenerate_button)
        actions.addWidget(self.edit_button)
        self.suggestion_button = QPushButton()  # an exercise that may fit the last message (see suggest_exercise)
        self.suggestion_button.setProperty("kind", "primary")
        self.suggestion_button.hide()
        actions.addWidget(self.suggestion_button)
        self.walk_button = QPushButton("Walk through it here")  # the offered exercise, step by step in the chat
        self.walk_button.hide()
        actions.addWidget(self.walk_button)
        self.leave_exercise_button = QPushButton("Leave exercise")  # while an exercise runs in the chat
        self.leave_exercise_button.setAccessibleDescription("Stops the exercise here; what you wrote is kept")
        self.leave_exercise_button.hide()
        actions.addWidget(self.leave_exercise_button)
        actions.addStretch(1)
        self.notice = QLabel()
        self.notice.setProperty("role", "muted")
        self.notice.setAccessibleName("Notice")
        actions.addWidget(self.notice)
        column.addLayout(actions)

        composer_row = QHBoxLayout()
        composer_row.setContentsMargins(16, 8, 16, 12)
        self.composer = Composer()
        composer_row.addWidget(self.composer)
        column.addLayout(composer_row)

        strip = QFrame()
        strip.setObjectName("StatusStrip")
        strip_layout = QHBoxLayout(strip)
        strip_layout.setContentsMargins(16, 4, 16, 4)
        self.model_label = QLabel("Model: loading…")
        self.model_label.setProperty("role", "muted")
        self.model_label.setAccessibleName("Model status")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(140)
        self.progress.setFixedHeight(10)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Model loading progress")
        self.profile_button = QPushButton("Guardrails: …")
        self.profile_button.setAccessibleName("Active guardrail profile")
        self.profile_button.setAccessibleDescription("Shows in plain words what the guardrails do")
        self.profile_button.setFlat(True)
        strip_layout.addWidget(self.model_label)
        strip_layout.addWidget(self.progress)
        strip_layout.addStretch(1)
        strip_layout.addWidget(self.profile_button)
        column.addWidget(strip)

        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(main)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([270, 830])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setTabOrder(self.composer.edit, self.composer.send_button)

    def show_scorer_problem(self, problem: str | None) -> None:
        """The warning strip when safety checks run on rules alone (hidden when nothing is wrong)."""
        if problem:
            self.scorer_warning_text.setText(f"<b>Safety warning.</b> {html.escape(problem, quote=False)}")
            self.scorer_warning_text.setAccessibleDescription(problem)
        self.scorer_warning.setVisible(bool(problem))


class MainWindow(QMainWindow):
    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.clipboard = PrivateClipboard(self)
        self.setWindowTitle("Confidant")
        self.resize(1100, 760)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)

        profile = controller.profile_for_welcome()
        self.welcome = WelcomePage(str(controller.data_dir), profile.disclaimer)
        self.unlock_page = UnlockPage()
        self.chat = ChatPage()
        for page in (self.welcome, self.unlock_page, self.chat):
            self.stack.addWidget(page)
        self._opened: OpenedConversation | None = None
        self._suggested: str | None = None  # the exercise the suggestion button opens
        self._check_in_offered = False  # today's mood check-in prompt is showing (the person opted in)
        self._check_in_card: CheckInCard | None = None  # the check-in question waiting for an answer
        self._editing_last = False

        self._connect()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._auto_lock)
        if controller.first_run:
            self.stack.setCurrentWidget(self.welcome)
            self.welcome.first.setFocus()
        else:
            self.stack.setCurrentWidget(self.unlock_page)
            self.unlock_page.field.setFocus()

    # ---- wiring ---------------------------------------------------------------------------------------

    def _connect(self) -> None:
        c, chat = self.controller, self.chat
        self.welcome.create_requested.connect(c.create_store)
        self.unlock_page.unlock_requested.connect(c.unlock)
        self.unlock_page.restore_requested.connect(self._restore_backup)
        self.unlock_page.help_requested.connect(self.show_help)  # help needs no passphrase (F1 there too)
        self.welcome.help_requested.connect(self.show_help)
        c.unlock_failed.connect(self._unlock_failed)
        c.store_ready.connect(self._store_ready)
        c.locked.connect(self._show_locked)
        c.model_progress.connect(self._model_progress)
        c.model_ready.connect(self._model_ready)
        c.model_failed.connect(self._model_failed)
        c.profile_changed.connect(self._profile_changed)
        c.settings_changed.connect(self._apply_settings)
        c.conversations_changed.connect(self._show_conversations)
        c.conversation_opened.connect(self._show_conversation)
        c.search_results.connect(self._show_search)
        c.reply_started.connect(self._reply_started)
        c.reply_text.connect(chat.view.stream_text)
        c.reply_finished.connect(self._reply_finished)
        c.error.connect(self._show_error)

        side = chat.sidebar
        side.new_button.clicked.connect(c.new_conversation)
        side.search.returnPressed.connect(self._search)
        side.search.textChanged.connect(lambda text: text or self._clear_search())
        side.list.itemActivated.connect(self._activate_item)
        side.list.itemClicked.connect(self._activate_item)
        side.list.customContextMenuRequested.connect(self._conversation_menu)
        side.rename_button.clicked.connect(self._rename_selected)
        side.delete_button.clicked.connect(self._delete_selected)
        chat.composer.send_requested.connect(self._send)
        chat.composer.stop_requested.connect(c.stop)
        chat.regenerate_button.clicked.connect(self._regenerate)
        chat.edit_button.clicked.connect(self._edit_last)
        chat.view.copy_requested.connect(self.clipboard.copy)
        chat.help_button.clicked.connect(self.show_help)
        chat.pinned_plan.clicked.connect(self.show_safety_plan)
        chat.pinned_all.clicked.connect(self.show_help)
        chat.pinned_confirm.clicked.connect(self._confirm_safe)
        chat.profile_button.clicked.connect(self._show_profile_summary)
        chat.lock_button.clicked.connect(c.lock)
        chat.settings_button.clicked.connect(self.show_settings)
        chat.toolkit_button.clicked.connect(lambda: self.show_toolkit())
        chat.suggestion_button.clicked.connect(self._open_suggestion)
        chat.walk_button.clicked.connect(self._walk_through)
        chat.leave_exercise_button.clicked.connect(self._leave_exercise)
        chat.clinician_button.clicked.connect(self.show_clinician)

        for keys, slot in (("Ctrl+N", c.new_conversation), ("Ctrl+F", side.search.setFocus), ("F1", self.show_help),
                           ("Ctrl+L", c.lock), ("F2", self._rename_selected), ("Ctrl+R", self._regenerate),
                           ("Ctrl+T", lambda: self.show_toolkit())):
            QShortcut(QKeySequence(keys), self.chat, activated=slot)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.chat, activated=c.stop)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), side.list, activated=self._delete_selected)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)

    # ---- unlocking ------------------------------------------------------------------------------------

    def _unlock_failed(self, message: str, error: BaseException | None = None) -> None:
        page = self.welcome if self.stack.currentWidget() is self.welcome else self.unlock_page
        if page is self.unlock_page:
            self.unlock_page.show_failure(message, error)
        else:
            self.welcome.show_error(message)

    def _apply_settings(self, settings: AppSettings) -> None:
        """Theme, text size and auto-lock follow the person's settings at once."""
        from app.ui.theme import apply_theme

        apply_theme(QApplication.instance(), settings.theme, settings.text_size)
        self._restart_idle_timer()

    def _restore_backup(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose an encrypted Confidant backup")
        if path:
            self.restore_backup_from(Path(path))

    def restore_backup_from(self, path: Path) -> None:
        """Restore with the passphrase typed in the unlock field (the backup's own passphrase)."""
        passphrase = self.unlock_page.field.text()
        if not passphrase:
            self.unlock_page.show_error("Type the backup's passphrase in the field above, then choose the backup.")
            return
        if confirm(self, "Restore from this backup?", "Your current history will be replaced by the backup once "
                   "the backup has been checked. This cannot be undone.", "Restore"):
            self.unlock_page.set_busy(True)
            self.controller.restore_backup(path, passphrase)

    def _store_ready(self) -> None:
        self._apply_settings(self.controller.settings)
        self.welcome.first.clear()
        self.welcome.second.clear()
        self.unlock_page.reset()
        self.stack.setCurrentWidget(self.chat)
        self.controller.new_conversation()
        # What this unlock finished or undid after an interruption, shown once until the first message (and
        # nothing left over from before a lock).
        self.chat.notice.setText(self.controller.take_recovery_note() or "")
        self.chat.composer.edit.setFocus()
        self._restart_idle_timer()
        self._prompt_daily_check_in()
        QApplicationHook.install(self)

    def _show_locked(self) -> None:
        self.chat.view.clear()
        self.chat.sidebar.list.clear()
        self.chat.sidebar.search.clear()
        self.chat.composer.edit.clear()
        self._opened = None
        self.clipboard.clear()
        self.stack.setCurrentWidget(self.unlock_page)
        self.unlock_page.reset("Confidant was locked. Enter your passphrase to continue.")

    def _restart_idle_timer(self) -> None:
        minutes = self.controller.settings.auto_lock_minutes
        if minutes > 0 and self.stack.currentWidget() is self.chat:
            self._idle.start(int(minutes * 60_000))
        else:
            self._idle.stop()

    def _auto_lock(self) -> None:
        if self.stack.currentWidget() is self.chat:
            self.controller.lock()

    def note_activity(self) -> None:
        if self._idle.isActive():
            self._restart_idle_timer()

    # ---- model and profile ----------------------------------------------------------------------------

    def _model_progress(self, stage: str, fraction: float) -> None:
        self.chat.progress.show()
        self.chat.progress.setValue(int(fraction * 100))
        self.chat.model_label.setText(f"Model: {stage}…")
        self._update_composer()

    def _model_ready(self, info: ModelInfo) -> None:
        self.chat.progress.hide()
        size = info.size_bytes / 1_000_000
        self.chat.model_label.setText(f"Model: {info.name} · {size:,.0f} MB · runs on this computer")
        self.chat.model_label.setAccessibleName(f"Model: {info.name}, ready")
        self._update_composer()

    def _model_failed(self, message: str) -> None:
        self.chat.progress.hide()
        self.chat.model_label.setText("Model: not loaded")
        self._show_error(message + " You can choose another model in Settings.")
        self._update_composer()

    def _profile_changed(self, profile: Profile, warning: str | None) -> None:
        self.chat.show_scorer_problem(self.controller.scorer_problem)
        self.chat.profile_button.setText(f"Guardrails: {profile.name}")
        self.chat.profile_button.setAccessibleName(f"Active guardrail profile: {profile.name}")
        if warning:
            self._show_error(warning)

    def _show_profile_summary(self) -> None:
        if self.controller.profile:
            ProfileSummaryDialog(self.controller.profile, self).exec()

    def _update_composer(self) -> None:
        c = self.controller
        session = c.session
        if c.engine is None:
            self.chat.composer.set_enabled(False, "The model is loading — you can read your conversations "
                                                  "meanwhile…")
        elif session is not None and session.crisis.awaiting_confirmation:
            self.chat.composer.set_enabled(True, "Write if you want to — the help lines above are there for "
                                                 "you…")
        elif session is not None and session.check_in_pending:
            self.chat.composer.set_enabled(True, "Answer with a button above, or in your own words…")
        else:
            self.chat.composer.set_enabled(True, "Write what's on your mind…  (Enter sends, Shift+Enter for "
                                                 "a new line)")
        self.chat.composer.set_busy(c.generating)
        exercising = session is not None and session.exercise is not None
        self.chat.leave_exercise_button.setVisible(exercising)
        self.chat.leave_exercise_button.setEnabled(not c.generating)
        if exercising and session.crisis.model_allowed and not session.check_in_pending:
            self.chat.composer.set_enabled(True, "Answer the step above — or write “skip” or “leave”…")
        # Only a model reply can be regenerated or edited away: fixed safety messages stay in the record.
        last = session.messages[-1] if session is not None and session.messages else None
        model_reply = last is not None and last.role.value == "assistant" and not last.is_safety_message
        ready = not c.generating and c.engine is not None and session is not None and session.crisis.model_allowed
        self.chat.regenerate_button.setEnabled(model_reply and ready)
        self.chat.edit_button.setEnabled(model_reply and ready)

    # ---- conversations --------------------------------------------------------------------------------

    def _show_conversations(self, conversations: Sequence[Conversation]) -> None:
        side = self.chat.sidebar
        if side.search.text().strip():
            return  # showing search results; the list refreshes when the search is cleared
        current = self._opened.conversation_id if self._opened else None
        side.list.clear()
        for conversation in conversations:
            when = conversation.updated_at.astimezone().strftime("%d %b %Y, %H:%M")
            item = QListWidgetItem(f"{conversation.title}\n{when}")
            item.setData(ROLE_ID, conversation.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{conversation.title}, {when}")
            side.list.addItem(item)
            if conversation.id == current:
                side.list.setCurrentItem(item)
        side.results_label.hide()

    def _show_conversation(self, opened: OpenedConversation) -> None:
        self._opened = opened
        self.chat.suggestion_button.hide()
        self.chat.walk_button.hide()
        if self._check_in_offered:
            self._offer_check_in()
        view = self.chat.view
        view.clear()
        self.chat.title.setText(opened.title)
        view.set_intro(opened.disclaimer)
        if opened.opening:
            view.add_message("assistant", opened.opening)
        self._check_in_card = None
        last_check_in = max((i for i, m in enumerate(opened.messages) if m.check_in), default=-1)
        for index, message in enumerate(opened.messages):
            if message.check_in:
                pending = opened.check_in_pending and index == last_check_in
                view.add_card(self._make_check_in_card(message.content, message.resources, pending))
            elif message.resources:
                view.add_card(self._crisis_card(message.content, message.resources, confirm=False))
            else:
                view.add_message(message.role, message.content, message.status)
        self._show_pinned(opened.pinned, opened.awaiting_confirmation)
        self._update_composer()
        if self._pending_scroll is not None:
            view.scroll_to_item(self._pending_scroll + (1 if opened.opening else 0))
            self._pending_scroll = None
        else:
            self.chat.composer.edit.setFocus()

    _pending_scroll: int | None = None

    def _show_pinned(self, resources: Sequence[HelpResource], awaiting: bool) -> None:
        """A compact strip of help lines kept above the conversation after a crisis."""
        if not resources:
            self.chat.pinned.hide()
            return
        lines = " · ".join(f"<b>{html.escape(r.name)}</b> {html.escape(r.phone or r.text or '')}"
                           for r in resources)
        profile = self.controller.profile
        note = ""
        if awaiting and profile is not None:
            note = f"<br>{html.escape(profile.after_crisis.confirmation_prompt)}"
        self.chat.pinned_text.setText(f"Help is available any time: {lines}{note}")
        label = profile.after_crisis.confirm_label if profile else "I am safe right now — continue"
        self.chat.pinned_confirm.setText(label)
        self.chat.pinned_confirm.setAccessibleName(label)
        self.chat.pinned_confirm.setVisible(awaiting)
        self.chat.pinned.show()

    def _activate_item(self, item: QListWidgetItem) -> None:
        hit = item.data(ROLE_HIT)
        if isinstance(hit, SearchHit):
            def open_at(index: int) -> None:
                self._pending_scroll = index if index >= 0 else None
                self.controller.open_conversation(hit.conversation_id)

            self.controller.message_index(hit, open_at)
        elif item.data(ROLE_ID) is not None:
            self.controller.open_conversation(int(item.data(ROLE_ID)))

    def _selected_conversation(self) -> tuple[int, str] | None:
        item = self.chat.sidebar.list.currentItem()
        if item is None or item.data(ROLE_ID) is None:
            return None
        return int(item.data(ROLE_ID)), item.text().split("\n")[0]

    def _conversation_menu(self, position) -> None:
        if self._selected_conversation() is None:
            return
        menu = QMenu(self)
        menu.addAction("Rename…", self._rename_selected)
        menu.addAction("Delete…", self._delete_selected)
        menu.exec(self.chat.sidebar.list.mapToGlobal(position))

    def _rename_selected(self) -> None:
        selected = self._selected_conversation()
        if selected is None:
            return
        title, ok = QInputDialog.getText(self, "Rename conversation", "New name:", text=selected[1])
        if ok and title.strip():
            self.controller.rename_conversation(selected[0], title.strip())
            if self._opened and self._opened.conversation_id == selected[0]:
                self.chat.title.setText(title.strip())

    def _delete_selected(self) -> None:
        selected = self._selected_conversation()
        if selected is None:
            return
        if confirm(self, "Delete conversation?",
                   f"“{selected[1]}” will be erased for good. This cannot be undone.", "Delete"):
            self.controller.delete_conversation(selected[0])

    def _search(self) -> None:
        self.controller.search(self.chat.sidebar.search.text())

    def _clear_search(self) -> None:
        self.chat.sidebar.results_label.hide()
        self.controller.refresh_conversations()

    def _show_search(self, query: str, hits: Sequence[SearchHit]) -> None:
        side = self.chat.sidebar
        side.list.clear()
        side.results_label.setText(f"{len(hits)} result{'s' if len(hits) != 1 else ''} for “{query}”")
        side.results_label.show()
        for hit in hits:
            snippet = hit.render("", "").replace("\n", " ")
            item = QListWidgetItem(f"{hit.title}\n{snippet}")
            item.setData(ROLE_ID, hit.conversation_id)
            item.setData(ROLE_HIT, hit)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"In {hit.title}: {snippet}")
            side.list.addItem(item)

    # ---- replies --------------------------------------------------------------------------------------

    def _send(self, text: str) -> None:
        self.chat.suggestion_button.hide()
        self.chat.walk_button.hide()
        self._check_in_offered = False
        if self._opened is not None and self._opened.conversation_id is None and not self.chat.view.items:
            self.chat.title.setText(title_from(text))
        self.chat.view.add_message("user", text)
        self.chat.notice.clear()
        self.controller.send(text)
        self._update_composer()

    def _regenerate(self) -> None:
        if not self.chat.regenerate_button.isEnabled():
            return
        self.chat.view.remove_last_message()
        self.chat.notice.clear()
        self.controller.regenerate()
        self._update_composer()

    def _edit_last(self) -> None:
        session = self.controller.session
        if session is None:
            return
        last = session.last_user_message()
        if last is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, "Edit your last message", "Your message:", last)
        if ok and text.strip():
            view = self.chat.view
            view.remove_last_message()
            view.remove_last_message()
            view.add_message("user", text.strip())
            self.controller.edit_last(text.strip())
            self._update_composer()

    def _reply_started(self, stream: ReplyStream) -> None:
        if stream.kind is ReplyKind.MODEL:
            self.chat.view.begin_reply()
        self._update_composer()

    def _reply_finished(self, reply: Reply, stream: ReplyStream) -> None:
        view = self.chat.view
        if stream.kind is ReplyKind.MODEL:
            view.end_reply(reply.text, reply.status.value, stopped=reply.finish_reason is FinishReason.CANCELLED)
            if not reply.text:
                self.chat.notice.setText("The model gave no reply. Try Regenerate.")
            self._offer_exercise()
            self._offer_walk_through(stream)
        elif stream.kind is ReplyKind.CRISIS:
            view.add_card(self._crisis_card(reply.text, stream.resources, confirm=False))
        elif stream.kind is ReplyKind.CHECK_IN:
            session = self.controller.session
            pending = session is not None and session.check_in_pending
            view.add_card(self._make_check_in_card(reply.text, stream.resources, pending))
        else:
            view.add_message("assistant", reply.text, reply.status.value)
        session = self.controller.session
        if session is not None:
            self._show_pinned(session.pinned, session.crisis.awaiting_confirmation)
            if self._check_in_card is not None and not session.check_in_pending:
                self._check_in_card.close_question()  # answered in words, or the question was asked anew
                self._check_in_card = None
        self._update_composer()

    def _make_check_in_card(self, question: str, resources: Sequence[HelpResource], pending: bool) -> CheckInCard:
        card = CheckInCard(question, resources, pending=pending)
        card.copy_requested.connect(self.clipboard.copy)
        card.answered.connect(lambda value, c=card: self._answer_check_in(c, value))
        if pending:
            if self._check_in_card is not None:
                self._check_in_card.close_question()
            self._check_in_card = card
        return card

    def _answer_check_in(self, card: CheckInCard, value: str) -> None:
        """A button on the check-in card: the answer goes to the session on the model thread, like a message."""
        if card is not self._check_in_card:
            return
        if not self.controller.answer_check_in(value):
            self._show_error("Confidant is still writing; answer again in a moment.")
            return
        card.set_answered(value)
        self._check_in_card = None
        self.chat.suggestion_button.hide()
        self.chat.notice.clear()
        self.chat.view.add_message("user", CheckInAnswer(value).label)  # stored the same way, in words
        self._update_composer()

    def _crisis_card(self, text: str, resources: Sequence[HelpResource], confirm: bool) -> CrisisCard:
        profile = self.controller.profile
        label = profile.after_crisis.confirm_label if profile else "I am safe right now — continue"
        card = CrisisCard(text, resources, show_confirm=confirm, confirm_label=label)
        card.copy_requested.connect(self.clipboard.copy)
        card.safety_plan_requested.connect(self.show_safety_plan)
        card.confirm_safe_requested.connect(self._confirm_safe)
        return card

    def _confirm_safe(self) -> None:
        self.controller.confirm_safe()

    def _show_error(self, message: str) -> None:
        self.chat.notice.setText(message)
        if self.stack.currentWidget() is not self.chat:
            self._unlock_failed(message)

    # ---- dialogs --------------------------------------------------------------------------------------

    def show_help(self) -> None:
        profile = self.controller.profile or self.controller.profile_for_welcome()
        dialog = HelpDialog(profile, self, safety_plan=self.controller.store is not None)
        dialog.copy_requested.connect(self.clipboard.copy)
        dialog.safety_plan_requested.connect(self.show_safety_plan)
        dialog.exec()

    def show_safety_plan(self) -> None:
        if self.controller.store is None:
            return
        SafetyPlanDialog(self.controller, self).exec()

    # ---- the toolkit ----------------------------------------------------------------------------------

    def _offer_exercise(self) -> None:
        """After a model reply: a button for an exercise that may fit what the person wrote (if offered)."""
        session = self.controller.session
        last = session.last_user_message() if session is not None else None
        suggestion = suggest_exercise(last or "", offered_exercises(self.controller.profile))
        self._suggested = suggestion.exercise if suggestion else None
        button = self.chat.suggestion_button
        if suggestion is not None:
            button.setText(suggestion.label)
            button.setAccessibleName(suggestion.label)
            button.setAccessibleDescription(suggestion.reason)
            button.setToolTip(suggestion.reason)
        button.setVisible(suggestion is not None)

    def _offer_walk_through(self, stream: ReplyStream) -> None:
        """Beside the suggestion: the same kind of exercise, walked through here in the conversation."""
        offer = stream.exercise_offer
        self._walk_exercise = offer.exercise if offer is not None else None
        button = self.chat.walk_button
        if offer is not None:
            button.setAccessibleName(f"Walk through it here: {offer.label}")
            button.setAccessibleDescription(offer.reason)
            button.setToolTip(offer.reason)
        button.setVisible(offer is not None)

    def _walk_through(self) -> None:
        exercise = getattr(self, "_walk_exercise", None)
        if exercise is None:
            return
        if not self.controller.start_exercise(exercise):
            self._show_error("Confidant is still writing; try again in a moment.")
            return
        self.chat.walk_button.hide()
        self.chat.suggestion_button.hide()
        self.chat.notice.clear()
        self._update_composer()

    def _leave_exercise(self) -> None:
        if self.controller.leave_exercise():
            self.chat.notice.clear()
        self._update_composer()

    def _prompt_daily_check_in(self) -> None:
        """At most once a day, and only if the person asked for it: offer a mood check-in after unlocking."""
        store = self.controller.store
        if store is None:
            return

        def due() -> bool:
            now = datetime.now().astimezone()
            if not check_in_due(store, now):
                return False
            mark_check_in_prompted(store, now)
            return True

        def show(is_due: bool) -> None:
            self._check_in_offered = is_due and self.controller.store is store
            if self._check_in_offered:
                self._offer_check_in()

        self.controller.store_runner.run(due, show, lambda message, _error: self._show_error(message))

    def _share_summary(self, summary: str) -> None:
        """A finished exercise, summarised, said in the conversation — through the same guarded path."""
        if self.controller.engine is None or self.controller.generating:
            self._show_error("Confidant is busy; share the summary again in a moment.")
            return
        self._send(summary)

    def _open_suggestion(self) -> None:
        self._check_in_offered = False
        self.chat.suggestion_button.hide()
        self.show_toolkit(self._suggested)

    def _offer_check_in(self) -> None:
        self._suggested = "mood-check-in"
        button = self.chat.suggestion_button
        button.setText("How are you today? Check in")
        button.setAccessibleName("Daily mood check-in")
        button.setAccessibleDescription("Opens the mood check-in you asked to be reminded of")
        button.setToolTip("You asked to be reminded once a day")
        button.show()

    def show_toolkit(self, exercise: str | None = None):
        """Open (or bring forward) the non-modal toolkit window, at `exercise` when given."""
        if self.controller.store is None:
            return None
        toolkit = getattr(self, "_toolkit", None)
        if toolkit is None or not qt_valid(toolkit) or not toolkit.isVisible():
            toolkit = self._toolkit = ToolkitDialog(self.controller, self)
            toolkit.share_requested.connect(self._share_summary)
            toolkit.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        toolkit.show()
        toolkit.raise_()
        toolkit.activateWindow()
        if exercise:
            toolkit.show_exercise(exercise)
        return toolkit

    def show_settings(self) -> None:
        self.settings_dialog().exec()

    def settings_dialog(self):
        """The settings window, wired to this one (shown modally by show_settings)."""
        from app.ui.settings import SettingsDialog

        dialog = SettingsDialog(self.controller, self)
        dialog.wiped.connect(self._show_welcome)
        return dialog

    def _show_welcome(self) -> None:
        """After everything was erased: back to the first-run welcome."""
        self.welcome.first.clear()
        self.welcome.second.clear()
        self.welcome.understood.setChecked(False)
        self.welcome.show_error("")
        self.stack.setCurrentWidget(self.welcome)
        self.welcome.first.setFocus()

    def show_clinician(self) -> None:
        from app.ui.clinician import open_clinician_mode

        open_clinician_mode(self.controller, self)

    # ---- closing --------------------------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        """Closing during a reply stops it; what was written is saved as an incomplete reply."""
        self.clipboard.clear()
        self.controller.shutdown()
        event.accept()


class QApplicationHook:
    """Any key press or click in the app counts as activity for auto-lock."""

    _installed: ClassVar[dict[int, object]] = {}

    @classmethod
    def install(cls, window: MainWindow) -> None:
        from app.ui.qt import QApplication, QObject

        if id(window) in cls._installed:
            return

        class Filter(QObject):
            def eventFilter(self, obj, event) -> bool:
                if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
                    window.note_activity()
                return False

        activity = Filter(window)
        QApplication.instance().installEventFilter(activity)
        cls._installed[id(window)] = activity
