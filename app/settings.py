"""The person's preferences, kept inside the encrypted store (even a model's file name can say something).

Plain data with defaults; front ends read and change it, the store persists it as one JSON setting.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from app.chat.style import ReplyStyle
from app.model.sampling import Sampling

SETTINGS_KEY = "app.settings"
THEMES = ("system", "light", "dark")
TEXT_SIZES = ("small", "normal", "large", "larger")
REPLY_STYLES = tuple(str(style) for style in ReplyStyle)  # "auto" defers to the profile, then the model's size


@dataclass(frozen=True)
class AppSettings:
    model_path: str | None = None  # None: the default model
    max_tokens: int | None = None  # None: the model's recommended sampling
    temperature: float | None = None
    top_p: float | None = None
    repeat_penalty: float | None = None
    auto_lock_minutes: int = 15  # 0 = never
    theme: str = "system"
    text_size: str = "normal"
    reply_style: str = "auto"  # how replies are written (app/chat/style.py); "auto": the profile, then model size
    hide_titles: bool = False  # the sidebar shows neutral titles ("Conversation, 2 Dec") instead of stored ones
    extra: dict[str, Any] = field(default_factory=dict)

    def sampling(self, base: Sampling) -> Sampling:
        return base.with_overrides(max_tokens=self.max_tokens, temperature=self.temperature,
                                   top_p=self.top_p, repeat_penalty=self.repeat_penalty)

    def changed(self, **changes: Any) -> AppSettings:
        return replace(self, **changes)

    @classmethod
    def from_json(cls, data: Any) -> AppSettings:
        """Settings from stored JSON; unknown keys and wrong-typed values fall back to defaults."""
        if not isinstance(data, dict):
            return cls()
        defaults = cls()
        values: dict[str, Any] = {}
        for spec in fields(cls):
            if spec.name not in data:
                continue
            value, default = data[spec.name], getattr(defaults, spec.name)
            if _fits(value, default, spec.name):
                values[spec.name] = value
        settings = cls(**values)
        if settings.theme not in THEMES:
            settings = replace(settings, theme="system")
        if settings.text_size not in TEXT_SIZES:
            settings = replace(settings, text_size="normal")
        if settings.reply_style not in REPLY_STYLES:
            settings = replace(settings, reply_style="auto")
        return settings

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def load(cls, store) -> AppSettings:
        return cls.from_json(store.get_setting(SETTINGS_KEY))

    def save(self, store) -> None:
        store.set_setting(SETTINGS_KEY, self.to_json())


def _fits(value: Any, default: Any, name: str) -> bool:
    if value is None:
        return name in {"model_path", "max_tokens", "temperature", "top_p", "repeat_penalty"}
    if name in {"max_tokens", "auto_lock_minutes"}:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if name in {"temperature", "top_p", "repeat_penalty"}:
        return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
    if name == "extra":
        return isinstance(value, dict)
    if name == "hide_titles":
        return isinstance(value, bool)
    return isinstance(value, str)
