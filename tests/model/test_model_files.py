"""Every kind of bad model file is refused with a ModelError a person can read — and never crashes.

Each case goes through Engine.load, the path the app uses, so llama.cpp would see the file if our checks
let it through; a file that made llama.cpp abort would take this test process down with it.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from app.model.catalog import Catalog, load_catalog
from app.model.engine import Engine, inspect_model
from app.model.errors import ModelError
from app.model.gguf import read_header
from app.model.sampling import Sampling
from tests.gguf_files import truncated, without_metadata


def _load(path: Path, catalog: Catalog | None = None) -> str:
    with pytest.raises(ModelError) as caught:
        Engine.load(path, n_ctx=256, catalog=catalog)
    message = str(caught.value)
    assert "Traceback" not in message and message.endswith((".", ")"))
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "No model file" in _load(tmp_path / "nope.gguf")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    assert "folder" in _load(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.gguf"
    path.touch()
    assert "empty" in _load(path)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "random.gguf"
    path.write_bytes(os.urandom(1 << 16))
    assert "not a GGUF model file" in _load(path)


def test_renamed_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.gguf"
    path.write_text("Dear diary, today was hard.\n" * 50)
    assert "not a GGUF model file" in _load(path)


def test_unsupported_version(tmp_path: Path, default_model_path: Path) -> None:
    path = tmp_path / "future.gguf"
    data = bytearray(default_model_path.read_bytes()[:4096])
    data[4:8] = struct.pack("<I", 99)
    path.write_bytes(data)
    assert "version 99" in _load(path)


def test_absurd_lengths_are_refused_without_allocating(tmp_path: Path) -> None:
    path = tmp_path / "hostile.gguf"
    # one metadata key whose name claims to be 2**60 bytes long
    path.write_bytes(b"GGUF" + struct.pack("<IQQQ", 3, 1, 1, 1 << 60) + b"x" * 64)
    assert "damaged" in _load(path)


@pytest.mark.parametrize("where", ["magic", "kv-count", "metadata", "tensor-table", "weights", "last-byte"])
def test_truncated_files(tmp_path: Path, default_model_path: Path, where: str) -> None:
    header = read_header(default_model_path)
    cut = {
        "magic": 3,
        "kv-count": 20,
        "metadata": header.kv_spans["tokenizer.ggml.merges"][0] + 1000,
        "tensor-table": (header.kv_spans["general.quantization_version"][1] + header.header_end) // 2,
        "weights": header.data_offset + (header.file_size - header.data_offset) // 2,
        "last-byte": header.file_size - 1,
    }[where]
    path = truncated(default_model_path, tmp_path / f"cut-{where}.gguf", cut)
    message = _load(path)
    assert "incomplete" in message or "not a GGUF" in message


def test_missing_tokenizer(tmp_path: Path, default_model_path: Path) -> None:
    path = without_metadata(default_model_path, tmp_path / "no-tokenizer.gguf", "tokenizer.ggml.model")
    assert "no tokenizer" in _load(path)


def test_missing_architecture(tmp_path: Path, default_model_path: Path) -> None:
    path = without_metadata(default_model_path, tmp_path / "no-arch.gguf", "general.architecture")
    assert "architecture" in _load(path)


def test_template_less_model_is_refused(tmp_path: Path, default_model_path: Path) -> None:
    """A model with no chat template (like a base model) must not be run with a guessed template."""
    path = without_metadata(default_model_path, tmp_path / "base-model.gguf", "tokenizer.chat_template")
    assert read_header(path).chat_template is None
    assert "rather than a chat model" in _load(path)


def test_template_less_model_is_mapped_when_the_catalog_knows_its_architecture(
    tmp_path: Path, default_model_path: Path
) -> None:
    path = without_metadata(default_model_path, tmp_path / "base-model.gguf", "tokenizer.chat_template")
    base = load_catalog()
    catalog = Catalog(base.entries, base.default_id, {"llama": "chatml"})
    _, template, _ = inspect_model(path, catalog)
    assert template.name == "chatml"

    engine = Engine.load(path, n_ctx=512, catalog=catalog)
    try:
        prompt = [{"role": "user", "content": "What is the capital of France?"}]
        reply = "".join(engine.generate(prompt, Sampling(max_tokens=24, temperature=0, seed=1)))
    finally:
        engine.close()
    assert "Paris" in reply
    assert "<|im_" not in reply  # the chat markup is not leaking into the reply: the format fits


def test_the_default_model_passes_validation(default_model_path: Path) -> None:
    header, template, entry = inspect_model(default_model_path)
    assert header.architecture == "llama"
    assert template.name == "embedded"
    assert entry is not None and entry.id == load_catalog().default_id
