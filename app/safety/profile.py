"""Guardrail profiles: what the assistant is, what it must never do, and how it answers a crisis.

A profile is a TOML file a clinician can read and edit (schema: assets/profiles/SCHEMA.md). It is data,
never code: rules are word patterns (patterns.py) that this module compiles itself. Validation is strict
and fails closed — an unknown field, an empty crisis response, a missing required crisis category, or an
attempt to switch off the AI disclosure makes the whole profile unusable, and the error names the field
and its line. Callers then fall back to the shipped default (see loading.py); there is never "no rails".
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from app.safety.errors import Problem, ProfileError
from app.safety.patterns import CompiledPattern, PatternError, check_word_list, compile_pattern, compile_rule
from app.safety.schema import (
    AFTER_CRISIS,
    ASSISTANT,
    AUDIT,
    CRISIS,
    EXAMPLE,
    EXERCISES,
    FEATURES,
    MAX_EXAMPLES,
    MAX_TEXT,
    OUTPUT,
    RESOURCE,
    SCHEMA_VERSION,
    SCOPE,
    SCORER,
    TEXT_KINDS,
    TOP,
    TOP_KEYS,
    Key,
    Table,
)
from app.safety.toml_lines import PathPart, line_of
from app.safety.verdict import Action, HelpResource

# Every profile must handle these crises; it may add more. Order here is only for messages.
REQUIRED_CRISIS = ("suicide-self-harm", "harm-to-others", "abuse-danger", "medical-emergency", "child-abuse",
                   "eating-disorder", "drugs-overdose")
# ...and must stop replies that do these.
REQUIRED_OUTPUT = ("self-harm-methods", "lethal-doses", "diagnosis", "medication-advice", "human-claims",
                   "unsafe-messaging")

MAX_RULES_PER_CATEGORY = 64
MAX_PATTERNS_PER_RULE = 400
MAX_PATTERNS = 6000
MAX_LISTS = 100
MAX_CATEGORIES = 40
MAX_RESOURCES = 60
# What a profile may cost (see patterns.py for the measures). Validation reads the file, the lists and the
# patterns in that order and stops at the first limit, so even the worst allowed profile validates in about
# a second and tens of megabytes; the shipped profiles use a fifth to a half of each.
MAX_PROFILE_BYTES = 512 * 1024  # refused before the TOML parser sees it
MAX_PROBLEMS = 50  # reported per validation
MAX_KEY_PARTS = 32  # tomllib takes quadratic time over a dotted key or [table.name]: 40 KB of them, 17 s
MAX_LIST_WORDS = 20_000  # all [lists] entries together (shipped: ~2,400)
MAX_PROFILE_SIZE = 200_000  # word tests in all compiled patterns, lists counted at each use (shipped: ~38,000)
# Word tests per word of a message, summed over patterns (the worst case, not the usual one). The crisis
# checks (exclusions, then crisis rules) run before anything else, so a crisis verdict only ever waits on them.
WORK_BUDGETS = {
    "crisis": ("the crisis checks (exclusions and crisis rules)", 100_000),  # shipped: ~26,000
    "input": ("the checks on each message (exclusions, crisis and scope rules)", 200_000),  # ~27,000
    "output": ("the checks on each reply sentence (output rules)", 500_000),  # ~208,000
}
_BUDGETS_OF = {"exclusions": ("crisis", "input"), "crisis": ("crisis", "input"), "scope": ("input",),
               "output": ("output",)}
# A chain of many dotted parts: a TOML key or table name far longer than any profile needs.
_LONG_KEY = re.compile(r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')"""
                       rf"""(?:[ \t]*+\.[ \t]*+(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')){{{MAX_KEY_PARTS},}}""")
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")

@dataclass(frozen=True)
class Rule:
    """A named set of patterns; `id` is "category.rule", which every verdict reports."""

    id: str
    patterns: tuple[CompiledPattern, ...]
    regex: re.Pattern[str] = field(compare=False, repr=False)

    def first_match(self, text: str) -> str | None:
        """The source of the first pattern that matches normalised `text` (for explanations)."""
        if not self.regex.search(text):
            return None
        for pattern in self.patterns:
            if re.search("(?<= )" + pattern.regex, text):
                return pattern.source
        return None


@dataclass(frozen=True)
class CrisisCategory:
    id: str
    name: str
    response: str
    resources: tuple[HelpResource, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class ScopeCategory:
    id: str
    name: str
    response: str
    action: Action
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class OutputCategory:
    id: str
    name: str
    replacement: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class AfterCrisis:
    """What happens once a crisis has been detected (fixed behaviour, clinician-written words)."""

    offer_safety_plan: bool
    safety_plan_prompt: str
    confirmation_prompt: str
    confirm_label: str
    holding_message: str
    resume_message: str
    check_in_message: str


DEFAULT_CHECK_IN_QUESTION = (
    "I want to ask you directly, because it matters: are you having thoughts of ending your life or of "
    "hurting yourself?")
DEFAULT_CHECK_IN_NO_RESPONSE = (
    "Thank you for telling me. I'm glad. If that changes, the help lines are always there for you, day or "
    "night. What would you like to talk about?")


@dataclass(frozen=True)
class ScorerSettings:
    """How the learned risk scorers' numbers turn into verdicts under this profile ([scorer]).

    A score at or above `crisis_threshold` is a crisis; at or above `check_in_threshold` the person is asked
    `check_in_question` directly, with the help lines. Risk that builds up also asks: when the scores of the
    last `build_up_messages` messages add up to `build_up_threshold`. Yes or not sure starts the crisis flow;
    no gets `check_in_no_response`. A reply sentence scoring at or above `output_threshold` is withheld."""

    crisis_threshold: float = 0.9
    check_in_threshold: float = 0.55
    build_up_messages: int = 4
    build_up_threshold: float = 2.0
    output_threshold: float = 0.95
    check_in_question: str = DEFAULT_CHECK_IN_QUESTION
    check_in_no_response: str = DEFAULT_CHECK_IN_NO_RESPONSE


@dataclass(frozen=True)
class Example:
    """One example exchange the clinician wrote ([[assistant.examples]]): small models copy the shape of
    what they are shown far better than they follow instructions."""

    user: str
    assistant: str


@dataclass(frozen=True)
class Features:
    """What the CBT toolkit offers under this profile ([features]; everything on when the table is absent)."""

    memory: bool = True  # the person's memory items go into the model's prompt
    exercises: tuple[str, ...] = tuple(EXERCISES)

    def offers(self, exercise_id: str) -> bool:
        return exercise_id in self.exercises


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    version: str
    author: str
    region: str
    description: str
    persona: str
    system_prompt_text: str
    disclaimer: str
    ai_disclosure: str
    include_message_text: bool
    after_crisis: AfterCrisis
    resources: tuple[HelpResource, ...]
    crisis: tuple[CrisisCategory, ...]
    scope: tuple[ScopeCategory, ...]
    output: tuple[OutputCategory, ...]
    exclusions: tuple[Rule, ...]
    vocabulary: frozenset[str] = field(repr=False)
    stems: frozenset[str] = field(repr=False)
    text: str = field(repr=False)  # the TOML source, copied into the encrypted store on install
    source: str = "<profile>"
    features: Features = Features()
    scorer: ScorerSettings = ScorerSettings()
    reply_style: str = "auto"  # [assistant] reply_style: "auto", "guided" or "free" (app/chat/style.py)
    examples: tuple[Example, ...] = ()  # [[assistant.examples]], shown to the model as earlier turns

    @property
    def check_in_message(self) -> str:
        return self.after_crisis.check_in_message

    def crisis_category(self, category_id: str) -> CrisisCategory | None:
        return next((c for c in self.crisis if c.id == category_id), None)

    def describe(self) -> str:
        """What this profile does, in plain words, for the person chatting (always readable)."""
        def names(items: Iterable[CrisisCategory | ScopeCategory | OutputCategory]) -> str:
            return _join([item.name[0].lower() + item.name[1:] for item in items])

        plan = ", you are offered your safety plan" if self.after_crisis.offer_safety_plan else ""
        lines = [
            f"Guardrail profile: {self.name} (version {self.version}, by {self.author}).",
            f"Made for: {self.region}.",
            "",
            self.description.strip(),
            "",
            "What it always does:",
            "- The assistant always tells you it is an AI — not a person, a therapist or a doctor.",
            f"- Every message you send is checked for signs of a crisis: {names(self.crisis)}.",
            "  If one is found, the AI is not asked to answer. You see a fixed message written for that "
            "situation, with help lines. The help lines stay on screen for the rest of the conversation"
            f"{plan}, and the AI only talks again after you confirm that you are safe. Your next "
            "conversation starts with a check-in.",
            "- When a message, or several in a row, sound as if things might be very hard, you are asked "
            "directly whether you are having thoughts of ending your life, with the help lines. If you answer "
            "yes or not sure, the steps above follow; if you answer no, the conversation carries on.",
        ]
        redirected = [s for s in self.scope if s.action is Action.REDIRECT]
        blocked = [s for s in self.scope if s.action is Action.BLOCK]
        if redirected:
            lines.append(f"- It does not handle these, and says who can help instead: {names(redirected)}.")
        if blocked:
            lines.append(f"- It will not talk about: {names(blocked)}.")
        lines.append("- Every reply is checked before you see it. A reply is stopped and replaced with a "
                     f"safe message if it strays into: {names(self.output)}.")
        stored = "together with the text of the message" if self.include_message_text \
            else "without the text of your messages"
        lines.append("- Guardrail events (when, which kind, which rule) are recorded in your encrypted data, "
                     f"{stored}.")
        offered = [EXERCISES[e] for e in self.features.exercises]
        lines.append(f"- Exercises offered: {_join(offered)}." if offered else "- No exercises are offered.")
        lines.append("- Memory: things you ask Confidant to remember are added to what the AI is told."
                     if self.features.memory else
                     "- Memory is switched off: nothing you ask Confidant to remember is given to the AI.")
        lines += ["", "Help lines in this profile:"]
        lines += [f"- {resource.line()}" for resource in self.resources]
        return "\n".join(lines)


def _join(items: list[str]) -> str:
    """Semicolons, since some names hold commas ("a doctor, therapist or lawyer")."""
    return "; ".join(items)


# ---- validation ----------------------------------------------------------------------------------------

class _Checker:
    """Walks the parsed TOML, collecting every problem (with its path) instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[tuple[tuple[PathPart, ...], str]] = []

    def problem(self, path: tuple[PathPart, ...], message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((path, message))
        elif len(self.problems) == MAX_PROBLEMS:  # each one's line is looked up in the whole file: stop here
            self.problems.append(((), f"there are more than {MAX_PROBLEMS} problems; fix these first"))

    def table(self, data: Any, path: tuple[PathPart, ...], required: bool = True) -> dict[str, Any] | None:
        if data is None:
            if required:
                self.problem(path, "this table is missing")
            return None
        if not isinstance(data, dict):
            self.problem(path, f"must be a table ([{'.'.join(map(str, path))}]), not {_kind(data)}")
            return None
        return data

    def unknown(self, data: Mapping[str, Any], allowed: AbstractSet[str], path: tuple[PathPart, ...]) -> None:
        for key in data:
            if key not in allowed:
                suggestion = _closest(key, allowed)
                hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
                self.problem((*path, key), f"unknown field{hint}; allowed here: {', '.join(sorted(allowed))}")

    def text(self, data: Mapping[str, Any], key: str, path: tuple[PathPart, ...], *, limit: int = MAX_TEXT,
             required: bool = True, one_line: bool = False) -> str:
        value = data.get(key)
        where = (*path, key)
        if value is None:
            if required:
                self.problem(where, "is missing")
            return ""
        if not isinstance(value, str):
            self.problem(where, f"must be text (in quotes), not {_kind(value)}")
            return ""
        if required and not value.strip():
            self.problem(where, "must not be empty")
            return ""
        if len(value) > limit:
            self.problem(where, f"is too long ({len(value)} characters; at most {limit})")
        if one_line and "\n" in value.strip():
            self.problem(where, "must fit on one line")
        return value.strip() if one_line else reflow(value)

    def value(self, data: Mapping[str, Any], key: Key, path: tuple[PathPart, ...]) -> str:
        """A text key, checked as the schema declares it (length, one line, required)."""
        return self.text(data, key.name, path, limit=key.limit, required=key.required, one_line=key.one_line)

    def boolean(self, data: Mapping[str, Any], key: str, path: tuple[PathPart, ...], default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem((*path, key), f"must be true or false, not {_kind(value)}")
            return default
        return value

    def must_be_true(self, data: Mapping[str, Any], key: str, path: tuple[PathPart, ...], why: str,
                     required: bool = False) -> None:
        if key not in data:
            if required:
                self.problem((*path, key), f"is missing; it must be `{key} = true` ({why})")
            return
        if data[key] is not True:
            self.problem((*path, key), f"cannot be turned off: it must be `{key} = true` ({why})")

    def ident(self, value: str, path: tuple[PathPart, ...]) -> bool:
        if not _ID.fullmatch(value):
            self.problem(path, f"{value!r} is not a valid id (lowercase letters, digits and '-', at most 48)")
            return False
        return True


_LIST_ITEM = re.compile(r"([-*•]|\d+[.)])\s")


def reflow(text: str) -> str:
    """Prose from a TOML file as flowing paragraphs. Clinicians hard-wrap long strings in their editor; the
    person should not see those breaks. Blank lines and list items keep theirs. Idempotent."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in (part.strip() for part in paragraph.splitlines()):
            if lines and line and not _LIST_ITEM.match(line):
                lines[-1] += " " + line
            elif line:
                lines.append(line)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(p for p in paragraphs if p)


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


def _closest(word: str, options: AbstractSet[str]) -> str | None:
    from difflib import get_close_matches

    found = get_close_matches(word, sorted(options), n=1, cutoff=0.75)
    return found[0] if found else None




def validate_profile_text(text: str, source: str = "<profile>") -> Profile:
    """Parse and validate a profile; returns it compiled, or raises ProfileError naming field and line."""
    if not isinstance(text, str):
        raise ProfileError(source, [Problem("", None, "the profile is not text")])
    if len(text) > MAX_PROFILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_PROFILE_BYTES:
        raise ProfileError(source, [Problem("", None, f"the profile is over {MAX_PROFILE_BYTES // 1024} KB; "
                                            "the shipped ones are about 110 KB")])
    long_key = _LONG_KEY.search(text)
    if long_key:
        line = text.count("\n", 0, long_key.start()) + 1
        raise ProfileError(source, [Problem("", line, f"a key or table name has more than {MAX_KEY_PARTS} "
                                            "dotted parts")])
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ProfileError(source, [Problem("", None, "this is not a usable profile: values are nested far "
                                            "too deeply")]) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(found.group(1)) if found else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) or "not valid TOML"
        column = f" (column {found.group(2)})" if found else ""
        problem = Problem("", line, f"this is not valid TOML: {message}{column}")
        raise ProfileError(source, [problem]) from None
    checker = _Checker()
    try:
        profile = _build(data, checker, text, source)
    except RecursionError:  # fail closed with a message, never a traceback
        raise ProfileError(source, [Problem("", None, "values are nested far too deeply")]) from None
    if checker.problems or profile is None:
        problems = [Problem(".".join(map(str, path)), line_of(text, path), message)
                    for path, message in checker.problems] or [Problem("", None, "the profile is incomplete")]
        raise ProfileError(source, problems)
    return profile


def _build(data: dict[str, Any], c: _Checker, text: str, source: str) -> Profile | None:
    c.unknown(data, TOP_KEYS, ())
    schema = data.get("schema")
    if schema is None:
        c.problem(("schema",), f"is missing; write `schema = {SCHEMA_VERSION}` at the top")
    elif schema != SCHEMA_VERSION or isinstance(schema, bool):
        c.problem(("schema",), f"this app reads profiles with `schema = {SCHEMA_VERSION}`, not {schema!r}")
    top = _plain_keys(data, TOP, (), c)
    if top["id"]:
        c.ident(top["id"], ("id",))

    assistant = c.table(data.get("assistant"), ("assistant",)) or {}
    c.unknown(assistant, ASSISTANT.names, ("assistant",))
    texts = _plain_keys(assistant, ASSISTANT, ("assistant",), c)
    reply_style = _reply_style(assistant, c)
    examples = _examples(assistant, c)

    audit = c.table(data.get("audit"), ("audit",), required=False) or {}
    c.unknown(audit, AUDIT.names, ("audit",))
    include_text = _plain_keys(audit, AUDIT, ("audit",), c)["include_message_text"]

    after = c.table(data.get("after_crisis"), ("after_crisis",)) or {}
    c.unknown(after, AFTER_CRISIS.names, ("after_crisis",))
    after_crisis = AfterCrisis(**_plain_keys(after, AFTER_CRISIS, ("after_crisis",), c))

    features = _features(data, c)
    scorer = _scorer(data, c)
    resources = _resources(data, c)
    lists = _lists(data, c)
    budget = _Budget()
    compile_ = _pattern_compiler(lists, c, budget)
    exclusions = _exclusions(data, c, compile_)
    crisis = _crisis(data, c, compile_, resources)
    scope = _scope(data, c, compile_)
    output = _output(data, c, compile_)
    if budget.patterns > MAX_PATTERNS:
        c.problem((), f"the profile has {budget.patterns} patterns; at most {MAX_PATTERNS} are allowed")
    budget.check(c)
    if c.problems:
        return None
    vocabulary: set[str] = set()
    stems: set[str] = set()
    for rule in [*exclusions, *(r for cat in (*crisis, *scope, *output) for r in cat.rules)]:
        for pattern in rule.patterns:
            vocabulary |= pattern.words
            stems |= pattern.stems
    return Profile(
        **top, persona=texts["persona"], system_prompt_text=texts["system_prompt"],
        disclaimer=texts["disclaimer"], ai_disclosure=texts["ai_disclosure_text"],
        include_message_text=include_text, after_crisis=after_crisis, resources=tuple(resources.values()),
        crisis=crisis, scope=scope, output=output, exclusions=exclusions, vocabulary=frozenset(vocabulary),
        stems=frozenset(stems), text=text, source=source, features=features,
        scorer=scorer, reply_style=reply_style, examples=examples,
    )


def _plain_keys(data: Mapping[str, Any], table: Table, path: tuple[PathPart, ...], c: _Checker) -> dict[str, Any]:
    """Check a table's text, flag and must-be-true keys, in the schema's order; the values by key name."""
    values: dict[str, Any] = {}
    for key in table.keys:
        if key.kind in TEXT_KINDS:
            values[key.name] = c.value(data, key, path)
        elif key.kind == "flag":
            values[key.name] = c.boolean(data, key.name, path, default=key.default)
        elif key.kind == "always":
            c.must_be_true(data, key.name, path, key.help, required=key.required)
    return values


def _scorer(data: dict[str, Any], c: _Checker) -> ScorerSettings:
    path: tuple[PathPart, ...] = ("scorer",)
    table = c.table(data.get("scorer"), path, required=False) or {}
    c.unknown(table, SCORER.names, path)
    default = ScorerSettings()

    values: dict[str, Any] = {}
    for key in SCORER.keys:  # every key may be left out: ScorerSettings has the default
        value = table.get(key.name, getattr(default, key.name))
        if key.kind in TEXT_KINDS:
            values[key.name] = c.text(table, key.name, path, limit=key.limit) if key.name in table else value
        elif key.kind == "whole" and (isinstance(value, bool) or not isinstance(value, int)
                                      or not key.low <= value <= key.high):
            c.problem((*path, key.name), f"must be a whole number from {key.low:g} to {key.high:g}, not {value!r}")
            values[key.name] = getattr(default, key.name)
        elif key.kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)
                                       or not key.low <= value <= key.high):
            c.problem((*path, key.name), f"must be a number from {key.low} to {key.high}, not {value!r}")
            values[key.name] = getattr(default, key.name)
        else:
            values[key.name] = float(value) if key.kind == "number" else value
    if values["check_in_threshold"] > values["crisis_threshold"]:
        c.problem((*path, "check_in_threshold"),
                  f"must not be above crisis_threshold ({values['crisis_threshold']})")
    return ScorerSettings(**values)


def _reply_style(assistant: dict[str, Any], c: _Checker) -> str:
    key = ASSISTANT["reply_style"]
    style = assistant.get(key.name, key.default)
    if style not in key.choices:
        choices = ", ".join(f'"{s}"' for s in key.choices)
        c.problem(("assistant", key.name), f"must be one of {choices}, not {style!r}")
        return key.default
    return style


def _examples(assistant: dict[str, Any], c: _Checker) -> tuple[Example, ...]:
    raw = assistant.get("examples", [])
    path: tuple[PathPart, ...] = ("assistant", "examples")
    if not isinstance(raw, list):
        c.problem(path, f"must be a list of [[assistant.examples]] tables, not {_kind(raw)}")
        return ()
    if len(raw) > MAX_EXAMPLES:
        c.problem(path, f"at most {MAX_EXAMPLES} examples (each one lengthens every prompt)")
    examples = []
    for index, item in enumerate(raw[:MAX_EXAMPLES]):
        entry = c.table(item, (*path, index))
        if entry is None:
            continue
        c.unknown(entry, EXAMPLE.names, (*path, index))
        example = Example(**_plain_keys(entry, EXAMPLE, (*path, index), c))
        if example.user and example.assistant:
            examples.append(example)
    return tuple(examples)


def _features(data: dict[str, Any], c: _Checker) -> Features:
    table = c.table(data.get("features"), ("features",), required=False) or {}
    c.unknown(table, FEATURES.names, ("features",))
    memory = _plain_keys(table, FEATURES, ("features",), c)["memory"]
    raw = table.get("exercises")
    if raw is None:
        return Features(memory, tuple(EXERCISES))
    known = ", ".join(f'"{e}"' for e in EXERCISES)
    if not isinstance(raw, list):
        c.problem(("features", "exercises"), f"must be a list of exercise ids (any of {known}), not {_kind(raw)}")
        return Features(memory, ())
    chosen: set[str] = set()
    for index, item in enumerate(raw):
        where = ("features", "exercises", index)
        if item == "safety-plan":
            c.problem(where, "the safety plan is not listed here: it is part of the crisis flow and always "
                      "available (after_crisis.offer_safety_plan decides whether it is offered after a crisis)")
        elif not isinstance(item, str) or item not in EXERCISES:
            suggestion = _closest(item, set(EXERCISES)) if isinstance(item, str) else None
            hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
            c.problem(where, f"{item!r} is not an exercise Confidant knows{hint}; choose from: {known}")
        elif item in chosen:
            c.problem(where, f"{item!r} is listed twice")
        else:
            chosen.add(item)
    return Features(memory, tuple(e for e in EXERCISES if e in chosen))


def _resources(data: dict[str, Any], c: _Checker) -> dict[str, HelpResource]:
    table = c.table(data.get("resources"), ("resources",)) or {}
    out: dict[str, HelpResource] = {}
    if len(table) > MAX_RESOURCES:
        c.problem(("resources",), f"at most {MAX_RESOURCES} resources")
    for resource_id, raw in table.items():
        path = ("resources", resource_id)
        entry = c.table(raw, path)
        if entry is None or not c.ident(resource_id, path):
            continue
        c.unknown(entry, RESOURCE.names, path)
        values = _plain_keys(entry, RESOURCE, path, c)
        if not values["phone"] and not values["text"]:
            c.problem(path, "needs a phone number (`phone`) or a text number (`text`), or both")
        optional = {key.name: values[key.name] or None for key in RESOURCE.keys if not key.required}
        out[resource_id] = HelpResource(id=resource_id, **{**values, **optional})
    if not out and not c.problems:
        c.problem(("resources",), "a profile needs at least one help resource")
    return out


def _lists(data: dict[str, Any], c: _Checker) -> dict[str, tuple[str, ...]]:
    table = c.table(data.get("lists"), ("lists",), required=False) or {}
    if len(table) > MAX_LISTS:
        c.problem(("lists",), f"at most {MAX_LISTS} word lists")
    out: dict[str, tuple[str, ...]] = {}
    words = 0
    for name, entries in table.items():
        if not isinstance(entries, list):
            c.problem(("lists", name), f"must be a list of words or phrases, not {_kind(entries)}")
            continue
        try:
            out[name] = check_word_list(name, entries)
        except PatternError as error:
            c.problem(("lists", name), str(error))
            continue
        words += sum(entry.count(" ") + 1 for entry in out[name])
        if words > MAX_LIST_WORDS:
            c.problem(("lists", name), f"the word lists hold more than {MAX_LIST_WORDS:,} words in all (up to "
                      "this list); every word is checked against every message")
            return {}
    return out


PatternCompiler = Callable[[Any, tuple[PathPart, ...], str], "Rule | None"]


@dataclass
class _Budget:
    """What the patterns compiled so far cost: their number, their size (memory, while compiling and after)
    and their worst-case word tests per word of a message on each path of WORK_BUDGETS (time per check)."""

    patterns: int = 0
    size: int = 0
    full: bool = False  # over MAX_PROFILE_SIZE: nothing more is compiled
    work: dict[str, int] = field(default_factory=dict)
    costliest: dict[str, tuple[int, tuple[PathPart, ...], str, CompiledPattern]] = field(default_factory=dict)

    def add(self, path: tuple[PathPart, ...], rule_id: str, patterns: list[CompiledPattern]) -> None:
        work = sum(p.work for p in patterns)
        for name in _BUDGETS_OF.get(str(path[0]), ()):
            self.work[name] = self.work.get(name, 0) + work
            if work > self.costliest.get(name, (-1,))[0]:
                self.costliest[name] = (work, path, rule_id, max(patterns, key=lambda p: p.work))

    def check(self, c: _Checker) -> None:
        for name, (label, limit) in WORK_BUDGETS.items():
            total = self.work.get(name, 0)
            if total > limit:
                work, path, rule_id, pattern = self.costliest[name]
                c.problem(path, f"{label} could take up to {total:,} word tests at each word of a message (at "
                          f"most {limit:,}); this rule, {rule_id}, costs the most ({work:,}). Simplify it "
                          f"first — its costliest pattern is {pattern.source!r} ({pattern.work:,}): overlapping "
                          "alternatives, optional [elements] and gaps in a row multiply one another")


def _pattern_compiler(lists: dict[str, tuple[str, ...]], c: _Checker, budget: _Budget) -> PatternCompiler:
    def compile_(raw: Any, path: tuple[PathPart, ...], rule_id: str) -> Rule | None:
        if not isinstance(raw, list) or not raw:
            c.problem(path, "must be a non-empty list of patterns, e.g. [\"kill myself\", \"end my life\"]")
            return None
        if len(raw) > MAX_PATTERNS_PER_RULE:
            c.problem(path, f"at most {MAX_PATTERNS_PER_RULE} patterns per rule")
            return None
        budget.patterns += len(raw)
        if budget.full or budget.patterns > MAX_PATTERNS:
            return None  # reported once, at the end or where the size ran out; compiling more only costs
        compiled: list[CompiledPattern] = []
        for index, pattern in enumerate(raw):
            try:
                compiled.append(compile_pattern(pattern, lists))
            except PatternError as error:
                c.problem((*path, index), str(error))
                continue
            budget.size += compiled[-1].size
            if budget.size > MAX_PROFILE_SIZE:
                c.problem((*path, index), f"the patterns up to here add up to more than {MAX_PROFILE_SIZE:,} "
                          "words (a list counts again each time a pattern uses it); use shorter lists, or "
                          "fewer patterns that use long ones")
                budget.full = True
                return None
        if len(compiled) != len(raw):
            return None
        budget.add(path, rule_id, compiled)
        try:
            regex = compile_rule(compiled)
        except (re.error, RecursionError, OverflowError) as error:  # pragma: no cover - grammar prevents it
            c.problem(path, f"these patterns cannot be compiled ({error})")
            return None
        return Rule(id=rule_id, patterns=tuple(compiled), regex=regex)

    return compile_


def _rules(entry: Mapping[str, Any], path: tuple[PathPart, ...], category: str, c: _Checker,
           compile_: PatternCompiler) -> tuple[Rule, ...]:
    rules_path = (*path, "rules")
    table = c.table(entry.get("rules"), rules_path)
    if not table:
        if table is not None:
            c.problem(rules_path, "needs at least one rule")
        return ()
    if len(table) > MAX_RULES_PER_CATEGORY:
        c.problem(rules_path, f"at most {MAX_RULES_PER_CATEGORY} rules per category")
    out = []
    for rule_name, patterns in table.items():
        if not c.ident(rule_name, (*rules_path, rule_name)):
            continue
        rule = compile_(patterns, (*rules_path, rule_name), f"{category}.{rule_name}")
        if rule:
            out.append(rule)
    return tuple(out)


def _categories(data: dict[str, Any], key: str, c: _Checker, required: tuple[str, ...]) \
        -> list[tuple[str, dict[str, Any], tuple[PathPart, ...]]]:
    table = c.table(data.get(key), (key,), required=bool(required)) or {}
    if len(table) > MAX_CATEGORIES:
        c.problem((key,), f"at most {MAX_CATEGORIES} categories")
    for needed in required:
        if needed not in table and isinstance(data.get(key), dict):
            c.problem((key,), f"the required category [{key}.{needed}] is missing (every profile must have: "
                      f"{', '.join(required)})")
    out = []
    for category_id, raw in table.items():
        path = (key, category_id)
        entry = c.table(raw, path)
        if entry is not None and c.ident(category_id, path):
            out.append((category_id, entry, path))
    return out


def _exclusions(data: dict[str, Any], c: _Checker, compile_: PatternCompiler) -> tuple[Rule, ...]:
    table = c.table(data.get("exclusions"), ("exclusions",), required=False) or {}
    out = []
    for name, patterns in table.items():
        if c.ident(name, ("exclusions", name)):
            rule = compile_(patterns, ("exclusions", name), f"exclusion.{name}")
            if rule:
                out.append(rule)
    return tuple(out)


def _crisis(data: dict[str, Any], c: _Checker, compile_: PatternCompiler,
            resources: dict[str, HelpResource]) -> tuple[CrisisCategory, ...]:
    out = []
    for category_id, entry, path in _categories(data, "crisis", c, REQUIRED_CRISIS):
        c.unknown(entry, CRISIS.names, path)
        texts = _plain_keys(entry, CRISIS, path, c)  # the response is required: a crisis always needs it
        refs = entry.get("resources")
        chosen: list[HelpResource] = []
        if not isinstance(refs, list) or not refs:
            c.problem((*path, "resources"), 'must list at least one help resource id, e.g. ["lifeline-988"]')
        else:
            for index, ref in enumerate(refs):
                if not isinstance(ref, str) or ref not in resources:
                    known = ", ".join(resources) or "none defined"
                    c.problem((*path, "resources", index), f"{ref!r} is not a resource under [resources] "
                              f"(defined: {known})")
                else:
                    chosen.append(resources[ref])
        rules = _rules(entry, path, category_id, c, compile_)
        out.append(CrisisCategory(category_id, texts["name"], texts["response"], tuple(chosen), rules))
    return tuple(out)


def _scope(data: dict[str, Any], c: _Checker, compile_: PatternCompiler) -> tuple[ScopeCategory, ...]:
    out = []
    for category_id, entry, path in _categories(data, "scope", c, ()):
        c.unknown(entry, SCOPE.names, path)
        key = SCOPE["action"]
        action_text = entry.get(key.name, key.default)
        action = Action(key.default)
        if action_text not in key.choices:
            c.problem((*path, key.name), f"must be \"redirect\" or \"block\", not {action_text!r}")
        else:
            action = Action(action_text)
        texts = _plain_keys(entry, SCOPE, path, c)
        out.append(ScopeCategory(category_id, texts["name"], texts["response"], action,
                                 _rules(entry, path, category_id, c, compile_)))
    return tuple(out)


def _output(data: dict[str, Any], c: _Checker, compile_: PatternCompiler) -> tuple[OutputCategory, ...]:
    out = []
    for category_id, entry, path in _categories(data, "output", c, REQUIRED_OUTPUT):
        c.unknown(entry, OUTPUT.names, path)
        texts = _plain_keys(entry, OUTPUT, path, c)
        out.append(OutputCategory(category_id, texts["name"], texts["replacement"],
                                  _rules(entry, path, category_id, c, compile_)))
    return tuple(out)
