"""Suggesting which thinking traps may apply to an automatic thought — only ever as a question.

The cues are word patterns in assets/cbt/distortions.toml ("should", "they think i am", "what if" …),
matched on the same normalised text the guardrails see. Word cues are crude: they miss traps phrased in
unusual ways and flag some thoughts that are fine (the figures are in tests/cbt/test_distortions.py). That
is acceptable only because nothing is decided here: the thought record shows each suggestion with its
reason, and the person keeps it or sets it aside.
"""

from __future__ import annotations

from app.cbt.content import Content, load_content


def suggest_distortions(thought: str, content: Content | None = None) -> list[tuple[str, str]]:
    """(distortion_id, reason) for each thinking trap whose cues appear in `thought`, in the guide's order.

    The reason quotes the words that prompted the suggestion, so the person can judge it."""
    if not thought or not thought.strip():
        return []
    content = content or load_content()
    normalised = content.normaliser(thought)
    found = []
    for distortion in content.distortions:
        words = distortion.cues.search(normalised)
        if words is not None:
            found.append((distortion.id, f"Words like “{words}” can be a sign of {distortion.name.lower()}. "
                                         "Does it fit this thought?"))
    return found
