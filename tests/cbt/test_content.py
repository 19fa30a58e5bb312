"""The shipped texts load and are complete; damaged content is refused with file, field and line; every text
passes the safe-messaging output rules of every shipped profile; no licensed questionnaire is reproduced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cbt.content import CARDS, DISTORTIONS, FILES, ContentError, content_dir, load_content
from app.safety import Guardrails, load_profile, shipped_profiles
from app.safety.profile import EXERCISES


def copy_content(tmp_path: Path) -> Path:
    folder = tmp_path / "cbt"
    shutil.copytree(content_dir(), folder)
    return folder


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def all_texts() -> list[tuple[str, str]]:
    content = load_content()
    texts = []
    for d in content.distortions:
        texts += [(f"{d.id}.{k}", getattr(d, k)) for k in ("name", "description", "example", "question")]
    for c in content.cards:
        texts += [(f"{c.id}.{k}", getattr(c, k)) for k in ("title", "summary", "text")]
    for e in content.exercises.values():
        texts += [(f"{e.id}.{k}", getattr(e, k)) for k in ("name", "summary", "intro")]
        texts += [(f"{e.id}.{s.id}", f"{s.title} {s.prompt}") for s in e.steps]
    for p in content.breathing.values():
        texts += [(p.id, p.name), (p.id, p.summary), (p.id, p.caution), *((p.id, line) for line in p.script())]
    texts += [(s.id, f"{s.label}. {s.reason}") for s in content.suggestions]
    texts += [(a.id, a.label) for a in content.assist.values()]
    return texts


def test_the_shipped_content_is_complete() -> None:
    content = load_content()
    assert [d.id for d in content.distortions] == list(DISTORTIONS)
    for distortion in content.distortions:
        assert distortion.description and distortion.example and distortion.question.endswith("?")
    assert [c.id for c in content.cards] == list(CARDS)
    assert list(content.exercises) == list(EXERCISES)
    assert [s.id for s in content.exercises["thought-record"].steps][:3] == ["situation", "automatic-thought",
                                                                              "emotions-before"]
    assert "anxious" in content.exercises["mood-check-in"].emotions
    assert set(content.assist) == {"evidence-against", "balanced-thought"}
    assert set(content.breathing) == {"box", "4-7-8"}
    assert {s.exercise for s in content.suggestions} <= set(EXERCISES)


@pytest.mark.parametrize("profile_path", shipped_profiles(), ids=lambda p: p.stem)
def test_every_text_passes_the_output_rules_of_every_shipped_profile(profile_path: Path) -> None:
    """Safe-messaging, checked mechanically: nothing we wrote would be withheld if the model had said it."""
    rails = Guardrails(load_profile(profile_path))
    assert not rails.check_output_text("Her uncle committed suicide last year.").allowed  # the scan can see
    flagged = [(where, rails.check_output_text(text).rule) for where, text in all_texts()
               if not rails.check_output_text(text).allowed]
    assert flagged == []


def test_no_licensed_questionnaire_items_are_reproduced() -> None:
    everything = " ".join(text.lower() for _, text in all_texts())
    everything += " ".join(p.read_text(encoding="utf-8").lower() for p in content_dir().glob("*.toml"))
    for item in ("little interest or pleasure in doing things", "feeling down, depressed", "feeling nervous, "
                 "anxious", "not being able to stop or control worrying", "wished you were dead",
                 "thoughts that you would be better off dead", "over the last 2 weeks", "c-ssrs", "phq-9",
                 "gad-7", "columbia"):
        assert item not in everything


def test_a_missing_file_is_an_install_problem_said_plainly(tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    (folder / "cards.toml").unlink()
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert "cards.toml: the file is missing" in str(caught.value)
    assert "Reinstalling Confidant" in str(caught.value) and "your own entries are safe" in str(caught.value)


def test_a_missing_field_names_its_file_field_and_line(tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    path = folder / "distortions.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[distortions.mind-reading]")
    question = text.index("question =", start)
    broken = text[:question] + "# question removed\n" + text[text.index("\n", question) + 1:]
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    problem = caught.value.problems[0]
    assert (problem.file, problem.field, problem.message) == ("distortions.toml",
                                                              "distortions.mind-reading.question", "is missing")
    assert problem.line == line_of(broken, "[distortions.mind-reading]")


def test_a_bad_cue_pattern_and_a_missing_card_are_each_located(tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    suggestions = folder / "suggestions.toml"
    text = suggestions.read_text(encoding="utf-8").replace('"no energy"', '"no (energy)"')
    suggestions.write_text(text, encoding="utf-8")
    cards = folder / "cards.toml"
    cards_text = cards.read_text(encoding="utf-8")
    cards.write_text(cards_text.replace("[cards.worry]", "[cards.worries]"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    found = {(p.file, p.field): p for p in caught.value.problems}
    cue = found[("suggestions.toml", "suggestions.activities.cues.0")]
    assert cue.line == line_of(text, '"no (energy)"') and "brackets" in cue.message
    assert "[cards.worry] is missing" in found[("cards.toml", "cards")].message


def test_broken_toml_gives_the_line(tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    (folder / "breathing.toml").write_text("[patterns.box]\nname = \"unfinished\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert caught.value.problems[0].line == 2 and "not valid TOML" in caught.value.problems[0].message


def test_breathing_phases_are_checked(tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    path = folder / "breathing.toml"
    text = path.read_text(encoding="utf-8").replace('{ action = "hold", seconds = 7 }',
                                                     '{ action = "gasp", seconds = 7 }')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    (problem,) = caught.value.problems
    assert problem.field == "patterns.4-7-8.phases.1" and "action must be one of" in problem.message
    assert problem.line == line_of(text, '"gasp"')


def test_every_file_is_needed() -> None:
    assert sorted(p.name for p in content_dir().glob("*.toml")) == sorted(FILES)
