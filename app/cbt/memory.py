"""Personal memory: the things the person asked Confidant to remember, added to the model's system prompt.

Only what the person wrote and can see in the memory list is used (app.storage.journal keeps it, encrypted);
deleting an item removes it from the next prompt. The profile can switch memory off ([features] memory),
and then nothing is added. The block has a token budget so it never crowds out the conversation: newest
items first (most recently written or edited), each whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable

from app.safety import Profile, ProfileLock
from app.storage import Store
from app.storage.journal import list_memory

MEMORY_HEADER = ("Things the person asked you to remember (their own words; they can see, change and delete "
                 "these):")


def memory_enabled(store: Store, profile: Profile | None = None) -> bool:
    """Whether the active profile (or `profile`) lets memory into the prompt."""
    profile = profile or ProfileLock(store).active().profile
    return profile.features.memory


def memory_block(store: Store, count_tokens: Callable[[str], int], budget_tokens: int,
                 profile: Profile | None = None) -> str:
    """The text to append to the system prompt, or "" (memory off, nothing saved, or nothing fits).

    `count_tokens` measures a string in the model's tokens, e.g. `lambda s: len(engine.tokenize(s))`.
    The whole block, header included, fits in `budget_tokens`. Items are taken newest first; one that does
    not fit is left out and older, shorter ones may still fit. `profile` defaults to the store's active
    profile (pass the session's `guardrails.profile` to skip reading it)."""
    if budget_tokens <= 0 or not memory_enabled(store, profile):
        return ""
    chosen: list[str] = []
    for item in list_memory(store):
        line = "- " + " ".join(item.text.split())
        candidate = _render([*chosen, line])
        if count_tokens(candidate) <= budget_tokens:
            chosen.append(line)
    return _render(chosen) if chosen else ""


def _render(lines: list[str]) -> str:
    return "\n".join([MEMORY_HEADER, *lines])
