"""The profile's optional [features] table: defaults, the shipped choices, and errors with field and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.safety import ProfileError, builtin_profile, load_profile, shipped_profiles, validate_profile_text
from app.safety.profile import EXERCISES, Features

PROFILES = Path(__file__).resolve().parents[2] / "assets" / "profiles"
DEFAULT = (PROFILES / "general-wellbeing.toml").read_text(encoding="utf-8")
FEATURES_START = DEFAULT.index("[features]")
FEATURES_END = DEFAULT.index("[after_crisis]")


def with_features(table: str) -> str:
    return DEFAULT[:FEATURES_START] + table + "\n\n" + DEFAULT[FEATURES_END:]


def refused(text: str) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        validate_profile_text(text, "edited.toml")
    return caught.value


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("path", shipped_profiles(), ids=lambda p: p.stem)
def test_every_shipped_profile_still_validates_and_says_what_it_offers(path: Path) -> None:
    profile = load_profile(path)
    assert profile.features.exercises == tuple(EXERCISES)
    assert profile.features.memory is (path.stem != "young-people")
    described = profile.describe()
    assert "Exercises offered: mood check-ins" in described
    assert ("Memory is switched off" in described) is (path.stem == "young-people")


def test_the_builtin_profile_has_memory_off_and_every_exercise() -> None:
    assert builtin_profile().features == Features(memory=False, exercises=tuple(EXERCISES))


def test_without_the_table_everything_is_on() -> None:
    profile = validate_profile_text(with_features(""), "no-features.toml")
    assert profile.features == Features()
    assert profile.features.memory and profile.features.offers("thought-record")


def test_a_profile_can_offer_fewer_exercises_and_switch_memory_off() -> None:
    profile = validate_profile_text(with_features(
        '[features]\nmemory = false\nexercises = ["breathing", "mood-check-in"]'), "t.toml")
    assert profile.features == Features(memory=False, exercises=("mood-check-in", "breathing"))
    assert not profile.features.offers("thought-record")
    none = validate_profile_text(with_features("[features]\nexercises = []"), "t.toml")
    assert none.features.exercises == () and "No exercises are offered" in none.describe()


@pytest.mark.parametrize(("table", "field", "needle", "complaint"), [
    ('[features]\nmemory = "yes"', "features.memory", 'memory = "yes"', "must be true or false"),
    ('[features]\nmemroy = true', "features.memroy", "memroy", "did you mean 'memory'"),
    ('[features]\nexercises = "breathing"', "features.exercises", 'exercises = "breathing"', "must be a list"),
    ('[features]\nexercises = [\n  "breathing",\n  "thought-records",\n]', "features.exercises.1",
     '"thought-records"', "did you mean 'thought-record'"),
    ('[features]\nexercises = ["breathing", "breathing"]', "features.exercises.1", '"breathing", "breathing"',
     "listed twice"),
    ('[features]\nexercises = ["mood-check-in", "safety-plan"]', "features.exercises.1", '"safety-plan"',
     "always available"),
    ('[features]\nexercises = [3]', "features.exercises.0", "exercises = [3]", "not an exercise"),
])
def test_bad_features_are_refused_naming_field_and_line(table: str, field: str, needle: str,
                                                       complaint: str) -> None:
    text = with_features(table)
    error = refused(text)
    assert error.field == field
    assert error.line == line_of(text, needle)
    assert complaint in str(error)


def test_features_that_is_not_a_table_is_refused_with_its_line() -> None:
    text = with_features("").replace("schema = 1\n", "schema = 1\nfeatures = 1\n", 1)
    error = refused(text)
    assert (error.field, error.line) == ("features", line_of(text, "features = 1"))
    assert "must be a table" in str(error)
