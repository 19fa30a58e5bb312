"""A model reply streamed through the output rail: only text that has passed is ever released.

The chat session and the model-assisted exercise steps both show model text; both go through this one
loop, so the rule "nothing unchecked reaches the person" lives in one place.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.model.engine import FinishReason, Generation
from app.safety import OutputFilter, Verdict


class CheckedReply:
    """Iterate for the pieces that passed. Afterwards: `text` (all that passed), `violation` (the output rule
    that withheld the rest, if any) and `finish_reason`. Generation stops at the first violation."""

    def __init__(self, generation: Generation, rail: OutputFilter) -> None:
        self.generation = generation
        self.rail = rail
        self.text = ""

    @property
    def violation(self) -> Verdict | None:
        return self.rail.violation

    @property
    def finish_reason(self) -> FinishReason:
        return self.generation.finish_reason or FinishReason.CANCELLED

    def __iter__(self) -> Iterator[str]:
        try:
            for piece in self.generation:
                safe, violation = self.rail.feed(piece)
                if violation is not None:
                    break
                if safe := self._release(safe):
                    yield safe
        finally:
            self.generation.close()
        if self.rail.violation is None:
            tail, violation = self.rail.finish()  # the last, unfinished sentence is checked too
            if violation is None and (tail := self._release(tail)):
                yield tail

    def _release(self, safe: str) -> str:
        if not self.text:
            safe = safe.lstrip()  # models often open with a space or a newline
        self.text += safe
        return safe
