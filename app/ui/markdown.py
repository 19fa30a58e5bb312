"""Markdown from the model, rendered safely.

A reply is untrusted text: raw HTML is not interpreted and images are shown as their alt text, so a reply
can neither embed a local file nor make Qt fetch anything. Links are shown but never opened.
"""

from __future__ import annotations

import re

from app.ui.qt import QTextDocument

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_BODY_STYLE = re.compile(r"<body style=\"[^\"]*\">")
_FEATURES = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
)


def to_html(markdown: str) -> str:
    document = QTextDocument()
    document.setMarkdown(_IMAGE.sub(r"\1", markdown), _FEATURES)
    # toHtml() writes the font of the moment into <body style=…>: dropped, so a bubble's text follows the
    # label's font and takes a new text size like everything else (issue 12 item 4).
    return _BODY_STYLE.sub("<body>", document.toHtml(), count=1)
