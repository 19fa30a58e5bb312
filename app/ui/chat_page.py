"""The chat page: the sidebar beside the conversation, its header, pinned help, replies, composer and status.

The page owns its widgets. It says what the person asked for with signals and shows what it is told
through methods; the window (app.ui.main_window) connects those to the controller and never reaches into
the page's children. Everything here fits a 1024-pixel-wide window at every text size: long titles and the
model's name shorten with "…", notices wrap, and the exercise offers take their own row.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from app.model.engine import ModelInfo
from app.safety import HelpResource
from app.ui.chat_view import ConversationView
from app.ui.check_in_card import CheckInCard
from app.ui.composer import Composer
from app.ui.controller import OpenedConversation
from app.ui.crisis_card import CrisisCard
from app.ui.qt import (
    QEvent,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QProgressBar,
    QPushButton,
    QShortcut,
    QSize,
    QSizePolicy,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.sidebar import Sidebar
from app.ui.widgets import button

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


class ElidedLabel(QLabel):
    """One line that shortens with "…" instead of widening the window; the whole text is its tooltip.
    `text()` gives the whole text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("Mm…"), super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 4, super().sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 1))
        QLabel.setText(self, shown)
        self.setToolTip(self._full if shown != self._full else "")


class ChatPage(QWidget):
    # the header
    help_requested = Signal()
    toolkit_requested = Signal()
    settings_requested = Signal()
    clinician_requested = Signal()
    lock_requested = Signal()
    profile_summary_requested = Signal()
    # the conversation and its cards
    copy_requested = Signal(str)
    safety_plan_requested = Signal()
    confirm_safe_requested = Signal()
    check_in_answered = Signal(str)  # "yes" | "unsure" | "no", from the question still waiting
    # the actions under it
    regenerate_requested = Signal()
    edit_requested = Signal()
    suggestion_requested = Signal()
    walk_requested = Signal()
    leave_exercise_requested = Signal()
    # the composer
    send_requested = Signal(str)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sidebar = Sidebar()
        main = QWidget()
        main.setObjectName("Page")
        column = QVBoxLayout(main)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(self._header())
        column.addLayout(self._scorer_warning())
        pinned_row = QHBoxLayout()
        pinned_row.setContentsMargins(16, 0, 16, 4)
        pinned_row.addWidget(self._pinned())
        column.addLayout(pinned_row)

        self.view = ConversationView()
        self.view.copy_requested.connect(self.copy_requested)
        column.addWidget(self.view, 1)
        column.addLayout(self._actions())

        composer_row = QHBoxLayout()
        composer_row.setContentsMargins(16, 8, 16, 12)
        self.composer = Composer()
        self.composer.send_requested.connect(self.send_requested)
        self.composer.stop_requested.connect(self.stop_requested)
        composer_row.addWidget(self.composer)
        column.addLayout(composer_row)
        column.addWidget(self._status_strip())

        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(main)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setCollapsible(1, False)
        splitter.setSizes([270, 830])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setTabOrder(self.composer.edit, self.composer.send_button)
        copy = QShortcut(QKeySequence("Ctrl+Shift+C"), self, activated=self.view.copy_current)
        copy.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._check_in_card: CheckInCard | None = None  # the check-in question waiting for an answer

    # ---- building -------------------------------------------------------------------------------------

    def _header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        header.setContentsMargins(20, 12, 16, 8)
        self.title = ElidedLabel("New conversation")
        self.title.setProperty("role", "heading")
        self.title.setAccessibleName("Conversation title")
        header.addWidget(self.title, 1)
        self.help_button = self._button("Get help now", self.help_requested, "Get help now",
                                         "Shows crisis lines and your safety plan (F1)", kind="help")
        self.toolkit_button = self._button("Toolkit", self.toolkit_requested, "Toolkit",
                                            "Mood check-ins, thought records, breathing and more (Ctrl+T)")
        self.settings_button = self._button("Settings", self.settings_requested, "Settings")
        self.clinician_button = self._button("Clinician", self.clinician_requested, "Clinician mode",
                                              "Guardrail profile editor and test bench")
        self.lock_button = self._button("Lock", self.lock_requested, "Lock Confidant",
                                         "Closes your conversations until the passphrase is entered (Ctrl+L)")
        for widget in (self.help_button, self.toolkit_button, self.settings_button, self.clinician_button,
                       self.lock_button):
            header.addWidget(widget)
        return header

    def _scorer_warning(self) -> QHBoxLayout:
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
        self.scorer_warning_text.setTextInteractionFlags(SELECTABLE)
        self.scorer_warning_text.setAccessibleName("Safety warning")
        warning_layout.addWidget(self.scorer_warning_text)
        self.scorer_warning.hide()
        row = QHBoxLayout()
        row.setContentsMargins(16, 0, 16, 8)
        row.addWidget(self.scorer_warning)
        return row

    def _pinned(self) -> QFrame:
        self.pinned = QFrame()
        self.pinned.setObjectName("CrisisCard")
        self.pinned.setAccessibleName("Pinned help lines")
        layout = QVBoxLayout(self.pinned)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(6)
        self.pinned_text = QLabel()
        self.pinned_text.setWordWrap(True)
        self.pinned_text.setTextInteractionFlags(SELECTABLE)
        self.pinned_text.setAccessibleName("Help lines for this conversation")
        layout.addWidget(self.pinned_text)
        buttons = QHBoxLayout()
        self.pinned_all = self._button("All help lines", self.help_requested, "Show all help lines")
        self.pinned_plan = self._button("My safety plan", self.safety_plan_requested, "Open my safety plan")
        self.pinned_confirm = self._button("", self.confirm_safe_requested, "",
                                           "The help lines stay pinned for this conversation")
        buttons.addWidget(self.pinned_all)
        buttons.addWidget(self.pinned_plan)
        buttons.addStretch(1)
        buttons.addWidget(self.pinned_confirm)
        layout.addLayout(buttons)
        self.pinned.hide()
        return self.pinned

    def _actions(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        rows.setContentsMargins(20, 4, 20, 0)
        rows.setSpacing(6)
        actions = QHBoxLayout()
        self.regenerate_button = self._button("Regenerate", self.regenerate_requested,
                                              "Regenerate the last reply", "Writes a new reply (Ctrl+R)")
        self.edit_button = self._button("Edit my last message", self.edit_requested,
                                        "Edit and resend my last message")
        self.leave_exercise_button = self._button("Leave exercise", self.leave_exercise_requested,
                                                  "Leave exercise", "Stops the exercise here; what you wrote is kept")
        self.leave_exercise_button.hide()
        actions.addWidget(self.regenerate_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.leave_exercise_button)
        actions.addStretch(1)
        rows.addLayout(actions)
        # A notice (an error, a recovery sentence) has the full width and wraps, rather than widening the
        # window; hidden while there is nothing to say.
        self.notice = QLabel()
        self.notice.setProperty("role", "muted")
        self.notice.setAccessibleName("Notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        rows.addWidget(self.notice)
        # Offers take a row of their own, shown only when there is one: side by side with the actions they
        # pushed the window wider than a laptop screen at the larger text sizes.
        offers = QHBoxLayout()
        self.suggestion_button = self._button("", self.suggestion_requested, "", kind="primary")
        self.walk_button = self._button("Walk through it here", self.walk_requested, "Walk through it here")
        self.suggestion_button.hide()
        self.walk_button.hide()
        offers.addWidget(self.suggestion_button)
        offers.addWidget(self.walk_button)
        offers.addStretch(1)
        rows.addLayout(offers)
        return rows

    def _status_strip(self) -> QFrame:
        strip = QFrame()
        strip.setObjectName("StatusStrip")
        layout = QHBoxLayout(strip)
        layout.setContentsMargins(16, 4, 16, 4)
        self.model_label = ElidedLabel("Model: loading…")
        self.model_label.setProperty("role", "muted")
        self.model_label.setAccessibleName("Model status")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(140)
        self.progress.setFixedHeight(10)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Model loading progress")
        self.profile_button = self._button("Guardrails: …", self.profile_summary_requested,
                                           "Active guardrail profile", "Shows in plain words what the guardrails do")
        self.profile_button.setFlat(True)
        layout.addWidget(self.model_label, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.profile_button)
        return strip

    @staticmethod
    def _button(text: str, signal, name: str, description: str = "", kind: str | None = None) -> QPushButton:
        """A kit button (Enter presses it when focused, as Space does) that emits `signal`."""
        widget = button(text, name, description, kind)
        widget.clicked.connect(signal)
        return widget

    # ---- the header and the status strip --------------------------------------------------------------

    def set_title(self, title: str) -> None:
        self.title.setText(title)
        self.title.setAccessibleDescription(title)

    def show_scorer_problem(self, problem: str | None) -> None:
        """The warning strip when safety checks run on rules alone (hidden when nothing is wrong)."""
        if problem:
            self.scorer_warning_text.setText(f"<b>Safety warning.</b> {html.escape(problem, quote=False)}")
            self.scorer_warning_text.setAccessibleDescription(problem)
        self.scorer_warning.setVisible(bool(problem))

    def show_model_progress(self, stage: str, fraction: float) -> None:
        self.progress.show()
        self.progress.setValue(int(fraction * 100))
        self.model_label.setText(f"Model: {stage}…")

    def show_model(self, info: ModelInfo) -> None:
        self.progress.hide()
        size = info.size_bytes / 1_000_000
        self.model_label.setText(f"Model: {info.name} · {size:,.0f} MB · runs on this computer")
        self.model_label.setAccessibleName(f"Model: {info.name}, ready")

    def show_model_missing(self) -> None:
        self.progress.hide()
        self.model_label.setText("Model: not loaded")
        self.model_label.setAccessibleName("Model: not loaded")

    def set_profile(self, name: str) -> None:
        self.profile_button.setText(f"Guardrails: {name}")
        self.profile_button.setAccessibleName(f"Active guardrail profile: {name}")

    # ---- notices, offers and actions ------------------------------------------------------------------

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    @property
    def notice_text(self) -> str:
        return self.notice.text()

    def offer(self, label: str, reason: str, tooltip: str | None = None, name: str | None = None) -> None:
        """The primary offer beside the conversation: an exercise that may fit, or the daily check-in."""
        button = self.suggestion_button
        button.setText(label)
        button.setAccessibleName(name or label)
        button.setAccessibleDescription(reason)
        button.setToolTip(tooltip if tooltip is not None else reason)
        button.show()

    def offer_walk_through(self, label: str, reason: str) -> None:
        """Beside the offer: the same kind of exercise, walked through here in the conversation."""
        self.walk_button.setAccessibleName(f"Walk through it here: {label}")
        self.walk_button.setAccessibleDescription(reason)
        self.walk_button.setToolTip(reason)
        self.walk_button.show()

    def hide_offers(self, *, walk_through: bool = True) -> None:
        self.suggestion_button.hide()
        if walk_through:
            self.walk_button.hide()

    def hide_walk_through(self) -> None:
        self.walk_button.hide()

    def set_reply_actions(self, enabled: bool) -> None:
        """Regenerate and Edit: only for a model reply, while nothing is being written."""
        self.regenerate_button.setEnabled(enabled)
        self.edit_button.setEnabled(enabled)

    @property
    def can_redo(self) -> bool:
        return self.regenerate_button.isEnabled()

    def set_exercise_running(self, running: bool, can_leave: bool) -> None:
        self.leave_exercise_button.setVisible(running)
        self.leave_exercise_button.setEnabled(can_leave)

    # ---- the composer ---------------------------------------------------------------------------------

    def set_composer(self, enabled: bool, hint: str, busy: bool) -> None:
        self.composer.set_enabled(enabled, hint)
        self.composer.set_busy(busy)

    def focus_composer(self) -> None:
        self.composer.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- pinned help ----------------------------------------------------------------------------------

    def show_pinned(self, resources: Sequence[HelpResource], prompt: str | None, confirm_label: str) -> None:
        """A compact strip of help lines kept above the conversation after a crisis. `prompt`: while the
        model waits for the person to confirm they are safe, what to say and the button to confirm."""
        if not resources:
            self.pinned.hide()
            return
        lines = " · ".join(f"<b>{html.escape(r.name)}</b> {html.escape(r.phone or r.text or '')}"
                           for r in resources)
        note = f"<br>{html.escape(prompt)}" if prompt else ""
        self.pinned_text.setText(f"Help is available any time: {lines}{note}")
        self.pinned_confirm.setText(confirm_label)
        self.pinned_confirm.setAccessibleName(confirm_label)
        self.pinned_confirm.setVisible(prompt is not None)
        self.pinned.show()

    @property
    def help_pinned(self) -> bool:
        return not self.pinned.isHidden()

    # ---- the conversation -----------------------------------------------------------------------------

    def show_conversation(self, opened: OpenedConversation, title: str, *, focus_index: int | None = None,
                          highlight: str = "") -> None:
        """Show a conversation as stored. `focus_index`: the stored message to show and focus (a search
        result), with `highlight` selected in it; otherwise the view rests on the newest message."""
        self.hide_offers()
        view = self.view
        view.clear()
        self.set_title(title)
        view.set_intro(opened.disclaimer)
        if opened.opening:
            view.add_message("assistant", opened.opening)
        self._check_in_card = None
        last_check_in = max((i for i, m in enumerate(opened.messages) if m.check_in), default=-1)
        for index, message in enumerate(opened.messages):
            if message.check_in:
                pending = opened.check_in_pending and index == last_check_in
                self.add_check_in_card(message.content, message.resources, pending, reveal=False)
            elif message.resources:
                self.add_crisis_card(message.content, message.resources, reveal=False)
            else:
                view.add_message(message.role, message.content, message.status, cut_short=message.cut_short)
        if focus_index is not None:
            view.scroll_to_item(focus_index + (1 if opened.opening else 0), highlight)

    @property
    def has_messages(self) -> bool:
        return bool(self.view.items)

    def add_user_message(self, text: str) -> None:
        self.view.add_message("user", text)

    def begin_reply(self) -> None:
        self.view.begin_reply()

    def stream_text(self, text: str) -> None:
        self.view.stream_text(text)

    def end_reply(self, text: str, status: str, *, stopped: bool, cut_short: bool) -> None:
        self.view.end_reply(text, status, stopped=stopped, cut_short=cut_short)

    def add_reply(self, text: str, status: str) -> None:
        """A fixed reply (holding words, a redirect, an exercise step) shown whole."""
        self.view.add_message("assistant", text, status)

    def add_crisis_card(self, text: str, resources: Sequence[HelpResource], *, reveal: bool = True) -> None:
        card = CrisisCard(text, resources, show_confirm=False)
        card.copy_requested.connect(self.copy_requested)
        card.safety_plan_requested.connect(self.safety_plan_requested)
        card.confirm_safe_requested.connect(self.confirm_safe_requested)
        self.view.add_card(card, reveal=reveal)

    def add_check_in_card(self, question: str, resources: Sequence[HelpResource], pending: bool, *,
                          reveal: bool = True) -> None:
        card = CheckInCard(question, resources, pending=pending)
        card.copy_requested.connect(self.copy_requested)
        card.answered.connect(lambda value, c=card: c is self._check_in_card and self.check_in_answered.emit(value))
        if pending:
            self.close_check_in()
            self._check_in_card = card
        self.view.add_card(card, reveal=reveal)

    def close_check_in(self) -> None:
        """The question no longer waits (answered in words, or asked anew): its buttons are disabled."""
        if self._check_in_card is not None:
            self._check_in_card.close_question()
            self._check_in_card = None

    def check_in_taken(self, value: str, label: str) -> None:
        """An answer given with a button was taken: the card says so, and the answer shows as a message."""
        if self._check_in_card is not None:
            self._check_in_card.set_answered(value)
            self._check_in_card = None
        self.view.add_message("user", label)

    def drop_last_reply(self) -> None:
        self.view.remove_last_message()

    def replace_last_exchange(self, text: str) -> None:
        """After Edit: the last message and its reply go; the edited message takes their place."""
        self.view.remove_last_message()
        self.view.remove_last_message()
        self.view.add_message("user", text)

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
        self.view.clear()
        self.sidebar.clear()
        self.composer.edit.clear()
        self.pinned.hide()
        self.hide_offers()
        self.set_notice("")
        self.set_title("New conversation")
        self._check_in_card = None

