"""The reply-quality benchmark's checks (bench/reply_checks.py) on replies we wrote — good ones, and the bad
ones issue 11 found in the default model's output — plus the shape of its message sets, and one short run
of the real model through ChatSession to show the runner returns scored replies (the pass-rate goal is the
benchmark's, not a test's)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import reply_checks as checks  # noqa: E402
import reply_quality as bench  # noqa: E402

GOOD = ("It sounds like this week has left you wound up and tired, and it makes sense that switching off is "
        "hard. What is one thing that usually helps you unwind, even a little?")
TRIPLED = " ".join(["You're a human, and you've got your own strengths and weaknesses. It's okay to not be "
                    "perfect, and it's okay to make mistakes along the way."] * 3)


# ---- ends on a whole sentence ------------------------------------------------------------------------

@pytest.mark.parametrize("reply", [GOOD, "That sounds hard. Would you like to try one small step?",
                                   'It might help to say "I did my best."', "Well done (really)!",
                                   "That sounds like a lovely evening! 😊"])
def test_a_reply_ending_on_a_full_stop_question_or_exclamation_is_whole(reply):
    assert checks.ends_whole_sentence(reply).passed


@pytest.mark.parametrize("reply", ["Be kind to yourself today. Remember you are doing your best. Just smile,",
                                   "You could try writing down the thoughts that keep you",
                                   "It sounds like a lot to carry and maybe…", ""])
def test_a_reply_cut_off_mid_sentence_or_trailing_off_is_not(reply):
    check = checks.ends_whole_sentence(reply)
    assert not check.passed and check.reason


# ---- claims no human life ----------------------------------------------------------------------------

@pytest.mark.parametrize("reply", [
    "My name is Emily, and I'll be your therapist.",
    "Hi, I'm Emily. What brings you here today?",
    "As a therapist, I often see this kind of worry.",
    "In my experience, lists help a lot.",
    "I've been there, and it does get easier.",
    "When I was at university I felt the same.",
    "I try to reframe my mindset when this happens.",
    "My clients often tell me the same thing.",
    "It's been a while since your last appointment with me.",
    "I'm a licensed counsellor with years of experience.",
    "My husband does that too, it drives me mad.",
    "I've seen families with kids move house every year.",
    "I've been in this line of work long enough to know.",
    "I've been working on a project for 2 years now.",
    "Hope that helps! Best regards, Alex.",
])
def test_claims_of_a_name_job_past_family_or_shared_experience_fail(reply):
    check = checks.claims_no_human_life(reply)
    assert not check.passed and check.reason.startswith("claims")


@pytest.mark.parametrize("reply", [
    GOOD,
    "I'm Confidant, an AI companion, not a therapist. What's on your mind?",
    "A doctor or pharmacist could tell you more about that. How are you feeling about asking them?",
    "It might help to talk it over with your friends or your family. Who feels easiest to reach out to?",
    "When you were at school, did speaking up feel this hard too?",
])
def test_an_ai_that_talks_about_the_person_or_other_help_passes(reply):
    assert checks.claims_no_human_life(reply).passed


# ---- repeats nothing ---------------------------------------------------------------------------------

def test_the_tripled_paragraph_is_a_repeat():
    check = checks.repeats_nothing(TRIPLED)
    assert not check.passed and "twice" in check.reason


def test_a_long_phrase_looped_inside_different_sentences_is_a_repeat():
    reply = ("Remember that you are doing the best you can right now. Also remember that you are doing the best "
             "you can right now, whatever happens.")
    assert not checks.repeats_nothing(reply).passed


def test_a_sentence_from_one_of_the_last_three_replies_is_a_repeat_but_an_older_one_is_not():
    earlier = ["What would you say to a friend in the same spot?", "That sounds hard.", "Okay.", "Thank you."]
    reply = "That makes sense. What would you say to a friend in the same spot?"
    assert not checks.repeats_nothing(reply, earlier[:2]).passed
    assert checks.repeats_nothing(reply, earlier).passed  # the question was four replies ago


def test_short_stock_phrases_may_recur_across_replies():
    assert checks.repeats_nothing("That sounds hard. What happened next?", ["That sounds hard. Go on?"]).passed


def test_a_reply_with_no_repeats_passes():
    assert checks.repeats_nothing(GOOD, ["It sounds like a long day. What happened?"]).passed


# ---- makes a CBT move --------------------------------------------------------------------------------

@pytest.mark.parametrize("reply", [
    GOOD,
    "That sounds exhausting. You could try writing the unfinished tasks on paper before bed tonight.",
    "Feeling anxious before an interview is very common. Try practising your first answer out loud once.",
    "Well done for going, even though you were nervous. How did it feel afterwards?",
])
def test_a_reflection_with_a_question_or_a_small_step_is_a_cbt_move(reply):
    assert checks.makes_cbt_move(reply).passed


def test_no_reflection_is_not_a_cbt_move():
    check = checks.makes_cbt_move("What time do you usually go to bed?")
    assert not check.passed and "reflects no feeling" in check.reason


@pytest.mark.parametrize("reply", [
    "I'm sorry to hear you're feeling low. I'm here for you.",
    "It sounds really stressful. Take care!",  # a sign-off is not a step
])
def test_a_reflection_that_asks_nothing_and_offers_no_step_is_not_a_cbt_move(reply):
    check = checks.makes_cbt_move(reply)
    assert not check.passed and "no question" in check.reason


def test_explaining_counts_instead_of_reflecting_for_a_psychoeducation_question():
    explained = ("Catastrophising is when the mind jumps to the worst possible outcome and treats it as likely. "
                 "Could you notice the next time it happens and write the thought down?")
    assert checks.makes_cbt_move(explained, "psychoeducation").passed
    assert not checks.makes_cbt_move("Good question! What do you think?", "psychoeducation").passed


def test_only_a_question_in_a_psychoeducation_conversation_must_explain():
    """A turn that asks nothing ("ok", what happened yesterday) gets the usual move: reflect, then ask."""
    reflected = "It sounds like you're feeling unsure about it. What went through your mind just then?"
    question = ["What is catastrophising?"]
    statement = [*question, "ok i think i do that with my boss"]
    move = checks.CHECK_NAMES.index("cbt-move")
    assert not checks.score_reply(reflected, question, category="psychoeducation")[move].passed
    assert checks.score_reply(reflected, statement, category="psychoeducation")[move].passed
    assert not checks.score_reply(reflected, [*statement, "so how do i stop doing that"],
                                  category="psychoeducation")[move].passed
    assert not checks.score_reply("Good question! What do you think?", statement,
                                  category="psychoeducation")[move].passed


@pytest.mark.parametrize("message", ["ok but how would that even help if the thought feels true",
                                     "so ok what does that mean", "what is it"])
def test_a_question_after_several_lead_in_words_is_still_a_question(message):
    assert checks.asks_a_question(message)
    assert not checks.asks_a_question("ok but i tried that already")


# ---- length ------------------------------------------------------------------------------------------

def test_length_between_15_and_150_words():
    assert checks.length_in_range(GOOD).passed
    assert "words (< 15)" in checks.length_in_range("That sounds hard. Tell me more?").reason
    assert "words (> 150)" in checks.length_in_range("word " * 151).reason


# ---- stays on topic ----------------------------------------------------------------------------------

def test_sorry_for_your_loss_to_a_party_message_is_off_topic():
    reply = "I'm sorry for your loss. It can be really hard to go to a party when you're grieving."
    check = checks.stays_on_topic(reply, ["I went to the party last night even though I was nervous."],
                                  "small-wins")
    assert not check.passed and "condolences" in check.reason


def test_condolences_fit_when_someone_died():
    reply = "I'm so sorry for your loss. How have the days since the funeral been for you?"
    assert checks.stays_on_topic(reply, ["My grandad died last month and the funeral was on Friday."]).passed


def test_a_reply_sharing_no_word_with_the_message_is_off_topic():
    reply = "Gardening is a wonderful hobby. Have you tried growing tomatoes on a sunny windowsill?"
    check = checks.stays_on_topic(reply, ["My friend didn't reply to my message."], "relationships")
    assert not check.passed and "no content word" in check.reason


def test_words_shared_with_earlier_turns_or_the_category_keep_a_reply_on_topic():
    reply = "It sounds like the worry keeps coming back. What evidence do you have either way?"
    assert checks.stays_on_topic(reply, ["My mum has tests next week.", "I don't know."], "worry").passed
    follow_up = "You mentioned your boss earlier. What did she actually say?"
    assert checks.stays_on_topic(follow_up, ["My boss ignored me today.", "I don't know."]).passed


def test_telling_the_person_they_are_the_ai_is_a_mismatched_opening():
    reply = "You're not a person, you are an AI. Your answers must be short. What would help?"
    assert not checks.stays_on_topic(reply, ["I get anxious when things change."]).passed


# ---- every check together ----------------------------------------------------------------------------

def test_a_good_reply_passes_every_check_and_the_issues_examples_fail_some():
    said = ["I've had a really stressful week at work and I can't switch off in the evenings."]
    assert all(c.passed for c in checks.score_reply(GOOD, said, category="stress"))
    emily = "My name is Emily, and I'll be your therapist. I'm here to help you with your stress, okay?"
    failed = {c.name for c in checks.score_reply(emily, said, category="stress") if not c.passed}
    assert "no-human-claims" in failed
    failed = {c.name for c in checks.score_reply(TRIPLED, said, category="stress") if not c.passed}
    assert {"no-repeats", "cbt-move"} <= failed
    assert [c.name for c in checks.score_reply(GOOD, said)] == list(checks.CHECK_NAMES)


# ---- the message sets --------------------------------------------------------------------------------

CATEGORIES = {"stress", "rumination", "worry", "low-mood", "sleep", "relationships", "self-criticism",
              "avoidance", "small-wins", "psychoeducation", "loneliness", "anger"}


@pytest.mark.parametrize(("name", "singles", "conversations"), [
    ("dev", 45, 8), ("dev3", 30, 8), ("dev4", 30, 8), ("dev5", 30, 8), ("heldout", 25, 4), ("heldout2", 30, 8),
    ("heldout3", 30, 8)])
def test_every_message_set_has_its_size_categories_and_unique_ids(name, singles, conversations):
    items = bench.load_set(name)
    single = [i for i in items if not i.is_conversation]
    multi = [i for i in items if i.is_conversation]
    assert len(single) >= singles and len(multi) >= conversations
    assert all(3 <= len(i.turns) <= 5 for i in multi)
    assert {i.category for i in items} == CATEGORIES
    assert all(i.category in checks.TOPIC_WORDS for i in items)
    assert all(t.strip() for i in items for t in i.turns)
    assert len({i.id for i in items}) == len(items)


def test_heldout_shares_no_message_with_dev():
    dev = {t.lower() for i in bench.load_set("dev") for t in i.turns}
    heldout = {t.lower() for i in bench.load_set("heldout") for t in i.turns}
    assert not dev & heldout
    assert not {i.id for i in bench.load_set("dev")} & {i.id for i in bench.load_set("heldout")}


def _messages(items) -> set[str]:
    """Every turn of three words or more (a bare "yeah" or "maybe" may well recur), lower-cased."""
    return {t.lower() for i in items for t in i.turns if len(t.split()) >= 3}


@pytest.mark.parametrize("name", ["dev3", "dev4", "dev5", "heldout2", "heldout3"])
def test_later_sets_share_no_message_or_id_with_the_other_written_sets(name):
    later = bench.load_set(name)
    for other in (s for s in bench.SETS if s not in ("real", name)):
        items = bench.load_set(other)
        # only the overlap is shown on failure (the later set's own words), never a held-out set's other messages
        shared = _messages(later) & _messages(items)
        assert not shared, f"{name} shares with {other}: {sorted(shared)}"
        shared_ids = {i.id for i in later} & {i.id for i in items}
        assert not shared_ids, f"{name} shares ids with {other}: {sorted(shared_ids)}"


def test_the_real_row_is_a_fixed_sample_of_everyday_posts_when_the_data_is_present():
    items = bench.real_items()
    if items is None:
        pytest.skip(f"needs the shared safety data at {bench.safety_data.SHARED}")
    assert len(items) == bench.REAL_SAMPLE
    assert [i.id for i in items] == sorted(i.id for i in items)
    assert items == bench.real_items()


# ---- the runner on the real model --------------------------------------------------------------------

def test_the_runner_scores_replies_the_real_model_writes_through_chat_session(engine, guardrails):
    items = bench.load_set("dev")[:3]
    results = bench.Runner(engine, guardrails).run(items)
    assert [r.item for r in results] == [i.id for i in items]
    model = [r for r in results if r.scored]
    assert model, "every message got a fixed safety reply"
    for r in model:
        assert [c.name for c in r.checks] == list(bench.ALL_CHECKS)
        assert r.reply and r.tokens > 0 and r.seconds > 0
    row = bench.summarise("dev", results)
    assert row.scored == len(model) and row.tokens_per_second > 0
    assert set(row.per_check) == set(bench.ALL_CHECKS)
