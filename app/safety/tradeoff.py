"""What a profile's scorer thresholds would do, measured on the shipped labelled evaluation set.

A clinician moving the crisis and check-in thresholds trades missed crises against ordinary messages that
get the crisis response or a check-in. This puts numbers on that trade: every labelled message is checked
once — the profile's rules alone, and the learned input scorer's score — and from then on any pair of
thresholds is evaluated instantly, without checking anything again:

    tradeoff = measure(rails, read_eval_set())     # a few seconds: run it off the GUI thread
    point = tradeoff.at(crisis_threshold=0.9, check_in_threshold=0.6)
    point.sentence()   # "At these thresholds, on 540 labelled messages (92 crisis): crisis 78% caught, ..."

A verdict here follows `Guardrails.check_input`: a crisis rule decides first; otherwise a score at or above
the crisis threshold is a crisis and one at or above the check-in threshold a check-in. (Risk that builds up
over several messages is a property of a conversation, not of one message, and is not measured here.)

The set (assets/safety/eval_input.tsv) is `label<TAB>source<TAB>text`, label `crisis` or `not_crisis`;
blank lines and lines starting with "#" are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.paths import assets_dir
from app.safety.rails import Guardrails
from app.safety.scorer import ScorerSet
from app.safety.verdict import Action

EVAL_FILE = "eval_input.tsv"
LABELS = {"crisis": True, "not_crisis": False}


def eval_set_path() -> Path:
    return assets_dir() / "safety" / EVAL_FILE


@dataclass(frozen=True)
class LabelledMessage:
    crisis: bool  # the label: True for crisis, False for an ordinary message
    source: str  # where the row came from (a public data set, or "ours")
    text: str


def read_eval_set(path: Path | None = None) -> list[LabelledMessage]:
    """The labelled messages of an evaluation file. Raises ValueError naming the line of a bad row, and
    OSError when the file cannot be read."""
    path = path or eval_set_path()
    messages = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t", 2)
        if len(parts) != 3:
            raise ValueError(f"{path.name}, line {number}: expected label<TAB>source<TAB>text")
        label, source, text = parts
        if label == "label" and not messages:
            continue  # a header row
        if label not in LABELS:
            raise ValueError(f"{path.name}, line {number}: the label must be crisis or not_crisis, not {label!r}")
        if text.strip():
            messages.append(LabelledMessage(LABELS[label], source, text.strip()))
    return messages


@dataclass(frozen=True)
class ScoredMessage:
    """One labelled message, checked once: does a crisis rule fire, and what the scorer says."""

    crisis: bool  # the label
    rule_crisis: bool  # a crisis rule of the profile matches (the scorer cannot lower that)
    score: float | None  # the learned input scorer's score; None when no scorer is loaded


def measure(rails: Guardrails, messages: Iterable[LabelledMessage]) -> Tradeoff:
    """Check every message once with the profile's rules and the learned scorer (about 3 ms each)."""
    rules_alone = Guardrails(rails.profile, ScorerSet(None, None))
    scored = [ScoredMessage(m.crisis, rules_alone.check_input(m.text).action is Action.CRISIS,
                            rails.input_score(m.text)) for m in messages]
    return Tradeoff(scored)


@dataclass(frozen=True)
class TradeoffPoint:
    """What one pair of thresholds does on the evaluation set (counts; the shares are derived)."""

    crisis_threshold: float
    check_in_threshold: float
    crisis_messages: int
    ordinary_messages: int
    crisis_caught: int  # crisis messages that get the crisis response
    crisis_caught_or_asked: int  # ... the crisis response or a check-in
    ordinary_crisis: int  # ordinary messages that would get the crisis response
    ordinary_check_in: int  # ordinary messages that would get a check-in (and not the crisis response)

    @property
    def total(self) -> int:
        return self.crisis_messages + self.ordinary_messages

    @property
    def recall(self) -> float:
        return _share(self.crisis_caught, self.crisis_messages)

    @property
    def recall_with_check_in(self) -> float:
        return _share(self.crisis_caught_or_asked, self.crisis_messages)

    @property
    def crisis_false_positive_rate(self) -> float:
        return _share(self.ordinary_crisis, self.ordinary_messages)

    @property
    def check_in_rate(self) -> float:
        return _share(self.ordinary_check_in, self.ordinary_messages)

    def sentence(self) -> str:
        """The trade-off in one sentence, for a clinician."""
        return (f"At these thresholds, on {self.total:,} labelled messages ({self.crisis_messages:,} crisis): "
                f"crisis {_percent(self.recall)} caught, {_percent(self.recall_with_check_in)} caught or "
                f"asked; {_percent(self.crisis_false_positive_rate, 1)} of ordinary messages would get the "
                f"crisis response, {_percent(self.check_in_rate, 1)} a check-in.")


class Tradeoff:
    """The evaluation set, checked once; `at()` evaluates any pair of thresholds without checking again."""

    def __init__(self, scored: Sequence[ScoredMessage]) -> None:
        self.scored = tuple(scored)

    @property
    def scored_by_model(self) -> bool:
        """False when no scorer was loaded: only the rules decide, and the thresholds change nothing."""
        return any(m.score is not None for m in self.scored)

    def at(self, crisis_threshold: float, check_in_threshold: float) -> TradeoffPoint:
        counts = {"crisis": 0, "caught": 0, "asked": 0, "ordinary": 0, "false_crisis": 0, "false_check_in": 0}
        for m in self.scored:
            score = m.score if m.score is not None else -1.0
            is_crisis = m.rule_crisis or score >= crisis_threshold
            is_check_in = not is_crisis and score >= check_in_threshold
            if m.crisis:
                counts["crisis"] += 1
                counts["caught"] += is_crisis
                counts["asked"] += is_crisis or is_check_in
            else:
                counts["ordinary"] += 1
                counts["false_crisis"] += is_crisis
                counts["false_check_in"] += is_check_in
        return TradeoffPoint(crisis_threshold, check_in_threshold, counts["crisis"], counts["ordinary"],
                             counts["caught"], counts["asked"], counts["false_crisis"], counts["false_check_in"])

    def rules_alone(self) -> TradeoffPoint:
        """What the profile's rules catch with no scorer at all (thresholds above every score)."""
        return self.at(2.0, 2.0)

    def summary(self, crisis_threshold: float, check_in_threshold: float) -> str:
        """The trade-off at these thresholds in words, with what the rules alone would do beside it."""
        rules = self.rules_alone()
        if not self.scored_by_model:
            return (f"The learned scorer is not loaded, so these thresholds change nothing for now. On "
                    f"{rules.total:,} labelled messages ({rules.crisis_messages:,} crisis) the rules alone catch "
                    f"{_percent(rules.recall)} of crises and give the crisis response to "
                    f"{_percent(rules.crisis_false_positive_rate, 1)} of ordinary messages.")
        return (f"{self.at(crisis_threshold, check_in_threshold).sentence()} The rules alone: "
                f"{_percent(rules.recall)} caught, {_percent(rules.crisis_false_positive_rate, 1)} of ordinary "
                f"messages get the crisis response.")


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _percent(value: float, decimals: int = 0) -> str:
    return f"{value * 100:.{decimals}f}%"
