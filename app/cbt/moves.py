"""Choosing the curated half of a guided reply: what the conversation is about, and what to say next.

A 135M model cannot be trusted to ask a good Socratic question or suggest a sensible small step, so a guided
reply is the model's one checked sentence of reflection followed by a move written in assets/cbt/moves.toml
(Woebot and Wysa work the same way). This module only picks: the topic from word cues (latest message first,
so "I don't know" keeps the conversation's topic), then the next rung of that topic's ladder that the last
few replies haven't used, a question about a thinking trap the latest message shows, or a short answer to a
question about CBT. When no cue matches anywhere, single words lean the topic, and a short question that
names a CBT term gets that term's answer (assets/cbt/guided/topic_words.toml). Word cues are crude (the
figures are in tests/cbt/test_moves.py); a wrong topic costs a less fitting question, never a safety
decision — the guardrails run before and after, as for any reply.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from app.cbt import turns, weighing
from app.cbt.content import TOPICS, Answer, Content, Move, MoveBook, Topic, least_recent, load_content, plain
from app.cbt.distortions import suggest_distortions
from app.paths import assets_dir

# The person asks for something to do (normalised text: "i'd" -> "i would", lowercase, no punctuation).
_ASKS_FOR_A_STEP = re.compile(
    r"\b(?:can|could|should|might) i (?:do|try)\b|\bi (?:can|could|should|might) (?:do|try)\b"
    r"|\bwhat (?:can|could|should) i\b|\bany (?:tips|ideas|advice|"
    r"suggestions)\b|\bwhat (?:helps|would help|might help)\b|\bsomething (?:i can|i could|to) (?:do|try)\b"
    r"|\bthen what\b|\bwhat (?:next|now)\b|\bwhat do i do\b"  # a follow-up asking for the next step
    r"|\bhow (?:would|could|does|will|do|can) (?:that|this|it) (?:work|help) for me\b"
    r"|\bhow (?:do|can|could|should) i (?:stop|change|fix|get better|get past|break)\b")
# A whole message that only goes on with what came before ("so what should I do about it?", "how would that
# work for me?", "I don't really get it"): its words ("work", "do") name no topic of its own.
_FOLLOW_UP = re.compile(
    r"^(?:(?:so|ok|okay|but|and|right|hmm|um|yeah|sorry|then|well)\s+)*"
    r"(?:how (?:would|could|does|will|do|can|should) (?:that|this|it|i do that|i do this|i do it|i use it|i use that)"
    r"(?: (?:work|help|look))?|what (?:should|can|could|do|would) i do(?: about it| about that| with that| then| now)?"
    r"|i (?:still )?do not (?:really |quite )?(?:get|understand)(?: it| that| this| what you mean)?|what do you mean"
    r"|(?:can|could) you (?:give me|explain|say)(?: an example| more| that again| it again| that| it)?|like what"
    r"|such as|for example|what (?:kind|sort|type) of \w+|what does that mean|what would that look like)"
    r"(?:\s+(?:for me|though|then|now|exactly|in practice|here|again|please))*$")
FOLLOW_UP_WORDS = 12  # a follow-up is short; a longer message says something of its own
# Asking what a word just used means ("what does that even mean?"): the term is in the message before.
_MEANING = re.compile(r"^(?:(?:so|ok|okay|but|and|sorry|um|hmm|wait|sorry but) )*(?:what does (?:that|it|this) "
                      r"(?:word |term )?(?:even |actually |really |exactly )?mean|what do you mean(?: by (?:that|it))?"
                      r"|what is that(?: exactly| even)?|what is that supposed to mean|meaning)$")

__all__ = ["FollowUp", "Move", "Topic", "choose_move", "detect_topic", "feeling_valence", "feeling_words",
           "follow_ups", "is_follow_up"]


def detect_topic(user_messages: Sequence[str], content: Content | None = None, *,
                 recent_replies: Sequence[str] = ()) -> tuple[Topic, str | None]:
    """The conversation's topic and the words that showed it: the latest message's if it has a cue, else the
    nearest earlier message's, else the topic of the move in the latest reply (a run of short follow-ups —
    "yeah", "idk", "nothing really helps" — outlasts the few messages passed), else "general" (no words)."""
    topic, cue, _ = _detect(user_messages, content or load_content(), recent_replies)
    return topic, cue


def choose_move(user_messages: Sequence[str], recent_replies: Sequence[str], *,
                content: Content | None = None) -> Move:
    """The next curated move: never one whose text is in `recent_replies` (the last few assistant replies).

    In order: an answer to a question about CBT; a question about a thinking trap in the latest message (for
    a difficult topic); then the topic's ladder, one rung past the furthest one already used, so a follow-up
    moves the conversation on instead of asking the same thing again."""
    content = content or load_content()
    book = content.moves
    topic, _, answer = _detect(user_messages, content, recent_replies)
    said = [plain(reply) for reply in recent_replies if reply and reply.strip()]

    def fresh(move: Move) -> bool:
        return plain(move.text) not in "\n".join(said)

    latest = user_messages[-1] if user_messages else ""
    normalised = content.normaliser(latest)  # read once: every check below works on it
    turn = turns.kind_of_turn(normalised, latest) if latest.strip() else None
    if turn in turns.WHOLE_TURNS and (closing := turns.closing_move(turn, recent_replies)) is not None:
        return closing
    if answer is not None and fresh(answer.move):
        return answer.move
    if (named := weighing.thought_move(latest, topic.id, recent_replies)) is not None and fresh(named):
        return named  # "ok so the thought is 'i'm a failure'": check it, don't ask for a thought again
    follow_up = _follow_up_move(book, latest, recent_replies, content) if answer is None else None
    if follow_up is not None and fresh(follow_up):
        return follow_up
    if turn == "helped":  # "ok that helps a bit": say so, then the next small step, not a new question
        step = _next_step(topic, book, fresh)
        if step is not None and (helped := turns.helped_move(normalised, step, recent_replies)):
            return helped
    if turn == "plan" and (plan := turns.plan_move(normalised, latest, topic.id,
                                                   recent_replies)) is not None:
        return plan
    weighed = weighing.weighing_kind(normalised, latest, recent_replies) if len(user_messages) > 1 else None
    if weighed is not None and topic.valence == "negative" and (
            move := weighing.weighing_move(weighed, normalised, latest, topic.id, recent_replies,
                                           tuple(feeling_words(latest, content)))) is not None:
        return move  # "well, I did pass all my competencies": take up what doesn't fit the thought
    if topic.valence == "negative":
        trap = _trap_move(book, latest, content)
        if trap is not None and fresh(trap):
            return replace(trap, topic=topic.id)
    if _ASKS_FOR_A_STEP.search(normalised):  # asked what to do: offer a step, not a question
        step = _next_step(topic, book, fresh)
        if step is not None:
            return step
    for candidate in (topic, book.topic("general")):
        move = _next_rung(candidate, fresh)
        if move is not None:
            return move
    # Every move is in the recent replies (only if callers pass very many): the one said longest ago.
    return _oldest(topic, said)


def _next_step(topic: Topic, book: MoveBook, fresh: Callable[[Move], bool]) -> Move | None:
    """The topic's first small step not in the recent replies, else the general topic's."""
    return next((m for t in (topic, book.topic("general")) for m in t.moves if m.kind == "step" and fresh(m)), None)


def feeling_words(text: str, content: Content | None = None) -> set[str]:
    """The lexicon's feeling words (and short phrases like "on edge") found in `text`."""
    if not text or not text.strip():
        return set()
    content = content or load_content()
    normalised = content.normaliser(text)
    return {match.group(0) for match in content.moves.feeling_regex.finditer(normalised)
            if match.group(0) not in _ALSO_THINGS or not _THING_BEFORE.search(normalised[:match.start()])}


# Feeling words that also name things: after "my", "the", "a" … they are the thing ("I sit in my flat").
_ALSO_THINGS = frozenset({"flat", "blue", "empty", "heavy", "low", "down", "grey", "rubbish", "crap"})
_THING_BEFORE = re.compile(r" (?:my|your|our|his|her|their|the|a|an|this|that|new|old) $")


def feeling_valence(word: str, content: Content | None = None) -> str | None:
    """ "negative" or "positive" for a lexicon word; None for anything else."""
    return (content or load_content()).moves.feelings.get(" ".join(word.lower().split()))


# ---- matching -----------------------------------------------------------------------------------------------


def _detect(user_messages: Sequence[str], content: Content,
            recent_replies: Sequence[str] = ()) -> tuple[Topic, str | None, Answer | None]:
    book = content.moves
    question: tuple[Topic, str | None, None] | None = None
    weak: tuple[Topic, str | None, None] | None = None  # the latest message's topic from a context cue alone
    for age, message in enumerate(reversed(user_messages)):
        if not message or not message.strip():
            continue
        normalised = content.normaliser(message)
        if age == 0 and _MEANING.match(normalised.strip()) and len(user_messages) > 1:
            # "what does that even mean" after "she asked me to notice when I'm catastrophising": that term
            answer, cue = _named_term(book, content.normaliser(user_messages[-2]))
            if answer is not None:
                return book.topic("psychoeducation"), cue, answer
        if age == 0 and is_follow_up(normalised):
            continue  # "how would that work for me?": the conversation's topic, not "work"
        answer, cue = _best_answer(book, normalised)
        if answer is None and age == 0:
            answer, cue = _termed_answer(book, message, normalised)
        if answer is None and age == 0:
            answer, cue = _nearest_answer(book, normalised)
        if answer is not None and age > 0:  # the question was answered: go on with what the idea is about
            topics = follow_ups().get(answer.move.id, FollowUp(answer.move, ())).topics
            return book.topic(topics[0] if topics else "psychoeducation"), cue, None
        if answer is not None:
            return book.topic("psychoeducation"), cue, answer
        topic, cue = _best_topic(book, normalised)
        before = user_messages[:len(user_messages) - 1 - age]
        if (topic is not None and topic.valence == "negative" and before
                and _LOOKING_BACK.search(normalised) and not _NOW.search(normalised)):
            # "I was so nervous in the interview" after "I got the job!!": the story of a win, not a worry now
            earlier, earlier_cue, _ = _detect(before, content)
            if earlier.id == "small-wins":
                return earlier, earlier_cue, None
        if topic is not None and topic.id == "psychoeducation" and age == 0:
            # A question with no curated answer ("what could I do tonight?") is about what came before.
            question = question or (topic, cue, None)
            continue
        if (topic is not None and age == 0 and len(user_messages) > 1 and not topic.cues.find_all(normalised)
                and not _someone_new(cue, user_messages[:-1], content)):
            # Only a context word ("tomorrow", "money"): it goes with a topic but doesn't name one, so a
            # conversation already on a topic stays on it ("maybe I'll ask her at lunch tomorrow").
            weak = (topic, cue, None)
            continue
        if topic is not None:
            return topic, cue, None
    if question is not None:
        return question
    if weak is not None:
        return weak
    for age, message in enumerate(reversed(user_messages)):  # no cue anywhere: the topic the words lean to
        if age == 1:  # past the latest message, the topic the conversation was already on comes first
            carried = _reply_topic(book, recent_replies)
            if carried is not None:
                return carried, None, None
        topic_id, word = _leaning(content.normaliser(message)) if message and message.strip() else (None, None)
        if topic_id is not None:
            return book.topic(topic_id), word, None
    carried = _reply_topic(book, recent_replies)
    return (carried or book.topic("general")), None, None


def _someone_new(cue: str | None, earlier: Sequence[str], content: Content) -> bool:
    """Whether a context cue introduces someone the conversation hasn't mentioned ("my partner says I'm too
    sensitive" after a message about sleep): a new person is a new subject, not a word in passing."""
    if not cue or not cue.startswith("my "):
        return False
    who = cue.split()[-1]
    return not any(f" {who} " in f" {content.normaliser(message)} " for message in earlier if message)


def _reply_topic(book: MoveBook, recent_replies: Sequence[str]) -> Topic | None:
    """The topic whose ladder move (or answer follow-up) the latest reply used, if any."""
    last = plain(recent_replies[-1]) if recent_replies and recent_replies[-1] else ""
    if not last:
        return None
    for topic in book.topics:
        if topic.id != "general" and any(plain(move.text) in last for move in topic.moves):
            return topic
    return next((book.topic(f.topics[0]) for f in follow_ups().values() if f.topics and plain(f.move.text) in last),
                None)


def is_follow_up(normalised: str) -> bool:
    """Whether a whole (normalised) message only goes on with what came before ("so what should I do about it?")."""
    text = normalised.strip()
    return len(text.split()) <= FOLLOW_UP_WORDS and _FOLLOW_UP.match(text) is not None


@dataclass(frozen=True)
class FollowUp:
    """What comes after a curated answer when the next message goes on with it (follow_ups.toml)."""

    move: Move
    topics: tuple[str, ...]  # the topics the idea belongs to; the first is where the conversation goes next
    then: str | None = None  # the answer id ("answer.exposure") a further question gets after this follow-up


DEFAULT_FOLLOW_UP = "default"


@lru_cache(maxsize=4)
def follow_ups(path: Path | None = None) -> dict[str, FollowUp]:
    """assets/cbt/guided/follow_ups.toml by answer move id ("answer.cbt"), plus DEFAULT_FOLLOW_UP. A missing
    or damaged file only costs the follow-ups (the conversation goes on by its topic), so it is read
    leniently; the texts are checked by tests/cbt/test_moves.py like every curated text."""
    path = path or assets_dir() / "cbt" / "guided" / "follow_ups.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        entries = {f"answer.{key}": value for key, value in data.get("follow-ups", {}).items()}
        if "default" in data:
            entries[DEFAULT_FOLLOW_UP] = data["default"]
        found = {}
        for key, entry in entries.items():
            name = key.removeprefix("answer.")
            topics = tuple(str(t) for t in entry.get("topics", ()) if str(t) in TOPICS)
            text = " ".join(str(entry["text"]).split())
            then = f"answer.{entry['then']}" if entry.get("then") else None
            found[key] = FollowUp(Move(f"follow-up.{name}", topics[0] if topics else "psychoeducation", "step",
                                       text), topics, then)
        return found
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError):
        return {}


def _follow_up_move(book: MoveBook, latest: str, recent_replies: Sequence[str], content: Content) -> Move | None:
    """After a reply that was a curated answer: that answer's follow-up, when the latest message goes on with
    it — a bare follow-up ("so what should I do about it?"), a message with no topic of its own ("ok"), or
    one whose topic the idea belongs to ("that makes sense, I dodge phone calls all the time", after how
    avoidance keeps anxiety going). A question gets it as an answer, without a reflection first."""
    last = plain(recent_replies[-1]) if recent_replies and recent_replies[-1] else ""
    if not last or not latest.strip():
        return None
    table = follow_ups()
    answered = next((a for a in book.answers if plain(a.move.text) in last), None)
    followed = None if answered is not None else next(
        (f for f in table.values() if plain(f.move.text) in last), None)
    follow = (table.get(answered.move.id) or table.get(DEFAULT_FOLLOW_UP)) if answered is not None else followed
    if follow is None:
        return None
    normalised = content.normaliser(latest)
    own, _ = (None, None) if is_follow_up(normalised) else _best_topic(book, normalised)
    if own is not None and own.id != "psychoeducation" and own.id not in follow.topics:
        return None  # something new: it gets its own topic's move
    question = "?" in latest or _QUESTION.match(normalised.strip()) is not None or is_follow_up(normalised)
    if answered is not None:
        return replace(follow.move, kind="answer" if question else "step")
    # after the follow-up, a further question gets the next idea's answer ("so how do I stop?": exposure)
    then = next((a.move for a in book.answers if a.move.id == follow.then), None) if question else None
    return then


@lru_cache(maxsize=8)
def topic_words(table: str = "words", path: Path | None = None) -> dict[str, re.Pattern[str]]:
    """assets/cbt/guided/topic_words.toml: per topic ([words]) or curated answer ([answers]), one pattern for
    the words that lean towards it. A missing or damaged file only costs the lean (the general topic is
    used, or the question gets no answer), so it is read leniently."""
    path = path or assets_dir() / "cbt" / "guided" / "topic_words.toml"
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8"))[table]
        return {str(key): re.compile(r"\b(?:" + "|".join(
            r"\s+".join(re.escape(part) for part in str(word).lower().rstrip("*").split())
            + (r"\w*" if str(word).endswith("*") else "") for word in words) + r")\b")
            for key, words in entries.items() if words}
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError):
        return {}


TERMED_QUESTION_WORDS = 30  # a question about a term is short; a long post names terms in passing
_QUESTION = re.compile(r"^(?:what|why|how|is|are|does|do|can|could|should|would|will|when|which)\b")


def _termed_answer(book: MoveBook, message: str, normalised: str) -> tuple[Answer | None, str | None]:
    """For a question no answer's cues matched: the curated answer whose term it names ("how would
    mindfulness help me?"), the longest term winning. A statement that names a term gets none, nor does a
    long post that asks something somewhere and names a term in passing."""
    if len(normalised.split()) > TERMED_QUESTION_WORDS or ("?" not in message
                                                         and _QUESTION.match(normalised.strip()) is None):
        return None, None
    return _named_term(book, normalised)


def _named_term(book: MoveBook, normalised: str) -> tuple[Answer | None, str | None]:
    """The curated answer whose term (normalised) text names, the longest term winning."""
    answers = {answer.move.id.removeprefix("answer."): answer for answer in book.answers}
    best: tuple[int, Answer | None, str | None] = (0, None, None)
    for answer_id, pattern in topic_words("answers").items():
        found = pattern.findall(normalised)
        if found and answer_id in answers and len(max(found, key=len)) > best[0]:
            best = (len(max(found, key=len)), answers[answer_id], max(found, key=len))
    return best[1], best[2]


# Words that say nothing about which idea a question is about: question words, "help", "work", "mean" ...
_GENERIC_WORDS = """
about actual actually after again also always anything bad because been being better does doing done each
even ever every explain feel feeling feelings from going good have help helps helpful into just know like
long make mean means meant more much need normal often other people point really same should some still stop
tell than that their them then there these they thing things think thinking this those thought thoughts
through very want what when where which while whole with work works would your yourself myself others
away back badly before call calling check days during first five four three give gone happen having keeps
kind kinds last less look lose lost makes many never nothing okay only read real runs running saying
seem seems show sick someone something sort stand starts stay stuff such take takes till time tips type types
until everyone everybody usually weird wrong feels fine ask asking enough shake worth down over high
trying true matter person self shape
"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
_WORD = re.compile(r"[a-z]{4,}")
# How a question about an idea starts ("is there any point to …", "why does …", "what's …"); not "can you
# help me …", "can't shake …" (normalised "can not"), nor a worry ("what if …").
_ABOUT_AN_IDEA = re.compile(r"^(?:what|why|how|is|are|does|do)\b(?! if\b| not\b)")
NEAREST_MAX_SHARING = 2  # a word counts only when at most this many answers use it: it says which idea


def _stem(word: str) -> str:
    return word[:6]


@lru_cache(maxsize=4)
def _answer_words(answers: tuple[Answer, ...]) -> dict[str, frozenset[str]]:
    """{stem: the answer ids whose name or term words use it}, generic words left out. Not the cue words:
    they hold everyday words ("miss", "losing", "life") that say little about which idea is asked about."""
    index: dict[str, set[str]] = {}
    terms = topic_words("answers")
    for answer in answers:
        answer_id = answer.move.id.removeprefix("answer.")
        words = set(_WORD.findall(answer.name.lower()))
        if answer_id in terms:
            words |= set(_WORD.findall(terms[answer_id].pattern))
        for word in words - _GENERIC:
            index.setdefault(_stem(word), set()).add(answer.move.id)
    return {stem: frozenset(ids) for stem, ids in index.items()}


def _nearest_answer(book: MoveBook, normalised: str) -> tuple[Answer | None, str | None]:
    """For a short question about the mind that neither cues nor terms matched, asked from its first word
    ("is there any point to a gratitude journal?"): the answer that shares the most telling words with it,
    a word telling more the fewer answers use it. Only a word at most NEAREST_MAX_SHARING answers use counts,
    and a tie gives no answer: a wrong explanation is worse than the reflection and question given otherwise.
    A question asking what to do gets a step (choose_move), not an explanation."""
    if (len(normalised.split()) > TERMED_QUESTION_WORDS or _ASKS_FOR_A_STEP.search(normalised)
            or _ABOUT_AN_IDEA.match(normalised.strip()) is None):
        return None, None  # "what could I do tonight?" asks for a step; "what if I lose my job?" is a worry
    index = _answer_words(book.answers)
    scores: dict[str, float] = {}
    shared: dict[str, str] = {}
    for word in dict.fromkeys(w for w in _WORD.findall(normalised) if w not in _GENERIC):  # in order, once
        ids = index.get(_stem(word), frozenset())
        if 0 < len(ids) <= NEAREST_MAX_SHARING:
            for answer_id in ids:
                scores[answer_id] = scores.get(answer_id, 0.0) + 1.0 / len(ids)
                shared.setdefault(answer_id, word)
    if not scores:
        return None, None
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None, None
    best = ranked[0][0]
    return next(a for a in book.answers if a.move.id == best), shared[best]


def _leaning(normalised: str) -> tuple[str | None, str | None]:
    """The topic with the most of its leaning words in `normalised` (ties: the earlier topic), and one word."""
    best: tuple[int, str | None, str | None] = (0, None, None)
    for topic_id in TOPICS:
        pattern = topic_words("words").get(topic_id)
        found = pattern.findall(normalised) if pattern is not None else []
        if len(found) > best[0]:
            best = (len(found), topic_id, found[0])
    return best[1], best[2]


# A message about how it was before ("I was so nervous", "I nearly didn't apply"), with nothing about now.
_LOOKING_BACK = re.compile(r" (?:was|were|felt|nearly|almost|used to|beforehand|before it) ")
_NOW = re.compile(r" (?:am|is|are|now|still|keep|keeps|will|going to|tomorrow|tonight|next|anymore) ")
# Words that say a put-off thing is now done: then a message naming both is a small win, not avoidance.
_DONE_AT_LAST = re.compile(r" (?:finally|at last|managed to|i did it|actually did|actually went|did not avoid)(?= |$)")


_TURNS_AFTER = re.compile(r" (?:but|though|although|except|yet) ")
_BAD = re.compile(r" (?:bad|awful|terrible|horrible|rubbish|crap|worst|shit|shitty|grim|dreadful|nightmare|ugh) ")


def _best_topic(book: MoveBook, normalised: str) -> tuple[Topic | None, str | None]:
    """The topic with the most matching cues, a context cue counting half (ties: more words matched, then the
    earlier topic), and its longest matched cue: "angry at my boss" is anger more than work."""
    best: tuple[tuple[int, int], Topic | None, str | None] = ((0, 0), None, None)
    for topic in book.topics:
        if topic.cues is None:
            continue
        found = topic.cues.find_all(normalised)
        context = topic.context.find_all(normalised) if topic.context is not None else []
        score = (2 * len(found) + len(context), sum(len(words.split()) for words in found + context))
        if not found and topic.valence == "positive" and _BAD.search(normalised):
            continue  # "ugh today was sooo bad": "today" goes with good news, but this is not good news
        if score > best[0]:
            best = (score, topic, max(found or context, key=len))
    if best[1] is not None and best[1].valence == "positive" and (turn := _TURNS_AFTER.search(normalised)):
        # "i'm happy for him but i'm gutted": what comes after the "but" is what they are left with
        after, after_cue = _best_topic(book, normalised[turn.end() - 1:])
        if after is not None and after.valence == "negative":
            return after, after_cue
    if best[1] is not None and best[1].id == "avoidance" and _DONE_AT_LAST.search(normalised):
        # "I finally booked the dentist I'd been putting off": the avoidance is over, and that is the news
        win = book.topic("small-wins")
        found = win.cues.find_all(normalised) if win.cues is not None else []
        if found:
            return win, max(found, key=len)
    return best[1], best[2]


def _best_answer(book: MoveBook, normalised: str) -> tuple[Answer | None, str | None]:
    best: tuple[int, Answer | None, str | None] = (0, None, None)
    for answer in book.answers:
        found = answer.cues.find_all(normalised)
        score = sum(len(words.split()) for words in found)
        if score > best[0]:
            best = (score, answer, max(found, key=len))
    return best[1], best[2]


def _trap_move(book: MoveBook, latest: str, content: Content) -> Move | None:
    """A question about the first thinking trap suggested for the latest message, unless its skip cues show
    the cue words mean something else here."""
    normalised = None
    for trap_id, _ in suggest_distortions(latest, content):
        trap = book.traps.get(trap_id)
        if trap is None:
            continue
        if trap.skip is not None:
            normalised = normalised or content.normaliser(latest)
            if trap.skip.search(normalised) is not None:
                continue
        return trap.move
    return None


def _next_rung(topic: Topic, fresh: Callable[[Move], bool]) -> Move | None:
    """The first unused move after the furthest rung already used, wrapping round to the start."""
    moves = topic.moves
    used = [index for index, move in enumerate(moves) if not fresh(move)]
    start = used[-1] + 1 if used else 0
    return next((moves[(start + step) % len(moves)] for step in range(len(moves))
                 if fresh(moves[(start + step) % len(moves)])), None)


def _oldest(topic: Topic, said: list[str]) -> Move:
    oldest = least_recent([move.text for move in topic.moves], said)
    return next(move for move in topic.moves if move.text == oldest)
