"""The one exception family front ends show to people.

Every layer raises a subclass of ConfidantError whose message is written for the person using the app:
what went wrong and what to do. Front ends print or display `str(error)` and never a traceback.
"""


class ConfidantError(Exception):
    """An error whose message is fit to show to the person using Confidant."""
