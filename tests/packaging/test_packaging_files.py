"""The files around the bundle: the icon set, the desktop entry, the Linux archive and its install script, and
the spec's keep/drop rules on the paths Windows and macOS builds produce (CI builds Linux only), the licences
the bundle carries, and the release workflow for the other two systems."""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.packaging.support import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import bundle_contents
import make_icons

_spec = importlib.util.spec_from_file_location("confidant_build", ROOT / "packaging" / "build.py")
build = importlib.util.module_from_spec(_spec)  # packaging/build.py, under a name no other package has
_spec.loader.exec_module(build)

ICONS = ROOT / "assets" / "icons"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_icon_set_is_complete_and_regenerates_from_its_script(tmp_path: Path) -> None:
    for size in make_icons.SIZES:
        assert png_size((ICONS / f"confidant-{size}.png").read_bytes()) == (size, size)
    svg = ElementTree.parse(ICONS / "confidant.svg").getroot()
    assert svg.get("viewBox") == "0 0 256 256"

    ico = (ICONS / "confidant.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.SIZES))
    for index in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * index: 22 + 16 * index])
        assert png_size(ico[offset:offset + length])[0] == (width or 256)
    icns = (ICONS / "confidant.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)

    make_icons.write_icons(tmp_path)
    assert (tmp_path / "confidant.svg").read_text() == (ICONS / "confidant.svg").read_text()
    for size in make_icons.SIZES:
        assert png_size((tmp_path / f"confidant-{size}.png").read_bytes()) == (size, size)


def test_the_desktop_entry_launches_the_gui_with_the_icon() -> None:
    path = ROOT / "packaging" / "confidant.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(path, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == "Confidant"
    assert desktop["Exec"] == "confidant gui" and desktop["Icon"] == "confidant"
    assert desktop["Terminal"] == "false" and desktop["Categories"].endswith(";")
    if validator := shutil.which("desktop-file-validate"):
        result = subprocess.run([validator, str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and result.stdout == "", result.stdout


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The Linux archive, made by build.py's own code around a small stand-in for the bundle folder (the
    real bundle is tested in test_bundle.py; compressing 300 MB here would only cost time)."""
    folder = tmp_path / "dist" / "confidant"
    (folder / "_internal").mkdir(parents=True)
    program = folder / "confidant"
    program.write_text("#!/bin/sh\necho Confidant stand-in\n")
    program.chmod(0o755)
    return build.archive(tmp_path / "dist", folder)


def test_the_linux_archive_holds_the_folder_desktop_entry_icons_and_installer(archive: Path) -> None:
    top = f"confidant-{build.version()}-linux-{os.uname().machine}"
    assert archive.name == f"{top}.tar.gz"
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        assert tar.getmember(f"{top}/install.sh").mode & 0o111
    assert {f"{top}/confidant/confidant", f"{top}/confidant/_internal", f"{top}/confidant.desktop",
            f"{top}/install.sh", f"{top}/icons/confidant.svg"} <= names
    assert {f"{top}/icons/confidant-{size}.png" for size in make_icons.SIZES} <= names


def test_install_script_installs_for_the_user_and_removes_again(archive: Path, tmp_path: Path) -> None:
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    subprocess.run(["sh", str(unpacked / "install.sh")], check=True, env=env, capture_output=True)
    opt = home / ".local" / "opt" / "confidant"
    assert (home / ".local" / "bin" / "confidant").resolve() == opt / "confidant"
    desktop = (home / ".local" / "share" / "applications" / "confidant.desktop").read_text()
    assert f"Exec={opt}/confidant gui" in desktop.splitlines()
    assert (home / ".local" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "confidant.png").is_file()
    run = subprocess.run([str(home / ".local" / "bin" / "confidant")], capture_output=True, text=True)
    assert run.stdout == "Confidant stand-in\n"

    history = home / ".local" / "share" / "Confidant" / "history.db"
    history.parent.mkdir(parents=True)
    history.write_bytes(b"encrypted")
    subprocess.run(["sh", str(unpacked / "install.sh"), "--remove"], check=True, env=env, capture_output=True)
    assert not opt.exists() and not (home / ".local" / "bin" / "confidant").exists()
    assert not (home / ".local" / "share" / "applications" / "confidant.desktop").exists()
    assert history.read_bytes() == b"encrypted"  # the person's history is never the installer's to remove


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6\\Qt\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("PySide6\\Qt\\plugins\\tls\\qopensslbackend.dll", False),
    ("PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so", False),
    ("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("llama_cpp/lib/libllama.so", True),
    ("models/catalog.toml", True),
])
def test_the_bundle_rules_keep_only_the_qt_plugins_confidant_uses_on_every_platform(dest: str, kept: bool) -> None:
    assert bundle_contents.keep(dest) is kept


# ---- licences --------------------------------------------------------------------------------------------

NOTICES = ROOT / "packaging" / "THIRD_PARTY_NOTICES.md"


def distribution_key(name: str) -> str:
    """PEP 503 normalisation, so "PySide6-Essentials" and "PySide6_Essentials" compare equal."""
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_dependencies() -> list[str]:
    requirements = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return [re.match(r"[A-Za-z0-9._-]+", requirement).group(0) for requirement in requirements]


def test_the_project_is_apache_licensed_in_its_metadata_and_licence_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0" and project["license-files"] == ["LICENSE"]
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]  # PEP 639: not beside an SPDX id
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text and "END OF TERMS AND CONDITIONS" in text


def test_the_notices_name_every_runtime_dependency_and_every_bundled_package() -> None:
    raw = NOTICES.read_text(encoding="utf-8")
    text = distribution_key(raw)
    dependencies = runtime_dependencies()
    assert len(dependencies) >= 6
    for name in [*dependencies, *bundle_contents.BUNDLED_DISTRIBUTIONS]:
        assert distribution_key(name) in text, f"{name} is not in {NOTICES.name}"
    # Every runtime dependency ships in the bundle, so its licence file is collected too.
    assert {distribution_key(d) for d in dependencies} <= {distribution_key(d)
                                                           for d in bundle_contents.BUNDLED_DISTRIBUTIONS}
    for component in ("SQLCipher", "ZETETIC LLC", "OpenSSL", "Apache-2.0", "llama.cpp", "The ggml authors",
                      "LGPL-3.0", "one-folder", "SmolLM2-135M-Instruct", "CC-BY-4.0", "DICES"):
        assert component in raw, component


def test_the_bundle_collects_the_licence_notices_gnu_texts_and_each_package_licence() -> None:
    spec = (ROOT / "packaging" / "confidant.spec").read_text(encoding="utf-8")
    assert "*contents.licence_files(ROOT)" in spec  # inside the spec's datas
    collected = bundle_contents.licence_files(ROOT)
    sources = {Path(source).resolve(): folder for source, folder in collected}
    for own in ("LICENSE", "packaging/THIRD_PARTY_NOTICES.md", "packaging/licenses/LGPL-3.0.txt",
                "packaging/licenses/GPL-3.0.txt"):
        assert sources[(ROOT / own).resolve()] == "licenses"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (ROOT / "packaging/licenses/LGPL-3.0.txt").read_text()
    assert all(Path(source).is_file() for source, _ in collected)
    folders = {folder for _, folder in collected}
    ship_no_licence_file = {"PySide6_Essentials", "shiboken6"}  # covered by the LGPL-3.0 text
    for name in set(bundle_contents.BUNDLED_DISTRIBUTIONS) - ship_no_licence_file:
        assert f"licenses/{name}" in folders, name
    # The spec's keep/drop rules leave the licences alone.
    assert all(bundle_contents.keep(f"{folder}/{Path(source).name}") for source, folder in collected)


# ---- the release workflow (runs on GitHub only; here we check it is well formed) ---------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def test_the_release_workflow_builds_and_self_tests_on_linux_windows_and_macos() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    try:
        import yaml
    except ImportError:  # no new dependency for this: check the text instead
        for needed in ("ubuntu-latest", "windows-latest", "macos-latest", "--self-test", "packaging/dev.py setup",
                       "packaging/dev.py bundle", '"3.11"'):
            assert needed in text, needed
        return
    workflow = yaml.safe_load(text)
    job = workflow["jobs"]["bundle"]
    assert job["strategy"]["matrix"]["os"] == ["ubuntu-latest", "windows-latest", "macos-latest"]
    steps = job["steps"]
    assert any(s.get("uses", "").startswith("actions/setup-python") and s["with"]["python-version"] == "3.11"
               for s in steps)
    commands = [s["run"] for s in steps if "run" in s]
    # The Linux steps, in order: set up, bundle, then the bundle's own self-test.
    order = [next(i for i, c in enumerate(commands) if c.strip() == wanted)
             for wanted in ("python packaging/dev.py setup", "python packaging/dev.py bundle",
                            "dist/confidant/confidant --self-test")]
    assert order == sorted(order)
    # The Linux system packages come from dev.py's own list, so the two cannot drift apart.
    assert any("dev.SYSTEM_PACKAGES" in c for c in commands)


@pytest.mark.skipif(not shutil.which("dpkg-query") or not shutil.which("ldd"), reason="Debian/Ubuntu only")
def test_the_linux_bundle_carries_the_copyright_file_of_each_system_library_it_copies() -> None:
    pyside = importlib.util.find_spec("PySide6")  # Qt's GUI library: a real one with many system dependencies
    library = Path(next(iter(pyside.submodule_search_locations))) / "Qt" / "lib" / "libQt6Gui.so.6"
    linked = [line.split("=> ")[1].split(" (")[0]
              for line in subprocess.run(["ldd", str(library)], capture_output=True, text=True).stdout.splitlines()
              if "=> /" in line]
    collected = bundle_contents.system_library_copyrights([(Path(p).name, p, "BINARY") for p in linked])
    names = {dest for dest, _, _ in collected}
    assert "licenses/system/libx11-6.copyright" in names and "licenses/system/libfreetype6.copyright" in names
    assert all(kind == "DATA" and Path(source).is_file() for _, source, kind in collected)
    assert bundle_contents.system_library_copyrights([("x", "/opt/elsewhere/libfoo.so", "BINARY")]) == []
