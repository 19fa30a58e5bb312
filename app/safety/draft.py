"""A guardrail profile as editable data, and back to TOML (plain Python: no Qt).

The clinician editor works on a `ProfileDraft`: every key of the schema (schema.py), as plain mutable
values, read from a profile's TOML source. `draft_to_toml` writes it back out as a readable profile file,
which `validate_profile_text` then judges — the validator stays the single authority on what is valid; this
module only translates. Which keys a table has, the order they are written in, and whether each is one line
or prose come from schema.py, so a key declared there is read and written here without a second list.

Drafts are read from the raw TOML (not the compiled Profile) because the Profile keeps no word lists and no
pattern text as written, and a clinician must see exactly what the file says (prose is shown as flowing
paragraphs, as the validator reads it, rather than with the file's line breaks).

Comments in a source file are not kept: a draft holds the profile's data, not its layout.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.safety.errors import Problem, ProfileError
from app.safety.profile import reflow
from app.safety.schema import (
    AFTER_CRISIS,
    ASSISTANT,
    AUDIT,
    CATEGORY_TABLES,
    EXAMPLE,
    FEATURES,
    RESOURCE,
    SCHEMA_VERSION,
    SCORER,
    TOP,
    Key,
    Table,
)

SECTIONS = tuple(CATEGORY_TABLES)  # "crisis", "scope", "output"
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_WIDTH = 110


@dataclass
class ResourceDraft:
    id: str = ""
    name: str = ""
    region: str = ""
    hours: str = ""
    phone: str = ""
    text: str = ""
    website: str = ""
    notes: str = ""


@dataclass
class NamedListDraft:
    """A rule (id -> patterns), an idiom exclusion (id -> patterns) or a word list (name -> entries)."""

    name: str = ""
    entries: list[str] = field(default_factory=list)


@dataclass
class CategoryDraft:
    """A crisis, scope or output category; `response` is the output section's replacement text."""

    kind: str  # "crisis" | "scope" | "output"
    id: str = ""
    name: str = ""
    response: str = ""
    action: str = "redirect"  # scope only
    resources: list[str] = field(default_factory=list)  # crisis only: help-line ids, in the order shown
    rules: list[NamedListDraft] = field(default_factory=list)


@dataclass
class ExampleDraft:
    """One [[assistant.examples]] exchange: a message and the reply the clinician wants the model to copy."""

    user: str = ""
    assistant: str = ""


@dataclass
class AfterCrisisDraft:
    offer_safety_plan: bool = True
    safety_plan_prompt: str = ""
    confirmation_prompt: str = ""
    confirm_label: str = ""
    holding_message: str = ""
    resume_message: str = ""
    check_in_message: str = ""


@dataclass
class FeaturesDraft:
    """[features]: what the CBT toolkit offers. `exercises` None means the key is absent (all of them)."""

    memory: bool = True
    exercises: list[str] | None = None


# The [scorer] keys in the order they are written; any other key found in a file is written after them.
SCORER_KEYS = tuple(key.name for key in SCORER.keys)


@dataclass
class ScorerDraft:
    """[scorer]: how the learned risk scores become verdicts. `values` holds the table's keys as written
    (numbers, or text read as prose); an absent key takes the validator's default, and a key this editor
    has no field for is written back unchanged, so saving never drops part of the table."""

    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class ProfileDraft:
    id: str = ""
    name: str = ""
    version: str = ""
    author: str = ""
    region: str = ""
    description: str = ""
    persona: str = ""
    system_prompt: str = ""
    disclaimer: str = ""
    ai_disclosure_text: str = ""
    reply_style: str = ""  # [assistant] reply_style; "" means the key is absent ("auto")
    examples: list[ExampleDraft] = field(default_factory=list)  # [[assistant.examples]], in order
    include_message_text: bool = False
    features: FeaturesDraft | None = None  # None: no [features] table (the defaults apply)
    scorer: ScorerDraft | None = None  # None: no [scorer] table (the default thresholds apply)
    after_crisis: AfterCrisisDraft = field(default_factory=AfterCrisisDraft)
    resources: list[ResourceDraft] = field(default_factory=list)
    lists: list[NamedListDraft] = field(default_factory=list)
    exclusions: list[NamedListDraft] = field(default_factory=list)
    crisis: list[CategoryDraft] = field(default_factory=list)
    scope: list[CategoryDraft] = field(default_factory=list)
    output: list[CategoryDraft] = field(default_factory=list)

    def categories(self, kind: str) -> list[CategoryDraft]:
        return {"crisis": self.crisis, "scope": self.scope, "output": self.output}[kind]


# ---- reading ---------------------------------------------------------------------------------------------

def draft_from_text(text: str, source: str = "<profile>") -> ProfileDraft:
    """Read a profile's TOML into a draft. Only TOML syntax errors raise (ProfileError, with the line);
    fields of the wrong type are read as empty, so the validator can name them once the draft is written."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        from app.safety import validate_profile_text

        validate_profile_text(text, source)  # raises the validator's own, line-numbered message
        raise ProfileError(source, [Problem("", None, "this is not valid TOML")]) from None
    assistant = _table(data.get("assistant"))
    draft = ProfileDraft(
        **_read(TOP, data), **_read(ASSISTANT, assistant), **_read(AUDIT, data.get("audit")),
        examples=[ExampleDraft(**_read(EXAMPLE, entry)) for entry in _list(assistant.get("examples"))],
        after_crisis=AfterCrisisDraft(**_read(AFTER_CRISIS, data.get("after_crisis"))),
    )
    if isinstance(data.get("features"), dict):
        table = data["features"]
        exercises = table.get("exercises")
        draft.features = FeaturesDraft(
            **_read(FEATURES, table),
            exercises=[e for e in exercises if isinstance(e, str)] if isinstance(exercises, list) else None,
        )
    if isinstance(data.get("scorer"), dict):
        draft.scorer = ScorerDraft({key: _prose(value) if isinstance(value, str) else value
                                    for key, value in data["scorer"].items()})
    for resource_id, raw in _table(data.get("resources")).items():
        draft.resources.append(ResourceDraft(resource_id, **_read(RESOURCE, raw)))
    draft.lists = _named_lists(data.get("lists"))
    draft.exclusions = _named_lists(data.get("exclusions"))
    for kind, schema in CATEGORY_TABLES.items():
        for category_id, raw in _table(data.get(kind)).items():
            entry = _table(raw)
            texts = _read(schema, entry)
            action = entry.get("action", "redirect")
            draft.categories(kind).append(CategoryDraft(
                kind=kind, id=category_id, name=texts["name"], response=texts[response_key(kind)],
                action=action if isinstance(action, str) else "redirect",
                resources=[ref for ref in _list(entry.get("resources")) if isinstance(ref, str)],
                rules=_named_lists(entry.get("rules")),
            ))
    return draft


def response_key(kind: str) -> str:
    """The key a category's fixed text is written under: "response", or "replacement" for a reply rule.
    CategoryDraft holds it as `response` either way."""
    return CATEGORY_TABLES[kind].of_kind("prose")[0].name


def _read(table: Table, value: Any) -> dict[str, Any]:
    """A table's text, flag and choice keys as a draft holds them. Text of the wrong type reads as empty and a
    flag that is not true or false as its default, so the validator can name them once the draft is written.
    An absent choice reads as "" (the validator's default applies)."""
    entry = _table(value)
    values: dict[str, Any] = {}
    for key in table.keys:
        raw = entry.get(key.name)
        if key.kind in ("line", "choice"):
            values[key.name] = _text(raw)
        elif key.kind == "prose":
            values[key.name] = _prose(raw)
        elif key.kind == "flag":
            values[key.name] = raw if isinstance(raw, bool) else key.default
    return values


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _prose(value: Any) -> str:
    """A field the validator reflows (hard-wrapped lines joined; paragraphs and list items kept), shown the
    same way: the form wraps text to its own width. Reflowing twice changes nothing, so the profile the
    validator builds from the written text is the one it built from the original."""
    return reflow(value) if isinstance(value, str) else ""


def _named_lists(value: Any) -> list[NamedListDraft]:
    return [NamedListDraft(name, [item for item in _list(entries) if isinstance(item, str)])
            for name, entries in _table(value).items()]


# ---- problems the TOML itself could not express -----------------------------------------------------------

def draft_problems(draft: ProfileDraft) -> list[Problem]:
    """Problems to fix before the draft can even be written as TOML: missing or repeated ids.

    Field paths follow the validator's ("resources.<id>.id"), so the editor shows both kinds alike."""
    problems: list[Problem] = []

    def unique(ids: Iterable[str], prefix: str, what: str) -> None:
        seen: set[str] = set()
        for item_id in ids:
            if not item_id.strip():
                problems.append(Problem(f"{prefix}.{item_id}.id", None, f"every {what} needs an id"))
            elif item_id in seen:
                problems.append(Problem(f"{prefix}.{item_id}.id", None,
                                        f"two {what}s have the id {item_id!r}; each needs its own"))
            seen.add(item_id)

    unique((r.id for r in draft.resources), "resources", "help line")
    unique((w.name for w in draft.lists), "lists", "word list")
    unique((e.name for e in draft.exclusions), "exclusions", "exclusion")
    for kind in SECTIONS:
        categories = draft.categories(kind)
        unique((c.id for c in categories), kind, "category")
        for category in categories:
            if category.id.strip():
                unique((r.name for r in category.rules), f"{kind}.{category.id}.rules", "rule")
    return problems


# ---- writing ---------------------------------------------------------------------------------------------

def draft_to_toml(draft: ProfileDraft) -> str:
    """The draft as a profile file a person can read and edit (schema = 1)."""
    out: list[str] = [
        f"# Confidant guardrail profile: {_one_line(draft.name) or 'untitled'}.",
        "# Written by Confidant's clinician editor. Schema and rule language: assets/profiles/SCHEMA.md.",
        "# Please check every help-line number for your region before using it.",
        "",
        f"schema = {SCHEMA_VERSION}",
    ]
    out += _write(TOP, draft)
    out += ["", "[assistant]", *_write(ASSISTANT, draft)]
    for example in draft.examples:
        out += ["", "[[assistant.examples]]", *_write(EXAMPLE, example)]
    out += ["", "[audit]", *_write(AUDIT, draft)]
    if draft.features is not None:
        out += ["", "[features]", *_write(FEATURES, draft.features)]
    if draft.scorer is not None:
        values = draft.scorer.values
        out += ["", "[scorer]"]
        out += [_value_pair(key, values[key]) for key in (*SCORER_KEYS, *sorted(set(values) - set(SCORER_KEYS)))
                if key in values]
    out += ["", "[after_crisis]", *_write(AFTER_CRISIS, draft.after_crisis)]
    for resource in draft.resources:
        out += ["", f"[resources.{_key(resource.id)}]", *_write(RESOURCE, resource)]
    if draft.lists:
        out += ["", "[lists]"]
        out += [_array_pair(item.name, item.entries) for item in draft.lists]
    if draft.exclusions:
        out += ["", "[exclusions]"]
        out += [_array_pair(item.name, item.entries) for item in draft.exclusions]
    for kind, schema in CATEGORY_TABLES.items():
        for category in draft.categories(kind):
            head = f"{kind}.{_key(category.id)}"
            out += ["", f"[{head}]", *_write(schema, category, head)]
    return "\n".join(out) + "\n"


def _write(table: Table, source: Any, head: str = "") -> list[str]:
    """`source`'s values for the table's keys, in the schema's order. A text key that may be left out is left
    out when empty; a key that must be true is written true. [[assistant.examples]] and [scorer] numbers are
    written by the caller."""
    lines: list[str] = []
    for key in table.keys:
        value = getattr(source, _attribute(key), None)
        if key.kind == "always":
            lines.append(f"{_key(key.name)} = true")
        elif key.kind == "flag":
            lines.append(f"{_key(key.name)} = {_bool(bool(value))}")
        elif key.kind in ("line", "prose", "choice"):
            if key.required or value.strip():
                lines.append(_pair(key.name, value))
        elif key.kind in ("ids", "exercises"):
            if value is not None:
                lines.append(_array_pair(key.name, value))
        elif key.kind == "rules":
            lines.append(f"[{head}.rules]")
            lines += [_array_pair(rule.name, rule.entries) for rule in value]
    return lines


def _attribute(key: Key) -> str:
    """The draft attribute holding a key: its own name, except a reply rule's replacement text (`response`)."""
    return "response" if key.name == "replacement" else key.name


def _value_pair(key: str, value: Any) -> str:
    """`key = value` for a number, a yes/no or text (what a [scorer] value can be)."""
    if isinstance(value, bool):
        return f"{_key(key)} = {_bool(value)}"
    if isinstance(value, int | float):
        return f"{_key(key)} = {value!r}"
    return _pair(key, str(value))


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _one_line(text: str) -> str:
    """Text safe inside a comment: one line, no control characters."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else _basic(name)


def _pair(key: str, value: str) -> str:
    return f"{_key(key)} = {_string(value)}"


def _array_pair(key: str, values: list[str]) -> str:
    """`key = ["a", "b"]`, wrapped into readable lines when long."""
    items = [_basic(value) for value in values]
    head = f"{_key(key)} = ["
    if len(head) + sum(len(item) + 2 for item in items) <= _WIDTH:
        return head + ", ".join(items) + "]"
    lines = [head]
    line = " "
    for item in items:
        if len(line) + len(item) + 2 > _WIDTH and line.strip():
            lines.append(line.rstrip())
            line = " "
        line += f" {item},"
    lines.append(line.rstrip())
    lines.append("]")
    return "\n".join(lines)


def _string(value: str) -> str:
    value = value.strip()
    return _multiline(value) if "\n" in value else _basic(value)


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if ord(char) < 0x20 or ord(char) == 0x7F:
        return f"\\u{ord(char):04X}"
    return char


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f]')


def _basic(value: str) -> str:
    """A one-line TOML basic string: every quote, backslash and control character escaped."""
    return '"' + _SPECIAL.sub(lambda match: _escape(match.group(0)), value) + '"'


_MULTILINE_SPECIAL = re.compile(r'"{2,}|"\Z|[\\\x00-\x08\x0b-\x1f\x7f]')


def _multiline(value: str) -> str:
    """A multi-line TOML basic string that reads like the text itself. Newlines and tabs stay literal; quotes
    are escaped only where they could close the string (two or more together, or one at the very end)."""
    def escape(match: re.Match[str]) -> str:
        found = match.group(0)
        return '\\"' * len(found) if found.startswith('"') else _escape(found)

    return '"""\n' + _MULTILINE_SPECIAL.sub(escape, value) + '"""'
