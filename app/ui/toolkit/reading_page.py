"""Read-only pages from the toolkit's content: psychoeducation cards and the thinking-traps guide."""

from __future__ import annotations

from app import cbt
from app.ui.controller import AppController
from app.ui.toolkit.base import ToolkitPage
from app.ui.widgets import label


class ReadingsPage(ToolkitPage):
    title = "Short readings"
    exercise = "psychoeducation"

    def __init__(self, controller: AppController, content: cbt.Content) -> None:
        super().__init__(controller, content)
        self.cards: dict[str, object] = {}
        for card in content.cards:
            layout = self.card(card.title, card.summary)
            for paragraph in card.text.strip().split("\n\n"):
                text = _paragraph(paragraph)
                layout.addWidget(label(text, selectable=True, name=f"{card.title}: {text[:80]}"))
            self.cards[card.id] = layout.parentWidget()
        self.finish()


class TrapsPage(ToolkitPage):
    title = "Thinking traps"
    exercise = "distortions"

    def __init__(self, controller: AppController, content: cbt.Content) -> None:
        super().__init__(controller, content)
        self.column.addWidget(label("Everyone falls into these sometimes. Spotting one is a chance to look "
                                    "again, not a mistake.", "muted"))
        for trap in content.distortions:
            layout = self.card(trap.name)
            layout.addWidget(label(trap.description, selectable=True, name=f"{trap.name}: {trap.description}"))
            layout.addWidget(label(f"For example: {trap.example}", "muted", selectable=True,
                                   name=f"Example: {trap.example}"))
            layout.addWidget(label(f"Ask yourself: {trap.question}", selectable=True,
                                   name=f"Question: {trap.question}"))
        self.finish()


def _paragraph(text: str) -> str:
    """Wrapped lines joined; list items ("- ") each on their own line with a bullet."""
    parts: list[str] = []
    for line in text.strip().splitlines():
        line = " ".join(line.split())
        if line.startswith("- "):
            parts.append("\n• " + line[2:])
        elif parts:
            parts[-1] += " " + line
        else:
            parts.append(line)
    return "".join(parts).strip()
