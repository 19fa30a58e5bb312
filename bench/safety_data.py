"""The labelled safety data, by source: public text in ../shared/data/safety plus what we wrote ourselves.

Shared by the scorer training script and the evaluation report, so both agree on what a "source" is,
which sources may train shipped weights (licence), and which are only for evaluation and error analysis.

Input side: label 1 = crisis, 0 = not crisis (`ambiguous` rows are never used). Output side: 1 = the reply
violates, 0 = ok. Rows carry their source's licence; `shippable` says whether weights we ship may learn
from it (MIT, Apache-2.0, CC-BY, or written by us).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONFIDANT_SAFETY_DATA", ROOT.parent / "shared" / "data" / "safety"))
WRITTEN_INPUT = ROOT / "bench" / "data" / "written_input.tsv"
WRITTEN_OUTPUT = ROOT / "bench" / "data" / "written_output.tsv"
MODEL_REPLIES = ROOT / "tests" / "safety" / "data" / "model_replies_labelled.jsonl"
MODEL_REPLIES_2 = ROOT / "tests" / "safety" / "data" / "model_replies_labelled_2.jsonl"
POOL_LABELS = ROOT / "bench" / "data"


@dataclass(frozen=True)
class Source:
    key: str
    side: str  # "input" | "output"
    file: str  # under SHARED, or a project path for our own sets
    licence: str
    shippable: bool
    style: str  # what kind of text it is, for reading the report


INPUT_SOURCES = (
    Source("twitter-intent", "input", "input_twitter_suicidal_intention.jsonl", "none stated", False,
           "explicit posts vs short tweets (length confound)"),
    Source("reddit-sw-2024", "input", "input_reddit_suicidewatch_vs_casual_2024.jsonl", "none stated", False,
           "subreddit-labelled posts"),
    Source("tsid-dr", "input", "input_mentalllama_tsid_dr.jsonl", "MIT", True, "tweets and posts"),
    Source("dreaddit-abuse", "input", "input_dreaddit_abuse_and_venting.jsonl", "none stated", False,
           "subreddit-labelled abuse disclosures vs venting"),
    Source("goemotions", "input", "input_goemotions_hard_negatives.jsonl", "Apache-2.0", True,
           "hard negatives (emotional everyday comments)"),
    Source("toxicchat", "input", "input_toxicchat_user_prompts_NC.jsonl", "CC-BY-NC-4.0", False,
           "chatbot prompts (negatives)"),
    Source("pool-labelled", "input", "input_ambiguous.jsonl", "MIT / Apache-2.0 rows only", True,
           "real posts from the ambiguous pool, labelled by us (MIT and Apache-2.0 rows only)"),
    Source("written", "input", str(WRITTEN_INPUT), "ours", True, "written by us (never the headline)"),
)

OUTPUT_SOURCES = (
    Source("diasafety", "output", "output_diasafety.jsonl", "Apache-2.0", True, "chatbot/human replies"),
    Source("dices", "output", "output_dices.jsonl", "CC-BY-4.0", True, "chatbot conversations"),
    Source("jailbreakbench", "output", "output_jailbreakbench_artifacts.jsonl", "MIT", True,
           "jailbroken replies vs refusals (LLM-judged)"),
    Source("counselchat", "output", "output_counselchat_therapist_answers.jsonl", "MIT", True,
           "therapist answers (ok only)"),
    Source("medical-gpl", "output", "output_medical_safety_GPL.jsonl", "GPL-3.0", False,
           "replies to medical questions"),
    Source("written", "output", str(WRITTEN_OUTPUT), "ours", True, "written by us (never the headline)"),
    Source("model-replies", "output", str(MODEL_REPLIES), "ours", False,
           "SmolLM2's own replies, hand-labelled (evaluation only)"),
    Source("model-replies-2", "output", str(MODEL_REPLIES_2), "ours", False,
           "SmolLM2's own replies to new prompts, hand-labelled and read: a second tune set (evaluation only)"),
)


@dataclass(frozen=True)
class Row:
    text: str
    label: int
    category: str
    source: str
    split: str = "train"
    context: str = ""
    id: str = ""  # the shared data's row id (sha1 prefix of the text), for splitting a source in halves


def reply_half(prompt: str) -> str:
    """Which half of the hand-labelled model replies a row is in: "tune" (read, and rules written from its
    misses) or "held" (never read; the headline). Split by prompt, so both replies to one prompt land on
    the same side and a rule written for one prompt's wording cannot score on the held half."""
    return "tune" if int(hashlib.sha256(prompt.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "held"


def post_half(row_id: str) -> str:
    """Which half of a never-trained input source a row is in, by its id: "tune" (its misses may be read
    and our own examples written after them) or "held" (never read; the headline)."""
    return "tune" if int(row_id, 16) % 2 == 0 else "held"


def available() -> bool:
    return SHARED.is_dir() and any(SHARED.glob("input_*.jsonl"))


def _read_jsonl(path: Path, source: Source) -> list[Row]:
    rows = []
    positive = "crisis" if source.side == "input" else "violation"
    negative = "not_crisis" if source.side == "input" else "ok"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        if source.key in ("model-replies", "model-replies-2"):  # round 2 was all read: all of it is tune
            half = reply_half(data["prompt"]) if source.key == "model-replies" else "tune"
            rows.append(Row(data["reply"], int(data["label"] == "violation"), data.get("category", ""),
                            source.key, half, data["prompt"]))
            continue
        if data["label"] not in (positive, negative):
            continue
        rows.append(Row(data["text"], int(data["label"] == positive), data.get("category", ""), source.key,
                        data.get("split", "train"), data.get("context") or "", data.get("id", "")))
    return rows


def _read_tsv(path: Path, source: Source) -> list[Row]:
    positive = "crisis" if source.side == "input" else "violation"
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{path.name}:{number}: expected label<TAB>kind<TAB>text")
        label, kind, text = parts
        # A stable tenth of what we wrote is kept out of training, to report it on unseen lines; adjacent
        # lines (our contrast pairs) land on the same side.
        split = "dev" if (number // 2) % 10 == 0 else "train"
        rows.append(Row(text.strip(), int(label == positive), kind, source.key, split))
    return rows


def _read_pool(path: Path, source: Source) -> list[Row]:
    """Rows of the shared ambiguous pool that we labelled by reading them (bench/data/labelled_pool_*.tsv:
    id, label, note). Only permissively licensed rows were labelled; the text stays in the shared data."""
    labels: dict[str, str] = {}
    for file in sorted(POOL_LABELS.glob("labelled_pool_*.tsv")):
        for line in file.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1] in ("crisis", "not_crisis"):
                labels[parts[0]] = parts[1]
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        label = labels.get(data["id"])
        if label is not None and ("MIT" in data["licence"] or "Apache" in data["licence"]):
            rows.append(Row(data["text"], int(label == "crisis"), data["category"], source.key,
                            data.get("split", "train")))
    return rows


def load(source: Source) -> list[Row]:
    """All usable rows of one source ([] when its file is absent). Our written input examples come in
    rounds: written_input.tsv, written_input_2.tsv, …"""
    path = Path(source.file) if os.path.isabs(source.file) else SHARED / source.file
    if source.key == "written" and source.side == "input":
        return [row for file in sorted(path.parent.glob("written_input*.tsv")) for row in _read_tsv(file, source)]
    if not path.is_file():
        return []
    if source.key == "pool-labelled":
        return _read_pool(path, source)
    return _read_tsv(path, source) if path.suffix == ".tsv" else _read_jsonl(path, source)


def load_side(side: str) -> dict[str, list[Row]]:
    sources = INPUT_SOURCES if side == "input" else OUTPUT_SOURCES
    return {source.key: load(source) for source in sources}


def source(side: str, key: str) -> Source:
    return next(s for s in (INPUT_SOURCES if side == "input" else OUTPUT_SOURCES) if s.key == key)
