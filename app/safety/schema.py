"""The guardrail profile's schema, declared once: its tables, their keys, each key's kind and limits, and
the words a clinician sees for it.

Three readers share this declaration, so they cannot drift apart: the validator (profile.py) refuses unknown
keys and checks kinds and lengths from it; the clinician draft (draft.py) reads and writes the keys in this
order; and the editor's form takes its fields, labels and help from it. assets/profiles/SCHEMA.md describes
the same schema for people. Behaviour that is not a per-key check (required crisis categories, the rule
language, the cost budgets) stays in profile.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SCHEMA_VERSION = 1
MAX_TEXT = 8000
MAX_PROMPT = 20000

REPLY_STYLES = ("auto", "guided", "free")
SCOPE_ACTIONS = ("redirect", "block")

# The CBT toolkit's exercises a profile may offer (`[features] exercises`), in the order front ends list them.
# The safety plan is not among them: it is part of the crisis flow and always available.
EXERCISES: dict[str, str] = {
    "mood-check-in": "mood check-ins and the mood chart",
    "thought-record": "thought records",
    "distortions": "the guide to thinking traps",
    "behavioural-activation": "planning small activities",
    "breathing": "paced breathing",
    "psychoeducation": "short readings about anxiety, low mood, sleep, worry and CBT",
}

# What a key holds. "line": one line of text; "prose": text shown as flowing paragraphs (see reflow);
# "flag": true or false, else `default`; "always": must be true when present (the fixed safety behaviour);
# "choice": one of `choices`, else `default`; "number" / "whole": within [low, high]; "ids": help-line ids;
# "exercises": exercise ids; "examples": [[assistant.examples]] tables; "rules": a table of rules.
KINDS = ("line", "prose", "flag", "always", "choice", "number", "whole", "ids", "exercises", "examples", "rules")
TEXT_KINDS = ("line", "prose")


@dataclass(frozen=True)
class Key:
    """One key of a profile table."""

    name: str
    label: str  # the field's name in words, for forms and problem reports
    kind: str = "prose"
    limit: int = MAX_TEXT  # characters, for text
    required: bool = True
    help: str = ""  # what the field is for, in a clinician's words
    default: Any = None  # "flag" and "choice": the value of an absent (or, for a flag, non-boolean) key
    choices: tuple[str, ...] = ()
    low: float = 0.0  # "number" and "whole"
    high: float = 0.0

    @property
    def one_line(self) -> bool:
        return self.kind == "line"


@dataclass(frozen=True)
class Table:
    """A table of the profile ("" is the top level). `entries`: each key of the table is itself a table of
    these keys ([resources.<id>], [crisis.<id>]...)."""

    name: str
    title: str  # the section's name in words
    keys: tuple[Key, ...]
    entries: bool = False

    def __getitem__(self, name: str) -> Key:
        return next(key for key in self.keys if key.name == name)

    def __contains__(self, name: object) -> bool:
        return any(key.name == name for key in self.keys)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(key.name for key in self.keys)

    def of_kind(self, *kinds: str) -> tuple[Key, ...]:
        return tuple(key for key in self.keys if key.kind in kinds)


TOP = Table("", "About this profile", (
    Key("schema", "Schema version", "whole", low=SCHEMA_VERSION, high=SCHEMA_VERSION),
    Key("id", "ID", "line", 48, help="Lowercase letters, digits and '-', e.g. my-clinic-cbt"),
    Key("name", "Name", "line", 100, help="Shown to the person, one line"),
    Key("version", "Version", "line", 30, help="Your version of this profile, e.g. 1.2.0"),
    Key("author", "Author", "line", 200, help="Who wrote or reviewed it"),
    Key("region", "Region", "prose", 300, help="Where it is meant to be used, and which numbers are for where"),
    Key("description", "Description", help="A plain-words summary for the person chatting"),
))

ASSISTANT = Table("assistant", "Assistant", (
    Key("persona", "Persona", limit=MAX_PROMPT,
        help="Who the assistant is and how it talks (first part of the model's instructions)"),
    Key("system_prompt", "System prompt", limit=MAX_PROMPT,
        help="What it must and must not do (added after the persona)"),
    Key("disclaimer", "Disclaimer", help="Shown at the start of every conversation"),
    Key("ai_disclosure", "AI disclosure", "always", help="the assistant always says it is an AI"),
    Key("ai_disclosure_text", "AI disclosure text", help="How the model is told to say that it is an AI"),
    Key("reply_style", "Reply style", "choice", required=False, default="auto", choices=REPLY_STYLES,
        help="Guided: the model writes a one-sentence reflection, then a CBT question or small step from "
             "Confidant's material follows. Free: the model writes the whole reply. Automatic: guided for small "
             "models. A person's own setting comes first."),
    Key("examples", "Example exchanges", "examples", required=False,
        help="Exchanges the model is shown as earlier turns: small models copy what they are shown"),
))

EXAMPLE = Table("examples", "Example exchange", (
    Key("user", "Message", limit=600),
    Key("assistant", "Reply", limit=600),
))
MAX_EXAMPLES = 8

AUDIT = Table("audit", "Record keeping", (
    Key("include_message_text", "Record the message text with each guardrail event", "flag", required=False,
        default=False,
        help="Guardrail events (time, kind, category, rule) are always recorded in the person's encrypted "
             "data. Tick this only if the message text should be recorded with them."),
))

AFTER_CRISIS = Table("after_crisis", "After a crisis", (
    Key("pin_resources", "Keep the help lines on screen", "always", required=False,
        help="help lines stay on screen after a crisis"),
    Key("require_confirmation", "Wait for the person's confirmation", "always", required=False,
        help="the AI only resumes after the person confirms they are safe"),
    Key("offer_safety_plan", "Offer the person's safety plan", "flag", required=False, default=True,
        help="Offer the person's own safety plan after a crisis"),
    Key("safety_plan_prompt", "Safety plan offer", help="The words offering the safety plan"),
    Key("confirmation_prompt", "Confirmation prompt", help="Explains the confirmation button"),
    Key("confirm_label", "Confirmation button label", "line", 80, help="The button's label (one line)"),
    Key("holding_message", "Holding message", help="The reply to any message while waiting for confirmation"),
    Key("resume_message", "Resume message", help="Shown after the person confirms"),
    Key("check_in_message", "Check-in message", help="Opens the next conversation after a crisis"),
))

FEATURES = Table("features", "Exercises and memory", (
    Key("memory", "Memory", "flag", required=False, default=True,
        help="When off, nothing the person saved is added to the AI's prompt; they can still see and delete "
             "it"),
    Key("exercises", "Exercises", "exercises", required=False, choices=tuple(EXERCISES),
        help="The exercises offered; all of them when absent"),
))

SCORER = Table("scorer", "Risk scoring", (
    Key("crisis_threshold", "Crisis threshold", "number", required=False, low=0.05, high=1.0,
        help="A score at or above this gets the crisis response"),
    Key("check_in_threshold", "Check-in threshold", "number", required=False, low=0.05, high=1.0,
        help="A score at or above this (and below the crisis threshold) gets the check-in question"),
    Key("build_up_messages", "Messages to add up", "whole", required=False, low=2, high=20,
        help="How many of the latest messages are added up"),
    Key("build_up_threshold", "Build-up threshold", "number", required=False, low=0.1, high=20.0,
        help="When their scores add up to this, the person is asked the check-in question"),
    Key("output_threshold", "Reply threshold", "number", required=False, low=0.05, high=1.0,
        help="A reply sentence scoring at or above this is withheld and the replacement text shown"),
    Key("check_in_question", "Check-in question", required=False, limit=600,
        help="Asked directly, with the help lines, when a message scores in the check-in band"),
    Key("check_in_no_response", "Reply to \"No\"", required=False, limit=1000,
        help="The reply when the person answers \"No\" to the check-in question"),
))

RESOURCE = Table("resources", "Help lines", (
    Key("name", "Name", "line", 120, help="The service's name"),
    Key("region", "Region", "line", 120, help="Where it works, e.g. UK and Ireland"),
    Key("phone", "Phone", "line", 60, required=False,
        help="The number to call (a phone or a text number is needed, or both)"),
    Key("text", "Text", "line", 120, required=False, help="How to text it, e.g. text HOME to 741741"),
    Key("hours", "Hours", "line", 160, help="When it is open, e.g. 24/7"),
    Key("website", "Website", "line", 200, required=False, help="Shown as text only: Confidant never goes online"),
    Key("notes", "Notes", "prose", 400, required=False, help="e.g. numbers for other nations"),
), entries=True)

_NAME = Key("name", "Name", "line", 100, help="Plain words, shown to the person")
_RULES = Key("rules", "Rules", "rules",
             help="Each rule is a list of patterns in the rule language (see SCHEMA.md); it fires when any of "
                  "them matches")

CRISIS = Table("crisis", "Crisis categories", (
    _NAME,
    Key("resources", "Help lines", "ids", help="The help lines shown with the response, in this order"),
    Key("response", "Response", help="The fixed reply shown instead of the model, with the chosen help lines. "
        "The model is never asked to improvise in a crisis."),
    _RULES,
), entries=True)

SCOPE = Table("scope", "Topics it does not handle", (
    _NAME,
    Key("action", "Action", "choice", required=False, default="redirect", choices=SCOPE_ACTIONS,
        help="What happens to a message on this topic"),
    Key("response", "Response", help="The redirect message shown instead of a model reply"),
    _RULES,
), entries=True)

OUTPUT = Table("output", "Reply rules", (
    _NAME,
    Key("replacement", "Replacement text", help="Shown and stored instead of a reply that breaks these rules"),
    _RULES,
), entries=True)

# Tables whose keys are names the profile chooses: [lists] word lists and [exclusions] idiom patterns.
LISTS = Table("lists", "Word lists", ())
EXCLUSIONS = Table("exclusions", "Idiom exclusions", ())

# Every table under the top level, in the order a profile file is written.
TABLES: tuple[Table, ...] = (ASSISTANT, AUDIT, FEATURES, SCORER, AFTER_CRISIS, RESOURCE, LISTS, EXCLUSIONS,
                             CRISIS, SCOPE, OUTPUT)
CATEGORY_TABLES = {"crisis": CRISIS, "scope": SCOPE, "output": OUTPUT}
TOP_KEYS = TOP.names | {table.name for table in TABLES}


def table(name: str) -> Table:
    """A table by its name ("" is the top level)."""
    return TOP if name == "" else next(t for t in TABLES if t.name == name)


def label(field: str, *tables: str) -> str:
    """A key's label, looked up in `tables` first (the same name can mean different things), then anywhere;
    an unknown key is its own label."""
    for candidate in (*(table(name) for name in tables), TOP, *TABLES):
        if field in candidate:
            return candidate[field].label
    return field
