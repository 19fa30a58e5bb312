"""Where the main window finds the Settings window (the pages live in the app.ui.settings package)."""

from __future__ import annotations

from app.ui.settings import SettingsDialog

__all__ = ["SettingsDialog"]
