"""When a crisis rule's words are a mention rather than a statement of risk now.

Crisis rules match words ("suicidal", "kill myself", "want to die"), and people also use those words to say
the opposite or to talk about something else: "I'm not suicidal, just sick of my job", "I'd never kill
myself", "five years ago I attempted suicide; today I got married", "my dissertation is on suicide among
farmers". Answering those with the full crisis response tells the person we did not read them. Asking
directly is what clinicians do when they are unsure, so such a match becomes a check-in — the direct question
with the help lines — never an allow. Only the rules' own match is read here, and only two frames count:

- **Negated**: the match is directly preceded by a negation ("not", "never", "no", "no longer", "never
  had"). A negation inside the match ("don't want to live") is part of the statement and does not count;
  "can't stop cutting" is not a negation of "cutting".
- **A topic word in a message about the past or about study and work**: the match is only the topic word
  ("suicide", "self-harm", "overdose"), and the message says the risk is over ("years ago", "I'm fine now")
  or is about study, work or a story ("dissertation", "training", "the novel"). A method, a plan or any
  other statement in the same message still gets the crisis response.

Only short messages (MENTION_MAX_CHARS) are read this way: a long post tells a story full of past and school
words, and may hold a statement of risk no rule sees. Measured on public posts, reading every length moved
34 r/SuicideWatch crisis posts from the crisis response to the check-in; up to 300 characters, one.
"""

from __future__ import annotations

import re

MENTION_MAX_CHARS = 300
MASK = "-"  # what a masked word becomes (as rails.MASK): the scorer skips it
NEGATIONS = frozenset({"not", "never", "no", "nor", "without"})
# Words that may sit between a negation and the match: "not really suicidal", "never had suicidal thoughts".
_BETWEEN = frozenset({"really", "actually", "even", "ever", "longer", "had", "have", "been", "feeling", "felt",
                      "at", "all", "that", "too", "very", "remotely"})
_QUESTIONING = frozenset({"why", "should"})
# "can not go on", "trying to not", "have not … yet": the word before "not" makes it no denial
_NOT_A_DENIAL = frozenset({"can", "could", "to", "have", "has", "had"})
_OTHERS = frozenset({"he", "she", "they", "him", "her", "them", "his", "their", "himself", "herself", "themselves"})
TOPIC_WORDS = frozenset({"suicide", "suicides", "suicidal", "self harm", "self harmed", "self harming",
                         "self injury", "overdose", "overdoses"})
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|many|several|a few|few)"
_PAST = re.compile(
    rf" {_NUMBER} (?:years?|months?) (?:ago|since|clean|free) | when i was (?:a |in |at )?"
    r"(?:\d+|teen|teenager|kid|child|young|younger|little|school|uni|university|college) "
    r"| as a (?:teen|teenager|kid|child) | in the past "
    r"| i am (?:fine|okay|ok|safe|stable|better|happy|well|doing well|in a good place) now "
    r"| it gets better | survivor | recovered | in recovery | i used to ")
_STUDY = re.compile(
    r" (?:dissertation|thesis|essay|research|paper|papers|studies|lecture|training|staff|colleagues|patients"
    r"|clients|dsm|dsm 5|statistics|awareness|assembly|nomogram|hamlet|novel|book|film|movie|documentary|podcast"
    r"|article|character|the text|the play|the poem) ")


def is_negated(text: str, match: re.Match[str]) -> bool:
    """Whether normalised `text` negates the rule match directly before it ("not suicidal", "never had
    suicidal thoughts"). Not a denial: inability ("can't even kill myself"), struggle ("trying to not", "haven't
    … yet"), a question ("why should I not"), a worry for someone else ("I don't want him to end his life"),
    or a "but" straight after ("I don't want to die but it seems like the only option")."""
    before = text[:match.start()].split()
    if before and before[-1] in NEGATIONS:
        at = len(before) - 1
    elif len(before) >= 2 and before[-2] in NEGATIONS and before[-1] in _BETWEEN:
        at = len(before) - 2
    else:
        return False
    if at and before[at] == "not" and before[at - 1] in _NOT_A_DENIAL:
        return False
    if _QUESTIONING & set(before[max(0, at - 3):at]):
        return False
    if _OTHERS & set(match.group().split()) or _OTHERS & set(before[at + 1:]):
        return False
    return "but" not in text[match.end():].split()[:3]


def is_topic_mention(text: str, match: re.Match[str]) -> bool:
    """Whether the match is only a topic word in a message about the past or about study, work or a story."""
    if match.group().strip() not in TOPIC_WORDS:
        return False
    return bool(_PAST.search(text) or _STUDY.search(text))


def mention_only(text: str, regexes: list[re.Pattern[str]]) -> tuple[str, str] | None:
    """If every match of the crisis rules in normalised `text` is a mention: the frame ("negated" or "about
    the past, study or work") and the text with those mentions (and their negations) masked out, for the
    scorer to read what is left. None when any match is a statement (or nothing matched)."""
    frame = None
    spans: list[tuple[int, int]] = []
    for regex in regexes:
        for match in regex.finditer(text):
            if is_negated(text, match):
                frame = frame or "negated"
                spans.append((_negation_start(text, match), match.end()))
            elif is_topic_mention(text, match):
                frame = frame or "about the past, study or work"
                spans.append((match.start(), match.end()))
            else:
                return None
    if frame is None:
        return None
    masked = text
    for start, end in sorted(spans, reverse=True):
        masked = masked[:start] + " ".join(MASK for _ in masked[start:end].split()) + " " + masked[end:]
    return frame, masked


def _negation_start(text: str, match: re.Match[str]) -> int:
    """Where the negation before a negated match begins ("not really" in "not really suicidal")."""
    head = text[:match.start()]
    words = head.split()
    count = 1 if words[-1] in NEGATIONS else 2
    return head.rstrip().rfind(" ".join(words[-count:]))
