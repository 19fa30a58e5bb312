"""A guided reply: the model's checked reflection, then a curated CBT move matched to the message.

Products that help people well with little model (Woebot, Wysa) lean on structure: clinically written moves,
with language understanding choosing between them. Here the model writes one sentence reflecting the
feeling (app/chat/reflection.py); the curated move that follows — a Socratic question, a small concrete
step, or, for a question about CBT, a short explanation — comes from assets/cbt/moves.toml, chosen for the
message's topic and never one the person was shown in the last few replies (app/cbt/moves.py).

It has the same surface as CheckedReply (iterate for pieces; then `text`, `violation`, `withheld`,
`finish_reason`, `token_count`), so the session keeps one path for every reply. Everything shown passes the
profile's output rail, curated text included: a clinician's profile may forbid words the curated text uses,
and then that part is left out (and audited) rather than shown.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from functools import partial

from app.cbt.content import WHOLE_REPLIES
from app.cbt.moves import choose_move, detect_topic
from app.cbt.subjects import conversation_subject
from app.chat.reflection import Reflection, echo_conversation, write_reflection
from app.model.engine import Engine, FinishReason
from app.model.sampling import Sampling
from app.safety import Guardrails, OutputFilter, Verdict


class GuidedReply:
    """Iterate for the pieces that passed; afterwards the same fields as CheckedReply."""

    def __init__(self, engine: Engine, guardrails: Guardrails, user_messages: Sequence[str],
                 recent_replies: Sequence[str], sampling: Sampling, stop: threading.Event) -> None:
        self.engine = engine
        self.guardrails = guardrails
        self.user_messages = list(user_messages)
        self.recent_replies = list(recent_replies)
        self.sampling = sampling
        self.stop = stop
        self.text = ""
        self.withheld: list[Verdict] = []
        self.retried = False
        self.reflection: Reflection | None = None
        self.move_id: str | None = None
        # Both parts are read with the message they answer (the output rail's context rules).
        self._filter = partial(guardrails.output_filter, message=self.user_messages[-1] if self.user_messages else "")
        self._rail: OutputFilter = self._filter()

    @property
    def violation(self) -> Verdict | None:
        """Set only when nothing at all could be shown (every part withheld): the caller then shows the
        profile's replacement text, as for a withheld free reply."""
        return self.withheld[-1] if self.withheld and not self.text else None

    @property
    def finish_reason(self) -> FinishReason:
        return FinishReason.CANCELLED if self.stop.is_set() else FinishReason.STOP

    @property
    def token_count(self) -> int:
        return self.reflection.tokens if self.reflection else 0

    def __iter__(self) -> Iterator[str]:
        topic, _ = detect_topic(self.user_messages, recent_replies=self.recent_replies)
        move = choose_move(self.user_messages, self.recent_replies)
        self.move_id = move.id
        if move.kind not in WHOLE_REPLIES:  # an answer about CBT, a closing: as written; the rest is reflected first
            latest = self.user_messages[-1]
            subject = conversation_subject(self.user_messages)
            self.reflection = write_reflection(
                self.engine, latest, self.user_messages[-2:], topic.valence, self.recent_replies,
                self.sampling, self._filter, self.stop, topic.fallback_reflection, subject=subject)
            self.withheld.extend(self.reflection.withheld)
            if self.stop.is_set():
                return
            # A reflection that echoes nothing the person said in these messages gives way to their own words.
            echoed = echo_conversation(self.reflection.text, latest, self.user_messages, subject, topic.valence,
                                       self.recent_replies)
            if echoed != self.reflection.text:
                self.reflection.rejected.append(f"{self.reflection.text} [echoes no word the person used]")
                self.reflection.text, self.reflection.from_model = echoed, False
            yield from self._show(self.reflection.text)
        if not self.stop.is_set():
            yield from self._show(move.text)

    def _show(self, part: str) -> Iterator[str]:
        """`part` through this reply's rail (which reads it after what was shown before it)."""
        if self._rail.violation is not None:
            self._rail = self._rail.continuation()
        piece = (" " if self.text else "") + part.strip()
        safe, verdict = self._rail.feed(piece)
        if verdict is None:
            tail, verdict = self._rail.finish()
            safe += tail
        if verdict is not None:
            self.withheld.append(verdict)
            return
        self.text += safe
        yield safe
