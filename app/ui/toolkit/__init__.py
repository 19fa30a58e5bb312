"""The CBT toolkit window: mood check-ins and the mood chart beside the chat (core in app.cbt)."""

from __future__ import annotations

from app.ui.toolkit.chart import MoodChart
from app.ui.toolkit.dialog import ToolkitDialog

__all__ = ["MoodChart", "ToolkitDialog"]
