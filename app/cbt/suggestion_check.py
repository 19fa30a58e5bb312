"""Does the assistant's suggestion for a thought record fit what the person wrote? Plain, explainable checks.

A balanced thought must not be harsher than the thought it balances, and "evidence against" must be
evidence against the thought, never an insult. The small model has written "...because you're a bad
person..." into a thought record, and turned the person's "two good reviews" into "my last two reviews were
bad" as the balanced thought. Four checks, each on one clause at a time (clauses end at punctuation and at
"but", "although", "because" ...), after contractions are spelled out ("you're" -> "you are"):

1. Harsh label — "you are / I am (a) bad person, failure, loser, idiot, worthless, useless, pathetic ...",
   said as a fact. Not when the clause negates it ("I'm not a failure", "one mistake doesn't make me a bad
   person"), distances it ("instead of calling myself a failure"), or asks it ("Does one mistake make you a
   failure?"). For a balanced thought a label the person used themselves ("I feel like a failure") is
   not added, so it passes; in "evidence against" a label is never evidence.
2. Catastrophising (balanced thought only) — words like ruined, disaster, hopeless, the worst, not in the
   person's own words and not negated; and absolutes that make it bleaker: "always"/"everyone" with a bad
   outcome ("I always mess up", "everyone hates me"), "never"/"nobody"/"nothing" with a good one ("I'll never
   be good enough", "nobody cares"). "Everyone makes mistakes", "no one is perfect" and "I can always ask for
   help" pass.
3. Contradicting the person's evidence — a word the suggestion shares with what the person wrote (reviews,
   boss, report) is described the opposite way ("bad reviews" where they wrote "good reviews"), and the
   person never described it that way themselves. Questions and "if/maybe" clauses are not statements of
   fact and are not compared.
4. Agreeing with the thought ("evidence against" only) — a statement that says the automatic thought again
   as a fact ("Your friend is fed up with you"). "Evidence against" must be evidence against it.

A suggestion that fails is not shown; `WITHHELD_MESSAGE` says so kindly, and the problem's `rule` and
`detail` go to the audit log (without the person's text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.safety.normalise import CONTRACTIONS, fold
from app.storage.journal import ThoughtRecord

CATEGORY = "suggestion-fit"  # the audit category for a suggestion withheld here

WITHHELD_MESSAGE = {
    "balanced-thought": (
        "Confidant's suggestion didn't fit what you wrote, so it isn't shown. Try writing it in your own "
        "words: a thought that is fair to both the evidence for and against, the way you might put it to a "
        "friend."),
    "evidence-against": (
        "Confidant's suggestion didn't fit what you wrote, so it isn't shown. Try writing it in your own "
        "words: anything you know that doesn't fit the thought, even something small, counts."),
}
DEFAULT_WITHHELD_MESSAGE = WITHHELD_MESSAGE["balanced-thought"]


@dataclass(frozen=True)
class SuggestionProblem:
    rule: str  # "harsh-label", "catastrophising", "contradicts-evidence" or "agrees-with-thought"
    detail: str  # what was found, in plain words (for explanations; quotes only the suggestion's words)

    @property
    def rule_id(self) -> str:
        return f"suggestion.{self.rule}"


# ---- word lists (lowercase, contractions spelled out) ----------------------------------------------------

HARSH_LABELS = (
    "bad person", "terrible person", "awful person", "horrible person", "bad mother", "bad father",
    "bad parent", "bad friend", "bad partner", "failure", "loser", "idiot", "stupid", "moron", "fool",
    "worthless", "useless", "pathetic", "hopeless", "incompetent", "disgusting", "unlovable", "burden",
    "weak", "lazy", "selfish", "a mess", "disappointment", "fraud", "waste of space", "not good enough",
    "never good enough", "inadequate", "unworthy", "freak", "a joke", "nobody", "dumb", "broken", "crazy",
    "ugly", "bad at everything", "no good", "good for nothing",
)
# Who the label is said about: the person ("you") or the person's own voice ("I"), and the words that make
# it a statement about them: "I am / you are / I feel like (a) ...", "that makes me / made you (a) ...".
_SUBJECTS = frozenset({"i", "me", "myself", "you", "yourself"})
_LINKS = frozenset({"am", "are", "was", "were", "be", "being", "like", "become", "became", "seem", "seems",
                    "seemed", "look", "looked", "sound", "sounds"})
_LINKS_WITH_OBJECT = frozenset({"make", "makes", "made", "making", "call", "calls", "called", "think", "thinks",
                                "thought", "consider", "considers", "prove", "proves", "proved"})
_NEGATORS = frozenset({"not", "no", "never", "nor", "neither", "without", "hardly"})
_DISTANCING = ("instead of", "rather than", "calling myself", "call myself", "calling yourself",
               "call yourself", "label", "labelling", "labeling", "labels", "than")
_HYPOTHETICAL = frozenset({"if", "maybe", "perhaps", "might", "may", "could", "whether", "unless", "suppose"})

CATASTROPHIC = (
    "ruined", "ruin", "ruins", "disaster", "disastrous", "catastrophe", "catastrophic", "hopeless",
    "pointless", "doomed", "unbearable", "end of the world", "falling apart", "no point", "can not cope",
    "can not stand", "forever", "unfixable", "beyond repair", "never recover",
)
# Absolutes that are kind, not bleak: these clauses are not checked for absolutes.
_KIND_ABSOLUTES = ("never too late", "never too early", "never hurts", "no one is perfect", "nobody is perfect",
                   "nobody is perfect", "nothing wrong with", "never alone", "can always", "could always",
                   "will always be able", "always worth", "everyone makes mistakes", "everybody makes mistakes")
_ALL_WORDS = frozenset({"always", "everyone", "everybody", "everything", "all the time", "every time"})
_NONE_WORDS = frozenset({"never", "nobody", "no one", "nothing"})
_BAD_OUTCOMES = ("mess up", "messes up", "messed up", "screw up", "screws up", "fail", "fails", "failed",
                 "ruin", "ruins", "wrong", "hate", "hates", "hated", "laugh at", "laughs at", "judge", "judges",
                 "leave", "leaves", "ignore", "ignores", "reject", "rejects", "let down", "lets down",
                 "disappoint", "disappoints", "bad", "worse", "stupid", "useless", "alone", "goes wrong",
                 "criticise", "criticises", "criticize", "criticizes", "against me", "against you")
_GOOD_OUTCOMES = ("good enough", "get better", "gets better", "be better", "change", "changes", "succeed",
                  "right", "works", "work out", "improve", "like me", "likes me", "love me", "loves me",
                  "cares", "care about", "wants me", "want me", "understand", "understands", "be happy",
                  "good at", "get it right")

# One axis of meaning, both directions: "good" reviews vs "bad" reviews; a friend who "replied" vs "ignored".
POSITIVE = frozenset({
    "good", "great", "excellent", "positive", "nice", "strong", "better", "best", "helpful",
    "happy", "pleased", "proud", "passed", "succeeded", "successful", "won", "finished", "completed",
    "praised", "thanked", "liked", "loved", "agreed", "accepted", "included", "invited", "replied",
    "answered", "remembered", "calm", "friendly", "glowing", "smiled", "improved", "supportive", "fair",
    "favourable", "favorable", "warm", "encouraging", "impressed",
})
NEGATIVE = frozenset({
    "bad", "poor", "terrible", "awful", "negative", "weak", "worse", "worst", "unkind", "unhelpful",
    "unhappy", "disappointed", "angry", "annoyed", "upset", "failed", "unfinished", "criticised",
    "criticized", "blamed", "disliked", "hated", "disagreed", "rejected", "excluded", "ignored", "forgot",
    "forgotten", "harsh", "unfriendly", "frowned", "declined", "worsened", "critical", "unfair", "mediocre",
    "unfavourable", "unfavorable", "unimpressed", "discouraging",
})
_STOP_WORDS = """
a an the and or but so of to in on at for with from by about as into over after before than then that this
these those it its it is i me my mine myself you your yours yourself we us our he him his she her they them
their there here what which who whom when where why how all any some many few more most much one two three
four five six seven eight nine ten first last next previous recent today yesterday week weeks month year time
times day days was were is are be been being am have has had do does did will would can could should may
might must shall get got gets getting said say says tell told feel felt feels think thought thinks make made
makes just really very also still even only too again already though although because if whether maybe
perhaps not no never nothing nobody everyone everybody everything always sometimes often usually lot lots
bit thing things way something someone anyone anything every each other another same such own both
"""
_STOP = frozenset(_STOP_WORDS.split())  # not content words: never what a describing word is about

_CLAUSE_BREAK = re.compile(r"[.,;:!?\n\u2014\u2013()\"]+|\s-\s|\b(?:but|although|though|however|because|yet|"
                           r"whereas|while|so that)\b")
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class _Clause:
    words: tuple[str, ...]
    question: bool

    @property
    def text(self) -> str:
        return " " + " ".join(self.words) + " "


def _words(text: str) -> list[str]:
    out: list[str] = []
    for raw in _WORD.findall(text):
        token = raw.strip("'")
        if not token:
            continue
        if token in CONTRACTIONS:
            out.extend(CONTRACTIONS[token].split())
        elif token.endswith("n't"):
            stem = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}.get(token[:-3], token[:-3])
            out.extend([stem, "not"])
        elif token.endswith("'re"):
            out.extend([token[:-3], "are"])
        elif token.endswith("'ve"):
            out.extend([token[:-3], "have"])
        elif token.endswith("'ll"):
            out.extend([token[:-3], "will"])
        elif token.endswith("'m"):
            out.extend([token[:-2], "am"])
        elif token.endswith("'d"):
            out.extend([token[:-2], "would"])
        else:
            out.append(token.replace("'", ""))
    return out


def _clauses(text: str) -> list[_Clause]:
    """Clauses of `text`; a clause is a question when the sentence it belongs to ends with '?'."""
    folded = fold(text or "")
    out: list[_Clause] = []
    for sentence in re.findall(r"[^.!?\n]+[.!?]*", folded):
        question = sentence.rstrip().endswith("?")
        for part in _CLAUSE_BREAK.split(sentence):
            words = tuple(_words(part))
            if words:
                out.append(_Clause(words, question))
    return out


def _find(phrase: str, clause: _Clause) -> int | None:
    """Word index where `phrase` starts in the clause, or None."""
    at = clause.text.find(f" {phrase} ")
    return None if at < 0 else clause.text[:at].count(" ")


def _negated_before(clause: _Clause, index: int) -> bool:
    before = clause.words[:index]
    return bool(_NEGATORS.intersection(before)) or any(f" {d} " in " " + " ".join(before) + " "
                                                        for d in _DISTANCING)


def _said_of_person(words: tuple[str, ...], index: int) -> bool:
    """Whether the label at `index` is said of the person: "i am (such) a ...", "you are ...", "makes me a ..."
    (a linking word at most four words before it)."""
    for at in range(max(0, index - 4), index):
        if words[at] in _LINKS and _SUBJECTS.intersection(words[:at]):
            return True
        if words[at] in _SUBJECTS and at > 0 and words[at - 1] in _LINKS_WITH_OBJECT:
            return True
    return False


def _in(phrase: str, texts: list[_Clause]) -> bool:
    return any(_find(phrase, clause) is not None for clause in texts)


_WINDOW = 4  # how far (in words) a describing word may be from what it describes, or an absolute from its outcome


# ---- the checks ----------------------------------------------------------------------------------------

def _harsh_label(suggestion: list[_Clause], original: list[_Clause], *, allow_original: bool
                 ) -> SuggestionProblem | None:
    for clause in suggestion:
        if clause.question:
            continue
        for label in HARSH_LABELS:
            index = _find(label, clause)
            if index is None or not _said_of_person(clause.words, index):
                continue
            if _negated_before(clause, index) or (allow_original and _in(label, original)):
                continue
            return SuggestionProblem("harsh-label", f"calls the person '{label}'")
    return None


def _catastrophising(suggestion: list[_Clause], original: list[_Clause]) -> SuggestionProblem | None:
    for clause in suggestion:
        if clause.question:
            continue
        for word in CATASTROPHIC:
            index = _find(word, clause)
            if index is not None and not _negated_before(clause, index) and not _in(word, original):
                return SuggestionProblem("catastrophising", f"adds '{word}'")
        if any(_find(kind, clause) is not None for kind in _KIND_ABSOLUTES):
            continue
        for quantifiers, outcomes in ((_ALL_WORDS, _BAD_OUTCOMES), (_NONE_WORDS, _GOOD_OUTCOMES)):
            for word in quantifiers:
                index = _find(word, clause)
                if index is None or _in(word, original):
                    continue
                if word in _ALL_WORDS and _negated_before(clause, index):
                    continue  # "I don't always mess up", "not everyone"
                start = index + len(word.split())
                rest = _Clause(clause.words[start:start + _WINDOW + 1], False)
                outcome = next((o for o in outcomes if _find(o, rest) is not None), None)
                if outcome is not None:
                    return SuggestionProblem("catastrophising", f"adds '{word} ... {outcome}'")
    return None


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word




def _described(clauses: list[_Clause]) -> dict[str, dict[int, str]]:
    """{content word stem: {+1 or -1: the words that described it}} for the statements in `clauses`."""
    out: dict[str, dict[int, str]] = {}
    for clause in clauses:
        if clause.question or _HYPOTHETICAL.intersection(clause.words):
            continue
        words = clause.words
        for i, word in enumerate(words):
            sign = 1 if word in POSITIVE else -1 if word in NEGATIVE else 0
            if not sign:
                continue
            if _NEGATORS.intersection(words[max(0, i - 3):i]):
                sign = -sign  # "not good" describes it as bad
            # the nearest content word it describes ("good reviews", "reviews were bad"); after it first
            for distance in range(1, _WINDOW + 1):
                j = next((j for j in (i + distance, i - distance) if 0 <= j < len(words) and _content(words[j])),
                         None)
                if j is not None:
                    phrase = " ".join(words[min(i, j):max(i, j) + 1])
                    out.setdefault(_stem(words[j]), {}).setdefault(sign, phrase)
                    break
    return out


def _content(word: str) -> bool:
    return word not in _STOP and word not in POSITIVE and word not in NEGATIVE and len(word) >= 3 \
        and not word.isdigit()


def _contradiction(suggestion: list[_Clause], facts: list[_Clause]) -> SuggestionProblem | None:
    theirs = _described(facts)
    for stem, signs in _described(suggestion).items():
        known = theirs.get(stem, {})
        for sign, phrase in signs.items():
            if -sign in known and sign not in known:
                return SuggestionProblem("contradicts-evidence",
                                         f"says '{phrase}' where the person's own words say the opposite")
    return None


# Words that hold a thought at a distance ("I worry that ...", "it feels like ...", "that doesn't mean ..."):
# a clause with one of them talks about the thought, it does not assert it.
_HOLDING = frozenset({"feel", "feels", "felt", "feeling", "think", "thinks", "thought", "thinking", "worry",
                      "worries", "worried", "fear", "fears", "feared", "afraid", "seem", "seems", "seemed",
                      "notice", "noticed", "wonder", "mean", "means", "sure", "know", "knows", "necessarily",
                      "evidence", "fact", "proof", "prove", "proves", "wrote", "say", "says", "said"})
_QUOTED = re.compile(r'"[^"\n]*"')


def _agrees_with_thought(suggestion: str, thought: str) -> SuggestionProblem | None:
    """A statement that says the automatic thought again as a fact ("Your manager is going to fire you"):
    most of the thought's content words, no negation, nothing holding it at a distance, not a question,
    not a quotation of the person's words."""
    wanted = content_stems(thought)
    if len(wanted) < 2:
        return None  # one-word thoughts ("I'm useless") are the harsh-label check's
    for clause in _clauses(_QUOTED.sub(" . ", fold(suggestion))):
        words = set(clause.words)
        if clause.question or words & (_NEGATORS | _HYPOTHETICAL | _HOLDING):
            continue
        shared = {_stem(w) for w in clause.words if _content(w)} & wanted
        if len(shared) >= max(2, -(-len(wanted) * 3 // 5)):
            return SuggestionProblem("agrees-with-thought", "says the automatic thought again as a fact")
    return None


def agrees_with_thought(suggestion: str, thought: str) -> bool:
    return _agrees_with_thought(suggestion, thought) is not None


_FALSELY_POSITIVE = ("perfect", "definitely", "certainly", "for sure", "guaranteed", "nothing will go wrong",
                     "everyone loves", "everybody loves", "everyone likes", "the best", "amazing at", "master of",
                     "always succeed", "never fail", "never make mistakes", "no problem at all")


def flat_contradiction(suggestion: str, thought: str) -> str | None:
    """What makes `suggestion` a flat, falsely positive contradiction of the thought ("I'm perfect", "I am not
    going to get fired"), or None. A balanced thought weighs the evidence; it does not just say the opposite."""
    wanted = content_stems(thought)
    for clause in _clauses(_QUOTED.sub(" . ", fold(suggestion))):
        if clause.question:
            continue
        for phrase in _FALSELY_POSITIVE:
            index = _find(phrase, clause)
            if index is not None and not _negated_before(clause, index):
                return f"says '{phrase}'"
        words = set(clause.words)
        shared = {_stem(w) for w in clause.words if _content(w)} & wanted
        if (len(wanted) >= 2 and len(shared) >= max(2, -(-len(wanted) * 3 // 5)) and words & _NEGATORS
                and not words & (_HOLDING | _HYPOTHETICAL)):
            return "only negates the thought"
    return None


def content_stems(text: str, *, describing: bool = False) -> set[str]:
    """The content words of `text` (no stop words; describing words such as "good" or "invited" only with
    `describing`), stemmed: what two texts share when they talk about the same things."""
    return {_stem(w) for clause in _clauses(text) for w in clause.words
            if _content(w) or (describing and (w in POSITIVE or w in NEGATIVE))}


def harsh_words(text: str) -> list[str]:
    """Harsh labels and catastrophic words said as statements in `text` (not negated, not asked): the
    measure of how harsh a thought, or a suggestion, is."""
    found = []
    for clause in _clauses(text):
        if clause.question:
            continue
        for phrase in (*HARSH_LABELS, *CATASTROPHIC):
            index = _find(phrase, clause)
            if index is not None and not _negated_before(clause, index):
                found.append(phrase)
    return found


def contradicts_evidence(suggestion: str, record: ThoughtRecord) -> SuggestionProblem | None:
    """The suggestion describes something the opposite way to the person's own words ("bad reviews" where
    they wrote "good reviews"), or None."""
    return _contradiction(_clauses(suggestion), _facts(record))


def _facts(record: ThoughtRecord) -> list[_Clause]:
    return _clauses("\n".join((record.situation, record.evidence_for, record.evidence_against)))


def check_suggestion(step: str, suggestion: str, record: ThoughtRecord) -> SuggestionProblem | None:
    """The first problem with the assistant's `suggestion` for `step` of `record`, or None when it fits."""
    said = _clauses(suggestion)
    original = _clauses("\n".join((record.situation, record.automatic_thought, record.evidence_for,
                                   record.balanced_thought)))
    facts = _facts(record)
    if step == "balanced-thought":
        return (_harsh_label(said, original, allow_original=True) or _catastrophising(said, original)
                or _contradiction(said, facts))
    return (_harsh_label(said, original, allow_original=False) or _contradiction(said, facts)
            or _agrees_with_thought(suggestion, record.automatic_thought))
