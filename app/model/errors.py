"""Errors from the model layer."""

from app.errors import ConfidantError


class ModelError(ConfidantError):
    """A model file cannot be used, or the model failed; the message says why in plain words."""
