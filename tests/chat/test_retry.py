"""A withheld sentence is regenerated once, with a stricter instruction, before the replacement text is used."""

from __future__ import annotations

import threading

import pytest

import app.chat.checked_reply as checked_module
from app.chat.checked_reply import CheckedReply
from app.chat.messages import Status
from app.chat.session import ChatSession, ReplyKind
from app.chat.style import ReplyStyle
from app.model.engine import FinishReason, Generation
from app.model.sampling import Sampling
from app.safety import Action, Guardrails, default_profile, validate_profile_text
from app.safety.retry import RETRY_INSTRUCTIONS, retry_instruction

GREEDY = Sampling(max_tokens=40, temperature=0, seed=1)
REPLACEMENT = "That reply used a word this test profile never allows."
NO_THE = f'''
[output.no-the]
name = "The word 'the'"
replacement = "{REPLACEMENT}"
[output.no-the.rules]
any = ["the"]
'''


@pytest.fixture(scope="module")
def strict() -> Guardrails:
    """The default profile plus an output rule no English reply gets past: every attempt is withheld."""
    return Guardrails(validate_profile_text(default_profile().text + NO_THE, "<no-the>"))


class Scripted(Generation):
    """A stand-in generation that yields fixed pieces (for the loop's own logic; the model is tested below)."""

    def __init__(self, pieces: list[str]) -> None:
        super().__init__()
        self._pieces = iter(pieces)
        self.finish_reason = FinishReason.STOP
        self.token_count = len(pieces)


def _retry_with(pieces: list[str] | None, calls: list[tuple[str, str | None]]):
    def retry(released, verdict):
        calls.append((released, verdict.category))
        return None if pieces is None else Scripted(pieces)
    return retry


def test_a_withheld_sentence_is_replaced_by_the_retry_when_it_passes() -> None:
    rails = Guardrails(default_profile())
    calls: list[tuple[str, str | None]] = []
    first = Scripted(["That sounds hard. ", "As your therapist, I ", "say rest. ", "Never shown."])
    checked = CheckedReply(first, rails.output_filter(), _retry_with([" Rest", " may help."], calls))
    shown = "".join(checked)
    assert shown == checked.text == "That sounds hard. Rest may help."
    assert calls == [("That sounds hard. ", "human-claims")]  # once, from the released text only
    assert checked.retried and checked.violation is None
    assert [v.category for v in checked.withheld] == ["human-claims"]
    assert checked.token_count == 6


def test_when_the_retry_is_withheld_too_both_verdicts_are_kept() -> None:
    rails = Guardrails(default_profile())
    calls: list[tuple[str, str | None]] = []
    first = Scripted(["As your therapist, I say rest. ", "Never shown."])
    checked = CheckedReply(first, rails.output_filter(), _retry_with(["My name is Emily. ", "Hidden."], calls))
    assert "".join(checked) == "" and checked.text == ""
    assert len(calls) == 1 and checked.retried
    assert [v.rule for v in checked.withheld] == ["human-claims.claims", "builtin.human-name"]
    assert checked.violation is checked.withheld[-1]


def test_each_output_category_has_its_own_instruction_and_others_a_default() -> None:
    profile = default_profile()
    for category in profile.output:
        assert retry_instruction(category.id)
    assert "you are an AI" in retry_instruction("human-claims")
    assert retry_instruction("something-a-clinician-added") != retry_instruction("human-claims")
    assert set(RETRY_INSTRUCTIONS) >= {"human-claims", "self-harm-methods", "lethal-doses", "diagnosis",
                                       "medication-advice", "unsafe-messaging"}


def test_the_real_model_retries_once_then_the_replacement_is_stored(engine, strict, chat_store,
                                                                    monkeypatch) -> None:
    prompts: list[str] = []  # the system prompt of every prompt rendered (token counts render too)
    attempts: list[int] = []
    render, generate_tokens = engine.render, engine.generate_tokens

    def spy_render(messages):
        prompts.append(messages[0]["content"])
        return render(messages)

    def spy_generate(prompt, *args, **kwargs):
        attempts.append(len(prompt))
        return generate_tokens(prompt, *args, **kwargs)

    monkeypatch.setattr(engine, "render", spy_render)
    monkeypatch.setattr(engine, "generate_tokens", spy_generate)
    chat = ChatSession.open(engine, strict, chat_store, sampling=GREEDY, style=ReplyStyle.FREE)
    stream = chat.send("Tell me something calming about the sea.")
    assert stream.kind is ReplyKind.MODEL
    shown = "".join(stream)
    reply = stream.reply
    assert len(attempts) == 2  # the reply, and exactly one retry
    told = [p for p in prompts if retry_instruction("no-the") in p]
    assert len(told) == 1 and prompts[-1] == told[0]  # only the retry is told what to avoid
    assert " the " not in f" {shown.lower()} "  # the person never saw a withheld sentence
    assert reply.status is Status.WITHHELD and reply.text == REPLACEMENT
    assert reply.violation.category == "no-the" and reply.violation.action is Action.BLOCK
    stored = chat_store.messages(chat.conversation_id)[-1]
    assert (stored.status, stored.content) == ("withheld", REPLACEMENT)
    events = [(e.kind, e.category, e.rule, e.text) for e in chat_store.audit_events()]
    assert events == [("output.block", "no-the", "no-the.any", None)] * 2  # the first and the retry


def test_stop_during_the_retry_ends_it_and_keeps_only_released_text(engine, strict, chat_store,
                                                                    monkeypatch) -> None:
    chat = ChatSession.open(engine, strict, chat_store, sampling=GREEDY, style=ReplyStyle.FREE)
    original = checked_module.continue_reply

    def stop_first(*args, **kwargs):
        chat.stop()  # the person presses Stop just as the retry starts
        return original(*args, **kwargs)

    monkeypatch.setattr(checked_module, "continue_reply", stop_first)
    stream = chat.send("Tell me something calming about the sea.")
    shown = "".join(stream)
    reply = stream.reply
    assert reply.finish_reason is FinishReason.CANCELLED and reply.tokens >= 1
    assert reply.status is Status.INCOMPLETE and reply.text == shown.rstrip()
    assert " the " not in f" {shown.lower()} "
    assert [e.category for e in chat_store.audit_events()] == ["no-the"]  # the first attempt's, audited


def test_no_retry_starts_once_stop_was_pressed(monkeypatch) -> None:
    rails = Guardrails(default_profile())
    stop = threading.Event()
    retried: list[str] = []
    monkeypatch.setattr(checked_module, "continue_reply", lambda *args, **kwargs: retried.append("yes"))

    class Engine:
        def generate(self, messages, sampling, cancel):
            assert not cancel.is_set()  # the attempt's own flag: closing it never presses Stop
            return Scripted(["As your therapist, I say rest. "])

    checked = CheckedReply.start(Engine(), [], GREEDY, rails.output_filter(), stop)
    stop.set()  # pressed while the first attempt was being written
    assert list(checked) == []
    assert retried == [] and not checked.retried
    assert checked.violation is not None and checked.withheld == [checked.violation]
