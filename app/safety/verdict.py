"""What a rail decides about one piece of text, and the help lines that travel with a crisis verdict."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    """What happens to a message or reply. Severity order on input: crisis > check-in > block > redirect >
    allow."""

    ALLOW = "allow"
    CRISIS = "crisis"  # fixed crisis response + help lines; the model is not asked
    CHECK_IN = "check-in"  # moderate risk: the profile's direct question + help lines; the answer decides
    REDIRECT = "redirect"  # out of scope: the profile's redirect message instead of a model reply
    BLOCK = "block"  # not allowed at all: the profile's fixed text instead (replies: the replacement text)


@dataclass(frozen=True)
class HelpResource:
    """One help line or service, exactly as a clinician wrote it in the profile."""

    id: str
    name: str
    region: str
    hours: str
    phone: str | None = None
    text: str | None = None  # how to reach it by text message, e.g. "text HOME to 741741"
    website: str | None = None
    notes: str | None = None

    def contact(self) -> str:
        """"call 988 or text 988" — the ways to reach it, in plain words."""
        ways = []
        if self.phone:
            ways.append(f"call {self.phone}")
        if self.text:
            ways.append(self.text if self.text.lower().startswith("text") else f"text {self.text}")
        return " or ".join(ways)

    def line(self) -> str:
        """One line for a pinned panel or a terminal: name (region): contact — hours. Website. Notes."""
        extra = "".join(f" {part}" for part in (self.website and f"{self.website}.", self.notes) if part)
        return f"{self.name} ({self.region}): {self.contact()} — {self.hours}.{extra}"

    def to_dict(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if value is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HelpResource:
        fields = ("id", "name", "region", "hours", "phone", "text", "website", "notes")
        return cls(**{key: str(data[key]) for key in fields if data.get(key) is not None})


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check; `category` and `rule` name what fired (None when allowed).

    `response` is the text to show instead of a model reply (crisis response, redirect message, or a reply's
    replacement text); `resources` are the help lines to show and pin with a crisis response.
    """

    action: Action
    category: str | None = None
    rule: str | None = None
    response: str | None = None
    resources: tuple[HelpResource, ...] = ()
    pattern: str | None = None  # the profile pattern that matched, for clinicians testing a profile
    score: float | None = None  # the learned scorer's number (None when no scorer ran)
    reasons: tuple[str, ...] = ()  # the words that raised the score most, strongest first

    @property
    def allowed(self) -> bool:
        return self.action is Action.ALLOW

    def as_json(self, text: str, *, explain: bool = False) -> dict[str, Any]:
        """The `confidant guard check` line for this verdict."""
        out: dict[str, Any] = {"text": text, "action": str(self.action), "category": self.category,
                               "rule": self.rule, "score": None if self.score is None else round(self.score, 4)}
        if explain:
            out["pattern"] = self.pattern
            out["reasons"] = list(self.reasons)
        return out


ALLOW = Verdict(Action.ALLOW)
