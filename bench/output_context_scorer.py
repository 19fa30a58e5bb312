"""Research, not shipped: would an output scorer that reads the person's message do better?

    .venv/bin/python bench/output_context_scorer.py          # tune half, DiaSafety/DICES dev, medical-GPL
    .venv/bin/python bench/output_context_scorer.py --held   # also the held half (a look: count it)

Trains the shipped output scorer's recipe (bench/train_scorers.py: the same licence-compatible rows, train
splits only, C, source weights) four ways and compares ROC AUC and recall at 5% false positives on each
evaluation set, plus the share of CounselChat therapists' answers scored at or above 0.95 (the threshold):
  reply  the reply's n-grams alone (what ships);
  m      plus the message's word 1-2-grams, prefixed "m:" (DiaSafety and DICES carry their context);
  x      plus the reply's word 1-2-grams crossed with what the message asks (context_rules.asks), "x:<ask>:";
  mx     both.
Nothing here is written to assets/.
"""

from __future__ import annotations

import argparse
import math
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import safety_data as data  # noqa: E402
from safety_data import Row  # noqa: E402
from train_scorers import C_OUTPUT, balance_sources, fit, training_rows  # noqa: E402

from app.safety import Guardrails, default_profile  # noqa: E402
from app.safety.features import N_FEATURES, normalise, vector_indices, windows  # noqa: E402

MODES = ("reply", "m", "x", "mx")
RAILS = Guardrails(default_profile())


def _hashed(gram: str) -> int:
    return zlib.crc32(gram.encode()) & (N_FEATURES - 1)


def features(reply: str, message: str, mode: str) -> np.ndarray:
    found = set(vector_indices(windows(reply)[0]).tolist())
    if mode != "reply" and message:
        words = normalise(message[-600:]).split()
        if "m" in mode:
            found |= {_hashed("m:" + " ".join(words[i:i + n])) for n in (1, 2) for i in range(len(words) - n + 1)}
        if "x" in mode:
            asked = sorted(RAILS.message_asks(message)) or ["none"]
            said = normalise(reply).split()
            found |= {_hashed(f"x:{ask}:" + " ".join(said[i:i + n])) for ask in asked for n in (1, 2)
                      for i in range(len(said) - n + 1)}
    return np.array(sorted(found), dtype=np.int64)


def matrix(rows: list[Row], mode: str):
    from scipy.sparse import csr_matrix

    indptr, indices, values = [0], [], []
    for row in rows:
        idx = features(row.text, row.context, mode)
        indices.append(idx)
        values.append(np.full(idx.size, 1.0 / math.sqrt(max(idx.size, 1))))
        indptr.append(indptr[-1] + idx.size)
    return csr_matrix((np.concatenate(values), np.concatenate(indices), indptr), shape=(len(rows), N_FEATURES))


def main(argv: list[str] | None = None) -> int:
    from sklearn.metrics import roc_auc_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held", action="store_true", help="also score the held half of the model's replies")
    args = parser.parse_args(argv)
    train = training_rows("output", include_dev=False)
    labels = np.array([r.label for r in train])
    replies = data.load(data.source("output", "model-replies"))
    sets = {"model replies, tune half": [r for r in replies if r.split == "tune"]}
    if args.held:
        sets["model replies, held half"] = [r for r in replies if r.split == "held"]
    for key in ("diasafety", "dices"):
        sets[f"{key} dev"] = [r for r in data.load(data.source("output", key)) if r.split == "dev"]
    sets["medical-gpl"] = data.load(data.source("output", "medical-gpl"))
    therapists = [r for r in data.load(data.source("output", "counselchat")) if r.split == "dev"]
    print("| features | " + " | ".join(sets) + " | CounselChat answers ≥ 0.95 |")
    print("|---" * (len(sets) + 2) + "|")
    for mode in MODES:
        weights, bias = fit(matrix(train, mode), labels, C_OUTPUT, balance_sources(train))
        cells = []
        for rows in sets.values():
            scores = 1 / (1 + np.exp(-(matrix(rows, mode) @ weights + bias)))
            truth = np.array([r.label for r in rows])
            negatives = np.sort(scores[truth == 0])
            cut = negatives[int(0.95 * len(negatives))]
            cells.append(f"AUC {roc_auc_score(truth, scores):.2f}, {np.mean(scores[truth == 1] > cut):.2f} at 5%")
        flagged = np.mean(1 / (1 + np.exp(-(matrix(therapists, mode) @ weights + bias))) >= 0.95)
        print(f"| {mode} | " + " | ".join(cells) + f" | {flagged:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
