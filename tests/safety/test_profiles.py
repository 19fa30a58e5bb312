"""Profiles: every shipped one validates; broken ones are refused with field and line; never no rails."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.safety import (
    DEFAULT_PROFILE_ID,
    Guardrails,
    ProfileError,
    SafetyError,
    builtin_profile,
    default_profile,
    load_profile,
    resolve_profile,
    shipped_profiles,
    validate_profile_text,
)
from app.safety.builtin_profile import BUILTIN_PROFILE_TOML
from app.safety.profile import REQUIRED_CRISIS, REQUIRED_OUTPUT
from app.safety.verdict import Action

PROFILES = Path(__file__).resolve().parents[2] / "assets" / "profiles"
DEFAULT_TEXT = (PROFILES / f"{DEFAULT_PROFILE_ID}.toml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _refused(text: str) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        validate_profile_text(text, "edited.toml")
    return caught.value


# ---- what ships ---------------------------------------------------------------------------------------

def test_the_three_shipped_profiles_are_there_default_first() -> None:
    ids = [path.stem for path in shipped_profiles()]
    assert ids[0] == DEFAULT_PROFILE_ID
    assert set(ids) == {"general-wellbeing", "cbt-companion", "young-people"}


@pytest.mark.parametrize("path", sorted(PROFILES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_profile_validates_and_covers_the_required_categories(path: Path) -> None:
    profile = load_profile(path)
    assert profile.id == path.stem
    assert {c.id for c in profile.crisis} >= set(REQUIRED_CRISIS)
    assert {c.id for c in profile.output} >= set(REQUIRED_OUTPUT)
    assert profile.region and profile.version and profile.author
    for category in profile.crisis:
        assert category.response.strip() and category.resources and category.rules
        assert any(r.region for r in category.resources)
    rails = Guardrails(profile)
    assert "AI" in rails.system_prompt
    assert rails.check_input("I want to kill myself").action is Action.CRISIS


def test_help_lines_are_the_real_numbers() -> None:
    lines = {r.id: r for r in default_profile().resources}
    assert lines["lifeline-988"].phone == "988"
    assert lines["samaritans"].phone == "116 123"
    assert lines["crisis-text-line"].text == "text HOME to 741741"
    assert lines["childline-uk"].phone == "0800 1111"
    assert lines["childhelp"].phone == "1-800-422-4453"
    assert lines["poison-control-us"].phone == "1-800-222-1222"
    assert lines["domestic-violence-us"].phone == "1-800-799-7233"
    assert "NEDA" not in DEFAULT_TEXT  # its helpline closed in 2023
    assert {"911", "999", "112"} <= set(lines["emergency"].phone.replace(",", " ").replace("(", " ").split())


def test_the_builtin_profile_validates_and_has_working_rails() -> None:
    profile = builtin_profile()
    assert {c.id for c in profile.crisis} >= set(REQUIRED_CRISIS)
    rails = Guardrails(profile)
    assert rails.check_input("i want to end my life").action is Action.CRISIS
    assert rails.check_input("this homework is so boring").action is Action.ALLOW
    assert rails.check_output_text("As your therapist, rest.").action is Action.BLOCK


def test_describe_says_in_plain_words_what_the_profile_does() -> None:
    text = default_profile().describe()
    assert "General wellbeing" in text and "AI" in text
    assert "confirm that you are safe" in text and "check-in" in text
    assert "without the text of your messages" in text
    assert "Samaritans (UK and Ireland): call 116 123" in text


def test_load_by_id_and_unknown_id() -> None:
    assert load_profile("cbt-companion").id == "cbt-companion"
    with pytest.raises(SafetyError, match="no guardrail profile called 'nope'"):
        load_profile("nope")


# ---- refusing bad profiles, with field and line --------------------------------------------------------

def test_an_empty_crisis_response_is_refused_naming_field_and_line() -> None:
    start = DEFAULT_TEXT.index("[crisis.suicide-self-harm]")
    begin = DEFAULT_TEXT.index('response = """', start)
    end = DEFAULT_TEXT.index('"""', begin + len('response = """')) + 3
    broken = DEFAULT_TEXT[:begin] + 'response = "   "' + DEFAULT_TEXT[end:]
    error = _refused(broken)
    assert error.field == "crisis.suicide-self-harm.response"
    assert error.line == _line_of(broken, 'response = "   "')
    assert "must not be empty" in str(error) and f"line {error.line}" in str(error)


def test_switching_off_the_ai_disclosure_is_refused() -> None:
    broken = DEFAULT_TEXT.replace("ai_disclosure = true", "ai_disclosure = false")
    error = _refused(broken)
    assert error.field == "assistant.ai_disclosure"
    assert error.line == _line_of(broken, "ai_disclosure = false")
    assert "cannot be turned off" in str(error)


def test_missing_ai_disclosure_and_confirmation_off_are_refused() -> None:
    error = _refused(DEFAULT_TEXT.replace("ai_disclosure = true\n", "")
                     .replace("require_confirmation = true", "require_confirmation = false"))
    fields = {p.field for p in error.problems}
    assert {"assistant.ai_disclosure", "after_crisis.require_confirmation"} <= fields


def test_missing_fields_wrong_types_and_typos_each_name_their_line() -> None:
    broken = (DEFAULT_TEXT.replace('name = "General wellbeing"\n', "")
              .replace("include_message_text = false", 'include_mesage_text = "no"')
              .replace('version = "1.0.0"', "version = 1"))
    problems = {p.field: p for p in _refused(broken).problems}
    assert problems["name"].line == 1 and "is missing" in problems["name"].message
    assert problems["version"].line == _line_of(broken, "version = 1")
    assert "must be text" in problems["version"].message
    typo = problems["audit.include_mesage_text"]
    assert typo.line == _line_of(broken, "include_mesage_text") and "include_message_text" in typo.message


def test_a_missing_required_crisis_category_is_refused() -> None:
    text = BUILTIN_PROFILE_TOML
    start = text.index("[crisis.eating-disorder]")
    end = text.index("[crisis.drugs-overdose]")
    error = _refused(text[:start] + text[end:])
    assert any("eating-disorder" in p.message and p.field == "crisis" for p in error.problems)


@pytest.mark.parametrize(("pattern", "complaint"), [
    ("(a|b)+$", "a-z and 0-9"),
    ("kill (myself)", "brackets"),
    ("... kill", "cannot start or end"),
    ("[maybe] ...", "cannot start or end"),
    ("[only] [optional]", "must be present"),
    ("ki*", "at least 3 letters"),
    ("<nosuchlist> die", "no word list"),
    ("a ... b ... c ... d", "at most 2 times"),
    ("don't", "contractions"),
    ("x" * 400, "at most 320 characters"),
    ("a||b", "empty"),
])
def test_bad_patterns_are_refused_with_their_index_and_line(pattern: str, complaint: str) -> None:
    anchor = 'any = ["kill* <self>",'
    broken = BUILTIN_PROFILE_TOML.replace(anchor, f"{anchor}\n  {tomlish(pattern)},", 1)
    error = _refused(broken)
    problem = error.problems[0]
    assert problem.field == "crisis.suicide-self-harm.rules.any.1"
    assert complaint in problem.message
    assert problem.line == _line_of(broken, tomlish(pattern))


def tomlish(value: str) -> str:
    """A TOML basic string holding `value` exactly."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def test_toml_syntax_errors_give_the_line() -> None:
    broken = DEFAULT_TEXT.replace('id = "general-wellbeing"', 'id = "general-wellbeing', 1)
    error = _refused(broken)
    assert error.line == _line_of(broken, 'id = "general-wellbeing')
    assert "not valid TOML" in str(error)


def test_absurdly_nested_values_are_refused_not_crashed() -> None:
    error = _refused("x = " + "[" * 5000 + "]" * 5000)
    assert error.problems


# ---- failing closed -------------------------------------------------------------------------------------

def test_an_unloadable_choice_falls_back_to_the_default_with_a_warning(tmp_path: Path) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text(DEFAULT_TEXT.replace("ai_disclosure = true", "ai_disclosure = false"), encoding="utf-8")
    resolved = resolve_profile(bad)
    assert resolved.profile.id == DEFAULT_PROFILE_ID
    assert resolved.warning and "mine.toml" in resolved.warning and "default profile" in resolved.warning
    assert resolve_profile(tmp_path / "missing.toml").profile.id == DEFAULT_PROFILE_ID


def test_without_the_shipped_files_the_builtin_profile_runs(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.safety.loading.assets_dir", lambda: tmp_path / "no-assets")
    assert default_profile().id == "built-in-minimal"
    resolved = resolve_profile(text="not = [valid")
    assert resolved.profile.id == "built-in-minimal" and "built-in" in (resolved.warning or "")


# ---- garbage in: always ProfileError, never a crash and never silently no rails --------------------------

toml_scalars = st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.floats(allow_nan=False))
toml_values = st.recursive(
    toml_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(min_size=1, max_size=12), children, max_size=4)),
    max_leaves=12,
)


def _dump(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return tomlish(value)
    if isinstance(value, list):
        return "[" + ", ".join(_dump(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{_dump(k)} = {_dump(v)}" for k, v in value.items()) + "}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_is_refused_cleanly(text: str) -> None:
    with pytest.raises(ProfileError) as caught:
        validate_profile_text(text, "fuzz.toml")
    assert caught.value.problems and str(caught.value)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["schema", "id", "name", "assistant", "crisis", "output", "lists",
                                        "resources", "after_crisis", "scope", "exclusions", "audit", "x"]),
                       toml_values, max_size=8))
def test_arbitrary_structures_are_refused_with_located_problems(data: dict[str, object]) -> None:
    text = "\n".join(f"{_dump(key)} = {_dump(value)}" for key, value in data.items())
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return  # the dumper could not express it (e.g. a duplicate key); not what this test is about
    with pytest.raises(ProfileError) as caught:
        validate_profile_text(text, "fuzz.toml")
    for problem in caught.value.problems:
        assert problem.message
        assert problem.line is None or 1 <= problem.line <= max(1, text.count("\n") + 1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0), st.text(alphabet="[]<>|*.#_ab", min_size=1, max_size=20))
def test_mutated_default_profiles_never_run_without_rails(seed: int, junk: str) -> None:
    lines = DEFAULT_TEXT.splitlines()
    index = seed % len(lines)
    mutated = "\n".join([*lines[:index], lines[index] + junk, *lines[index + 1:]])
    resolved = resolve_profile(text=mutated, source="mutated.toml")
    rails = Guardrails(resolved.profile)
    assert rails.check_input("I want to kill myself").action is Action.CRISIS
    if resolved.warning:
        assert resolved.profile.id == DEFAULT_PROFILE_ID
