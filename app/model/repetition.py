"""Detecting a reply that has fallen into a loop.

Small models sometimes repeat one line or phrase until the token limit. A person in distress should not
watch a reply stutter, so a loop ends the reply. Two signs count: the same token pattern repeated back to
back, and the same non-empty line written again and again.
"""

from __future__ import annotations

MAX_PERIOD = 48  # longest repeating token pattern we look for
MIN_REPEATS = 4  # how many back-to-back copies make a loop
MIN_SPAN = 24  # ...covering at least this many tokens, so "no, no, no" is not a loop
MAX_LINE_REPEATS = 3


class RepetitionGuard:
    """Fed tokens and text as they are generated; `looping` turns true once a loop is seen."""

    def __init__(self) -> None:
        self._tokens: list[int] = []
        self._lines: list[str] = []
        self._partial_line = ""
        self.looping = False

    def add_token(self, token: int) -> bool:
        tokens = self._tokens
        tokens.append(token)
        n = len(tokens)
        for period in range(1, min(MAX_PERIOD, n // MIN_REPEATS) + 1):
            span = max(period * MIN_REPEATS, MIN_SPAN)
            if span > n:
                break
            if all(tokens[n - 1 - i] == tokens[n - 1 - i - period] for i in range(span - period)):
                self.looping = True
                break
        return self.looping

    def add_text(self, text: str) -> bool:
        *complete, self._partial_line = (self._partial_line + text).split("\n")
        for line in complete:
            line = " ".join(line.split()).lower()
            if line:
                self._lines.append(line)
        tail = self._lines[-MAX_LINE_REPEATS:]
        if len(tail) == MAX_LINE_REPEATS and len(set(tail)) == 1:
            self.looping = True
        return self.looping
