"""Errors from the chat session."""

from app.errors import ConfidantError


class ChatError(ConfidantError):
    """The session cannot do what was asked; the message says why in plain words."""
