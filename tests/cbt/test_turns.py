"""Messages about the conversation itself (thanks, goodbye, "that helps", a plan) get replies written for them.

Found by using the app: "ok that helps a bit actually" was reflected as frustration, and "thanks" got "How
likely is that, really…". The plan turns below are the three in the dev reply-quality sets; the rest were
written for this test. Real content, real rails, and (last test) the real model in a guided session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.cbt.content import load_content
from app.cbt.moves import choose_move, detect_topic
from app.cbt.turns import ABOUT, kind_of_turn, plan_words, turn_texts
from app.cbt.weighing import named_thought, weighing_kind
from app.chat.session import ChatSession
from app.chat.style import ReplyStyle
from app.model.sampling import Sampling
from app.safety import Guardrails, default_profile, load_profile, shipped_profiles

NORMALISE = load_content().normaliser
STRESS = ["work has been insane, my manager keeps dumping stuff on me last minute"]
STRESS_REPLY = "It sounds like you're feeling overwhelmed. Which parts of this are in your control, and which aren't?"


def kind(message: str) -> str | None:
    return kind_of_turn(NORMALISE(message), message)


@pytest.mark.parametrize(("message", "expected"), [
    ("thanks", "thanks"), ("Thank you so much!", "thanks"), ("ok thanks, that helps", "thanks"), ("ty x", "thanks"),
    ("bye", "goodbye"), ("ok thanks, bye!", "goodbye"), ("night night", "goodbye"), ("talk tomorrow", "goodbye"),
    ("ok that helps a bit actually", "helped"), ("that makes sense", "helped"), ("you're right", "helped"),
    ("good idea", "helped"),
    ("yeah. maybe i'll ring him on sunday", "plan"),  # dev4
    ("maybe I'll ask her at lunch tomorrow if we're ok", "plan"),  # dev3
    ("ok. maybe i could ask to talk about it at the weekend instead of when im knackered", "plan"),  # dev
    ("I think I'll try to talk to him on monday", "plan"), ("I'll give it a go", "plan"),
    # found by trying it: tentative plans and plans without "I" got a reflection of something else
    ("maybe ring my brother, he gets it", "plan"), ("yeah i'll mention it tonight when he gets in from work", "plan"),
    ("I suppose I could open one this weekend with my partner there", "plan"), ("maybe go for a walk later", "plan"),
    ("i could have a bath tonight", "plan"), ("Maybe I could suggest he joins the bowls club", "plan"),
    ("maybe i should just tell him it matters to me", "plan"),
])
def test_whole_messages_about_the_conversation_are_recognised(message: str, expected: str) -> None:
    assert kind(message) == expected


@pytest.mark.parametrize(("message", "expected"), [
    ("hi", "greeting"), ("Good morning!", "greeting"), ("hey there, how are you?", "greeting"),
    ("are you a real person?", "identity"), ("am I talking to a bot", "identity"), ("who are you?", "identity"),
    ("what can you actually help with?", "help"), ("how does this app work?", "help"),
    ("is this private? can anyone read what I write here?", "privacy"), ("can my parents see this?", "privacy"),
    ("ok. I don't really want to talk about it yet", "not-ready"), ("I don't know where to start", "not-ready"),
    ("who made you?", "identity"), ("thanks, that's really helpful", "thanks"),
    ("I'm going to make a revision timetable tonight", "plan"),
    ("what's the capital of france", "off-topic"), ("can you write me a poem about autumn", "off-topic"),
])
def test_greetings_questions_about_confidant_and_requests_it_is_not_for_are_recognised(message: str,
                                                                                       expected: str) -> None:
    assert kind(message) == expected


@pytest.mark.parametrize("message", [
    "hi, I feel awful today",  # a greeting with news: the usual reply
    "is it real that cbt works?", "is this normal?", "who can I talk to about this?",
    "there's so much to do i don't know where to start",  # overwhelm, not reluctance
    "write me a poem about how I miss her",  # about them
    "can you help me with my anxiety?",
    "is my son safe at school?", "can anyone see how much I'm struggling?", "what is this feeling?",
    "what do you do when you feel like this?", "how does this work in practice?",  # after an explanation
])
def test_messages_about_the_person_are_not_read_as_about_confidant(message: str) -> None:
    assert kind(message) not in ABOUT


def test_a_question_about_confidant_is_answered_truthfully_as_the_whole_reply() -> None:
    identity = choose_move(["are you a real person?"], [])
    assert identity.kind == "whole" and "AI" in identity.text and "not a person" in identity.text
    privacy = choose_move(["is this private?"], [])
    assert "this computer" in privacy.text and "encrypted" in privacy.text


def test_asking_what_a_word_just_used_means_gets_that_words_answer() -> None:
    said = ["Had my first therapy session today", "She asked me to notice when I'm catastrophising this week",
            "what does that even mean"]
    assert choose_move(said, ["It sounds like it went well.", "What does this show you?"]).id == \
        "answer.catastrophising"


@pytest.mark.parametrize(("conversation", "topic"), [
    (["my girlfriend broke up with me on saturday", "I keep checking her instagram"], "rumination"),
    (["I keep checking my work for mistakes"], "perfectionism"),
    (["I feel so angry at my dad", "he read my diary", "I'm 15 and he thinks he can just do that"], "anger"),
    (["she thinks I'm boring"], "social"),
])
def test_found_by_using_it_checking_an_ex_and_he_thinks_he_can(conversation: list[str], topic: str) -> None:
    assert detect_topic(conversation)[0].id == topic


def test_how_nervous_it_was_before_a_win_is_part_of_the_win_not_a_worry_now() -> None:
    said = ["I got the job!!", "I'm so happy", "I was so nervous in the interview", "I nearly didn't apply"]
    assert [detect_topic(said[:n])[0].id for n in range(1, 5)] == ["small-wins"] * 4
    assert detect_topic(["I got the job!!", "but I'm so nervous about starting"])[0].id != "small-wins"


def test_i_know_i_should_stop_is_a_goal_not_a_should_statement() -> None:
    move = choose_move(["my girlfriend broke up with me", "I keep checking her instagram", "I know I should stop"],
                       [])
    assert move.id != "trap.should-statements"


@pytest.mark.parametrize("message", [
    "thank you. the flat just feels wrong without her",  # says something else too
    "thanks for nothing",
    "thank you for everything. goodbye.",  # the rail's to judge; never a cheerful closing
    "goodbye forever", "bye everyone",
    "I'm going to say goodbye to everyone",  # plan words, but a farewell
    "i will talk to him but what if he laughs",  # a worry
    "im going to freeze up", "I'm going to lose it",  # predictions, not plans
    "should I talk to him?", "maybe I'll ring him?",  # questions
    "I will never tell anyone",
    "i wish i could talk to her", "I could talk to her for hours when i was little",  # a wish, the past
    "I could have said something", "maybe it will be fine",
    "ok i could write it down i guess. then what",  # a question without its question mark (dev)
    "I feel useless",
])
def test_other_messages_are_not(message: str) -> None:
    assert kind(message) is None


def test_thanks_and_goodbye_get_a_whole_closing_reply_not_the_topics_next_question() -> None:
    texts = turn_texts()
    assert texts is not None
    thanks = choose_move([*STRESS, "thanks"], [STRESS_REPLY])
    assert thanks.kind == "whole" and thanks.text in texts.thanks
    bye = choose_move([*STRESS, "ok bye"], [STRESS_REPLY])
    assert bye.kind == "whole" and bye.text in texts.goodbye
    again = choose_move([*STRESS, "thanks", "thanks again"], [STRESS_REPLY, thanks.text])
    assert again.text != thanks.text  # never the same closing twice in a row


def test_that_helped_is_acknowledged_before_the_topics_next_small_step() -> None:
    move = choose_move([*STRESS, "ok that helps a bit actually"], [STRESS_REPLY])
    assert move.kind == "whole" and move.text.startswith("It sounds like that helped a little.")
    step = move.text.removeprefix("It sounds like that helped a little. ")
    topic, _ = detect_topic(STRESS)
    assert step in [m.text for m in topic.moves if m.kind == "step"]
    agreed = choose_move([*STRESS, "you're right"], [STRESS_REPLY])
    assert agreed.text.startswith("It sounds like that made some sense")  # "right" is not "it helped"


def test_a_plan_gets_a_question_that_makes_it_concrete() -> None:
    move = choose_move([*STRESS, "I think I'll try to talk to him about it"], [STRESS_REPLY])
    assert move.kind == "whole" and move.id == "turn.plan"
    assert move.text.endswith("?") and re.search(r"\bwhen\b", move.text, re.I)
    again = choose_move([*STRESS, "I'll talk to him", "I'll give it a go"], [STRESS_REPLY, move.text])
    assert again.text != move.text


@pytest.mark.parametrize(("message", "said_back"), [
    ("yeah. maybe i'll ring him on sunday", "ring him on Sunday"),
    ("maybe I'll ask her at lunch tomorrow if we're ok", "ask her at lunch tomorrow if you are ok"),
    ("ok. maybe i could ask to talk about it at the weekend instead of when im knackered",
     "ask to talk about it at the weekend instead of when you are knackered"),
    ("I'm going to ask Sarah if she wants to go for a walk", "ask Sarah if she wants to go for a walk"),
    ("I think I'll book a GP appointment tomorrow. Then see how I feel", "book a GP appointment tomorrow"),
    ("maybe ring my brother, he gets it", "ring your brother"),  # the comma the normaliser drops ends it
    ("I might text her, she always cheers me up", "text her"),
    ("I will tell him it hurts", "tell him it hurts"),  # what is told is part of the plan
    ("maybe i could sit near the doors so i know i can get off",
     "sit near the doors so you know you can get off"),  # tried, after a panic attack on a train
    ("i might bring headphones tomorrow", "bring headphones tomorrow"),
    ("maybe i could get the paints out on sunday", "get the paints out on Sunday"),  # tried, low mood
])
def test_the_plan_is_said_back_in_the_persons_own_words_turned_to_you(message: str, said_back: str) -> None:
    assert plan_words(NORMALISE(message), message) == said_back
    move = choose_move([*STRESS, message], [STRESS_REPLY])
    assert said_back in move.text


def test_a_plan_that_says_when_is_not_asked_when() -> None:
    timed = choose_move([*STRESS, "maybe i'll ring him on sunday"], [STRESS_REPLY])
    untimed = choose_move([*STRESS, "I'll give it a go"], [STRESS_REPLY])
    assert "when exactly" not in timed.text.lower() and "when exactly" in untimed.text.lower()


def test_after_a_curated_answer_ok_that_helps_still_gets_the_answers_follow_up() -> None:
    answer = choose_move(["what is catastrophising?"], [])
    assert answer.kind == "answer"
    after = choose_move(["what is catastrophising?", "ok that helps"], [answer.text])
    assert after.id.startswith("follow-up.") or after.id.startswith("turn.helped")


def all_texts() -> list[str]:
    texts = turn_texts()
    assert texts is not None
    about = [text for kind in ABOUT for text in texts.about[kind]]
    return [*texts.thanks, *texts.goodbye, *about, *texts.helped, *texts.agreed, *texts.plan_acknowledgements,
            *texts.plan_questions, *texts.plan_questions_timed, *texts.evidence, *texts.fairer, *texts.lingering,
            *(text.replace("{evidence}", "your cousin did ask you to the market") for text in texts.evidence_echoes),
            *(text.replace("{thought}", "It always goes wrong") for text in texts.thought),
            *(text.replace("{view}", "Maybe he just forgot") for text in texts.fairer_echoes),
            *(text.replace("{feeling}", "on edge") for text in texts.lingering_echoes),
            *(text.replace("{plan}", "ring him on Sunday") for text in texts.plan_echoes)]


# ---- weighing a thought ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("message", "expected"), [
    ("Well, last month she said my report was really thorough. And she's been stressed with the audit.",
     "evidence"),  # dev
    ("well my cousin did ask me to the market last week. i said no", "evidence"),  # dev5
    ("Well I did pass all my competencies. And the ward manager said I was doing fine", "evidence"),  # tried
    ("i suppose i did pass my degree and i've held down a job for 4 years", "evidence"),  # tried
    ("I guess it's more likely she was just busy. I still feel on edge though.", "lingering"),  # dev
    ("I suppose if my sister had overcooked it I'd have told her not to be daft.", "fairer"),  # dev5
    ("Kinder, definitely. I'm far harder on myself than on anyone else.", "fairer"),  # dev5
    ("huh. bit more against than for when i write it out", "fairer"),  # dev5
    ("I guess I'm still learning and that's normal three weeks in", "fairer"),  # tried
    ("i guess it's not my fault", "fairer"),
    ("i suppose she might have thought i'd say no because i've been so busy", "fairer"),  # another explanation
    ("maybe he just forgot", "fairer"),
    ("i guess one grade isn't the end of the world", "fairer"),  # tried
    ("I suppose they did give me a massive hug this morning", "evidence"),  # tried
    ("i suppose they talk to people all day, they probably don't care", "fairer"),  # tried
    ("i guess it was one bit of feedback not a verdict on me", "fairer"),  # tried
    ("i guess she'd probably want to know so she can help", "fairer"),  # tried, telling a manager
    ("idk maybe they werent laughing at me, jake had just said something funny", "fairer"),  # tried, a class
])
def test_what_doesnt_fit_the_thought_and_a_fairer_view_are_recognised(message: str, expected: str) -> None:
    assert weighing_kind(NORMALISE(message), message) == expected


@pytest.mark.parametrize("message", [
    "but i had a panic attack", "well she said she hates me", "well he told me i was useless",  # more of the same
    "I'm fine", "it was fine until he shouted", "but what if she said no", "it's not my fault, he never listens",
    "i guess she was just tired but it still hurt", "i know. it's just hard", "i guess it's just everything",
    "you're probably right she's just busy. how do i stop checking my phone every five minutes",  # a question
    "well she did say it was fine?", "he forgot my birthday",
    "well i have no friends", "but i had to leave early", "but i got lost on the way",  # more of the story
    "they probably thought i was weird",  # the thought itself, in words that look like another explanation
])
def test_more_of_the_same_a_worry_or_a_question_is_not_weighing(message: str) -> None:
    assert weighing_kind(NORMALISE(message), message) is None


@pytest.mark.parametrize(("asked", "message", "expected"), [
    ("What else could explain what they did?", "i suppose they were busy having fun themselves", "fairer"),  # tried
    ("What else could explain what they did?", "nobody actually said anything to me about it", "fairer"),  # tried
    ("With that in view, what might be a fairer way to see it?", "i suppose one comment isn't the same as getting "
     "fired", "fairer"),  # tried: "fired" is more of the same only when nobody asked for another view
    ("If a good friend had this worry, what would you say to them?", "that it will most likely go ok", "fairer"),
    ("What has happened that doesn't fit that harsh view of you?", "my manager asked me to train the new starter",
     "evidence"),
    ("What else could explain what they did?", "i don't know", None),
    ("What else could explain what they did?", "they probably thought i was weird", None),  # the thought again
    ("What else could explain what they did?", "maybe they just hate me", None),
    ("What else could explain what they did?", "no", None),
    ("What else could explain what they did?", "ya i guess", None),  # tried: agreement, nothing to quote
    ("What would you tell a friend who was grieving this way?", "i keep expecting him at the door when i get home",
     None),  # tried: more of their story, not an answer
    ("What else could explain what happened?", "yeah that's the bit keeping me up", None),  # dev3: weighs nothing
    ("What else could explain what happened?", "Maybe I will search this weekend. Thank you", None),  # dev5: a plan
    ("What else could explain what happened?", "i could be wrong about her", "fairer"),
    ("What would you say to a good friend?", "ok. might try my cousin, she's usually up for a coffee", None),  # a plan
    ("What is the most likely outcome, and how might you cope if it went badly?",
     "she's actually been pretty understanding with other people", "fairer"),  # tried
    ("What else could explain what they did?", "what if they were talking about me", None),
    # the thought check asks for both sides: what fits is not what doesn't fit
    ("Let's look at it the way a fair judge would: what has happened that seems to fit it, and what doesn't fit "
     "it?", "she said i don't take initiative", None),
    ("What do you actually know about what they were thinking?", "one of them was looking at me funny", None),
    ("What was the best part of your day?", "my sister came round for tea", None),  # not asking for a view
])
def test_the_answer_to_our_question_asking_for_another_view_is_that_view(asked: str, message: str,
                                                                         expected: str | None) -> None:
    """Read by what we asked, not by how the person phrases it."""
    assert weighing_kind(NORMALISE(message), message, [f"It sounds like it's been hard. {asked}"]) == expected


@pytest.mark.parametrize(("message", "expected"), [
    ("it still bugs me", "lingering"), ("still feel gross though", "lingering"),  # tried
    ("I still feel on edge", "lingering"), ("still feel a bit better though", None), ("he still hasn't replied", None),
])
def test_the_feeling_still_there_after_a_fairer_view_is_met_as_normal(message: str, expected: str | None) -> None:
    texts = turn_texts()
    assert texts is not None
    assert weighing_kind(NORMALISE(message), message, [texts.fairer[0]]) == expected
    move = choose_move(["everyone probably thought i was weird", "i suppose they were busy", message],
                       [texts.fairer[0]])
    assert (move.id == "turn.lingering") == (expected == "lingering")
    if expected == "lingering" and "on edge" in message:
        assert move.text.startswith("It makes sense that you still feel on edge:")  # the feeling they named
    elif expected == "lingering":
        assert move.text in texts.lingering


def test_evidence_against_the_thought_gets_a_step_towards_a_balanced_thought() -> None:
    texts = turn_texts()
    assert texts is not None
    said = ["Started as a staff nurse three weeks ago and I feel like a complete fraud",
            "That they'll realise I'm not good enough",
            "Well I did pass all my competencies. And the ward manager said I was doing fine"]
    move = choose_move(said, ["It sounds like you're being really hard on yourself right now."])
    assert move.kind == "whole" and move.id == "turn.evidence"
    assert move.text.startswith("So you did pass all your competencies:")  # said back, turned to "you"
    fairer = choose_move([*said, "I guess I'm still learning and that's normal three weeks in"], [move.text])
    assert fairer.id == "turn.fairer"
    assert fairer.text.startswith("“I'm still learning and that's normal three weeks in”")  # their words, quoted
    short = choose_move([*said, "huh. bit more against than for when i write it out"], [move.text])
    assert short.id == "turn.fairer" and short.text in texts.fairer  # nothing to quote in "huh"
    report = choose_move([*said[:2], "Well, last month she said my report was really thorough."], [])
    assert "she said your report was really thorough" in report.text  # "was" turns only after "I"
    resit = choose_move([*said[:2], "well my teacher did say i could resit in november"], [])
    assert "your teacher did say you could resit in November" in resit.text  # one clause, as said
    half = choose_move([*said[:2], "Well, when he started cubs he was nervous and then he was fine."], [])
    assert half.id == "turn.evidence" and half.text in texts.evidence  # half a sentence is not said back
    # a first message is not weighing anything yet, and good news is not a thought being weighed
    assert choose_move([said[2]], []).id != "turn.evidence"
    assert choose_move(["I got the job!!", "well she said I was the best candidate"], []).id != "turn.evidence"


@pytest.mark.parametrize("profile", [*shipped_profiles(), None], ids=lambda p: p.stem if p else "default")
def test_every_turn_text_passes_the_output_rail_of_every_profile(profile: Path | None) -> None:
    rails = Guardrails(load_profile(profile) if profile else default_profile())
    assert [t for t in all_texts() if not rails.check_output_text(t).allowed] == []
    texts = turn_texts()
    assert texts is not None
    harsh = [text.replace("{thought}", thought) for text in texts.thought
             for thought in ("I'm a failure", "Everyone at work thinks I'm useless", "I'm not good enough")]
    assert [t for t in harsh if not rails.check_output_text(t).allowed] == []  # their thought, quoted back
    views = [text.replace("{view}", view) for text in texts.fairer_echoes
             for view in ("I'm still learning and that's normal three weeks in",
                          "It could be for planning her surprise", "I did my best with what I knew then")]
    assert [t for t in views if not rails.check_output_text(t).allowed] == []  # their fairer view, quoted back


def test_every_turn_text_is_short_and_never_speaks_as_a_person() -> None:
    for text in all_texts():
        assert len(text.split()) <= 50, text
        assert not re.search(r"\b(I|I'm|I've|I'd|me|my)\b", text), text


def test_in_a_guided_chat_thanks_gets_the_closing_without_a_model_reflection(engine, guardrails) -> None:
    chat = ChatSession(engine, guardrails, sampling=Sampling(max_tokens=64, temperature=0.3, seed=1),
                       style=ReplyStyle.GUIDED)
    chat.send(STRESS[0]).finish()
    reply = chat.send("thanks, that helps").finish()
    texts = turn_texts()
    assert texts is not None and reply.text in texts.thanks and reply.tokens == 0
    assert chat.messages[-1].content == reply.text


@pytest.mark.parametrize(("message", "thought"), [
    ("ok so like the thought \"i'm a failure\"", "I'm a failure"),  # tried, after "how do I challenge a thought?"
    ("ok so the thought is 'everyone at work thinks i'm useless'", "Everyone at work thinks I'm useless"),  # dev5
    ("The thought was that I'm going to get fired.", "I'm going to get fired"),
    ("I keep having the thought ‘nobody likes me’", "Nobody likes me"),
    ("my thought is i'm not good enough", "I'm not good enough"),
    ("I thought it was fine", None), ("I had a thought about it", None),
    ("but what if the thought is actually true?", None), ("the thought is so loud today", None),
])
def test_a_thought_named_to_be_checked_is_found_in_the_persons_words(message: str, thought: str | None) -> None:
    assert named_thought(message) == thought


def test_a_named_thought_is_checked_against_the_facts_not_asked_for_again() -> None:
    answer = choose_move(["how do i actually challenge a thought? my therapist keeps saying to do it"], [])
    assert answer.kind == "answer" and "Is there a thought you'd like to check" in answer.text
    move = choose_move(["how do i actually challenge a thought?", "ok so like the thought \"i'm a failure\""],
                       [answer.text])
    assert move.id == "turn.thought" and "“I'm a failure”" in move.text and move.text.endswith("?")


def test_an_answer_to_what_the_harsh_voice_says_is_the_thought_to_check() -> None:
    # tried: "That I'm a terrible mother" got "When it comes to your husband, it sounds like you're feeling terrible"
    asked = ["It sounds like you're being really hard on yourself right now. What is the harsh voice saying about you, "
             "in its own words?"]
    assert named_thought("That I'm a terrible mother", asked) == "I'm a terrible mother"
    assert named_thought("That I'm a terrible mother") is None  # only when the thought was asked for
    assert named_thought("that's a good question", asked) is None
    move = choose_move(["I've been snapping at the kids all week and I hate myself for it",
                        "That I'm a terrible mother"], asked)
    assert move.id == "turn.thought" and "“I'm a terrible mother”" in move.text

