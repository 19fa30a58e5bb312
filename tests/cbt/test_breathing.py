"""Paced breathing: the shipped patterns as data, and where a session is at any moment."""

from __future__ import annotations

import itertools
import math

import pytest

from app.cbt.breathing import phase_at
from app.cbt.content import load_content


@pytest.fixture(scope="module")
def patterns():
    return load_content().breathing


def test_the_two_patterns_are_the_published_counts(patterns) -> None:
    assert [(p.action, p.seconds) for p in patterns["box"].phases] == [("in", 4), ("hold", 4), ("out", 4),
                                                                        ("hold", 4)]
    assert [(p.action, p.seconds) for p in patterns["4-7-8"].phases] == [("in", 4), ("hold", 7), ("out", 8)]
    assert patterns["box"].cycle_seconds == 16 and patterns["4-7-8"].cycle_seconds == 19
    assert patterns["4-7-8"].total_seconds == 19 * patterns["4-7-8"].cycles


@pytest.mark.parametrize(("t", "index", "cycle", "count", "level"), [
    (0.0, 0, 0, 1, 0.0),      # starting to breathe in
    (2.0, 0, 0, 3, 0.5),      # half way in
    (4.0, 1, 0, 1, 1.0),      # holding, full
    (7.99, 1, 0, 4, 1.0),
    (10.0, 2, 0, 3, 0.5),     # half way out
    (13.0, 3, 0, 2, 0.0),     # holding, empty
    (16.0, 0, 1, 1, 0.0),     # second round
    (33.0, 0, 2, 2, 0.25),
])
def test_box_breathing_at_known_moments(patterns, t, index, cycle, count, level) -> None:
    now = phase_at(patterns["box"], t)
    assert (now.index, now.cycle, now.count) == (index, cycle, count)
    assert now.level == pytest.approx(level)
    assert now.elapsed + now.remaining == pytest.approx(now.phase.seconds)
    assert not now.finished


def test_4_7_8_at_known_moments_and_its_end(patterns) -> None:
    pattern = patterns["4-7-8"]
    assert phase_at(pattern, 5.0).phase.action == "hold" and phase_at(pattern, 5.0).count == 2
    out = phase_at(pattern, 15.0)
    assert (out.phase.action, out.count, out.remaining) == ("out", 5, pytest.approx(4.0))
    assert out.level == pytest.approx(0.5)
    end = phase_at(pattern, 2 * 19 + 0.5, cycles=2)
    assert end.finished and end.cycle == 1 and end.index == 2 and end.level == pytest.approx(0.0)
    assert end.remaining == pytest.approx(0.0)


def test_the_level_only_moves_in_the_breathing_phases(patterns) -> None:
    pattern = patterns["box"]
    levels = [phase_at(pattern, step / 10).level for step in range(160)]
    assert max(levels) == pytest.approx(1.0) and min(levels) == 0.0
    assert all(abs(b - a) <= 0.1 / 4 + 1e-9 for a, b in itertools.pairwise(levels))  # smooth


def test_text_mode_reads_the_same_phases(patterns) -> None:
    script = patterns["4-7-8"].script()
    assert script == ["Breathe in gently through your nose — 4 seconds", "Hold, softly — 7 seconds",
                      "Breathe out slowly — 8 seconds"]
    assert "light-headed" in patterns["box"].caution


@pytest.mark.parametrize("t", [-1.0, math.nan, math.inf])
def test_impossible_times_are_refused(patterns, t: float) -> None:
    with pytest.raises(ValueError):
        phase_at(patterns["box"], t)
    with pytest.raises(ValueError):
        phase_at(patterns["box"], 1.0, cycles=0)
