"""The built one-folder bundle (packaging/confidant.spec): it runs its self-test, opens its window and quits,
holds a whole session offline, keeps the person's data (and every trace of what they wrote) outside itself,
and contains what it should — and nothing network-shaped.

Every run of the frozen app is under the OS-level guards of netguard.py (a network namespace where
permitted, and the seccomp filter that kills the process on any internet socket); the Python audit hook
cannot be armed inside a frozen app, and is not needed for what the kernel already enforces.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from app.model.catalog import load_catalog
from app.storage import Store
from tests.packaging.conftest import executable
from tests.packaging.netguard import isolated
from tests.packaging.support import Sandbox, all_files, files_containing, run

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import bundle_contents  # the spec's own keep/drop rules

SIZE_LIMIT = 450_000_000
CANARY = "Pangolin-saffron-9052"
# Libraries the bundle takes from the system on purpose: the graphics driver stack (PyInstaller never bundles
# it: it must match the machine's GPU driver) and Wayland's client libraries (present wherever Wayland is).
SYSTEM_LIBRARIES = ("libGL", "libEGL", "libOpenGL", "libGLX", "libGLdispatch", "libvulkan", "libwayland-",
                    "libdrm", "libgbm")


def internal(bundle: Path) -> Path:
    return bundle / "_internal"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


def test_the_bundle_passes_its_self_test_offline_using_its_own_model(bundle: Path, tmp_path: Path) -> None:
    sandbox = Sandbox.create(tmp_path)
    result = run(isolated([str(executable(bundle)), "--self-test"]), sandbox.env())
    assert result.returncode == 0, result.stdout + result.stderr
    model = internal(bundle) / "models" / load_catalog().default.file
    assert f"\n             {model}\n" in result.stdout  # found inside the bundle, not in a checkout
    for label in ("profile    general-wellbeing", "SQLCipher  4.", "llama.cpp  ", "Qt         PySide6 6."):
        assert label in result.stdout
    assert "self-test passed" in result.stdout
    assert all_files([sandbox.home, sandbox.tmp]) == []


def test_the_bundle_opens_its_window_offscreen_and_quits_cleanly(bundle: Path, tmp_path: Path) -> None:
    sandbox = Sandbox.create(tmp_path)
    result = run(isolated([str(executable(bundle))]), sandbox.env(CONFIDANT_QUIT_AFTER_SHOWN="1"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "qt.qpa.plugin" not in result.stderr
    assert not sandbox.data_dir.exists()  # showing the welcome page creates nothing


def test_a_session_in_the_bundle_keeps_all_data_outside_it_and_no_plaintext_anywhere(
        bundle: Path, tmp_path: Path) -> None:
    """First run, a reply, a crisis and an export, offline, with HOME somewhere fresh and CONFIDANT_HOME unset:
    the history lands in platformdirs' data dir, not one file inside the bundle is added or changed, and the
    canary is in no file under HOME, TMPDIR or the bundle, nor in any log."""
    sandbox = Sandbox.create(tmp_path / "s")
    env = sandbox.env()
    before = snapshot(bundle)
    program = str(executable(bundle))
    chat = run(isolated([program, "chat", "--temperature", "0", "--max-tokens", "12"]), env,
               stdin=f"Please remember {CANARY} for me.\nI feel like I want to end my life.\n")
    assert chat.returncode == 0, chat.stderr
    assert "988" in chat.stdout
    assert Store.exists(sandbox.data_dir)
    export = tmp_path / "export.json"
    exported = run(isolated([program, "history", "export", "--out", str(export)]), env)
    assert exported.returncode == 0, exported.stderr
    messages = json.loads(export.read_text(encoding="utf-8"))["conversations"][0]["messages"]
    assert CANARY in messages[0]["content"] and messages[3]["flags"][0].startswith("crisis:")
    gui = run(isolated([program]), sandbox.env(CONFIDANT_QUIT_AFTER_SHOWN="1"))  # the unlock page this time
    assert gui.returncode == 0, gui.stderr

    assert snapshot(bundle) == before
    assert files_containing([sandbox.home, sandbox.tmp, bundle], CANARY) == []
    assert all(CANARY not in result.stderr for result in (chat, exported, gui))


def _frozen_modules(bundle: Path) -> set[str]:
    from PyInstaller.archive.readers import CArchiveReader, ZlibArchiveReader

    archive = CArchiveReader(str(executable(bundle)))
    with tempfile.TemporaryDirectory() as folder:
        pyz = Path(folder) / "PYZ.pyz"
        pyz.write_bytes(archive.extract("PYZ.pyz"))
        return set(ZlibArchiveReader(str(pyz)).toc)


def test_the_bundle_holds_what_confidant_needs_and_nothing_network_shaped(bundle: Path) -> None:
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < SIZE_LIMIT, f"{size / 1e6:.0f} MB"
    inside = internal(bundle)
    assert (inside / "models" / "catalog.toml").is_file()
    assert (inside / "models" / load_catalog().default.file).stat().st_size == load_catalog().default.size
    assert (inside / "assets" / "profiles" / "general-wellbeing.toml").is_file()
    assert (inside / "assets" / "icons" / "confidant-256.png").is_file()
    assert (inside / "llama_cpp" / "lib" / "libllama.so").is_file()
    assert not list((inside / "llama_cpp" / "lib").glob("*mtmd*"))

    plugins = {f"{p.parent.name}/{bundle_contents.plugin_name(p.name)}"
               for p in (inside / "PySide6" / "Qt" / "plugins").rglob("*.so")}
    assert {"platforms/qoffscreen", "platforms/qxcb", "platforms/qwayland"} <= plugins
    for plugin in plugins:
        folder, name = plugin.split("/")
        allowed = bundle_contents.QT_PLUGINS[folder]
        assert allowed is None or name in allowed, plugin
    assert not (inside / "PySide6" / "Qt" / "translations").exists()
    # Licence texts (licenses/, e.g. Debian's libssl3.copyright for the libcrypto we ship) are not code.
    files = {p.name for p in inside.rglob("*") if "licenses" not in p.relative_to(inside).parts}
    assert not {"libQt6Network.so.6", "QtNetwork.abi3.so", "libQt6Qml.so.6", "libQt6Quick.so.6"} & files
    assert not [name for name in files if name.startswith(("_ssl.", "libssl"))]

    modules = _frozen_modules(bundle)
    assert {"app.selftest", "app.ui.main_window", "app.storage.store", "llama_cpp.llama"} <= modules
    assert not {"ssl", "http.client", "urllib.request", "asyncio", "xmlrpc.client", "PySide6.QtNetwork",
                "llama_cpp.server"} & modules


def test_every_shared_library_in_the_bundle_finds_its_dependencies(bundle: Path) -> None:
    """Nothing is missing except the system graphics stack, which the bundle deliberately takes from the
    machine it runs on."""
    inside = internal(bundle)
    missing = {}
    for library in sorted(p for p in inside.rglob("*.so*") if p.is_file() and not p.is_symlink()):
        result = subprocess.run(["ldd", str(library)], capture_output=True, text=True,
                                env={"LD_LIBRARY_PATH": str(inside), "PATH": "/usr/bin:/bin"})
        lost = [line.split()[0] for line in result.stdout.splitlines() if "not found" in line]
        lost = [name for name in lost if not name.startswith(SYSTEM_LIBRARIES)]
        if lost:
            missing[str(library.relative_to(inside))] = lost
    assert missing == {}
