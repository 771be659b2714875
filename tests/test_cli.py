"""The command line as a person or an evaluation script uses it (real subprocesses)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT


def run(args, settings=None, stdin=None, env_extra=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    if settings is not None:
        env["INTERVIEWBOT_CORPUS_DIR"] = str(settings.corpus_dir)
        env["INTERVIEWBOT_INDEX_DIR"] = str(settings.index_dir)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "interviewbot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_help_does_not_import_torch_or_gradio():
    code = (
        "import sys\nfrom interviewbot.cli.main import build_parser\n"
        "try:\n    build_parser().parse_args(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('torch', 'gradio', 'faiss', 'sentence_transformers')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_ask_answers_relu_with_the_right_canonical_question(seed_settings):
    out = run(["ask", "why do we need relu?", "--json"], seed_settings)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"question", "abstained", "hits"}
    assert data["abstained"] is False
    top = data["hits"][0]
    assert set(top) >= {"id", "question", "answer", "score", "topic", "source"}
    assert "relu" in top["question"].lower() and top["topic"] == "activation functions"
    assert 0 <= top["score"] <= 1 and top["source"].split(":")[0].endswith(".txt")


def test_ask_abstains_out_of_domain(seed_settings):
    out = run(["ask", "how do I bake sourdough bread?", "--json"], seed_settings)
    data = json.loads(out.stdout)
    assert data["abstained"] is True and data["hits"] == []
    text = run(["ask", "how do I bake sourdough bread?"], seed_settings).stdout
    assert text.startswith("I don't know")


def test_ask_names_the_concept_the_bank_lacks(seed_settings):
    """Issue 17: a topic the bank has no question on is refused by name, in the JSON and in
    the text a person reads, with the closest questions suggested."""
    data = json.loads(run(["ask", "what is a transformer?", "--json"], seed_settings).stdout)
    assert data["abstained"] is True and data["missing_concept"] == "transformer"
    text = run(["ask", "what is a transformer?"], seed_settings).stdout
    assert text.startswith("I don't know: the question bank has no question on transformer.")
    assert "Did you mean:" in text


@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_empty_question_is_a_one_line_error(seed_settings, question):
    out = run(["ask", question], seed_settings)
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0 and "empty" in out.stderr
    assert "Traceback" not in out.stderr


def test_huge_question_is_a_one_line_error(seed_settings):
    out = run(["ask", "why relu " * 1000], seed_settings)
    assert out.returncode == 1 and "limit is 4,000" in out.stderr
    assert "Traceback" not in out.stderr


def test_ask_batch_keeps_order_and_reports_bad_lines(seed_settings, tmp_path):
    batch = tmp_path / "ask.jsonl"
    batch.write_text(
        '{"question": "what is dropout?"}\n'
        "not json\n"
        '{"question": "   "}\n'
        '{"question": "how do I bake sourdough bread?"}\n',
        encoding="utf-8",
    )
    out = run(["ask", "--batch", str(batch), "--json"], seed_settings)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert len(lines) == 4
    assert "dropout" in lines[0]["hits"][0]["question"].lower()
    assert "invalid JSON" in lines[1]["error"] and "line 2" in lines[1]["error"]
    assert "empty" in lines[2]["error"]
    assert lines[3]["abstained"] is True


def test_no_answer_ask_shows_talks_about_the_video(seed_settings, seed_bot, tmp_path):
    """Every phrasing in the seed bank asked through ``ask --batch``: none of the answers shown
    says "the video" (the seeds are transcripts of videos; issue 18)."""
    phrasings = [v.text for c in seed_bot.bank for v in c.variants]
    batch = tmp_path / "ask.jsonl"
    batch.write_text("".join(json.dumps({"question": q}) + "\n" for q in phrasings), "utf-8")
    out = run(["ask", "--batch", str(batch), "--json", "--top-k", "3"], seed_settings)
    assert out.returncode == 0, out.stderr
    answers = [h["answer"] for x in out.stdout.splitlines() for h in json.loads(x)["hits"]]
    assert len(answers) >= len(phrasings)
    assert [a for a in answers if re.search(r"\b(the|this) video\b", a, re.I)] == []


def test_missing_batch_file_is_a_one_line_error(seed_settings, tmp_path):
    out = run(["ask", "--batch", str(tmp_path / "nope.jsonl")], seed_settings)
    assert out.returncode == 1 and "cannot read batch file" in out.stderr


def test_build_reports_what_it_found(tmp_path, tiny_settings):
    import shutil

    from conftest import write_tiny_corpus
    from interviewbot.config import Settings

    index = tmp_path / "index"
    shutil.copytree(tiny_settings.index_dir, index, symlinks=True)
    settings = Settings(corpus_dir=write_tiny_corpus(tmp_path / "c"), index_dir=index)
    out = run(["build", "--json"], settings)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["files"] == {"extra.jsonl": 2, "more.csv": 1, "tiny.md": 2}
    assert report["canonical"] == 5 and report["per_topic"]["CNN"] == 1
    human = run(["build"], settings).stdout
    assert "tiny.md: 2 Q&A pairs" in human and "canonical questions" in human


def test_build_with_a_missing_corpus_folder_is_a_clear_error(tmp_path):
    out = run(["build", "--corpus", str(tmp_path / "none"), "--index", str(tmp_path / "i")])
    assert out.returncode == 1
    assert "does not exist" in out.stderr and "Traceback" not in out.stderr


def test_batch_lines_with_odd_text(seed_settings, tmp_path):
    """What argv cannot carry (NUL, 1 MB) goes through a batch file, one result per line."""
    batch = tmp_path / "odd.jsonl"
    lines = [
        {"question": "what is dropout\u0000?"},
        {"question": "x" * 1_000_000},
        {"question": "¿Qué es dropout? 🤔"},
        {"question": "<script>alert(1)</script> what is dropout?"},
        {"question": "\u0001\u0002"},
    ]
    batch.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    out = run(["ask", "--batch", str(batch), "--json"], seed_settings)
    assert out.returncode == 0, out.stderr
    results = [json.loads(x) for x in out.stdout.splitlines()]
    assert len(results) == 5
    assert results[0]["abstained"] is False and "\x00" not in results[0]["question"]
    assert "limit is 4,000" in results[1]["error"]
    assert isinstance(results[2]["abstained"], bool)
    assert results[3]["question"].startswith("<script>")  # returned as text, never run
    assert "empty" in results[4]["error"]


def test_a_missing_index_is_built_on_first_use(tmp_path):
    from conftest import write_tiny_corpus
    from interviewbot.bot import Bot
    from interviewbot.config import Settings

    settings = Settings(corpus_dir=write_tiny_corpus(tmp_path / "c"), index_dir=tmp_path / "i")
    bot = Bot(settings)
    # A bank of your own without topic headings is filed under "general" (keyword topics are
    # for the bundled seeds only).
    assert bot.ask("what does relu compute?").hits[0].topic == "general"
    assert (tmp_path / "i" / "current" / "manifest.json").is_file()


def test_chat_keeps_the_topic_across_follow_ups(seed_settings):
    """The CLI chat keeps the library's ChatContext, as the web chat does: turn 3 leans on
    turn 1's topic (forward propagation), not only on turn 2."""
    turns = ["how does forward propagation work", "how is each neuron's output computed there?",
             "and how does that relate to the brain?", ""]
    out = run(["chat"], seed_settings, stdin="\n".join(turns))
    assert out.returncode == 0, out.stderr
    answers = [part for part in out.stdout.split("you> ")[1:] if part.strip()]
    assert len(answers) == 3, out.stdout
    assert "forward propagation relate to the human brain" in answers[2].lower(), answers[2]
