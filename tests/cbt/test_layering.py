"""The toolkit is core code: no Qt, no networking (checked for all of app/ by tests/test_architecture.py),
and it never imports a front end, so the GUI and the terminal can both drive it."""

from __future__ import annotations

from pathlib import Path

from tests.test_architecture import FRONT_ENDS, QT_MODULES, _matches, imports

CBT = Path(__file__).resolve().parents[2] / "app" / "cbt"


def test_the_toolkit_never_imports_a_front_end_or_qt() -> None:
    sources = sorted(CBT.glob("*.py"))
    assert len(sources) >= 8
    offenders = {p.name: m for p in sources for m in imports(p) if _matches(m, FRONT_ENDS | QT_MODULES)}
    assert offenders == {}
