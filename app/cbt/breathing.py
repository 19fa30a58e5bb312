"""Paced breathing as data (phases with seconds) and a pure function for where a session is at time t.

The GUI animates from `phase_at` (it never keeps its own clock maths), and the no-animation mode reads the
same phases as text (`BreathingPattern.script`), so both always agree. The patterns themselves live in
assets/cbt/breathing.toml (box 4-4-4-4 and 4-7-8); `load_content().breathing` has them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ACTIONS = ("in", "hold", "out")


@dataclass(frozen=True)
class Phase:
    action: str  # "in", "hold" or "out"
    seconds: int
    words: str  # what to show or read out, e.g. "Breathe in gently through your nose"


@dataclass(frozen=True)
class BreathingPattern:
    id: str
    name: str
    summary: str
    phases: tuple[Phase, ...]
    cycles: int  # suggested number of rounds
    caution: str

    @property
    def cycle_seconds(self) -> int:
        return sum(phase.seconds for phase in self.phases)

    @property
    def total_seconds(self) -> int:
        """The suggested session: `cycles` rounds."""
        return self.cycle_seconds * self.cycles

    def script(self) -> list[str]:
        """One round as plain lines ("Breathe out slowly — 8 seconds"), for screen readers and text mode."""
        return [f"{phase.words} — {phase.seconds} seconds" for phase in self.phases]


@dataclass(frozen=True)
class PhaseAt:
    """Where a session is at one moment."""

    index: int  # which phase of the round
    phase: Phase
    cycle: int  # which round, from 0
    elapsed: float  # seconds into this phase
    remaining: float  # seconds left in this phase
    count: int  # the whole-second count to show, 1 .. phase.seconds
    level: float  # how full the lungs are, 0.0 (empty) to 1.0 (full): the animation's size
    finished: bool  # past the end of the requested rounds (the last phase is returned, complete)


def phase_at(pattern: BreathingPattern, t: float, cycles: int | None = None) -> PhaseAt:
    """The phase at `t` seconds after the start; `cycles` (default: the pattern's) ends the session.

    Pure and cheap: call it on every animation frame. The level rises through an "in" phase, falls through
    an "out" phase, and a "hold" keeps the level the previous phase ended on (full after breathing in, empty
    after breathing out)."""
    if not math.isfinite(t) or t < 0:
        raise ValueError("t must be a number of seconds from 0")
    rounds = pattern.cycles if cycles is None else cycles
    if rounds < 1:
        raise ValueError("cycles must be at least 1")
    length = pattern.cycle_seconds
    finished = t >= rounds * length
    if finished:
        t = rounds * length - 1e-9  # hold the final moment of the last phase
    cycle, into = divmod(t, length)
    start = 0.0
    for index, phase in enumerate(pattern.phases):
        if into < start + phase.seconds or index == len(pattern.phases) - 1:
            elapsed = min(max(into - start, 0.0), float(phase.seconds))
            if finished:
                elapsed = float(phase.seconds)
            fraction = elapsed / phase.seconds
            level = _level(pattern, index, fraction)
            count = min(phase.seconds, int(elapsed) + 1)
            return PhaseAt(index, phase, int(cycle), elapsed, phase.seconds - elapsed, count, level, finished)
        start += phase.seconds
    raise AssertionError("unreachable: a pattern always has a phase")  # pragma: no cover


def _level(pattern: BreathingPattern, index: int, fraction: float) -> float:
    action = pattern.phases[index].action
    if action == "in":
        return fraction
    if action == "out":
        return 1.0 - fraction
    for previous in reversed(pattern.phases[:index] or pattern.phases):  # a hold keeps the last level
        if previous.action != "hold":
            return 1.0 if previous.action == "in" else 0.0
    return 0.0
