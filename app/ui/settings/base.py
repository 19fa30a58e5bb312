"""What every settings page shares: the scrolling page from the widget kit, and one writer for preferences so
quick changes on different pages never overwrite each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.settings import AppSettings
from app.storage import Store
from app.ui.controller import AppController
from app.ui.qt import QWidget
from app.ui.widgets import ScrollPage


class SettingsWriter:
    """Saves preferences through the controller, each change on top of the previous one.

    `controller.settings` only changes once a save has finished; two quick changes made from it would each
    drop the other. The writer keeps the newest wanted settings and always saves those. It is plain Python so
    work started from the window finishes correctly even if the window has been closed meanwhile."""

    def __init__(self, controller: AppController) -> None:
        self.controller = controller
        self.latest = controller.settings

    def reset(self) -> None:
        """Forget local changes (after a restore, the store's own settings are the truth)."""
        self.latest = self.controller.settings

    def change(self, on_done: Callable[[], None] | None = None, widget: QWidget | None = None,
               **changes: Any) -> AppSettings:
        """Save `changes` on top of the newest settings; `on_done` runs once saved, while `widget` (when
        given) is still shown."""
        self.latest = self.latest.changed(**changes)
        self.controller.update_settings(self.latest, on_done, widget)
        return self.latest


class WindowState:
    """What the pages and the window share while it is open.

    `alive`: the window has not been closed (its own signal handlers check it). `busy`: what is running that
    must not be abandoned half-way (restore, erase, passphrase change); the window refuses to close meanwhile.
    `expecting_lock`: this window is locking the store itself, so the `locked` signal must not close it."""

    def __init__(self) -> None:
        self.alive = True
        self.busy: str | None = None
        self.expecting_lock = False


class SettingsPage(ScrollPage):
    """One page: a heading, a short introduction, then cards of related settings. Work it starts goes through
    the controller (`on_store`, `on_model`), which drops results once the window has closed."""

    def __init__(self, controller: AppController, writer: SettingsWriter, state: WindowState) -> None:
        super().__init__()
        self.controller = controller
        self.writer = writer
        self.state = state

    def save_settings(self, on_done: Callable[[], None] | None = None, **changes: Any) -> AppSettings:
        """Save preference changes; `on_done` runs once they are saved, if this window is still open."""
        return self.writer.change(on_done, self, **changes)

    def refresh(self) -> None:
        """Show the controller's current state again (after a restore replaced the settings)."""

    def set_store_available(self, available: bool) -> None:
        """Enable or disable what needs the open store (it is closed while locked, restoring or erased)."""

    def lock_store(self) -> Store | None:
        """Lock the app (the main window clears itself and asks for the passphrase) and hand back the store
        that was open, so the caller closes it for certain before touching its files."""
        store = self.controller.store
        self.state.expecting_lock = True
        try:
            self.controller.lock()
        finally:
            self.state.expecting_lock = False
        return store

    def flush(self) -> None:
        """Save anything still waiting (the window is closing)."""
