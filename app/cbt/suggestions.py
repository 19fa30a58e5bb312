"""Offering an exercise from the chat: a described worry → a thought record, tension → breathing, and so on.

Simple word cues from assets/cbt/suggestions.toml, tried in that file's order. The GUI shows a suggestion as
a button beside the reply; it never changes what the guardrails decided. Call it only for messages the rails
let through to the model: after a crisis response the help lines come first, not an exercise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.cbt.content import Content, load_content


@dataclass(frozen=True)
class ExerciseSuggestion:
    exercise: str  # an exercise id (as in a profile's [features] exercises)
    label: str  # the button's words
    reason: str  # one sentence on why it might help
    card: str | None = None  # for "psychoeducation": which reading to open
    cue: str = ""  # the words that prompted it (normalised), for explanations


def suggest_exercise(text: str, offered: Iterable[str] | None = None,
                     content: Content | None = None) -> ExerciseSuggestion | None:
    """The first exercise whose cues appear in `text`, among those `offered` (default: all); else None."""
    if not text or not text.strip():
        return None
    content = content or load_content()
    allowed = None if offered is None else set(offered)
    normalised = content.normaliser(text)
    for rule in content.suggestions:
        if allowed is not None and rule.exercise not in allowed:
            continue
        cue = rule.cues.search(normalised)
        if cue is not None:
            return ExerciseSuggestion(rule.exercise, rule.label, rule.reason, rule.card, cue)
    return None
