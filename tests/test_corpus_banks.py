"""Banks people bring: Markdown shapes, flashcard and spreadsheet exports, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewbot.corpus.clean import html_to_markdown
from interviewbot.corpus.files import parse_file, read_corpus
from interviewbot.corpus.markdown import parse_markdown
from interviewbot.corpus.questions import clean_question, is_placeholder
from interviewbot.errors import CorpusError

FIXTURES = Path(__file__).parent / "fixtures" / "banks"


@pytest.fixture(scope="module")
def shapes():
    return parse_file(FIXTURES / "shapes.md")


def test_every_markdown_shape_gives_its_question(shapes):
    assert [p.question for p in shapes.pairs] == [
        "Why water plants in the morning?",  # ### Q1: … ### (closing hashes)
        "What is mulch?",
        "How deep should bulbs go?",  # #### 1) … [[src](…)]
        "What is a dibber?",  # **… 👶**
        "Explain how to sharpen shears",  # bold, no '?'
        "What is a trowel?",  # * bullet with sub-bullets
        "What does a hoe do?",  # bullet, answer on the next line
        "What is a rake for?",  # Q: / A:
        "Why clean tools?",  # Question: / Answer:
        "What is compost tea?",  # <details><summary>
        "What is `pH`?",  # table row
        "Why rotate crops?",
        "What is a cold frame?",  # 1.  ### heading in a list item
        "What is hardening off?",
        "List the signs of overwatering.",  # # Q 1.a) …
    ]


def test_topics_come_from_the_headings_above(shapes):
    topics = {p.question: p.topic for p in shapes.pairs}
    assert topics["Why water plants in the morning?"] == "Watering"  # title left out
    assert topics["How deep should bulbs go?"] == "Planting › Bulbs"
    assert topics["What is `pH`?"] == "Hand tools"
    # "## 1. Glass:" inside a list item's answer is part of it, not a topic.
    assert topics["What is hardening off?"] == "Hand tools"
    assert topics["List the signs of overwatering."] is None  # an H1 question closes them all


def test_difficulty_markers_become_a_field(shapes):
    levels = {p.question: p.difficulty for p in shapes.pairs if p.difficulty}
    assert levels == {
        "What is a dibber?": "easy",
        "Explain how to sharpen shears": "medium",
    }


def test_answers_keep_code_lists_and_tables(shapes):
    answers = {p.question: p.answer for p in shapes.pairs}
    assert answers["What is mulch?"].startswith("A layer of material on the soil surface:")
    assert "- bark or straw\n- compost" in answers["What is mulch?"]
    assert "| bark | years |" in answers["What is mulch?"]
    assert '```python\nframe = {"glass": True}\n```' in answers["What is a cold frame?"]
    assert "Back to Top" not in answers["What is a cold frame?"]
    assert answers["What is a cold frame?"].endswith("## 1. Glass:\n\nLets light in.")
    assert answers["What is a trowel?"] == "* A small hand spade.\n* Used for planting."
    assert answers["Why rotate crops?"] == "It breaks pest cycles.\nIt balances nutrients."
    # A sub-heading that asks nothing stays in its question's answer.
    assert "### Soil detail:" in answers["List the signs of overwatering."]


def test_not_questions_are_reported_with_their_line(shapes):
    reported = {(p.source.line, p.kind) for p in shapes.problems}
    assert reported == {
        (5, "skipped"),  # the table of contents
        (42, "unanswered"),  # [[Answer]](link) only
        (59, "unanswered"),  # "Answer here"
        (84, "unanswered"),  # _Coming soon._
    }
    questions = " ".join(p.question for p in shapes.pairs)
    assert "SoilPro" not in questions and "Contents" not in questions
    assert "When do tulips flower?" not in questions


@pytest.mark.parametrize(
    "raw,text,difficulty",
    [
        ("### Q1: What is X? ###", "What is X? ###", None),
        ("1) What is X? [[src](https://e.org)]", "What is X?", None),
        ("Q 1.a) List the parts of X.", "List the parts of X.", None),
        ("**What is X? 🚀**", "What is X?", "hard"),
        ("**Q3: What is X?**", "What is X?", None),
        ('**1. "Explain X."**', "Explain X.", None),
        ("What does&nbsp;<b>X</b> do?", "What does X do?", None),
    ],
)
def test_question_text_loses_numbering_labels_and_markers(raw, text, difficulty):
    got, _, level = clean_question(raw)
    assert (got, level) == (text, difficulty)


@pytest.mark.parametrize("answer", ["Answer here", "TODO", "[Answer](https://e.org/a)", "…", ""])
def test_placeholders(answer):
    assert is_placeholder(answer)


def test_a_real_answer_is_not_a_placeholder():
    assert not is_placeholder("A [tree](https://e.org) that splits on the best feature.")


def test_anki_plain_text_export(tmp_path):
    f = tmp_path / "deck.txt"
    f.write_text(
        "#separator:tab\n#html:true\n#tags column:3\n"
        "What is a <b>kiln</b>?\tAn oven for firing clay:<br><ul><li>gas</li><li>electric</li>"
        "</ul>\tpottery\n"
        '"Why wedge clay?"\t"To push out air, so pots do not crack&nbsp;in the kiln."\tpottery\n',
        encoding="utf-8",
    )
    result = parse_file(f)
    assert [p.question for p in result.pairs] == ["What is a kiln?", "Why wedge clay?"]
    assert result.pairs[0].answer == "An oven for firing clay:\n\n- gas\n- electric"
    assert result.pairs[1].answer == "To push out air, so pots do not crack in the kiln."
    assert {p.topic for p in result.pairs} == {"pottery"}
    assert [p.source.line for p in result.pairs] == [4, 5]


def test_html_fields_become_markdown():
    assert html_to_markdown("<i>soft</i> &amp; <code>x+1</code>") == "_soft_ & `x+1`"


@pytest.mark.parametrize(
    "name,text",
    [
        ("semi.csv", "Prompt;Response;Deck\nWhat is a kiln?;An oven, for clay.;pottery\n"),
        ("plain.tsv", "What is a kiln?\tAn oven for clay.\nWhy wedge clay?\tTo push out air.\n"),
        ("front.csv", 'Front,Back\nWhat is a kiln?,"An oven, for clay."\n'),
        ("upper.csv", "QUESTION,ANSWER,Category\nWhat is a kiln?,An oven for clay.,pottery\n"),
    ],
)
def test_csv_delimiters_and_headers_are_detected(tmp_path, name, text):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    pairs = parse_file(f).pairs
    assert pairs[0].question == "What is a kiln?"
    assert pairs[0].answer.startswith("An oven")


def test_json_array_and_an_empty_answer(tmp_path):
    f = tmp_path / "bank.json"
    f.write_text(
        json.dumps(
            [
                {"question": "What is a kiln?", "answer": "An oven.\n\n```\nfire()\n```"},
                {"question": "What is slip?", "answer": ""},
            ],
            indent=2,
        ),
        encoding="utf-8",
    )
    result = parse_file(f)
    assert [p.question for p in result.pairs] == ["What is a kiln?"]
    assert "```\nfire()\n```" in result.pairs[0].answer
    (problem,) = result.problems
    assert problem.kind == "unanswered" and "What is slip?" in problem.message
    assert problem.source.line == 7  # the line of its "question"


def test_an_apkg_deck_gets_a_one_line_hint(tmp_path):
    f = tmp_path / "deck.apkg"
    f.write_bytes(b"PK\x03\x04")
    with pytest.raises(CorpusError, match="Notes in Plain Text"):
        parse_file(f)


def test_bad_files_each_get_one_line_and_the_rest_builds(tmp_path):
    (tmp_path / "good.md").write_text("## What is a kiln?\n\nAn oven for clay.\n")
    with (tmp_path / "huge.md").open("wb") as fh:
        fh.truncate(50_000_000)  # sparse: 50 MB on paper, nothing written
    (tmp_path / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 50)
    (tmp_path / "one_column.csv").write_text("question answer\nWhat is a kiln? An oven\n")
    (tmp_path / "no_answers.csv").write_text("question,answer\nWhat is a kiln?,\nWhy?,\n")
    (tmp_path / "broken.md").write_text(
        "<details><summary>What is glaze?</summary>\n\nGlass fused onto a pot.\n\n"
        "<div><b>never closed\n\n## What is bisque?\n\nClay fired once.\n"
    )
    nested = "".join("  " * i + "- level\n" for i in range(300))
    (tmp_path / "nested.md").write_text(f"## What is deep?\n\n{nested}")
    read = read_corpus([tmp_path])
    assert sorted(p.question for p in read.pairs) == [
        "What is a kiln?",
        "What is bisque?",
        "What is deep?",
        "What is glaze?",
    ]
    errors = {p.source.file: str(p) for p in read.problems if p.kind == "error"}
    assert set(errors) == {"huge.md", "binary.md", "one_column.csv", "no_answers.csv"}
    assert all(line.count("\n") == 0 for line in errors.values())
    assert "over the" in errors["huge.md"] and "binary" in errors["binary.md"]
    assert "one column" in errors["one_column.csv"]
    assert "answer column is empty" in errors["no_answers.csv"]


def test_ten_thousand_questions_parse(tmp_path):
    text = "".join(f"## What is item {i}?\n\nItem {i} is number {i}.\n\n" for i in range(10_000))
    result = parse_markdown(text, "big.md")
    assert len(result.pairs) == 10_000
    assert result.pairs[-1].source.line == 4 * 9_999 + 1


def test_several_banks_keep_their_names(tmp_path):
    for name in ("pottery", "glass"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.md").write_text(f"## What is {name}?\n\n{name} is a craft.\n")
    read = read_corpus([tmp_path / "pottery", tmp_path / "glass"])
    assert read.banks == ("pottery", "glass")
    assert read.pair_banks == ("pottery", "glass")
    assert [p.source.file for p in read.pairs] == ["pottery/a.md", "glass/a.md"]


def test_an_upload_is_parsed_first_and_saved_under_a_safe_name(tmp_path):
    from interviewbot.corpus.upload import save_upload

    folder = tmp_path / "uploads"
    up = save_upload(b"## What is a kiln?\n\nAn oven for clay.\n", "../../etc/My Bank!.md", folder)
    assert up.path == folder / "my-bank.md" and up.path.read_bytes().startswith(b"## What")
    assert [p.question for p in up.result.pairs] == ["What is a kiln?"]
    for data, name, message in (
        (b"# Notes\n\nNo questions here.\n", "notes.md", "nothing to practise"),
        (b"x" * 100, "big.md", "upload limit"),
        (b"\x00\x01" * 10, "x.md", "binary file"),
        (b"q,a\n", "run.exe", "unsupported file type"),
    ):
        with pytest.raises(CorpusError, match=message):
            save_upload(data, name, folder, max_bytes=50)
    assert sorted(p.name for p in folder.iterdir()) == ["my-bank.md"]


def test_an_upload_named_like_a_side_file_is_still_a_bank(tmp_path):
    """README.md and sources.json are what a bank folder keeps beside its bank files and never
    reads as one; an upload of that name is saved under another, so its questions are indexed
    (a sources.json upload used to be read as the titles file and stop every build)."""
    from interviewbot.corpus.files import corpus_files
    from interviewbot.corpus.upload import save_upload

    pairs = [{"question": "What is a kiln?", "answer": "An oven that fires clay."}]
    for data, name, saved in (
        (b"## What is a kiln?\n\nAn oven for clay.\n", "README.md", "readme-bank.md"),
        (json.dumps(pairs).encode(), "sources.json", "sources-bank.json"),
        (json.dumps(pairs).encode(), "Standalone.JSON", "standalone-bank.json"),
    ):
        folder = tmp_path / name
        up = save_upload(data, name, folder)
        assert up.path.name == saved and corpus_files(folder) == [up.path]
        assert [p.question for p in read_corpus([folder]).pairs] == ["What is a kiln?"]


def test_a_label_only_heading_takes_its_question_from_the_next_line():
    (pair,) = parse_markdown("### Question 2:\n**What is slip?**\n\nLiquid clay.\n", "f.md").pairs
    assert (pair.question, pair.answer, pair.source.line) == ("What is slip?", "Liquid clay.", 2)
    assert parse_markdown("### Question 2:\n1. **What is slip?**", "f.md").pairs == ()


def test_a_cut_off_last_sentence_is_left_out_and_the_question_kept():
    text = (
        "## What is a cloche?\n\nA cover for one plant. It keeps frost off. Glass ones are\n\n"
        "## Why stake tomatoes?\n\n1. **Support** for heavy trusses.\n"
        "2. **Air** round the leaves.\n   The main reasons are listed below,\n\n"
        "## What is blight?\n\nA fungus that spreads in\n"
    )
    result = parse_markdown(text, "f.md")
    answers = {p.question: (p.answer, p.truncated) for p in result.pairs}
    assert answers["What is a cloche?"] == ("A cover for one plant. It keeps frost off.", False)
    assert answers["Why stake tomatoes?"] == (
        "1. **Support** for heavy trusses.\n2. **Air** round the leaves.", False
    )
    # nothing whole before the cut: still a truncated pair, which the bank leaves out
    assert answers["What is blight?"] == ("A fungus that spreads in", True)
    reported = [p for p in result.problems if p.kind == "truncated"]
    assert [p.source.line for p in reported] == [1, 5, 11]
    assert sum("kept up to its last whole sentence" in p.message for p in reported) == 2


def test_two_banks_build_into_one_index_and_are_listed(tmp_path, capsys, embedder):
    import json

    from interviewbot.cli.main import main

    pottery, glass = tmp_path / "pottery", tmp_path / "glass"
    for folder, text in (
        (pottery, "# Pottery\n\n## Firing\n\n### What is a kiln?\n\nAn oven for firing clay.\n"),
        (glass, "Q: What is annealing glass?\nA: Cooling it slowly so it does not crack.\n"),
    ):
        folder.mkdir()
        (folder / "bank.md").write_text(text, encoding="utf-8")
    where = ["--corpus", str(pottery), "--corpus", str(glass), "--index", str(tmp_path / "i")]
    assert main(["build", *where, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["per_bank"] == {"pottery": 1, "glass": 1}
    assert main(["banks", *where, "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["bank"], r["questions"]) for r in rows] == [("pottery", 1), ("glass", 1)]
    assert main(["ask", "what is a kiln", *where, "--json"]) == 0
    hit = json.loads(capsys.readouterr().out)["hits"][0]
    assert (hit["topic"], hit["source"]) == ("Firing", "pottery/bank.md:5")
