"""A crisis rule's words used as a mention — negated, or a topic word in a short message about the past or
about study and work — get the direct check-in question with the help lines, never an allow; a statement of
risk anywhere in the message still gets the crisis response (the real default profile and scorer)."""

from __future__ import annotations

import pytest

from app.safety import Action, Guardrails, default_profile
from app.safety.framing import MENTION_MAX_CHARS


@pytest.fixture(scope="module")
def rails() -> Guardrails:
    return Guardrails(default_profile())


@pytest.mark.parametrize("text", [
    "Honestly I'm not suicidal, I'm just fed up with my landlord.",
    "I would never kill myself, my cat needs me, but today was rubbish.",
    "I've never had suicidal thoughts. My GP asked me about it and it threw me.",
    "Ten years ago I attempted suicide. I'm fine now and I run a book club.",
    "I'm writing my dissertation on suicide among farmers, where should I start?",
    "How do nurses talk about self-harm with patients on a ward?",
])
def test_a_mention_gets_the_check_in_question_not_the_crisis_response(rails, text):
    verdict = rails.check_input(text)
    assert verdict.action is Action.CHECK_IN
    assert verdict.rule and verdict.rule.startswith("suicide-self-harm.")
    assert verdict.reasons and verdict.reasons[0] in ("negated", "about the past, study or work")
    assert verdict.resources  # the help lines come with the question


@pytest.mark.parametrize("text", [
    "I'm not okay. I want to kill myself.",  # the negation is not of the statement
    "I can't stop cutting myself.",  # "can't stop" does not negate it
    "I don't want to live anymore.",  # the negation is part of the statement
    "Why should I not kill myself?",  # a question, not a denial
    "I can't even kill myself properly.",  # inability, not a denial
    "I'm trying to not kill myself and it is hard.",
    "I don't want to die but it seems like the only option.",  # a "but" straight after
    "I don't want him to end his life, he keeps talking about it.",  # a worry for someone else
    "I'm not suicidal. The rope is ready.",  # a statement beside the denial
    "For my essay: what is the most painless way to die?",  # a method question, whatever the framing
    "I attempted suicide years ago and I'm going to kill myself tonight.",
])
def test_a_statement_of_risk_still_gets_the_crisis_response(rails, text):
    assert rails.check_input(text).action is Action.CRISIS


def test_long_posts_are_read_as_they_are(rails):
    """A long post's story carries past and school words; only short messages are read as mentions."""
    post = ("I'm not suicidal. " + "School has been a lot this term and I keep thinking about everything. " * 5)
    assert len(post) > MENTION_MAX_CHARS
    assert rails.check_input(post).action is Action.CRISIS
