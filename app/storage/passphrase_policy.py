"""What a new passphrase must be: long enough, and not one of the passwords anyone guessing tries first.

The history's only protection is the passphrase: whoever copies the file can try passphrases offline for as
long as they like, and every guessing tool starts with lists of common passwords. So a new passphrase (first
run, a change; window and command line alike) is refused when it is such a password or a trivial variant of
one: any capitals, spaces removed, up to five digits or symbols added before or after ("Password1!"), another
common password added ("iloveyou123456"), a word typed twice, or the usual letter swaps ("p@ssw0rd"). It is
also refused when it repeats one or two characters ("aaaaaaaa").

The list (assets/passwords/common-passwords.txt, from zxcvbn, MIT) ships with the app and is checked against
its sha256: nothing is looked up online. A missing or altered list falls back to its first entries built in
here, so a damaged install still refuses the worst passwords rather than none.

Plain Python, no Qt; the rules only apply to new passphrases. Opening an existing history, or a backup, takes
whatever passphrase it was made with.
"""

from __future__ import annotations

import logging
import string
from functools import cache

from app.checksum import sha256_of
from app.paths import assets_dir

log = logging.getLogger(__name__)

MIN_LENGTH = 8
LIST_NAME = "common-passwords.txt"
LIST_SHA256 = "a9746c337c6c07a0e439d492a5e15238e799eff05ec52d60f6a4b3dfdc893265"
MAX_AFFIX = 5  # characters of digits/symbols added to a common password that still count as a variant
MIN_BASE = 4  # the shortest entry in the list: a shorter word left after stripping is not a match

TOO_SHORT = f"Too short: use at least {MIN_LENGTH} characters."
COMMON = ("This is one of the most common passwords (or a small change to one): it is the first "
          "thing anyone guessing would try. Choose something else: a few unrelated words work well.")
REPETITIVE = "This repeats the same one or two characters: it would be guessed at once. Choose something else."

# The list's first entries: used only when the shipped list is missing or damaged.
_FALLBACK = frozenset([
    "123456", "password", "12345678", "qwerty", "123456789", "12345", "1234", "111111", "1234567", "dragon",
    "123123", "baseball", "abc123", "football", "monkey", "letmein", "shadow", "master", "696969", "mustang",
    "666666", "qwertyuiop", "123321", "1234567890", "superman", "654321", "1qaz2wsx", "7777777", "qazwsx",
    "jordan", "123qwe", "000000", "killer", "trustno1", "hunter", "harley", "zxcvbnm", "asdfgh", "buster",
    "batman", "soccer", "tigger", "charlie", "sunshine", "iloveyou", "ranger", "hockey", "computer",
    "starwars", "pepper", "112233", "zxcvbn", "freedom", "princess", "maggie", "pass", "ginger", "11111111",
    "131313", "love", "cheese", "159753", "summer",
])

_AFFIX = string.digits + string.punctuation + " "
# Letter swaps people make to look clever; "1" may stand for i or l, so both readings are tried.
_UNLEET_I = str.maketrans({"@": "a", "4": "a", "0": "o", "3": "e", "1": "i", "!": "i", "$": "s", "5": "s",
                           "7": "t", "+": "t", "8": "b", "9": "g"})
_UNLEET_L = str.maketrans({"@": "a", "4": "a", "0": "o", "3": "e", "1": "l", "|": "l", "$": "s", "5": "s",
                           "7": "t", "+": "t", "8": "b", "9": "g"})


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, read once per process (about 30,000 entries, a quarter of a megabyte)."""
    path = assets_dir() / "passwords" / LIST_NAME
    try:
        if sha256_of(path) != LIST_SHA256:
            log.warning("The common-password list %s does not match its sha256; using the built-in short list.",
                        path)
            return _FALLBACK
        return frozenset(path.read_text(encoding="utf-8").split())
    except OSError:
        log.warning("The common-password list %s cannot be read; using the built-in short list.", path)
        return _FALLBACK


def problem(passphrase: str) -> str | None:
    """Why `passphrase` cannot be a new passphrase, in a sentence for the person; None if it can."""
    if len(passphrase) < MIN_LENGTH:
        return TOO_SHORT
    if len(set(passphrase.lower())) <= 2:
        return REPETITIVE
    if is_common(passphrase):
        return COMMON
    return None


def is_common(passphrase: str) -> bool:
    """Whether `passphrase` is a common password or a trivial variant of one (see the module docstring)."""
    known = common_passwords()
    lowered = passphrase.strip().lower()
    for form in {lowered, "".join(lowered.split())}:
        if _known(form, known):
            return True
        core = form.strip(_AFFIX)
        if len(core) < MIN_BASE or core == form or not _known(core, known):
            continue
        start = form.index(core)
        affixes = [affix for affix in (form[:start], form[start + len(core):]) if affix]
        # A few digits or symbols around it, or another common password glued on ("iloveyou" + "123456").
        if sum(map(len, affixes)) <= MAX_AFFIX or all(
            len(affix) <= MAX_AFFIX or affix.strip() in known for affix in affixes
        ):
            return True
    return False


def _known(word: str, known: frozenset[str]) -> bool:
    """`word`, or its reading with the letter swaps undone, is on the list, or is a listed word typed twice."""
    for reading in {word, word.translate(_UNLEET_I), word.translate(_UNLEET_L)}:
        if reading in known:
            return True
        half = len(reading) // 2
        if len(reading) % 2 == 0 and reading[:half] == reading[half:] and reading[:half] in known:
            return True
    return False
