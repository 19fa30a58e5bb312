"""Replies end on a whole sentence and do not repeat what the person has just been shown."""

from __future__ import annotations

from app.chat.checked_reply import CheckedReply, sentence_key, split_sentences
from app.chat.messages import Status
from app.chat.session import ChatSession
from app.chat.style import ReplyStyle
from app.model.engine import Engine, FinishReason, Generation
from app.model.sampling import Sampling
from app.safety import Guardrails, default_profile

RAILS = Guardrails(default_profile())


class Scripted(Generation):
    """Fixed pieces with a given finish reason (for the loop's own logic; the model is tested below)."""

    def __init__(self, pieces: list[str], reason: FinishReason) -> None:
        super().__init__()
        self._pieces = iter(pieces)
        self.finish_reason = reason
        self.token_count = len(pieces)


def shown(pieces: list[str], reason: FinishReason = FinishReason.STOP, avoid: tuple[str, ...] = ()) -> str:
    checked = CheckedReply(Scripted(pieces, reason), RAILS.output_filter(), avoid=avoid)
    text = "".join(checked)
    assert text == checked.text
    return text


def test_a_reply_cut_by_the_token_limit_ends_on_its_last_whole_sentence() -> None:
    assert shown(["Take a slow breath. ", "Then notice five things you can see. ", "Just smile,"],
                 FinishReason.LENGTH) == "Take a slow breath. Then notice five things you can see. "


def test_a_reply_the_model_finished_keeps_its_last_sentence_even_without_a_full_stop() -> None:
    assert shown(["Take a slow breath. ", "Then rest"]) == "Take a slow breath. Then rest"


def test_a_reply_that_is_one_unfinished_sentence_is_kept_rather_than_emptied() -> None:
    assert shown(["Take a slow breath and"], FinishReason.LENGTH) == "Take a slow breath and"


def test_a_sentence_written_twice_in_one_reply_is_shown_once() -> None:
    loop = "You're a human, and you've got your own strengths. "
    text = shown(["That sounds hard. ", loop, "Rest tonight. ", loop, loop])
    assert text == f"That sounds hard. {loop}Rest tonight. "


def test_a_sentence_from_a_recent_reply_is_not_shown_again_but_short_ones_may_be() -> None:
    earlier = "Thank you. What would you say to a friend who thought this about themselves?"
    text = shown(["Thank you. ", "What would you say to a friend who thought this about themselves? ",
                  "Which part feels heaviest today?"], avoid=(earlier,))
    assert text == "Thank you. Which part feels heaviest today?"


def test_sentences_split_without_losing_a_character() -> None:
    text = 'One. Two!  "Three?" four\n\nfive… six'
    assert "".join(split_sentences(text)) == text
    assert sentence_key("You’re kind, REALLY.") == "you're kind really"


def test_the_real_model_at_a_small_token_limit_ends_on_a_whole_sentence(engine: Engine) -> None:
    cut = 0
    for seed, message in enumerate(("Tell me about ways to relax after a long day at work.",
                                    "How can I stop overthinking every conversation I have?",
                                    "What are some good habits for falling asleep?")):
        chat = ChatSession(engine, RAILS, sampling=Sampling(max_tokens=40, temperature=0.3, seed=seed),
                           style=ReplyStyle.FREE)
        reply = chat.send(message).finish()
        if reply.status is not Status.COMPLETE:
            continue  # withheld by the output rail: the profile's replacement text, a whole sentence already
        cut += reply.finish_reason is FinishReason.LENGTH
        assert reply.text.rstrip()[-1] in ".!?\"')”’", reply.text
    assert cut, "no reply reached the token limit, so the trimming was not exercised"
