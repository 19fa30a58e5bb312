"""Reading the labelled evaluation set and scoring a profile on it (shared by the test and the bench)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path

from app.safety.rails import Guardrails
from app.safety.verdict import Action

DATA = Path(__file__).resolve().parent / "data"
DEV = DATA / "eval_dev.tsv"
HELDOUT = DATA / "eval_heldout.tsv"
BLIND = DATA / "blind_input.tsv"  # written by a session that never saw the rules (see its header)


@dataclass(frozen=True)
class Example:
    label: str  # crisis | safe | redirect
    category: str
    text: str


def blind_half(example: Example) -> str:
    """Which half of the blind set an example is in: "tune" (may be read) or "held" (never printed)."""
    return "tune" if zlib.crc32(example.text.encode("utf-8")) % 2 == 0 else "held"


def read_examples(path: Path) -> list[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        label, category, text = line.split("\t")
        if label not in ("crisis", "safe", "redirect"):
            raise ValueError(f"{path.name}:{number}: unknown label {label!r}")
        examples.append(Example(label, category, text))
    return examples


@dataclass
class Score:
    positives: int = 0
    detected: int = 0
    right_category: int = 0
    negatives: int = 0
    false_positives: int = 0
    redirects: int = 0
    redirected: int = 0
    missed: list[Example] = field(default_factory=list)
    false_alarms: list[tuple[Example, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.detected / self.positives if self.positives else 1.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_positives / self.negatives if self.negatives else 0.0

    def summary(self, name: str) -> str:
        return (f"{name}: crisis recall {self.recall:.3f} ({self.detected}/{self.positives}), false-positive "
                f"rate {self.false_positive_rate:.3f} ({self.false_positives}/{self.negatives}), "
                f"category agreement {self.right_category}/{self.detected}, "
                f"redirects {self.redirected}/{self.redirects}")


def score(guardrails: Guardrails, examples: list[Example]) -> Score:
    """Crisis recall over crisis-labelled messages; false positives = other messages judged a crisis."""
    result = Score()
    for example in examples:
        verdict = guardrails.check_input(example.text)
        crisis = verdict.action is Action.CRISIS
        if example.label == "crisis":
            result.positives += 1
            if crisis:
                result.detected += 1
                result.right_category += verdict.category == example.category
            else:
                result.missed.append(example)
        else:
            result.negatives += 1
            if crisis:
                result.false_positives += 1
                result.false_alarms.append((example, f"{verdict.rule} [{verdict.pattern}]"))
            if example.label == "redirect":
                result.redirects += 1
                redirected = verdict.action is Action.REDIRECT and verdict.category == example.category
                result.redirected += redirected
    return result
