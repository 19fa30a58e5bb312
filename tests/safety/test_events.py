"""Every audit event the code can write has a label in words (app/safety/events.py), found by reading the
source for the calls that write one — so a new event cannot reach the audit list as a bare code."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from app.safety import Action
from app.safety.events import LABELS, SIDES, event_label, verdict_event

APP = Path(__file__).resolve().parents[2] / "app"
# The calls that write an event, and where their kind is: (positional index, keyword).
WRITERS = {"AuditRecord": (0, "kind"), "AuditEntry": (0, "kind"), "audit": (0, "kind"),
           "record_event": (1, "kind")}


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _kind_argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    found = next((k.value for k in call.keywords if k.arg == keyword), None)
    return found if found is not None else call.args[index] if len(call.args) > index else None


def _parameters(tree: ast.Module) -> dict[ast.AST, set[str]]:
    """For every node inside a function, that function's parameter names."""
    inside: dict[ast.AST, set[str]] = {}
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            names = {a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)}
            for node in ast.walk(function):
                inside.setdefault(node, set()).update(names)
    return inside


def written_kinds(literals: list[str] | None = None) -> tuple[set[str], list[str], int]:
    """(kinds written as literals or module constants, writes whose kind cannot be told, calls seen);
    `literals` collects where a kind is written as a bare string rather than events.py's constant."""
    kinds: set[str] = set()
    unclear: list[str] = []
    calls = 0
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_name = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
        parameters = _parameters(tree)
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            writer = WRITERS.get(_name(call.func) or "")
            if writer is None:
                continue
            argument = _kind_argument(call, *writer)
            if argument is None:
                continue
            calls += 1
            where = f"{path.relative_to(APP.parent)}:{call.lineno}"
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                kinds.add(argument.value)
                if literals is not None:
                    literals.append(f"{where}: {argument.value!r}")
            elif isinstance(argument, ast.Call) and _name(argument.func) == "verdict_event":
                continue  # every side and action is checked below
            elif isinstance(argument, ast.Attribute) and argument.attr == "kind":
                continue  # an event passed on (entry.kind), checked where it was made
            elif isinstance(argument, ast.Subscript):
                continue  # a row read back from the database (Store.audit_events), not a new event
            elif isinstance(argument, ast.Name) and argument.id in parameters.get(call, set()):
                continue  # a parameter passed on: its callers are checked
            elif isinstance(argument, ast.Name):
                value = getattr(importlib.import_module(module_name), argument.id, None)
                if isinstance(value, str):
                    kinds.add(value)
                else:
                    unclear.append(f"{where}: {argument.id}")
            else:
                unclear.append(f"{where}: {ast.unparse(argument)}")
    return kinds, unclear, calls


def test_every_event_kind_the_code_writes_has_a_label() -> None:
    kinds, unclear, calls = written_kinds()
    assert calls >= 10  # the scan really found the writers
    assert unclear == []  # a kind built some other way (an f-string, say) should use verdict_event
    assert {"safety.confirmed", "profile.lock-missing", "profile.pin-refused", "input.check-in-no"} <= kinds
    assert sorted(kind for kind in kinds if kind not in LABELS) == []


def test_every_event_is_written_by_its_constant_from_events_py() -> None:
    """A kind typed out where it is written ("safety.confirmed" in the session, "profile.pin-refused" in erase)
    can drift from events.py's list unseen; the constant cannot."""
    literals: list[str] = []
    written_kinds(literals)
    assert literals == []


@pytest.mark.parametrize("side", SIDES)
def test_every_verdict_event_has_a_label(side: str) -> None:
    for action in Action:
        if action is not Action.ALLOW:
            kind = verdict_event(side, action)
            assert kind in LABELS and event_label(kind) != kind


def test_a_verdict_on_an_unknown_side_is_refused_rather_than_written_unlabelled() -> None:
    with pytest.raises(ValueError):
        verdict_event("sidebar", Action.CRISIS)


def test_labels_are_words_and_an_unknown_kind_is_shown_as_it_is() -> None:
    assert event_label("safety.confirmed") == "Person confirmed they are safe"
    assert event_label("profile.lock-missing") == "Lock removed without the PIN"
    assert all(label[0].isupper() and "." not in label for label in LABELS.values())
    assert event_label("from.a-newer-version") == "from.a-newer-version"
