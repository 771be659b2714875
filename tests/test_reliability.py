"""Bad input, broken files and concurrent builds: clear errors, nothing lost, no tracebacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, write_tiny_corpus
from interviewbot.config import Settings
from interviewbot.corpus.markdown import parse_markdown
from interviewbot.corpus.tabular import parse_jsonl
from interviewbot.errors import CorpusError, InputError
from interviewbot.index.build import build, load

QA_LINES = st.sampled_from([
    "1. **What is X?**", "   - X is a thing.", "**1. Question:** Why?", "**Answer:**",
    "### Question 2:", "**Q3: How?**", "A: Like this.", "* **Unique Answer:** \"Yes.\"",
    "Official Answer", "Related Questions", "---", "", "Sure! Here are some:", "## Key Points",
    "\\( \\sigma(x) \\)", "ReLUâ€™s", "<script>alert(1)</script>", "\x00\x07", "🙂 émoji",
])  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(QA_LINES, st.text(max_size=80)), max_size=40))
def test_parser_never_raises_on_any_text(lines):
    result = parse_markdown("\n".join(lines), "fuzz.md")
    for pair in result.pairs:
        assert pair.question.strip() and pair.answer.strip()
        assert "\x00" not in pair.question + pair.answer


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_jsonl_reader_never_raises(text):
    result = parse_jsonl(text, "fuzz.jsonl")
    assert all(p.kind == "error" for p in result.problems)


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "empty"),
        (" \n\t ", "empty"),
        ("\x00\x01\x02", "empty"),
        ("x" * 1_000_000, "limit is 4,000"),
    ],
)
def test_bad_questions_through_the_api(tiny_bot, text, message):
    with pytest.raises(InputError, match=message):
        tiny_bot.ask(text)
    with pytest.raises(InputError, match=message):
        tiny_bot.grade("What is dropout?", text)


@pytest.mark.parametrize(
    "text",
    [
        "what is dropout\x00?",
        "¿Qué es dropout? 🤔",
        "什么是 dropout",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_odd_but_valid_text_is_answered_or_refused_cleanly(tiny_bot, text):
    result = tiny_bot.ask(text)
    assert isinstance(result.abstained, bool)
    assert "\x00" not in result.question


def test_two_builds_at_once_do_not_corrupt_the_index(tmp_path, tiny_settings, embedder):
    index = tmp_path / "index"
    shutil.copytree(tiny_settings.index_dir, index, symlinks=True)
    settings = Settings(corpus_dir=write_tiny_corpus(tmp_path / "corpus"), index_dir=index)
    errors: list[BaseException] = []

    def run():
        try:
            build(settings, embedder=embedder)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    loaded = load(settings)
    assert loaded.faiss_index.ntotal == len(loaded.entries)
    assert len(list((index / "builds").iterdir())) == 1


def test_an_unsupported_file_is_reported_not_fatal(tmp_path):
    from interviewbot.corpus.files import read_corpus

    write_tiny_corpus(tmp_path)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 \x00\x01")
    read = read_corpus([tmp_path])
    assert len(read.pairs) == 5
    assert any("notes.pdf" in str(p) and "unsupported" in str(p) for p in read.problems)


def test_empty_corpus_folder_through_the_cli(tmp_path):
    (tmp_path / "corpus").mkdir()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewbot",
            "build",
            "--corpus",
            str(tmp_path / "corpus"),
            "--index",
            str(tmp_path / "index"),
        ],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin"},
    )
    assert out.returncode == 1 and "no Q&A pairs found" in out.stderr
    assert out.stderr.count("\n") == 1


def test_no_pickle_anywhere_in_the_code():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "src").rglob("*.py")
        if "import pickle" in p.read_text() or "allow_pickle=True" in p.read_text()
    ]
    assert offenders == []


def test_corpus_errors_name_the_file(tmp_path):
    from interviewbot.corpus.files import parse_file

    bad = tmp_path / "binary.md"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(CorpusError, match="binary.md"):
        parse_file(bad)
    assert Path(bad).exists()  # nothing is deleted or rewritten
