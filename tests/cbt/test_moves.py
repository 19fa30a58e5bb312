"""The curated half of a guided reply (app.cbt.moves, assets/cbt/moves.toml): topics found from word cues,
follow-ups keeping the conversation's topic, a ladder of moves that never repeats a recent reply, thinking-trap
questions, short answers to questions about CBT, the feeling lexicon, and the content's own rules — every text
passes every shipped profile's output rail, stays short, and a damaged file is reported with file and line.

Topic detection is measured on labelled messages in tests/cbt/data: `topics_dev.tsv` (the cues were tuned on
it) and `topics_fresh.tsv` (written after tuning, never tuned on — the honest figure). The same person wrote
the cues and both sets. Run with -s to see the figures and the misses.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from app.cbt.content import TOPICS, ContentError, content_dir, load_content
from app.cbt.moves import Move, choose_move, detect_topic, feeling_valence, feeling_words, follow_ups
from app.safety import Guardrails, default_profile, load_profile, shipped_profiles

DATA = Path(__file__).parent / "data"
BOOK = load_content().moves


def labelled(split: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / f"topics_{split}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            topic, text = line.split("\t")
            rows.append((topic, text.strip()))
    return rows


def all_texts() -> list[tuple[str, str]]:
    texts = []
    for topic in BOOK.topics:
        texts.append((f"{topic.id}.reflection", topic.fallback_reflection))
        texts += [(move.id, move.text) for move in topic.moves]
    texts += [(trap.move.id, trap.move.text) for trap in BOOK.traps.values()]
    texts += [(answer.move.id, answer.move.text) for answer in BOOK.answers]
    texts += [(follow.move.id, follow.move.text) for follow in follow_ups().values()]
    return texts


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?=\s|$)", text))


# ---- topic detection ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("split", "floor"), [("dev", 0.95), ("fresh", 0.70)])
def test_topic_detection_reaches_its_measured_accuracy(split: str, floor: float) -> None:
    """Measured: dev 96/97 (tuned on it; 4 grief rows added with the grief topic, one read as stress), fresh
    40/52 = 77% (never tuned on; 38 before the leaning words of assets/cbt/guided/topic_words.toml, which were
    written without reading it; it predates the grief topic and has no grief rows). Most fresh misses fall back to
    "general" (no cue found), which costs only a more open question; the rest pick a neighbouring topic."""
    rows = labelled(split)
    written_for = set(TOPICS) - ({"grief"} if split == "fresh" else set())  # fresh predates the grief topic
    assert len(rows) >= 40 and {topic for topic, _ in rows} == written_for
    misses = [(gold, detect_topic([text])[0].id, text) for gold, text in rows
              if detect_topic([text])[0].id != gold]
    accuracy = 1 - len(misses) / len(rows)
    print(f"\n{split}: {len(rows) - len(misses)}/{len(rows)} = {accuracy:.0%}")
    for gold, got, text in misses:
        print(f"  {gold} -> {got}: {text}")
    assert accuracy >= floor


@pytest.mark.parametrize(("message", "topic"), [
    ("my grandad died last month and I still can't believe it", "grief"),
    ("My old cat had to be put to sleep on Friday.", "grief"),  # was read as sleep
    ("my phone died", "general"), ("I can't fall asleep", "sleep"),
])
def test_a_loss_is_grief_and_a_flat_battery_is_not(message: str, topic: str) -> None:
    assert detect_topic([message])[0].id == topic
    assert detect_topic(["My toddler has been screaming all day", "he's asleep now"])[0].id != "sleep"


@pytest.mark.parametrize(("message", "topic"), [
    ("tried on jeans in a shop today and none of them fit", "self-criticism"),  # tried: was a small win ("today")
    ("i look huge in all of them", "self-criticism"), ("I hate my body", "self-criticism"),
    ("i know it's stupid to care this much about how i look", "self-criticism"),
    ("my dad always makes little comments about my weight at family dinners", "relationships"),  # dev: his words
])
def test_the_harsh_voice_about_how_someone_looks_is_self_criticism(message: str, topic: str) -> None:
    assert detect_topic([message])[0].id == topic


def test_a_bad_day_is_not_good_news_and_mixed_news_takes_what_comes_after_but() -> None:
    assert detect_topic(["ugh today was sooo bad"])[0].id != "small-wins"  # tried: "today" goes with good news
    assert detect_topic(["today was great"])[0].id == "small-wins"
    assert detect_topic(["i'm happy for him but i'm gutted"])[0].id == "low-mood"  # tried: a friend moving away
    assert detect_topic(["I was nervous but it went really well"])[0].id == "small-wins"


def test_a_feeling_word_that_names_a_thing_is_not_their_feeling() -> None:
    assert feeling_words("I sit in my flat and scroll my phone all day") == set()  # the flat they live in
    assert feeling_words("I feel flat") == {"flat"}


def test_a_message_with_no_cue_takes_the_topic_its_words_lean_towards() -> None:
    assert detect_topic(["Even when I'm with people I'm on the outside looking in."])[0].id == "loneliness"
    assert detect_topic(["Been a grey sort of week."])[0].id == "low-mood"
    assert detect_topic(["the bus was late"])[0].id == "general"  # no leaning words: the general topic
    # a cue anywhere in the conversation comes first: "I don't know" keeps the worry, "outside" or not
    assert detect_topic(["I'm so worried about the results", "I don't know, I was outside"])[0].id == "worry"


def test_detection_returns_the_words_that_showed_the_topic() -> None:
    topic, cue = detect_topic(["I'm dreading the presentation tomorrow"])
    assert topic.id == "worry" and cue is not None and "dread" in cue
    topic, cue = detect_topic(["hello"])
    assert topic.id == "general" and cue is None


@pytest.mark.parametrize(("conversation", "expected"), [
    (["I'm dreading my presentation tomorrow", "I don't know"], "worry"),
    (["My friend hasn't replied in two days, she must be annoyed with me", "yeah maybe"], "social"),
    (["I keep putting off my tax return", "ok", "not sure really"], "avoidance"),
    (["I couldn't sleep again last night", "I guess so"], "sleep"),
    (["My partner and I had a huge row", "I'm so angry at him"], "anger"),  # a new cue moves the topic on
    (["hi", "I don't know"], "general"),
    ([], "general"),
])
def test_a_follow_up_without_cues_keeps_the_conversations_topic(conversation: list[str], expected: str) -> None:
    assert detect_topic(conversation)[0].id == expected


def test_a_context_word_alone_does_not_take_a_conversation_off_its_topic() -> None:
    # "tomorrow" goes with worry but names no topic: the conversation about a friend stays about her
    conversation = ["My friend hasn't replied in two days, she must be annoyed with me",
                    "maybe I'll ask her at lunch tomorrow if we're ok"]
    assert detect_topic(conversation)[0].id == detect_topic(conversation[:1])[0].id != "worry"
    assert detect_topic(conversation[1:])[0].id == "worry"  # on its own, the context word still leans
    # a real cue in the latest message still changes the topic
    assert detect_topic([conversation[0], "I'm so worried about the interview tomorrow"])[0].id == "worry"


def test_someone_new_to_the_conversation_is_a_new_subject() -> None:
    # "my partner" is only a context word for relationships, but nobody had mentioned a partner: the message
    # is about her, not about the sleep the conversation was on
    conversation = ["It's 3am and I'm wide awake again.", "My partner says I'm too sensitive. Maybe she's right."]
    assert detect_topic(conversation[:1])[0].id == "sleep"
    assert detect_topic(conversation)[0].id == "relationships"
    # the same person mentioned again goes on with the conversation's topic
    going_on = ["I can't sleep, I lie awake for hours next to my partner.", "my partner says I'm overreacting"]
    assert detect_topic(going_on[:1])[0].id == detect_topic(going_on)[0].id == "sleep"


def test_not_leaving_the_house_for_days_is_low_mood_even_after_an_answer() -> None:
    # no cue used to match, so it took the answer's follow-up ("For stress, the help is usually practical...")
    question = "What's the difference between anxiety and stress?"
    answer = choose_move([question], [])
    message = "I haven't left the house in four days."
    assert detect_topic([question, message])[0].id == "low-mood"
    assert choose_move([question, message], [answer.text]).topic == "low-mood"


@pytest.mark.parametrize(("message", "expected"), [
    ("I finally booked the dentist appointment I'd been putting off for a year!", "small-wins"),
    ("Managed to open the letters I'd been avoiding since March.", "small-wins"),
    ("I keep putting off booking the dentist.", "avoidance"),
    ("I finally admitted to myself that I'm avoiding the letters.", "avoidance"),  # said, not done
])
def test_doing_the_thing_that_was_put_off_is_a_small_win(message: str, expected: str) -> None:
    topic, _ = detect_topic([message])
    assert topic.id == expected
    if expected == "small-wins":
        assert "hard to face" not in choose_move([message], []).text


def test_topics_carry_a_valence() -> None:
    assert detect_topic(["My presentation went really well today!"])[0].valence == "positive"
    assert detect_topic(["What is a thought record?"])[0].valence == "neutral"
    assert detect_topic(["I feel so low"])[0].valence == "negative"


# ---- choosing a move ----------------------------------------------------------------------------------------


def reply(move: Move) -> str:
    """What the guided style shows: a reflection, then the move."""
    return f"It sounds like this has been hard. {move.text}"


def test_a_conversation_walks_up_the_ladder_and_never_repeats_a_recent_reply() -> None:
    worry = BOOK.topic("worry")
    messages = ["I'm worried about tomorrow's meeting"]
    replies: list[str] = []
    chosen = []
    for follow_up in ["not sure", "I guess it could go ok", "maybe", "yeah", "I don't know", "ok", "hmm"]:
        move = choose_move(messages, replies[-4:])
        assert all(move.text not in r for r in replies[-4:])
        chosen.append(move.id)
        replies.append(reply(move))
        messages.append(follow_up)
    ids = [m.id for m in worry.moves]
    assert chosen[:len(ids)] == ids  # explore → evidence → another view → small steps
    assert chosen[len(ids)] == ids[0]  # then round again, once the first has left the recent replies


def test_a_follow_up_moves_on_from_the_move_already_used() -> None:
    first = choose_move(["I keep replaying the argument in my head"], [])
    second = choose_move(["I keep replaying the argument in my head", "I don't know"], [reply(first)])
    rungs = [m.id for m in BOOK.topic("rumination").moves]
    assert first.topic == second.topic == "rumination"
    assert rungs.index(second.id) == rungs.index(first.id) + 1


@pytest.mark.parametrize("split", ["dev", "fresh"])
def test_no_message_gets_a_move_that_is_in_the_recent_replies(split: str) -> None:
    for _, text in labelled(split):
        replies: list[str] = []
        for _ in range(5):
            move = choose_move([text, "I don't know"], replies[-3:])
            assert move.text and all(move.text not in r for r in replies[-3:]), (text, move.id)
            replies.append(reply(move))


def test_a_thinking_trap_in_the_latest_message_gets_a_gentle_question_about_it() -> None:
    move = choose_move(["My friend hasn't texted back, she must think I'm boring"], [])
    assert move.id == "trap.mind-reading" and move.kind == "question" and move.topic == "social"
    after = choose_move(["My friend hasn't texted back, she must think I'm boring"], [reply(move)])
    assert after.id.startswith("social.")  # asked once, then the ladder


def test_cue_words_that_mean_something_else_do_not_raise_a_trap() -> None:
    assert not choose_move(["I had a row with my sister, what should I do?"], []).id.startswith("trap.")
    assert not choose_move(["I went for a run and always feel better after"], []).id.startswith("trap.")
    # dev5: "only got to bed at 11am" is a short night, not a good thing brushed aside
    assert choose_move(["Night shift again. I only got to bed at 11am"], []).id != "trap.discounting-the-positive"
    assert choose_move(["I feel rubbish, she only said it to be polite"], []).id == "trap.discounting-the-positive"


@pytest.mark.parametrize(("question", "answer"), [
    ("What is catastrophising?", "answer.catastrophising"),
    ("what's a thought record", "answer.thought-record"),
    ("Does CBT actually work?", "answer.does-cbt-work"),
    ("How does CBT work?", "answer.cbt"),
    ("Why do I always wake at 4am?", "answer.early-waking"),
    ("What is worry time?", "answer.worry-time"),
    ("What are thinking traps?", "answer.thinking-traps"),
    ("why does my brain always jump straight to the worst case", "answer.catastrophising"),  # dev5
])
def test_a_question_about_cbt_gets_a_curated_answer_ending_in_a_question(question: str, answer: str) -> None:
    move = choose_move([question], [])
    assert (move.id, move.kind, move.topic) == (answer, "answer", "psychoeducation")
    assert move.text.endswith("?") and 2 <= sentences(move.text) <= 3
    again = choose_move([question], [reply(move)])
    assert again.id != move.id and again.topic == "psychoeducation"


@pytest.mark.parametrize(("question", "answer"), [
    ("how would mindfulness help me at work?", "answer.mindfulness"),
    ("Is grounding something I can do on the bus?", "answer.grounding"),
    ("is catastrophising the same as worrying?", "answer.catastrophising"),
])
def test_a_question_naming_a_term_gets_its_answer_even_in_other_words(question: str, answer: str) -> None:
    assert choose_move([question], []).id == answer


def test_a_statement_naming_a_term_is_not_answered_as_a_question() -> None:
    assert choose_move(["I tried mindfulness and it was rubbish"], []).kind != "answer"


def test_an_answer_is_only_given_for_the_latest_message() -> None:
    move = choose_move(["What is worry time?", "ok, and I worry about work a lot"], [])
    assert move.kind != "answer"


# ---- the feeling lexicon ------------------------------------------------------------------------------------


def test_feeling_words_are_found_with_their_valence() -> None:
    assert feeling_words("I'm feeling anxious and a bit on edge today") == {"anxious", "on edge"}
    assert feeling_words("Honestly I'm relieved and kind of proud") == {"relieved", "proud"}
    assert feeling_words("I went to the shop") == set()
    assert feeling_valence("anxious") == "negative" and feeling_valence("Proud") == "positive"
    assert feeling_valence("table") is None
    valences = list(BOOK.feelings.values())
    assert len(valences) >= 80 and valences.count("positive") >= 30 and valences.count("negative") >= 60


# ---- the content itself -------------------------------------------------------------------------------------


def test_the_shipped_moves_are_complete() -> None:
    assert [t.id for t in BOOK.topics] == list(TOPICS) and len(TOPICS) >= 14
    for topic in BOOK.topics:
        kinds = {m.kind for m in topic.moves}
        assert len(topic.moves) >= 5 and kinds == {"question", "step"}, topic.id
        assert topic.valence in {"negative", "positive", "neutral"} and topic.fallback_reflection
        assert (topic.cues is None) == (topic.id == "general")
    assert len(BOOK.answers) >= 10 and len(BOOK.traps) == 10
    ids = [text_id for text_id, _ in all_texts()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("profile", [*shipped_profiles(), None], ids=lambda p: p.stem if p else "default")
def test_every_curated_text_passes_the_output_rail_of_every_profile(profile: Path | None) -> None:
    """Nothing curated would be withheld if the model had said it: no diagnosis, no medicines, no human
    claims, nothing unsafe, under every shipped profile and the default."""
    rails = Guardrails(load_profile(profile) if profile else default_profile())
    flagged = [(where, rails.check_output_text(text).rule) for where, text in all_texts()
               if not rails.check_output_text(text).allowed]
    assert flagged == []


def test_every_text_is_short_plain_and_never_about_a_life() -> None:
    for where, text in all_texts():
        words = len(text.split())
        if where.startswith(("answer.", "follow-up.")):
            assert 2 <= sentences(text) <= 3 and words <= 60 and text.endswith("?"), where
        else:
            assert 1 <= sentences(text) <= 2 and words <= 40, where
        assert not re.search(r"\b(I|I'm|I've|I'd|me|my)\b", text), where  # never speaks as a person


# ---- a damaged moves.toml -----------------------------------------------------------------------------------


def damaged(tmp_path: Path, old: str, new: str) -> tuple[str, list]:
    folder = tmp_path / "cbt"
    shutil.copytree(content_dir(), folder)
    path = folder / "moves.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return text, caught.value.problems


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_bad_valence_and_a_bad_move_are_each_located(tmp_path: Path) -> None:
    text, problems = damaged(tmp_path, 'valence = "positive"', 'valence = "happy"')
    (problem,) = problems
    assert (problem.file, problem.field) == ("moves.toml", "topics.small-wins.valence")
    assert problem.line == line_of(text, 'valence = "happy"') and "must be one of" in problem.message
    header = "[topics.sleep.moves.get-up]"
    text, problems = damaged(tmp_path / "2", f"{header}\nstep =", f"{header}\ntip =")
    (problem,) = problems
    assert problem.field == "topics.sleep.moves.get-up" and problem.line == line_of(text, header)
    assert 'question = "..." or step = "..."' in problem.message


def test_a_bad_cue_and_a_missing_topic_are_each_located(tmp_path: Path) -> None:
    text, problems = damaged(tmp_path, 'cues = ["lonely",', 'cues = ["lonely (very)",')
    found = {p.field: p for p in problems}
    cue = found["topics.loneliness.cues.0"]
    assert cue.file == "moves.toml" and cue.line == line_of(text, '"lonely (very)"') and "brackets" in cue.message
    text, problems = damaged(tmp_path / "2", "[topics.anger", "[topics.rage")
    found = {p.field: p for p in problems}
    assert "[topics.anger] is missing" in found["topics"].message
    assert found["topics.rage"].line == line_of(text, "[topics.rage]") and "not a topic" in found["topics.rage"].message


def test_broken_toml_in_moves_gives_the_line(tmp_path: Path) -> None:
    _, problems = damaged(tmp_path, 'name = "Sleep"', 'name = "Sleep')
    (problem,) = problems
    assert problem.file == "moves.toml" and "not valid TOML" in problem.message
    assert problem.line is not None and problem.line > 1


def test_a_feeling_listed_twice_with_different_valences_is_refused(tmp_path: Path) -> None:
    _, problems = damaged(tmp_path, 'positive = ["happy",', 'positive = ["anxious", "happy",')
    assert any(p.field == "feelings.positive" and "both negative and positive" in p.message for p in problems)


def test_asking_what_to_do_gets_a_small_step_from_the_conversations_topic() -> None:
    said = ["I had a stressful day and I keep replaying a meeting in my head.",
            "What is one small thing I could do this evening to unwind?"]
    topic, _ = detect_topic(said)
    move = choose_move(said, [])
    assert topic.id != "psychoeducation" and move.topic == topic.id
    assert move.kind == "step"
    assert choose_move(["Work is piling up, any tips?"], []).kind == "step"
    # a follow-up asking for the next step ("then what") gets one from the conversation's topic
    follow_up = ["i keep thinking about the stuff i didnt finish today", "ok i could write it down i guess. then what"]
    move = choose_move(follow_up, [])
    assert move.kind == "step" and move.topic == detect_topic(follow_up)[0].id == "rumination"


def test_a_question_about_cbt_still_gets_its_answer() -> None:
    assert choose_move(["I keep worrying.", "What is catastrophising?"], []).kind == "answer"


# Everyday questions a person asks a CBT companion about their own mind, written by us. The output rail reads
# a reply with the message it answers, and a "why do I…?" or "am I…?" question is close to asking for a
# diagnosis — but a curated answer about thinking traps is not one ("what is the most likely outcome?").
EVERYDAY_QUESTIONS = [
    "Why do I always assume the worst?",
    "Why do I keep putting things off until the last minute?",
    "Am I overthinking this?",
    "Is it normal to feel anxious before a presentation?",
    "What is wrong with me? I can't focus on anything.",
    "Why do I feel so tired all the time?",
    "Do you think I'm too hard on myself?",
    "Why do I get so nervous around new people?",
]


@pytest.mark.parametrize("message", EVERYDAY_QUESTIONS)
def test_curated_texts_pass_as_answers_to_everyday_questions_about_the_mind(message: str) -> None:
    rails = Guardrails(default_profile())
    flagged = [(where, rails.check_output_text(text, message).rule) for where, text in all_texts()
               if not rails.check_output_text(text, message).allowed]
    assert flagged == []


# ---- after an answer, and runs of short follow-ups (new wording: bench/data/reply_quality/dev2.toml) ---------


def test_every_answer_with_a_follow_up_exists_and_the_default_is_there() -> None:
    table = follow_ups()
    answers = {answer.move.id for answer in BOOK.answers}
    assert "default" in table and len(table) >= 30
    assert set(table) - {"default"} <= answers
    assert all(topic in TOPICS for follow in table.values() for topic in follow.topics)


def test_a_message_going_on_from_an_answer_gets_how_the_idea_is_used() -> None:
    question = "How does anxiety work?"
    answer = choose_move([question], [])
    assert answer.id == "answer.anxiety-cycle"
    replies = [answer.text]
    asked = choose_move([question, "right, so how would that work for me?"], replies)
    assert asked.id == "follow-up.anxiety-cycle" and asked.kind == "answer"  # a question: answered, not reflected
    said = choose_move([question, "yes, I avoid the gym because of it"], replies)
    assert said.id == "follow-up.anxiety-cycle" and said.kind == "step"  # the idea's own topic: reflected first
    assert choose_move([question, "ok"], replies).id == "follow-up.anxiety-cycle"
    # something new gets its own topic's move, and the follow-up is not given twice
    assert not choose_move([question, "my flatmate shouted at me this morning"], replies).id.startswith("follow-up.")
    # after the follow-up, a further question gets the next idea's answer; anything else goes on by the topic
    assert choose_move([question, "ok", "and then?"], [answer.text, asked.text]).id == "answer.exposure"
    after = choose_move([question, "ok", "fair enough"], [answer.text, asked.text])
    assert not after.id.startswith(("follow-up.", "answer.")) and after.topic == "worry"


def test_an_answer_without_a_follow_up_of_its_own_gets_the_default() -> None:
    answer = choose_move(["What are safety behaviours?"], [])
    follow = choose_move(["What are safety behaviours?", "I don't really get it"], [answer.text])
    assert follow.id == "follow-up.default"
    # a further question after the default follow-up is answered too: how to look at one moment
    then = choose_move(["What are safety behaviours?", "I don't really get it", "so what do I do when that happens?"],
                       [answer.text, follow.text])
    assert then.id == "answer.thought-record"


def test_after_an_answer_the_conversation_goes_on_in_the_ideas_topic() -> None:
    assert detect_topic(["is this sadness or depression?", "ok"])[0].id == "low-mood"
    assert detect_topic(["what is worry time?", "hmm"])[0].id == "worry"


def test_a_bare_follow_up_question_names_no_topic_of_its_own() -> None:
    # "work" in "how would that work" is not about a job
    opening = "I keep replaying what I said at the party"
    assert detect_topic([opening, "how would that work for me?"])[0].id == "rumination"
    assert detect_topic([opening, "so what should I do about it?"])[0].id == "rumination"


def test_a_run_of_short_follow_ups_keeps_the_topic_the_replies_were_on() -> None:
    first = choose_move(["I've felt so low this week"], [])
    assert first.topic == "low-mood"
    replies = [f"It sounds like you're feeling low. {first.text}"]
    # the opening message has left the few messages passed; the last reply still says what this is about
    assert detect_topic(["yeah", "idk"], recent_replies=replies)[0].id == "low-mood"
    assert choose_move(["yeah", "idk", "nothing really"], replies).topic == "low-mood"
    assert detect_topic(["yeah", "idk"])[0].id == "general"  # without the replies there is nothing to go on
