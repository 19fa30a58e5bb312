"""A model reply streamed through the output rail: only text that has passed is ever released.

The chat session and the model-assisted exercise steps both show model text; both go through this one
loop, so the rule "nothing unchecked reaches the person" lives in one place.

A withheld sentence gets one second chance: generation stops, and the model continues once more from the
text already released, with an extra system instruction naming what to avoid (app/safety/retry.py) and a
fresh filter with the same rules. Only if that continuation is withheld too does the caller show the
profile's replacement text. The withheld sentence itself is never released, and every withholding verdict
is kept (`withheld`) so the caller can audit each one. Stop (the caller's cancel event) ends the retry too,
and no retry starts once Stop was pressed.

Two more things keep a small model's reply readable. A sentence the person has already been shown — earlier
in this reply or in the last few replies (`avoid`) — is not shown again: small models loop. And when the
token limit (or a loop, or a full context) ends a reply mid-sentence, the unfinished sentence is dropped,
so every reply ends on a whole sentence; only Stop keeps a half sentence, because the person asked for it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from app.model.engine import Engine, FinishReason, Generation
from app.model.errors import ModelError
from app.model.sampling import Sampling
from app.safety import OutputFilter, Verdict
from app.safety.retry import retry_instruction

MIN_RETRY_TOKENS = 48  # a continuation gets at least this many tokens, even late in a long reply
MIN_REPEAT_WORDS = 4  # "Yes." or "Thank you." may come twice; a sentence this long or longer may not
_CUT_SHORT = (FinishReason.LENGTH, FinishReason.CONTEXT, FinishReason.REPETITION)
_WHOLE_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_WORDS = re.compile(r"[a-z0-9']+")

Retry = Callable[[str, Verdict], Generation | None]


class AttemptFlag(threading.Event):
    """The cancel flag of one generation: set when that generation is closed (a sentence was withheld), and
    seen as set whenever the reply's Stop event is. Closing one attempt never sets Stop, so the retry
    can still run; pressing Stop ends whichever attempt is running."""

    def __init__(self, stop: threading.Event) -> None:
        super().__init__()
        self._stop = stop

    def is_set(self) -> bool:
        return super().is_set() or self._stop.is_set()


class CheckedReply:
    """Iterate for the pieces that passed. Afterwards: `text` (all that passed), `violation` (the verdict
    that withheld the rest, if any — None when a retry succeeded), `withheld` (every verdict that withheld a
    sentence, in order), `retried`, `finish_reason` and `token_count`."""

    def __init__(self, generation: Generation, rail: OutputFilter, retry: Retry | None = None,
                 avoid: Iterable[str] = ()) -> None:
        self.generation = generation
        self.rail = rail
        self.text = ""
        self.withheld: list[Verdict] = []
        self.retried = False
        self.dropped = 0  # sentences not shown: repeats, and an unfinished last sentence
        self._retry = retry
        self._tokens = 0
        self._seen = {key for text in avoid for key in map(sentence_key, split_sentences(text)) if key}

    @classmethod
    def start(cls, engine: Engine, messages: Sequence[Mapping[str, str]], sampling: Sampling,
              rail: OutputFilter, stop: threading.Event, *, retry: bool = True,
              avoid: Iterable[str] = ()) -> CheckedReply:
        """Generate a reply to `messages` through `rail`; `stop` is the caller's Stop event. With `retry`, a
        withheld sentence is regenerated once (see the module docstring). Sentences in `avoid` (the last
        few replies) are not shown again."""
        def again(released: str, verdict: Verdict) -> Generation | None:
            if stop.is_set():
                return None
            return continue_reply(engine, messages, released, retry_instruction(verdict.category), sampling, stop)

        return cls(engine.generate(messages, sampling, AttemptFlag(stop)), rail, again if retry else None, avoid)

    @property
    def violation(self) -> Verdict | None:
        return self.rail.violation

    @property
    def finish_reason(self) -> FinishReason:
        return self.generation.finish_reason or FinishReason.CANCELLED

    @property
    def token_count(self) -> int:
        return self._tokens + self.generation.token_count

    def __iter__(self) -> Iterator[str]:
        yield from self._checked()
        first = self.rail.violation
        if first is None or self._retry is None:
            return
        generation = self._retry(self.text, first)
        if generation is None:
            return
        self.retried = True
        self._tokens += self.generation.token_count
        self.generation, self.rail = generation, self.rail.continuation()
        yield from self._checked(fresh_start=not self.text or self.text[-1].isspace())

    def _checked(self, *, fresh_start: bool = True) -> Iterator[str]:
        trim = fresh_start  # models open with a space or a newline; after "Hello. " one more is too many
        try:
            for piece in self.generation:
                safe, violation = self.rail.feed(piece)
                if violation is not None:
                    break
                if safe := self._release(safe, trim):
                    trim = False
                    yield safe
        finally:
            self.generation.close()
        if self.rail.violation is None:
            tail, violation = self.rail.finish()  # the last, unfinished sentence is checked too
            if tail.strip() and self.generation.finish_reason in _CUT_SHORT and self.text.strip() \
                    and not _WHOLE_SENTENCE.search(tail):
                self.dropped += 1  # cut off mid-sentence: end on the last whole one
            elif violation is None and (tail := self._release(tail, trim)):
                yield tail
        if self.rail.violation is not None:
            self.withheld.append(self.rail.violation)

    def _release(self, safe: str, trim: bool) -> str:
        """What of `safe` (whole sentences that passed the rail) to show: all but sentences already shown."""
        shown = []
        for sentence in split_sentences(safe):
            key = sentence_key(sentence)
            if key and len(key.split()) >= MIN_REPEAT_WORDS and key in self._seen:
                self.dropped += 1
                continue
            self._seen.add(key)
            shown.append(sentence)
        safe = "".join(shown)
        if trim or not self.text:
            safe = safe.lstrip()
        self.text += safe
        return safe


_SENTENCE = re.compile(r".*?(?:[.!?…]+[\"'”’)\]]*(?:\s+|$)|\n+|$)", re.S)


def split_sentences(text: str) -> list[str]:
    """`text` cut after each sentence end, keeping every character (joining the parts gives `text` back)."""
    return [part for part in _SENTENCE.findall(text) if part]


def sentence_key(sentence: str) -> str:
    """A sentence's words, lowercased, for spotting the same sentence written twice."""
    return " ".join(_WORDS.findall(sentence.lower().replace("’", "'")))


def continue_reply(engine: Engine, messages: Sequence[Mapping[str, str]], released: str, instruction: str,
                   sampling: Sampling, stop: threading.Event) -> Generation | None:
    """The model continuing its reply after `released`, told `instruction` as well (added to the system
    message). None when the continuation does not fit the context window."""
    told = [dict(m) for m in messages]
    if told and told[0].get("role") == "system":
        told[0]["content"] = f"{told[0]['content']}\n\n{instruction}"
    else:
        told.insert(0, {"role": "system", "content": instruction})
    prefix = released.rstrip()
    try:
        prompt = engine.tokenize(engine.render(told) + prefix)
        used = len(engine.tokenize(prefix)) if prefix else 0
        budget = min(sampling.max_tokens, max(MIN_RETRY_TOKENS, sampling.max_tokens - used))
        return engine.generate_tokens(prompt, sampling.with_overrides(max_tokens=budget), AttemptFlag(stop))
    except ModelError:
        return None  # no room left: the caller shows the replacement text
