"""A thought being weighed, the heart of a thought record, in the person's own words.

In a conversation about something hard, a message that brings up what doesn't fit the thought ("Well, I did
pass all my competencies"), says a fairer view ("I guess I'm still learning and that's normal") or names the
thought to check ("ok so the thought is 'I'm a failure'") is the person doing the work of the exercise. The
model read those as "you're feeling down about your degree" and the topic's ladder asked the next unrelated
question; these get a written reply that takes up what they found (texts in assets/cbt/guided/turns.toml,
[balance]). Read on normalised text, like turns.py; questions go the usual way.

Phrasing alone misses most answers ("i suppose they were busy having fun themselves"), so the answer to one of
our own questions that asks for another view, or for what doesn't fit, is read as that view or that evidence
unless it is not knowing, the thought again, or something harsh. The feeling still there after a fairer view
("it still bugs me") is met as normal rather than asked how the fairer view feels.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.cbt.content import Move, fixed_part, least_recent
from app.cbt.turns import PLAN_MAX_WORDS, said_back, turn_texts
from app.safety.normalise import SEPARATOR

__all__ = ["named_thought", "thought_move", "weighing_kind", "weighing_move"]

# What doesn't fit the thought comes after a word that turns ("well", "I guess") and says what happened.
_WEIGHING_LEAD = re.compile(r"^(?:(?:ok|okay|yeah|hmm+|huh|true|so) )*(?:well|but|although|though|actually|"
                            r"to be fair|then again|mind you|i mean|i suppose|i guess|suppose|guess)\b")
_EVIDENCE = re.compile(r"\b(?:(?:she|he|they|my [a-z]+|[a-z]+) (?:did )?(?:said|say|told me|asked me|asked|invited|"
                       r"thanked|praised|helped|liked|loved)|i (?:did|passed|managed|finished|made it|was fine|"
                       r"have been (?:fine|ok|okay|doing))|did (?:ask|say|invite|help|pass|do)|was fine|were fine|"
                       r"turned out|"
                       r"went (?:fine|ok|okay|well)|(?:he|she|they|it) (?:was|were) (?:fine|ok|okay|good|great)|"
                       r"did (?!not\b)(?:give|show|come|call|ring|text|message|visit|notice|remember|hug|smile|"
                       r"thank|offer|check|turn up|get|win|finish|manage|make))\b")  # "they did give me a hug"
_FAIRER = re.compile(r"\b(?:" + "|".join((
    r"(?:it is|that is|it was|that was|i am|i was)(?: just| probably| only| still| quite)* (?:more likely|normal|"
    r"understandable|only human|learning|not that bad|not the end of the world|not my fault|not all my fault|"
    r"not as bad)",
    r"(?:she|he|they|it) (?:was|were|is|are)(?: just| probably| only)+ (?:busy|tired|stressed|distracted|fine|ok|"
    r"okay)",  # "she was just busy"
    r"(?:she|he|they) (?:might|may|could|probably) (?:have )?(?:thought|been|forgotten|not known|assumed|just)",
    r"maybe (?:she|he|they|people|everyone) (?:was|were) not (?:laughing|talking|looking|staring|angry|annoyed|"
    r"ignoring|judging|thinking)(?: at| about)?(?: me)?",  # "maybe they weren't laughing at me": the thought, undone
    r"maybe (?:she|he|they) (?:just|probably|might|was|were)",  # another explanation
    r"(?:she|he|they) would (?:probably |likely |actually |really )?(?:want to know|want to help|understand|get it|"
    r"not mind|be fine|be ok|be okay)",  # "i guess she'd probably want to know so she can help"
    r"(?:i suppose|i guess|perhaps|probably) (?:she|he|they) (?:was|were|are|is)(?: just| probably| only)? "
    r"(?:busy|tired|stressed|distracted|preoccupied|nervous|shy|having fun|enjoying themselves|in a rush)",
    r"(?:she|he|they|people|everyone) (?:probably|might|may) (?:not |do not |did not |will not |would not )?"
    r"(?:even )?(?:notice|noticed|mind|care|remember)",  # "they probably don't care"
    r"(?:it is|it was|that is|that was)(?: just| only)? one (?:bit|thing|mistake|comment|bad day|day|time|grade|"
    r"exam|piece|moment|conversation)",  # "it was one bit of feedback, not a verdict on me"
    r"(?:probably|likely|will|going to) (?:be )?(?:fine|ok|okay)",
    r"kinder", r"harder on myself than", r"more against than for", r"not (?:that|as) bad as i thought",
    r"not the end of the world", r"(?:is|was) not (?:that|so|as) bad",
    r"i would (?:have )?(?:tell|told|say|said) (?:her|him|them)",  # what they'd tell a friend
)) + r")\b")
# The thought to be weighed, named: "ok so the thought is 'everyone at work thinks i'm useless'", "like the
# thought "i'm a failure"". After "how do I challenge a thought?" the answer asked for one; asking again for
# "a thought you'd like to check" when the person has just given it reads as not listening.
_NAMED_THOUGHT = re.compile(
    r"\bthought\s+(?:is|was|would be|being|like|of|that|i keep having|i have|i had)?\s*[:\-]?\s*"
    r"(?:\"(?P<dq>[^\"]{3,90})\"|“(?P<cq>[^”]{3,90})”|'(?P<sq>.{3,90}?)'(?=\s|$|[.,!?;:])"
    r"|‘(?P<tq>.{3,90}?)’(?=\s|$|[.,!?;:]))", re.IGNORECASE)
# Unquoted, only a statement that starts like one about someone ("my thought is i'm not good enough"), never
# a question about thoughts ("what if the thought is actually true?").
_THOUGHT_IS = re.compile(r"\b(?:the|my) (?:main |big |first )?thought (?:is|was)\s*[:\-]?\s+(?P<bare>(?:that )?"
                         r"(?:i|i'm|i am|i'll|i will|i've|she|he|they|everyone|everybody|nobody|no one|people|my|"
                         r"it's|things|nothing)\b[^.?!\n]{2,90})", re.IGNORECASE)
THOUGHT_MAX_WORDS = 15


# A reply that asked what the thought is; an answer starting "that …" is the thought ("That I'm a terrible
# mother", after "What is the harsh voice saying about you?").
_ASKED_FOR_THOUGHT = re.compile(r"harsh voice saying|worry telling you|went through your mind|what (?:was|is) the "
                                r"thought|what thoughts? (?:came|come|tend to come|popped)", re.IGNORECASE)
_THAT_THOUGHT = re.compile(r"^\s*(?:that|like)\s+(?P<bare>(?:i|i'm|i am|i'll|i will|i've|she|he|they|they'll|"
                           r"she'll|he'll|everyone|everybody|nobody|no one|people|my|it's|it'll|things|nothing)\b"
                           r"[^?\n]{2,120}?)[.!]*\s*$", re.IGNORECASE)


def named_thought(message: str, recent_replies: Sequence[str] = ()) -> str | None:
    """The thought the person names to be checked, as they wrote it ("i'm a failure"), or gives when the last
    reply asked for it ("That I'm a terrible mother"); None when none is named, or it runs long."""
    asked = bool(recent_replies) and _ASKED_FOR_THOUGHT.search(recent_replies[-1] or "") is not None
    match = (_NAMED_THOUGHT.search(message) or (_THOUGHT_IS.search(message) if "?" not in message else None)
             or (_THAT_THOUGHT.match(message) if asked else None))
    if match is None:
        return None
    thought = next(group for group in match.groups() if group).strip().strip("\"'“”‘’").rstrip(".,!;: ")
    thought = re.sub(r"^that\s+", "", thought, flags=re.IGNORECASE)  # "the thought was that I'm …"
    thought = re.sub(r"\bi\b", "I", thought)  # "thinks i'm useless": as in a sentence
    if not thought or len(thought.split()) > THOUGHT_MAX_WORDS:
        return None
    return thought[:1].upper() + thought[1:]


def thought_move(message: str, topic: str, recent_replies: Sequence[str]) -> Move | None:
    """The first step of checking a named thought: what fits it and what doesn't, as the whole reply."""
    texts = turn_texts()
    thought = named_thought(message, recent_replies)
    if texts is None or thought is None:
        return None
    text = least_recent(texts.thought, recent_replies).replace("{thought}", thought)
    return Move("turn.thought", topic, "whole", text)


# A question without its question mark ("how do i stop checking my phone"): the usual path answers it.
_ASKS = re.compile(r"\b(?:how|what|why|where|when|who) (?:do|does|did|can|could|should|would|will) (?:i|you|we)\b|"
                   r"\b(?:should|can|could) i\b")
# What a fairer view or evidence against the thought never says: a worry, harm, or something hurtful.
_NOT_WEIGHING = re.compile(r"\b(?:not|never|nobody|no one|nothing|what if|die|dead|kill|hurt|suicide|hate|hates|"
                           r"hated|shout|shouted|yelled|screamed|laughed at|ignored|dumped|broke up|fired|sacked|"
                           r"failed|panic|useless|stupid|idiot|failure|worthless|pathetic|awful|horrible|"
                           r"(?:have|had|got) no)\b")


# Our own questions that ask only for another view of the thought, or only for what doesn't fit it: whatever
# the person answers in their own words ("i suppose they were busy having fun themselves") is that view. Read on
# the last question of the last reply, which we wrote, so it does not depend on how the person phrases it. The
# thought check ("what has happened that seems to fit it, and what doesn't fit it?") asks for both sides, and
# "what do you actually know about what they were thinking?" may be answered with either, so neither is here.
_ASKED_FOR_VIEW = re.compile(r"else could explain|another (?:way|explanation)|fairer|more balanced|kinder|"
                             r"what would you (?:say|tell)|what would a good friend|most likely outcome|"
                             r"without the label", re.IGNORECASE)
_ASKED_FOR_EVIDENCE = re.compile(r"(?:happened|done lately|more) that (?:doesn't|does not) fit", re.IGNORECASE)
_LAST_QUESTION = re.compile(r"[^.?!]*\?\s*$")
# An answer that is not another view: not knowing, the thought again, harm, or something harsh.
_NOT_A_VIEW = re.compile(r"\b(?:do not know|dunno|idk|no idea|not sure|unsure|can not think|no clue|nothing|none|"
                         r"what if|die|dead|dying|kill|hurt|suicide|hate|hates|useless|stupid|idiot|failure|"
                         r"worthless|pathetic|loser|weird|ugly|disgusting|terrible|awful|horrible|rubbish|crap|fat|"
                         r"gross|dramatic|get over it|man up|grow up|true|right|agree|exactly|laugh|laughed|"
                         r"laughing|judge|judged|judging|thought i was|think i am|thinks i am|my fault|about me)\b")
# The feeling still there after a fairer view ("it still bugs me"), which is normal, not the view failing.
_STILL = re.compile(r"\bstill\b")
_STILL_FEELS = re.compile(r"\b(?:feel|feels|feeling|bugs|bothers|stings|hurts|upsets|nags|gets to|on edge|"
                          r"not convinced|do not believe|can not shake|believe|annoyed|worried|anxious|upset|sad|"
                          r"bad|gross|rubbish|awful|horrible|there)\b")
_EASED = re.compile(r"\b(?:better|less|calmer|lighter|easier|good|fine|ok|okay|relieved)\b")
_HARM = re.compile(r"\b(?:die|dead|dying|kill|hurt myself|suicide|end it|disappear)\b")
# More of their own story, not an answer ("i keep expecting him at the door when i get home", after "what would
# you tell a friend who was grieving this way?").
_STORY = re.compile(r"^(?:(?:and|but|so|yeah|well|ok|okay|just) )*i (?:keep|always|never|can not|still|just|miss|"
                    r"feel|felt|am|was|hate|wish|want|need|do not|did not|have not|had|used to|sometimes)\b")
# An answer weighs something: a hedge, another person's side, or what happened ("nobody actually said anything",
# "she's been pretty understanding"); "yeah that's the bit keeping me up" does none of that. A plan ("might try
# my cousin") is a plan, not a view.
_VIEW_MARKER = re.compile(r"\b(?:maybe|probably|perhaps|might|may|could|suppose|guess|think|reckon|actually|really|"
                          r"only|not|nobody|no one|she|he|they|people|everyone|would|understand|normal|fine|ok|okay|"
                          r"likely|unlikely|did|does|has|have|passed|managed|said|told)\b")
_PLANNING = re.compile(r"(?:^|\b(?:i|maybe|yeah|ok|okay|so|then)) (?:will|might|could|should|am going to|am gonna|"
                       r"gonna|am planning to|plan to) (?!be\b|have been\b)")
_HEDGE = re.compile(r"^(?:i do not know|idk|dunno|i dunno) (?=maybe|probably|perhaps|i guess|i suppose)")
MIN_ANSWER_WORDS = 3


def weighing_kind(normalised: str, message: str = "", recent_replies: Sequence[str] = ()) -> str | None:
    """ "fairer" for a fairer view of the thought in the person's words, "evidence" for something that doesn't
    fit it (after a leading "well", "I guess" …, or as the answer to our question asking for it), "lingering"
    for the feeling still there just after a fairer view; None otherwise. Only for a conversation about
    something hard (moves.choose_move decides that); questions are left to the usual path."""
    text = " ".join(word for word in normalised.split() if word != SEPARATOR)
    text = _HEDGE.sub("", text)  # "idk maybe they weren't laughing at me": a hedge before a view, not not knowing
    if "?" in message or len(text.split()) > PLAN_MAX_WORDS or _ASKS.search(text):
        return None
    rest = re.sub(r"\bnot (?:to|a|an)\b", " ", _FAIRER.sub(" ", text))  # "told her not to be daft", "not a verdict"
    lingers = bool(_STILL.search(text) and _STILL_FEELS.search(text) and not _EASED.search(text))
    if _FAIRER.search(text) and not _NOT_WEIGHING.search(rest) and not _NOT_A_VIEW.search(rest):
        # "not my fault"; "not" elsewhere ("but I'm not sure") is not. "…she was just busy. I still feel on edge
        # though": asking how the fairer view feels would not hear the second half
        return "lingering" if lingers else "fairer"
    if _WEIGHING_LEAD.search(text) and _EVIDENCE.search(text) and not _NOT_WEIGHING.search(text):
        return "evidence"
    asked = _LAST_QUESTION.search(recent_replies[-1] or "") if recent_replies else None
    if asked is None or _HARM.search(text):
        return None
    question = asked.group(0)
    if lingers and (_ASKED_FOR_VIEW.search(question) or _after_fairer(recent_replies[-1])):
        return "lingering"  # "still feel gross though", after "what might be a fairer way to see it?"
    said = _VIEW_LEAD.sub("", message or text).split()  # as written: the normaliser reads "ya" as "you"
    if (len(said) < MIN_ANSWER_WORDS or _NOT_A_VIEW.search(text) or _STILL.search(text) or _STORY.search(text)
            or _PLANNING.search(text)):
        return None
    if _ASKED_FOR_EVIDENCE.search(question):
        return "evidence"  # what happened, in any words
    return "fairer" if _ASKED_FOR_VIEW.search(question) and _VIEW_MARKER.search(text) else None


_VIEW_LEAD = re.compile(r"^\s*(?:(?:ok|okay|yeah|yes|ya|yep|yup|yh|mhm|hmm+|huh|true|so|well|but|although|though|"
                        r"actually|i mean|"
                        r"i suppose|i guess|to be fair|then again|mind you|kinder,? definitely)\b[,.]?\s*)+",
                        re.IGNORECASE)
_FIRST_SENTENCE = re.compile(r"[^.!?;\n]+")
VIEW_MAX_WORDS = 16


def quoted_view(message: str) -> str | None:
    """The fairer view as they wrote it, to quote back: the first sentence without its leading "i guess",
    "well" …, capitalised; None when it runs long or is empty."""
    first = _FIRST_SENTENCE.search(message)
    view = _VIEW_LEAD.sub("", first.group(0)).strip(" ,\"'“”‘’") if first else ""
    if not view or len(view.split()) > VIEW_MAX_WORDS or len(view.split()) < 2:
        return None
    view = re.sub(r"\bi\b", "I", view)
    return view[:1].upper() + view[1:]


def _after_fairer(reply: str) -> bool:
    texts = turn_texts()
    return texts is not None and any(fixed_part(text) in " ".join(reply.split())
                                     for text in (*texts.fairer, *texts.fairer_echoes))


def weighing_move(kind: str, normalised: str, message: str, topic: str, recent_replies: Sequence[str],
                  feelings: Sequence[str] = ()) -> Move | None:
    """The whole reply to evidence that doesn't fit the thought (said back in the person's words when it can
    be, then a question towards a balanced thought), to a fairer view (quoted when it can be; how it feels, how
    much they believe it) or to the feeling that lingers (`feelings`: the ones the message names)."""
    texts = turn_texts()
    if texts is None:
        return None
    if kind == "lingering":
        named = sorted(feelings, key=len, reverse=True)
        choices = texts.lingering_echoes if named else texts.lingering
        return Move("turn.lingering", topic, "whole",
                    least_recent(choices, recent_replies).replace("{feeling}", named[0] if named else ""))
    if kind == "fairer":
        view = quoted_view(message)
        choices = texts.fairer_echoes if view else texts.fairer
        return Move("turn.fairer", topic, "whole", least_recent(choices, recent_replies).replace("{view}", view or ""))
    text = " ".join(normalised.split())  # separators kept: the first clause is what is said back
    lead = _WEIGHING_LEAD.search(text)
    evidence = said_back(text[lead.end():].strip() if lead else text, message)
    choices = texts.evidence_echoes if evidence else texts.evidence
    return Move("turn.evidence", topic, "whole",
                least_recent(choices, recent_replies).replace("{evidence}", evidence or ""))
