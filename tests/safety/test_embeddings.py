"""Static embeddings for the input scorer (an option of bench/train_scorers.py, not shipped: see the model
card): read as the table was trained (the reference tokenizer's pieces), checked by sha256, and anything
wrong with them leaves the rules running alone, with a message."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from app.checksum import sha256_of
from app.paths import assets_dir
from app.safety import Action, Guardrails, default_profile, load_scorers
from app.safety.embeddings import StaticEmbedder
from app.safety.features import vector_indices
from tests.scorer_weights import flip_a_byte

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = assets_dir() / "safety"

# Varied everyday and crisis wording, punctuation, case, digits, emoji, accents and runs of spaces.
TEXTS = [
    "I can't sleep again, it's 3am and my head won't stop.",
    "i just want everything to go quiet for good",
    "Why does my boss ALWAYS email at 11pm?!",
    "Café au lait, naïve résumé — and a 🙂 at the end",
    "tried cbt for 6 weeks now... some days are ok",
    "  two  spaces   and\nnew lines\tand tabs ",
    "Wrote letters to my family. Won't be a problem much longer.",
    "",
]
CRISIS_MEANING = "I want to end my life"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The shipped scorers plus embeddings, as `train_scorers.py --embeddings` writes them; the input scorer
    keeps its n-gram weights and reads the embedding along CRISIS_MEANING's direction."""
    pytest.importorskip("wordllama")
    sys.path.insert(0, str(ROOT / "bench"))
    import train_scorers

    target = tmp_path_factory.mktemp("scorers") / "safety"
    shutil.copytree(SHIPPED, target)
    digest = train_scorers.write_embeddings(target / train_scorers.EMBEDDINGS)
    table = train_scorers.embedder(target)
    with np.load(target / "input-scorer.npz") as shipped:
        weights, bias = shipped["weights"], float(shipped["bias"])
    train_scorers.save(target / "input-scorer.npz", weights, bias, 4.0 * table.embed([CRISIS_MEANING])[0])
    manifest = target / "scorers.toml"
    text = re.sub(r'(\[input\]\nfile = "input-scorer.npz"\nsha256 = ")[0-9a-f]+',
                  rf"\g<1>{sha256_of(target / 'input-scorer.npz')}", manifest.read_text())
    text = text.replace("[output]", f'embeddings = "{train_scorers.EMBEDDINGS}"\n'
                                    f'embeddings_sha256 = "{digest}"\n\n[output]')
    manifest.write_text(text)
    return target


def embedder(folder: Path) -> StaticEmbedder:
    scorer = load_scorers(folder).input
    assert scorer is not None and scorer.embedder is not None
    return scorer.embedder


def test_the_pieces_match_the_reference_tokenizer_on_ordinary_text(folder):
    """Our BPE over the shipped merges gives the same pieces as the tokenizer WordLlama was trained with
    (the dev install has it; the app never loads it)."""
    pytest.importorskip("tokenizers")
    sys.path.insert(0, str(ROOT / "bench"))
    from tokenizers import Tokenizer
    from wordllama_embed import TOKENIZER_FILE, wordllama_file

    reference = Tokenizer.from_file(str(wordllama_file(TOKENIZER_FILE)))
    ours = embedder(folder)
    for text in TEXTS:
        if "  " in text:
            continue  # runs of spaces: the reference may merge them across words; we split on each space
        assert ours.token_ids(text) == reference.encode(text, add_special_tokens=False).ids, text


def test_embeddings_are_unit_vectors_and_an_empty_text_is_zero(folder):
    vectors = embedder(folder).embed(TEXTS)
    assert vectors.shape == (len(TEXTS), 128)
    norms = np.linalg.norm(vectors, axis=1)
    assert np.allclose(norms[:-1], 1.0, atol=1e-5)
    assert norms[-1] == 0.0


def test_the_table_places_similar_meanings_near_each_other(folder):
    """Why a scorer would read it: new wording of the same thing lands close, an unrelated message far."""
    a, b, c = embedder(folder).embed([CRISIS_MEANING, "I wish I could disappear forever and not wake up",
                                "What time does the bakery open on Sunday?"])
    assert float(a @ b) > float(a @ c) + 0.1


def test_the_scorer_reads_the_embedding_as_well_as_the_words(folder):
    """The embedding lifts paraphrases of CRISIS_MEANING above their words alone, an unrelated message not."""
    scorer = load_scorers(folder).input

    def lift(text: str) -> float:
        return scorer.logit(text) - scorer._logit(vector_indices(text))

    unrelated = lift("What time does the bakery open on Sunday?")
    assert unrelated < 0.1
    for text in ("i just want everything to go quiet for good", "I wish I could disappear and not wake up"):
        assert lift(text) > unrelated + 0.5


@pytest.mark.parametrize("damage", ["missing", "corrupt", "not described", "swapped"])
def test_damaged_embeddings_leave_the_rules_running_with_a_message(tmp_path, folder, damage):
    folder = Path(shutil.copytree(folder, tmp_path / "safety"))
    assert load_scorers(folder).problem is None
    table = folder / "wordllama-l2-supercat-128.npz"
    manifest = folder / "scorers.toml"
    if damage == "missing":
        table.unlink()
    elif damage == "corrupt":
        flip_a_byte(table, 1 / 3)
    elif damage == "not described":  # weights trained with embeddings, but the manifest names none
        manifest.write_text("\n".join(line for line in manifest.read_text().splitlines()
                                      if not line.startswith("embeddings")))
    elif damage == "swapped":  # a different table under the right name: the checksum catches it
        np.savez(table, table=np.zeros((3, 128), np.float16), pieces=np.array(["a", "b", "c"]),
                 merges=np.array([["a", "b"]]))
    scorers = load_scorers(folder)
    assert scorers.input is None
    assert scorers.output is not None  # the output scorer does not use them
    assert scorers.problem and "rules alone" in scorers.problem
    rails = Guardrails(default_profile(), scorers)
    assert rails.check_input("I want to kill myself").action is Action.CRISIS
    assert rails.check_input("Can you help me plan my week?").action is Action.ALLOW
