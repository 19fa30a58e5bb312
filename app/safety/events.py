"""Every kind of event the guardrails write to the audit log, and its name in words.

An event's kind is stored as a short code ("input.crisis", "profile.lock-missing") so the log stays stable
and greppable; a clinician reading it — in the GUI's audit list or `confidant audit list` — sees the label
instead. Front ends call `event_label`; tests/safety/test_events.py checks that every kind the code can
write has a label here.
"""

from __future__ import annotations

from app.safety.verdict import Action

# A verdict is recorded as "<side>.<action>": the side that was checked, and what the rail did there.
SIDES = ("input", "output", "exercise")  # a message, a model reply, text typed into an exercise

CHECK_IN_NO = "input.check-in-no"  # the person answered "no" to the check-in question
CHECK_IN_LAPSED = "input.check-in-lapsed"  # not answered twice, in calm words: the conversation carried on
SAFETY_CONFIRMED = "safety.confirmed"  # "I am safe right now" after a crisis: the model may answer again
PROFILE_INSTALLED = "profile.installed"
PROFILE_LOCKED = "profile.locked"
PROFILE_UNLOCKED = "profile.unlocked"
PIN_REFUSED = "profile.pin-refused"
LOCK_MISSING = "profile.lock-missing"  # the lock row went without a PIN unlock (see lock.py)

_VERDICT_WORDS = {
    "input": {Action.CRISIS: "Crisis message", Action.CHECK_IN: "Check-in question asked",
              Action.REDIRECT: "Topic redirected", Action.BLOCK: "Topic blocked"},
    "output": {Action.CRISIS: "Reply withheld (crisis)", Action.CHECK_IN: "Reply withheld (check-in)",
               Action.REDIRECT: "Reply withheld (topic)", Action.BLOCK: "Reply withheld"},
    "exercise": {Action.CRISIS: "Crisis in an exercise", Action.CHECK_IN: "Check-in asked in an exercise",
                 Action.REDIRECT: "Topic redirected in an exercise", Action.BLOCK: "Topic blocked in an exercise"},
}

LABELS: dict[str, str] = {
    **{f"{side}.{action}": words for side, by_action in _VERDICT_WORDS.items() for action, words in by_action.items()},
    CHECK_IN_NO: "Check-in answered no",
    CHECK_IN_LAPSED: "Check-in not answered; conversation carried on",
    SAFETY_CONFIRMED: "Person confirmed they are safe",
    PROFILE_INSTALLED: "Profile installed",
    PROFILE_LOCKED: "Profile locked",
    PROFILE_UNLOCKED: "Profile unlocked",
    PIN_REFUSED: "Wrong clinician PIN",
    LOCK_MISSING: "Lock removed without the PIN",
}


def verdict_event(side: str, action: Action) -> str:
    """The kind recorded for a verdict on `side`; an unknown side is a programming error, not a new kind."""
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}, not {side!r}")
    return f"{side}.{action}"


def event_label(kind: str) -> str:
    """An event kind in words; a kind this version does not know (from a newer one) is shown as it is."""
    return LABELS.get(kind, kind)
