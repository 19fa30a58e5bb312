"""Search snippets cut in one pass: the window with the most search words, marked, with ellipses where cut."""

from __future__ import annotations

from app.storage import MATCH_END, MATCH_START, Store
from app.storage.snippets import snippet, terms


def _marked(text: str) -> str:
    return text.replace(MATCH_START, "[").replace(MATCH_END, "]")


def test_the_window_holding_most_search_words_wins_and_cuts_are_marked() -> None:
    before = " ".join(f"w{i}" for i in range(40))
    after = " ".join(f"x{i}" for i in range(40))
    text = f"deadline alone. {before} the CAFÉ was loud and my deadline looms {after}"
    cut = _marked(snippet(text, terms("cafe dead*"), 16))
    assert cut.startswith("…") and cut.endswith("…")
    assert "[CAFÉ] was loud and my [deadline] looms" in cut
    assert len(cut.strip("…").split()) == 16


def test_short_text_is_whole_and_words_split_like_the_tokenizer() -> None:
    assert _marked(snippet("Don't panic, I don't.", terms("don't"), 16)) == "[Don't] panic, I [don't]."
    assert _marked(snippet("Sleep, sleeping, asleep", terms("sleep*"), 16)) == "[Sleep], [sleeping], asleep"


def test_a_huge_message_of_one_repeated_word_is_found_with_a_short_snippet(store: Store) -> None:
    conversation = store.create_conversation("t")
    store.add_message(conversation.id, "user", "worry " * 200_000)
    (hit,) = store.search("worry")
    assert hit.render("[", "]").count("[worry]") == 16 and len(hit.snippet) < 200
