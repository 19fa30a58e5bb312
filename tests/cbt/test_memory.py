"""Memory reaches the system prompt within its token budget, newest first, and disappears when deleted."""

from __future__ import annotations

from app.cbt.memory import MEMORY_HEADER, memory_block, memory_enabled
from app.safety import ProfileLock, load_profile
from app.storage import journal as j


def words(text: str) -> int:
    return len(text.split())


def test_items_reach_the_block_newest_first_within_the_budget(chat_store) -> None:
    assert memory_block(chat_store, words, 100) == ""  # nothing saved yet
    oldest = j.add_memory(chat_store, "My name is Sam.")
    j.add_memory(chat_store, "I am working towards going back to the gym twice a week.")
    newest = j.add_memory(chat_store, "Please don't suggest meditation apps.")
    block = memory_block(chat_store, words, 100)
    assert block.splitlines() == [MEMORY_HEADER, "- Please don't suggest meditation apps.",
                                  "- I am working towards going back to the gym twice a week.", "- My name is Sam."]

    budget = words(MEMORY_HEADER) + words("- " + newest.text) + words("- " + oldest.text)
    tight = memory_block(chat_store, words, budget)
    assert words(tight) <= budget
    # the newest fits; the long middle one does not, and the short oldest one still does
    assert tight.splitlines() == [MEMORY_HEADER, "- Please don't suggest meditation apps.", "- My name is Sam."]
    assert memory_block(chat_store, words, words(MEMORY_HEADER)) == ""  # room for the header only: nothing
    assert memory_block(chat_store, words, 0) == ""


def test_a_deleted_item_disappears_from_the_block_and_an_edit_shows(chat_store) -> None:
    keep = j.add_memory(chat_store, "I like gardening.")
    gone = j.add_memory(chat_store, "My exam is on 12 June.")
    assert "12 June" in memory_block(chat_store, words, 100)
    j.delete_memory(chat_store, gone.id)
    block = memory_block(chat_store, words, 100)
    assert "12 June" not in block and "gardening" in block
    j.update_memory(chat_store, keep.id, "I like gardening,\nespecially roses.")
    assert memory_block(chat_store, words, 100).splitlines()[1] == "- I like gardening, especially roses."


def test_the_budget_is_measured_in_the_real_models_tokens(chat_store, engine) -> None:
    def tokens(text: str) -> int:
        return len(engine.tokenize(text))

    for n in range(30):
        j.add_memory(chat_store, f"Memory number {n}: something that matters to me about my week.")
    assert memory_block(chat_store, tokens, tokens(MEMORY_HEADER)) == ""
    sizes = []
    for budget in (60, 150, 400):
        block = memory_block(chat_store, tokens, budget)
        assert block and tokens(block) <= budget
        assert "Memory number 29" in block  # newest first
        sizes.append(len(block.splitlines()))
    assert sizes[0] < sizes[1] < sizes[2] < 31


def test_a_profile_with_memory_off_gets_no_block(chat_store) -> None:
    j.add_memory(chat_store, "My name is Sam.")
    young = load_profile("young-people")
    assert not young.features.memory and not memory_enabled(chat_store, young)
    assert memory_block(chat_store, words, 100, young) == ""
    assert memory_block(chat_store, words, 100, load_profile("cbt-companion")) != ""
    # without a profile argument it follows the active (installed) profile
    assert memory_block(chat_store, words, 100) != ""
    ProfileLock(chat_store).install(young.text, source="young-people.toml")
    assert memory_block(chat_store, words, 100) == ""
    assert j.list_memory(chat_store)  # switched off, not deleted: the person still sees it
