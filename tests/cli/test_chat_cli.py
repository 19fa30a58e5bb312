"""`confidant chat` as people and scripts use it: through a pipe, in a separate process, saving to the
encrypted store."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from app.safety import default_profile

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "tidewater lantern 42"


def confidant(*args: str, stdin: str = "", home: Path | None = None, env: dict | None = None,
              ) -> subprocess.CompletedProcess:
    extra = {"CONFIDANT_PASSPHRASE": PASSPHRASE}
    if home is not None:
        extra["CONFIDANT_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={**os.environ, **extra, **(env or {})},
    )


def test_chat_over_a_pipe_answers_each_line_and_exits_0(tmp_path: Path) -> None:
    result = confidant("chat", "--style", "free", "--seed", "1", "--temperature", "0", "--max-tokens", "24",
                       stdin="Hello there.\n\nWhat is the capital of France?\n", home=tmp_path)
    assert result.returncode == 0, result.stderr
    replies = result.stdout.splitlines()
    assert len(replies) == 2 and all(r.strip() for r in replies)  # one line per message; the blank line is none
    assert "not a person" in result.stderr  # the profile's disclaimer opens the conversation
    assert "Traceback" not in result.stderr


def test_chat_is_saved_and_can_be_continued(tmp_path: Path) -> None:
    first = confidant("chat", "--temperature", "0", "--max-tokens", "16", stdin="My cat is called Miso.\n",
                      home=tmp_path)
    assert first.returncode == 0, first.stderr
    listing = confidant("history", "list", home=tmp_path)
    assert "My cat is called Miso." in listing.stdout
    again = confidant("chat", "--conversation", "1", "--temperature", "0", "--max-tokens", "16",
                      stdin="What did I just tell you?\n", home=tmp_path)
    assert again.returncode == 0, again.stderr
    shown = confidant("history", "show", "1", home=tmp_path)
    assert shown.stdout.count("Miso") >= 1 and "What did I just tell you?" in shown.stdout


def test_continuing_a_missing_conversation_is_a_clear_error(tmp_path: Path) -> None:
    result = confidant("chat", "--conversation", "99", stdin="hi\n", home=tmp_path)
    assert result.returncode == 2
    assert "no conversation 99" in result.stderr and "Traceback" not in result.stderr


def test_crisis_flow_end_to_end(tmp_path: Path) -> None:
    script = ("I feel like I want to end my life.\n"
              "I'm fine now.\n"
              "/safe\n"
              "Could you suggest one small thing I can do this evening?\n")
    result = confidant("chat", "--temperature", "0", "--max-tokens", "32", stdin=script, home=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "988" in out and "116 123" in out  # real help lines, in the reply itself
    assert "I'm still here with you" in out  # "I'm fine" is not the way out
    assert "Thank you for letting me know" in out  # the explicit confirmation
    assert "/safe" in result.stderr  # the person is told how to confirm
    audit = confidant("audit", "list", home=tmp_path)
    assert audit.returncode == 0, audit.stderr
    assert "input.crisis" in audit.stdout and "end my life" not in audit.stdout


def test_a_canary_appears_nowhere_in_plaintext(tmp_path: Path) -> None:
    """Nothing a person writes reaches the disk unencrypted: not the database, WAL, temp files or logs."""
    canary = "Zanzibar-marmalade-7319 is my secret canary sentence"
    home = tmp_path / "home"
    temp = tmp_path / "tmp"
    temp.mkdir()
    before = set(Path(tempfile.gettempdir()).iterdir())
    result = confidant("chat", "--temperature", "0", "--max-tokens", "24", stdin=f"{canary}\nhello\n",
                       home=home, env={"TMPDIR": str(temp)})
    assert result.returncode == 0, result.stderr
    written = [p for p in home.rglob("*") if p.is_file()] + [p for p in temp.rglob("*") if p.is_file()]
    written += [p for p in set(Path(tempfile.gettempdir()).iterdir()) - before if p.is_file()]
    assert any(p.name.startswith("history") for p in written)
    for path in written:
        raw = path.read_bytes()
        assert b"Zanzibar" not in raw and "Zanzibar".encode("utf-16-le") not in raw, path
    assert "Zanzibar" not in result.stderr


def test_version() -> None:
    result = confidant("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("Confidant ")


def test_a_bad_model_is_one_readable_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    bad = tmp_path / "model.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\x00" * 5)
    result = confidant("chat", "--model", str(bad), stdin="hi\n", home=tmp_path / "home")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert "incomplete" in result.stderr


def test_invalid_flag_value_is_refused() -> None:
    result = confidant("chat", "--max-tokens", "0")
    assert result.returncode == 2
    assert "must be at least 1" in result.stderr


def check_in_profile(tmp_path: Path, risky: str, calm: str) -> Path:
    """The default profile with its check-in threshold set between the shipped scorer's scores for `risky`
    and `calm` (so the test does not depend on the exact weights), no crisis from the score alone, and no
    build-up."""
    from app.safety import Guardrails

    rails = Guardrails(default_profile())
    high, low = rails.input_score(risky), rails.input_score(calm)
    assert high is not None and low is not None and high > low + 0.1, (high, low)
    assert rails.check_input(risky).rule in (None, "scorer.input")  # no rule fires: the score decides
    text = (ROOT / "assets" / "profiles" / "general-wellbeing.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^crisis_threshold = .*$", "crisis_threshold = 1.0", text)
    text = re.sub(r"(?m)^check_in_threshold = .*$", f"check_in_threshold = {(high + low) / 2:.4f}", text)
    text = re.sub(r"(?m)^build_up_threshold = .*$", "build_up_threshold = 20.0", text)
    path = tmp_path / "check-in.toml"
    path.write_text(text, encoding="utf-8")
    return path


RISKY = "I am so tired of everything"
CALM = "What is the capital of France?"


def test_a_check_in_over_a_pipe_answered_no_then_the_model_answers(tmp_path: Path) -> None:
    home = tmp_path / "home"
    installed = confidant("profile", "install", str(check_in_profile(tmp_path, RISKY, CALM)), home=home)
    assert installed.returncode == 0, installed.stderr
    result = confidant("chat", "--style", "free", "--temperature", "0", "--max-tokens", "24",
                       stdin=f"/yes\n{RISKY}\n/no\n{CALM}\n", home=home)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    question = "are you having thoughts of ending your life or of hurting yourself?"
    assert out.startswith("There is no question waiting for an answer.\n")  # /yes with nothing asked
    assert question in out and "988" in out and "116 123" in out  # the question comes with the help lines
    assert "Answer yes, no or not sure (or /yes, /no, /unsure)." in result.stderr
    assert "If that changes, the help lines are always there for you" in out  # the answer no
    model_reply = out.split("What would you like to talk about?")[1].strip()  # then the model answers
    assert model_reply and question not in model_reply and len(model_reply.splitlines()) == 1
    assert "Traceback" not in result.stderr
    audit = confidant("audit", "list", home=home)
    assert "input.check-in" in audit.stdout and "input.check-in-no" in audit.stdout
    shown = confidant("history", "show", "1", home=home)
    assert question in shown.stdout and RISKY in shown.stdout


def test_a_check_in_answered_in_words_not_sure_starts_the_crisis_flow(tmp_path: Path) -> None:
    home = tmp_path / "home"
    installed = confidant("profile", "install", str(check_in_profile(tmp_path, RISKY, CALM)), home=home)
    assert installed.returncode == 0, installed.stderr
    result = confidant("chat", "--temperature", "0", "--max-tokens", "24", stdin=f"{RISKY}\nnot sure\n{CALM}\n",
                       home=home)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # one reply per message, in order: the question, the crisis response, the holding message
    asked = out.index("thoughts of ending your life")
    crisis = out.index(default_profile().crisis_category("suicide-self-harm").response.splitlines()[0])
    holding = out.index("I'm still here with you")
    assert asked < crisis < holding and "Paris" not in out
    assert "/safe" in result.stderr
    audit = confidant("audit", "list", home=home)
    assert "input.crisis" in audit.stdout and "check-in.unsure" in audit.stdout


# ---- the pipe contract: one line per reply, or one JSON object per reply -------------------------------------

CRISIS = "I feel like I want to end my life."


def test_over_a_pipe_every_reply_is_exactly_one_line_with_its_line_breaks_escaped(tmp_path: Path) -> None:
    from app.cli.chat_output import unescape_line
    from app.storage import Store

    messages = [CRISIS, "I'm fine now.", "/safe", "/safe", "Write two short paragraphs about the sea.",
                "/no"]
    result = confidant("chat", "--style", "free", "--temperature", "0", "--max-tokens", "60",
                       stdin="\n".join(messages) + "\n", home=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(messages), lines  # one line out for each line in, whatever the reply holds
    crisis = unescape_line(lines[0])
    response = default_profile().crisis_category("suicide-self-harm").response
    assert crisis.startswith(response + "\n") and lines[0].startswith(response + "\\n")  # escaped, not dropped
    help_lines = crisis[len(response):].strip().splitlines()  # the help lines are folded into the same line
    assert any("988" in line for line in help_lines) and any("116 123" in line for line in help_lines)
    store = Store.open(tmp_path, PASSPHRASE)
    try:
        model_reply = store.messages(1)[-1].content  # the reply to the paragraphs request, as saved
    finally:
        store.close()
    assert unescape_line(lines[4]) == model_reply  # exactly the saved reply, its own line breaks included
    assert "I'm still here with you" in lines[1]
    assert "Thank you for letting me know" in lines[2]
    assert lines[3] == "There is nothing to confirm: the conversation is not paused."
    assert lines[5] == "There is no question waiting for an answer."
    assert "/safe" in result.stderr and "Traceback" not in result.stderr


def test_escaping_keeps_backslashes_and_every_kind_of_line_break_reversible() -> None:
    from app.cli.chat_output import escape_line, unescape_line

    text = "C:\\notes\\n is not a newline\nsecond\r\nthird\u2028fourth"
    line = escape_line(text)
    assert len(line.splitlines()) == 1  # not even str.splitlines finds a break in it
    assert line == "C:\\\\notes\\\\n is not a newline\\nsecond\\nthird\\nfourth"
    assert unescape_line(line) == "C:\\notes\\n is not a newline\nsecond\nthird\nfourth"


def test_json_mode_gives_one_object_per_reply_with_its_kind_status_and_verdict(tmp_path: Path) -> None:
    import json

    messages = ["/yes", CRISIS, "I'm fine now.", "/safe", "What is the capital of France?"]
    result = confidant("chat", "--json", "--temperature", "0", "--max-tokens", "24",
                       stdin="\n".join(messages) + "\n", home=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(messages), lines
    error, crisis, holding, resume, model = (json.loads(line) for line in lines)
    assert error == {"error": "There is no question waiting for an answer."}
    assert crisis["kind"] == "crisis" and crisis["status"] == "complete"
    assert crisis["verdict"]["action"] == "crisis" and crisis["verdict"]["category"] == "suicide-self-harm"
    assert crisis["verdict"]["rule"]  # the rule that fired is named
    assert crisis["text"] == default_profile().crisis_category("suicide-self-harm").response
    assert any("988" in line for line in crisis["resources"]) and "988" not in crisis["text"]
    assert holding["kind"] == "holding" and "I'm still here with you" in holding["text"]
    assert resume["kind"] == "resume" and "Thank you for letting me know" in resume["text"]
    assert model["kind"] == "model" and model["verdict"] is None and model["resources"] == []
    assert model["status"] in ("complete", "incomplete", "withheld") and model["text"]
    assert model["finish_reason"] in ("stop", "length", "repetition", "context")
    assert model["conversation"] == crisis["conversation"] == 1
    assert model["style"] in ("guided", "free")
    shown = confidant("history", "show", "1", home=tmp_path)
    assert model["text"] in shown.stdout  # the text given is the text saved


def test_the_reply_style_comes_from_the_setting_and_the_flag_wins(tmp_path: Path) -> None:
    import json

    from app.settings import AppSettings
    from app.storage import Store

    first = confidant("chat", "--json", "--max-tokens", "16", stdin="Hello.\n", home=tmp_path)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["style"] == "guided"  # auto: the default model is small
    store = Store.open(tmp_path, PASSPHRASE)
    try:
        AppSettings.load(store).changed(reply_style="free").save(store)
    finally:
        store.close()
    stored = confidant("chat", "--json", "--max-tokens", "16", stdin="Hello.\n", home=tmp_path)
    assert json.loads(stored.stdout)["style"] == "free"
    flag = confidant("chat", "--json", "--style", "guided", "--max-tokens", "16", stdin="Hello.\n", home=tmp_path)
    assert json.loads(flag.stdout)["style"] == "guided"
    refused = confidant("chat", "--style", "chatty", stdin="Hello.\n", home=tmp_path)
    assert refused.returncode == 2 and "invalid choice: 'chatty'" in refused.stderr
