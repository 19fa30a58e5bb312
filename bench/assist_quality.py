"""How good is the toolkit's AI help with a thought record? Run: .venv/bin/python bench/assist_quality.py

Every case in bench/data/assist_quality/ (dev.toml: tuned on; heldout.toml: written after tuning, reported
on its own row) asks for both model-assisted steps, "balanced-thought" and "evidence-against", through
app.cbt.assist.assist exactly as the toolkit does (rails, real encrypted store, default profile), and scores
what would be shown with app.cbt.suggestion_quality: kinder, balanced, uses-evidence, polarity-kept,
whole-sentence, short (<= 40 words), rail. A withheld suggestion helps nobody, so it fails every check.

Modes (--mode): "composed" (the app's default: built from the person's words and curated sentences),
"model-slot" (the model writes the conclusion of a balanced thought, kept only when it passes), and
"free" (the free generation the toolkit used before, with its old prompts: the baseline).

`run(engine, seed=1)` returns the figures as a dict (bench/reply_quality.py adds them to its report).
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import tomllib
from pathlib import Path

from app.cbt.assist import ASSIST_MAX_TOKENS, assist, render_record
from app.cbt.screening import screen_exercise_text
from app.cbt.suggestion_check import check_suggestion
from app.cbt.suggestion_quality import CHECKS, assess
from app.chat.checked_reply import CheckedReply
from app.model.engine import Engine
from app.model.sampling import Sampling
from app.safety import Action, CrisisState, Guardrails, default_profile
from app.safety.crisis import save_crisis_state
from app.storage import Store
from app.storage.journal import ThoughtRecord

DATA = Path(__file__).resolve().parent / "data" / "assist_quality"
SETS = ("dev", "heldout")
STEPS = ("balanced-thought", "evidence-against")
MODES = ("composed", "model-slot", "free")
SAMPLES = 8
RAILS_ANSWERED = ""  # the input rail answered (crisis, out of scope): no suggestion was due, nothing is scored
PASSPHRASE = "assist quality bench passphrase"

# The step prompts the toolkit used before this benchmark (free generation): the baseline.
FREE_PROMPTS = {
    "evidence-against": (
        "The person is filling in a thought record, a common CBT exercise, and asked for help with one step: "
        "finding facts that do not fit their automatic thought. Read their record below. Offer two or three "
        "short, gentle ideas they might consider, written as questions, based only on what they wrote. Do not "
        "tell them what they feel, do not diagnose, and do not give medical or medication advice. Keep it under "
        "80 words."),
    "balanced-thought": (
        "The person is filling in a thought record, a common CBT exercise, and asked for help with one step: a "
        "more balanced thought. Read their record below. Suggest one balanced thought, in the first person, in "
        "one or two sentences, that takes both the evidence for and against into account. It should be "
        "realistic and kind, not falsely positive. Do not diagnose and do not give medical or medication "
        "advice."),
}


def load_cases(name: str) -> list[tuple[str, ThoughtRecord]]:
    data = tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))
    return [(c["id"], ThoughtRecord(situation=c["situation"], automatic_thought=c["thought"],
                                    evidence_for=c.get("for", ""), evidence_against=c.get("against", "")))
            for c in data["case"]]


def _free(engine: Engine, guardrails: Guardrails, step: str, record: ThoughtRecord, sampling: Sampling
          ) -> str | None:
    """The old path: the model writes the whole suggestion; None when the rail or the fit check withheld it."""
    messages = [{"role": "system", "content": f"{guardrails.system_prompt}\n\n{FREE_PROMPTS[step]}"},
                {"role": "user", "content": render_record(record)}]
    rail = guardrails.output_filter(persons_voice=step == "balanced-thought")
    checked = CheckedReply.start(engine, messages, sampling, rail, threading.Event())
    text = "".join(checked).strip()
    if checked.violation is not None or check_suggestion(step, text, record) is not None:
        return None
    return text


def _suggest(engine: Engine, guardrails: Guardrails, store: Store, step: str, record: ThoughtRecord,
             seed: int, mode: str) -> str | None:
    sampling = engine.default_sampling.with_overrides(max_tokens=ASSIST_MAX_TOKENS, seed=seed)
    save_crisis_state(store, CrisisState())  # each case starts outside a crisis
    if mode == "free":  # the old path screened the record the same way first
        screening = screen_exercise_text(guardrails, store, record.texts)
        verdict = guardrails.check_input(render_record(record))
        if screening.crisis or verdict.action in (Action.REDIRECT, Action.BLOCK):
            return RAILS_ANSWERED
        return _free(engine, guardrails, step, record, sampling)
    result = assist(engine, guardrails, step, record, store=store, sampling=sampling,
                    model_slot=mode == "model-slot")
    if not result.asked_model:
        return RAILS_ANSWERED
    return None if result.withheld else result.text


def _score(engine: Engine, guardrails: Guardrails, store: Store, name: str, seed: int, mode: str
           ) -> tuple[dict, list[str]]:
    rows, samples = [], []
    for case_id, record in load_cases(name):
        for step in STEPS:
            text = _suggest(engine, guardrails, store, step, record, seed, mode)
            if text == RAILS_ANSWERED:
                samples.append(f"[{case_id} {step}] the rails answered (not scored)")
                continue
            failed = CHECKS if text is None else assess(step, text, record, guardrails).failed
            rows.append(failed)
            samples.append(f"[{case_id} {step}] {'PASS' if not failed else 'FAIL ' + ','.join(failed)}\n"
                           f"    thought: {record.automatic_thought}\n    -> {text if text else '(withheld)'}")
    total = len(rows)
    figures = {"n": total, "rails_answered": len(samples) - total, "pass_rate": sum(not f for f in rows) / total,
               "withheld": sum(f == CHECKS for f in rows) / total,
               "checks": {check: sum(check not in f for f in rows) / total for check in CHECKS}}
    return figures, samples


def run(engine: Engine, seed: int = 1, *, mode: str = "composed") -> dict:
    """Pass rates (all checks, and per check) on the dev and held-out cases, and sample lines to read."""
    guardrails = Guardrails(default_profile())
    out: dict = {"mode": mode, "seed": seed, "samples": []}
    with tempfile.TemporaryDirectory() as home:
        store = Store.create(Path(home), PASSPHRASE)
        try:
            for name in SETS:
                if not (DATA / f"{name}.toml").is_file():
                    continue
                out[name], samples = _score(engine, guardrails, store, name, seed, mode)
                out["samples"] += samples[:: max(1, len(samples) // SAMPLES)][:SAMPLES // len(SETS)]
                out[f"{name}_lines"] = samples
        finally:
            store.close()
    return out


def _print(result: dict, verbose: bool) -> None:
    print(f"mode {result['mode']}, seed {result['seed']}")
    print(f"{'set':8} {'n':>3} {'rails':>5} {'pass':>6} {'withheld':>9} " + " ".join(f"{c:>14}" for c in CHECKS))
    for name in SETS:
        if name in result:
            r = result[name]
            print(f"{name:8} {r['n']:>3} {r['rails_answered']:>5} {r['pass_rate']:>6.2f} {r['withheld']:>9.2f} "
                  + " ".join(f"{r['checks'][c]:>14.2f}" for c in CHECKS))
    print("\nsamples:")
    lines = [line for name in SETS for line in result.get(f"{name}_lines", [])] if verbose else result["samples"]
    for line in lines:
        print(line)


def main() -> None:
    from app.model.discovery import find_model

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=MODES, default="composed")
    parser.add_argument("--all", action="store_true", help="print every suggestion, not a sample")
    args = parser.parse_args()
    engine = Engine.load(find_model(None, None), n_ctx=2048)
    _print(run(engine, args.seed, mode=args.mode), args.all)


if __name__ == "__main__":
    main()
