"""Turning a conversation into the exact prompt text a model was trained on.

A chat model is only coherent with its own template. We use the template embedded in the GGUF
(`tokenizer.chat_template`), rendered in Jinja's sandbox because a model file may come from anyone.
A file without one gets a known format only where the catalog can vouch for it (by architecture);
otherwise it is refused: a wrong template makes a model emit garbage, which is worse than no answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.model.errors import ModelError

# Formats we can vouch for, for GGUFs that carry no template of their own.
BUILTIN_TEMPLATES: dict[str, str] = {
    "chatml": (
        "{% for message in messages %}"
        "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
        "{% endfor %}"
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
    ),
}


def _raise(message: str) -> None:
    raise TemplateError(message)


@dataclass(frozen=True)
class ChatTemplate:
    """A compiled chat template plus the special-token text it refers to."""

    name: str  # "embedded" or a BUILTIN_TEMPLATES key
    source: str
    bos_token: str = ""
    eos_token: str = ""

    def __post_init__(self) -> None:
        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        env.globals.update(raise_exception=_raise, strftime_now=lambda fmt: datetime.now().strftime(fmt))
        try:
            compiled = env.from_string(self.source)
        except TemplateError as exc:
            raise ModelError(f"The model's chat template is invalid ({exc}).") from exc
        object.__setattr__(self, "_compiled", compiled)

    def render(self, messages: Sequence[Mapping[str, str]], add_generation_prompt: bool = True) -> str:
        try:
            return self._compiled.render(  # type: ignore[attr-defined]
                messages=[dict(m) for m in messages],
                add_generation_prompt=add_generation_prompt,
                bos_token=self.bos_token,
                eos_token=self.eos_token,
            )
        except TemplateError as exc:
            raise ModelError(
                f"The model's chat template could not format this conversation ({exc})."
            ) from exc


def resolve_template(
    *,
    embedded: str | None,
    catalog_format: str | None,
    architecture: str | None,
    formats_by_architecture: Mapping[str, str],
    file_name: str,
    bos_token: str = "",
    eos_token: str = "",
) -> ChatTemplate:
    """Pick the chat template for a model file, or refuse it as not a chat model."""
    if catalog_format and catalog_format != "embedded":
        name = catalog_format
    elif embedded:
        return ChatTemplate("embedded", embedded, bos_token, eos_token)
    elif architecture and architecture in formats_by_architecture:
        name = formats_by_architecture[architecture]
    else:
        raise ModelError(
            f"{file_name} has no chat template, so it looks like a base model rather than a chat model. "
            "Confidant needs an instruction-tuned chat model (usually named '-Instruct' or '-Chat')."
        )
    if name not in BUILTIN_TEMPLATES:
        raise ModelError(f"Unknown chat format {name!r} for {file_name}.")
    return ChatTemplate(name, BUILTIN_TEMPLATES[name], bos_token, eos_token)
