"""The corpus parser on the real seeds and on each supported shape."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS
from interviewbot.corpus.clean import drop_source_talk, is_filler, is_truncated, latex_to_text
from interviewbot.corpus.files import parse_file, read_corpus
from interviewbot.corpus.transcript import parse_transcript
from interviewbot.errors import CorpusError

# Counted by hand from the five seed files (duplicates included; dropped later).
EXPECTED_PAIRS = {
    "000_60ac2f477e51b1b7.txt": 40,
    "001_efc485f1910185a0.txt": 35,
    "002_43fbbb3fae63b881.txt": 42,
    "003_7a270738362c33b7.txt": 1,
    "004_40d2b9d4c775bb54.txt": 49,
}
FILLER = re.compile(
    r"(Sure!|Here are|I hope|These questions|To get more information|web search|"
    r"Key Points|Related Questions|!\[|Thank you for posing)",
)


@pytest.mark.parametrize("name,count", sorted(EXPECTED_PAIRS.items()))
def test_seed_pair_counts(name, count):
    result = parse_file(SEEDS / name)
    assert len(result.pairs) == count


def test_every_seed_file_is_parsed():
    read = read_corpus([SEEDS])
    assert dict(read.per_file) == EXPECTED_PAIRS


def test_truncated_answers_are_detected_and_reported():
    result = parse_file(SEEDS / "002_43fbbb3fae63b881.txt")
    truncated = [p for p in result.pairs if p.truncated]
    assert len(truncated) == 2
    assert any(p.answer.endswith("Batch normalization can lead") for p in truncated)
    reported = [p for p in result.problems if p.kind == "truncated"]
    assert {p.source.line for p in reported} == {49, 127}


def test_no_filler_key_points_or_mojibake_in_parsed_pairs():
    for pair in read_corpus([SEEDS]).pairs:
        for text in (pair.question, pair.answer):
            assert not FILLER.search(text), text[:80]
            assert "â€" not in text and "Ã" not in text
        assert "Basic Differences and Concepts" not in pair.question


# Talk about the video a seed was written from -> the plain statement. The first five are the
# seeds' own answers (files 002 and 004), the rest the other shapes such transcripts take.
SOURCE_TALK = [
    ("The video mentions binary cross-entropy, categorical cross-entropy, and sparse "
     "categorical cross-entropy. Binary cross-entropy is used for binary problems.",
     "Binary cross-entropy, categorical cross-entropy, and sparse categorical cross-entropy. "
     "Binary cross-entropy is used for binary problems."),
    ("I would explain it using the same analogy from the video - how a child learns to "
     "distinguish between cats and dogs.",
     "I would explain it using the analogy of how a child learns to distinguish between cats "
     "and dogs."),
    ("While the video doesn't delve deeply into activation functions, they are crucial because "
     "they:\n1. Introduce non-linearity into the network",
     "Activation functions are crucial because they:\n1. Introduce non-linearity into the "
     "network"),
    ("While the video briefly mentions these architectures, they serve different purposes:",
     "These architectures serve different purposes:"),
    ("The video emphasizes sharing code on GitHub because:\n1. It facilitates learning",
     "Sharing code on GitHub is important because:\n1. It facilitates learning"),
    ("4. Enable decisions\nThe specific types and uses of activation functions would be "
     "covered in subsequent tutorials.", "4. Enable decisions\n"),
    ("The video mentions that dropout reduces overfitting.", "Dropout reduces overfitting."),
    ("The video explains that ReLU is cheap. It is max(0, x).",
     "ReLU is cheap. It is max(0, x)."),
    ("In this video, we learn that Adam adapts the step size.", "Adam adapts the step size."),
    ("Pooling shrinks the feature map, as shown in the video.", "Pooling shrinks the feature map."),
    ("As the video explains, batch norm normalizes activations.",
     "Batch norm normalizes activations."),
    ("- the video mentions that tanh is zero-centred", "- Tanh is zero-centred"),
    ("GANs generate realistic images, videos, and music.",
     "GANs generate realistic images, videos, and music."),  # about videos, not the video
]  # fmt: skip


@pytest.mark.parametrize(("talk", "plain"), SOURCE_TALK)
def test_talk_about_the_video_reads_as_a_plain_statement(talk, plain):
    assert drop_source_talk(talk) == plain


def test_no_seed_answer_talks_about_the_video():
    pairs = read_corpus([SEEDS]).pairs
    assert [p.answer for p in pairs if re.search(r"\b(the|this) video\b", p.answer, re.I)] == []
    assert sum("videos" in p.answer for p in pairs) == 1  # GANs generate "images, videos"


def test_mojibake_is_repaired_with_ftfy():
    pairs = parse_file(SEEDS / "000_60ac2f477e51b1b7.txt").pairs
    relu = next(p for p in pairs if p.question.startswith("What makes ReLU more popular"))
    assert "ReLU’s ability" in relu.answer


def test_single_question_page_with_official_answer():
    (pair,) = parse_file(SEEDS / "003_7a270738362c33b7.txt").pairs
    assert pair.question == "What are activation functions, and why are they important?"
    assert pair.answer.startswith("Activation functions are essentially the bridge")
    assert "Instruction:" not in pair.answer and "Related Questions" not in pair.answer


def test_analogy_and_application_parts_stay_in_the_answer():
    pairs = parse_file(SEEDS / "002_43fbbb3fae63b881.txt").pairs
    dl = next(p for p in pairs if p.question.startswith("What is Deep Learning"))
    assert "Real-world analogy:" in dl.answer and "Application:" in dl.answer
    assert "*" not in dl.answer


def test_latex_is_rendered_as_readable_text():
    assert latex_to_text(r"\( \sigma(x) = \frac{1}{1 + e^{-x}} \)") == "σ(x) = (1)/(1 + e^{-x})"
    assert latex_to_text(r"\( \text{ReLU}(x) = \max(0, x) \)") == "ReLU(x) = max(0, x)"


SHAPES = {
    "numbered bold": "1. **What is X?**\n   - X is a thing that does Y well.\n",
    "bold question label": "**1. Question:** What is X?\n\n**Answer:**\nX is a thing.\n",
    "heading + bold": "### Question 1:\n**What is X?**\n\n**Answer:**\nX is a thing that does Y.\n",
    "question/answer bullets": "1. **Question**: What is X?\n   - **Answer**: X is a thing.\n",
    "Q/A": "**Q1: What is X?**\nA: X is a thing that does Y.\n",
    "quoted unique answer": '**1. "Explain X."**\n\n* **Unique Answer:** "X is a thing."\n',
    "heading bold question": "### 1. **Question: What is X?**\n\n**Answer:**\nX is a thing.\n",
    "markdown heading": "## What is X?\n\nX is a thing that does Y.\n",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_markdown_shape(shape):
    (pair,) = parse_transcript(SHAPES[shape], "shape.txt").pairs
    assert pair.question in {"What is X?", "Explain X."}
    assert pair.answer.startswith("X is a thing")
    assert not pair.answer.startswith(("-", "*", "A:", '"'))


def test_chatty_lines_are_filler():
    assert is_filler("Sure! Here are some interview questions:")
    assert is_filler("I hope these additional questions help!")
    assert is_filler("To get more information on this topic, I will perform a web search.")
    assert is_filler("![mindmap](https://example.com/x.png)")
    assert not is_filler("Backpropagation computes gradients layer by layer.")


def test_truncation_rule():
    assert is_truncated("It normalizes activations. Batch normalization can lead")
    assert not is_truncated("It normalizes activations.")
    assert not is_truncated("Consider:\n1. The type of input\n2. The scalability of the input")


def test_jsonl_with_a_broken_line_keeps_the_rest(tmp_path):
    f = tmp_path / "bank.jsonl"
    f.write_text(
        '{"question": "What is A?", "answer": "A is the first letter."}\n'
        "{not json\n"
        '{"question": "What is B?", "answer": "B is the second letter.", "topic": "letters"}\n',
        encoding="utf-8",
    )
    result = parse_file(f)
    assert [p.question for p in result.pairs] == ["What is A?", "What is B?"]
    assert result.pairs[1].topic == "letters"
    (problem,) = result.problems
    assert problem.source.line == 2 and "bank.jsonl" in str(problem)


def test_csv_missing_column_names_the_file(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("question,notes\nWhat is A?,A letter.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.csv: missing CSV column\(s\) answer"):
        parse_file(f)


def test_non_utf8_file_is_read_with_a_note(tmp_path):
    f = tmp_path / "latin.md"
    f.write_bytes("## What is a café neuron?\n\nA neuron that drinks café.\n".encode("cp1252"))
    result = parse_file(f)
    assert result.pairs[0].question == "What is a café neuron?"
    assert any(p.kind == "encoding" for p in result.problems)


def test_a_broken_file_does_not_stop_the_rest(tmp_path):
    (tmp_path / "good.md").write_text("## What is X?\n\nX is a thing.\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    read = read_corpus([tmp_path])
    assert len(read.pairs) == 1
    assert any("bad.csv" in str(p) and p.kind == "error" for p in read.problems)


def test_empty_corpus_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="no Q&A pairs found"):
        read_corpus([tmp_path])
