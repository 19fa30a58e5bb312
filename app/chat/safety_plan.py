"""The person's safety plan: their own words for difficult moments, kept in the encrypted store.

The sections follow the widely used Stanley–Brown structure (public-domain headings, written here in plain
words); nothing from licensed instruments. The crisis card and "Get help now" open it in one click.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SAFETY_PLAN_KEY = "safety_plan"

SAFETY_PLAN_SECTIONS: dict[str, tuple[str, str]] = {
    "warning_signs": ("My warning signs", "Thoughts, feelings or situations that tell me a hard time may be "
                      "starting"),
    "coping": ("Things I can do on my own", "What helps me feel a little better: a walk, music, a shower, "
               "breathing…"),
    "distractions": ("People and places that take my mind off things", "A friend to text, a café, the park…"),
    "people": ("People I can ask for help", "Names and numbers of people I trust"),
    "professionals": ("Professionals I can contact", "My therapist, my doctor, and the crisis lines below"),
    "safer_surroundings": ("Making my surroundings safer",
                           "What I can put away or ask someone to keep for me"),
    "reasons": ("My reasons for living", "The people, plans and things that matter to me"),
}


@dataclass(frozen=True)
class SafetyPlan:
    sections: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not any(text.strip() for text in self.sections.values())

    @classmethod
    def from_json(cls, data: Any) -> SafetyPlan:
        if not isinstance(data, dict):
            return cls()
        return cls({k: v for k, v in data.items() if k in SAFETY_PLAN_SECTIONS and isinstance(v, str)})

    @classmethod
    def load(cls, store) -> SafetyPlan:
        return cls.from_json(store.get_setting(SAFETY_PLAN_KEY))

    def save(self, store) -> None:
        sections = {k: v for k, v in self.sections.items() if k in SAFETY_PLAN_SECTIONS}
        store.set_setting(SAFETY_PLAN_KEY, sections)

    def as_text(self) -> str:
        filled = [(title, self.sections.get(key, "").strip())
                  for key, (title, _) in SAFETY_PLAN_SECTIONS.items()]
        return "\n\n".join(f"{title}:\n{text}" for title, text in filled if text)
