"""What goes into the bundle and what stays out: the rules confidant.spec applies and the tests check.

Kept small on purpose. Confidant's GUI uses QtCore, QtGui and QtWidgets only, with the Fusion style and its
own PNG icon, so of Qt's plugins it needs just a way to put windows on screen (offscreen for tests, xcb
and wayland on Linux, windows, cocoa) and the input-method plugins people rely on to type accents and
non-Latin scripts. Everything network-shaped (QtNetwork, tls, networkinformation, the TUIO touch plugin)
stays out, as do Python's networking modules that nothing imports: the bundle could not open a TLS
connection if it wanted to.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

# Qt plugin folder -> plugin names kept (None: every plugin in that folder).
QT_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"qoffscreen", "qxcb", "qwayland", "qwindows", "qcocoa"},
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "xcbglintegrations": None,  # the xcb platform loads one to decide how it may draw
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": None,  # window title bars on Wayland compositors that want them drawn
    "wayland-graphics-integration-client": None,
}

# Never needed; several are here because they can reach a network (ssl, http, asyncio, QtNetwork).
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "turtle", "pydoc", "doctest", "lib2to3", "idlelib", "ensurepip", "venv",
    "ssl", "_ssl", "http", "urllib.request", "xmlrpc", "ftplib", "smtplib", "imaplib", "poplib", "nntplib",
    "socketserver", "asyncio", "webbrowser",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtWebEngineCore",
    "PySide6.Qt3DCore", "PySide6.QtMultimedia", "PySide6.QtSql", "PySide6.QtSvg", "PySide6.QtPrintSupport",
    "PySide6.QtDBus", "PySide6.QtOpenGL", "PySide6.QtDesigner", "PySide6.QtTest", "PySide6.QtAsyncio",
    "llama_cpp.server", "llama_cpp.llava_cpp", "llama_cpp.mtmd_cpp",
    "numpy.f2py", "numpy.distutils", "numpy.testing",
    "pytest", "_pytest", "pytestqt", "hypothesis", "PyInstaller", "setuptools", "pkg_resources", "pip",
    "IPython", "matplotlib",
]

# Python distributions whose code the bundle ships: pyproject's runtime dependencies and what they bring. Their
# own licence files go to licenses/<name>/; PySide6-Essentials and shiboken6 ship none (their LGPL-3.0 text is
# in packaging/licenses/). THIRD_PARTY_NOTICES.md names each one.
BUNDLED_DISTRIBUTIONS = [
    "llama_cpp_python", "Jinja2", "MarkupSafe", "diskcache", "typing_extensions", "numpy", "platformdirs",
    "sqlcipher3", "PySide6_Essentials", "shiboken6",
]
LICENCE_FOLDER = "licenses"
# Our own licence, the notices, and the GNU texts the LGPL asks to accompany Qt (paths from the project root).
OWN_LICENCE_FILES = ["LICENSE", "packaging/THIRD_PARTY_NOTICES.md", "packaging/licenses/LGPL-3.0.txt",
                     "packaging/licenses/GPL-3.0.txt"]

_LIBRARY_SUFFIX = {"linux": r"\.so(\.\d+)?", "darwin": r"\.dylib", "win32": r"\.dll"}


def _posix(dest: str) -> PurePosixPath:
    return PurePosixPath(dest.replace("\\", "/"))


def plugin_name(file_name: str) -> str:
    """"libqxcb.so" / "qwindows.dll" / "libqcocoa.dylib" -> "qxcb" / "qwindows" / "qcocoa"."""
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep(dest: str) -> bool:
    """Whether a file PyInstaller collected (by its path inside the bundle) belongs in Confidant's bundle."""
    parts = _posix(dest).parts
    if parts[:2] != ("PySide6", "Qt"):
        return True
    if len(parts) > 2 and parts[2] in ("translations", "qml", "libexec", "metatypes"):
        return False  # Confidant installs no Qt translator and uses no QML
    if len(parts) > 4 and parts[2] == "plugins":
        allowed = QT_PLUGINS.get(parts[3], set())
        return allowed is None or plugin_name(parts[-1]) in allowed
    return True


def llama_libraries() -> list[tuple[str, str]]:
    """llama.cpp's shared libraries, for llama_cpp/lib/ in the bundle.

    Left out: the multimodal library (mtmd), which Confidant never loads, and on Linux the fully versioned
    copies (libllama.so.0.5.0): Python loads libllama.so and libggml.so by path, and they find each other by
    their sonames (libggml.so.0 ...), so those two names are all each library needs.
    """
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llama_cpp is not installed in this environment.")
    folder = Path(next(iter(spec.submodule_search_locations))) / "lib"
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    pattern = re.compile(r"(lib)?[\w.-]+?" + _LIBRARY_SUFFIX.get(platform, r"\.so(\.\d+)?"))
    found = [
        (str(path), "llama_cpp/lib")
        for path in sorted(folder.iterdir())
        if path.is_file() and pattern.fullmatch(path.name) and "mtmd" not in path.name
    ]
    if not any("llama" in Path(source).name for source, _ in found):
        raise SystemExit(f"No llama.cpp library found in {folder}.")
    return found


def _is_licence_file(parts: tuple[str, ...]) -> bool:
    """A licence inside a .dist-info folder: anything under licenses/ (PEP 639), or LICENSE*/COPYING*/NOTICE*."""
    if not parts[0].endswith(".dist-info"):
        return False
    return (len(parts) > 2 and parts[1] == "licenses") or \
        (len(parts) == 2 and parts[1].upper().startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE")))


def licence_files(root: Path) -> list[tuple[str, str]]:
    """(source, folder in the bundle) for every licence the bundle must carry: ours, the notices, the GNU texts,
    Python's, and each bundled distribution's own files as its wheel installed them (numpy's vendored ones
    keep their sub-folders). A distribution that is missing stops the build: its licence would be missing."""
    found = [(str(root / name), LICENCE_FOLDER) for name in OWN_LICENCE_FILES]
    python_licence = Path(sysconfig.get_path("stdlib")) / "LICENSE.txt"
    if not python_licence.is_file():  # Windows keeps it beside python.exe
        python_licence = Path(sys.base_prefix) / "LICENSE.txt"
    if python_licence.is_file():
        found.append((str(python_licence), f"{LICENCE_FOLDER}/python"))
    for name in BUNDLED_DISTRIBUTIONS:
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            raise SystemExit(f"{name} is not installed in this environment.") from None
        for file in distribution.files or []:
            parts = PurePosixPath(str(file)).parts
            if _is_licence_file(parts):
                inner = parts[2:-1] if parts[1] == "licenses" else ()
                found.append((str(file.locate()), str(PurePosixPath(LICENCE_FOLDER, name, *inner))))
    return found


def system_library_copyrights(binaries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """On Linux PyInstaller also copies libraries from the build machine (libX11, fontconfig, GLib, …): add each
    one's Debian copyright file as licenses/system/<package>.copyright (DATA entries for the spec). Without
    dpkg (not Debian or Ubuntu) there is nothing to look up, and the notices say where to find them."""
    if not shutil.which("dpkg-query"):
        return []
    system = sorted({str(Path(source).resolve()) for _, source, kind in binaries
                     if kind == "BINARY" and source.startswith(("/lib", "/usr/lib"))})
    candidates = [*system, *(p.replace("/usr/lib/", "/lib/", 1) for p in system if p.startswith("/usr/lib/"))]
    if not candidates:
        return []
    listing = subprocess.run(["dpkg-query", "-S", *candidates], capture_output=True, text=True).stdout
    packages = {line.split(":", 1)[0] for line in listing.splitlines() if ": /" in line}
    found = []
    for package in sorted(packages):
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if copyright_file.is_file():
            found.append((f"{LICENCE_FOLDER}/system/{package}.copyright", str(copyright_file), "DATA"))
    return found


def prune_unreferenced(
    binaries: Iterable[tuple[str, str, str]],
    imports_of: Callable[[str], Iterable[tuple[str, str | None]]],
) -> list[tuple[str, str, str]]:
    """Drop shared libraries that no kept binary links to (those only the dropped Qt plugins needed).

    Roots are what gets loaded directly: Python extension modules, the kept Qt plugins, llama.cpp's libraries
    (ctypes) and libpython (the bootloader). Every other library stays only if a root needs it, directly or
    through another library.
    """
    binaries = list(binaries)

    def is_root(dest: str, kind: str) -> bool:
        path = _posix(dest)
        return kind != "BINARY" or "plugins" in path.parts or path.parts[:2] == ("llama_cpp", "lib") or \
            path.name.startswith("libpython")

    by_name = {_posix(dest).name: source for dest, source, kind in binaries if kind == "BINARY"}
    needed: set[str] = set()
    queue = [source for dest, source, kind in binaries if is_root(dest, kind) and kind != "SYMLINK"]
    while queue:
        for name, _ in imports_of(queue.pop()):
            if name in by_name and name not in needed:
                needed.add(name)
                queue.append(by_name[name])
    return [entry for entry in binaries if is_root(entry[0], entry[2]) or _posix(entry[0]).name in needed]


def drop_dangling_links(
    entries: Iterable[tuple[str, str, str]], collected: Iterable[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """PyInstaller links libraries into the top level (SYMLINK entries: dest -> target, relative to dest's
    folder); keep a link only if what it points to is still collected."""
    present = {_posix(dest) for dest, _, kind in collected if kind != "SYMLINK"}

    def target(dest: str, link: str) -> PurePosixPath:
        parts: list[str] = []
        for part in (_posix(dest).parent / _posix(link)).parts:
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        return PurePosixPath(*parts)

    return [entry for entry in entries if entry[2] != "SYMLINK" or target(entry[0], entry[1]) in present]
