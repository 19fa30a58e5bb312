"""`confidant chat` refuses a catalogued model whose weights are damaged: one line, a non-zero exit."""

from __future__ import annotations

from pathlib import Path

from app.storage import Store
from tests.cli.cli_support import confidant
from tests.cli.test_bad_input import assert_one_clear_line
from tests.gguf_files import with_flipped_weights


def test_chat_refuses_a_model_with_flipped_weight_bytes(tmp_path: Path, default_model_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    damaged = with_flipped_weights(default_model_path, models / default_model_path.name)
    home = tmp_path / "data"
    result = confidant("chat", "--model", str(damaged), stdin="hello\n", home=home)
    assert_one_clear_line(result, "is damaged", "setup", code=result.returncode or 2)
    assert result.returncode != 0 and result.stdout == ""
    assert not Store.in_use(home)
