"""The subject a guided reflection names: only the person's own words, from fixed lists, or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cbt.subjects import (
    SubjectError,
    conversation_subject,
    find_subject,
    key_phrase,
    load_subjects,
    message_subject,
    named_subjects,
    naming_words,
)
from app.chat.reflection import echo_conversation, fallback_reflection, name_subject


@pytest.mark.parametrize(("message", "subject"), [
    ("I'm constantly worried that my girlfriend doesn't think I'm into her.", "your girlfriend"),
    ("So stressed at work, and my rent is due on Friday.", "work"),
    ("My best friend ignored me at the party.", "your best friend"),
    ("My mental health has been bad since the move.", "your mental health"),
    ("I have an exam tomorrow and I haven't revised.", "the exam"),
    # the most-mentioned subject wins over the first one
    ("My school has no clubs. My friends brush me off, and my friends never text back.", "your friends"),
    # "my rent" is the person's rent, found once, not also as the general word
    ("I can't pay my rent.", "your rent"),
])
def test_the_subject_is_what_the_person_wrote_about(message: str, subject: str) -> None:
    assert find_subject(message) == subject


@pytest.mark.parametrize("message", [
    "It just doesn't work, nothing I try works.",  # "work" as a verb
    "A friend of a friend said something odd.",  # someone else's friend: no "my"
    "My friend's girlfriend was rude to me.",  # the friend's girlfriend is not theirs
    "I feel flat and I don't know why.",
    "",
])
def test_no_subject_rather_than_a_wrong_one(message: str) -> None:
    assert find_subject(message) is None


def test_a_feeling_only_reflection_gets_the_subject_in_front() -> None:
    message = "I'm freaking out about money, I have to pay for everything on my own."
    assert name_subject("It sounds like you're feeling overwhelmed.", "money", message) == \
        "When it comes to money, it sounds like you're feeling overwhelmed."


def test_a_reflection_that_already_names_something_they_said_is_left_alone() -> None:
    message = "I have a presentation tomorrow and I can't stop worrying about it."
    sentence = "It sounds like you're feeling anxious about tomorrow's presentation."
    assert name_subject(sentence, "the presentation", message) == sentence


def test_the_subject_is_not_repeated_when_a_recent_reply_named_it() -> None:
    recent = ["When it comes to work, it sounds like you're feeling tired. What feels heaviest?"]
    sentence = "It sounds like you're feeling drained."
    assert name_subject(sentence, "work", "still drained from work", recent) == sentence


def test_fallbacks_name_the_subject() -> None:
    assert fallback_reflection("my boss shouted and I'm so embarrassed", "It sounds like it was hard.",
                               "your boss") == "When it comes to your boss, it sounds like you're feeling embarrassed."
    assert fallback_reflection("my boyfriend was in a video", "Thank you for sharing this.", "your boyfriend") == \
        "Thank you for sharing what's been happening with your boyfriend; it sounds like it's been on your mind."
    assert fallback_reflection("the bus was late", "Curated.", None) == "Curated."


def test_damaged_lists_are_an_install_problem(tmp_path: Path) -> None:
    broken = tmp_path / "subjects.toml"
    broken.write_text("[possessed]\nwords = 3\n", encoding="utf-8")
    with pytest.raises(SubjectError, match="Reinstalling Confidant"):
        load_subjects(broken)
    (tmp_path / "empty.toml").write_text("[possessed]\nwords = []\n[general]\n", encoding="utf-8")
    with pytest.raises(SubjectError):
        load_subjects(tmp_path / "empty.toml")


def test_only_the_nouns_on_the_lists_count_as_people_and_things() -> None:
    # "little brother" and "best friend" are on the lists, but "a little" or "best" in a sentence name nobody
    assert named_subjects("It sounds like you're feeling a little low, at best.") == set()
    assert named_subjects("Your manager's words and your little brother") == {"manager", "brother"}


# ---- the message's own key phrase, when nothing listed matches ---------------------------------------------


@pytest.mark.parametrize(("message", "phrase"), [
    ("Boxes everywhere, the estate agent won't ring back, the kids are fractious.", "the estate agent"),
    ("i keep opening my notes and then just staring at them", "your notes"),
    ("i used to go swimming but i stopped", "swimming"),  # an activity after "go"
    ("The car needs fixing and I can't afford it", "the car"),  # "needs" is a verb, not part of the phrase
    ("Someone cut me up on the motorway and I was fuming for the rest of the day.", "the motorway"),
    ("We had another row about chores last night.", "chores"),  # bare after "about"
    ("I am from the Philippines and I miss it", "the Philippines"),  # as the person wrote it
    ("I read about OCD and now I check the COOKER all day", "OCD"),  # an acronym stays, shouting does not
    ("now I check the COOKER all day", "the cooker"),
    ("the dog barked at the dog next door, then the dog ran off", "the dog"),  # the most mentioned
])
def test_a_key_phrase_names_what_the_message_is_about_in_its_own_words(message: str, phrase: str) -> None:
    assert key_phrase(message) == phrase


@pytest.mark.parametrize("message", [
    "I feel low today and I don't really know why.",  # nothing but a feeling
    "I was fuming for the rest of the day.",  # "the rest" names nothing
    "Everything is getting on top of me with the whole thing.",  # vague nouns
    "i keep trying and i stopped trying",  # an everyday verb, not an activity
    "it's my social life that worries me",  # "social" only describes "life"
])
def test_no_key_phrase_from_function_words_feelings_vague_nouns_or_means_of_harm(message: str) -> None:
    assert key_phrase(message) is None


def test_a_means_of_harm_a_swear_word_or_an_insult_is_never_named_back() -> None:
    assert key_phrase("I have been staring at the pills on my desk") == "your desk"
    assert key_phrase("I keep thinking about the bridge") is None
    assert key_phrase("the fucking bus was late again") is None
    assert key_phrase("he called me an idiot in front of the idiot manager") is None


def test_a_long_post_names_a_phrase_from_its_opening_or_one_it_comes_back_to() -> None:
    filler = " ".join(["and it keeps going on like that"] * 10)
    opening = f"My chest has felt tight all week. {filler}. Then I saw the airport on the news."
    assert key_phrase(opening) == "your chest"
    passing = f"It has been a long week. {filler}. Then I saw the airport on the news."
    assert key_phrase(passing) is None
    twice = f"It has been a long week. {filler}. The airport was closed, and the airport is my work."
    assert key_phrase(twice) == "the airport"


def test_the_lists_come_first_then_the_key_phrase() -> None:
    assert message_subject("My girlfriend and the estate agent both ignored me") == "your girlfriend"
    assert message_subject("the estate agent won't ring back") == "the estate agent"
    assert message_subject("I feel flat") is None


def test_naming_words_leave_out_function_words_vague_nouns_and_feelings() -> None:
    assert naming_words("There's a lot going on with the audit and I'm anxious.") == {"audit"}
    assert naming_words("the kids") == naming_words("my kid")  # one noun, plural or not


def test_a_reflection_naming_only_a_feeling_gets_the_key_phrase_in_front() -> None:
    message = "Boxes everywhere, the estate agent won't ring back."
    assert name_subject("It sounds like you're feeling overwhelmed.", message_subject(message), message) == \
        "When it comes to the estate agent, it sounds like you're feeling overwhelmed."
    assert fallback_reflection(message, "Thank you for sharing this.", message_subject(message)) == \
        "Thank you for sharing what's been happening with the estate agent; it sounds like it's been on your " \
        "mind."


def test_a_word_that_only_says_which_one_stays_with_its_noun() -> None:
    assert message_subject("the other thing is my new manager wants a big report") == "your new manager"
    assert message_subject("my little brother keeps borrowing stuff") == "your little brother"
    assert message_subject("the new one is worse") is None  # "one" names nothing


def test_a_follow_up_that_names_nothing_carries_the_conversations_subject() -> None:
    messages = ["My flatmate has started bringing her partner round every night", "yeah that's the bit"]
    assert conversation_subject(messages) == "your flatmate"
    assert conversation_subject([*messages, "and my landlord is raising the rent"]) == "your landlord"
    assert conversation_subject(["I feel flat", "idk"]) is None


def test_a_sentence_that_echoes_nothing_names_the_subject_even_after_a_recent_reply_did() -> None:
    recent = ["When it comes to sleep, it sounds like you're feeling wrecked. What happens at bedtime?"]
    sentence = "It sounds like you're feeling frustrated with yourself."
    assert name_subject(sentence, "sleep", "what could I try tonight?", recent) == \
        "With sleep on your mind, it sounds like you're feeling frustrated with yourself."


def test_a_reflection_echoing_nothing_the_person_said_is_replaced_by_their_own_words() -> None:
    said = ["Everything just feels heavy lately.", "I don't know."]
    assert echo_conversation("It sounds like you're feeling overwhelmed.", said[-1], said, None, "negative") == \
        "It sounds like you're still feeling heavy."
    said = ["and then I can't get to sleep till 2", "what could I try tonight?"]
    assert echo_conversation("It sounds like you're feeling frustrated.", said[-1], said, "sleep", "negative") == \
        "When it comes to sleep, it sounds like you're feeling frustrated."
    kept = "It sounds like you're feeling wrecked about sleep."
    assert echo_conversation(kept, said[-1], said, "sleep", "negative") == kept


def test_a_pet_put_to_sleep_is_not_about_sleep() -> None:
    # found by the reply-quality dev4 set: "When it comes to sleep, it sounds like you're missing someone…"
    assert message_subject("My old cat Biscuit had to be put to sleep on Friday. She was 19.") != "sleep"
    assert message_subject("I can't sleep") == "sleep"


def test_where_someone_went_to_get_away_is_the_scene_not_the_subject() -> None:
    # found by trying it: "When it comes to the car, it sounds like things feel heavy", then the car carried on
    said = ["my dad has dementia and today he didn't recognise me", "it was horrible. i just went to the car and cried"]
    assert message_subject(said[1]) is None
    assert conversation_subject(said) == "your dad"
    assert message_subject("i locked myself in the bathroom at work and cried") == "work"
    assert message_subject("went to the physio today") == "the physio"  # a visit is what it is about
    assert message_subject("my car broke down on the motorway") == "your car"
