"""The normaliser and the rule language: what people type becomes what rules are written against, and
patterns compile only to bounded, word-aligned regexes."""

from __future__ import annotations

import re

import pytest

from app.safety.normalise import Normaliser, normalise
from app.safety.patterns import PatternError, compile_pattern, compile_rule

VOCABULARY = ["kill", "myself", "die", "want", "to", "suicide", "self", "harm", "so", "done", "end", "life"]
norm = Normaliser(VOCABULARY, ["suicid"])


@pytest.mark.parametrize(("typed", "plain"), [
    ("I want to KILL MYSELF!!!", "i want to kill myself"),
    ("im gonna kms tonight", "i am going to kill myself tonight"),
    ("i want to dieeeee", "i want to die"),
    ("k1ll mys3lf", "kill myself"),
    ("$uicide", "suicide"),
    ("su*cide", "suicide"),
    ("k.i.l.l my self", "kill myself"),
    ("s u i c i d e", "suicide"),
    ("sucidal thoughts", "suicidal thoughts"),
    ("myslef", "myself"),
    ("thinking about sewer slide", "thinking about suicide"),
    ("I want to self-delete", "i want to kill myself"),
    ("unalive myself", "kill myself"),
    ("been thinking about ctb", "been thinking about suicide"),
    ("I don't wanna live", "i do not want to live"),
    ("i can't, i won't", "i can not i will not"),
    ("want 2 die", "want to die"),
    ("sooooo done", "so done"),
    ("i got sa'd", "i got sexually assaulted"),
    ("i od'd", "i overdosed"),
    ("Café “naïve”\u200b", "cafe naive"),
    ("took 20mg at 2am", "took 20 mg at 2 am"),
])
def test_what_people_type_becomes_plain_words(typed: str, plain: str) -> None:
    assert norm(typed).strip() == plain


def test_sentences_are_kept_apart_but_an_ellipsis_is_not_a_boundary() -> None:
    assert norm("I want to. Die Hard is on") == " i want to | die hard is on "
    assert norm("I just want to... die") == " i just want to die "


def test_repairs_only_land_on_words_rules_use() -> None:
    assert norm("the steak was overdone") == " the steak was overdone "
    assert norm("I changed myself") == " i changed myself "
    assert norm("bill and will") == " bill and will "
    assert normalise("kill") == " kill "


def test_pattern_elements_translate_to_word_aligned_regexes() -> None:
    lists = {"pills": ("paracetamol", "sleeping pills", "benzo*")}
    cases = {
        "kill* myself": (["i killed myself", "killing myself"], ["skill myself", "kill my self esteem"]),
        "want ... to die": (["want to die", "want so badly to die"], ["want one two three four to die"]),
        "how many <pills> ... fatal": (["how many sleeping pills would be fatal",
                                        "how many benzos are fatal"], ["how many pills fatal"]),
        "took ## <pills>": (["took 30 paracetamol", "took twenty paracetamol"], ["took 2 paracetamol"]),
        "[really|just] end+it|stop": (["really end it", "stop"], ["really end"]),
        "how high ...8 fatal": (["how high does a bridge need to be to be fatal"],
                                ["how high " + "x " * 9 + "fatal"]),
    }
    for source, (hits, misses) in cases.items():
        rule = compile_rule([compile_pattern(source, lists)])
        for text in hits:
            assert rule.search(f" {text} "), (source, text)
        for text in misses:
            assert not rule.search(f" {text} "), (source, text)


def test_patterns_never_cross_a_sentence_boundary() -> None:
    rule = compile_rule([compile_pattern("want ... die", {})])
    assert not rule.search(normalise("I want to. Die Hard is on"))


@pytest.mark.parametrize("bad", ["(a|b)*", "a{1000}", "(?=x)", r"\d+", "x" * 400, "... a", "_ _", "a|",
                                 "[a", "<x>", "..9 a", "ab*"])
def test_anything_outside_the_grammar_is_refused(bad: str) -> None:
    with pytest.raises(PatternError):
        compile_pattern(bad, {})


def test_the_emitted_regexes_stay_bounded_on_hostile_input() -> None:
    """Nested unbounded repeats are impossible: every repeat is {0,N} over space-delimited words. A message
    built to make a backtracking engine explode still finishes (and this test would hang if it did not)."""
    source = "a ...8 b ...8 c"
    pattern = compile_pattern(source, {})
    assert not re.search(r"\)[*+]\)?[*+]", pattern.regex)
    rule = compile_rule([pattern])
    hostile = " " + "a " * 20000 + "b " * 20000 + "x "
    assert rule.search(hostile) is None


def test_a_pattern_counts_its_worst_case_and_one_that_multiplies_is_refused() -> None:
    """Each element is tried once per way the earlier ones matched: overlapping alternatives and optional
    elements multiply that, disjoint ones do not (tests/safety/test_guardrail_cost.py checks the count)."""
    assert compile_pattern("kill myself", {}).work == 2  # one test per word, one way each
    disjoint = compile_pattern("hurt|cut badly", {}).work
    assert compile_pattern("hurt*|hurt+myself badly", {}).work > disjoint
    assert compile_pattern("[really] hurt|cut badly", {}).work > disjoint
    lists = {"aaa": ("aaa*", "aaa* aaa*", "aaa* aaa* aaa*")}
    compile_pattern(" ".join(["[<aaa>]"] * 7) + " zz", lists)  # accepted: 49,150 tests
    with pytest.raises(PatternError, match="too many ways"):
        compile_pattern(" ".join(["[<aaa>]"] * 8) + " zz", lists)
