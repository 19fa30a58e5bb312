"""Errors from the safety layer, written for the person (or clinician) who has to act on them."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import ConfidantError


class SafetyError(ConfidantError):
    """Something about the guardrails cannot be done as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a profile: where (field path and line) and what."""

    field: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "(no line)"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ProfileError(SafetyError):
    """A guardrail profile cannot be used. `problems` lists every field at fault with its line."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        first = problems[0] if problems else Problem("", None, "unknown problem")
        more = len(problems) - 1
        plural = "s" if more > 1 else ""
        tail = f" (and {more} more problem{plural}: `confidant profile validate` lists them)" if more else ""
        super().__init__(f"The guardrail profile {source} cannot be used: {first}.{tail}")

    @property
    def field(self) -> str:
        return self.problems[0].field if self.problems else ""

    @property
    def line(self) -> int | None:
        return self.problems[0].line if self.problems else None

    def report(self) -> str:
        """Every problem, one per line, for `confidant profile validate`."""
        return "\n".join(f"{self.source}, {problem}" for problem in self.problems)


class LockError(SafetyError):
    """The clinician lock refused something (wrong PIN, not locked, already locked)."""
