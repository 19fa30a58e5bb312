"""Is a thought-record suggestion GOOD, not only safe? The checks that pick among candidate suggestions
(app/cbt/assist.py) and that bench/assist_quality.py reports.

suggestion_check.py decides what may never be shown (an insult, catastrophising, the opposite of the
person's evidence); these checks ask more of a suggestion, because one that is merely harmless ("The manager
is not a person...") does not help:

- kinder: fewer harsh words than the automatic thought (or none), and no insult or catastrophising;
- balanced: does not say the thought again as a fact, and (a balanced thought) is not a flat, falsely
  positive contradiction of it ("I'm perfect", "I'm not going to get fired");
- uses-evidence: shares content words with the person's evidence (for and against; the situation when
  they wrote none);
- polarity-kept: nothing the person described one way is described the opposite way;
- whole-sentence: ends on a whole sentence, each sentence a few words at least;
- short: at most MAX_WORDS words;
- rail: passes the profile's output rail and the fit check, as it would on its way to the screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.cbt.suggestion_check import (
    agrees_with_thought,
    check_suggestion,
    content_stems,
    contradicts_evidence,
    flat_contradiction,
    harsh_words,
)
from app.safety import Guardrails
from app.storage.journal import ThoughtRecord

MAX_WORDS = 40
CHECKS = ("kinder", "balanced", "uses-evidence", "polarity-kept", "whole-sentence", "short", "rail")
_ENDS_WHOLE = re.compile(r"[.!?][\"'”’)]*$")
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"'”’)]*")


@dataclass(frozen=True)
class Quality:
    failed: tuple[str, ...]  # names from CHECKS, in that order

    @property
    def passed(self) -> bool:
        return not self.failed


def person_evidence(record: ThoughtRecord) -> list[str]:
    """What the suggestion should build on: their evidence for and against, or their situation when they
    wrote no evidence."""
    evidence = [t for t in (record.evidence_for, record.evidence_against) if t.strip()]
    return evidence or [record.situation]


def uses_evidence(text: str, record: ThoughtRecord) -> bool:
    """At least two content words of one of the person's evidence fields (all of them, when it has fewer)."""
    said = content_stems(text, describing=True)
    for field in person_evidence(record):
        theirs = content_stems(field, describing=True)
        if theirs and len(said & theirs) >= min(2, len(theirs)):
            return True
    return False


def whole_sentences(text: str) -> bool:
    text = text.strip()
    if not text or not _ENDS_WHOLE.search(text) or "…" in text or "..." in text:
        return False
    return all(len(sentence.split()) >= 3 for sentence in _SENTENCE.findall(text))


def passes_rail(step: str, text: str, record: ThoughtRecord, guardrails: Guardrails) -> bool:
    rail = guardrails.output_filter(persons_voice=step == "balanced-thought")
    _, verdict = rail.feed(text)
    if verdict is None:
        _, verdict = rail.finish()
    return verdict is None and check_suggestion(step, text, record) is None


def assess(step: str, text: str, record: ThoughtRecord, guardrails: Guardrails) -> Quality:
    """Which of CHECKS the suggestion `text` for `step` of `record` fails."""
    fit = check_suggestion(step, text, record)
    harsh = len(harsh_words(text))
    results = {
        "kinder": (harsh == 0 or harsh < len(harsh_words(record.automatic_thought)))
        and (fit is None or fit.rule not in ("harsh-label", "catastrophising")),
        "balanced": not agrees_with_thought(text, record.automatic_thought)
        and (step != "balanced-thought" or flat_contradiction(text, record.automatic_thought) is None),
        "uses-evidence": uses_evidence(text, record),
        "polarity-kept": contradicts_evidence(text, record) is None,
        "whole-sentence": whole_sentences(text),
        "short": len(text.split()) <= MAX_WORDS,
        "rail": passes_rail(step, text, record, guardrails),
    }
    return Quality(tuple(name for name in CHECKS if not results[name]))
