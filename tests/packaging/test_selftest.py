"""`confidant --self-test` from the source tree: a real model, a real encrypted store, the real rails.

The same command runs inside the bundle in test_bundle.py. A bundle's layout is simulated here by setting
sys._MEIPASS (what PyInstaller sets, and all app.paths.bundle_root() reads) to a folder missing a piece.
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import sys
from pathlib import Path

from app.model.catalog import load_catalog
from tests.packaging.support import ROOT, Sandbox, all_files, run, source_command


def test_self_test_passes_and_names_the_model_profile_and_libraries(tmp_path: Path) -> None:
    sandbox = Sandbox.create(tmp_path)
    result = run(source_command("--self-test"), sandbox.env())
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    entry = load_catalog().default
    assert f"{entry.name}: {entry.file}, sha256 {entry.sha256[:12]}" in out
    assert str(ROOT / "models" / entry.file) in out  # the checkout's own model
    assert "profile    general-wellbeing " in out
    assert re.search(r"SQLCipher  4\.\d+\.\d+ community \(SQLite 3\.\d+\.\d+\)", out)
    assert f"llama-cpp-python {importlib.metadata.version('llama_cpp_python')}" in out
    assert re.search(r"reply      \d+ tokens from the model", out)
    assert "the model was not asked" in out and "self-test passed" in out
    assert result.stderr == ""
    # Throw-away means gone: nothing in the temp dir, nothing in the person's folders.
    assert all_files([sandbox.tmp, sandbox.home]) == []


def _fake_bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT / "assets", bundle / "assets")
    (bundle / "models").mkdir()
    shutil.copy(ROOT / "models" / "catalog.toml", bundle / "models")
    return bundle


def _self_test_in(bundle: Path, sandbox: Sandbox):
    code = (f"import sys; sys._MEIPASS = {str(bundle)!r}; from app.cli import main; "
            "raise SystemExit(main(['--self-test']))")
    return run([sys.executable, "-c", code], sandbox.env())


def test_a_bundle_without_its_model_fails_in_one_line(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path)
    result = _self_test_in(bundle, Sandbox.create(tmp_path / "run"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    missing = bundle / "models" / load_catalog().default.file
    assert result.stderr.strip() == f"confidant: self-test failed: the default model: {missing} is missing"


def test_a_damaged_model_is_caught_by_its_checksum_before_loading(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path)
    (bundle / "models" / load_catalog().default.file).write_bytes(b"GGUF" + b"\x00" * 4096)
    result = _self_test_in(bundle, Sandbox.create(tmp_path / "run"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "does not match its catalog sha256" in result.stderr
    assert "llama.cpp" not in result.stdout  # stopped before loading anything


def test_a_bundle_without_its_profiles_fails_rather_than_running_unguarded(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path)
    shutil.rmtree(bundle / "assets" / "profiles")
    (bundle / "models" / load_catalog().default.file).symlink_to(ROOT / "models" / load_catalog().default.file)
    result = _self_test_in(bundle, Sandbox.create(tmp_path / "run"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "self-test failed: the guardrail profile:" in result.stderr
