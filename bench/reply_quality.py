"""Reply-quality benchmark (issue 11): are the default model's replies worth reading?

Run: .venv/bin/python bench/reply_quality.py [--set dev|dev2|dev3|dev4|dev5|heldout|heldout2|heldout3|real|all]
         [--style guided|free|both] [--variant current|short|fewshot] [--profile ID|all] [--sample N]
         [--seed N] [--out FILE.json]

It drives the real ChatSession exactly as a front end does (`session.send(text).finish()`), with the real
default model and a profile's guardrails, and scores every model reply with the pure checks in
bench/reply_checks.py (whole sentence, no human claims, no repeats, a CBT move, 15–150 words, on topic),
plus "shown": a reply the output rail withheld fails, since the person saw the profile's stock text.
Fixed safety replies (crisis, check-in, redirect, holding) are not scored; they are counted per row,
because a check-in on an everyday message is itself a failure for the person. A reply passes when it
passes every check. The benchmark is independent of how replies are made: it only sends and reads.

Rows:
  real     60 everyday stress posts (Dreaddit, label not_crisis, first 60 by id) read from the shared safety
           data at run time. Licence "none stated": never copied into the project, and --out keeps their ids,
           not their text. The headline figure; skipped with a message when the data is absent.
  dev      our written messages and conversations (bench/data/reply_quality/dev.toml): tune on these.
  dev2     a second written set (dev2.toml), in new wording, weighted to what failed on new wording: low-mood
           conversations with short follow-ups, questions about the mind, follow-up questions. Tune on it.
  dev3     a third written set (dev3.toml) for staying on topic: everyday subjects the others barely touch
           (pets, money, moving house, a sick parent, a new city, pain), two subjects in one message, and
           conversations that change subject part-way. Tune on it.
  dev4     written by a session that never read the project (dev4.toml, 2026-12-03): its first run is an
           honest figure for new wording; tuned on after that.
  dev5     written by a second isolated session (dev5.toml, 2026-12-03, with heldout3): its first run is an
           honest figure for new wording; tuned on after that.
  heldout  written later in different words (heldout.toml): check a change generalises; never tune on it.
  heldout2 written with dev4 by the same isolated session (heldout2.toml): never read, never tuned on; the
           honest figure once heldout had been run several times.
  heldout3 written with dev5 by the second isolated session (heldout3.toml): never read, never tuned on.
           Held-out replies are printed as samples only when the set is the only one asked for.

Styles: passed to ChatSession(style=...) when the session takes one; otherwise the session's own style.
Variants change the free style's prompting through the profile (dataclasses.replace, so the rails are the
profile's own):
  current  the profile's system prompt as it is;
  short    a two-sentence persona and instruction (an AI companion; one short reflection, then one
           question; never talk about yourself) in place of `persona` and `system_prompt_text`;
  fewshot  `short` plus example exchanges: the profile's [[assistant.examples]] if it has any, else the
           four written below. If the session already shows the profile's examples to the model (probed on
           a fresh session's prompt), they are set on the profile; otherwise they are inserted as earlier
           turns of the conversation (ChatSession(messages=...)), which is what the model would see. Either
           way the example replies count as earlier replies for the repeat check (copying them is a loop),
           and never as what the person said for the topic check.

Repeatable: each conversation gets its own seed (--seed plus a checksum of its id), the KV cache is
dropped before each one, so a reply does not depend on which items ran before it.
Speed: tokens per second over the whole send-and-finish call (Reply.tokens / wall time), per row.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import random
import statistics
import sys
import time
import tomllib
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import reply_checks as checks
import safety_data

from app.chat.errors import ChatError
from app.chat.messages import ChatMessage, Role, Status
from app.chat.session import ChatSession, ReplyKind
from app.model.engine import Engine
from app.safety import Guardrails, Profile, default_profile, load_profile, shipped_profiles
from app.safety.errors import SafetyError
from app.safety.profile import Example

DATA = Path(__file__).resolve().parent / "data" / "reply_quality"
REAL_FILE = "input_dreaddit_abuse_and_venting.jsonl"
REAL_SAMPLE = 60
SEED = 1111
SETS = ("real", "dev", "dev2", "dev3", "dev4", "dev5", "heldout", "heldout2", "heldout3")
# Never tuned on; their replies are not printed beside other sets.
HELD_OUT = frozenset({"heldout", "heldout2", "heldout3"})
SHOWN = "shown"
ALL_CHECKS = (*checks.CHECK_NAMES, SHOWN)

SHORT_PERSONA = "You are Confidant, an AI companion for everyday wellbeing, not a person."
SHORT_INSTRUCTIONS = ("Reply in two short sentences: first reflect the feeling you hear, then ask one gentle "
                      "question. Never talk about yourself.")
# Example exchanges for `fewshot` when the profile has none. Situations on purpose not in dev or heldout.
FEW_SHOT = (
    ("I've got a big family dinner on Sunday and I'm already dreading it.",
     "It sounds like Sunday is already weighing on you, and dreading a big gathering makes sense. What part "
     "of the dinner feels hardest to face?"),
    ("i keep telling myself im lazy because i didnt go for a run this morning",
     "That sounds like a harsh label for one missed run, and it seems to be leaving you feeling low. What "
     "would you say to a friend who skipped a run?"),
    ("What's a 'should' statement?",
     "A 'should' statement is a thinking trap where we hold ourselves to rigid rules, like 'I should always "
     "be on top of things', and then feel guilty when we fall short. Could you notice one 'should' you said "
     "to yourself today?"),
    ("I finally cleared out my inbox today.",
     "Well done, that sounds like a real weight off, and it took effort to start. How do you feel now that "
     "it's done?"),
)


# ---- message sets ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One single message or one conversation (turns sent in order, each answering the reply before)."""

    set: str
    id: str
    category: str
    turns: tuple[str, ...]

    @property
    def is_conversation(self) -> bool:
        return len(self.turns) > 1


def load_set(name: str) -> list[Item]:
    """A written set (dev to dev5, heldout to heldout3) from bench/data/reply_quality/<name>.toml."""
    data = tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))
    items = [Item(name, m["id"], m["category"], (m["text"],)) for m in data.get("message", [])]
    items += [Item(name, c["id"], c["category"], tuple(c["turns"])) for c in data.get("conversation", [])]
    return items


def real_items(limit: int = REAL_SAMPLE) -> list[Item] | None:
    """The first `limit` everyday (not_crisis) Dreaddit posts by id, or None when the data is absent."""
    path = safety_data.SHARED / REAL_FILE
    if not path.is_file():
        return None
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = sorted((r for r in rows if r["label"] == "not_crisis"), key=lambda r: r["id"])[:limit]
    return [Item("real", r["id"], "real", (r["text"],)) for r in rows]


def spread(items: list[Item], count: int | None) -> list[Item]:
    """`count` items taken evenly across the set (so categories and conversations both appear)."""
    if not count or count >= len(items):
        return items
    return [items[i * len(items) // count] for i in range(count)]


# ---- prompting variants ------------------------------------------------------------------------------

def variant_profile(profile: Profile, variant: str) -> Profile:
    """The profile with the variant's prompt (same rails); `fewshot` also carries example exchanges (the
    profile's own, else FEW_SHOT)."""
    if variant == "current":
        return profile
    short = dataclasses.replace(profile, persona=SHORT_PERSONA, system_prompt_text=SHORT_INSTRUCTIONS)
    if variant == "short" or profile.examples:
        return short
    return dataclasses.replace(short, examples=tuple(Example(user, reply) for user, reply in FEW_SHOT))


def session_shows_examples(engine: Engine, guardrails: Guardrails) -> bool:
    """Whether the session itself puts the profile's examples in front of the model (probed, not assumed)."""
    pairs = guardrails.profile.examples
    if not pairs:
        return False
    session = ChatSession(engine, guardrails, messages=[ChatMessage(Role.USER, "hello")])
    prompt = " ".join(m["content"] for m in session.prompt_messages())
    return pairs[0].assistant in prompt


# ---- running -----------------------------------------------------------------------------------------

def session_takes_style() -> bool:
    return "style" in inspect.signature(ChatSession).parameters


@dataclass
class Scored:
    """One reply: a model reply with its checks, or a fixed safety reply (kind != "model", no checks)."""

    set: str
    item: str
    category: str
    turn: int
    message: str
    reply: str
    kind: str
    tokens: int = 0
    seconds: float = 0.0
    checks: tuple[checks.Check, ...] = ()

    @property
    def scored(self) -> bool:
        return self.kind == ReplyKind.MODEL

    @property
    def passed(self) -> bool:
        return self.scored and all(c.passed for c in self.checks)

    @property
    def failed(self) -> list[checks.Check]:
        return [c for c in self.checks if not c.passed]


@dataclass
class Runner:
    """One configuration: a model, the guardrails of a profile (variant applied), a style and a seed."""

    engine: Engine
    guardrails: Guardrails
    style: str | None = None
    examples: Sequence[tuple[str, str]] = ()  # inserted as earlier turns (fewshot when the session doesn't)
    seed: int = SEED
    prior_replies: Sequence[str] = field(default=())  # example replies the repeat check also compares with

    def run(self, items: Sequence[Item], *, progress: bool = False) -> list[Scored]:
        results = []
        for done, item in enumerate(items, start=1):
            results += self.run_item(item)
            if progress:
                print(f"\r{item.set} {done}/{len(items)}", end="", file=sys.stderr, flush=True)
        if progress:
            print(file=sys.stderr)
        return results

    def run_item(self, item: Item) -> list[Scored]:
        self.engine.forget_cache()
        seed = (self.seed + zlib.crc32(item.id.encode())) % (1 << 31)
        sampling = self.engine.default_sampling.with_overrides(seed=seed)
        prior = [ChatMessage(role, text) for user, reply in self.examples
                 for role, text in ((Role.USER, user), (Role.ASSISTANT, reply))]
        extra = {"style": self.style} if self.style is not None and session_takes_style() else {}
        session = ChatSession(self.engine, self.guardrails, sampling=sampling, messages=prior, **extra)
        said: list[str] = []
        replies: list[str] = list(self.prior_replies)
        results = []
        for turn, text in enumerate(item.turns):
            said.append(text)
            start = time.perf_counter()
            try:
                stream = session.send(text)
                reply = stream.finish()
            except ChatError as error:  # the session refused: report it as a reply the person saw
                results.append(Scored(item.set, item.id, item.category, turn, text, str(error), "error"))
                continue
            seconds = time.perf_counter() - start
            scored = Scored(item.set, item.id, item.category, turn, text, reply.text, str(stream.kind),
                            reply.tokens, seconds)
            if stream.kind is ReplyKind.MODEL:
                found = checks.score_reply(reply.text, said, replies, item.category)
                shown = (checks.Check(SHOWN, True) if reply.status is not Status.WITHHELD else
                         checks.Check(SHOWN, False, f"withheld by the output rail ({_rule(reply)})"))
                scored.checks = (*found, shown)
                replies.append(reply.text)
            results.append(scored)
        return results


def _rule(reply) -> str:
    return reply.violation.rule if reply.violation is not None else "?"


def make_runner(engine: Engine, profile: Profile, *, style: str | None, variant: str,
                seed: int = SEED) -> Runner:
    guardrails = Guardrails(variant_profile(profile, variant))
    if variant != "fewshot":
        return Runner(engine, guardrails, style, seed=seed)
    pairs = [(e.user, e.assistant) for e in guardrails.profile.examples]
    inserted = () if session_shows_examples(engine, guardrails) else pairs
    return Runner(engine, guardrails, style, inserted, seed, tuple(reply for _, reply in pairs))


# ---- reporting ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RowSummary:
    name: str
    messages: int  # messages sent (every turn of every conversation)
    scored: int  # model replies scored
    passed: int
    per_check: dict[str, float]
    safety: dict[str, int]  # fixed safety replies by kind
    mean_words: float
    tokens_per_second: float

    @property
    def pass_rate(self) -> float:
        return self.passed / self.scored if self.scored else float("nan")


def summarise(name: str, results: Sequence[Scored]) -> RowSummary:
    model = [r for r in results if r.scored]
    per_check = {n: sum(c.passed for r in model for c in r.checks if c.name == n) / len(model) if model
                 else float("nan") for n in ALL_CHECKS}
    seconds = sum(r.seconds for r in model)
    return RowSummary(
        name, len(results), len(model), sum(r.passed for r in model), per_check,
        dict(Counter(r.kind for r in results if not r.scored)),
        statistics.fmean(len(checks.words(r.reply)) for r in model) if model else float("nan"),
        sum(r.tokens for r in model) / seconds if seconds else float("nan"))


SHORT_NAMES = {"whole-sentence": "whole", "no-human-claims": "no-human", "no-repeats": "no-rep",
               "cbt-move": "cbt", "length": "length", "on-topic": "topic", SHOWN: "shown"}


def format_table(rows: Sequence[RowSummary]) -> str:
    head = (f"{'row':<9}{'msgs':>5}{'scored':>7}{'pass':>7}"
            + "".join(f"{SHORT_NAMES[n]:>9}" for n in ALL_CHECKS) + f"{'words':>7}{'tok/s':>7}  safety replies")
    lines = [head]
    for r in rows:
        safety = ", ".join(f"{k} {v}" for k, v in sorted(r.safety.items())) or "none"
        lines.append(f"{r.name:<9}{r.messages:>5}{r.scored:>7}{r.pass_rate:>7.0%}"
                     + "".join(f"{r.per_check[n]:>9.0%}" for n in ALL_CHECKS)
                     + f"{r.mean_words:>7.0f}{r.tokens_per_second:>7.0f}  {safety}")
    return "\n".join(lines)


def format_sample(results: Sequence[Scored], count: int, seed: int) -> str:
    """`count` scored replies picked at random (fixed seed), as message → reply and what failed."""
    pool = [r for r in results if r.scored]
    picked = random.Random(seed).sample(pool, min(count, len(pool)))
    blocks = []
    for r in sorted(picked, key=lambda r: (SETS.index(r.set), r.item, r.turn)):
        message = r.message if len(r.message) <= 300 else r.message[:300] + " […]"
        failed = "; ".join(f"{c.name}: {c.reason}" for c in r.failed) or "none — passes"
        blocks.append(f"[{r.set} {r.item} turn {r.turn + 1} · {r.category}]\n  person: {message}\n"
                      f"  reply:  {r.reply}\n  failed: {failed}")
    return "\n\n".join(blocks)


def as_json(r: Scored) -> dict:
    """A reply for --out. Real posts are kept by id only: their text is not ours to copy."""
    return {"set": r.set, "item": r.item, "turn": r.turn, "category": r.category,
            "message": None if r.set == "real" else r.message, "reply": r.reply, "kind": r.kind,
            "tokens": r.tokens, "seconds": round(r.seconds, 3), "passed": r.passed,
            "checks": {c.name: "pass" if c.passed else c.reason for c in r.checks}}


# ---- command line ------------------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="dev")
    parser.add_argument("--style", choices=("guided", "free", "both"), default=None,
                        help="default: the session's own choice (the profile's, else by the model's size)")
    parser.add_argument("--variant", choices=("current", "short", "fewshot"), default="current")
    parser.add_argument("--profile", default=None, help="a shipped profile id, a .toml file, or 'all'")
    parser.add_argument("--sample", type=int, default=8, metavar="N", help="replies to print (0: none)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="only N items per set, spread evenly over it (a quick look, not the figure)")
    parser.add_argument("--threads", type=int, default=None, metavar="N",
                        help="llama.cpp threads (default: the app's); 1 is faster on a busy machine")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE.json")
    args = parser.parse_args(argv)

    try:
        profiles = ([load_profile(p) for p in shipped_profiles()] if args.profile == "all" else
                    [load_profile(args.profile) if args.profile else default_profile()])
    except SafetyError as error:
        print(error, file=sys.stderr)
        return 2
    sets = SETS if args.set == "all" else (args.set,)
    items: dict[str, list[Item]] = {}
    for name in sets:
        loaded = real_items() if name == "real" else load_set(name)
        if loaded is None:
            print(f"real: skipped — the shared safety data is not at {safety_data.SHARED / REAL_FILE}")
            continue
        items[name] = spread(loaded, args.limit)
    styles: list[str | None] = ["guided", "free"] if args.style == "both" else [args.style]
    if args.style and not session_takes_style():
        print("ChatSession takes no style yet: every reply comes from its one (free) path.")
        styles = [None]

    from app.model.discovery import find_model

    engine = Engine.load(find_model(None, None), n_threads=args.threads)
    print(f"model {engine.info.name} · seed {args.seed} · variant {args.variant}")
    report: list[dict] = []
    for profile in profiles:
        for style in styles:
            runner = make_runner(engine, profile, style=style, variant=args.variant, seed=args.seed)
            results = {name: runner.run(batch, progress=True) for name, batch in items.items()}
            rows = [summarise(name, found) for name, found in results.items()]
            label = style or (f"session default: {runner_style(engine, runner)}")
            print(f"\nprofile {profile.id} · style {label} · variant {args.variant}")
            print(format_table(rows))
            shown = [r for name, found in results.items() if name not in HELD_OUT or len(items) == 1 for r in found]
            if args.sample:
                print(f"\nsample of {args.sample} replies (heldout only when it is the only set):\n")
                print(format_sample(shown, args.sample, args.seed))
            report.append({"profile": profile.id, "style": style, "variant": args.variant, "seed": args.seed,
                           "rows": [dataclasses.asdict(r) | {"pass_rate": r.pass_rate} for r in rows],
                           "replies": [as_json(r) for found in results.values() for r in found]})
    if args.out:
        args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
        print(f"\nwrote {args.out}")
    return 0


def runner_style(engine: Engine, runner: Runner) -> str:
    if not session_takes_style():
        return "free (the session has one style)"
    return str(ChatSession(engine, runner.guardrails).style)


if __name__ == "__main__":
    raise SystemExit(main())
