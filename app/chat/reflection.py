"""The one sentence a small model writes in a guided reply: a reflection of what the person feels.

SmolLM2-135M cannot be trusted with a whole reply, but shown a handful of examples and given the first words
("It sounds like you're feeling"), it names a feeling and its subject in about a tenth of a second. It
still misreads one message in three ("you're feeling proud" about a B the person is upset by; "burnt out
after a long day" about a morning run), so every sentence is checked before it is used: one sentence, no
question, nothing about itself, no advice or judgement, a feeling that fits the mood of the message, and
words the person actually used. The output rail checks it too. A sentence that fails is written again (up
to three tries); if none passes, a plain reflection built from the person's own feeling words, or the
topic's curated one, is used instead. Nothing unchecked reaches the person.
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from app.cbt.moves import feeling_valence, feeling_words
from app.cbt.subjects import message_subject, named_subjects, naming_words
from app.chat.checked_reply import AttemptFlag, sentence_key, split_sentences
from app.chat.errors import ChatError
from app.model.engine import Engine
from app.model.errors import ModelError
from app.model.sampling import Sampling
from app.paths import assets_dir
from app.safety import OutputFilter, Verdict

ATTEMPTS = 3  # sentences tried before the curated fallback is used
MAX_TOKENS = 40  # a reflection is one short sentence
MIN_WORDS, MAX_WORDS = 4, 28
GROUNDED_SHARE = 0.6  # at least this share of the sentence's content words must be the person's own

_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|we're|our|us)\b")
_JUDGING = re.compile(
    r"\b(?:should|shouldn't|must|need to|needs to|have to|has to|ought|try to|just|don't worry|not doing "
    r"enough|your fault|lazy|overreact\w*|silly|stupid|dramatic|wrong with you|calm down|cheer up)\b")
# The person's harsh word about themselves, said back as a fact ("you're feeling down about being an idiot",
# "that you're a failure"); "you're feeling useless" reflects a feeling, and is fine.
_TAKES_LABEL = re.compile(
    r"\b(?:being|you're|you are|you were|you've been|you have been)\s+(?:(?:such|so|really|just|a|an|the|"
    r"complete|total)\s+)*(?:idiot|failure|loser|stupid|useless|worthless|pathetic|burden|disappointment|fraud|"
    r"mess|joke|dumb|incompetent|not good enough|boring|annoying|unlovable|ugly|weak|broken|lazy|hopeless|"
    r"(?:terrible|bad|awful|horrible|rubbish|crap|useless|lousy|selfish|shit|shitty) (?:mum|mom|mother|dad|"
    r"father|parent|friend|person|partner|wife|husband|girlfriend|boyfriend|daughter|son|sister|brother|"
    r"student|teacher|employee|human))\b")
_AS_A_THOUGHT = re.compile(r"\b(?:think|thinking|thought|believe|worry|worried|fear|afraid|scared|tells you|"
                           r"telling you|saying|says|voice|feel like|feeling like|as if|sure)\s+(?:that\s+)?$")
# Feelings of despair, too heavy to put into someone's mouth: reflected only when the person said them
# ("hopeless" to "I've tried everything" suggests a despair they never named; "depressed" sounds like a
# diagnosis). Shame or fear fitting a hard message ("ashamed" for "what kind of person does that") may be guessed.
_STRONG_FEELINGS = frozenset({"hopeless", "helpless", "worthless", "empty", "numb", "trapped", "defeated",
                              "powerless", "unloved", "depressed", "despair", "invisible"})
_WORD = re.compile(r"[a-z']+")
_THING = re.compile(r"\b(?:the|your|their|his|her)\s+([a-z']{3,})\b")
_SOFTENERS = frozenset({"a", "bit", "little", "really", "very", "quite", "so", "pretty", "rather", "somewhat"})
_NEGATION = frozenset({"not", "don't", "dont", "didn't", "never", "no", "isn't", "wasn't", "can't", "cant"})
# Words a reflection may use without the person having said them: its own frame, not claims about their life.
_FRAME_WORDS = """
a about after again all also an and any are as at be been being but by can could did do does doing for
from had has have having how if in into is it it's its just kind lately like lot little more most much
now of on or out over quite really right so some something sounds than that that's the their them then
there these they thing things this those though through to too up very was way were what when where which
while who with you you're you've your yours yourself feel feeling feelings felt seem seems bit rather
still lately recently moment time times day today sort both such one ones around own even ever yet
not no never don't doesn't didn't isn't wasn't aren't weren't won't can't couldn't wouldn't haven't hasn't
everything anything nothing
"""
_FRAME = frozenset(_FRAME_WORDS.split())


@dataclass(frozen=True)
class ReflectionPrompt:
    """What the model is shown: an instruction, example exchanges, and the first words of its sentence."""

    instruction: str
    feeling_opening: str
    plain_opening: str
    examples: tuple[tuple[str, str], ...]
    # by valence: fallbacks for when the usual one was in a recent reply (a run of "yeah", "idk", "nothing
    # helps" would otherwise get the topic's one curated sentence every time)
    again: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Reflection:
    """The sentence used, whether the model wrote it, and what writing it cost."""

    text: str
    from_model: bool
    tokens: int = 0
    attempts: int = 0
    withheld: list[Verdict] = field(default_factory=list)  # output-rail verdicts on sentences never shown
    rejected: list[str] = field(default_factory=list)  # why other sentences were not used (for benchmarks)


@lru_cache(maxsize=4)
def load_reflection_prompt(path: Path | None = None) -> ReflectionPrompt:
    """assets/cbt/guided/reflections.toml; a damaged file is an install problem, reported as one ChatError."""
    path = path or assets_dir() / "cbt" / "guided" / "reflections.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        openings = data["openings"]
        prompt = ReflectionPrompt(
            instruction=" ".join(data["instruction"].split()),
            feeling_opening=str(openings["feeling"]),
            plain_opening=str(openings["plain"]),
            examples=tuple((str(e["user"]), str(e["reflection"])) for e in data["examples"]),
            again={str(mood): tuple(" ".join(str(text).split()) for text in texts)
                   for mood, texts in data.get("again", {}).items()},
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ChatError(f"Confidant's reflection prompt ({path.name}) is missing or damaged ({exc}). "
                        "Reinstalling Confidant should fix this; your conversations are safe.") from exc
    if not prompt.examples:
        raise ChatError(f"Confidant's reflection prompt ({path.name}) has no examples. Reinstalling Confidant "
                        "should fix this; your conversations are safe.")
    return prompt


def reflection_messages(prompt: ReflectionPrompt, message: str) -> list[dict[str, str]]:
    """The chat the model completes: instruction, the examples as earlier turns, then the person's message.
    Everything before the message is the same in every conversation, so llama.cpp's cache keeps it warm."""
    messages = [{"role": "system", "content": prompt.instruction}]
    for user, reflection in prompt.examples:
        messages += [{"role": "user", "content": user}, {"role": "assistant", "content": reflection}]
    messages.append({"role": "user", "content": message})
    return messages


def _stem(word: str) -> str:
    word = word.strip("'").removesuffix("'s")
    return word[:5] if len(word) > 5 else word


def content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _FRAME and len(w) > 2]


def reflection_problems(sentence: str, user_messages: Sequence[str], valence: str,
                        avoid: Sequence[str] = ()) -> list[str]:
    """Why `sentence` cannot be used as the reflection of the person's latest message (empty: it can).

    `user_messages`: the person's recent messages, latest last; `valence`: the mood of the latest message's
    topic ("negative", "positive" or "neutral"); `avoid`: the last few replies."""
    problems = []
    text = " ".join(sentence.split())
    lowered = text.lower().replace("’", "'")
    words = lowered.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        problems.append(f"{len(words)} words")
    if not re.search(r"[.!]$", text) or re.search(r"[.!?]\s", text):
        problems.append("not one whole sentence")
    if "?" in text:
        problems.append("asks a question")
    if re.search(r"\bbut\b", lowered):  # the small model's second clause is where it loses the thread
        problems.append("a second clause ('but …')")
    if _FIRST_PERSON.search(lowered):
        problems.append("talks about itself")
    if match := _JUDGING.search(lowered):
        problems.append(f"judges or advises ({match.group(0)!r})")
    if (match := _TAKES_LABEL.search(lowered)) and not _AS_A_THOUGHT.search(lowered[:match.start()]):
        problems.append(f"says their harsh word back as a fact ({match.group(0)!r})")
    said = " ".join(user_messages).lower().replace("’", "'")
    said_feelings = feeling_words(said)
    named = feeling_words(lowered)
    if "feeling" in words[:6] and not named and not _names_their_feeling(words, said):
        problems.append("names no feeling")
    # Feelings that clash ("down and good") are a misreading even when the person used both words somewhere
    # ("good day", "a good series"); so is a happy word for a hard message, said or not ("you're feeling
    # great" to someone who vomited blood). A hard word for good news is allowed when the person said it
    # ("I was terrified, but I did it").
    moods = {feeling_valence(word) for word in named} - {None}
    if len(moods) > 1:
        problems.append("names clashing feelings")
    for word in named & _STRONG_FEELINGS:
        if word not in said_feelings:  # "I've tried everything" is not "you're feeling hopeless"
            problems.append(f"{word!r} is stronger than anything the person said")
    for word in named:
        mood = feeling_valence(word)
        unsaid_or_happy = word not in said_feelings or mood == "positive"
        if valence in ("negative", "positive") and mood not in (None, valence) and unsaid_or_happy:
            problems.append(f"{word!r} does not fit the message's mood")
    own = {_stem(w) for w in content_words(said)}
    mine = [w for w in content_words(lowered) if w not in feeling_words(w)]
    invented = [w for w in mine if _stem(w) not in own]
    if mine and len(invented) > (1 - GROUNDED_SHARE) * len(mine):
        problems.append(f"words the person did not use ({', '.join(invented[:3])})")
    things = [m.group(1) for m in _THING.finditer(lowered)]
    unsaid = [w for w in things if w not in _FRAME and not feeling_words(w) and _stem(w) not in own]
    if unsaid:  # "not getting off the couch" to a message about a train: a stock scene the model filled in
        problems.append(f"names a thing the person did not mention ({', '.join(unsaid)})")
    strangers = named_subjects(lowered) - named_subjects(said)
    if strangers:
        problems.append(f"brings in what the person did not mention ({', '.join(sorted(strangers))})")
    key = sentence_key(text)
    if any(key == sentence_key(s) for reply in avoid for s in split_sentences(reply)):
        problems.append("said in a recent reply")
    return problems


def _names_their_feeling(words: list[str], said: str) -> bool:
    """After "feeling" comes a word the person used themselves ("gutted"), past any softeners."""
    following = words[words.index("feeling") + 1:]
    following = [w.strip(".,!;") for w in following if w.strip(".,!;") not in _SOFTENERS]
    return bool(following) and re.search(rf"\b{re.escape(following[0])}\b", said) is not None


def fallback_reflection(message: str, curated: str, subject: str | None = None, valence: str = "neutral") -> str:
    """A reflection that cannot misread: the person's own feeling words that fit the message's mood, else the
    topic's curated sentence, each naming the message's subject when there is one."""
    own = own_feeling_reflection(message, valence)
    if own is not None:
        return name_subject(own, subject, message)
    if subject and not curated.startswith(_OPENING):
        return shared_subject(subject)
    return name_subject(curated, subject, message)


def shared_subject(subject: str) -> str:
    """The fallback that names the subject and no feeling, still in a reflection's words (it is reflected, not
    only thanked for)."""
    return f"Thank you for sharing what's been happening with {subject}; it sounds like it's been on your mind."


def own_feeling_reflection(message: str, valence: str = "neutral") -> str | None:
    """"It sounds like you're feeling flat." from up to two feeling words the person used (not negated, not
    clashing with the message's mood), or None when they used none."""
    feelings = own_feelings(message, valence)
    return _feeling_sentence(feelings) if feelings else None


def _feeling_sentence(feelings: list[str], still: bool = False) -> str:
    return f"It sounds like you're {'still ' if still else ''}feeling {' and '.join(feelings)}."


def own_feelings(message: str, valence: str = "neutral") -> list[str]:
    """Up to two feeling words or phrases the person used, in the order said (see own_feeling_reflection)."""
    clashing = {"negative": "positive", "positive": "negative"}.get(valence)
    said: list[str] = []
    for clause in re.split(r"[,.;:!?]", message.lower().replace("’", "'")):  # "not terrible, just flat": flat
        found = []
        for feeling in feeling_words(clause):  # words and phrases ("wound up"), in the order they were said
            pattern = r"\s+".join(map(re.escape, feeling.split()))
            match = re.search(rf"\b{pattern}\b", clause)
            before = _WORD.findall(clause[:match.start()])[-3:] if match else []
            if match and not _NEGATION.intersection(before) and feeling_valence(feeling) != clashing:
                found.append((match.start(), feeling))
        said += [feeling for _, feeling in sorted(found)]
    return list(dict.fromkeys(said))[:2]


_OPENING = "It sounds like"
# Ways to put the subject in front of "it sounds like …"; the first is the usual one, the others are for when
# a recent reply already opened with it.
_SUBJECT_OPENINGS = ("When it comes to {subject}, it sounds like", "With {subject} on your mind, it sounds like")


def name_subject(sentence: str, subject: str | None, message: str, avoid: Sequence[str] = ()) -> str:
    """`sentence` with the message's subject in front ("When it comes to work, it sounds like…") when it
    names nothing the person said, only a feeling — unless a recent reply already named that subject, so a
    conversation doesn't open every reply the same way. A sentence that echoes no word of the message at
    all (a follow-up like "what could I try tonight?" and a reflection that names only a feeling they never
    said) still gets the subject, opened another way than a recent reply was, so the reply stays on what
    the person is talking about."""
    if not subject or not sentence.startswith(_OPENING) or _grounded(sentence, message):
        return sentence
    recent = " ".join(reply.lower() for reply in avoid)
    if subject.lower() in recent and _echoes(sentence, message):
        return sentence
    for opening in _SUBJECT_OPENINGS:
        head = opening.format(subject=subject)
        if head.lower() not in recent:
            return f"{head}{sentence[len(_OPENING):]}"
    return sentence


def _echoes(sentence: str, message: str) -> bool:
    """Whether `sentence` shares any word with `message` past its frame (a feeling word counts)."""
    return bool({_stem(w) for w in content_words(sentence)} & {_stem(w) for w in content_words(message)})


def _grounded(sentence: str, message: str) -> bool:
    """Whether `sentence` names something from `message` besides a feeling word: a word that could name a
    thing (not "there's", "going" or "lot"), said by both, not merely sharing its first letters ("understand"
    and "undermines")."""
    mine = " ".join(w for w in sentence.lower().replace("’", "'").split() if w.strip(".,!;") not in _FRAME)
    return bool(naming_words(mine) & naming_words(message))


def write_reflection(engine: Engine, message: str, user_messages: Sequence[str], valence: str,
                     avoid: Sequence[str], sampling: Sampling, rail: Callable[[], OutputFilter],
                     cancel: threading.Event, curated_fallback: str,
                     prompt: ReflectionPrompt | None = None, subject: str | None = None) -> Reflection:
    """The reflection for `message`: the first model sentence that passes every check, else the fallback.
    Raises nothing for a model failure mid-way: the fallback is used (and the caller still has a reply).
    `subject`: what to name when the sentence names nothing (default: `message`'s own subject; a guided
    reply passes the conversation's, so a follow-up that names nothing is still reflected with it)."""
    prompt = prompt or load_reflection_prompt()
    subject = subject or message_subject(message)
    return _write(engine, message, user_messages, valence, avoid, sampling, rail, cancel, curated_fallback,
                  prompt, subject)


def echo_conversation(sentence: str, message: str, user_messages: Sequence[str], subject: str | None,
                      valence: str, avoid: Sequence[str] = ()) -> str:
    """`sentence`, unless it echoes no word the person used in `user_messages` (a feeling they never named
    for "I don't know", the topic's curated line for a message on another subject): then, so the reply
    stays on what they are talking about, the person's own feeling words (from the latest message, else an
    earlier one) with the subject named, else `sentence` with the subject in front, else the subject in a
    plain reflection; else `sentence` as it is."""
    said = [text for text in user_messages if text and text.strip()] or [message]
    if not sentence or any(_echoes(sentence, text) for text in said):
        return sentence
    for age, text in enumerate(reversed(said)):
        feelings = own_feelings(text, valence)
        if not feelings:
            continue
        # a feeling they named a message or two ago, and haven't taken back since, is "still" felt; said in
        # those words by the last reply, it is said another way
        wordings = [_feeling_sentence(feelings, still=True), _still_there(feelings)] if age else \
            [_feeling_sentence(feelings)]
        for wording in filter(None, wordings):
            named = name_subject(wording, subject, message, avoid)
            if not _said_recently(named, avoid):
                return named
    for named in (name_subject(sentence, subject, message, avoid), shared_subject(subject) if subject else ""):
        if named and named != sentence and not _said_recently(named, avoid):
            return named
    return sentence


# Feeling words that are nouns ("anxiety"): "the anxiety hasn't gone away", not "that anxiety feeling".
_FEELING_NOUNS = frozenset({"anxiety", "worry", "stress", "panic", "fear", "guilt", "shame", "loneliness",
                            "frustration", "anger", "sadness", "dread", "grief", "jealousy"})


def _still_there(feelings: list[str]) -> str | None:
    """Another way to say "It sounds like you're still feeling low." when the last reply already said it,
    so a run of follow-ups keeps to the person's own feeling instead of the model guessing a new one."""
    if any(" " in feeling for feeling in feelings):
        return None  # a phrase ("left out", "on edge") reads wrongly before "feeling"; no other wording
    feeling = " and ".join(feelings)
    if _FEELING_NOUNS.intersection(feelings):
        return f"It sounds like the {feeling} hasn't gone away."
    return f"It sounds like that {feeling} feeling hasn't gone away."


def _write(engine: Engine, message: str, user_messages: Sequence[str], valence: str, avoid: Sequence[str],
           sampling: Sampling, rail: Callable[[], OutputFilter], cancel: threading.Event, curated_fallback: str,
           prompt: ReflectionPrompt, subject: str | None) -> Reflection:
    names_feeling = valence != "neutral" or bool(feeling_words(message.lower()))
    opening = prompt.feeling_opening if names_feeling else prompt.plain_opening
    result = Reflection("", from_model=False)
    # A sentence naming only a feeling ("you're feeling low") is kept in reserve while another try might
    # also name what the person wrote about; it beats the fallback if none does.
    groundable = bool(naming_words(message))
    spare: str | None = None
    try:
        tokens = engine.tokenize(engine.render(reflection_messages(prompt, message)) + opening)
    except ModelError:
        tokens = None
    for attempt in range(ATTEMPTS if tokens is not None else 0):
        if cancel.is_set():
            break
        seed = None if sampling.seed is None else sampling.seed + attempt
        temperature = sampling.temperature if attempt == 0 else max(0.7, sampling.temperature)
        settings = sampling.with_overrides(max_tokens=MAX_TOKENS, temperature=temperature, seed=seed)
        sentence, used = _one_sentence(engine, tokens, settings, cancel)
        result.tokens += used
        result.attempts += 1
        candidate = f"{opening}{sentence}".strip()
        problems = reflection_problems(candidate, user_messages, valence, avoid)
        if not problems:
            candidate = name_subject(candidate, subject, message, avoid)
            verdict = _rail_verdict(rail, candidate)
            if verdict is not None:
                result.withheld.append(verdict)
                problems = [f"withheld by the output rail ({verdict.category})"]
            elif not groundable or _grounded(candidate, message):
                result.text, result.from_model = candidate, True
                return result
            else:
                spare = spare or candidate
                problems = ["names nothing the person wrote about (kept in reserve)"]
        result.rejected.append(f"{candidate} [{'; '.join(problems)}]")
    if spare is not None and tokens is not None and not cancel.is_set():
        named = _name_what_about(engine, prompt, message, spare, user_messages, valence, avoid, sampling, rail,
                                 cancel, result)
        if named is not None:
            result.text, result.from_model = named, True
            return result
    fallback = fallback_reflection(message, curated_fallback, subject, valence)
    # The model's feeling-only sentence beats a fallback naming nothing, but not the person's own feeling
    # words ("flat" rather than "overwhelmed and stressed about everything").
    if spare is not None and not cancel.is_set() and own_feeling_reflection(message, valence) is None:
        result.text, result.from_model = spare, True
        return result
    if _said_recently(fallback, avoid) and subject:  # "It sounds like something went well" twice running
        fallback = shared_subject(subject)
    if _said_recently(fallback, avoid):  # still the same words as a recent reply: another way of saying it
        fallback = next((text for text in prompt.again.get(valence, ()) if not _said_recently(text, avoid)),
                        fallback)
    result.text = fallback
    return result


def _name_what_about(engine: Engine, prompt: ReflectionPrompt, message: str, spare: str,
                     user_messages: Sequence[str], valence: str, avoid: Sequence[str], sampling: Sampling,
                     rail: Callable[[], OutputFilter], cancel: threading.Event, result: Reflection) -> str | None:
    """One more try for a sentence that named only a feeling: the model continues it from "… about", so it
    names what the feeling is about ("you're feeling anxious about the estate agent"). Used only when the
    continuation passes every check and names something the person wrote; None otherwise."""
    head = spare.rstrip(".! ")
    if " about " in head:
        head = head[:head.index(" about ")]
    after = head.lower().split("feeling", 1)[-1] if head.startswith(prompt.feeling_opening) else ""
    rest = [w.strip(",") for w in after.split() if w.strip(",") not in _SOFTENERS and w != "and"]
    if not rest or not all(feeling_words(w) for w in rest):
        return None  # only a plain list of feelings can take "about …" and stay one sentence
    head += " about"
    try:
        tokens = engine.tokenize(engine.render(reflection_messages(prompt, message)) + head)
    except ModelError:
        return None
    seed = None if sampling.seed is None else sampling.seed + ATTEMPTS
    settings = sampling.with_overrides(max_tokens=MAX_TOKENS, seed=seed)
    sentence, used = _one_sentence(engine, tokens, settings, cancel)
    result.tokens += used
    result.attempts += 1
    candidate = f"{head}{sentence}".strip()
    problems = reflection_problems(candidate, user_messages, valence, avoid)
    if not problems and not _grounded(candidate, message):
        problems = ["names nothing the person wrote about"]
    if not problems:
        verdict = _rail_verdict(rail, candidate)
        if verdict is None:
            return candidate
        result.withheld.append(verdict)
        problems = [f"withheld by the output rail ({verdict.category})"]
    result.rejected.append(f"{candidate} [{'; '.join(problems)}]")
    return None


def _said_recently(sentence: str, avoid: Sequence[str]) -> bool:
    key = sentence_key(sentence)
    return any(key == sentence_key(s) for reply in avoid for s in split_sentences(reply))


def _rail_verdict(rail: Callable[[], OutputFilter], sentence: str) -> Verdict | None:
    checker = rail()
    _, verdict = checker.feed(sentence)
    if verdict is None:
        _, verdict = checker.finish()
    return verdict


def _one_sentence(engine: Engine, tokens: list[int], sampling: Sampling,
                  cancel: threading.Event) -> tuple[str, int]:
    """The model's words up to the end of its first sentence, and how many tokens that took."""
    text = ""
    try:
        generation = engine.generate_tokens(tokens, sampling, AttemptFlag(cancel))  # closing it keeps Stop
    except ModelError:
        return "", 0
    try:
        for piece in generation:
            text += piece
            if re.search(r"[.!?][\"')”’]*\s|\n", text):
                break
    except ModelError:
        return "", generation.token_count
    finally:
        generation.close()
    sentence = re.split(r"(?<=[.!?])[\"')”’]*\s|\n", text, maxsplit=1)[0]
    return sentence.rstrip(), generation.token_count
