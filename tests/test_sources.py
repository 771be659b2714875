"""Human-readable sources: every hit names its file by a title a person recognises (the seeds'
``corpus/sources.json``, a bank's first heading, else its file name), beside the unchanged
``file:line`` source."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from interviewbot.corpus.files import file_title, read_corpus, source_titles

ROOT = Path(__file__).resolve().parents[1]


def test_every_seed_file_has_a_title(seed_bot):
    titles = json.loads((ROOT / "corpus" / "sources.json").read_text(encoding="utf-8"))
    for c in seed_bot.bank:
        for v in c.variants:
            assert v.source.title == titles[v.source.file]
    hit = seed_bot.ask("what does relu do").hits[0]
    assert hit.title in titles.values() and hit.where.startswith(hit.title + ", line ")
    assert hit.to_dict()["source"] == hit.source and ":" in hit.source  # unchanged field


def test_user_banks_take_their_heading_or_file_name(tmp_path):
    (tmp_path / "my_notes.md").write_text(
        "[![badge](x.svg)](y)\n\n# Statistics for interviews ##\n\n## What is a p-value?\n\n"
        "The probability of data at least this extreme if the null hypothesis holds.\n",
        encoding="utf-8",
    )
    (tmp_path / "flash-cards.csv").write_text(
        "question,answer\nWhat is bagging?,Training models on bootstrap samples and averaging.\n",
        encoding="utf-8",
    )
    read = read_corpus([tmp_path])
    by_file = {p.source.file: p.source.title for p in read.pairs}
    assert by_file == {"my_notes.md": "Statistics for interviews", "flash-cards.csv": "flash cards"}


def test_a_titles_file_is_used_and_never_read_as_a_bank(tmp_path):
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "a1.md").write_text("## What is PCA?\n\nA projection onto top variance axes.\n")
    (bank / "sources.json").write_text(json.dumps({"a1.md": "Week 1 notes"}))
    assert source_titles(bank) == {"a1.md": "Week 1 notes"}
    assert file_title(bank / "a1.md", source_titles(bank)) == "Week 1 notes"
    read = read_corpus([bank])
    assert [p.source.title for p in read.pairs] == ["Week 1 notes"]
    assert all(f != "sources.json" for f, _ in read.per_file)


def test_cli_shows_the_title_and_json_adds_it(seed_settings):
    args = ["--corpus", str(seed_settings.corpus_dir), "--index", str(seed_settings.index_dir)]
    out = subprocess.run(
        [sys.executable, "-m", "interviewbot", "ask", "what is dropout", "--json", *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    hit = json.loads(out.stdout)["hits"][0]
    assert {"id", "question", "answer", "score", "topic", "source", "title"} <= set(hit)
    assert hit["title"] and hit["source"].endswith(tuple("0123456789"))


def test_browse_names_sources_by_title_not_by_file(seed_bot):
    from interviewbot.web.render import canonical_markdown, escape_inline

    c = next(c for c in seed_bot.bank if len(c.variants) > 1)
    shown = canonical_markdown(c)
    for a in c.answers:
        assert escape_inline(f"{a.source.title}, line {a.source.line}") in shown
        assert a.source.file not in shown  # the hashed seed file name stays out of sight


def test_ask_and_the_interview_name_answer_sources_by_title(seed_bot):
    """The Ask tab's other reference answers and the interview's model answer name their file
    by its title too, as the hit's own line and Browse do."""
    from interviewbot.web.render import (
        escape_inline,
        model_answer_markdown,
        other_answers_markdown,
    )

    c = next(c for c in seed_bot.bank if len(c.answers) > 1)
    others = other_answers_markdown(c)
    model = model_answer_markdown(c)
    for a in (a for i, a in enumerate(c.answers) if i != c.best):
        assert f"*Source: {escape_inline(a.source.where)}*" in others
    assert f"*Source: {escape_inline(c.answer.source.where)}*" in model
    assert all(a.source.file not in others + model for a in c.answers)


def test_side_files_of_the_wrong_shape_are_one_line_naming_the_file(tmp_path):
    """sources.json, standalone.json and descriptions.json that are valid JSON of another shape
    (a list, a string where a list goes) are refused with the file named, not a traceback
    or letters indexed as descriptions; a descriptions.json in a bank folder is no bank file."""
    import pytest

    from interviewbot.bank.grouping import load_standalone
    from interviewbot.corpus.files import corpus_files
    from interviewbot.errors import CorpusError
    from interviewbot.index.build import load_descriptions

    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "a1.md").write_text("## What is PCA?\n\nA projection onto top variance axes.\n")
    (bank / "sources.json").write_text(json.dumps([{"question": "q", "answer": "a"}]))
    with pytest.raises(CorpusError, match=r"sources\.json holds a JSON list, not an object"):
        read_corpus([bank])
    side = tmp_path / "side.json"
    side.write_text(json.dumps(["What is PCA?"]))
    with pytest.raises(CorpusError, match="side.json holds a JSON list"):
        load_standalone(side)
    side.write_text(json.dumps({"What is PCA?": 3}))
    with pytest.raises(CorpusError, match="phrasing of 'What is PCA\\?' is not a string"):
        load_standalone(side)
    side.write_text(json.dumps({"What is PCA?": "a projection of the data"}))
    with pytest.raises(CorpusError, match="not a list of strings"):
        load_descriptions(side)
    side.write_text("{not json")
    with pytest.raises(CorpusError, match="side.json is not valid JSON"):
        load_descriptions(side)
    (bank / "sources.json").unlink()
    (bank / "descriptions.json").write_text(json.dumps({"What is PCA?": ["reducing dims"]}))
    assert [p.name for p in corpus_files(bank)] == ["a1.md"]
