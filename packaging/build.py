#!/usr/bin/env python3
"""Build Confidant's offline installer: the one-folder bundle, and on Linux a .tar.gz of it.

    .venv/bin/python packaging/build.py [--dist DIR] [--work DIR] [--no-archive]

Produces DIR/confidant/ (default dist/) from packaging/confidant.spec: Python, Qt, llama.cpp, SQLCipher,
assets/ and the default model, nothing fetched at run time. On Linux it also writes
DIR/confidant-<version>-linux-<machine>.tar.gz holding that folder, the .desktop entry, the icons and an
install script. It finishes by running the bundle's own `--self-test`, so a bundle that cannot load its
model or open an encrypted store is never reported as built.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "confidant.spec"
ICON_SIZES = (16, 32, 64, 128, 256)


def say(message: str) -> None:
    print(f"[confidant build] {message}", file=sys.stderr, flush=True)


def version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit("app/__init__.py has no __version__.")
    return match.group(1)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def executable(bundle: Path) -> Path:
    return bundle / ("confidant.exe" if os.name == "nt" else "confidant")


def run_pyinstaller(dist: Path, work: Path) -> None:
    try:
        import PyInstaller  # noqa: F401 - only checking it is there
    except ImportError:
        raise SystemExit("PyInstaller is not installed here: run `python3 packaging/dev.py setup`, then build "
                         "with .venv/bin/python packaging/build.py.") from None
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)


def self_test(bundle: Path) -> None:
    with_home = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([str(executable(bundle)), "--self-test"], capture_output=True, text=True,
                            env=with_home, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"The bundle's self-test failed:\n{result.stdout}{result.stderr}")
    print(result.stdout, end="", file=sys.stderr)


def archive(dist: Path, bundle: Path) -> Path:
    """confidant-<version>-linux-<machine>.tar.gz: the folder, the desktop entry, icons, install.sh."""
    name = f"confidant-{version()}-linux-{platform.machine()}"
    target = dist / f"{name}.tar.gz"
    partial = target.with_suffix(".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"{name}/confidant")
        tar.add(ROOT / "packaging" / "confidant.desktop", arcname=f"{name}/confidant.desktop")
        tar.add(ROOT / "packaging" / "linux-install.sh", arcname=f"{name}/install.sh")
        tar.add(ROOT / "assets" / "icons" / "confidant.svg", arcname=f"{name}/icons/confidant.svg")
        for size in ICON_SIZES:
            tar.add(ROOT / "assets" / "icons" / f"confidant-{size}.png", arcname=f"{name}/icons/confidant-{size}.png")
    os.replace(partial, target)
    return target


def build(dist: Path, work: Path, *, make_archive: bool = True, check: bool = True) -> Path:
    started = time.perf_counter()
    bundle = dist / "confidant"
    say(f"building {bundle} with PyInstaller")
    run_pyinstaller(dist, work)
    built = time.perf_counter() - started
    say(f"bundle built in {built:.0f} s: {folder_size(bundle) / 1e6:.0f} MB")
    if check:
        self_test(bundle)
    if make_archive and sys.platform.startswith("linux"):
        target = archive(dist, bundle)
        say(f"archive {target.name}: {target.stat().st_size / 1e6:.0f} MB")
    say(f"done in {time.perf_counter() - started:.0f} s")
    return bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder")
    parser.add_argument("--no-archive", action="store_true", help="skip the Linux .tar.gz")
    parser.add_argument("--no-self-test", action="store_true", help="skip running the bundle's --self-test")
    args = parser.parse_args(argv)
    if shutil.which("ldd") is None and sys.platform.startswith("linux"):
        say("warning: ldd not found; PyInstaller may miss shared libraries")
    build(args.dist.resolve(), args.work.resolve(), make_archive=not args.no_archive, check=not args.no_self_test)
    return 0


if __name__ == "__main__":
    sys.exit(main())
