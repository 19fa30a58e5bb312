"""Finding and loading profiles, failing closed: chosen profile -> shipped default -> built-in profile.

`load_profile` is strict (it raises, for tools that test a profile). `resolve_profile` is what a chat uses:
it always returns usable rails, plus a sentence for the person when it had to fall back.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.paths import assets_dir
from app.safety.builtin_profile import BUILTIN_PROFILE_TOML
from app.safety.errors import Problem, ProfileError, SafetyError
from app.safety.profile import MAX_PROFILE_BYTES, Profile, validate_profile_text

DEFAULT_PROFILE_ID = "general-wellbeing"


def profiles_dir() -> Path:
    return assets_dir() / "profiles"


def shipped_profiles() -> list[Path]:
    """The profile files that ship with the app (assets/profiles/*.toml), default first."""
    folder = profiles_dir()
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    return sorted(files, key=lambda p: (p.stem != DEFAULT_PROFILE_ID, p.name))


def read_profile_file(path: str | os.PathLike[str]) -> Profile:
    """Load and validate one profile file; any problem (unreadable, not UTF-8, invalid) is a ProfileError.
    Only a regular file is opened (a FIFO would block, /dev/zero never ends), and never more than the size
    limit is read."""
    path = Path(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise ProfileError(path.name, [Problem("", None, "this is not a regular file")])
        with path.open("rb") as file:
            data = file.read(MAX_PROFILE_BYTES + 1)
        if len(data) > MAX_PROFILE_BYTES:
            raise ProfileError(path.name, [Problem("", None, f"the file is over {MAX_PROFILE_BYTES // 1024} KB; "
                                                   "the shipped profiles are about 110 KB")])
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() gives it
    except FileNotFoundError:
        raise ProfileError(path.name, [Problem("", None, f"there is no such file ({path})")]) from None
    except UnicodeDecodeError as error:
        problem = Problem("", None, f"the file is not UTF-8 text (byte {error.start})")
        raise ProfileError(path.name, [problem]) from None
    except OSError as error:
        raise ProfileError(path.name, [Problem("", None, f"the file cannot be read ({error.strerror})")]) \
            from None
    return validate_profile_text(text, source=path.name)


def load_profile(ref: str | os.PathLike[str] | None = None) -> Profile:
    """A profile by shipped id ("cbt-companion") or file path; None means the shipped default. Strict."""
    if ref is None:
        return read_profile_file(profiles_dir() / f"{DEFAULT_PROFILE_ID}.toml")
    text = os.fspath(ref)
    path = Path(text).expanduser()
    looks_like_file = path.suffix == ".toml" or os.sep in text or (os.altsep or "\0") in text
    if looks_like_file or path.is_file():
        return read_profile_file(path)
    shipped = {p.stem: p for p in shipped_profiles()}
    if text in shipped:
        return read_profile_file(shipped[text])
    known = ", ".join(shipped) or "none found"
    raise SafetyError(f"There is no guardrail profile called {text!r}. Give a .toml file, or one of the "
                      f"profiles that come with Confidant: {known}.")


@lru_cache(maxsize=1)
def builtin_profile() -> Profile:
    """The minimal profile embedded in the code (validated like any other)."""
    return validate_profile_text(BUILTIN_PROFILE_TOML, source="built-in profile")


def default_profile() -> Profile:
    """The shipped default profile, or the built-in one if that file is missing or broken. Never raises."""
    try:
        return load_profile(None)
    except SafetyError:
        return builtin_profile()


@dataclass(frozen=True)
class ResolvedProfile:
    profile: Profile
    warning: str | None  # set when the chosen profile could not be used: show it to the person


def resolve_profile(ref: str | os.PathLike[str] | None = None, *, text: str | None = None,
                    source: str = "installed profile") -> ResolvedProfile:
    """The profile to run with — never none. Tries `text` (e.g. the copy in the store) or `ref`, then the
    shipped default, then the built-in profile; `warning` explains any fallback in plain words."""
    problem: SafetyError | None = None
    if text is not None or ref is not None:
        try:
            chosen = validate_profile_text(text, source) if text is not None else load_profile(ref)
            return ResolvedProfile(chosen, None)
        except SafetyError as error:
            problem = error
    try:
        fallback = load_profile(None)
    except SafetyError as error:
        fallback = builtin_profile()
        problem = problem or error
        note = f"{problem} Confidant is using its built-in safety profile instead."
        return ResolvedProfile(fallback, note)
    if problem is None:
        return ResolvedProfile(fallback, None)
    return ResolvedProfile(fallback, f"{problem} Confidant is using its default profile ({fallback.name}) "
                                     "instead, so the usual safety checks still apply.")
