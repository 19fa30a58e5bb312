"""Messages about the conversation itself rather than a feeling: hello, thanks and goodbye, questions about
Confidant, "I don't want to talk about it", a request it isn't for, "that helps", a plan; and, in a
conversation about something hard, the person weighing their thought (what doesn't fit it, a fairer view).

A guided reply reflects a feeling and asks the topic's next question. For these messages both go wrong: the
model read "ok that helps a bit actually" as "you're feeling frustrated and disappointed", and "thanks" got
"How likely is that, really…" because the conversation's topic was worry. So a whole message that only
thanks or says goodbye gets a closing reply; one that only says something helped gets that acknowledged
before the topic's next small step; and one that says what the person will do next ("maybe I'll ring him on
Sunday") gets a question that makes the plan concrete (when, and what might get in the way), the usual CBT
move for an intention. "Are you a real person?" was reflected as "you're feeling confused about yourself";
a question about what Confidant is, what it can do or who can read the conversation now gets a true answer,
a greeting gets a greeting, and "what's the capital of France" gets what Confidant is for. The texts are
curated (assets/cbt/guided/turns.toml) and used in turn, never one shown in the last few replies; the output
rail still checks them, as every guided reply.

Only whole, short messages are read this way, on normalised text ("i will", "do not", lowercase): "thanks.
the flat just feels wrong without her" says something else too, and gets the usual reply. The input rail
has screened the message before any of this runs: "thank you for everything. goodbye." never gets here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.cbt.content import Move, least_recent
from app.paths import assets_dir
from app.safety.normalise import SEPARATOR
from app.safety.sign_off import is_sign_off

MAX_WORDS = 12  # thanks or "that helps" is short; a longer message says something of its own
PLAN_MAX_WORDS = 30

_LEAD = (r"(?:ok|okay|k|oh|ah|aw|right|alright|all right|great|cool|nice|lovely|perfect|brilliant|amazing|"
         r"yeah|yes|yep|well|honestly|really|seriously|hmm|mm|wow|true|good)")
_THANKS = (r"(?:thanks|thank you|thank u|thankyou|thx|ty|tysm|cheers|ta|many thanks|much appreciated|"
           r"appreciate it|i appreciate (?:it|that|this|you)|that is (?:really |so )?(?:kind|nice|sweet|lovely))")
_THANKS_TAIL = (r"(?:so much|a lot|a bunch|loads|very much|again|x+|for (?:that|this|listening|the chat|the help|"
                r"the advice|the tips|the idea|your help|helping|being here|letting me vent|talking|hearing me out|"
                r"the reminder|asking)|that (?:helps|helped)|it (?:helps|helped)|this (?:helps|helped)|"
                r"that (?:is|was) (?:really |so |very |super )?(?:helpful|useful)|i will try that|"
                r"i will think about (?:it|that))")
_THANKS_ONLY = re.compile(rf"^(?:{_LEAD} )*{_THANKS}(?: {_THANKS_TAIL})*$")

# About Confidant itself, or not about feelings at all (whole normalised messages; see kind_of_turn).
ABOUT = ("greeting", "identity", "help", "privacy", "not-ready", "off-topic")
_GREETING = re.compile(r"^(?:(?:oh|ok|okay|well|um|so) )*(?:hi+|hello|hey+|hiya|heya|howdy|yo|morning|evening"
                       r"|good (?:morning|afternoon|evening))(?: there| again| confidant| you| everyone)*"
                       r"(?: how are you(?: doing| today)*)?$")
_IDENTITY = re.compile(r"\b(?:are you|r u|am i (?:talking|speaking|chatting) (?:to|with)|is this) "
                       r"(?:a |an |actually |really |even )*(?:real (?:person|human|people|someone)|human|person|bot|"
                       r"robot|ai|machine|computer|chatbot|program|therapist|counsell?or|doctor)\b"
                       r"|^(?:so )?(?:who|what) are you$|\bare you (?:real|alive|conscious|sentient)\b"
                       r"|\bwho (?:made|created|built|programmed|wrote|designed) you\b")
# Whole messages only: "what do you do when you feel like this?" and "how does this work in practice?" (after
# an explanation) are not about the app.
_HELP = re.compile(r"^(?:(?:so|ok|okay|um|and|but|hi|hey|hello) )*(?:what (?:can|could|do|will) you (?:actually |"
                   r"really |even )?(?:do|help(?: me)?(?: with)?|offer)(?: me| for me)?|how (?:can|could|do|will) you "
                   r"help(?: me)?|what (?:are you|is this|is confidant|is this app) for|what do you do|how does "
                   r"(?:this app|confidant|this thing) work|what is (?:this app|confidant))(?: exactly| then| here|"
                   r" anyway)*$")
# About who can read what they write: "can anyone see this?", "is this private?", "will you tell my parents?";
# not "can anyone see how much I'm struggling?" or "is my son safe?".
_WRITTEN = r"(?:this|it|these|my (?:messages|chats|conversations|data|diary|entries)|what i (?:write|say|type))"
_PRIVACY = re.compile(rf"^(?:(?:so|ok|okay|um|and|but|wait) )*is (?:this|it|this app|{_WRITTEN}) (?:really |actually )?"
                      r"(?:private|confidential|secure|encrypted|anonymous|saved|stored|recorded|shared)(?: here)?$"
                      r"|\b(?:can|will|does|could|would) (?:anyone|anybody|someone|my (?:therapist|parents|mum|mom|"
                      r"dad|partner|boss|school|teacher|doctor)|the (?:company|developers)|you) (?:else )?(?:see|read|"
                      rf"access|look at) {_WRITTEN}\b|\bwho (?:else )?(?:can|could|will) (?:see|read) {_WRITTEN}\b"
                      r"|\bwhere (?:does|do|is|are) (?:this|it|my (?:messages|data|chats|conversations)) "
                      r"(?:go|stored|saved|kept)\b|\bare (?:my )?(?:messages|chats|conversations) (?:saved|stored|kept|"
                      r"private)\b|\bdo you (?:store|save|keep|share|sell|send) (?:this|it|my|what)\b"
                      r"|\b(?:do|will|would) you (?:tell|report (?:this |me )?to) (?:anyone|anybody|my \w+|"
                      r"the police)\b")
_NOT_READY = re.compile(r"^(?:(?:ok|okay|um|well|honestly|sorry|i mean|hmm|yeah|no|nah|just|actually) )*"
                        r"(?:(?:i )?do not (?:really |quite )?(?:want|feel like|wanna) (?:to )?(?:talk|go into|"
                        r"get into|say|share)(?: about)?(?: it| this| that)?|(?:i am )?not ready to (?:talk|share|say)"
                        r"(?: about)?(?: it| this| that)?|(?:i would )?rather not (?:say|talk about it|go into it)"
                        r"|i do not (?:even )?know where to (?:start|begin)|can we (?:talk about|change) "
                        r"(?:something else|the subject))(?: (?:yet|right now|now|today|tbh|sorry|thanks|really))*$")
_OFF_TOPIC = re.compile(r"\b(?:capital of|tell me a joke|(?:write|make) (?:me )?(?:a |an )?(?:poem|story|song|essay|"
                        r"limerick|haiku|code|program|script)|translate|what is the weather|who won|recipe for|"
                        r"solve (?:this|my) (?:maths?|math|equation)|what is \d+ (?:plus|times|minus|divided))\b")
ABOUT_MAX_WORDS = 16

_SOFT = r"(?:really|actually|kind of|sort of|does|do|did|definitely|genuinely|honestly|probably|maybe|i think)"
_HELPED_CORE = (r"(?:(?:that|this|it|which|what you said|that idea|that one|you are|that is) )?"
                rf"(?:{_SOFT} )*(?:helps|helped|is helpful|was helpful|is useful|was useful|makes sense|made sense|"
                r"is a good idea|sounds good|sounds helpful|sounds useful|sounds like a good idea|is true|is fair|"
                r"right|probably right|have a point|has a point)"
                r"|good idea|good point|fair enough|fair point|very true|so true|i like that(?: idea)?|"
                r"i never thought of it like that|i had not thought of (?:it|that)(?: like that| that way)?")
_HELPED_TAIL = r"(?:a bit|a little|a lot|actually|thanks|thank you|tbh|honestly|i guess|i suppose|to be honest|too)"
_HELPFUL = re.compile(r"\b(?:help|helps|helped|helpful|useful)\b")
_HELPED_ONLY = re.compile(rf"^(?:{_LEAD} )*(?:{_HELPED_CORE})(?: {_HELPED_TAIL})*$")

# A plan: an intention, then something to do ("maybe i will ring him on sunday", "i am going to ask her").
_INTEND = (r"\b(?:i will|i am going to|i am gonna|i think i will|maybe i will|maybe i could|maybe i can|i might|"
           r"maybe i should|i could|maybe|i plan to|i am planning to|i am planning on|i have decided to|"
           r"i decided to|i will try to|i am going to try to|i am going to try and|i will try and)")
_ACT = (r"(?:talk|speak|ask|tell|mention|ring|call|phone|text|message|email|write (?:down|it|a list|out)|jot|"
        r"start|book|"
        r"open|look at|have a look|go through|sort (?:out|it|things)|pay|try [a-z]+ing|"
        r"(?:have|take) (?:a|an|some) (?:break|walk|bath|shower|nap|rest|breather|early night|day off)|"
        r"revise|study|cook|tidy|clean|finish|send|reply|apologi[sz]e|stretch|meditate|journal|"
        r"make (?:a|an|some|time|plans?)|do (?:some|a|the|my) (?!nothing)|"
        r"do that|do it|do this|try (?:that|it|this)|plan|say (?:something|no|it|that)|reach out|sit down|"
        r"go (?:for|out|outside|and|round|over|back to|to)|walk|read|get up|set|apply|visit|meet|join|sign up|"
        r"check in|explain|bring it up|raise it|make (?:a list|time|a plan)|have a (?:word|chat|go)|"
        r"give (?:it|that|this) a (?:go|try|shot)|practi[cs]e|schedule|put (?:aside|some time)|look for|"
        r"see (?:a|my|if|him|her|them))")
_PLAN = re.compile(rf"{_INTEND}(?: (?:just|probably|definitely|actually|finally|first|then|also|really|have a go at|"
                   rf"try to|try and))* {_ACT}\b")
# A plan in words, but a worry, a question or a risk: "i will talk to him but what if he laughs", "i am going
# to say goodbye". The input rail judges risk; this only keeps a plan question away from such messages.
_NOT_A_PLAN = re.compile(r"\b(?:but|what if|not sure|scared|afraid|worried|nervous|dread|terrified|anxious|"
                         r"goodbye|bye|farewell|forever|end it|end things|ending|kill|die|dying|dead|suicide|"
                         r"pills|overdose|rope|bridge|gun|knife|blade|cut|hurt|letter|note|last time|never again|"
                         r"my will|give away|everyone|never|not|wake|wish|if i could|could have (?!a|an|some)|used to|"
                         r"back then|when i was|then what|what then|now what|what next)\b")


@dataclass(frozen=True)
class TurnTexts:
    """assets/cbt/guided/turns.toml."""

    thanks: tuple[str, ...]
    goodbye: tuple[str, ...]
    about: dict[str, tuple[str, ...]]  # ABOUT kinds: greeting, identity, help, privacy, not_ready, off_topic
    helped: tuple[str, ...]
    agreed: tuple[str, ...]
    plan_acknowledgements: tuple[str, ...]
    plan_echoes: tuple[str, ...]  # with "{plan}": the person's plan in their words
    plan_questions: tuple[str, ...]
    plan_questions_timed: tuple[str, ...]  # for a plan that already says when
    evidence: tuple[str, ...] = ()  # after something that doesn't fit the thought ("well, she did ask me")
    evidence_echoes: tuple[str, ...] = ()  # the same with "{evidence}": what they said, turned to "you"
    fairer: tuple[str, ...] = ()  # after a fairer view in the person's words ("i guess it's normal")
    thought: tuple[str, ...] = ()  # with "{thought}": a thought the person named, to check against the facts


@lru_cache(maxsize=4)
def turn_texts(path: Path | None = None) -> TurnTexts | None:
    """The curated texts; None when the file is missing or damaged, which only costs these replies (the
    message then gets the usual reflection and question), so it is read leniently."""
    path = path or assets_dir() / "cbt" / "guided" / "turns.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))

        def texts(table: str, key: str) -> tuple[str, ...]:
            return tuple(" ".join(str(text).split()) for text in data[table][key])

        about = {kind: texts("about", kind.replace("-", "_")) for kind in ABOUT}
        found = TurnTexts(texts("closing", "thanks"), texts("closing", "goodbye"), about, texts("helped", "helped"),
                          texts("helped", "agreed"), texts("plan", "acknowledgements"), texts("plan", "echoes"),
                          texts("plan", "questions"), texts("plan", "questions_timed"), texts("balance", "evidence"),
                          texts("balance", "evidence_echoes"), texts("balance", "fairer"),
                          texts("balance", "thought"))
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError):
        return None
    complete = all((found.thanks, found.goodbye, *found.about.values(), found.helped, found.agreed,
                    found.plan_acknowledgements, found.plan_echoes, found.plan_questions, found.plan_questions_timed,
                    found.evidence, found.evidence_echoes, found.fairer, found.thought))
    echoes = all("{plan}" in text for text in found.plan_echoes) and all(
        "{evidence}" in text for text in found.evidence_echoes) and all("{thought}" in text for text in found.thought)
    return found if complete and echoes else None


def kind_of_turn(normalised: str, message: str = "") -> str | None:
    """ "goodbye", "thanks", "helped" or "plan" for a message of that kind (normalised text; `message` as
    written, to see a question mark); None for anything else."""
    words = [word for word in normalised.split() if word != SEPARATOR]
    text = " ".join(words)
    if not words:
        return None
    if is_sign_off(text):
        return "goodbye"
    if len(words) <= ABOUT_MAX_WORDS:
        about = _about(text)
        if about is not None:
            return about
    if len(words) <= MAX_WORDS and _THANKS_ONLY.match(text):
        return "thanks"
    if len(words) <= MAX_WORDS and _HELPED_ONLY.match(text):
        return "helped"
    if (len(words) <= PLAN_MAX_WORDS and "?" not in message and _PLAN.search(text)
            and not _NOT_A_PLAN.search(text)):
        return "plan"
    return None


def _about(text: str) -> str | None:
    """Which ABOUT kind a short (normalised) message is, if any. Off-topic only when it names no feeling
    and nothing of the person's own: "write me a poem about how I miss her" is about them."""
    if _GREETING.match(text):
        return "greeting"
    for kind, pattern in (("identity", _IDENTITY), ("privacy", _PRIVACY), ("help", _HELP), ("not-ready", _NOT_READY)):
        if pattern.search(text):
            return kind
    if _OFF_TOPIC.search(text) and not re.search(r"\b(?:i|my|myself|feel|feeling|felt)\b", text):
        return "off-topic"
    return None


WHOLE_TURNS = ("thanks", "goodbye", *ABOUT)  # turns whose reply is a curated text alone


def closing_move(kind: str, recent_replies: Sequence[str]) -> Move | None:
    """The whole reply to thanks, a goodbye, a greeting, a question about Confidant, "I don't want to talk
    about it" or a request it isn't for (`kind`, one of WHOLE_TURNS); None when the texts are missing."""
    texts = turn_texts()
    if texts is None or kind not in WHOLE_TURNS:
        return None
    choices = {"thanks": texts.thanks, "goodbye": texts.goodbye}.get(kind) or texts.about[kind]
    return Move(f"turn.{kind}", "general", "whole", least_recent(choices, recent_replies))


def plan_move(normalised: str, message: str, topic: str, recent_replies: Sequence[str]) -> Move | None:
    """The plan said back in the person's words ("So the plan is to ring him on Sunday.") and a question that
    makes it concrete, as the whole reply; without the words when they can't be said back cleanly."""
    texts = turn_texts()
    if texts is None:
        return None
    plan = plan_words(normalised, message)
    acknowledgements = texts.plan_echoes if plan else texts.plan_acknowledgements
    acknowledgement = least_recent(acknowledgements, recent_replies).replace("{plan}", plan or "")
    questions = texts.plan_questions_timed if _WHEN.search(normalised) else texts.plan_questions
    return Move("turn.plan", topic, "whole", f"{acknowledgement} {least_recent(questions, recent_replies)}")


# The person's words, said back to them: "i", "my", "we" become "you", "your"; "you" (the app) can't be
# turned round cleanly, so a plan naming it is not said back.
_SWAP = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "we": "you", "us": "you",
         "our": "your", "ours": "yours"}
_AFTER_I = {"am": "are", "was": "were"}  # only right after "i"
PLAN_ECHO_WORDS = 14
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "april", "june", "july", "august", "september", "october", "november",
           "december")  # not "march" or "may", which are words too
# A plan that already says when: then the question asks what might get in the way, not "when exactly".
_WHEN = re.compile(rf"\b(?:today|tonight|tomorrow|weekend|morning|afternoon|evening|lunch|lunchtime|next week|"
                   rf"this week|later|after work|after school|before work|{'|'.join(_DAYS)})\b")


def plan_words(normalised: str, message: str) -> str | None:
    """What the person plans to do, from its first verb to the end of that clause, in their own words turned
    to "you" ("ring him on Sunday", "ask to talk about it at the weekend instead of when you are knackered");
    None when there is none, it runs long, or it speaks of "you"."""
    text = " ".join(normalised.split())
    match = _PLAN.search(text)
    if match is None:
        return None
    act = re.search(rf"{_ACT}\b", text[match.start():])
    if act is None:
        return None
    return _said_back(text[match.start() + act.start():], message)


def _said_back(text: str, message: str) -> str | None:
    """The first clause of normalised `text`, turned to "you" and cased as in `message` ("ring him on
    Sunday"); None when it is empty, runs long, or speaks of "you" (the app)."""
    clause = _first_clause(text.split(f" {SEPARATOR}")[0].split(SEPARATOR)[0].split())
    if (not clause or len(clause) > PLAN_ECHO_WORDS or {"you", "your", "yours", "yourself"} & set(clause)
            or clause[0] in _JOINING or clause[-1] in _WANTS_MORE):  # "when he started cubs", "she thought"
        return None
    cased = {word.casefold(): word for word in re.findall(r"[A-Za-z]+", message) if word[:1].isupper()}
    cased |= {name: name.capitalize() for name in (*_DAYS, *_MONTHS)}
    turned = []
    for i, word in enumerate(clause):
        if word in _AFTER_I:  # "i was" → "you were", but "the report was" stays
            turned.append(_AFTER_I[word] if i and clause[i - 1] == "i" else word)
        else:
            turned.append(_SWAP.get(word, cased.get(word, word) if word != "i" else word))
    return " ".join(turned)


# Weighing a thought: in a conversation about something hard, a message that brings up what doesn't fit the
# thought ("Well, I did pass all my competencies", "well my cousin did ask me to the market") or says a fairer
# view ("I guess it's more likely she was just busy", "I'd have told her not to be daft") is the person doing
# the work of the exercise. The model read those as "you're feeling down about your degree" and the topic's
# ladder asked the next unrelated question; the reply now takes up what they found.
_WEIGHING_LEAD = re.compile(r"^(?:(?:ok|okay|yeah|hmm+|huh|true|so) )*(?:well|but|although|though|actually|"
                            r"to be fair|then again|mind you|i mean|i suppose|i guess|suppose|guess)\b")
_EVIDENCE = re.compile(r"\b(?:(?:she|he|they|my [a-z]+|[a-z]+) (?:did )?(?:said|say|told me|asked me|asked|invited|"
                       r"thanked|praised|helped|liked|loved)|i (?:did|have|had|got|passed|managed|finished|made|"
                       r"was fine|have been)|did (?:ask|say|invite|help|pass|do)|was fine|were fine|turned out|"
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
    r"maybe (?:she|he|they) (?:just|probably|might|was|were)",  # another explanation
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
                           r"failed|panic|useless|stupid|idiot|failure|worthless|pathetic|awful|horrible)\b")


def weighing_kind(normalised: str, message: str = "") -> str | None:
    """ "fairer" for a fairer view of the thought in the person's words, "evidence" for something that doesn't
    fit it, after a leading "well", "I guess" …; None otherwise. Only for a conversation about something hard
    (moves.choose_move decides that); questions are left to the usual path."""
    text = " ".join(word for word in normalised.split() if word != SEPARATOR)
    if "?" in message or len(text.split()) > PLAN_MAX_WORDS or _ASKS.search(text):
        return None
    if _FAIRER.search(text) and not _NOT_WEIGHING.search(re.sub(r"\bnot to\b", " ", _FAIRER.sub(" ", text))):
        return "fairer"  # "not my fault", "told her not to be daft"; "not" elsewhere ("but I'm not sure") is not
    if _WEIGHING_LEAD.search(text) and _EVIDENCE.search(text) and not _NOT_WEIGHING.search(text):
        return "evidence"
    return None


def weighing_move(kind: str, normalised: str, message: str, topic: str, recent_replies: Sequence[str]) -> Move | None:
    """The whole reply to evidence that doesn't fit the thought (said back in the person's words when it can
    be, then a question towards a balanced thought) or to a fairer view (how it feels, how much they believe
    it)."""
    texts = turn_texts()
    if texts is None:
        return None
    if kind == "fairer":
        return Move("turn.fairer", topic, "whole", least_recent(texts.fairer, recent_replies))
    text = " ".join(normalised.split())  # separators kept: the first clause is what is said back
    lead = _WEIGHING_LEAD.search(text)
    evidence = _said_back(text[lead.end():].strip() if lead else text, message)
    choices = texts.evidence_echoes if evidence else texts.evidence
    return Move("turn.evidence", topic, "whole",
                least_recent(choices, recent_replies).replace("{evidence}", evidence or ""))


# A pronoun that starts a new clause unless a word like these joins it to the plan ("ask her if she is ok").
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we"})
_WANTS_MORE = frozenset({"thought", "think", "thinks", "said", "says", "told", "felt", "knew", "know", "that",
                         "because", "if", "and", "but", "so", "the", "a", "an", "my", "to"})  # a clause cut short
# A verb whose object is a clause: "my teacher did say i could resit" is one clause, not two.
_CLAUSE_VERBS = frozenset({"say", "said", "says", "told", "tell", "thought", "think", "thinks", "knew", "know",
                           "reckon", "reckons", "promised", "mean", "meant", "felt", "hope", "hoped", "guess"})
_TAKES_A_CLAUSE = frozenset({"tell", "say", "explain", "mention", "remind", "let"})  # "tell him it hurts"
_JOINING = frozenset({"if", "that", "whether", "when", "how", "what", "why", "because", "so", "and", "while",
                      "before", "after", "until", "once", "where", "who"})


def _first_clause(words: list[str]) -> list[str]:
    """The plan's words up to where a new clause starts without a joining word: a comma the normaliser dropped
    ("ring my brother, he gets it" → "ring my brother")."""
    if words and words[0] in _TAKES_A_CLAUSE:
        return words
    for i in range(1, len(words) - 1):
        if (words[i] in _SUBJECT_PRONOUNS and words[i - 1] not in _JOINING and words[i - 1] not in _CLAUSE_VERBS
                and re.fullmatch(r"[a-z]+(?:s|ed)|is|was|are|were|will|would|can|could|has|had|does|did",
                                 words[i + 1])):
            return words[:i]
    return words


def helped_move(normalised: str, step: Move, recent_replies: Sequence[str]) -> Move | None:
    """ "It sounds like that helped a little." (or, to "you're right", "…made some sense to you.") before
    `step`, the conversation's next small step."""
    texts = turn_texts()
    if texts is None:
        return None
    said_helped = _HELPFUL.search(normalised) is not None
    acknowledgement = least_recent(texts.helped if said_helped else texts.agreed, recent_replies)
    return Move(f"turn.helped.{step.id}", step.topic, "whole", f"{acknowledgement} {step.text}")
