"""The Settings window, one module per page; `SettingsDialog` is the window itself."""

from __future__ import annotations

from app.ui.settings.dialog import SettingsDialog

__all__ = ["SettingsDialog"]
