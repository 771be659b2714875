"""The word lists of data/grading_words.json: well-formed, all read, and each doing its job.

Each behavioural row names the list it exercises, so a list edited by hand that stops doing
what its ``_about`` says fails here, with the real packaged model.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from interviewbot.embedding.sentence import get_embedder
from interviewbot.grading.claims import answer_units, split_claims
from interviewbot.grading.encoding import encode_texts
from interviewbot.grading.negation import dismissal, negation_scope
from interviewbot.grading.prefixes import base_stem
from interviewbot.grading.text import ANTONYM_STEMS, is_content

SRC = Path(__file__).resolve().parents[1] / "src" / "interviewbot" / "grading"
WORDS = json.loads(
    resources.files("interviewbot").joinpath("data/grading_words.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def embedder():
    return get_embedder()


def test_every_list_is_documented_lower_case_unique_and_read_by_the_code():
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.glob("*.py"))
    for name, entry in WORDS.items():
        if name == "_about":
            continue
        assert entry["_about"].strip(), name
        items = entry.get("words") or [w for pair in entry["pairs"] for w in pair]
        assert items and all(w == w.lower() and w.strip() == w for w in items), name
        if "words" in entry:
            assert len(set(items)) == len(items), f"{name} repeats a word"
        assert re.search(rf'"{name}"', code), f"{name} is read by no grading module"


def test_antonym_pairs_are_two_different_words_and_symmetric_by_stem():
    for a, b in WORDS["antonym_pairs"]["pairs"]:
        assert a != b
    for s, opposites in ANTONYM_STEMS.items():
        assert all(s in ANTONYM_STEMS[o] for o in opposites)


@pytest.mark.parametrize(("word", "content"), [
    ("the", False), ("because", False), ("explain", False),  # stopwords
    ("same", True), ("more", True), ("only", True), ("gradient", True),  # kept on purpose
])
def test_stopwords_table(word, content):
    assert is_content(word) is content


# (list exercised, text, word, denied by the scope: None = not denied, "explicit" / "implicit")
SCOPE_TABLE = [
    ("negations", "ReLU does not saturate for positive inputs.", "saturate", "explicit"),
    ("negated_auxiliaries", "ReLU doesn't saturate for positive inputs.", "saturate",
     "explicit"),
    ("implicit_negation_cues", "Dropout prevents the network from overfitting.", "overfitting",
     "implicit"),
    ("transparent", "Gradient descent does not always converge quickly.", "converge",
     "explicit"),
    ("scope_end", "The model is not deep, but it generalizes well.", "generalizes", None),
    ("void_before", "The classifier says spam or not spam.", "spam", None),
    ("conditions", "Without activations, the network couldn't learn curves.", "learn", None),
    ("framing_cues", "Without dropout the network memorizes the data.", "dropout", None),
    ("total_absence", "The sum is passed on without any activation function.", "activation",
     "explicit"),
    ("besides", "It is a closed path without any other components.", "components", None),
    ("transparent", "The neuron does not use its weights.", "weights", "explicit"),
    ("ly_verbs", "The network cannot rely on any single unit.", "rely", "explicit"),
]


@pytest.mark.parametrize(("name", "text", "word", "denied"), SCOPE_TABLE,
                         ids=[r[0] for r in SCOPE_TABLE])
def test_negation_scope_table(embedder, name, text, word, denied):
    enc = encode_texts(embedder, [text])[0]
    scope = negation_scope(enc)
    j = enc.words.index(word)
    got = None if not scope[0, j] else ("explicit" if scope[1, j] else "implicit")
    assert got == denied, f"{name}: {text!r} -> {word} {got}"


@pytest.mark.parametrize(("name", "text", "word"), [
    ("dismissed", "The learning rate doesn't matter at all.", "matter"),
    ("scant", "The learning rate has little effect on training.", "effect"),
    ("dismissed", "The learning rate sets the step size of each update.", None),
])
def test_dismissal_table(embedder, name, text, word):
    enc = encode_texts(embedder, [text])[0]
    assert dismissal(enc, negation_scope(enc)) == word, name


@pytest.mark.parametrize(("word", "base"), [
    ("unweighted", "weight"), ("nonlinear", "linear"), ("insensitive", "sensitive"),
    ("input", None), ("improve", None), ("display", None),  # no negated base
    ("weighted", None),
])
def test_negating_prefixes_table(word, base):
    assert base_stem(word) == base


def test_unit_clause_openers_cut_a_one_sentence_answer():
    units = answer_units("ReLU keeps gradients alive in deep networks because its slope is one "
                         "for every positive input")
    assert units == ["ReLU keeps gradients alive in deep networks",
                     "because its slope is one for every positive input"]


def test_claim_subjects_and_verbs_cut_a_reference_at_and():
    text = ("The encoder compresses the input into a code and the decoder can reconstruct "
            "the input from that code.")
    assert [c.text for c in split_claims(text)] == [
        "The encoder compresses the input into a code",
        "the decoder can reconstruct the input from that code."]
