"""Turning what a person typed into the plain form that profile rules are written against.

People in distress rarely type the textbook phrase: they write "kms", "unalive", "k1ll myself", "sooo done",
"sucide", "self-harm" or "s e l f harm". Rules stay simple and readable only if that variety is removed first,
so every message is reduced to lowercase words made of a-z and 0-9, separated by single spaces, with sentence
boundaries marked by "|" (rules never match across one, so "I want to. Die Hard is on" is not "want to die").

The steps, in order: Unicode folding (NFKC, accents, zero-width characters, curly quotes); sentence splitting;
per word: spaced-out or dotted letters ("k.i.l.l"), leetspeak ("k1ll", "$uicide"), censor stars ("k*ll"),
contractions ("can't" -> "can not"), internet slang and algospeak ("kms" -> "kill myself"), repeated letters
("dieeee" -> "die"), common misspellings ("sucide") and near-misses of a few long, distinctive crisis words.
Letter-level repairs are only made when they land on a word some rule uses (the vocabulary), so ordinary
words are never "corrected" into alarming ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import product

SEPARATOR = "|"

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'", "\u2032": "'"})
_ELLIPSIS = re.compile(r"\u2026|\.{2,}")
# A sentence ends at . ! ? or ; followed by space or the end, and at every line break.
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|[\r\n]+")
_NOT_TOKEN_CHAR = re.compile(r"[^a-z0-9'@$!*.,\-_]+|,(?!\d{3})")
_INNER_SEPARATORS = re.compile(r"[.\-_]+")
_SPELLED_OUT = re.compile(r"^[a-z0-9](?:[.\-_][a-z0-9]){2,}$")  # k.i.l.l, s-u-i-c-i-d-e
_NUMBER_WITH_UNIT = re.compile(
    r"^\d+(?:[.,]\d+)?(?:mg|mcg|ug|g|kg|ml|l|x|s|am|pm|st|nd|rd|th|k|yo|yr|yrs|lb|lbs|ish|h|hr|hrs|min|mins|"
    r"day|days|am|pm)?$"
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
                       "!": "i"})
_LEET_CHARS = frozenset("0134570@$!")
_RUN3 = re.compile(r"([a-z])\1{2,}")
_DOUBLE = re.compile(r"([a-z])\1")

# Contractions and their long forms. Rules are written in the long form ("i am", "do not").
CONTRACTIONS: dict[str, str] = {
    "can't": "can not", "cant": "can not", "cannot": "can not", "won't": "will not", "wont": "will not",
    "shan't": "shall not", "ain't": "is not", "aint": "is not", "i'm": "i am", "im": "i am", "ive": "i have",
    "dont": "do not", "doesnt": "does not", "didnt": "did not", "isnt": "is not", "arent": "are not",
    "wasnt": "was not", "werent": "were not", "havent": "have not", "hasnt": "has not", "hadnt": "had not",
    "couldnt": "could not", "wouldnt": "would not", "shouldnt": "should not", "mustnt": "must not",
    "youre": "you are", "theyre": "they are", "thats": "that is", "whats": "what is", "theres": "there is",
    "hes": "he is", "shes": "she is", "itll": "it will", "youll": "you will", "theyll": "they will",
    "youve": "you have", "theyve": "they have", "weve": "we have", "let's": "let us", "y'all": "you all",
    "it's": "it is", "that's": "that is", "what's": "what is", "there's": "there is", "he's": "he is",
    "she's": "she is", "who's": "who is", "here's": "here is", "where's": "where is", "how's": "how is",
    "i'd": "i would", "id've": "i would have", "he'd": "he would", "she'd": "she would",
    "they'd": "they would", "we'd": "we would", "you'd": "you would", "it'd": "it would",
}
_SUFFIXES = (("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'m", " am"),
             ("'d", " would"))

# Internet slang, algospeak and common misspellings: one typed word -> its plain words.
SLANG: dict[str, str] = {
    # everyday chat shorthand
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "tryna": "trying to", "hafta": "have to",
    "finna": "going to", "kinda": "kind of", "sorta": "sort of", "dunno": "do not know", "lemme": "let me",
    "gimme": "give me", "u": "you", "ur": "your", "ya": "you", "r": "are", "ppl": "people", "bc": "because",
    "cuz": "because", "cos": "because", "coz": "because", "rn": "right now", "atm": "at the moment",
    "tn": "tonight", "tonite": "tonight", "2nite": "tonight", "tmrw": "tomorrow", "tmr": "tomorrow",
    "tmrow": "tomorrow", "2moro": "tomorrow", "pls": "please", "plz": "please", "idk": "i do not know",
    "idc": "i do not care", "ngl": "not going to lie", "fr": "for real", "bf": "boyfriend",
    "gf": "girlfriend",
    "abt": "about", "thru": "through", "alot": "a lot", "sum1": "someone", "some1": "someone",
    "every1": "everyone", "evry1": "everyone", "any1": "anyone", "no1": "no one", "b4": "before",
    "h8": "hate", "hav": "have", "jus": "just", "juss": "just", "wat": "what", "wen": "when", "bout": "about",
    "yall": "you all", "pic": "picture", "pics": "pictures", "nudes": "nude pictures", "mom": "mum",
    "mommy": "mum", "mummy": "mum", "mam": "mum", "stepmom": "stepmum", "dady": "daddy",
    "stepdads": "stepdad", "bro": "brother", "sis": "sister",
    # algospeak and community shorthand for suicide, self-harm and abuse
    "kms": "kill myself", "kys": "kill yourself", "unalive": "kill", "unalived": "killed",
    "unaliving": "killing", "unalives": "kills", "sewerslide": "suicide", "sewerslided": "suicide",
    "suey": "suicide", "ctb": "suicide", "selfdelete": "kill myself", "selfharm": "self harm",
    "selfharming": "self harming", "selfharmed": "self harmed", "graped": "raped",
    "sa'd": "sexually assaulted",
    "sa'ed": "sexually assaulted", "od": "overdose", "od'd": "overdosed", "oded": "overdosed",
    "od'ed": "overdosed", "oding": "overdosing", "od'ing": "overdosing", "ods": "overdoses",
    "thinspiration": "thinspo", "seggs": "sex", "kil": "kill", "kiling": "killing", "myselfe": "myself",
    # misspellings of words that matter (the fuzzy step below catches many more)
    "sucide": "suicide", "suicde": "suicide", "suiside": "suicide", "suacide": "suicide",
    "suicied": "suicide", "suecide": "suicide", "sucidal": "suicidal", "suicdal": "suicidal",
    "suisidal": "suicidal", "suicidel": "suicidal", "sucicidal": "suicidal", "overdoze": "overdose",
    "ovrdose": "overdose", "tabs": "tablets", "meds": "medication", "medicine": "medication",
}

# Two typed words -> plain words ("my self" -> "myself", "sewer slide" -> "suicide").
PAIRS: dict[tuple[str, str], str] = {
    ("my", "self"): "myself", ("your", "self"): "yourself", ("him", "self"): "himself",
    ("her", "self"): "herself", ("them", "selves"): "themselves", ("sewer", "slide"): "suicide",
    ("self", "delete"): "kill myself", ("self", "deleting"): "killing myself", ("un", "alive"): "kill",
    ("un", "alived"): "killed", ("un", "aliving"): "killing", ("any", "more"): "anymore",
    ("step", "dad"): "stepdad", ("step", "mum"): "stepmum", ("step", "father"): "stepfather",
    ("step", "mother"): "stepmother", ("step", "brother"): "stepbrother", ("step", "sister"): "stepsister",
    ("sa", "d"): "sexually assaulted", ("od", "d"): "overdosed", ("o", "d"): "overdose",
}

# "2" means "to" after these words when a word follows ("want 2 die", "how 2 do it").
_TO_AFTER = frozenset({"want", "going", "need", "ready", "deserve", "trying", "time", "way", "how", "wanted",
                       "planning", "plan", "decided", "about"})

# Long, distinctive words where a one-letter slip ("suicdie", "myslef", "overdsoe") is repaired. Kept short
# and deliberate: fuzzy repair towards common short words ("kill", "die") would turn "bill" into "kill".
FUZZY_TARGETS: frozenset[str] = frozenset({
    "suicide", "suicidal", "suicides", "myself", "yourself", "himself", "herself", "themselves", "overdose",
    "overdosed", "overdosing", "paracetamol", "acetaminophen", "ibuprofen", "laxatives", "anorexia",
    "anorexic", "bulimia", "bulimic", "thinspo", "strangled", "molested", "suffocate",
    "lethal", "sexually", "assaulted", "threatened", "threatening", "antidepressants", "tylenol",
})
# Real words one slip away from a fuzzy target: never "repair" these ("I overdid it", "it was overdone").
NEVER_REPAIR: frozenset[str] = frozenset({"overdone", "overdoes", "overdoing", "overdosing", "starting",
                                          "surging", "purring", "himselfs"})


class Normaliser:
    """Normalises messages towards one vocabulary (the words a profile's rules use); caches per word."""

    def __init__(self, vocabulary: Iterable[str] = (), stems: Iterable[str] = ()) -> None:
        self.words = frozenset(vocabulary) | FUZZY_TARGETS
        self.stems = tuple(sorted(set(stems)))
        self._fuzzy_index = deletion_index(FUZZY_TARGETS)
        self._cache: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> str:
        return normalise(text, self)

    def known(self, word: str) -> bool:
        return word in self.words or any(word.startswith(stem) for stem in self.stems)

    def word(self, raw: str) -> tuple[str, ...]:
        """The plain words one typed token stands for (cached: messages reuse the same words)."""
        cached = self._cache.get(raw)
        if cached is None:
            cached = tuple(self._word(raw))
            if len(self._cache) < 50_000:
                self._cache[raw] = cached
        return cached

    def _word(self, raw: str) -> list[str]:
        token = raw.strip("'.-_*").rstrip("!").lstrip("!")
        if not token:
            return []
        if token in SLANG or token in CONTRACTIONS:
            return _expand(token)
        if _SPELLED_OUT.match(token) and not _NUMBER_WITH_UNIT.match(token):
            token = _INNER_SEPARATORS.sub("", token)
        if _NUMBER_WITH_UNIT.match(token):
            number = re.match(r"[\d.,]+", token).group()  # type: ignore[union-attr]
            unit = token[len(number):]
            return number.replace(",", "").replace(".", " ").split() + ([unit] if unit else [])
        token = token.replace(",", "")
        if "*" in token:
            token = self._uncensor(token)
        if _LEET_CHARS.intersection(token) and not _NUMBER_WITH_UNIT.match(token):
            stripped = re.sub(r"[0-9@$!]", "", token)
            if sum(ch.isalpha() for ch in stripped) >= 2 and any(ch.isalpha() for ch in token):
                token = token.translate(_LEET)
        token = token.replace("@", "").replace("$", "").replace("!", "").replace("*", "")
        if token in SLANG or token in CONTRACTIONS:
            return _expand(token)
        words: list[str] = []
        for part in _INNER_SEPARATORS.split(token):
            words.extend(self._plain_word(part))
        return words

    def _plain_word(self, token: str) -> list[str]:
        if not token:
            return []
        if "'" in token:
            if token in SLANG or token in CONTRACTIONS:
                return _expand(token)
            for suffix, replacement in _SUFFIXES:
                if token.endswith(suffix) and len(token) > len(suffix):
                    stem = token[: -len(suffix)]
                    if suffix == "n't":
                        stem = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}.get(stem, stem)
                    return [*self._plain_word(stem), *replacement.split()]
            token = token.replace("'", "")  # possessive "dad's" -> "dads"; "o'clock" -> "oclock"
            if token.endswith("s") and len(token) > 2 and self.known(token[:-1]) and not self.known(token):
                token = token[:-1]
        if token in SLANG or token in CONTRACTIONS:
            return _expand(token)
        if not token.isalpha():
            return [token]
        return [self._repair(token)]

    def _repair(self, token: str) -> str:
        """Undo stretched letters and one-letter slips, but only towards words a rule uses."""
        if self.known(token):
            return token
        squeezed = _RUN3.sub(r"\1\1", token)
        if squeezed != token or _DOUBLE.search(squeezed):
            for candidate in _single_letter_variants(squeezed):
                if self.known(candidate):
                    return SLANG.get(candidate, candidate)
            if squeezed in SLANG:
                return SLANG[squeezed]
        if len(token) >= 5 and token not in NEVER_REPAIR:
            fixed = self._fuzzy(squeezed)
            if fixed:
                return fixed
        return squeezed if squeezed != token else token

    def _fuzzy(self, token: str) -> str | None:
        return one_slip_from(token, self._fuzzy_index)

    def _uncensor(self, token: str) -> str:
        """"k*ll" -> "kill", "s**cide" -> "suicide": a run of stars stands for one or more hidden letters."""
        parts = re.split(r"(\*+)", token)
        regex = "".join(f"[a-z]{{1,{len(p) + 1}}}" if p.startswith("*") else re.escape(p) for p in parts)
        pattern = re.compile(regex)
        hits = sorted(w for w in self.words if pattern.fullmatch(w))
        return hits[0] if hits else token.replace("*", "")


def _expand(token: str) -> list[str]:
    return (SLANG.get(token) or CONTRACTIONS[token]).split()


def _single_letter_variants(token: str) -> list[str]:
    """Every way of reading each doubled letter as one letter or two (at most 16 readings), longest first."""
    slots: list[tuple[str, ...]] = []
    pos = 0
    for match in _DOUBLE.finditer(token):
        if match.start() > pos:
            slots.append((token[pos:match.start()],))
        slots.append((match.group(0), match.group(1)))
        pos = match.end()
    if pos < len(token):
        slots.append((token[pos:],))
    if sum(len(slot) > 1 for slot in slots) > 4:
        return [token]
    variants = {"".join(choice) for choice in product(*slots)}
    return sorted(variants, key=lambda v: (-len(v), v))


def deletion_index(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Every word under itself and each of its one-letter deletions, for `one_slip_from`."""
    index: dict[str, set[str]] = {}
    for word in words:
        index.setdefault(word, set()).add(word)
        for i in range(len(word)):
            index.setdefault(word[:i] + word[i + 1:], set()).add(word)
    return {key: tuple(sorted(value)) for key, value in index.items()}


def one_slip_from(token: str, index: dict[str, tuple[str, ...]]) -> str | None:
    """The indexed word `token` is one slip from (a letter added, dropped, changed or two swapped), if any:
    a few dictionary lookups, not a scan of the words (the first in sort order when several are)."""
    candidates = set(index.get(token, ()))
    for i in range(len(token)):
        candidates.update(index.get(token[:i] + token[i + 1:], ()))
    matches = sorted(c for c in candidates if _within_one_edit(token, c))
    return matches[0] if matches else None


def _within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or adjacent swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and \
            a[diffs[1]] == b[diffs[0]]
    if la > lb:
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


def fold(text: str) -> str:
    """Unicode and case folding: NFKC, no accents, no zero-width characters, straight quotes."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_QUOTES).casefold()
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return text


def sentences(text: str) -> list[str]:
    """Split folded text into sentences; an ellipsis ("I just want to... die") does not end one."""
    text = _ELLIPSIS.sub(" ", text)
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def normalise(text: str, normaliser: Normaliser | None = None) -> str:
    """The matchable form of `text`: " word word | word word " (leading and trailing space included)."""
    normaliser = normaliser or _PLAIN
    out: list[str] = []
    for sentence in sentences(fold(text)):
        words = _sentence_words(sentence, normaliser)
        if words:
            if out:
                out.append(SEPARATOR)
            out.extend(words)
    return " " + " ".join(out) + " " if out else " "


def _sentence_words(sentence: str, normaliser: Normaliser) -> list[str]:
    raw = _NOT_TOKEN_CHAR.sub(" ", sentence).split()
    raw = _join_spaced_letters(raw, normaliser)
    words: list[str] = []
    for token in raw:
        words.extend(normaliser.word(token))
    return _join_pairs(words)


def _join_spaced_letters(tokens: list[str], normaliser: Normaliser) -> list[str]:
    """"k i l l myself" -> "kill myself", but only when the letters spell a word some rule uses."""
    if sum(len(t) == 1 for t in tokens) < 3:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and len(tokens[j]) == 1 and tokens[j].isalnum():
            j += 1
        if j - i >= 3:
            joined = "".join(tokens[i:j]).translate(_LEET)
            if normaliser.known(joined):
                out.append(joined)
                i = j
                continue
        out.append(tokens[i])
        i += 1
    return out


def _join_pairs(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and (words[i], words[i + 1]) in PAIRS:
            out.extend(PAIRS[(words[i], words[i + 1])].split())
            i += 2
            continue
        word = words[i]
        if word == "2" and out and out[-1] in _TO_AFTER and i + 1 < len(words) and words[i + 1].isalpha():
            word = "to"
        out.append(word)
        i += 1
    return out


_PLAIN = Normaliser()
