"""A thought record or a small activity plan, walked through inside the conversation one step at a time.

Woebot-style: each message the person sends while an exercise runs answers the current step, and the reply is
the next step's words — the toolkit's own titles and prompts from assets/cbt/exercises.toml, with chat wording
only where a form's words don't fit (its `[exercises.<id>.chat]` table). The answers go into the journal
exactly as the toolkit stores them (a ThoughtRecord or an Activity, through save_exercise), saved after every
step: leaving, or closing the app, keeps what was written as the toolkit keeps an unfinished record — a draft
thought record, a planned activity. So an exercise in progress is only a few ids (which exercise, which step,
which journal entry), kept per conversation in the encrypted settings; the person's words live in the journal.

Plain Python. The chat session screens every answer with the guardrails before it gets here, and a crisis or
a check-in ends the exercise (app.chat.session).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from app.cbt.content import Content, load_content
from app.cbt.distortions import suggest_distortions
from app.cbt.summary import summarise
from app.storage.journal import Activity, EmotionRating, InvalidEntry, ThoughtRecord, get_exercise, save_exercise

CHAT_EXERCISES = ("thought-record", "behavioural-activation")  # the exercises the chat can walk through
STATE_KEY = "chat.exercise.{}"  # + conversation id: the exercise in progress there (ids only, no words)
FLAG = "exercise"  # an exercise step's message is flagged "exercise:<exercise id>:<step id>"
DONE, LEFT = "done", "left"  # the "step" of the last message: finished, or left before the end
_VERSION = 1

LEAVE_WORDS = frozenset({"leave", "stop", "quit", "exit", "cancel", "/leave", "leave exercise", "stop exercise",
                         "leave the exercise", "stop the exercise", "stop here", "i want to stop"})
SKIP_WORDS = frozenset({"skip", "pass", "next", "skip it", "skip this", "-"})
_NONE_WORDS = frozenset({"none", "no", "nope", "neither", "none of them", "none fit", "not really"})
_ALL_WORDS = frozenset({"all", "both", "all of them", "yes", "yes all", "they all fit"})
_REQUIRED = frozenset({"plan"})  # an activity needs its text (journal.Activity refuses an empty one)

TEXT_FIELDS = {"situation": "situation", "automatic-thought": "automatic_thought", "evidence-for": "evidence_for",
               "evidence-against": "evidence_against", "balanced-thought": "balanced_thought"}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = re.compile(r"\b(?:(today|tonight|this (?:morning|afternoon|evening))|(tomorrow)|(?:(next) )?("
                  + "|".join(_WEEKDAYS) + r")|in (\d{1,2}) days?|(\d{4}-\d{2}-\d{2}))\b")
_NUMBER = re.compile(r"^(?P<value>\d{1,3})\s*(?:%|/\s*100|out of 100)?$")
_NAMED = re.compile(r"^(?P<name>.*?\D)[\s:=\-–—(]*(?P<value>\d{1,3})\s*(?:%|/\s*100|out of 100)?\)?$")
_NUMBER_FIRST = re.compile(r"^(?P<value>\d{1,3})\s*(?:%|/\s*100|out of 100)?\s+(?P<name>\D.*)$")
_PARTS = re.compile(r"[,;\n]+|\band\b")
_FEEL = re.compile(r"^(?:i (?:feel|felt|am|was|m)|i'm|feeling|felt|very|quite|a bit|really)\s+", re.IGNORECASE)


class AnswerNotRead(ValueError):
    """An answer the step cannot use (a feeling without a number, a day it can't read); ask again."""


@dataclass(frozen=True)
class ExerciseStep:
    """What the chat says after an answer: the next step's words, or (done) the finish or leave text."""

    text: str
    exercise: str
    step: str  # the step now asked; DONE or LEFT at the end
    done: bool = False
    record: ThoughtRecord | Activity | None = None  # the journal entry as saved so far (None: nothing yet)

    @property
    def flag(self) -> str:
        return step_flag(self.exercise, self.step)


def step_flag(exercise: str, step: str) -> str:
    return f"{FLAG}:{exercise}:{step}"


class ChatExercise:
    """One exercise in progress: `start()`, then `answer(text)` per message until `done`, or `leave()`."""

    def __init__(self, exercise_id: str, store: Any, content: Content | None = None, *, step: str | None = None,
                 record: ThoughtRecord | Activity | None = None, today: date | None = None) -> None:
        content = content or load_content()
        guide = content.exercises.get(exercise_id)
        if exercise_id not in CHAT_EXERCISES or guide is None or guide.chat is None:
            raise ValueError(f"the chat walks through {', '.join(CHAT_EXERCISES)}, not {exercise_id!r}")
        self.exercise_id, self.store, self.content, self.guide = exercise_id, store, content, guide
        self.words = guide.chat
        self.record = record
        self.index = self.words.steps.index(step) if step is not None else 0
        self.finished = False
        self._today = today

    # ---- what the chat shows ----------------------------------------------------------------------------

    @property
    def step_id(self) -> str:
        return self.words.steps[self.index]

    @property
    def flag(self) -> str:
        return step_flag(self.exercise_id, self.step_id)

    def start(self) -> str:
        """The exercise's opening words and its first step."""
        self._skip_empty_steps()
        return f"{self.words.start}\n\n{self.question()}"

    def question(self) -> str:
        """The current step's words (also to show again after the conversation is reopened)."""
        step = self.guide.step(self.step_id)
        prompt = self.words.prompts.get(step.id, step.prompt)
        if step.id == "emotions-after" and not self._before():
            prompt = self.words.prompts.get("emotions-before", prompt)
        text = f"Step {self.index + 1} of {len(self.words.steps)}: {step.title}\n\n{prompt}"
        if step.id == "thinking-traps":
            text += "\n\n" + "\n".join(f"{n}. {trap.name}: {trap.description}"
                                       for n, trap in enumerate(self._traps(), 1))
        return text

    # ---- the person's answers ---------------------------------------------------------------------------

    def answer(self, text: str) -> ExerciseStep:
        """Take the answer to the current step, save it in the journal, and say the next step (or finish)."""
        if self.finished:
            raise ValueError("this exercise has already ended")
        said = " ".join(text.split())
        key = said.lower().strip(" .!")
        if key in LEAVE_WORDS:
            return ExerciseStep(self.leave(), self.exercise_id, LEFT, True, self.record)
        step = self.step_id
        if key in SKIP_WORDS and step not in _REQUIRED:
            said = ""
        try:
            changed = self._apply(step, said.strip())
        except (AnswerNotRead, InvalidEntry) as problem:
            hint = str(problem) or self.words.hints.get(step, "")
            return ExerciseStep(f"{hint}\n\n{self.question()}".strip(), self.exercise_id, step, False, self.record)
        if changed is not None:
            self._save(changed)
        self.index += 1
        self._skip_empty_steps()
        if self.index >= len(self.words.steps):
            return self._finish()
        return ExerciseStep(self.question(), self.exercise_id, self.step_id, False, self.record)

    def leave(self) -> str:
        """Stop here; what was written stays in the journal (saved after every step)."""
        self.finished = True
        return self.words.left if self.record is not None else self.words.left_empty

    # ---- keeping it between messages and runs ---------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        return {"version": _VERSION, "exercise": self.exercise_id, "step": self.step_id,
                "record_id": self.record.id if self.record is not None else None}

    @classmethod
    def from_state(cls, store: Any, state: Any, content: Content | None = None) -> ChatExercise | None:
        """The exercise a saved state describes; None when there is none, or it can't go on (its journal
        entry was deleted in the toolkit meanwhile, or the state comes from an unknown version)."""
        if not isinstance(state, dict) or state.get("version") != _VERSION:
            return None
        exercise_id, step, record_id = state.get("exercise"), state.get("step"), state.get("record_id")
        content = content or load_content()
        guide = content.exercises.get(exercise_id) if isinstance(exercise_id, str) else None
        if exercise_id not in CHAT_EXERCISES or guide is None or guide.chat is None or step not in guide.chat.steps:
            return None
        record = None
        if record_id is not None:
            record = get_exercise(store, record_id) if isinstance(record_id, int) else None
            if record is None or exercise_id != record.KIND:
                return None
        return cls(exercise_id, store, content, step=step, record=record)

    # ---- steps ------------------------------------------------------------------------------------------

    def _apply(self, step: str, said: str) -> ThoughtRecord | Activity | None:
        """The journal entry with this answer in it (None: nothing to save for this answer)."""
        if self.exercise_id == "behavioural-activation":
            return self._apply_activity(step, said)
        record = self.record if isinstance(self.record, ThoughtRecord) else ThoughtRecord()
        if step in TEXT_FIELDS:
            return replace(record, **{TEXT_FIELDS[step]: said}) if said else None
        if step == "emotions-before":
            return replace(record, emotions_before=self._ratings(said, ())) if said else None
        if step == "emotions-after":
            return replace(record, emotions_after=self._ratings(said, self._before())) if said else None
        if step == "thinking-traps":
            confirmed, rejected = self._trap_choice(said)
            return replace(record, distortions_confirmed=confirmed, distortions_rejected=rejected) if said else None
        raise ValueError(f"no chat step {step!r}")

    def _apply_activity(self, step: str, said: str) -> Activity | None:
        if step == "plan":
            return Activity(text=said) if self.record is None else replace(self.record, text=said)
        assert isinstance(self.record, Activity)
        if step == "when":
            return replace(self.record, planned_for=self._day(said)) if said else None
        if step == "expect":
            return replace(self.record, note=f"Expected: {said}") if said else None
        raise ValueError(f"no chat step {step!r}")

    def _save(self, entry: ThoughtRecord | Activity) -> None:
        self.record = save_exercise(self.store, entry)

    def _finish(self) -> ExerciseStep:
        self.finished = True
        self.index = len(self.words.steps) - 1
        if self.exercise_id == "thought-record":
            self._save(replace(self.record or ThoughtRecord(), completed=True))
        assert self.record is not None
        summary = "\n".join(f"- {line}" for line in summarise(self.record, self.content).splitlines())
        return ExerciseStep(f"{self.words.finish}\n\n{summary}", self.exercise_id, DONE, True, self.record)

    def _skip_empty_steps(self) -> None:
        """Thinking traps are asked only when some are suggested for the thought."""
        while self.index < len(self.words.steps) and self.step_id == "thinking-traps" and not self._traps():
            self.index += 1

    def _traps(self) -> list:
        thought = self.record.automatic_thought if isinstance(self.record, ThoughtRecord) else ""
        found = [self.content.distortion(trap) for trap, _reason in suggest_distortions(thought, self.content)]
        return [trap for trap in found if trap is not None]

    def _before(self) -> tuple[EmotionRating, ...]:
        return self.record.emotions_before if isinstance(self.record, ThoughtRecord) else ()

    def _trap_choice(self, said: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The traps the person kept (by number, or "all"/"none"); the others shown are set aside."""
        shown = [trap.id for trap in self._traps()]
        key = said.lower().strip(" .!")
        if key in _ALL_WORDS:
            return tuple(shown), ()
        if key in _NONE_WORDS:
            return (), tuple(shown)
        numbers = [int(n) for n in re.findall(r"\d+", said)]
        if not numbers or any(not 1 <= n <= len(shown) for n in numbers):
            raise AnswerNotRead()
        kept = {shown[n - 1] for n in numbers}
        return tuple(t for t in shown if t in kept), tuple(t for t in shown if t not in kept)

    def _ratings(self, said: str, before: tuple[EmotionRating, ...]) -> tuple[EmotionRating, ...]:
        """"anxious 70, sad 40" (also "anxious: 70%", "70 anxious"); after the first rating, the numbers
        alone stand for the same feelings in the same order."""
        parts = [p.strip(" .") for p in _PARTS.split(said) if p.strip(" .")]
        ratings = []
        for index, part in enumerate(parts):
            bare = _NUMBER.match(part)
            named = None if bare else _NAMED.match(part) or _NUMBER_FIRST.match(part)
            if bare and index < len(before) and len(parts) <= len(before):
                name, value = before[index].name, int(bare["value"])
            elif named:
                name, value = _FEEL.sub("", named["name"].strip(" :=-–—(")), int(named["value"])
            else:
                raise AnswerNotRead()
            ratings.append(EmotionRating(name, value))
        return tuple(ratings)

    def _day(self, said: str) -> date:
        today = self._today or date.today()
        found = _DAY.search(said.lower())
        if found is None:
            raise AnswerNotRead()
        now, tomorrow, following, weekday, in_days, iso = found.groups()
        if now:
            return today
        if tomorrow:
            return today + timedelta(days=1)
        if weekday:
            ahead = (_WEEKDAYS.index(weekday) - today.weekday()) % 7
            return today + timedelta(days=ahead + (7 if following and ahead == 0 else 0))
        if in_days:
            return today + timedelta(days=int(in_days))
        try:
            day = date.fromisoformat(iso)
        except ValueError:
            raise AnswerNotRead() from None
        if day < today:
            raise AnswerNotRead()
        return day


# ---- the exercise in progress in a conversation ---------------------------------------------------------------


def load_chat_exercise(store: Any, conversation_id: int | None, content: Content | None = None) \
        -> ChatExercise | None:
    if conversation_id is None:
        return None
    return ChatExercise.from_state(store, store.get_setting(STATE_KEY.format(conversation_id)), content)


def save_chat_exercise(store: Any, conversation_id: int, exercise: ChatExercise | None) -> None:
    """Keep the exercise in progress (or, for None or a finished one, that there is none)."""
    active = exercise is not None and not exercise.finished
    store.set_setting(STATE_KEY.format(conversation_id), exercise.to_state() if active else None)
