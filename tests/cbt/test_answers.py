"""Short curated answers to questions about CBT (assets/cbt/moves.toml, [answers.*]; app.cbt.moves).

An answer replaces the whole guided reply, reflection included, so its cues must only catch questions: each
answer is reached by several everyday phrasings written here, and a message that only mentions the word
("I tried mindfulness and it was rubbish") keeps its topic and gets a reflection and a question instead of a
definition. The one deliberate exception: naming a thinking trap as one's own ("I think I do the mind reading
one a lot", usually after reading the list) gets that trap's answer, whose closing question asks where it
shows up. The house rules for the texts themselves, including every shipped profile's output rail, are
checked for every answer in tests/cbt/test_moves.py.

The phrasings were written by the same person who wrote the cues, so reaching them shows the cues cover the
intended wordings, not how often real people are understood; tests/cbt/test_moves.py and the reply benchmark
(bench/reply_quality.py) measure that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cbt.content import load_content
from app.cbt.moves import choose_move, detect_topic
from app.safety import Guardrails, default_profile, load_profile, shipped_profiles

DATA = Path(__file__).parent / "data"
CONTENT = load_content()
BOOK = CONTENT.moves

# Every answer, with phrasings that must reach it: questions, casual and lowercase, with and without "?".
PHRASINGS: dict[str, list[str]] = {
    "thinking-traps": ["What are thinking traps?", "what's a cognitive distortion",
                       "what kinds of thinking traps are there"],
    "catastrophising": ["What is catastrophising?", "what does catastrophizing mean", "am I catastrophising?"],
    "mind-reading": ["What is mind reading?", "mind reading meaning", "is that mind reading?"],
    "all-or-nothing": ["what is black and white thinking", "What's all or nothing thinking?",
                       "explain all or nothing thinking"],
    "should-statements": ["What are should statements?", "what's wrong with should", "explain should statements"],
    "emotional-reasoning": ["What is emotional reasoning?", "are feelings facts?", "emotional reasoning meaning"],
    "cbt": ["What is CBT?", "how does cbt work", "what does CBT stand for?", "what's the cbt triangle",
            "how are thoughts, feelings and behaviours connected?"],
    "does-cbt-work": ["Does CBT actually work?", "will this really help", "is cbt just positive thinking?"],
    "thought-record": ["What's a thought record?", "how do I do a thought record", "how do thought records work?"],
    "behavioural-activation": ["What is behavioural activation?", "why does doing things help?",
                               "does being active help?"],
    "worry-time": ["What is worry time?", "how do I stop worrying?", "how to stop worrying"],
    "sleep-habits": ["How can I sleep better?", "any tips for sleep?", "how do I fall asleep"],
    "early-waking": ["Why do I always wake up at 4am?", "why do I keep waking in the night",
                     "is it normal to wake up at 5am every day?"],
    "anxiety-cycle": ["What is anxiety?", "why do I get so anxious", "how does anxiety work?"],
    "avoidance": ["Why do I procrastinate?", "why do I put things off", "how do I stop avoiding things?"],
    "rumination": ["What is rumination?", "why do I overthink everything", "why can't I stop thinking about it?"],
    # ---- added for issue 11 ----
    "fortune-telling": ["What is fortune telling?", "what does fortune telling mean in cbt",
                        "is that fortune telling?", "why do I always think things will go wrong?"],
    "labelling": ["What is labelling?", "labelling meaning", "why do I call myself an idiot all the time?"],
    "personalisation": ["What is personalisation?", "what does personalization mean",
                        "why do I blame myself for everything?", "why does everything feel like my fault"],
    "discounting-the-positive": ["What's discounting the positive?", "explain discounting the positive",
                                 "why can't I take a compliment?", "why do I brush off compliments"],
    "overgeneralisation": ["What is overgeneralisation?", "what does overgeneralizing mean",
                           "why do I say always and never so much?"],
    "mindfulness": ["What is mindfulness?", "how do I practise mindfulness", "does mindfulness actually work?",
                    "mindfulness meaning", "how does mindfulness help with anxiety?", "tell me about mindfulness"],
    "grounding": ["What is grounding?", "whats the 5-4-3-2-1 thing", "how do I ground myself when I panic?",
                  "what are grounding techniques", "explain the 5 4 3 2 1 technique"],
    "slow-breathing": ["Why does slow breathing help?", "does deep breathing actually work?",
                       "how should I breathe when I'm anxious", "what is box breathing?",
                       "do breathing exercises really help"],
    "core-beliefs": ["What are core beliefs?", "core beliefs meaning", "how do I change a core belief?",
                     "where do core beliefs come from"],
    "automatic-thoughts": ["What are automatic thoughts?", "what's a negative automatic thought",
                           "how do I stop negative thoughts", "why do I have negative thoughts all the time?"],
    "balanced-thought": ["What is a balanced thought?", "how do I challenge my thoughts?",
                         "how do I come up with a balanced thought", "what counts as evidence?",
                         "how do I reframe things"],
    "exposure": ["What is exposure therapy?", "how do I face my fears?", "what is graded exposure",
                 "how can I get over my fear of driving?", "does exposure really work"],
    "safety-behaviours": ["What are safety behaviours?", "what's a safety behavior", "is that a safety behaviour?"],
    "self-compassion": ["What is self-compassion?", "how do I stop being so hard on myself?",
                        "how do I stop beating myself up", "how can I be kinder to myself",
                        "isn't self compassion just self pity?"],
    "panic-attack": ["What is a panic attack?", "how long do panic attacks last?", "why do panic attacks stop",
                     "am I having a panic attack?", "what happens in a panic attack", "how do I stop a panic attack"],
    "stress-vs-anxiety": ["What's the difference between stress and anxiety?", "is it stress or anxiety?",
                          "are stress and anxiety the same thing", "what is stress"],
    "fight-or-flight": ["What is fight or flight?", "fight or flight meaning",
                        "why does anxiety make my heart pound?", "why do I shake when I'm nervous"],
    "low-mood-cycle": ["Why do I have no motivation when I'm down?", "why can't I motivate myself",
                       "why does low mood make me so tired?", "why is everything such an effort",
                       "why do I not want to do anything"],
    "journaling": ["Does journaling help?", "what is journaling", "should I write my feelings down?",
                   "how do I start journaling", "does writing things down really help?"],
    "setbacks": ["Is it normal to slip back?", "is it normal to have bad days again?",
                 "have I undone all my progress?", "why do I keep slipping back", "what if I slip back"],
    "how-long-cbt": ["How long does CBT take?", "how often should I practise?", "how many cbt sessions will I need",
                     "how long before it starts working?", "when will I start feeling better"],
    "cbt-session": ["What happens in a CBT session?", "what is cbt therapy like",
                    "what should I expect from therapy?", "what happens in the first therapy session"],
    "normal-to-feel": ["Is it normal to feel like this?", "is it normal to feel anxious for no reason?",
                       "does everyone feel like this", "am I the only one who feels this way?",
                       "I cry most evenings. Is that normal?", "is it ok to feel angry about it"],
    "triggers": ["What is a trigger?", "what are triggers", "how do I figure out what my triggers are",
                 "why do I get triggered so easily"],
    "intrusive-thoughts": ["What are intrusive thoughts?", "is it normal to have intrusive thoughts?",
                           "how do I stop intrusive thoughts", "does everyone get intrusive thoughts"],
    "worse-at-night": ["Why does everything feel worse at night?", "why is my anxiety worse at night",
                       "why do I overthink at night?", "why am I more anxious at night"],
    # ---- added for new wording (bench/data/reply_quality/dev2.toml): questions no answer caught ----
    "thoughts-and-feelings": ["What's the connection between thoughts and feelings?",
                              "do thoughts really affect how you feel?", "how does thinking affect your mood?",
                              "can changing how you think really help?"],
    "exercise-and-mood": ["Is exercise good for depression?", "will going for walks actually help my mood",
                          "why does exercise help anxiety?", "what kind of exercise is best?"],
    "sadness-and-depression": ["Is this sadness or depression?",
                               "what's the difference between feeling low and depression",
                               "is sadness the same as depression?", "sadness vs depression"],
    "sleep-and-mood": ["Does lack of sleep affect your mood?", "why does bad sleep make me so irritable?",
                       "is there a link between sleep and anxiety?", "how does tiredness affect your emotions"],
    "mornings": ["Why are mornings always the worst?", "why am I so anxious in the mornings?",
                 "why do I wake up dreading the day?", "why does my mood feel low in the morning"],
    "guilt": ["Why do I always feel guilty?", "how do I stop feeling guilty all the time",
              "what is guilt even for?"],
    "crying": ["Is it normal to cry this much?", "why do I cry at everything?", "is crying a sign of weakness",
               "why do I keep crying over nothing"],
    # ---- questions people bring between sessions (more wordings: tests/cbt/test_answers_coverage.py) ----
    "gratitude": ["Is a gratitude journal a gimmick?", "does writing three good things a day actually help"],
    "challenging-thoughts": ["What does challenging a thought mean?", "isn't that just lying to myself?"],
    "true-thoughts": ["How can it help if the thought feels true?", "but what if the thought is actually true?"],
    "perfectionism": ["Is perfectionism a bad thing?", "why do I hold myself to such high standards"],
    "burnout": ["What is burnout?", "am I burnt out or just tired?"],
    "imposter-feelings": ["Why do I feel like a fraud at work?", "what is imposter syndrome"],
    "boundaries": ["How do I say no without feeling guilty?", "what are boundaries"],
    "numb": ["Why do I feel numb?", "is it normal to feel nothing"],
    "anger": ["Why do I get so angry over little things?", "what do I do with my anger"],
    "loneliness": ["Why does loneliness hurt so much?", "how do I make friends as an adult"],
    "grief": ["How long does grief last?", "is it normal to still miss my dog after a year?"],
    "self-esteem": ["How do I build my self-esteem?", "how can I be more confident"],
    "problem-solving": ["What if my worry is about a real problem?", "what is problem solving"],
    "relaxation": ["What is progressive muscle relaxation?", "how do I relax my body"],
    "values": ["What are values in CBT?", "how do I work out what matters to me"],
    "walk-through": ["Can you show me with a thought like 'everyone thinks I'm boring'?",
                     "can you give me an example with my own thought?"],
}

# Statements that mention an answer's subject without asking about it: they keep the conversation's topic.
MENTIONS = [
    "I tried mindfulness and it was rubbish",
    "grounding helped a little on the train this morning",
    "the breathing exercises help take the edge off but not fully",
    "my therapist said we'd look at core beliefs next week",
    "I had a panic attack at work today",
    "I'm so stressed and anxious about everything",
    "I've been journaling every night and it's nice",
    "I had a setback this week and I'm gutted",
    "my CBT session is on Tuesday and I'm nervous",
    "I was so hard on myself after the meeting",
    "I keep blaming myself for the argument",
    "I always expect the worst before exams",
    "exposure therapy is scary but I'm doing it",
    "how long does it take to write a short email, honestly",
    "I feel normal today for once",
    "I've got no motivation to study",
    "writing things down seems to help me",
    "I'm back to square one with the job hunt",
    "I got triggered by something my mum said today",
    "I keep having intrusive thoughts at work",
    "everything feels worse at night",
    "I went for a run and felt a bit better after",
    "I cried at the film last night",
    "I feel guilty for skipping the gym",
    "mornings are the worst for me",
    "my sleep has been rubbish and my mood too",
]


def test_every_answer_has_phrasings_and_the_required_subjects_are_answered() -> None:
    ids = [answer.move.id.removeprefix("answer.") for answer in BOOK.answers]
    assert sorted(ids) == sorted(PHRASINGS)
    assert len(ids) >= 42
    traps = {distortion.id for distortion in CONTENT.distortions}
    assert traps <= set(ids)  # every thinking trap in distortions.toml can be asked about


def test_a_trap_answer_uses_the_traps_own_name() -> None:
    """The answer and the toolkit's description of the trap must not drift apart in what they call it."""
    names = {answer.move.id.removeprefix("answer."): answer.name for answer in BOOK.answers}
    for distortion in CONTENT.distortions:
        assert names[distortion.id] == distortion.name
        assert answer_text(distortion.id).startswith(distortion.name.split()[0].split("-")[0])


def answer_text(answer_id: str) -> str:
    return next(a.move.text for a in BOOK.answers if a.move.id == f"answer.{answer_id}")


@pytest.mark.parametrize(("answer_id", "question"), [(a, q) for a, qs in PHRASINGS.items() for q in qs])
def test_each_phrasing_reaches_its_answer(answer_id: str, question: str) -> None:
    move = choose_move([question], [])
    assert (move.id, move.kind, move.topic) == (f"answer.{answer_id}", "answer", "psychoeducation")


@pytest.mark.parametrize("message", MENTIONS)
def test_a_message_that_only_mentions_a_subject_is_not_answered_with_a_definition(message: str) -> None:
    move = choose_move([message], [])
    assert move.kind != "answer", (message, move.id)
    assert detect_topic([message])[0].id != "psychoeducation"


@pytest.mark.parametrize(("message", "answer_id"), [
    ("oh. i think i do the mind reading one a lot", "mind-reading"),
    ("the should one is definitely me", "should-statements"),
    ("I do a lot of catastrophising", "catastrophising"),
    ("the fortune telling one sounds familiar", "fortune-telling"),
])
def test_naming_a_trap_as_ones_own_gets_that_traps_answer(message: str, answer_id: str) -> None:
    """Usually said after reading the list of traps: the explanation and its question ("Has this come up for
    you lately?") fit, where a topic question would ignore what they said."""
    assert choose_move(["What are thinking traps?", message], []).id == f"answer.{answer_id}"


@pytest.mark.parametrize(("question", "answer_id"), [
    ("Is it normal to slip back after doing well?", "setbacks"),  # not the general "is it normal to feel"
    ("is it normal to feel worse again after feeling better", "setbacks"),
    ("Does CBT actually work or is it just positive thinking?", "does-cbt-work"),
    ("What is a panic attack and why does it happen?", "panic-attack"),  # not the general anxiety answer
    ("what causes anxiety", "anxiety-cycle"),
    ("Is it normal to wake up at 4am?", "early-waking"),
    ("why do I always expect the worst?", "catastrophising"),
    ("why does doing things help when I feel low?", "behavioural-activation"),
    ("why do I have no energy when I feel low", "low-mood-cycle"),
    ("What is a thought record and how do I fill one in?", "thought-record"),
    # the newer answers (gratitude, boundaries, grief, ...) against the older ones beside them
    ("is cbt just positive thinking?", "does-cbt-work"),  # about CBT as a whole
    ("is it just positive thinking?", "challenging-thoughts"),
    ("how do I challenge my thoughts?", "balanced-thought"),  # how to do it: the balanced-thought answer
    ("how do I stop worrying?", "worry-time"),
    ("is it ok to feel angry about it", "normal-to-feel"),
    ("is it normal to feel lonely?", "loneliness"),
    ("is it normal to cry over my dog dying?", "grief"),
    ("is it normal to cry this much?", "crying"),
    ("how do I stop beating myself up", "self-compassion"),
    ("why do I always feel guilty?", "guilt"),
    ("does journaling help?", "journaling"),
    ("what are core beliefs?", "core-beliefs"),
    ("what is a thought record?", "thought-record"),
])
def test_the_more_specific_answer_wins(question: str, answer_id: str) -> None:
    assert choose_move([question], []).id == f"answer.{answer_id}"


def test_no_labelled_message_about_a_difficulty_is_answered() -> None:
    """The written topic sets (tests/cbt/data) hold everyday messages: only the questions among them may be
    answered, so no cue steals a message about a worry, a low day or a row."""
    rows = [line.split("\t") for split in ("dev", "fresh")
            for line in (DATA / f"topics_{split}.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    answered = [(gold, text) for gold, text in rows if choose_move([text], []).kind == "answer"]
    assert answered and all(gold == "psychoeducation" for gold, _ in answered), answered


@pytest.mark.parametrize("message", [
    "is it normal to feel like killing myself", "is it normal to feel like i want to die",
    "is it normal to have intrusive thoughts about hurting myself"])
def test_a_crisis_asked_as_is_it_normal_never_reaches_the_normalising_answer(message: str) -> None:
    """The answers would match these ("is it normal to feel…"); the session runs the input rail first, and
    it must stop them there under every shipped profile, so no one in crisis is told it is normal."""
    assert choose_move([message], []).kind == "answer"  # what the curated half alone would do
    for profile in [*shipped_profiles(), None]:
        rails = Guardrails(load_profile(profile) if profile else default_profile())
        assert not rails.check_input(message).allowed, (profile, message)


@pytest.mark.parametrize(("question", "answer_id"), [
    ("why is my heart racing?", "fight-or-flight"),
    ("what is the point of meditation?", "mindfulness"),
    ("what was that cbt triangle thing again?", "cbt"),
])
def test_a_question_no_cue_matched_gets_the_answer_it_shares_a_telling_word_with(question, answer_id) -> None:
    assert choose_move([question], []).id == f"answer.{answer_id}"


@pytest.mark.parametrize("message", [
    "What if I lose my job when they restructure the team?",  # a worry, not a question about an idea
    "Can't shake this low feeling, it's been hanging around for a couple of weeks.",
    "Can you help me challenge the thought 'I'm not good enough'?",  # a request to work on a thought
    "What is one small thing I could do this evening to unwind?",  # asks for a step
    "do not know why i bother with the gym, my heart is not in it",
])
def test_worries_requests_and_statements_get_no_nearest_answer(message: str) -> None:
    assert choose_move([message], []).kind != "answer"
