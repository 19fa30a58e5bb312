"""The check-in answer: what the person said to the profile's direct question about thoughts of suicide.

Clinicians ask directly ("Are you having thoughts of ending your life?"), and the answer decides: yes or
not sure starts the crisis flow, no carries on. Front ends offer three buttons or commands; a typed reply
is read here, conservatively. Only a reply that is plainly a no counts as NO — "no", "nope", "not at all",
"no I'm not", "no, just tired". Anything hedged or mixed ("no... well maybe", "yeah no", "not really",
"no I'm not just tired") is not a no: it is UNSURE when it says so, otherwise unclear (None), and the
question is asked again; a second unclear reply counts as UNSURE (see `Guardrails.screen`). Reading yes
generously and no strictly errs towards the help lines.
"""

from __future__ import annotations

import re
from enum import StrEnum


class CheckInAnswer(StrEnum):
    YES = "yes"
    UNSURE = "unsure"
    NO = "no"

    @property
    def label(self) -> str:
        """The answer in the person's words, as a button shows it and the conversation stores it."""
        return {"yes": "Yes", "unsure": "I'm not sure", "no": "No"}[self.value]


MAX_ANSWER_WORDS = 12  # a longer message is something to say, not an answer

_FILLER = {"um", "umm", "uh", "uhh", "erm", "er", "hmm", "hm", "well", "honestly", "tbh", "oh", "ok", "okay"}
_NO_WORDS = {"no", "noo", "nope", "nah"}
# Whole first clauses that are a plain no (after leading filler). Only a bare no-word may carry more in the
# same clause ("no just tired"): "no I'm not just tired" means the opposite of "No, I'm not. Just tired."
_NO_CLAUSES = {
    "not at all", "definitely not", "of course not", "absolutely not", "certainly not", "never", "im not",
    "i am not", "i dont", "i do not", "no im not", "no i am not", "no not at all", "no never", "no i dont",
    "no i do not", "no definitely not", "no of course not", "no absolutely not", "no certainly not",
}
# What may follow a plain no without changing it: tiredness, a bad day, reassurance, thanks.
_STATE = (r"(?:tired|exhausted|stressed|stressed out|sad|down|low|frustrated|fed up|overwhelmed|anxious|"
          r"worried|sleepy|bored|busy|annoyed|upset|ok|okay|fine|alright|good|venting)")
_TAIL = re.compile(
    r"(?:(?:but|and) )?(?:(?:i am|im|i feel|feeling|i was|ive been|i have been|been) )?(?:just |only )?"
    rf"(?:really |very |so |pretty |quite |a bit |a little )?{_STATE}(?: (?:today|tonight|lately|now|right now))?"
    r"|(?:(?:but|and) )?(?:(?:i am|im|i was|ive been|ive had|i had|its been|its) )?(?:just |only )?"
    r"(?:having |had )?(?:a )?(?:bad|rough|long|hard|tough|busy) (?:day|week|night|time)"
    r"|thanks|thank you|thanks for asking|thank you for asking|honestly|i promise|promise|really|seriously|"
    r"dont worry|not at all|never|definitely not|of course not|thats all|im not|i am not|i dont|i do not")
_UNSURE_PHRASES = ("not sure", "unsure", "maybe", "idk", "dunno", "dont know", "do not know", "no idea",
                   "possibly", "perhaps", "not certain", "hard to say", "cant say", "not really sure",
                   "who knows", "might be", "could be")
_YES_WORDS = {"yes", "yeah", "yea", "yep", "yup", "ya", "yah", "yeh", "aye"}
# Hedged yeses: only as a whole first clause ("a little" is a yes; "a little tired" is not an answer).
_YES_CLAUSES = {
    "sometimes", "kind of", "kinda", "sort of", "sorta", "i think so", "i guess", "i guess so", "i suppose",
    "i suppose so", "a bit", "a little", "a little bit", "just a bit", "just a little", "a lot", "often",
    "all the time", "most days", "lately", "at times", "now and then", "on and off", "every day", "constantly",
    "i am", "i have", "i have been", "ive been", "i do", "true", "sometimes i do", "sometimes i am",
}
_NEGATIONS = {"no", "noo", "nope", "nah", "not", "never", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent",
              "werent", "cant", "cannot", "wont", "wouldnt", "havent", "hasnt", "hadnt", "aint", "neither",
              "nor", "nothing"}

_CLAUSE_BREAK = re.compile(r"[.,!?;:…\n()\-–—]+")
_WORD = re.compile(r"[a-z0-9]+")
_STRETCHED = re.compile(r"([a-z])\1{2,}")


def _clauses(text: str) -> list[list[str]]:
    text = _STRETCHED.sub(r"\1", text.lower())  # "nooo" → "no", "yesss" → "yes"
    text = re.sub(r"['’`´]", "", text)  # "don't" → "dont"
    return [words for part in _CLAUSE_BREAK.split(text) if (words := _WORD.findall(part))]


def _has_phrase(words: list[str], phrase: str) -> bool:
    return f" {phrase} " in f" {' '.join(words)} "


def _harmless(words: list[str]) -> bool:
    return not words or _TAIL.fullmatch(" ".join(words)) is not None


def parse_check_in_answer(text: str) -> CheckInAnswer | None:
    """YES, UNSURE or NO when `text` clearly answers the check-in question; None when it does not."""
    clauses = _clauses(text)
    words = [word for clause in clauses for word in clause]
    if not words or len(words) > MAX_ANSWER_WORDS:
        return None
    if any(_has_phrase(words, phrase) for phrase in _UNSURE_PHRASES):
        return CheckInAnswer.UNSURE
    while len(clauses) > 1 and all(word in _FILLER for word in clauses[0]):
        clauses = clauses[1:]  # "Well, no." → "no"
    first, rest = clauses[0], clauses[1:]
    while len(first) > 1 and first[0] in _FILLER:
        first = first[1:]
    head = " ".join(first)
    lead = 0
    while lead < len(first) and first[lead] in _NO_WORDS:
        lead += 1
    plain_no = head in _NO_CLAUSES or (lead > 0 and _harmless(first[lead:]))
    if plain_no and all(_harmless(clause) for clause in rest):
        return CheckInAnswer.NO
    if any(word in _NEGATIONS for word in words):
        return None  # a no with more to it, or yes and no together ("yeah no")
    if first[0] in _YES_WORDS or head in _YES_CLAUSES:
        return CheckInAnswer.YES
    return None
