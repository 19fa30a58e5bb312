"""The built bundle, once per test session.

Reuses CONFIDANT_BUNDLE_DIR if set (a bundle built elsewhere, e.g. `packaging/build.py`), else dist/confidant
if it is newer than every file that goes into it, else builds one into a temp dir with packaging/build.py —
about half a minute on the 2-core development machine, so the bundle tests run in CI with the rest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.packaging.support import ROOT

BUILD_INPUTS = ("app", "assets", "models/catalog.toml", "packaging/confidant.spec", "packaging/bundle_contents.py",
                "pyproject.toml")


def executable(bundle: Path) -> Path:
    return bundle / ("confidant.exe" if os.name == "nt" else "confidant")


def newest_input() -> float:
    newest = 0.0
    for name in BUILD_INPUTS:
        path = ROOT / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in
                                               p.parts]
        newest = max([newest, *(p.stat().st_mtime for p in files)])
    return newest


def _fresh(bundle: Path) -> bool:
    program = executable(bundle)
    return program.exists() and program.stat().st_mtime > newest_input()


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if given := os.environ.get("CONFIDANT_BUNDLE_DIR"):
        return Path(given).resolve()
    if _fresh(ROOT / "dist" / "confidant"):
        return ROOT / "dist" / "confidant"
    out = tmp_path_factory.mktemp("bundle")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "packaging/build.py", "--dist", str(out / "dist"), "--work", str(out / "work"),
         "--no-archive", "--no-self-test"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    if result.returncode != 0:
        pytest.fail(f"building the bundle failed:\n{result.stdout[-3000:]}{result.stderr[-5000:]}")
    print(f"\n[bundle built in {time.perf_counter() - started:.0f} s]", file=sys.stderr)
    shutil.rmtree(out / "work", ignore_errors=True)
    return out / "dist" / "confidant"
