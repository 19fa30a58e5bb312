"""Confidant: a privacy-first companion that runs a small language model on the person's own computer.

Layers (each a package; only `app.ui` imports Qt, and no core layer imports a front end):
- `app.model`   — validates GGUF files and runs them in-process through llama.cpp.
- `app.chat`    — the chat session: the single path from a person's message to a finished reply.
- `app.cli`, `app.ui` — thin front ends over the same session.
"""

__version__ = "0.1.0"
