"""Offering an exercise from the chat: a described worry → a thought record, tension → breathing, and so on.

Simple word cues from assets/cbt/suggestions.toml, tried in that file's order. The GUI shows a suggestion as
a button beside the reply; it never changes what the guardrails decided. Call it only for messages the rails
let through to the model: after a crisis response the help lines come first, not an exercise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.cbt.content import Content, load_content

# Asking to do one of the chat's exercises now (normalised text): "can we do one of those thought exercises?",
# "walk me through a thought record", "let's plan something small". Not "I should exercise more".
_ASK_TO_DO = (r"(?:(?:can|could|shall) we|let us|lets|i would like to|i want to|i wanna|(?:can|could) i|"
              r"(?:can|could) you|please|help me|maybe we could|maybe we can)(?: just)? (?:do|try|start|go through|"
              r"walk me through|take me through|talk me through|fill in|write|make|plan|help me (?:do|with|make|plan))"
              r"|(?:walk|take|talk) me through")
_THOUGHT_RECORD = (r"(?:a |the |one of those |that |this |your )?(?:thought record|thought diary|thought exercises?|"
                   r"thinking exercises?|cbt exercises?|thought challenging exercise|(?:that|this|the|an) exercise)")
_ACTIVITY_PLAN = (r"(?:a |an |the |that |this )?(?:activity plan|behaviou?ral activation|small activity|"
                  r"something small|(?:a )?(?:small |little )?plan for (?:the week|tomorrow|today|this week))")
_ASKED = rf"\b(?:{_ASK_TO_DO})(?: (?:me|us))?(?: through| with)? "
_REQUESTS = (("thought-record", re.compile(rf"{_ASKED}{_THOUGHT_RECORD}\b")),
             ("behavioural-activation", re.compile(rf"{_ASKED}{_ACTIVITY_PLAN}\b")))


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


def requested_exercise(text: str, offered: Iterable[str], content: Content | None = None) -> str | None:
    """The exercise (among `offered`) a message asks to do now: "can we do one of those thought
    exercises?" gets the thought record started, not a reflection of how the person feels."""
    allowed = set(offered)
    if not allowed or not text.strip():
        return None
    normalised = (content or load_content()).normaliser(text)
    return next((exercise for exercise, pattern in _REQUESTS
                 if exercise in allowed and pattern.search(normalised)), None)
