"""The main window: welcome / unlock, then conversations beside the chat.

The window connects the pages to the controller: it answers the chat page's and the sidebar's signals with
controller calls, and shows the controller's results through their methods (app.ui.chat_page,
app.ui.sidebar). It never reaches into their widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from app.cbt import check_in_due, mark_check_in_prompted, suggest_exercise
from app.chat.session import Reply, ReplyKind, ReplyStream
from app.model.engine import FinishReason, ModelInfo
from app.safety import CheckInAnswer, Profile
from app.settings import AppSettings
from app.storage import Conversation, SearchHit, Store
from app.ui.chat_page import ChatPage
from app.ui.clipboard import PrivateClipboard
from app.ui.controller import AppController, OpenedConversation
from app.ui.dialogs import HelpDialog, ProfileSummaryDialog, SafetyPlanDialog, confirm
from app.ui.onboarding import UnlockPage, WelcomePage
from app.ui.qt import (
    QApplication,
    QEvent,
    QFileDialog,
    QKeySequence,
    QMainWindow,
    QShortcut,
    QStackedWidget,
    Qt,
    QTimer,
    QWidget,
)
from app.ui.qt import is_valid as qt_valid
from app.ui.text_dialog import ask_text
from app.ui.theme import apply_theme
from app.ui.toolkit import ToolkitDialog
from app.ui.toolkit.dialog import offered_exercises

DEFAULT_CONFIRM_LABEL = "I am safe right now — continue"


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
        self._pending_scroll: tuple[int, str] | None = None  # a search result to show: (message index, match)
        self._suggested: str | None = None  # the exercise the suggestion button opens
        self._walk_exercise: str | None = None  # the exercise "Walk through it here" starts
        self._check_in_offered = False  # today's mood check-in prompt is showing (the person opted in)
        self._toolkit: ToolkitDialog | None = None

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
        c, chat, side = self.controller, self.chat, self.chat.sidebar
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
        c.search_results.connect(side.show_results)
        c.reply_started.connect(self._reply_started)
        c.reply_text.connect(chat.stream_text)
        c.reply_finished.connect(self._reply_finished)
        c.generating_changed.connect(lambda _: self._update_composer())
        c.error.connect(self._show_error)

        side.new_requested.connect(c.new_conversation)
        side.open_requested.connect(c.open_conversation)
        side.hit_requested.connect(self._open_hit)
        side.search_requested.connect(c.search)
        side.search_cleared.connect(c.refresh_conversations)
        side.rename_requested.connect(self._rename)
        side.delete_requested.connect(c.delete_conversation)
        side.hide_titles_changed.connect(self._hide_titles)

        chat.help_requested.connect(self.show_help)
        chat.toolkit_requested.connect(lambda: self.show_toolkit())
        chat.settings_requested.connect(self.show_settings)
        chat.clinician_requested.connect(self.show_clinician)
        chat.lock_requested.connect(c.lock)
        chat.profile_summary_requested.connect(self._show_profile_summary)
        chat.copy_requested.connect(self.clipboard.copy)
        chat.safety_plan_requested.connect(self.show_safety_plan)
        chat.confirm_safe_requested.connect(c.confirm_safe)
        chat.check_in_answered.connect(self._answer_check_in)
        chat.regenerate_requested.connect(self._regenerate)
        chat.edit_requested.connect(self._edit_last)
        chat.suggestion_requested.connect(self._open_suggestion)
        chat.walk_requested.connect(self._walk_through)
        chat.leave_exercise_requested.connect(self._leave_exercise)
        chat.send_requested.connect(self._send)
        chat.stop_requested.connect(c.stop)

        for keys, slot in (("Ctrl+N", c.new_conversation), ("Ctrl+F", side.focus_search), ("F1", self.show_help),
                           ("Ctrl+L", c.lock), ("F2", side.rename_selected), ("Ctrl+R", self._regenerate),
                           ("Ctrl+T", lambda: self.show_toolkit())):
            QShortcut(QKeySequence(keys), self.chat, activated=slot)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.chat, activated=c.stop)
        # Ctrl+Q from any page or window of the app, through close(): a reply being written is stopped and
        # saved, the store closed and the model freed (closeEvent).
        quit_keys = QShortcut(QKeySequence("Ctrl+Q"), self, activated=self.close)
        quit_keys.setContext(Qt.ShortcutContext.ApplicationShortcut)

    # ---- unlocking ------------------------------------------------------------------------------------

    def _unlock_failed(self, message: str, error: BaseException | None = None) -> None:
        page = self.welcome if self.stack.currentWidget() is self.welcome else self.unlock_page
        if page is self.unlock_page:
            self.unlock_page.show_failure(message, error)
        else:
            self.welcome.show_error(message)

    def _apply_settings(self, settings: AppSettings) -> None:
        """Theme, text size, auto-lock and hidden titles follow the person's settings at once."""
        apply_theme(QApplication.instance(), settings.theme, settings.text_size)
        self.chat.sidebar.set_titles_hidden(settings.hide_titles)
        self._refresh_title()
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
        self.chat.set_notice(self.controller.take_recovery_note() or "")
        self.chat.focus_composer()
        self._update_composer()
        self._restart_idle_timer()
        self._prompt_daily_check_in()
        QApplicationHook.install(self)

    def _show_locked(self) -> None:
        self.chat.clear()
        self._opened = None
        self._pending_scroll = None
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
        self.chat.show_model_progress(stage, fraction)
        self._update_composer()

    def _model_ready(self, info: ModelInfo) -> None:
        self.chat.show_model(info)
        self._update_composer()

    def _model_failed(self, message: str) -> None:
        self.chat.show_model_missing()
        self._show_error(message + " You can choose another model in Settings.")
        self._update_composer()

    def _profile_changed(self, profile: Profile, warning: str | None) -> None:
        self.chat.show_scorer_problem(self.controller.scorer_problem)
        self.chat.set_profile(profile.name)
        if warning:
            self._show_error(warning)

    def _show_profile_summary(self) -> None:
        if self.controller.profile:
            ProfileSummaryDialog(self.controller.profile, self).exec()

    def _update_composer(self) -> None:
        c = self.controller
        session = c.session
        if c.engine is None:
            hint, enabled = "The model is loading — you can read your conversations meanwhile…", False
        elif session is not None and session.crisis.awaiting_confirmation:
            hint, enabled = "Write if you want to — the help lines above are there for you…", True
        elif session is not None and session.check_in_pending:
            hint, enabled = "Answer with a button above, or in your own words…", True
        else:
            hint, enabled = "Write what's on your mind…  (Enter sends, Shift+Enter for a new line)", True
        exercising = session is not None and session.exercise is not None
        if c.engine is not None and exercising and session.crisis.model_allowed and not session.check_in_pending:
            hint = "Answer the step above — or write “skip” or “leave”…"
        self.chat.set_composer(enabled, hint, c.generating)
        self.chat.set_exercise_running(exercising, not c.generating)
        # Only a model reply can be regenerated or edited away: fixed safety messages stay in the record.
        last = session.messages[-1] if session is not None and session.messages else None
        model_reply = last is not None and last.role.value == "assistant" and not last.is_safety_message
        ready = not c.generating and c.engine is not None and session is not None and session.crisis.model_allowed
        self.chat.set_reply_actions(model_reply and ready)

    # ---- conversations --------------------------------------------------------------------------------

    def _current_id(self) -> int | None:
        """The open conversation's id: set by its first message, so a new conversation has one once written."""
        session = self.controller.session
        if session is not None and session.conversation_id is not None:
            return session.conversation_id
        return self._opened.conversation_id if self._opened else None

    def _title_of(self, conversation_id: int | None, title: str) -> str:
        if conversation_id is None:
            return title
        return self.chat.sidebar.title_for(conversation_id, title)

    def _refresh_title(self) -> None:
        """The header shows the open conversation's title as the sidebar lists it: as stored (a neutral one
        for a conversation that began in crisis), or neutral while titles are hidden."""
        current = self._current_id()
        shown = self.chat.sidebar.shown_title(current) if current is not None else None
        if shown is not None:
            self.chat.set_title(shown)

    def _show_conversations(self, conversations: Sequence[Conversation]) -> None:
        self.chat.sidebar.show_conversations(conversations, self._current_id())
        self._refresh_title()

    def _show_conversation(self, opened: OpenedConversation) -> None:
        self._opened = opened
        focus, self._pending_scroll = self._pending_scroll, None
        self.chat.show_conversation(opened, self._title_of(opened.conversation_id, opened.title),
                                    focus_index=focus[0] if focus else None, highlight=focus[1] if focus else "")
        if self._check_in_offered:
            self._offer_check_in()
        self.chat.sidebar.select(opened.conversation_id)
        self._show_pinned()
        self._update_composer()
        if focus is None:
            self.chat.focus_composer()

    def _show_pinned(self) -> None:
        session, profile = self.controller.session, self.controller.profile
        if session is None:
            return
        awaiting = session.crisis.awaiting_confirmation
        prompt = profile.after_crisis.confirmation_prompt if awaiting and profile is not None else None
        if awaiting and prompt is None:
            prompt = ""
        label = profile.after_crisis.confirm_label if profile else DEFAULT_CONFIRM_LABEL
        self.chat.show_pinned(session.pinned, prompt, label)

    def _open_hit(self, hit: SearchHit) -> None:
        """A search result: open its conversation at the matching message, with the match selected."""
        match = next((text for text, matched in hit.segments() if matched), "")

        def open_at(index: int) -> None:
            self._pending_scroll = (index, match) if index >= 0 else None
            self.controller.open_conversation(hit.conversation_id)

        self.controller.message_index(hit, open_at)

    def _rename(self, conversation_id: int, title: str) -> None:
        self.controller.rename_conversation(conversation_id, title)
        if self._current_id() == conversation_id:
            self.chat.set_title(self._title_of(conversation_id, title))

    def _hide_titles(self, hidden: bool) -> None:
        """Remembered in the encrypted settings, like every other preference."""
        c = self.controller
        if c.store is not None and c.settings.hide_titles != hidden:
            c.update_settings(c.settings.changed(hide_titles=hidden))

    # ---- replies --------------------------------------------------------------------------------------

    def _send(self, text: str) -> None:
        self.chat.hide_offers()
        self._check_in_offered = False
        self.chat.add_user_message(text)
        self.chat.set_notice("")
        self.controller.send(text)
        self._update_composer()

    def _regenerate(self) -> None:
        if not self.chat.can_redo:
            return
        self.chat.drop_last_reply()
        self.chat.set_notice("")
        self.controller.regenerate()
        self._update_composer()

    def _edit_last(self) -> None:
        session = self.controller.session
        last = session.last_user_message() if session is not None else None
        if last is None:
            return
        text = ask_text(self, "Edit your last message", "Your message (it is sent again with a new reply):", last,
                        action="Send", multiline=True)
        if text:
            self.chat.replace_last_exchange(text)
            self.controller.edit_last(text)
            self._update_composer()

    def _reply_started(self, stream: ReplyStream) -> None:
        if stream.kind is ReplyKind.MODEL:
            self.chat.begin_reply()
        current = self._current_id()
        if current is not None and self.chat.sidebar.shown_title(current) is None:
            # A new conversation's first message: it is stored now, with its title (neutral if it began in
            # crisis); list it and select it at once, so Rename works while the reply is written.
            self.controller.refresh_conversations()
        self._update_composer()

    def _reply_finished(self, reply: Reply, stream: ReplyStream) -> None:
        chat = self.chat
        if stream.kind is ReplyKind.MODEL:
            chat.end_reply(reply.text, reply.status.value, stopped=reply.finish_reason is FinishReason.CANCELLED,
                           cut_short=reply.cut_short)
            if not reply.text:
                chat.set_notice("The model gave no reply. Try Regenerate.")
            self._offer_exercise()
            self._offer_walk_through(stream)
        elif stream.kind is ReplyKind.CRISIS:
            chat.add_crisis_card(reply.text, stream.resources)
        elif stream.kind is ReplyKind.CHECK_IN:
            session = self.controller.session
            chat.add_check_in_card(reply.text, stream.resources, session is not None and session.check_in_pending)
        else:
            chat.add_reply(reply.text, reply.status.value)
        session = self.controller.session
        if session is not None:
            self._show_pinned()
            if not session.check_in_pending:
                chat.close_check_in()  # answered in words, or the question was asked anew
        self._update_composer()

    def _answer_check_in(self, value: str) -> None:
        """A button on the check-in card: the answer goes to the session on the model thread, like a message."""
        if not self.controller.answer_check_in(value):
            self._show_error("Confidant is still writing; answer again in a moment.")
            return
        self.chat.check_in_taken(value, CheckInAnswer(value).label)  # stored the same way, in words
        self.chat.hide_offers(walk_through=False)
        self.chat.set_notice("")
        self._update_composer()

    def _show_error(self, message: str) -> None:
        self.chat.set_notice(message)
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
        if suggestion is not None:
            self.chat.offer(suggestion.label, suggestion.reason)
        else:
            self.chat.hide_offers(walk_through=False)

    def _offer_walk_through(self, stream: ReplyStream) -> None:
        """Beside the suggestion: the same kind of exercise, walked through here in the conversation."""
        offer = stream.exercise_offer
        self._walk_exercise = offer.exercise if offer is not None else None
        if offer is not None:
            self.chat.offer_walk_through(offer.label, offer.reason)
        else:
            self.chat.hide_walk_through()

    def _walk_through(self) -> None:
        if self._walk_exercise is None:
            return
        if not self.controller.start_exercise(self._walk_exercise):
            self._show_error("Confidant is still writing; try again in a moment.")
            return
        self.chat.hide_offers()
        self.chat.set_notice("")
        self._update_composer()

    def _leave_exercise(self) -> None:
        if self.controller.leave_exercise():
            self.chat.set_notice("")
        self._update_composer()

    def _prompt_daily_check_in(self) -> None:
        """At most once a day, and only if the person asked for it: offer a mood check-in after unlocking."""

        def due(store: Store) -> bool:
            now = datetime.now().astimezone()
            if not check_in_due(store, now):
                return False
            mark_check_in_prompted(store, now)
            return True

        def show(is_due: bool) -> None:
            self._check_in_offered = is_due and self.controller.store is not None
            if self._check_in_offered:
                self._offer_check_in()

        self.controller.on_store(self, due, show, self._show_error)

    def _share_summary(self, summary: str) -> None:
        """A finished exercise, summarised, said in the conversation — through the same guarded path."""
        if self.controller.engine is None or self.controller.generating:
            self._show_error("Confidant is busy; share the summary again in a moment.")
            return
        self._send(summary)

    def _open_suggestion(self) -> None:
        self._check_in_offered = False
        self.chat.hide_offers(walk_through=False)
        self.show_toolkit(self._suggested)

    def _offer_check_in(self) -> None:
        self._suggested = "mood-check-in"
        self.chat.offer("How are you today? Check in", "Opens the mood check-in you asked to be reminded of",
                        "You asked to be reminded once a day", name="Daily mood check-in")

    def show_toolkit(self, exercise: str | None = None):
        """Open (or bring forward) the non-modal toolkit window, at `exercise` when given."""
        if self.controller.store is None:
            return None
        toolkit = self._toolkit
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
        from app.ui.qt import QObject

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
