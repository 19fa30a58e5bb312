"""What a message is about, in the person's own words: "your girlfriend", "work", "the interview".

A reflection that names only a feeling ("It sounds like you're feeling hopeless") reads as if nobody heard
the story; naming its subject is what makes it feel heard. The small model names the subject of a short
message well and of a long post rarely, so the subject is found here instead, from fixed lists
(assets/cbt/guided/subjects.toml) and only in words the person wrote: the phrase is always grammatical and
never a guess about their life. No subject is better than a wrong one, so anything uncertain gives None.

Most short messages name nothing on those lists ("the estate agent won't ring back"), so when none matches,
`key_phrase` names the message's own key phrase by a few checked rules: a noun after "my", "the", "about" or
"with", or an activity after "go" or "stopped" ("swimming") — never a function word, a feeling, a vague noun
("the thing", "the rest") or a means of harm. `message_subject` tries the lists first, then the phrase.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.cbt.moves import feeling_words
from app.errors import ConfidantError
from app.paths import assets_dir

__all__ = ["SubjectError", "Subjects", "conversation_subject", "find_subject", "key_phrase", "load_subjects",
           "message_subject", "named_subjects", "naming_words"]


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
    rules: PhraseRules  # for a key phrase when nothing listed matches


@dataclass(frozen=True)
class PhraseRules:
    """What may start, head and end a key phrase ([phrases] in subjects.toml)."""

    before: frozenset[str]  # "my", "the", "about": a noun may follow
    activity_after: re.Pattern[str]  # "go", "stopped": an activity ("swimming") may follow
    not_nouns: frozenset[str]  # function words, time, vague nouns: never a phrase's words
    vague: frozenset[str]  # "life", "stuff": the word before one only describes it ("my social life")
    verbs: frozenset[str]  # a second word that is one of these (or a form of one) ends the phrase before it
    never: frozenset[str]  # never named back (a means of harm)
    describing: frozenset[str] = frozenset()  # "new", "old": may come between "my" and the noun it describes
    scene_after: re.Pattern[str] | None = None  # "went to": one of `scenes` after it is where, not what
    scenes: frozenset[str] = frozenset()  # "car", "bathroom": where someone goes to get away


@lru_cache(maxsize=4)
def load_subjects(path: Path | None = None) -> Subjects:
    path = path or assets_dir() / "cbt" / "guided" / "subjects.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        possessed = [" ".join(str(word).lower().split()) for word in data["possessed"]["words"]]
        phrases = {str(word).lower(): " ".join(str(phrase).split()) for word, phrase in data["general"].items()}
        after = {str(word).lower(): frozenset(str(words).lower().split())
                 for word, words in data.get("after", {}).items()}
        table = data["phrases"]
        rules = PhraseRules(
            before=frozenset(str(word).lower() for word in table["before"]),
            activity_after=re.compile(rf"\b(?:{_any_of(table['activity-after'])})\s+([a-z]+ing)\b"),
            not_nouns=frozenset(str(table["not-nouns"]).lower().split()),
            vague=frozenset(str(table["vague"]).lower().split()),
            verbs=frozenset(str(table["verbs"]).lower().split()),
            never=frozenset(str(word).lower() for word in table["never"]),
            describing=frozenset(str(word).lower() for word in table.get("describing", ())),
            scene_after=re.compile(rf"\b(?:{_any_of(table['scene-after'])})\s*$") if table.get("scene-after") else None,
            scenes=frozenset(str(word).lower() for word in table.get("scenes", ())),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise SubjectError(f"Confidant's subject lists ({path.name}) are missing or damaged ({exc}). "
                           "Reinstalling Confidant should fix this; your conversations are safe.") from exc
    if not possessed or not phrases or not all(phrases.values()) or not rules.before or not rules.not_nouns:
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
        rules=rules,
    )


def _any_of(entries: list[str]) -> str:
    """An alternation of word lists ("gave up"), spaces matching any run of spaces."""
    return "|".join(r"\s+".join(map(re.escape, str(entry).lower().split())) for entry in entries)


# Phrases whose listed word is not what the message is about: a pet "put to sleep" is not about sleep.
_NOT_ABOUT = re.compile(r"\bput (?:\w+ )?to sleep\b")


def find_subject(message: str, subjects: Subjects | None = None) -> str | None:
    """The phrase for what `message` is most about ("your girlfriend"), or None when it names nothing listed.

    The most-mentioned subject wins (a post about a boyfriend mentions him more than the school he went to),
    then the first mentioned."""
    subjects = subjects or load_subjects()
    text = _NOT_ABOUT.sub(" ", message.lower().replace("’", "'"))
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


def message_subject(message: str, subjects: Subjects | None = None) -> str | None:
    """What `message` is about: a listed subject ("your girlfriend"), else its key phrase ("the estate agent")."""
    subjects = subjects or load_subjects()
    return find_subject(message, subjects) or key_phrase(message, subjects)


def conversation_subject(messages: Sequence[str], subjects: Subjects | None = None) -> str | None:
    """What the conversation is about now: the latest message's subject, else the nearest earlier message's.

    A follow-up often names nothing of its own ("yeah that's the bit keeping me up", "what could I try
    tonight?"); it is still about what the person just told, so the reflection names that. A latest message
    that names a subject of its own always wins: the person has changed the subject."""
    subjects = subjects or load_subjects()
    for message in reversed(messages):
        if message and message.strip():
            found = message_subject(message, subjects)
            if found is not None:
                return found
    return None


_TOKEN = re.compile(r"[^\W\d_][\w'-]*|[^\w\s]")
_SENTENCE_END = re.compile(r"[.!?\n]+")
LONG_MESSAGE = 60  # words: past this, a phrase counts only from the opening sentences or when said twice


def key_phrase(message: str, subjects: Subjects | None = None) -> str | None:
    """The message's own phrase for what it is about, when no listed subject matches: an activity after "go",
    "love", "stopped" … ("swimming"), else a noun, with one more noun when the two belong together ("the
    estate agent"), after "my" (said back as "your"), "the", "his" …, or bare after "about" or "with"
    ("chores"). The phrase whose noun the message mentions most wins, then the first. None when no word
    passes the checks: a wrong subject reads worse than none."""
    subjects = subjects or load_subjects()
    rules = subjects.rules
    text = message.lower().replace("’", "'")
    long = len(text.split()) > LONG_MESSAGE
    opening = len(" ".join(_SENTENCE_END.split(text)[:2]))  # where the first two sentences end
    for match in rules.activity_after.finditer(text):
        word = match.group(1)
        base = word[:-3]
        everyday = {base, base + "e", base[:-1] if base[-1:] == base[-2:-1] else base}  # trying, taking, running
        in_passing = long and match.start() > opening
        if len(word) >= 6 and _names(word, rules) and not everyday & rules.verbs and not in_passing:
            return word
    tokens = _TOKEN.findall(text)
    offsets = _offsets(text, tokens)
    found: list[tuple[str, str, int]] = []  # (noun, phrase, where)
    for i, token in enumerate(tokens[:-1]):
        if token not in rules.before:
            continue
        head = tokens[i + 1].removesuffix("'s")
        if head in rules.scenes and rules.scene_after and rules.scene_after.search(text[:offsets[i]]):
            continue
        second = tokens[i + 2] if i + 2 < len(tokens) and not tokens[i + 1].endswith("'s") else ""
        if head in rules.describing:  # "my new manager", "the old flat": the word only says which one
            noun = second.removesuffix("'s")
            if not _names(noun, rules) or _verb_like(noun, rules) or noun in rules.vague:
                continue
            words = [head, noun]
        else:
            if not _names(head, rules):
                continue
            words = [head]
            if second in rules.vague or (second and feeling_words(second)):  # "my social life", "my social anxiety"
                continue
            if second and _names(second, rules) and not _verb_like(second, rules):
                words.append(second)
        start = offsets[i + 1]
        said = message[start:offsets[i + len(words)] + len(words[-1])].removesuffix("'s").removesuffix("’s")
        said = " ".join(said.split())  # as the person wrote it ("the Philippines"), on one line
        if said.isupper() and len(said) > 4:  # shouted ("COMPULSIONS"), not an acronym ("OCD", "ADHD")
            said = said.lower()
        if token in ("about", "with"):
            if len(words) > 1:  # "about work stuff" reads oddly bare; only a single noun is said bare
                continue
            phrase = said
        else:
            phrase = f"{ {'my': 'your', 'our': 'your'}.get(token, token)} {said}"
        found.append((_root(words[-1]), phrase, offsets[i]))
    mentions = Counter(_root(word) for word in tokens)
    if long:  # in a long post, a noun said once in passing is rarely what it is about
        found = [item for item in found if item[2] < opening or mentions[item[0]] > 1]
    if not found:
        return None
    return max(found, key=lambda item: (mentions[item[0]], -item[2]))[1]


def _offsets(text: str, tokens: list[str]) -> list[int]:
    """Where each token starts in `text`."""
    offsets, position = [], 0
    for token in tokens:
        position = text.index(token, position)
        offsets.append(position)
        position += len(token)
    return offsets


def naming_words(text: str, subjects: Subjects | None = None) -> set[str]:
    """The roots of the words in `text` that could name what it is about (not function words, vague nouns
    or feelings): a reflection that shares one with the message names something the person wrote about."""
    rules = (subjects or load_subjects()).rules
    return {_root(word) for word in _TOKEN.findall(text.lower().replace("’", "'")) if _names(word, rules)}


def _names(word: str, rules: PhraseRules) -> bool:
    """Whether `word` could name a thing: a word of three letters or more that is not on the lists, not a
    feeling, not an adverb in -ly, and not said back ever."""
    word = word.removesuffix("'s")
    return (len(word) >= 3 and word.isascii() and word[0].isalpha() and "'" not in word
            and word not in rules.not_nouns and word not in rules.never and not word.endswith("ly")
            and not feeling_words(word))


def _verb_like(word: str, rules: PhraseRules) -> bool:
    """A listed verb or a regular form of one (keeps, needed, texting), or any -ed or -ing word."""
    if word in rules.verbs or word.endswith(("ed", "ing")):
        return True
    return any(word.endswith(ending) and word[: -len(ending)] in rules.verbs for ending in ("s", "es"))


def _root(word: str) -> str:
    """A crude stem ("kids" and "kid", "brushes" and "brush"), enough to count mentions of one noun."""
    word = word.removesuffix("'s")
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    for ending, keep in (("ies", "y"), ("s", ""), ("ing", ""), ("ed", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            return word[: -len(ending)] + keep
    return word
