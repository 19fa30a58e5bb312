"""The toolkit's words, loaded from assets/cbt/*.toml and checked before anything is shown.

The texts (thinking traps, readings, exercise steps, breathing patterns, the AI's step prompts, the cues
for suggestions) are data that ships with the app, so a missing or damaged file is an install problem: the
loader collects every problem, each with its file, field and line, and raises one ContentError saying so,
rather than showing a half-empty exercise. Cues are word patterns in the guardrail profiles' rule language
(app.safety.patterns), compiled here — content, like profiles, is never code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from app.cbt.breathing import ACTIONS, BreathingPattern, Phase
from app.errors import ConfidantError
from app.paths import assets_dir
from app.safety.normalise import Normaliser
from app.safety.patterns import CompiledPattern, PatternError, check_word_list, compile_pattern, compile_rule
from app.safety.profile import EXERCISES, reflow
from app.safety.toml_lines import PathPart, line_of

DISTORTIONS = ("all-or-nothing", "catastrophising", "mind-reading", "fortune-telling", "emotional-reasoning",
               "should-statements", "labelling", "personalisation", "discounting-the-positive",
               "overgeneralisation")
CARDS = ("anxiety", "low-mood", "sleep", "worry", "how-cbt-works")
ASSIST_STEPS = ("evidence-against", "balanced-thought")
BREATHING = ("box", "4-7-8")
THOUGHT_RECORD_STEPS = ("situation", "automatic-thought", "emotions-before", "thinking-traps", "evidence-for",
                        "evidence-against", "balanced-thought", "emotions-after")
# What a message to the chat is about (moves.toml), in the order ties are settled; "general" has no cues.
TOPICS = ("worry", "rumination", "self-criticism", "perfectionism", "grief", "low-mood", "low-energy", "sleep",
          "relationships", "social", "loneliness", "stress", "avoidance", "anger", "small-wins", "psychoeducation",
          "general")
MOVE_KINDS = ("question", "step")
VALENCES = ("negative", "positive", "neutral")
FILES = ("distortions.toml", "cards.toml", "exercises.toml", "assist.toml", "breathing.toml", "suggestions.toml",
         "moves.toml")
MAX_PHASE_SECONDS = 60
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")


@dataclass(frozen=True)
class ContentProblem:
    file: str
    field: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentError(ConfidantError):
    """The toolkit's content files are missing or damaged (an install problem, never the person's doing)."""

    def __init__(self, folder: Path, problems: list[ContentProblem]) -> None:
        self.folder = folder
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"Confidant's exercise texts in {folder} are missing or damaged — {problems[0]}{more}. "
                         "Reinstalling Confidant should fix this; your own entries are safe.")


@dataclass(frozen=True)
class Cues:
    """Word patterns that make Confidant suggest something; `search` returns the matched words."""

    patterns: tuple[CompiledPattern, ...]
    regex: re.Pattern[str] = field(repr=False, compare=False)

    def search(self, normalised: str) -> str | None:
        match = self.regex.search(normalised)
        return match.group(0).strip() if match else None

    def find_all(self, normalised: str) -> list[str]:
        """The words each cue matched (one match per cue), so one set of cues can be weighed against another."""
        found = (regex.search(normalised) for regex in self._each)
        return [match.group(0).strip() for match in found if match]

    @cached_property
    def _each(self) -> tuple[re.Pattern[str], ...]:
        return tuple(compile_rule([pattern]) for pattern in self.patterns)


@dataclass(frozen=True)
class Distortion:
    id: str
    name: str
    description: str
    example: str
    question: str
    cues: Cues = field(repr=False)


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    summary: str
    text: str  # paragraphs separated by blank lines; list items start with "- "
    exercises: tuple[str, ...]  # exercises that go well with it


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    prompt: str


@dataclass(frozen=True)
class ChatWords:
    """How an exercise is walked through in the conversation (app.chat.exercise_flow): which steps, in what
    order, and the few chat-style words the form's titles and prompts don't cover."""

    steps: tuple[str, ...]  # step ids, in the order the chat asks them
    start: str  # said before the first step
    finish: str  # said at the end, before the summary
    left: str  # the person left after something was saved
    left_empty: str  # the person left before anything was saved
    prompts: Mapping[str, str] = field(default_factory=dict)  # step id → chat wording instead of the prompt
    hints: Mapping[str, str] = field(default_factory=dict)  # step id → what to say when an answer can't be read


@dataclass(frozen=True)
class ExerciseGuide:
    id: str
    name: str
    summary: str
    intro: str
    steps: tuple[Step, ...] = ()
    emotions: tuple[str, ...] = ()  # the mood check-in's suggested feelings
    chat: ChatWords | None = None  # set for the exercises the chat can walk through

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)


@dataclass(frozen=True)
class AssistStep:
    id: str
    label: str  # the button
    prompt: str  # added to the profile's system prompt


@dataclass(frozen=True)
class SuggestionRule:
    id: str
    exercise: str
    card: str | None
    label: str
    reason: str
    cues: Cues = field(repr=False)


WHOLE_REPLIES = ("answer", "whole")  # move kinds shown without the model's reflection before them


def plain(text: str) -> str:
    """Case and spacing folded, so a curated text is recognised in a reply however the reply was wrapped."""
    return " ".join(text.casefold().split())


def fixed_part(text: str) -> str:
    """The longest part of a curated text outside its slots ("{plan}", "{view}" …): what every filling shares."""
    return max(_SLOT.split(text), key=len)


_SLOT = re.compile(r"\{[a-z_]+\}")


def least_recent(texts: Sequence[str], recent_replies: Sequence[str]) -> str:
    """The first of `texts` no recent reply contains; if every one was said, the one said longest ago. A text
    with a slot ("So the plan is to {plan}; …") counts as said when its longest fixed part was."""
    said = [plain(reply) for reply in recent_replies if reply]

    def last_said(text: str) -> int:
        folded = plain(fixed_part(text))
        return max((index for index, reply in enumerate(said) if folded in reply), default=-1)

    return min(texts, key=last_said)


@dataclass(frozen=True)
class Move:
    """One curated thing to say after the reflection in a guided reply (app.cbt.moves chooses it)."""

    id: str  # stable: "worry.evidence", "trap.mind-reading", "answer.worry-time"
    topic: str
    kind: str  # "question" | "step" | "answer" | "whole" (a reply of its own, e.g. to thanks: app.cbt.turns)
    text: str  # one or two plain sentences (an answer: two or three, ending in a question)


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    valence: str  # "negative" | "positive" | "neutral"
    fallback_reflection: str  # said when the model's own reflection fails its checks
    moves: tuple[Move, ...] = field(repr=False, default=())  # a ladder: explore → evidence → other view → step
    cues: Cues | None = field(repr=False, default=None)  # how it feels ("worried", "can't face"); None: "general"
    context: Cues | None = field(repr=False, default=None)  # what it is about ("my boss"): weighs half as much


@dataclass(frozen=True)
class Answer:
    """A short curated explanation for a psychoeducation question ("what is catastrophising?")."""

    move: Move
    name: str
    cues: Cues = field(repr=False)


@dataclass(frozen=True)
class TrapQuestion:
    """A gentle question about one thinking trap; `skip` cues mark messages where its cue words mislead
    ("what should I do?" is a question, not a should statement)."""

    move: Move
    skip: Cues | None = field(repr=False, default=None)


@dataclass(frozen=True)
class MoveBook:
    topics: tuple[Topic, ...]  # in TOPICS order
    answers: tuple[Answer, ...]
    traps: Mapping[str, TrapQuestion]  # distortion id → its question
    feelings: Mapping[str, str]  # feeling word or phrase → "negative" | "positive"
    feeling_regex: re.Pattern[str] = field(repr=False, compare=False)

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)


@dataclass(frozen=True)
class Content:
    distortions: tuple[Distortion, ...]
    cards: tuple[Card, ...]
    exercises: Mapping[str, ExerciseGuide]
    assist: Mapping[str, AssistStep]
    breathing: Mapping[str, BreathingPattern]
    suggestions: tuple[SuggestionRule, ...]
    moves: MoveBook
    normaliser: Normaliser = field(repr=False, compare=False)

    def distortion(self, distortion_id: str) -> Distortion | None:
        return next((d for d in self.distortions if d.id == distortion_id), None)

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.cards if c.id == card_id), None)


def content_dir() -> Path:
    return assets_dir() / "cbt"


def load_content(folder: Path | None = None) -> Content:
    """The toolkit's content (the shipped folder unless `folder` is given); ContentError if anything is off."""
    if folder is None:
        return _shipped()
    return _load(Path(folder))


@lru_cache(maxsize=1)
def _shipped() -> Content:
    return _load(content_dir())


# ---- loading and checking ---------------------------------------------------------------------------------


class _Checker:
    """Collects every problem in one file (with its line) instead of stopping at the first."""

    def __init__(self, name: str, text: str, problems: list[ContentProblem]) -> None:
        self.name, self.source, self.problems = name, text, problems

    def problem(self, path: tuple[PathPart, ...], message: str) -> None:
        self.problems.append(ContentProblem(self.name, ".".join(map(str, path)), line_of(self.source, path),
                                            message))

    def table(self, data: Mapping[str, Any], key: str, path: tuple[PathPart, ...]) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            self.problem((*path, key), "this table is missing" if value is None else "must be a table")
            return {}
        return value

    def unknown(self, data: Mapping[str, Any], allowed: set[str], path: tuple[PathPart, ...]) -> None:
        for key in data:
            if key not in allowed:
                self.problem((*path, key), f"unknown field; allowed here: {', '.join(sorted(allowed))}")

    def text(self, data: Mapping[str, Any], key: str, path: tuple[PathPart, ...], *, one_line: bool = False) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem((*path, key), "is missing" if value is None else "must be text, not empty")
            return ""
        if one_line and "\n" in value.strip():
            self.problem((*path, key), "must fit on one line")
        return value.strip() if one_line else reflow(value)

    def ids(self, data: Mapping[str, Any], key: str, path: tuple[PathPart, ...], allowed: tuple[str, ...]) \
            -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.problem((*path, key), "must be a list of ids")
            return ()
        for index, item in enumerate(value):
            if item not in allowed:
                self.problem((*path, key, index), f"{item!r} is not one of: {', '.join(allowed)}")
        return tuple(item for item in value if item in allowed)

    def required(self, table: Mapping[str, Any], needed: tuple[str, ...], path: tuple[PathPart, ...]) -> None:
        for item in needed:
            if item not in table:
                self.problem(path, f"[{'.'.join(map(str, (*path, item)))}] is missing (needed: {', '.join(needed)})")

    def cues(self, data: Mapping[str, Any], path: tuple[PathPart, ...], lists: Mapping[str, tuple[str, ...]],
             vocabulary: set[str], stems: set[str], key: str = "cues") -> Cues | None:
        raw = data.get(key)
        if not isinstance(raw, list) or not raw:
            self.problem((*path, key), "must be a non-empty list of word patterns")
            return None
        compiled = []
        for index, source in enumerate(raw):
            try:
                compiled.append(compile_pattern(source, lists))
            except PatternError as error:
                self.problem((*path, key, index), str(error))
        if len(compiled) != len(raw):
            return None
        for pattern in compiled:
            vocabulary |= pattern.words
            stems |= pattern.stems
        return Cues(tuple(compiled), compile_rule(compiled))


def _load(folder: Path) -> Content:
    problems: list[ContentProblem] = []
    parsed: dict[str, tuple[dict[str, Any], _Checker]] = {}
    for name in FILES:
        path = folder / name
        try:
            text = path.read_text(encoding="utf-8")
            parsed[name] = (tomllib.loads(text), _Checker(name, text, problems))
        except FileNotFoundError:
            problems.append(ContentProblem(name, "", None, "the file is missing"))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(ContentProblem(name, "", None, f"the file cannot be read ({error})"))
        except tomllib.TOMLDecodeError as error:
            found = re.search(r"at line (\d+)", str(error))
            problems.append(ContentProblem(name, "", int(found.group(1)) if found else None,
                                           f"this is not valid TOML: {error}"))
    if problems:
        raise ContentError(folder, problems)
    vocabulary: set[str] = set()
    stems: set[str] = set()
    exercises = _exercises(*parsed["exercises.toml"])
    cards = _cards(*parsed["cards.toml"])
    content = Content(
        distortions=_distortions(*parsed["distortions.toml"], vocabulary, stems),
        cards=cards,
        exercises=exercises,
        assist=_assist(*parsed["assist.toml"]),
        breathing=_breathing(*parsed["breathing.toml"]),
        suggestions=_suggestions(*parsed["suggestions.toml"], {c.id for c in cards}, vocabulary, stems),
        moves=_moves(*parsed["moves.toml"], vocabulary, stems),
        normaliser=Normaliser(vocabulary, stems),
    )
    if problems:
        raise ContentError(folder, problems)
    return content


def _lists(data: dict[str, Any], c: _Checker) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name, entries in (data.get("lists") or {}).items():
        try:
            out[name] = check_word_list(name, entries if isinstance(entries, list) else [entries])
        except PatternError as error:
            c.problem(("lists", name), str(error))
    return out


def _distortions(data: dict[str, Any], c: _Checker, vocabulary: set[str], stems: set[str]) \
        -> tuple[Distortion, ...]:
    c.unknown(data, {"lists", "distortions"}, ())
    lists = _lists(data, c)
    table = c.table(data, "distortions", ())
    c.required(table, DISTORTIONS, ("distortions",))
    out = []
    for distortion_id, entry in table.items():
        path = ("distortions", distortion_id)
        if not isinstance(entry, dict) or distortion_id not in DISTORTIONS:
            c.problem(path, f"not one of the ten thinking traps this version knows ({', '.join(DISTORTIONS)})")
            continue
        c.unknown(entry, {"name", "description", "example", "question", "cues"}, path)
        cues = c.cues(entry, path, lists, vocabulary, stems)
        fields = [c.text(entry, key, path) for key in ("description", "example", "question")]
        name = c.text(entry, "name", path, one_line=True)
        if cues is not None:
            out.append(Distortion(distortion_id, name, *fields, cues=cues))
    return tuple(sorted(out, key=lambda d: DISTORTIONS.index(d.id)))


def _cards(data: dict[str, Any], c: _Checker) -> tuple[Card, ...]:
    c.unknown(data, {"cards"}, ())
    table = c.table(data, "cards", ())
    c.required(table, CARDS, ("cards",))
    out = []
    for card_id, entry in table.items():
        path = ("cards", card_id)
        if not isinstance(entry, dict) or not _ID.fullmatch(card_id):
            c.problem(path, "must be a table with a lowercase id")
            continue
        c.unknown(entry, {"title", "summary", "text", "try"}, path)
        out.append(Card(card_id, c.text(entry, "title", path, one_line=True), c.text(entry, "summary", path),
                        c.text(entry, "text", path), c.ids(entry, "try", path, tuple(EXERCISES))))
    return tuple(out)


def _exercises(data: dict[str, Any], c: _Checker) -> dict[str, ExerciseGuide]:
    c.unknown(data, {"exercises"}, ())
    table = c.table(data, "exercises", ())
    c.required(table, tuple(EXERCISES), ("exercises",))
    out: dict[str, ExerciseGuide] = {}
    for exercise_id, entry in table.items():
        path = ("exercises", exercise_id)
        if not isinstance(entry, dict) or exercise_id not in EXERCISES:
            c.problem(path, f"not an exercise this version knows ({', '.join(EXERCISES)})")
            continue
        c.unknown(entry, {"name", "summary", "intro", "steps", "emotions", "chat"}, path)
        steps = []
        raw_steps = entry.get("steps", [])
        for index, step in enumerate(raw_steps if isinstance(raw_steps, list) else []):
            step_path = (*path, "steps", index)
            if not isinstance(step, dict) or not isinstance(step.get("id"), str):
                c.problem(step_path, "each step needs an id, a title and a prompt")
                continue
            c.unknown(step, {"id", "title", "prompt"}, step_path)
            steps.append(Step(step["id"], c.text(step, "title", step_path, one_line=True),
                              c.text(step, "prompt", step_path)))
        if exercise_id == "thought-record":
            missing = [s for s in THOUGHT_RECORD_STEPS if s not in {step.id for step in steps}]
            if missing:
                c.problem((*path, "steps"), f"the thought record needs the steps: {', '.join(missing)}")
        emotions = entry.get("emotions", [])
        if exercise_id == "mood-check-in" and (not isinstance(emotions, list) or not emotions
                                               or not all(isinstance(e, str) and e.strip() for e in emotions)):
            c.problem((*path, "emotions"), "the mood check-in needs a list of feelings to pick from")
            emotions = []
        chat = _chat_words(entry["chat"], c, (*path, "chat"), {s.id for s in steps}) if "chat" in entry else None
        out[exercise_id] = ExerciseGuide(exercise_id, c.text(entry, "name", path, one_line=True),
                                         c.text(entry, "summary", path), c.text(entry, "intro", path),
                                         tuple(steps), tuple(emotions) if isinstance(emotions, list) else (), chat)
    return {key: out[key] for key in EXERCISES if key in out}


def _chat_words(data: Any, c: _Checker, path: tuple[PathPart, ...], step_ids: set[str]) -> ChatWords | None:
    if not isinstance(data, dict):
        c.problem(path, "must be a table")
        return None
    c.unknown(data, {"steps", "start", "finish", "left", "left_empty", "prompts", "hints"}, path)
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps or not all(s in step_ids for s in steps):
        c.problem((*path, "steps"), f"must list some of this exercise's steps: {', '.join(sorted(step_ids))}")
        steps = []
    texts = {}
    for table in ("prompts", "hints"):
        given = data.get(table, {})
        if not isinstance(given, dict):
            c.problem((*path, table), "must be a table of step id = text")
            given = {}
        for step_id in given:
            if step_id not in step_ids:
                c.problem((*path, table, step_id), "not a step of this exercise")
        texts[table] = {step_id: c.text(given, step_id, (*path, table)) for step_id in given if step_id in step_ids}
    return ChatWords(tuple(steps), *(c.text(data, key, path) for key in ("start", "finish", "left", "left_empty")),
                     texts["prompts"], texts["hints"])


def _assist(data: dict[str, Any], c: _Checker) -> dict[str, AssistStep]:
    c.unknown(data, {"steps"}, ())
    table = c.table(data, "steps", ())
    c.required(table, ASSIST_STEPS, ("steps",))
    out = {}
    for step_id, entry in table.items():
        path = ("steps", step_id)
        if not isinstance(entry, dict):
            c.problem(path, "must be a table")
            continue
        c.unknown(entry, {"label", "prompt"}, path)
        out[step_id] = AssistStep(step_id, c.text(entry, "label", path, one_line=True), c.text(entry, "prompt", path))
    return out


def _breathing(data: dict[str, Any], c: _Checker) -> dict[str, BreathingPattern]:
    c.unknown(data, {"patterns", "words"}, ())
    words = c.table(data, "words", ())
    c.unknown(words, {*ACTIONS, "caution"}, ("words",))
    said = {action: c.text(words, action, ("words",), one_line=True) for action in ACTIONS}
    caution = c.text(words, "caution", ("words",))
    table = c.table(data, "patterns", ())
    c.required(table, BREATHING, ("patterns",))
    out = {}
    for pattern_id, entry in table.items():
        path = ("patterns", pattern_id)
        if not isinstance(entry, dict) or not _ID.fullmatch(pattern_id):
            c.problem(path, "must be a table with a lowercase id")
            continue
        c.unknown(entry, {"name", "summary", "cycles", "phases"}, path)
        cycles = entry.get("cycles")
        if not isinstance(cycles, int) or isinstance(cycles, bool) or not 1 <= cycles <= 100:
            c.problem((*path, "cycles"), "must be a whole number of rounds from 1 to 100")
            cycles = 1
        phases = []
        raw = entry.get("phases")
        if not isinstance(raw, list) or not raw:
            c.problem((*path, "phases"), 'must be a list like [{ action = "in", seconds = 4 }, ...]')
            raw = []
        for index, phase in enumerate(raw):
            phase_path = (*path, "phases", index)
            action = phase.get("action") if isinstance(phase, dict) else None
            seconds = phase.get("seconds") if isinstance(phase, dict) else None
            if action not in ACTIONS:
                c.problem(phase_path, f"action must be one of {', '.join(ACTIONS)}")
            elif not isinstance(seconds, int) or isinstance(seconds, bool) or not 1 <= seconds <= MAX_PHASE_SECONDS:
                c.problem(phase_path, f"seconds must be a whole number from 1 to {MAX_PHASE_SECONDS}")
            else:
                phases.append(Phase(action, seconds, said.get(action, "")))
        if phases:
            out[pattern_id] = BreathingPattern(pattern_id, c.text(entry, "name", path, one_line=True),
                                               c.text(entry, "summary", path), tuple(phases), cycles, caution)
    return out


def _suggestions(data: dict[str, Any], c: _Checker, cards: set[str], vocabulary: set[str], stems: set[str]) \
        -> tuple[SuggestionRule, ...]:
    c.unknown(data, {"lists", "suggestions"}, ())
    lists = _lists(data, c)
    out = []
    for rule_id, entry in c.table(data, "suggestions", ()).items():
        path = ("suggestions", rule_id)
        if not isinstance(entry, dict):
            c.problem(path, "must be a table")
            continue
        c.unknown(entry, {"exercise", "card", "label", "reason", "cues"}, path)
        exercise = entry.get("exercise")
        if exercise not in EXERCISES:
            c.problem((*path, "exercise"), f"must be one of: {', '.join(EXERCISES)}")
        card = entry.get("card")
        if card is not None and card not in cards:
            c.problem((*path, "card"), f"{card!r} is not a card in cards.toml")
        cues = c.cues(entry, path, lists, vocabulary, stems)
        label, reason = c.text(entry, "label", path, one_line=True), c.text(entry, "reason", path)
        if cues is not None and exercise in EXERCISES:
            out.append(SuggestionRule(rule_id, exercise, card, label, reason, cues))
    return tuple(out)


def _moves(data: dict[str, Any], c: _Checker, vocabulary: set[str], stems: set[str]) -> MoveBook:
    c.unknown(data, {"lists", "feelings", "topics", "traps", "answers"}, ())
    lists = _lists(data, c)
    feelings = _feelings(c.table(data, "feelings", ()), c)
    vocabulary |= {word for entry in feelings for word in entry.split()}
    table = c.table(data, "topics", ())
    c.required(table, TOPICS, ("topics",))
    topics = []
    for topic_id, entry in table.items():
        path = ("topics", topic_id)
        if not isinstance(entry, dict) or topic_id not in TOPICS:
            c.problem(path, f"not a topic this version knows ({', '.join(TOPICS)})")
            continue
        c.unknown(entry, {"name", "valence", "reflection", "cues", "context", "moves"}, path)
        if entry.get("valence") not in VALENCES:
            c.problem((*path, "valence"), f"must be one of: {', '.join(VALENCES)}")
        cues = c.cues(entry, path, lists, vocabulary, stems) if topic_id != "general" else None
        context = c.cues(entry, path, lists, vocabulary, stems, "context") if "context" in entry else None
        moves = []
        for move_id, move in c.table(entry, "moves", path).items():
            move_path = (*path, "moves", move_id)
            kinds = [kind for kind in MOVE_KINDS if isinstance(move, dict) and kind in move]
            if len(kinds) != 1 or len(move) != 1:
                c.problem(move_path, 'a move is written as question = "..." or step = "..."')
                continue
            moves.append(Move(f"{topic_id}.{move_id}", topic_id, kinds[0], c.text(move, kinds[0], move_path)))
        if not moves:
            c.problem((*path, "moves"), "a topic needs at least one move")
        topics.append(Topic(topic_id, c.text(entry, "name", path, one_line=True), str(entry.get("valence")),
                            c.text(entry, "reflection", path), tuple(moves), cues, context))
    traps = {}
    table = c.table(data, "traps", ())
    c.required(table, DISTORTIONS, ("traps",))
    for trap_id, entry in table.items():
        path = ("traps", trap_id)
        if not isinstance(entry, dict) or trap_id not in DISTORTIONS:
            c.problem(path, f"not one of the ten thinking traps this version knows ({', '.join(DISTORTIONS)})")
            continue
        c.unknown(entry, {"question", "skip"}, path)
        skip = None
        if "skip" in entry:
            skip = c.cues(entry, path, lists, vocabulary, stems, "skip")
        traps[trap_id] = TrapQuestion(Move(f"trap.{trap_id}", "", "question", c.text(entry, "question", path)), skip)
    answers = []
    for answer_id, entry in c.table(data, "answers", ()).items():
        path = ("answers", answer_id)
        if not isinstance(entry, dict) or not _ID.fullmatch(answer_id):
            c.problem(path, "must be a table with a lowercase id")
            continue
        c.unknown(entry, {"name", "text", "cues"}, path)
        cues = c.cues(entry, path, lists, vocabulary, stems)
        move = Move(f"answer.{answer_id}", "psychoeducation", "answer", c.text(entry, "text", path))
        if cues is not None:
            answers.append(Answer(move, c.text(entry, "name", path, one_line=True), cues))
    entries = sorted(feelings, key=len, reverse=True)
    regex = re.compile("(?<= )(?:" + "|".join(map(re.escape, entries)) + ")(?= )") if entries else re.compile("(?!)")
    return MoveBook(tuple(sorted(topics, key=lambda t: TOPICS.index(t.id))), tuple(answers),
                    {key: traps[key] for key in DISTORTIONS if key in traps}, feelings, regex)


def _feelings(table: dict[str, Any], c: _Checker) -> dict[str, str]:
    """The feeling lexicon: words (or short phrases) by valence, each in one list only."""
    c.unknown(table, {"negative", "positive"}, ("feelings",))
    out: dict[str, str] = {}
    for valence in ("negative", "positive"):
        try:
            entries = check_word_list(valence, table.get(valence) if isinstance(table.get(valence), list) else [])
        except PatternError as error:
            c.problem(("feelings", valence), str(error))
            continue
        for entry in entries:
            if "*" in entry:
                c.problem(("feelings", valence), f"{entry!r}: write each feeling word out in full, without '*'")
            elif out.setdefault(entry, valence) != valence:
                c.problem(("feelings", valence), f"{entry!r} is listed as both negative and positive")
    return out
