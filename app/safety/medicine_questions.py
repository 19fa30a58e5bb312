"""Questions about taking a medicine, found by their shape rather than by listed wordings: a floor every
profile gets on the input side.

A small model must never answer "cbd oil with fluoxetine, any problem?" or "missed 3 days of sertraline, do i
just start again normally" in its own words: the answer depends on the person's medicines and health, and a
confident wrong one can hurt. The profiles' medication rules list wordings ("can i drink ... on <med>"), and
people's questions do not keep to lists: on questions people wrote about their medicines, the listed wordings
caught about a quarter. So this module looks for three things in one sentence, whatever the words around
them:

1. **a medicine**: a name from a broad list (mental-health medicines, everyday ones, remedies and
   supplements) or a word ending like a drug's generic name ("-xetine", "-azepam", "-apine"); one-letter
   typos of a listed name count ("ibuprofin");
2. **a question or a plea for approval**: a question mark, a question opening ("can", "should", "is it",
   "wondering if"), or a tag at the end ("..., it's fine right", "any issue");
3. **about taking it**: stopping, skipping, halving, doubling, switching, mixing with alcohol or another
   medicine, whether it is safe, what it does, side effects, withdrawal, timing, how much.

A question about taking "it" or "them" whose medicine is named up to two sentences before or after ("My
friend gave me some of her zopiclone. How many should I take?") counts too, with stricter words for taking.

What it leaves alone: a medicine mentioned in a statement ("took my meds and went for a walk"), a question
about something else that mentions one ("how do I tell my boss I'm on antidepressants?"), and questions about
feelings about medication ("is it normal to feel ashamed of being on meds?"), which are the companion's to
answer. A match is a redirect under the profile's `medication` scope category (its words are shown), or the
built-in words below when a profile has none. Crisis rules and the learned risk score still come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.safety.normalise import Normaliser, deletion_index, fold, normalise, one_slip_from

CATEGORY = "medication"
RULE = "builtin.medicine-question"
RESPONSE = (
    "I can't give advice about medicines or doses — I'm an AI, and getting that wrong could hurt you. A "
    "pharmacist, doctor or nurse can answer this safely, often the same day. Please don't change how you take "
    "a medicine without talking to one of them first.")

# Names people use, generic and brand, UK and US; the generic-name endings below catch most others.
_NAMES = """
sertraline zoloft lustral fluoxetine prozac citalopram cipramil escitalopram lexapro cipralex paroxetine paxil
seroxat fluvoxamine luvox venlafaxine effexor desvenlafaxine pristiq duloxetine cymbalta mirtazapine remeron
amitriptyline nortriptyline clomipramine imipramine dosulepin trazodone vortioxetine trintellix brintellix
bupropion wellbutrin zyban agomelatine phenelzine tranylcypromine moclobemide lithium priadel camcolit
lamotrigine lamictal valproate depakote epilim carbamazepine tegretol quetiapine seroquel olanzapine zyprexa
aripiprazole abilify risperidone risperdal clozapine clozaril haloperidol lurasidone latuda ziprasidone
paliperidone chlorpromazine promethazine phenergan hydroxyzine atarax diazepam valium lorazepam ativan
alprazolam xanax clonazepam klonopin rivotril temazepam chlordiazepoxide librium nitrazepam zopiclone zimovane
zolpidem ambien stilnoct zaleplon buspirone pregabalin lyrica gabapentin neurontin propranolol inderal
atenolol methylphenidate ritalin concerta medikinet equasym adderall dexamfetamine dexedrine lisdexamfetamine
elvanse vyvanse atomoxetine strattera guanfacine intuniv modafinil provigil naltrexone acamprosate antabuse
disulfiram methadone buprenorphine subutex suboxone melatonin circadin nytol sominex kalms valerian
ashwagandha cbd kratom tramadol codeine cocodamol co-codamol dihydrocodeine morphine oxycodone oxycontin
fentanyl hydrocodone vicodin percocet paracetamol acetaminophen tylenol panadol calpol ibuprofen nurofen
advil motrin brufen naproxen aleve aspirin diclofenac voltaren antihistamine antihistamines cetirizine
zyrtec loratadine claritin fexofenadine allegra piriton chlorphenamine benadryl diphenhydramine
doxylamine unisom lemsip beechams sudafed pseudoephedrine nyquil dayquil omeprazole lansoprazole
metformin insulin levothyroxine thyroxine prednisolone prednisone steroids antibiotics antibiotic
amoxicillin doxycycline microgynon cerazette yasmin levonorgestrel ellaone accutane isotretinoin
roaccutane finasteride minoxidil viagra sildenafil cialis tadalafil 5htp antidepressant antidepressants
ssri ssris snri snris maoi maois benzo benzos benzodiazepine benzodiazepines antipsychotic antipsychotics
stimulant stimulants painkiller painkillers opioid opioids opiates sedatives sedative tranquilisers
tranquilizers hypnotics meds medication medications medicine medicines pills pill tablets tablet capsules
capsule dose doses dosage prescription prescriptions contraceptive contraception mg milligrams
"""
NAMES = frozenset(_NAMES.split())
# Words for any medicine: enough for a question about one, not for "two medicines together"
_GENERAL = ("meds medication medications medicine medicines pills pill tablets tablet capsules capsule dose doses "
            "dosage prescription prescriptions mg milligrams")
GENERAL = frozenset(_GENERAL.split())
# Two- and three-word names, matched in the normalised words ("st johns wort", "the morning after pill").
PHRASES = (
    "st johns wort", "st john wort", "morning after pill", "mini pill", "the pill", "night nurse", "beta blocker",
    "beta blockers", "mood stabiliser", "mood stabilisers", "mood stabilizer", "mood stabilizers", "sleeping pills",
    "sleeping tablets", "sleeping pill", "sleeping tablet", "sleep meds", "cbd oil", "fish oil", "co codamol",
    "5 htp", "z drugs", "anxiety meds", "anti depressants", "anti depressant", "anti anxiety", "birth control")
# Endings of generic names (INN stems): "-xetine", "-azepam", "-apine", ... with at least three letters before.
_GENERIC = re.compile(
    r"^[a-z]{3,}(?:xetine|oxetine|pram|faxine|azepam|azolam|triptyline|pramine|apine|idone|iprazole|trigine|"
    r"phenidate|amfetamine|amphetamine|olol|sartan|statin|prazole|cillin|mycin|cycline|floxacin|tidine|profen|"
    r"codone|barbital|pentin|gabalin|piclone|pidem|tirizine|tadine|isolone|nisone|lukast|dronate|xaban)$")

# A question in its first words ...
_OPENER_WORDS = ("is are am was can could should would will do does did how what which why when any anyone anybody "
                 "shall might may wondering wonder u you cn shud wud cud")
_OPENERS = frozenset(_OPENER_WORDS.split())
# ... or near its end: a verb before its subject ("..., are they safe with my citalopram"), or a question word
# with its verb ("how long do they last")
_QUESTION_PHRASES = re.compile(
    r"(?<! i)(?<! you)(?<! he)(?<! she)(?<! it)(?<! we)(?<! they)(?<! that)(?<! who)(?<! which)"
    r" (?:should|shall|can|could|would|will|do|does|did|is|are|am|was|were|might|may) (?:i|he|she|they|we|you|it|"
    r"that|this|there|these|those)(?= |$)|"
    r" (?:how|what|which|why|when) (?:long|much|many|often|soon|do|does|did|should|can|could|would|will|is|are|"
    r"happens|if|about|else)(?= |$)")
# ... or, anywhere, a plea ("i wonder if", "any issue", "bad combo")
_PLEAS = re.compile(
    r" (?:i wonder|i am wondering|i was wondering|wondering if|wondering whether|not sure if|not sure whether|"
    r"you think|you reckon|am i ok|am i okay|am i alright|any harm|any problem|any problems|any issue|"
    r"any issues|any risk|any risks|any danger|any advice|any tips|any idea|any ideas|bad combo|bad idea|"
    r"good idea|safe or not|ok or not|okay or not|fine or not|worth it|tell me|let me know|recommend|suggest|"
    r"advise)(?= |$)")
# ... or a tag at its end ("it's fine right", "yeah?")
_TAGS = re.compile(r" (?:right|yeah|ok|okay|innit|surely|or not|or what|ya|yh)\s*$")

# What makes it about taking the medicine.
_TAKING = re.compile(
    r" (?:take|takes|taking|took|taken|stop|stops|stopping|stopped|skip|skips|skipping|skipped|miss|missed|"
    r"missing|forgot|forget|halve|halving|half|double|doubling|doubled|twice|switch|switching|swap|swapping|"
    r"change|changing|drop|dropping|dropped|lower|lowering|reduce|reducing|increase|increasing|go up|going up|"
    r"go down|going down|up it|upping|worth|refuse|come off|coming off|get off|getting off|came off|off|wean|"
    r"weaning|ween|taper|tapering|"
    r"cut down|cut back|cut|cutting|split|crush|open|restart|start|starting|started|mix|mixing|mixed|combine|"
    r"combined|together|alongside|instead|replace|drink|drinks|drinking|alcohol|wine|beer|"
    r"beers|pint|pints|vodka|gin|booze|weed|cannabis|coffee|caffeine|energy drinks?|safe|safely|ok|okay|fine|bad|"
    r"alright|dangerous|harmful|harm|risky|problem|issue|matter|clash|interact|interaction|interfere|mess|hurt|"
    r"normal|work|works|working|help|helps|helping|cause|causes|causing|make|makes|making|side effects?|"
    r"withdrawal|withdrawals|withdraw|zaps|dose|dosage|mg|how long|how much|how many|most|max|maximum|food|"
    r"empty stomach|morning|night|bedtime|time|drive|driving|pregnant|pregnancy|breastfeeding|surgery|"
    r"operation|blood tests?|hooked|addictive|addicted|dependent|run out|ran out|running out|refill|online|"
    r"friends|expired|out of date|stronger|better|best|worse|need|needs|a lot|too much|too many|enough)(?= |$)")
# ... and, when the medicine is named up to two sentences before or after the question ("My friend gave me some of
# her zopiclone. How many should I take?"), words that can only be about taking it.
_TAKING_IT = re.compile(
    r" (?:(?:take|taking|have|having) (?:it|them|one|two|three|more|another|extra|some|both|half|any|a dose|my dose|"
    r"a double)|stop|stopping|skip|skipping|double|halve|go up|go down|up it|come off|get off|wean|taper|drink|"
    r"drinks|drinking|alcohol|wine|beer|mix|together|how many|how much|dose)(?= |$)")

# ... and when it was named in the person's previous message, only words about taking "it" itself ("should i stop
# taking it?"), not "should i stop seeing him?" after "my boyfriend is on sertraline".
_TAKING_IT_EARLIER = re.compile(
    r" (?:(?:stop|stopping|quit|skip|skipping|keep|carry on|start|halve|double|up|lower|reduce|increase|come off|"
    r"get off|wean off|taper)(?: taking| using| on)? (?:it|them|these|those|this|that|the tablets|the pills|the meds)|"
    r"(?:take|taking|have|having) (?:it|them|more|another|extra|both|half|a double)|how many|how much|dose|mix it|"
    r"mix them|drink on|drinking on|alcohol with)(?= |$)| (?:just )?(?:stop|quit)\s*$")

# Questions about something else that mention a medicine, and feelings about being on one.
_ELSEWHERE = re.compile(
    r" (?:tell|telling|told) (?:my |the |a |our |your )?(?:\w+ )?(?:boss|manager|work|employer|colleagues?|partner|"
    r"boyfriend|girlfriend|husband|wife|friends?|family|mum|dad|parents|kids|children|school|teacher|"
    r"date|people)(?= |$)| (?:write|draft|prepare|organise|organize|list) (?:\w+ ){0,4}(?:email|letter|message|"
    r"questions|notes)(?= |$)| questions to ask(?= |$)| (?:embarrass\w*|asham\w*|shame|stigma\w*|judg\w*|weak|"
    r"failure|guilty|guilt|declare)(?= |$)| remind me| reminders?(?= |$)|"
    r" (?:support|help|cope with|deal with|talk to|look after) (?:her|him|them|my \w+)(?= |$)")

QUESTION_TAIL_WORDS = 15
_SENTENCE = re.compile(r"[^.!?;\r\n]+[.!?;]*")
_NORMALISER = Normaliser(NAMES | {word for phrase in PHRASES for word in phrase.split()})


@dataclass(frozen=True)
class MedicineQuestion:
    medicine: str  # the medicine word or phrase found
    sentence: str  # the normalised sentence it was found in


# One-letter slips in names of six letters or more ("ibuprofin", "sertaline", "quetiapene").
_SLIP_INDEX = deletion_index(n for n in NAMES if len(n) >= 6)
# Everyday words one letter from a name (found by trying every word of a 13,000-word vocabulary and the public
# posts): never read as a slip.
NOT_SLIPS = frozenset(["ability", "ambient", "aspiring", "asteroids", "austral", "concert", "concerts", "dedication",
                       "mediation", "meditation", "meditations", "lyrics", "tables"])
_PHRASE_WORDS = frozenset(phrase.split()[-1] for phrase in PHRASES)
_TOKEN = re.compile(r"[a-z0-9]+")


def _name(word: str) -> str | None:
    """The medicine a word names, allowing one slip in a long name (None for ordinary words)."""
    if word in NAMES or _GENERIC.match(word):
        return word
    if len(word) < 6 or word in NOT_SLIPS:
        return None
    return one_slip_from(word, _SLIP_INDEX)


def _medicine(words: str) -> str | None:
    for phrase in PHRASES:
        if f" {phrase} " in words:
            return phrase
    for word in words.split():
        if (name := _name(word)) is not None:
            return name
    return None


def _could_name_one(folded: str) -> bool:
    """A cheap first look, before normalising: most messages name no medicine at all."""
    return any(token in _PHRASE_WORDS or _name(token) for token in _TOKEN.findall(folded))


def _two_medicines(words: str, first: str) -> bool:
    """Two different medicines in one question ("Lemsip and venlafaxine?") ask whether they go together."""
    second = _medicine(words.replace(f" {first} ", " "))
    return first not in GENERAL and second is not None and second not in GENERAL and second != first


def _asks(raw: str, words: str) -> bool:
    """A question mark, a question's first word, or a question's words near the end: a long story that asks
    something asks it last ("..., is there anything I can take for them"), and "can we" in the middle of
    one is more often a statement."""
    split = words.split()
    tail = " " + " ".join(split[-QUESTION_TAIL_WORDS:]) + " "
    return (raw.rstrip().endswith("?") or (bool(split) and split[0] in _OPENERS)
            or bool(_QUESTION_PHRASES.search(tail)) or bool(_PLEAS.search(words)) or bool(_TAGS.search(words)))


def _sentences(folded: str) -> list[tuple[str, str]]:
    """Each sentence as typed (its "?" kept) and as normalised words, between spaces."""
    return [(m.group(0), normalise(m.group(0), _NORMALISER).replace(" | ", " ")) for m in _SENTENCE.finditer(folded)]


def names_a_medicine(text: str) -> bool:
    """Whether any sentence of `text` names a medicine (for measuring: the questions this could apply to)."""
    return any(_medicine(words) for _, words in _sentences(fold(text)))


def find(text: str, before: str | None = None) -> MedicineQuestion | None:
    """The first sentence of `text` that asks about taking a medicine (None if none does).

    `before`: the person's previous message in the conversation, whose last two sentences count as the
    sentences before `text` ("I've started a new medication and I feel weird" … "should I stop taking it?")."""
    folded = fold(text)
    earlier = _sentences(fold(before))[-2:] if before and _could_name_one(fold(before)) else []
    if not _could_name_one(folded) and not earlier:
        return None
    sentences = [*earlier, *_sentences(folded)]
    named = [_medicine(words) for _, words in sentences]
    return _first_question(sentences[len(earlier):], named, len(earlier))


def _first_question(sentences: list[tuple[str, str]], named: list[str | None], offset: int) -> MedicineQuestion | None:
    """`named[offset + i]` is the medicine sentence i names; the sentences before `offset` are context only."""
    for at, (raw, words) in enumerate(sentences):
        if not _asks(raw, words) or _ELSEWHERE.search(words):
            continue
        i = at + offset
        medicine = named[i]
        if medicine is not None:
            if _TAKING.search(words.replace(f" {medicine} ", " ", 1)) or _two_medicines(words, medicine):
                return MedicineQuestion(medicine, words.strip())
            continue
        beside = next((j for j in (i - 1, i + 1, i - 2, i + 2) if 0 <= j < len(named) and named[j]), None)
        if beside is not None and (_TAKING_IT if beside >= offset else _TAKING_IT_EARLIER).search(words):
            return MedicineQuestion(named[beside], words.strip())
    return None
