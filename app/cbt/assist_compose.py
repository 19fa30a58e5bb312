"""Thought-record suggestions put together from the person's own words and curated sentences.

A 135M model writing freely called a person "a bad person" in their thought record and turned "two good
reviews" into "my last two reviews were bad" as the balanced thought; measured on bench/assist_quality.py,
almost none of its free suggestions were kind, balanced AND built on what the person wrote. So a suggestion
is assembled instead (assets/cbt/assist/phrases.toml):

- a balanced thought acknowledges their evidence for the thought, states their evidence against it in
  their own words, and ends on a gentle, realistic conclusion chosen by the thinking trap the thought shows
  ("Even though she looked annoyed in the meeting, I got two good reviews this year. I can't be sure it
  will go the way I fear.");
- "something that doesn't fit" is a question built on their own words, quoted as they wrote them, then a
  Socratic question for the trap ("Could “she looked annoyed” have another explanation? When you've
  worried about something like this before, how did it turn out?").

`candidates()` returns several, richest first, in an order that varies with the seed; assist.py shows the
first one that passes every quality check (suggestion_quality.py) and the output rail.
"""

from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.cbt.content import Content, content_dir
from app.cbt.distortions import suggest_distortions
from app.cbt.suggestion_check import harsh_words
from app.storage.journal import ThoughtRecord

PHRASES_FILE = Path("assist", "phrases.toml")  # its own folder: content.py loads every top-level file
QUOTE_WORDS = 14  # the longest stretch of the person's words quoted in a question
_BULLET = re.compile(r"^\s*(?:[-*\u2022]+|\d+[.)])\s+")
_SENTENCE = re.compile(r"[^.!?\n]+")
_CLAUSE_CUT = re.compile(r",\s+|\s+(?:and|but|so|because)\s+")
_STANDALONE_I = re.compile(r"(?<![\w'])i(?=\b(?:'|\s))")  # "i got a pay rise" (the person's own "I", typed fast)
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-z])")
# First words that start a sentence only because they come first: lowercased inside a longer sentence.
_STARTS = """
a an the my our your his her their its this that these those she he they we it there one two three some
most many all every each last yesterday today tonight on in at when after before since people
everyone everybody someone somebody nobody no not what who
"""
_COMMON_STARTS = frozenset(_STARTS.split())
_SUBJECTS = frozenset(["i", "my", "we", "our", "he", "she", "they", "his", "her", "their", "the", "a", "an", "your"])


@dataclass(frozen=True)
class Phrases:
    """assets/cbt/assist/phrases.toml: templates with placeholders, and sentences per thinking trap."""

    balanced: dict[str, tuple[str, ...]]  # "both", "against_only", "for_only", "neither"
    conclusions: dict[str, tuple[str, ...]]  # trap id (or "default") -> conclusions
    openers: dict[str, tuple[str, ...]]  # "own_against", "own_for", "situation" -> first questions
    questions: dict[str, tuple[str, ...]]  # trap id (or "default") -> Socratic questions
    examples: tuple[tuple[str, str, str], ...] = ()  # (thought, evidence against, conclusion): shown to the model

    def shown(self, step: str) -> list[str]:
        """Every curated line a suggestion for `step` is made of, placeholders left in (to check them
        against the output rules)."""
        groups = (self.balanced, self.conclusions) if step == "balanced-thought" else (self.openers, self.questions)
        return [line for group in groups for lines in group.values() for line in lines]


def load_phrases(folder: Path | None = None) -> Phrases:
    return _load(Path(folder) if folder else content_dir())


@lru_cache(maxsize=4)
def _load(folder: Path) -> Phrases:
    data = tomllib.loads((folder / PHRASES_FILE).read_text(encoding="utf-8"))
    balanced, against = data["balanced"], data["evidence-against"]

    def lines(table: dict, skip: str = "") -> dict[str, tuple[str, ...]]:
        return {key: tuple(value) for key, value in table.items() if key != skip}

    examples = tuple((e["thought"], e["against"], e["conclusion"]) for e in data.get("examples", ()))
    return Phrases(lines(balanced, "conclusions"), lines(balanced["conclusions"]), lines(against, "questions"),
                   lines(against["questions"]), examples)


def traps(record: ThoughtRecord, content: Content | None = None) -> list[str]:
    """Thinking-trap ids for the record's thought: the ones the person confirmed, then the suggested ones
    they did not set aside."""
    found = list(record.distortions_confirmed)
    for trap, _reason in suggest_distortions(record.automatic_thought, content):
        if trap not in found and trap not in record.distortions_rejected:
            found.append(trap)
    return found


def candidates(step: str, record: ThoughtRecord, phrases: Phrases, trap_ids: list[str], seed: int | None, *,
               conclusions: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Suggestions for `step`, best first; the seed varies the wording between asks. `conclusions` (written
    by the model) end a balanced thought before the curated ones are tried."""
    rng = random.Random(seed)
    if step == "balanced-thought":
        out = _balanced(record, phrases, [*conclusions, *_per_trap(phrases.conclusions, trap_ids, rng)], rng)
    else:
        out = _evidence_against(record, phrases, trap_ids, rng)
    return list(dict.fromkeys(out))  # without repeats, order kept


def _balanced(record: ThoughtRecord, phrases: Phrases, conclusions: list[str], rng: random.Random) -> list[str]:
    known = " ".join(record.texts.values())
    against = _unique(pick(record.evidence_against, 22, known=known), pick(record.evidence_against, 12, known=known))
    evidence_for = _unique(pick(record.evidence_for, 12, known=known), pick(record.evidence_for, 7, known=known))
    situation = pick(record.situation, 14, known=known)
    if situation and situation.split(" ", 1)[0].lower() not in _SUBJECTS:
        situation = None  # "Lying awake at 3am" is not a clause: "It's true that lying awake..." would not read
    out = []
    for conclusion in conclusions:
        ending = _lower_first(conclusion)
        for a in against:
            for f in evidence_for:
                out += [t.format(**{"for": f, "against": a, "conclusion": conclusion})
                        for t in _shuffled(phrases.balanced["both"], rng)]
        for a in against:
            out += [t.format(against=a, conclusion=conclusion)
                    for t in _shuffled(phrases.balanced["against_only"], rng)]
        for f in evidence_for:
            out += [t.format(**{"for": f, "conclusion": ending}) for t in _shuffled(phrases.balanced["for_only"], rng)]
        if situation:
            out += [t.format(situation=situation, conclusion=ending) for t in phrases.balanced["situation"]]
        out += [t.format(conclusion=ending) for t in phrases.balanced["neither"]]
    return [_capitalise(_STANDALONE_I.sub("I", text)) for text in out]


def _evidence_against(record: ThoughtRecord, phrases: Phrases, trap_ids: list[str], rng: random.Random
                      ) -> list[str]:
    firsts = []
    for key, text in (("own_against", record.evidence_against), ("own_for", record.evidence_for),
                      ("situation", record.situation)):
        quoted = pick(text, QUOTE_WORDS, keep_case=True)
        if quoted and not harsh_words(quoted):  # their words are quoted back, but never a label or "ruined"
            firsts += [t.format(**{key.removeprefix("own_"): quoted}) for t in _shuffled(phrases.openers[key], rng)]
    seconds = _per_trap(phrases.questions, trap_ids, rng)
    return [f"{first} {second}" for first in firsts for second in seconds] + firsts + seconds


def pick(text: str, budget: int, *, keep_case: bool = False, known: str = "") -> str | None:
    """The person's first sentence(s) of `text` within `budget` words, as a clause without its end mark
    (two sentences joined with "and"); a first sentence that is too long is cut where a clause ends."""
    sentences = [s for s in (_BULLET.sub("", part).strip(" \t,;:-\"'“”") for line in text.splitlines()
                             for part in _SENTENCE.findall(line)) if len(s.split()) >= 2]
    if not sentences:
        return None
    first = _fit(sentences[0], budget)
    if first is None:
        return None
    if len(sentences) > 1 and len(first.split()) + len(sentences[1].split()) + 1 <= budget \
            and first == sentences[0]:
        first = f"{first} and {_lower_first(sentences[1], known)}"
    return first if keep_case else _lower_first(first, known)


def _fit(sentence: str, budget: int) -> str | None:
    if len(sentence.split()) <= budget:
        return sentence
    for cut in _CLAUSE_CUT.finditer(sentence):
        head = sentence[:cut.start()]
        if 4 <= len(head.split()) <= budget:
            return head
    return None


def _lower_first(text: str, known: str = "") -> str:
    """Lowercase a first word that is capitalised only because it started a sentence: a common first word
    ("My boss" -> "my boss"), or one the person also wrote in lower case in `known` ("Headaches" where they
    wrote "headache"). "I" and names such as "Sam" stay."""
    first = text.split(" ", 1)[0]
    stem = first.lower().rstrip("s")
    if first.lower() in _COMMON_STARTS or (stem and first != "I" and re.search(rf"\b{re.escape(stem)}", known)):
        return text[:1].lower() + text[1:]
    return text


def _capitalise(text: str) -> str:
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def _per_trap(table: dict[str, tuple[str, ...]], trap_ids: list[str], rng: random.Random) -> list[str]:
    out = []
    for trap in [*trap_ids, "default"]:
        out += _shuffled(table.get(trap, ()), rng)
    return out


def _shuffled(lines: tuple[str, ...], rng: random.Random) -> list[str]:
    out = list(lines)
    rng.shuffle(out)
    return out


def _unique(*texts: str | None) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t))
