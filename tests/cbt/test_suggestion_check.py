"""The fit check on the assistant's thought-record suggestions: never harsher than the thought, never an insult,
never the opposite of the person's own evidence."""

from __future__ import annotations

import pytest

from app.cbt.suggestion_check import WITHHELD_MESSAGE, check_suggestion
from app.storage import journal as j

WORK = j.ThoughtRecord(
    situation="My manager asked to see me after the team meeting.",
    automatic_thought="I'm going to get fired.",
    evidence_for="She looked annoyed in the meeting.",
    evidence_against="I got two good reviews this year. My manager thanked me for the report.",
)
FRIEND = j.ThoughtRecord(
    situation="My friend didn't reply to my message all day.",
    automatic_thought="I'm a failure as a friend and she is fed up with me.",
    evidence_for="She replied late last week too.",
)


@pytest.mark.parametrize(("step", "suggestion", "rule"), [
    # the two failures that reached a thought record
    ("evidence-against", "You may have made a mistake because you're a bad person.", "harsh-label"),
    ("balanced-thought", "My last two reviews were bad, so she is probably right to be annoyed.",
     "contradicts-evidence"),
    # labels the thought never used
    ("balanced-thought", "I'm useless at my job, but I can try harder.", "harsh-label"),
    ("balanced-thought", "One bad meeting makes me an idiot.", "harsh-label"),
    ("evidence-against", "You're worthless at work, but your reviews were good.", "harsh-label"),
    # catastrophising and absolutes that make it bleaker
    ("balanced-thought", "My career is ruined whatever happens.", "catastrophising"),
    ("balanced-thought", "This meeting will be a disaster.", "catastrophising"),
    ("balanced-thought", "I always mess up important meetings.", "catastrophising"),
    ("balanced-thought", "Nobody at work cares how I do.", "catastrophising"),
    ("balanced-thought", "I'll never be good enough for this team.", "catastrophising"),
    # the opposite of what the person wrote
    ("balanced-thought", "My manager was unhappy with the report.", "contradicts-evidence"),
    ("evidence-against", "Your reviews were not good this year.", "contradicts-evidence"),
])
def test_a_suggestion_that_does_not_fit_is_caught(step: str, suggestion: str, rule: str) -> None:
    problem = check_suggestion(step, suggestion, WORK)
    assert problem is not None and problem.rule == rule, problem
    assert problem.rule_id == f"suggestion.{rule}" and problem.detail


@pytest.mark.parametrize(("step", "suggestion"), [
    ("balanced-thought", "My manager looked annoyed, but I got two good reviews this year, so one meeting "
                         "doesn't mean I'll be fired."),
    ("balanced-thought", "Everyone makes mistakes, and one tense meeting doesn't make me a bad employee."),
    ("balanced-thought", "I'm not a failure; I did good work on the report and she thanked me."),
    ("balanced-thought", "Making one mistake doesn't make me a bad person."),
    ("balanced-thought", "Instead of calling myself a failure, I can look at my good reviews."),
    ("balanced-thought", "It's never too late to ask for feedback, and I can always ask what she meant."),
    ("balanced-thought", "Even if the meeting goes badly, it isn't the end of the world."),
    ("balanced-thought", "No one is perfect, and my work has been praised."),
    ("balanced-thought", "I feel anxious right now, but there's no clear evidence I'm going to be fired."),
    ("balanced-thought", "I had a weak moment in the meeting, but my reviews were good."),
    ("balanced-thought", "Even if one report was bad, two reviews were good."),  # a hypothetical, not a fact
    ("evidence-against", "What did your manager say about the report? Have your reviews been good? Does one "
                         "look really mean you're a failure?"),
    ("evidence-against", "You got two good reviews this year. Your manager thanked you for your report."),
])
def test_a_fair_kind_suggestion_passes(step: str, suggestion: str) -> None:
    assert check_suggestion(step, suggestion, WORK) is None


def test_a_label_the_person_used_is_not_added_by_a_balanced_thought_but_is_never_evidence_against() -> None:
    kind = "I feel like a failure as a friend right now, but she has replied late before and we are still close."
    assert check_suggestion("balanced-thought", kind, FRIEND) is None
    problem = check_suggestion("evidence-against", "You are a failure as a friend.", FRIEND)
    assert problem is not None and problem.rule == "harsh-label"


def test_absolutes_the_person_used_are_not_added() -> None:
    record = j.ThoughtRecord(situation="Burnt the dinner.", automatic_thought="I always ruin everything.")
    assert check_suggestion("balanced-thought", "I always ruin dinner when I'm tired, and that's okay.",
                            record) is None
    assert check_suggestion("balanced-thought", "I don't always ruin things; last week's dinner was lovely.",
                            record) is None


def test_the_withheld_message_is_kind_and_plain_for_both_steps() -> None:
    for message in WITHHELD_MESSAGE.values():
        assert message.startswith("Confidant's suggestion didn't fit what you wrote, so it isn't shown.")
        assert "own words" in message
