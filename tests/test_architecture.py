"""The layering rules, checked on the source: Qt only in app/ui, no network code anywhere, core never
imports a front end."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
NETWORK_MODULES = {"socket", "ssl", "urllib", "http", "requests", "httpx", "aiohttp", "ftplib", "smtplib",
                   "websocket", "websockets", "asyncio.streams", "xmlrpc", "socketserver", "telnetlib"}
QT_MODULES = {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
FRONT_ENDS = {"app.ui", "app.cli"}
CORE = ("model", "chat", "storage", "safety", "cbt")


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def sources() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def _matches(module: str, names: set[str]) -> bool:
    return any(module == n or module.startswith(n + ".") for n in names)


def test_there_is_code_to_check() -> None:
    assert len(sources()) > 10


def test_no_module_in_app_imports_a_networking_library() -> None:
    offenders = {
        str(p.relative_to(APP)): m for p in sources() for m in imports(p) if _matches(m, NETWORK_MODULES)
    }
    assert offenders == {}


def test_qt_is_imported_only_in_app_ui() -> None:
    offenders = {
        str(p.relative_to(APP)): m
        for p in sources()
        if "ui" not in p.relative_to(APP).parts[:1]
        for m in imports(p)
        if _matches(m, QT_MODULES)
    }
    assert offenders == {}


def test_the_core_never_imports_a_front_end() -> None:
    offenders = {
        str(p.relative_to(APP)): m
        for p in sources()
        if p.relative_to(APP).parts[0] in CORE
        for m in imports(p)
        if _matches(m, FRONT_ENDS)
    }
    assert offenders == {}
