"""Sampling settings for one reply."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Sampling:
    """How the model picks tokens. `temperature == 0` is greedy; `seed=None` means a fresh random seed."""

    max_tokens: int = 256
    temperature: float = 0.3
    top_p: float = 0.9
    top_k: int = 40
    repeat_penalty: float = 1.15
    seed: int | None = None

    def with_overrides(self, **overrides: object) -> Sampling:
        """A copy with every override that is not None applied (front ends pass their flags straight in)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})
