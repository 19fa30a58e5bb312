"""What a message is about, in the person's own words: "your girlfriend", "work", "the interview".

A reflection that names only a feeling ("It sounds like you're feeling hopeless") reads as if nobody heard
the story; naming its subject is what makes it feel heard. The small model names the subject of a short
message well and of a long post rarely, so the subject is found here instead, from fixed lists
(assets/cbt/guided/subjects.toml) and only in words the person wrote: the phrase is always grammatical and
never a guess about their life. No subject is better than a wrong one, so anything uncertain gives None.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.errors import ConfidantError
from app.paths import assets_dir

__all__ = ["SubjectError", "Subjects", "find_subject", "load_subjects", "named_subjects"]


class SubjectError(ConfidantError):
    """The subject lists are missing or damaged: an install problem, never the person's doing."""


@dataclass(frozen=True)
class Subjects:
    """The compiled lists: one pattern finds "my X" for the possessed words, one the general words."""

    possessed: re.Pattern[str]
    general: re.Pattern[str]
    phrases: dict[str, str]  # general word → the phrase a reflection uses
    after: dict[str, frozenset[str]]  # general word → the words one of which must come just before it
    words: frozenset[str]  # each entry's last word (its noun): people and things a reflection must not invent


@lru_cache(maxsize=4)
def load_subjects(path: Path | None = None) -> Subjects:
    path = path or assets_dir() / "cbt" / "guided" / "subjects.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        possessed = [" ".join(str(word).lower().split()) for word in data["possessed"]["words"]]
        phrases = {str(word).lower(): " ".join(str(phrase).split()) for word, phrase in data["general"].items()}
        after = {str(word).lower(): frozenset(str(words).lower().split())
                 for word, words in data.get("after", {}).items()}
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise SubjectError(f"Confidant's subject lists ({path.name}) are missing or damaged ({exc}). "
                           "Reinstalling Confidant should fix this; your conversations are safe.") from exc
    if not possessed or not phrases or not all(phrases.values()):
        raise SubjectError(f"Confidant's subject lists ({path.name}) are empty. Reinstalling Confidant should "
                           "fix this; your conversations are safe.")

    def alternation(words: list[str]) -> str:  # longest first, so "best friend" wins over "friend"
        return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))

    return Subjects(
        possessed=re.compile(rf"\bmy\s+(?P<word>{alternation(possessed)})\b(?!['’]s\b)"),
        general=re.compile(rf"\b(?P<word>{alternation(list(phrases))})\b"),
        phrases=phrases,
        after=after,
        words=frozenset(entry.split()[-1] for entry in (*possessed, *phrases)),  # "little brother": brother
    )


def find_subject(message: str, subjects: Subjects | None = None) -> str | None:
    """The phrase for what `message` is most about ("your girlfriend"), or None when it names nothing listed.

    The most-mentioned subject wins (a post about a boyfriend mentions him more than the school he went to),
    then the first mentioned."""
    subjects = subjects or load_subjects()
    text = message.lower().replace("’", "'")
    found: list[tuple[int, str]] = []
    taken: set[int] = set()  # where a possessed subject ends: "my rent" is "your rent", not also "rent"
    for match in subjects.possessed.finditer(text):
        found.append((match.start(), "your " + " ".join(match.group("word").split())))
        taken.add(match.end())
    for match in subjects.general.finditer(text):
        word = match.group("word")
        if match.end() in taken or not _fits_context(text, match.start(), subjects.after.get(word)):
            continue
        found.append((match.start(), subjects.phrases[word]))
    if not found:
        return None
    counts = Counter(phrase for _, phrase in found)
    first = {}
    for position, phrase in sorted(found):
        first.setdefault(phrase, position)
    return min(counts, key=lambda phrase: (-counts[phrase], first[phrase]))


def _fits_context(text: str, start: int, after: frozenset[str] | None) -> bool:
    if after is None:
        return True
    before = re.findall(r"[a-z']+", text[max(0, start - 20):start])
    return bool(before) and before[-1] in after


def named_subjects(text: str, subjects: Subjects | None = None) -> set[str]:
    """The listed people and things `text` mentions ("manager", "work"): a reflection naming one the person
    never mentioned has invented part of their story."""
    subjects = subjects or load_subjects()
    words = (word.removesuffix("'s") for word in re.findall(r"[a-z'-]+", text.lower().replace("’", "'")))
    return {word for word in words if word in subjects.words}
