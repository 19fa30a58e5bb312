"""Where a profile problem belongs in the editor, and how to name that place for a clinician (plain Python).

The validator names a problem's field as a dotted TOML path ("crisis.suicide-self-harm.rules.plan.3").
The editor turns that into a `Location` (section, item, field, rule, index) to highlight and jump to, and
into words ("Crisis categories › Suicide and self-harm › Rules › plan › pattern 4") — line numbers of the
generated TOML would mean nothing to someone filling in a form. Section titles and field labels are the
schema's (schema.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.safety.draft import SECTIONS, ProfileDraft
from app.safety.errors import Problem
from app.safety.schema import AUDIT, TABLES, TOP, label

IDENTITY_FIELDS = tuple(key.name for key in TOP.keys)

# The editor's sections: the top-level keys with [audit] ("identity"), then one per table.
SECTION_TITLES = {"identity": TOP.title, **{table.name: table.title for table in TABLES}}
_TABLES_OF = {"identity": ("", AUDIT.name)}


@dataclass(frozen=True)
class Location:
    """A place in the editor. `item` is a help-line, category, exclusion or list id; `rule` a rule id."""

    section: str
    field: str | None = None
    item: str | None = None
    rule: str | None = None
    index: int | None = None

    @property
    def key(self) -> str:
        """The form field this points at: "name", "response", "rules", "entries"..."""
        return self.field or ""


def locate(path: str) -> Location:
    """The editor location of a validator field path (best effort; unknown paths land on their section)."""
    if not path:
        return Location("identity")
    parts = path.split(".")
    head = parts[0]
    if head in IDENTITY_FIELDS:
        return Location("identity", head)
    if head in ("assistant", "after_crisis"):
        return Location(head, parts[1] if len(parts) > 1 else None)
    if head == "scorer":
        return Location("scorer", parts[1] if len(parts) > 1 else None)
    if head == "features":
        return Location("features", parts[1] if len(parts) > 1 else None, index=_int(parts[2:3]))
    if head == "audit":
        return Location("identity", parts[1] if len(parts) > 1 else "include_message_text")
    if head == "resources":
        return Location("resources", parts[2] if len(parts) > 2 else None, parts[1] if len(parts) > 1 else None)
    if head in ("lists", "exclusions"):
        item = parts[1] if len(parts) > 1 else None
        if len(parts) > 2 and parts[2] == "id":
            return Location(head, "id", item)
        return Location(head, "entries" if item is not None else None, item, index=_int(parts[2:3]))
    if head in SECTIONS:
        if len(parts) == 1:
            return Location(head)
        item = parts[1]
        rest = parts[2:]
        if not rest:
            return Location(head, None, item)
        if rest[0] == "rules":
            if len(rest) == 1:
                return Location(head, "rules", item)
            if len(rest) > 2 and rest[2] == "id":
                return Location(head, "rule-id", item, rest[1])
            return Location(head, "rules", item, rest[1], _int(rest[2:3]))
        if rest[0] == "replacement":
            return Location(head, "response", item)
        return Location(head, rest[0], item, index=_int(rest[1:2]))
    return Location("identity")


def _int(parts: list[str]) -> int | None:
    return int(parts[0]) if parts and parts[0].isdigit() else None


def describe(problem: Problem, draft: ProfileDraft | None = None) -> str:
    """One problem in words: where it is, then what is wrong."""
    return f"{where(problem.field, draft)}: {problem.message}"


def where(path: str, draft: ProfileDraft | None = None) -> str:
    if not path:
        return "Profile"
    at = locate(path)
    parts = [SECTION_TITLES.get(at.section, at.section)]
    if at.item is not None:
        parts.append(_item_name(at, draft))
    if at.field == "rule-id" or (at.field == "rules" and at.rule is not None):
        parts += ["Rules", at.rule or "(no id)"]
        if at.field == "rule-id":
            parts.append("ID")
    elif at.field == "entries":
        pass
    elif at.field:
        field = "replacement" if at.section == "output" and at.field == "response" else at.field
        parts.append(label(field, *_TABLES_OF.get(at.section, (at.section,))))
    if at.index is not None:
        noun = "item" if at.field in ("resources", "exercises") else "entry" if at.section == "lists" else "pattern"
        parts.append(f"{noun} {at.index + 1}")
    return " › ".join(parts)


def _item_name(at: Location, draft: ProfileDraft | None) -> str:
    """A category's or help line's own name reads better than its id; fall back to the id."""
    if not at.item:
        return "(no id)"
    if draft is not None:
        if at.section in SECTIONS:
            found = next((c for c in draft.categories(at.section) if c.id == at.item), None)
            if found is not None and found.name.strip():
                return found.name.strip()
        if at.section == "resources":
            line = next((r for r in draft.resources if r.id == at.item), None)
            if line is not None and line.name.strip():
                return line.name.strip()
    return at.item
