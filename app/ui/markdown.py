"""Markdown from the model, rendered safely.

A reply is untrusted text: raw HTML is not interpreted and images are shown as their alt text, so a reply
can neither embed a local file nor make Qt fetch anything. Links are shown but never opened.
"""

from __future__ import annotations

import re

from app.ui.qt import QTextDocument

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_FEATURES = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
)


def to_html(markdown: str) -> str:
    document = QTextDocument()
    document.setMarkdown(_IMAGE.sub(r"\1", markdown), _FEATURES)
    return document.toHtml()
