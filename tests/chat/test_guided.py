"""The guided reply style: the model's checked reflection, then a curated CBT move (real model, real rails)."""

from __future__ import annotations

import threading

import pytest

from app.cbt.moves import choose_move
from app.cbt.subjects import naming_words
from app.chat.guided import GuidedReply
from app.chat.messages import ChatMessage, Role, Status
from app.chat.reflection import (
    echo_conversation,
    fallback_reflection,
    load_reflection_prompt,
    own_feeling_reflection,
    reflection_problems,
    write_reflection,
)
from app.chat.session import ChatSession, ReplyKind
from app.chat.style import SMALL_MODEL_BYTES, ReplyStyle, resolve_style
from app.model.engine import Engine, FinishReason
from app.model.sampling import Sampling
from app.safety import Guardrails, default_profile, load_profile, shipped_profiles, validate_profile_text

SAMPLING = Sampling(max_tokens=256, temperature=0.3, seed=1)


def guided(engine: Engine, guardrails: Guardrails) -> ChatSession:
    return ChatSession(engine, guardrails, sampling=SAMPLING, style=ReplyStyle.GUIDED)


# ---- choosing the style -----------------------------------------------------------------------------

def test_small_models_are_guided_and_larger_ones_free_unless_someone_chose() -> None:
    assert resolve_style(None, "auto", 98_000_000) is ReplyStyle.GUIDED
    assert resolve_style(None, "auto", SMALL_MODEL_BYTES + 1) is ReplyStyle.FREE
    assert resolve_style(None, "free", 98_000_000) is ReplyStyle.FREE  # the profile's choice
    assert resolve_style("guided", "free", SMALL_MODEL_BYTES * 4) is ReplyStyle.GUIDED  # the person's wins


def test_the_default_model_writes_guided_replies(engine: Engine, guardrails) -> None:
    assert ChatSession(engine, guardrails).style is ReplyStyle.GUIDED


# ---- checking the model's sentence ------------------------------------------------------------------

MESSAGE = "I got a B on my essay and I'm gutted, I should have got an A."


@pytest.mark.parametrize(("sentence", "problem"), [
    ("It sounds like you're feeling proud that you got a B.", "does not fit the message's mood"),
    ("It sounds like you're feeling burnt out after a long day at work.", "words the person did not use"),
    ("It sounds like you're feeling gutted. What happened?", "asks a question"),
    ("I know how gutted you feel about the essay.", "talks about itself"),
    ("It sounds like you should have worked harder on the essay.", "judges or advises"),
    ("It sounds like", "words"),
    ("It sounds like you're feeling gutted that your manager didn't like the essay.", "did not mention (manager)"),
    ("It sounds like you're feeling sad and good about the essay.", "clashing feelings"),
    ("It sounds like you're feeling gutted, but it's not quite right.", "a second clause"),
    ("It sounds like you're feeling hopeless about the essay.", "stronger than anything the person said"),
])
def test_a_reflection_that_misreads_the_message_is_not_used(sentence: str, problem: str) -> None:
    problems = reflection_problems(sentence, [MESSAGE], "negative")
    assert any(problem in p for p in problems), problems


def test_a_thing_the_person_never_mentioned_is_a_misreading_even_in_otherwise_their_words() -> None:
    """Two of three content words were theirs, so the share check let "the couch" through (tried: a panic
    attack on a train, then a plan to sit near the doors)."""
    said = ["now i'm dreading getting the train tomorrow", "maybe i could sit near the doors so i know i can get off"]
    problems = reflection_problems("It sounds like you're feeling frustrated that you're not getting off the couch.",
                                   said, "negative")
    assert any("did not mention (couch)" in p for p in problems), problems
    assert reflection_problems("It sounds like you're feeling anxious about the train tomorrow.", said,
                               "negative") == []


def test_a_harsh_word_about_themselves_is_not_said_back_as_a_fact() -> None:
    said = ["they probably think I'm an idiot now"]
    problems = reflection_problems("It sounds like you're feeling down about being an idiot.", said, "negative")
    assert any("harsh word back as a fact" in p for p in problems), problems
    # as their thought, or as a feeling, it is a reflection
    assert reflection_problems("It sounds like you think you're an idiot.", said, "negative") == []
    assert reflection_problems("It sounds like you're worried that you're an idiot.", said, "negative") == []


def test_a_reflection_in_the_persons_own_words_is_used() -> None:
    assert reflection_problems("It sounds like you're feeling gutted about the B on your essay.", [MESSAGE],
                               "negative") == []


def test_a_happy_word_the_person_used_elsewhere_is_still_a_misreading_of_a_hard_message() -> None:
    message = "Good morning. I got a B on my essay and I'm so sad."
    assert any("'good' does not fit" in p for p in reflection_problems(
        "It sounds like you're feeling good about the essay.", [message], "negative"))
    assert fallback_reflection(message, "Curated.", valence="negative") == "It sounds like you're feeling sad."


def test_function_words_are_not_counted_as_invented() -> None:
    message = "Even when I'm with people I feel like I'm on the outside looking in."
    assert reflection_problems("It sounds like you're feeling a bit disconnected from the people around you.",
                               [message], "neutral") == []


def test_a_reflection_said_in_a_recent_reply_is_not_used_again() -> None:
    sentence = "It sounds like you're feeling gutted about your essay."
    assert "said in a recent reply" in reflection_problems(sentence, [MESSAGE], "negative",
                                                           avoid=[f"{sentence} What would help?"])


def test_the_fallback_uses_the_persons_feelings_but_not_negated_ones() -> None:
    assert fallback_reflection("I don't feel happy, just tired and low", "Curated.") == \
        "It sounds like you're feeling tired and low."
    assert fallback_reflection("the bus was late", "Curated.") == "Curated."


def test_the_persons_own_feeling_words_make_a_reflection_and_none_make_none() -> None:
    assert own_feeling_reflection("Been a grey week. Not terrible, just flat.", "negative") == \
        "It sounds like you're feeling flat."
    assert own_feeling_reflection("the bus was late") is None


# Short messages that name nothing on the subject lists: the reflection must still name something they wrote.
UNLISTED = [
    "Boxes everywhere, the estate agent won't ring back, the kids are fractious.",
    "i used to go swimming but i stopped",
    "Someone cut me up on the motorway and I was fuming for the rest of the day.",
]


@pytest.mark.parametrize("message", UNLISTED)
def test_a_reflection_names_something_from_a_message_with_no_listed_subject(engine: Engine, guardrails,
                                                                            message: str) -> None:
    reflection = write_reflection(engine, message, [message], "negative", [], SAMPLING,
                                  guardrails.output_filter, threading.Event(), "It sounds like it was hard.")
    assert reflection.text.rstrip()[-1] in ".!" and "?" not in reflection.text
    named = naming_words(reflection.text.removeprefix("It sounds like you're feeling")) & naming_words(message)
    assert named, reflection.text


# ---- whole replies ----------------------------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "I can't stop replaying what I said in the meeting yesterday.",
    "I keep putting off replying to my landlord's email.",
    "My sister and I had a row about Christmas plans.",
])
def test_a_guided_reply_reflects_then_asks_or_suggests_in_a_few_whole_sentences(engine, guardrails,
                                                                                message: str) -> None:
    chat = guided(engine, guardrails)
    stream = chat.send(message)
    shown = "".join(stream)
    reply = stream.reply
    assert stream.kind is ReplyKind.MODEL and reply.status is Status.COMPLETE
    assert reply.text == shown.strip() == chat.messages[-1].content
    assert reply.text.startswith(("It sounds like", "When it comes to", "Thank you", "That"))
    assert reply.text.rstrip()[-1] in ".!?"
    assert "?" in reply.text or any(w in reply.text.lower() for w in ("could you", "try", "write", "plan"))
    assert 8 <= len(reply.text.split()) <= 80
    assert guardrails.check_output_text(reply.text).allowed


def test_a_question_about_cbt_gets_a_curated_answer_without_the_model(engine, guardrails) -> None:
    chat = guided(engine, guardrails)
    reply = chat.send("What is catastrophising?").finish()
    assert "worst" in reply.text.lower() and reply.tokens == 0


def test_follow_ups_move_the_conversation_on_instead_of_asking_again(engine, guardrails) -> None:
    chat = guided(engine, guardrails)
    replies = [chat.send(text).finish().text for text in (
        "I'm worried I'll mess up my driving test next week.",
        "I guess that I'll stall at a junction and fail straight away.",
        "Probably that I'd be embarrassed but could book another one.")]
    sentences = [s.strip() for r in replies for s in r.replace("?", "?|").replace(". ", ".|").split("|") if s.strip()]
    assert len(sentences) == len(set(sentences)), replies  # no sentence shown twice across the turns


def test_a_run_of_short_follow_ups_is_answered_in_new_words_and_stays_on_the_topic(engine, guardrails) -> None:
    chat = guided(engine, guardrails)
    replies = [chat.send(text).finish().text for text in (
        "I've felt really low all week.", "yeah", "idk", "nothing really")]
    sentences = [s.strip() for r in replies for s in r.replace("?", "?|").replace(". ", ".|").split("|") if s.strip()]
    assert len(sentences) == len(set(sentences)), replies  # no reflection or move shown twice
    last = choose_move(["yeah", "idk", "nothing really"], replies[:-1])
    assert last.topic == "low-mood"  # the opening message has left the window; the replies carry the topic


def test_after_an_answer_a_follow_up_question_is_answered_with_how_the_idea_is_used(engine, guardrails) -> None:
    chat = guided(engine, guardrails)
    chat.send("is this sadness or depression?").finish()
    reply = chat.send("so what should I do about it?").finish()
    assert reply.text.startswith(("Whichever it is", "For example")) and reply.tokens == 0  # no reflection


def test_a_follow_up_whose_feeling_was_just_reflected_keeps_it_in_other_words() -> None:
    """The person named "low" two messages ago and the last reply said so; the model now guesses a feeling
    they never named. Their own feeling comes back in other words rather than the guess (or a repeat)."""
    said = ["feeling really low today for no real reason", "idk. maybe cos it's rained all week",
            "yeah i guess i could text someone. but what if they're busy"]
    last = ["It sounds like you're still feeling low. What thoughts tend to come along with the low feeling?"]
    guess = "It sounds like you're feeling frustrated about something."
    assert echo_conversation(guess, said[-1], said, None, "negative", last) == \
        "It sounds like that low feeling hasn't gone away."
    anxious = ["so much anxiety about the move", "idk"]
    assert echo_conversation(guess, "idk", anxious, None, "negative", ["It sounds like you're still feeling "
                                                                       "anxiety. What helps?"]) == \
        "It sounds like the anxiety hasn't gone away."
    for profile in shipped_profiles():
        rails = Guardrails(load_profile(profile))
        for text in ("It sounds like that low feeling hasn't gone away.",
                     "It sounds like the anxiety hasn't gone away."):
            assert rails.check_output_text(text).allowed, (profile, text)


def test_the_other_ways_of_reflecting_pass_every_profiles_output_rules() -> None:
    again = load_reflection_prompt().again
    assert set(again) == {"negative", "neutral", "positive"}
    for profile in shipped_profiles():
        rails = Guardrails(load_profile(profile))
        for text in (t for texts in again.values() for t in texts):
            assert text.startswith("It sounds like") and rails.check_output_text(text).allowed, (profile, text)


def test_stop_before_the_reflection_is_written_keeps_nothing_half_done(engine, guardrails) -> None:
    chat = guided(engine, guardrails)
    stream = chat.send("I had an awful day and everything went wrong.")
    chat.stop()
    reply = stream.finish()
    assert reply.finish_reason is FinishReason.CANCELLED and reply.status is Status.INCOMPLETE
    assert chat.messages[-1].role is Role.ASSISTANT and chat.messages[-1].content == reply.text


def test_curated_words_a_clinicians_profile_forbids_are_left_out_and_audited(engine, guardrails) -> None:
    message = "I'm dreading the party on Saturday, everyone will think I'm boring."
    move = choose_move([message], [])
    forbidden = move.text.split()[-1].strip("?.!,").lower()
    strict = Guardrails(validate_profile_text(default_profile().text + f'''
[output.no-curated-word]
name = "A word this test profile forbids"
replacement = "That reply used a word this profile never allows."
[output.no-curated-word.rules]
any = ["{forbidden}"]
''', "<strict>"))
    reply = GuidedReply(engine, strict, [message], [], SAMPLING, threading.Event())
    text = "".join(reply)
    assert forbidden not in text.lower()
    assert [v.category for v in reply.withheld][-1] == "no-curated-word"
    assert text and reply.violation is None  # the checked reflection is still shown


def test_the_shipped_profiles_example_exchanges_pass_their_own_output_rules_and_reach_the_model(engine) -> None:
    from app.paths import assets_dir

    for path in sorted((assets_dir() / "profiles").glob("*.toml")):
        rails = Guardrails(validate_profile_text(path.read_text(encoding="utf-8"), str(path)))
        assert len(rails.profile.examples) >= 3, path.name
        for example in rails.profile.examples:
            assert rails.check_output_text(example.assistant).allowed, example.assistant
        chat = ChatSession(engine, rails, style=ReplyStyle.FREE)
        chat.messages.append(ChatMessage(Role.USER, "hello"))
        shown = [m["content"] for m in chat.prompt_messages()]
        assert shown[1:3] == [rails.profile.examples[0].user, rails.profile.examples[0].assistant]
