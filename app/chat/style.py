"""How replies are written: guided (structure first) for small models, free for larger ones.

A 135M-parameter model cannot carry a therapeutic conversation by free generation: it rambles, loops and
claims a life it does not have. In the guided style the model writes one short, checked reflection and the
rest of the reply comes from curated CBT moves (assets/cbt/moves.toml). A larger imported model can write
freely, still through the output rail. The person's setting wins, then the profile's, then the model size.
"""

from __future__ import annotations

from enum import StrEnum

# Models at or below this file size are "small": a quantised model under ~1B parameters. Guided by default.
SMALL_MODEL_BYTES = 600 * 1024 * 1024


class ReplyStyle(StrEnum):
    AUTO = "auto"  # guided for small models, free for larger ones
    GUIDED = "guided"  # a checked one-sentence reflection from the model + a curated CBT move
    FREE = "free"  # the model writes the whole reply (checked sentence by sentence)


STYLE_LABELS = {
    ReplyStyle.AUTO: "Automatic (guided for small models)",
    ReplyStyle.GUIDED: "Guided: short reflections and CBT questions",
    ReplyStyle.FREE: "Free: the model writes the whole reply",
}


def resolve_style(setting: ReplyStyle | str | None, profile_style: ReplyStyle | str | None,
                  model_size_bytes: int | None) -> ReplyStyle:
    """The style to use: the person's setting, else the profile's, else by the model's size (never AUTO)."""
    for choice in (setting, profile_style):
        if choice is not None and ReplyStyle(choice) is not ReplyStyle.AUTO:
            return ReplyStyle(choice)
    if model_size_bytes is not None and model_size_bytes > SMALL_MODEL_BYTES:
        return ReplyStyle.FREE
    return ReplyStyle.GUIDED
