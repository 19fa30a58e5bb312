"""The profile schema is declared once (app/safety/schema.py): the validator refuses any key it does not
declare and takes each key's limit from it, and the clinician draft reads and writes every key it declares
under that key's name."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from app.safety import ProfileError, builtin_profile, validate_profile_text
from app.safety.draft import (
    CategoryDraft,
    ExampleDraft,
    FeaturesDraft,
    NamedListDraft,
    ProfileDraft,
    ScorerDraft,
    draft_from_text,
    draft_to_toml,
)
from app.safety.schema import (
    AFTER_CRISIS,
    ASSISTANT,
    AUDIT,
    CRISIS,
    EXAMPLE,
    FEATURES,
    OUTPUT,
    RESOURCE,
    SCOPE,
    SCORER,
    TEXT_KINDS,
    TOP,
    TOP_KEYS,
    Key,
    Table,
)

TABLES = (TOP, ASSISTANT, AUDIT, AFTER_CRISIS, FEATURES, SCORER, RESOURCE, CRISIS, SCOPE, OUTPUT, EXAMPLE)


def full_draft() -> ProfileDraft:
    """The (small) built-in profile as a draft, with every optional table present."""
    draft = draft_from_text(builtin_profile().text)
    draft.scope.append(CategoryDraft("scope", "gardening", "Gardening", "Let's keep to how you are feeling.",
                                     rules=[NamedListDraft("plants", ["tomato|tomatoes"])]))
    draft.features = FeaturesDraft()
    draft.scorer = ScorerDraft({})
    draft.examples = [ExampleDraft("I can't sleep before exams.", "Exams can keep a mind busy at night.")]
    return draft


def place(draft: ProfileDraft, table: Table) -> tuple[Any, tuple[str | int, ...], str]:
    """Where `table`'s keys live: the draft object holding them, their path in the file, and the header line
    under which the file has them."""
    if table is TOP:
        return draft, (), "schema = 1"
    if table in (ASSISTANT, AUDIT):
        return draft, (table.name,), f"[{table.name}]"
    if table is AFTER_CRISIS:
        return draft.after_crisis, (table.name,), "[after_crisis]"
    if table is FEATURES:
        return draft.features, ("features",), "[features]"
    if table is SCORER:
        return draft.scorer, ("scorer",), "[scorer]"
    if table is EXAMPLE:
        return draft.examples[0], ("assistant", "examples", 0), "[[assistant.examples]]"
    item = draft.resources[0] if table is RESOURCE else draft.categories(table.name)[0]
    return item, (table.name, item.id), f"[{table.name}.{item.id}]"


def set_value(holder: Any, key: Key, value: str) -> None:
    if isinstance(holder, ScorerDraft):
        holder.values[key.name] = value
    else:
        setattr(holder, "response" if key.name == "replacement" else key.name, value)


def problems(text: str) -> list[tuple[str, str]]:
    try:
        validate_profile_text(text, "test")
    except ProfileError as error:
        return [(problem.field, problem.message) for problem in error.problems]
    return []


def test_the_draft_with_every_table_is_valid() -> None:
    assert problems(draft_to_toml(full_draft())) == []


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name or "top")
def test_a_key_the_schema_does_not_declare_is_refused_with_the_declared_ones_listed(table: Table) -> None:
    draft = full_draft()
    _, path, header = place(draft, table)
    text = draft_to_toml(draft).replace(header + "\n", f'{header}\nnot-declared = "x"\n', 1)
    found = problems(text)
    allowed = TOP_KEYS if table is TOP else table.names
    assert found == [(".".join(map(str, (*path, "not-declared"))),
                      f"unknown field; allowed here: {', '.join(sorted(allowed))}")]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name or "top")
def test_each_text_key_is_held_to_its_declared_length(table: Table) -> None:
    for key in table.of_kind(*TEXT_KINDS):
        for length, too_long in ((key.limit, False), (key.limit + 1, True)):
            draft = full_draft()
            holder, path, _ = place(draft, table)
            set_value(holder, key, "x" * length)
            field = ".".join(map(str, (*path, key.name)))
            messages = [message for where, message in problems(draft_to_toml(draft)) if where == field]
            assert any("too long" in m and f"at most {key.limit})" in m for m in messages) == too_long, field


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name or "top")
def test_the_draft_writes_and_reads_every_declared_text_key_under_its_name(table: Table) -> None:
    draft = full_draft()
    holder, path, _ = place(draft, table)
    keys = table.of_kind(*TEXT_KINDS)
    for key in keys:
        set_value(holder, key, f"Words for {key.name}")
    written = draft_to_toml(draft)
    data: Any = tomllib.loads(written)
    for part in path:
        data = data[part]
    again, _, _ = place(draft_from_text(written), table)
    for key in keys:
        assert data[key.name] == f"Words for {key.name}"
        value = again.values[key.name] if isinstance(again, ScorerDraft) else \
            getattr(again, "response" if key.name == "replacement" else key.name)
        assert value == f"Words for {key.name}"


def test_flags_and_choices_are_written_and_read_with_their_declared_defaults() -> None:
    draft = draft_from_text('schema = 1\n[after_crisis]\noffer_safety_plan = "maybe"\n[features]\n')
    assert draft.after_crisis.offer_safety_plan is AFTER_CRISIS["offer_safety_plan"].default
    assert draft.include_message_text is AUDIT["include_message_text"].default
    assert draft.features is not None and draft.features.memory is FEATURES["memory"].default
    assert draft.reply_style == ""  # absent: the validator's default applies, and nothing is written
    written = tomllib.loads(draft_to_toml(draft))
    assert "reply_style" not in written["assistant"]
    assert all(written["after_crisis"][key.name] is True for key in AFTER_CRISIS.of_kind("always"))
    assert written["assistant"]["ai_disclosure"] is True
