"""The files around the bundle: the icon set, the desktop entry, the Linux archive and its install script, and
the spec's keep/drop rules on the paths Windows and macOS builds produce (CI builds Linux only)."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import tarfile
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
