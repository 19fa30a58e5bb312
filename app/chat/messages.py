"""The data a chat session hands to front ends and storage."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"


class Status(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"  # still streaming, stopped, or cut off by a crash
    WITHHELD = "withheld"  # a guardrail replaced the model's text


@dataclass
class ChatMessage:
    """One message of a conversation as the session holds it (mutable while a reply streams)."""

    role: Role
    content: str
    status: Status = Status.COMPLETE
    id: int | None = None  # the stored message's id, once saved
    flags: tuple[str, ...] = ()  # guardrail verdicts ("crisis:category:rule"), "holding", "resume", "check-in-no"
    cut_short: bool = False  # a model reply that stopped at its length limit: it may end mid-thought

    @property
    def is_safety_message(self) -> bool:
        """The profile's fixed words (crisis, check-in, redirect, holding, resume): part of the record,
        never redone. A model reply the output rail withheld is still a model reply, and may be regenerated."""
        return self.role is Role.ASSISTANT and bool(self.flags) and self.status is not Status.WITHHELD

    def as_prompt(self) -> dict[str, str]:
        return {"role": str(self.role), "content": self.content}
