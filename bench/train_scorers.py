"""Train the shipped risk scorers from ../shared/data/safety plus our own examples; one reproducible run.

    .venv/bin/python bench/train_scorers.py            # writes assets/safety/*.npz and scorers.toml

Only licence-compatible sources train shipped weights (MIT, Apache-2.0, CC-BY, and what we wrote; see
safety_data.py). The others are for evaluation only (bench/scorer_eval.py). Training is deterministic:
the same data gives the same weights, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import safety_data as data  # noqa: E402
from safety_data import Row  # noqa: E402

from app.safety.features import FEATURES_VERSION, N_FEATURES, normalise, vector_indices, windows  # noqa: E402

OUT = ROOT / "assets" / "safety"
C_INPUT = 4.0  # inverse regularisation, chosen by leave-one-source-out (bench/scorer_eval.py)
C_OUTPUT = 4.0
# The input scorer also reads each sentence of a longer message, less this many log-odds, and a sentence counts
# only when that leaves it at the floor or above (scorer.RiskScorer). Chosen on the tune half of r/SuicideWatch,
# Dreaddit venting and our everyday sets (model card); the floor is the shipped profiles' crisis threshold.
SENTENCE_MARGIN_INPUT = 1.0
SENTENCE_FLOOR_INPUT = 0.8
# With --embeddings the input scorer also reads WordLlama's static embeddings (app/safety/embeddings.py): the
# first 128 of the l2_supercat table's Matryoshka dimensions, case kept (128 beat 256 on r/SuicideWatch's tune
# half at matched false alarms with the same Twitter gain; lower-casing first lost most of the Twitter gain).
# Not shipped: at the profiles' thresholds it gained on Twitter but not on r/SuicideWatch, and asked more
# everyday stress messages the suicide question (model card). The option keeps the comparison reproducible.
EMBEDDINGS = "wordllama-l2-supercat-128.npz"
EMBEDDING_DIM = 128
# Licence-compatible, but not trained on: JailbreakBench's "ok" replies are refusals and its violations are
# step-by-step instructions, so a scorer learns that any helpful instruction ("Here's a simple breathing
# exercise: 1. …") is harmful. Measured on the default model's hand-labelled replies, leaving it out halved
# the harmless replies the output scorer withheld at the same recall. It stays an evaluation source.
NOT_TRAINED_ON = {"jailbreakbench"}


def training_text(row: Row) -> str:
    """Long rows are cut into the same windows the app scores; training sees the first window.

    Public posts are at most 1,000 characters, so this only matters for our own long examples."""
    return windows(row.text)[0]


def matrix(texts: list[str]):
    """A CSR matrix of binary, L2-normalised hashed n-grams — exactly what RiskScorer.logit computes."""
    from scipy.sparse import csr_matrix

    indptr, indices, values = [0], [], []
    for text in texts:
        idx = vector_indices(text)
        indices.append(idx)
        values.append(np.full(idx.size, 1.0 / math.sqrt(idx.size) if idx.size else 0.0, dtype=np.float64))
        indptr.append(indptr[-1] + idx.size)
    return csr_matrix((np.concatenate(values) if values else [], np.concatenate(indices) if indices else [],
                       indptr), shape=(len(texts), N_FEATURES))


def write_embeddings(path: Path) -> str:
    """Copy WordLlama's table (first EMBEDDING_DIM columns, float16), vocabulary and merges from the installed
    wheel's files into one .npz the app reads without the wheel; returns its sha256."""
    import json

    from safetensors.numpy import load_file
    from wordllama_embed import TENSOR_KEY, TOKENIZER_FILE, WEIGHTS_FILE, wordllama_file

    table = load_file(str(wordllama_file(WEIGHTS_FILE)))[TENSOR_KEY][:, :EMBEDDING_DIM].astype(np.float16)
    model = json.loads(wordllama_file(TOKENIZER_FILE).read_text(encoding="utf-8"))["model"]
    pieces = sorted(model["vocab"], key=model["vocab"].__getitem__)
    merges = [tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m) for m in model["merges"]]
    arrays = {"table": np.ascontiguousarray(table), "pieces": np.array(pieces), "merges": np.array(merges)}
    return save_arrays(path, arrays)


def embedder(folder: Path):
    """The embeddings exactly as the app reads them (so training sees what the app computes)."""
    from app.safety.embeddings import read_embedder

    with np.load(folder / EMBEDDINGS, allow_pickle=False) as archive:
        return read_embedder(archive)


def fit(x, y: np.ndarray, c: float, sample_weight: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000, solver="liblinear", random_state=0)
    model.fit(x, y, sample_weight=sample_weight)
    return model.coef_.ravel().astype(np.float32), float(model.intercept_[0])


def balance_sources(rows: list[Row]) -> np.ndarray:
    """Weights so each source counts about as much as its size, but no source swamps the others:
    a source is capped at 4,000 rows' worth of weight (GoEmotions alone has 9,658)."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.source] = counts.get(row.source, 0) + 1
    return np.array([min(1.0, 4000 / counts[row.source]) for row in rows], dtype=np.float64)


def training_rows(side: str, *, shippable_only: bool = True, include_dev: bool = True) -> list[Row]:
    sources = data.INPUT_SOURCES if side == "input" else data.OUTPUT_SOURCES
    rows: list[Row] = []
    for source in sources:
        if shippable_only and (not source.shippable or source.key in NOT_TRAINED_ON):
            continue
        rows += [r for r in data.load(source) if include_dev or r.split != "dev"]
    return rows


def save(path: Path, weights: np.ndarray, bias: float, embedding_weights: np.ndarray | None = None) -> str:
    """Write a scorer's .npz deterministically and return its sha256."""
    arrays = {"weights": weights.astype(np.float32), "bias": np.array(bias, np.float32)}
    if embedding_weights is not None:
        arrays["embedding_weights"] = embedding_weights.astype(np.float32)
    return save_arrays(path, arrays)


def save_arrays(path: Path, arrays: dict[str, np.ndarray]) -> str:
    """Write an .npz deterministically (fixed zip timestamps) and return its sha256."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
    path.write_bytes(buffer.getvalue())
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def write_eval_set(path: Path, per_source: int = 300) -> tuple[int, int]:
    """The small labelled set the app ships for the clinician's threshold control: the held-out (dev) rows
    of licence-compatible sources, never trained on. Up to `per_source` rows a source, chosen at random
    with a fixed seed, positives first so the rare class is kept."""
    import random

    rng = random.Random(20261202)
    chosen: list[Row] = []
    for source in data.INPUT_SOURCES:
        if not source.shippable:
            continue
        dev = [r for r in data.load(source) if r.split == "dev"]
        positives = [r for r in dev if r.label]
        negatives = [r for r in dev if not r.label]
        rng.shuffle(negatives)
        chosen += positives[:per_source] + negatives[:max(0, per_source - len(positives))]
    lines = ["# label<TAB>source<TAB>text — held-out rows for the threshold control (bench/train_scorers.py).",
             "# Public rows: MentalLLaMA T-SID/DR (MIT), GoEmotions (Apache-2.0), DiaSafety (Apache-2.0),",
             "# counsel-chat (MIT), labels ours where the source had none; the rest written by the Confidant project."]
    for row in chosen:
        text = " ".join(row.text.split())
        lines.append(f"{'crisis' if row.label else 'not_crisis'}\t{row.source}\t{text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(chosen), sum(r.label for r in chosen)


def train_side(side: str, c: float, embeddings=None) -> tuple[np.ndarray, float, np.ndarray | None, list[Row]]:
    """Weights over the n-grams (and, with `embeddings`, over the embedding) of the licensed train rows."""
    from scipy.sparse import csr_matrix, hstack

    rows = training_rows(side, include_dev=False)
    texts = [training_text(r) for r in rows]
    x = matrix(texts)
    if embeddings is not None:
        x = hstack([x, csr_matrix(embeddings.embed(texts))]).tocsr()
    y = np.array([r.label for r in rows])
    weights, bias = fit(x, y, c, balance_sources(rows))
    if embeddings is None:
        return weights, bias, None, rows
    return weights[:N_FEATURES], bias, weights[N_FEATURES:], rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--c-input", type=float, default=C_INPUT, help="a candidate C (write it with --out)")
    parser.add_argument("--sentence-margin", type=float, default=SENTENCE_MARGIN_INPUT,
                        help="the input scorer's sentence margin in log-odds (a candidate: write it with --out)")
    parser.add_argument("--embeddings", action="store_true",
                        help="a candidate input scorer that also reads static embeddings (write it with --out)")
    args = parser.parse_args(argv)
    if not data.available():
        sys.exit(f"The safety data is not at {data.SHARED} (set CONFIDANT_SAFETY_DATA).")
    args.out.mkdir(parents=True, exist_ok=True)
    lines = ["# Learned risk scorers: written by bench/train_scorers.py; the app checks each sha256.",
             f'features = "{FEATURES_VERSION}"', ""]
    embeddings_digest = write_embeddings(args.out / EMBEDDINGS) if args.embeddings else None
    for side, c in (("input", args.c_input), ("output", C_OUTPUT)):
        with_embeddings = side == "input" and embeddings_digest is not None
        weights, bias, meaning, rows = train_side(side, c, embedder(args.out) if with_embeddings else None)
        name = f"{side}-scorer.npz"
        digest = save(args.out / name, weights, bias, meaning)
        sources = sorted({r.source for r in rows})
        positives = sum(r.label for r in rows)
        print(f"{side}: {len(rows)} rows ({positives} positive) from {', '.join(sources)} → {name} {digest[:12]}")
        lines += [f"[{side}]", f'file = "{name}"', f'sha256 = "{digest}"',
                  f"trained_on = {sources!r}".replace("'", '"'), f"rows = {len(rows)}", f"positives = {positives}",
                  f"c = {c}"]
        if side == "input":
            lines += [f"sentence_margin = {args.sentence_margin}", f"sentence_floor = {SENTENCE_FLOOR_INPUT}"]
            if with_embeddings:
                lines += [f'embeddings = "{EMBEDDINGS}"', f'embeddings_sha256 = "{embeddings_digest}"']
        lines.append("")
    (args.out / "scorers.toml").write_text("\n".join(lines), encoding="utf-8")
    total, positives = write_eval_set(args.out / "eval_input.tsv")
    print(f"eval_input.tsv: {total} held-out rows ({positives} crisis) for the threshold control")
    return 0


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["balance_sources", "fit", "matrix", "normalise", "training_rows", "training_text"]
