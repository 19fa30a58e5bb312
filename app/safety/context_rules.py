"""Reply rules that read the message being answered: a floor every profile gets.

Some replies harm only in context. "Yes, absolutely." is kind after "Should I tell my therapist?" and
harmful after "Is cutting ok if it helps me cope?"; "You're on the right track." is encouragement after
"I went for a walk" and harm after "I've stopped eating to lose weight, any tips to keep going?". A check
that sees only the reply cannot tell these apart. So the output rail also reads the person's latest
message: these rules first note what the message asks (`ASKS`: whether a harmful act is okay, a method or
how to hide it, a dose or which medicine, a diagnosis, agreement with a hopeless belief, whether to get help,
whether to keep it secret, something about the assistant's own life), and then, sentence by sentence,
whether the reply agrees, encourages, normalises, gives the specifics, promises secrecy or claims the life
that was asked about (`ANSWERS`).

Each rule names the ask and the answer ("context.method.gives-specifics"), so a verdict says why. A match is
reported under the profile's output category for that kind of harm (its replacement text is the one
shown); if a profile has no such category, under its encouraging-harm or unsafe-messaging category. The
rules are fixed in code, like builtin_rules.py: a clinician's profile edits the wording people see, not
whether the floor exists. They read the normalised text (normalise.py: "it's" is "it is", sentences are
separated by " | "), except list markers, which normalising removes.

What they leave alone, by design: a reply that declines, redirects or says no ("It isn't okay to hurt
yourself, and you deserve care"), warm words that agree with nothing harmful ("It's okay to feel hurt"),
and any reply to a message that asks none of these things. Bare agreement ("Yes.", "Sure,") counts only
when it opens the reply, where it answers the question; later in a reply it can mean anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


def _any(*words: str) -> str:
    """One of `words`, as whole words ("od" is not in "good")."""
    return r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)"


# ---- what a message asks (patterns on the normalised message) -----------------------------------------

SELF_HARM = _any(r"cut(?:s|ting)?", r"self harm\w*", r"hurt(?:ing)? my ?self", r"burn(?:ing)? my ?self",
                 r"hit(?:ting)? my ?self", r"punch(?:ing)? (?:my ?self|(?:the )?walls?|things)",
                 r"scratch(?:ing)? my ?self",
                 r"harm(?:ing)? my ?self", r"bleed\w*", "razors?", "blades?")
SUICIDE = _any(r"kill(?:ing)? my ?self", r"end(?:ing)? (?:it all|my life|things)", r"suicid\w*", "die",
               "dying", r"overdos\w*", "od", r"hang(?:ing)? my ?self", r"jump(?:ing)? off", r"not wake up")
EATING = _any(r"(?:stop(?:ped)?|not|no longer|barely) eat(?:ing)?", r"skip(?:ping)? (?:meals|food|eating|dinner|lunch)",
              r"starv\w*", r"purg\w*", r"throw(?:ing)? up", r"make my ?self sick", "fasting", "laxatives?",
              r"lose weight (?:fast|quickly)", r"(?:eat|eating) (?:less|nothing)")
DRINKING = _any(r"drink(?:ing)? (?:too much|a lot|every night|to cope|to sleep|to forget|myself)",
                r"get(?:ting)? drunk",
                r"black(?:ing)? out")
MEDICINE = _any("medication", "medicine", "meds", "pills?", "tablets?", r"antidepressants?", r"ssris?",
                r"snris?", "doses?", "dosage", "mg", "paracetamol", "acetaminophen", "ibuprofen", "aspirin",
                r"st johns wort", "sertraline", "fluoxetine", "prozac", "citalopram", "quetiapine", "lithium",
                "xanax", "valium", "diazepam", "benzos?", r"benzodiazepines?", "zopiclone", "melatonin",
                "prescription", r"sleeping (?:pills|tablets)")
CONDITION = _any("adhd", "add", "bipolar", "depression", "depressed", "anxiety", "ocd", "bpd", "ptsd",
                 "autism", "autistic", "schizophrenia", "schizophrenic", r"an? eating disorder",
                 r"(?:a |an )?\w* ?disorder", r"a personality disorder", "psychosis", "psychotic",
                 r"wrong with me", r"a mental illness", "insomnia", "anorexia", "bulimia")
HOPELESS = _any("hopeless", "worthless", "ugly", "unlovable", r"no one", "nobody", "pointless", r"a burden",
                r"better off", r"a failure", "useless", "stupid", r"a waste", "disgusting", "pathetic",
                r"deserve (?:it|this|to)", r"never (?:get|be|going)", r"will ever love", r"not worth")

# a statement turned into a question: "That's fine, isn't it?", "... right?", "Good idea?"
AGREEMENT_TAG = (r"(?:right|is not it|is it not|is that not|are not they|do not they|do not you|do they|does it|"
                 r"yeah|ok|okay|good idea|bad idea|is that (?:ok|okay|bad|wrong|fine)|would not it|would it|"
                 r"will it|agree|true)(?= \||\s*$)")
ASK_FORM = _any(AGREEMENT_TAG, r"thinking (?:of|about)", r"i (?:have )?decided to", r"planning to",
                r"is it (?:ok|okay|fine|alright|all right|bad|wrong|normal|safe)", r"(?:ok|okay|fine|alright) if",
                r"would it be", r"is that (?:ok|okay|fine|bad|wrong)", r"should i", r"can i", r"could i", "may i",
                r"do you think i should", r"tell me (?:it is|that it is|i can|i should|how)", r"any tips",
                r"tips (?:to|for|on)", r"keep going", r"help me", r"how (?:do|can|could|should|would) i",
                r"how to", r"what (?:is|are) the best", r"is it worth", r"what if i", r"i want to keep",
                r"is there anything wrong with")
RECOVERY = _any(r"how (?:can|do|could|should) i (?:help|support)",
                r"(?:how (?:do|can|could|should) i|help me|tips (?:to|for|on)|ways? to|how to) "
                r"(?:stop|quit|resist|avoid|not|cope without|cut down on|get through)", r"stop my ?self",
                r"alternatives? to", r"instead of (?:cutting|hurting|harming)", r"without (?:cutting|hurting)")
DISCLOSE = _any(r"should i (?:tell|see|talk to|get help|go to|ask|call|contact)",
                r"do i (?:really )?(?:need|have) to (?:see|tell|talk|go)", r"is it (?:worth|worthwhile) "
                r"(?:seeing|telling|talking)", r"can not you just help", r"instead of (?:a|my|seeing a) "
                r"(?:doctor|therapist|gp|professional)", r"should i (?:keep|hide) (?:it|this) (?:from|secret)")
METHOD = _any(r"(?:best|quickest|easiest|fastest|simplest|surest|safest|most painless|least painful|painless|"
              r"most effective|most reliable|most lethal) (?:way|ways|method|methods|place|places|thing|things)",
              r"how (?:do|can|could|would|should|might|does) (?:i|you|someone|one|a person|people) "
              r"(?:hide|cover|kill|end|cut|overdose|hang|hurt|starve|purge|die|get away)",
              r"how to (?:hide|cover|kill|end|cut|overdose|hang|hurt|starve|purge|die)",
              r"hide (?:it|that|the|my|them|this)\b")
# ... and ways of asking that carry their own topic
METHOD_ITSELF = _any(r"(?:which|what) (?:\w+ ){0,3}(?:is|are|would be) (?:the )?(?:most )?"
                     r"(?:dangerous|lethal|deadly|fatal)",
                     r"(?:dangerous|lethal|deadly|fatal) if (?:you|i|someone|one) (?:take|took|swallow|drink)")
METHOD_TOPIC = _any(SELF_HARM, SUICIDE, EATING, "hide", "hiding", "dangerous", "lethal", "deadly", "fatal",
                    "kill", "take a lot")
CONCEAL = _any(r"(?:hide|hiding|cover|covering|conceal|concealing)(?: up)? (?:\w+ ){0,3}(?:marks|scars|cuts|bruises|"
               r"burns|wounds|injuries|self harm|cutting|that i have been|it from|them from)")
MEDICINE_ASK = _any(r"how (?:much|many)", r"what (?:dose|dosage|amount)", "too much", r"max(?:imum)?",
                    "safely", "safe", "which", r"what is the best", "best", "fastest", "strongest", "replace",
                    r"instead of", "switch", "swap", r"stop\w*", r"quit\w*", r"come off", r"coming off", "skip",
                    r"cold turkey", "extra", r"a few more", r"thinking (?:of|about)", r"help me sleep", AGREEMENT_TAG,
                    "double", "mix", "mixing", r"while on", r"with my", r"on my", "ok", "okay", "fine", "can i",
                    "should i", "could i", "work")
MEDICINE_CHOICE = _any("which", r"what is the best", "best", "fastest", "strongest", "replace", r"instead of",
                       r"alternatives?", r"better than", r"natural", r"works? (?:best|fastest)")
# "How many co-codamol can I take?": a dose question whatever the medicine is called
HOW_MANY = _any(r"how (?:much|many) (?:\w+ ){0,3}(?:can|could|should|do|would|may) (?:i|you|someone|one) "
                r"(?:take|have|swallow|use)")
ABOUT_YOU = _any(r"your (?:favourite|favorite|life|family|childhood|weekend|day|job|hobbies|hobby|age|husband|"
                 r"wife|partner|kids|children|home|body|past|story|parents)", r"about (?:yourself|you)\b",
                 r"do you (?:like|love|eat|sleep|have a|have any|enjoy|prefer|miss|remember when)",
                 r"what do you (?:like|do for fun|eat|enjoy|do at the weekend)",
                 r"are you (?:married|a person|human|real)",
                 r"have you ever")

ASKS: dict[str, str] = {
    # asks whether a harmful act is okay, for permission, or for help to keep doing it
    "harm-ok": ASK_FORM + r".*" + _any(SELF_HARM, SUICIDE, EATING, DRINKING) + "|"
    + _any(SELF_HARM, SUICIDE, EATING, DRINKING) + r".*" + ASK_FORM,
    # asks about ways, places, things or how to hide it
    "method": METHOD + r".*" + METHOD_TOPIC + "|" + METHOD_TOPIC + r".*" + METHOD + "|" + METHOD_ITSELF + "|" + CONCEAL,
    # asks about a dose, a medicine, stopping, changing or mixing one
    "medicine": MEDICINE_ASK + r".*" + MEDICINE + "|" + MEDICINE + r".*" + MEDICINE_ASK + "|" + HOW_MANY,
    # asks which medicine to take, or whether something can replace one
    "medicine-choice": MEDICINE_CHOICE + r".*" + MEDICINE + "|" + MEDICINE + r".*" + MEDICINE_CHOICE,
    # asks whether they have a condition
    "diagnosis": _any(r"do i have", r"(?:could|might|would|can) i (?:have|be)", r"do you think i (?:have|am)",
                      r"am i", r"does (?:this|it|that) (?:sound|mean)")
    + r" (?:\w+ ){0,6}" + CONDITION + r"|is (?:this|it|that) (?:\w+ ){0,2}" + CONDITION + "|what is wrong with me",
    # asks the assistant to agree with a hopeless or self-hating belief
    "hopeless": _any(AGREEMENT_TAG, "agree", "admit", r"tell me", r"say it", r"be honest", r"is not it", r"right$",
                     "confirm", "just say") + r".*" + HOPELESS + "|" + HOPELESS + r".*"
    + _any(AGREEMENT_TAG, "agree", "admit", r"say it",
                                                                                     r"is not it", r"right", "confirm"),
    # asks whether to tell someone or get professional help
    "disclose": DISCLOSE,
    # asks to keep harm secret ("Nobody needs to know, do they?")
    "secrecy": _any(r"(?:nobody|no one) (?:needs|has|have) to know", r"keep (?:it|this|that|my \w+(?: \w+)?) "
                    r"(?:a )?secret", r"secret from", r"(?:not|never) tell (?:anyone|anybody|my|them|him|her)",
                    r"without telling", r"hide (?:it|this|that) from"),
    # asks about the assistant's own life, tastes or body
    "about-you": ABOUT_YOU,
}
_ASKS = {name: re.compile(pattern) for name, pattern in ASKS.items()}
_RECOVERY = re.compile(RECOVERY)


def asks(message_normalised: str) -> frozenset[str]:
    """What the person's message asks, as a set of ask names (empty for most messages).

    An ask's words must fall within one sentence and the one before it ("I've stopped eating to lose weight.
    Any tips to keep going?"), so a topic mentioned in passing elsewhere ("I have never tried suicide") does
    not turn an unrelated question into a risky one. Asking for help to stop ("how do I stop cutting?") is
    not asking whether harm is okay; asking whether to tell a therapist about self-harm is a disclosure
    question, not a permission one."""
    sentences = [part for part in message_normalised.split(" | ") if part.strip()]
    found: set[str] = set()
    for index in range(len(sentences)):
        window = " | ".join(sentences[max(0, index - 1):index + 1])
        found |= {name for name, pattern in _ASKS.items() if name not in found and pattern.search(window)}
        if "harm-ok" in found and _RECOVERY.search(window):
            found.discard("harm-ok")  # the same window asks how to stop
    if "disclose" in found:
        found.discard("harm-ok")
    return frozenset(found)


# ---- what a reply sentence does (patterns on the normalised sentence, or on the raw one) -----------------

_OPENING = (r"yes|yeah|yep|yup|sure|absolutely|definitely|of course|certainly|totally|go for it|go ahead|why not|"
            r"it is (?:ok|okay|fine|alright)|that is (?:ok|okay|fine|alright)")
_CONFIRMING = r"exactly|correct|i agree|you are right|you are correct|that is right|that is true"
# ... unless a "not" follows ("Absolutely not.") or what follows is about the assistant helping: "Sure, I can
# help with that. However, don't..."
_NOT_FOR_TELLING = (r"(?! for (?:telling|reaching|sharing|talking|asking|being honest|opening|saying|taking the time|"
                    r"trying|noticing|coming|getting through))")
_NOT_ABOUT_HELPING = r"(?!not\b|(?:i|we) (?:can|could|am|will|would|understand|hear|see|get)\b)"
AGREES_OPENING = r"^ (?:" + _OPENING + r")(?: |$)" + _NOT_ABOUT_HELPING
CONFIRMS_OPENING = r"^ (?:" + _OPENING + "|" + _CONFIRMING + r")(?: |$)" + _NOT_ABOUT_HELPING
HARM_VERB = _any("cut", "keep", "continue", r"do (?:it|that|this)", "hurt", "skip", "stop eating", "starve",
                 "purge", "carry on", "go ahead", "harm", "burn", "hit", "end")
DRUGS = _any("prozac", "fluoxetine", "sertraline", "zoloft", "citalopram", "escitalopram", "lexapro", "paroxetine",
             "venlafaxine", "effexor", "duloxetine", "mirtazapine", "bupropion", "buproprol", "wellbutrin",
             "quetiapine", "seroquel", "lithium", "lamotrigine", "xanax", "alprazolam", "valium", "diazepam",
             "lorazepam", "ativan", "clonazepam", "zopiclone", "zolpidem", "propranolol", r"ssris?", r"snris?",
             r"benzodiazepines?", r"selective serotonin", r"st johns wort", "melatonin", "amitriptyline")
NUMBER = _any(r"\d+", "one", "two", "three", "four", "five", "six", "seven", "eight", "ten", "twelve", "twenty",
              r"a couple(?: of)?", r"a few", "half", "double", "another", "extra")
UNIT = _any("pills?", "tablets?", "capsules?", "mg", "milligrams?", "grams?", "g", "units?", "doses?", "ml")
MEDICINE_OBJECT = _any(MEDICINE, "it", "them", "alcohol", "wine", "more", "another", "extra", "both", NUMBER)


@dataclass(frozen=True)
class Answer:
    """One kind of harmful answer to an ask: `pattern` on the normalised sentence (or `raw` on the folded
    sentence as written); `opening` rules only count in the reply's first sentence; `negatable` ones do not
    count when a "not" or "never" comes just before ("I don't think you're worthless")."""

    id: str
    pattern: str
    opening: bool = False
    negatable: bool = False
    raw: bool = False


@dataclass(frozen=True)
class ContextRule:
    id: str  # "context.<ask>.<answer>"
    category: str  # the profile output category it reports under (its replacement is shown)
    ask: str  # the ask it answers (ASKS)
    answer: Answer
    regex: re.Pattern[str]


ANSWERS: dict[str, tuple[str, tuple[Answer, ...]]] = {
    "harm-ok": ("harmful-encouragement", (
        Answer("agrees", CONFIRMS_OPENING, opening=True),
        Answer("says-it-is-ok", r"(?:it is|that is|it can be|is|are) (?:totally |completely |perfectly |absolutely |"
               r"generally |sometimes )?(?:ok|okay|fine|alright|all right|acceptable|healthy|valid) "
               r"(?:to|if|for you to) "
               r"(?:\w+ ){0,2}" + HARM_VERB, negatable=True),
        Answer("not-always-bad", r"(?:is|are|it is) not always (?:bad|wrong|harmful|dangerous|unhealthy|ok|okay)"),
        Answer("can-help", r"(?:cutting|self harm|hurting yourself|not eating|skipping meals|fasting|starving|purging) "
               r"(?:can|may|might|does) (?:really |actually )?(?:help|be (?:a )?(?:healthy|helpful|good|useful|valid))",
               negatable=True),
        Answer("if-it-helps", r"if it helps(?: you)?(?: cope)?,? (?:then )?(?:it is|that is|do it|keep)"),
        Answer("encourages", r"(?:you are on the right track|keep (?:it up|going|doing (?:it|that|this))|"
               r"carry on (?:doing|with) (?:it|that|this)|(?:good (?:job|work|for you)|well done|"
               r"great (?:idea|plan|start|choice|job)|proud of you)" + _NOT_FOR_TELLING + "|"
               r"stay motivated)"),
        Answer("go-for-it", r"go for it|go ahead|you should (?:do it|do that|try it)|(?:sounds like|that is|it is) "
               r"a (?:good|great|brave|smart|sensible) (?:idea|decision|plan|choice)", negatable=True),
        Answer("whatever-works", r"whatever (?:works|helps|gets you through)|if it helps(?: you)? (?:\w+ ){0,3}"
               r"(?:that is|it is) (?:what matters|all that matters|ok|okay|fine)"),
        Answer("normalises", r"(?:a lot of|lots of|many|plenty of|most) people do (?:it|that|this)|(?:it is|that is) "
               r"(?:pretty |quite |totally |completely |perfectly )?"
               r"normal(?! to (?:feel|want|have|think|struggle|find))",
               negatable=True),
        Answer("better-than", r"better than (?:hurting|hitting|harming) (?:someone|somebody|others|other people)|"
               r"better (?:out|on you) than"),
        Answer("gives-tips", r"(?:here (?:are|is) (?:some |a few |my )?(?:tips|ways|steps|ideas|things)|"
               r"(?:some|a few|my) tips (?:to|for|on)|to keep going)"),
    )),
    "method": ("self-harm-methods", (
        Answer("agrees", AGREES_OPENING, opening=True),
        Answer("names-a-way", r"the (?:best|quickest|easiest|fastest|simplest|surest|only|safest|most effective) "
               r"(?:way|ways|method|place|thing) "
               r"(?:to (?:hide|do (?:it|this|that)|end|cover|kill|cut|hurt)|is|would be)"),
        Answer("no-better-way", r"there is (?:no|nothing) (?:better|easier|quicker|faster) (?:way )?than"),
        Answer("lists", r"(?:these|they|the main ones|some|others) include|(?:the|these) (?:most )?(?:common|dangerous|"
               r"lethal|effective|quickest|easiest|best) (?:ones|ways|things|methods|places) are|here (?:are|is) "
               r"(?:some|a few|the) (?:\w+ )?(?:ways|things|methods|options|substances|items|places|tips|ideas)"),
        Answer("list-marker", r"(?:^|[:\n])\s*(?:1[.)]|\*\*|[-•]\s)", raw=True),
        Answer("tells-how", r"you (?:can|could|should|might|may want to) (?:hide|cover|wear|use|put|mix|buy|cut|"
               r"keep (?:it|them)|do it|do that)"),
        Answer("concealment", r"long sleeves|(?:somewhere|someplace) (?:hidden|private|no one)|cover (?:it|them|the "
               r"marks|the scars) (?:up|with)|behind the mask"),
    )),
    "medicine": ("medication-advice", (
        Answer("agrees", AGREES_OPENING, opening=True),
        Answer("says-it-is-fine", r"^ (?:\w+ ){0,3}(?:it is|that is|it should be|it would be|should be) "
               r"(?:completely |perfectly |generally |usually |probably )?"
               r"(?:possible|fine|safe|okay|ok|alright|no problem)",
               negatable=True),
        Answer("tells-what-to-do", r"(?:you can|you could|you should|feel free to|it is fine to|try|just) "
               r"(?:stop|stopping|double|take|taking|skip|mix|drink|replace|switch|swap|come off|halve|increase|"
               r"reduce|cut down) (?:\w+ ){0,3}" + MEDICINE_OBJECT, negatable=True),
        Answer("gives-an-amount", NUMBER + r" (?:\w+ ){0,2}" + UNIT + r"(?: |$)"),
        Answer("more-will-help", r"(?:a few|a couple(?: of)?|one or two|two) (?:more|extra)(?: |$)|(?:more|extra) "
               r"(?:\w+ ){0,2}(?:might|could|should|would|will) (?:help|work|be fine)|(?:might|could) be worth a try|"
               r"go for it", negatable=True),
        Answer("gives-a-dose", r"(?:recommended|usual|typical|maximum|safe|normal) (?:daily )?(?:dose|dosage|amount)|"
               r"(?:more|less) than that amount|of the dose"),
        Answer("names-a-drug", r"(?:best|try|take|taking|recommend|suggest|such as|named|called|(?:well|better|good|"
               r"great|fine) (?:on|with)|(?:go|start|switch|be put|get) on) (?:\w+ ){0,4}" + DRUGS),
    )),
    "medicine-choice": ("medication-advice", (
        Answer("recommends-one", r"(?:the )?best (?:one|antidepressant|medication|medicine|pill|option|choice) "
               r"(?:is|would be|for)|(?:is|are) (?:a |an )?(?:well known |popular |good |common |effective )?(?:\w+ )?"
               r"(?:antidepressant|drug|medication|medicine|mood stabili[sz]\w+)|"
               r"(?:beneficial|effective|helpful) (?:for|in) (?:treating|reducing)|"
               r"used (?:\w+ ){0,2}(?:for|to treat) (?:\w+ ){0,3}"
               + _any(CONDITION, "stress", "sleep", "pain", "mood")),
    )),
    "diagnosis": ("diagnosis", (
        Answer("agrees", CONFIRMS_OPENING, opening=True),
        Answer("you-have", r"you (?:probably |likely |definitely |clearly |certainly |might |may |could |must )?"
               r"(?:have|be (?:experiencing|suffering from|dealing with|showing)|"
               r"are (?:experiencing|showing|suffering))"
               r" (?:\w+ ){0,3}" + _any(CONDITION, "something called", r"symptoms of", r"signs of"), negatable=True),
        Answer("sounds-like", r"(?:sounds|seems|looks) like (?:\w+ ){0,4}" + CONDITION, negatable=True),
        Answer("names-it", r"something called|present(?:ing)? with (?:this|the|a) diagnosis|"
               r"(?:classic|textbook|typical) (?:\w+ )?(?:sign|signs|symptom|symptoms|case)"),
    )),
    "hopeless": ("harmful-encouragement", (
        Answer("agrees", CONFIRMS_OPENING, opening=True),
        Answer("confirms", r"(?:that|it|this) is (?:so |very |just |absolutely |simply )?"
               r"(?:true|the truth|right|correct)|"
               r"(?:is|that is) the truth|you are right|i agree", negatable=True),
        Answer("hopeless-world", r"life is (?:a |an |just )?(?:\w+ )?"
               r"(?:cruel|hopeless|pointless|meaningless|unforgiving|"
               r"not worth)|(?:it|things|life|everything) (?:is|are|will always be) (?:hopeless|pointless)"),
        Answer("no-one-will", r"(?:no one|nobody) (?:will|could|would) ever (?:love|want|care)", negatable=True),
        Answer("better-off", r"(?:everyone|they|people|your family|the world|others) (?:would|will) (?:be )?better off",
               negatable=True),
        Answer("labels-you", r"you are (?:ugly|worthless|unlovable|a burden|a failure|hopeless|pathetic|useless|"
               r"stupid|disgusting)", negatable=True),
    )),
    "disclose": ("secrecy-and-help", (
        Answer("says-no", r"^ (?:no|nope|not really)(?: |$)", opening=True),
        Answer("no-need", r"you do not (?:really )?(?:need|have) to (?:see|tell|talk|go)|there is no need to "
               r"(?:see|tell|talk)|(?:no|not) need (?:to|for) (?:a )?(?:see|tell|doctor|therapist|professional)",
               negatable=False),
        Answer("warns-off", r"(?:may|might|could|will) (?:even )?(?:cause|make|lead) (?:them|him|her|your therapist|"
               r"your doctor|people) (?:to )?(?:take a step back|judge|think less|leave|stop|overreact|panic)|"
               r"(?:better|best|safer) (?:not to (?:tell|say|see)|to keep (?:it|this))|keep (?:it|this) (?:to yourself|"
               r"between us|secret)|(?:instead of|before) (?:seeing|telling|going to|talking to) (?:a|your|the) "
               r"(?:doctor|therapist|gp|professional)"),
        Answer("self-help-first", r"(?:recommend|suggest) (?:\w+ ){0,2}(?:starting|beginning|trying) (?:\w+ ){0,12}"
               r"first|(?:i can|let me) (?:help you )?(?:instead|rather than)"),
    )),
    "secrecy": ("secrecy-and-help", (
        Answer("keeps-it-secret", r"(?:nobody|no one) (?:needs|has|have) to know|you do not (?:have|need) to tell|"
               r"(?:it is|that is) (?:your|nobody else s|no one else s) business|keep (?:it|this) (?:to yourself|"
               r"secret|between us)|your secret is safe|(?:i|we) (?:will|can|would) not tell", negatable=False),
    )),
    "about-you": ("human-claims", (
        Answer("my-tastes", r"(?:^| )i (?:really |absolutely |just |do )?(?:love|adore|enjoy|prefer|miss) (?!(?:to )?"
               r"(?:help|helping|talk|talking|hear|hearing|listen|listening|chat|chatting|that|when|you|being here)"
               r"(?: |$))|my (?:favourite|favorite)|"
               r"i have a (?:huge |big |real |soft |great )?(?:love|passion|soft spot|weakness) for"),
    )),
}



def _compile(answer: Answer) -> re.Pattern[str]:
    """Normalised patterns start on a whole word ("is" is not in "this")."""
    if answer.raw or answer.pattern.startswith("^"):
        return re.compile(answer.pattern)
    return re.compile(r"(?<!\w)(?:" + answer.pattern + ")")


RULES: tuple[ContextRule, ...] = tuple(
    ContextRule(f"context.{ask}.{answer.id}", category, ask, answer, _compile(answer))
    for ask, (category, answers) in ANSWERS.items() for answer in answers)
# Before a negatable match: a negation, or a deferral ("ask your doctor whether you can take it").
_NEGATION = re.compile(r" (?:not|never|no|nobody|hardly|cannot|whether|if|ask) (?:\w+ ){0,3}$")
_FALLBACK_CATEGORIES = ("harmful-encouragement", "unsafe-messaging")


def fallback_categories() -> tuple[str, ...]:
    """Where a rule reports when the profile has no category of its own kind (checked in this order)."""
    return _FALLBACK_CATEGORIES


@dataclass(frozen=True)
class ContextMatch:
    rule: ContextRule
    matched: str


def check(message_asks: Iterable[str], normalised: str, raw: str, *, opening: bool) -> ContextMatch | None:
    """The first context rule a reply sentence breaks, given what the message asks (None if none does).

    `normalised` is the sentence as the output normaliser gives it; `raw` the sentence as written (folded:
    case and quotes); `opening` is True for the reply's first sentence."""
    asked = set(message_asks)
    for rule in RULES:
        if rule.ask not in asked:
            continue
        if rule.answer.opening and not opening:
            continue
        text = raw if rule.answer.raw else normalised
        for match in rule.regex.finditer(text):
            if rule.answer.negatable and _NEGATION.search(text[:match.start()].rstrip() + " "):
                continue
            return ContextMatch(rule, match.group(0).strip())
    return None
