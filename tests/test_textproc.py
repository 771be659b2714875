"""The shared text rules (interviewbot.textproc): one stemmer, one sentence splitter, shared
stop words."""

from __future__ import annotations

import pytest

from interviewbot.bank.grouping import standalone
from interviewbot.grading.text import STOPWORDS as GRADING
from interviewbot.index.build import chunk_answer
from interviewbot.retrieval.normalize import STOPWORDS as RETRIEVAL
from interviewbot.textproc import STOPWORDS, sentence_spans, sentences, stem

# (text, its sentences)
SENTENCE_TABLE = [
    ("ReLU is cheap. It avoids saturation!", ["ReLU is cheap.", "It avoids saturation!"]),
    ('It is called "dying ReLU." This can be fixed.',
     ['It is called "dying ReLU."', "This can be fixed."]),  # the closing quote stays
    ("Use e.g. ReLU or tanh. Then train.", ["Use e.g. ReLU or tanh.", "Then train."]),
    ("It compares ReLU vs. Tanh here.", ["It compares ReLU vs. Tanh here."]),
    ("The steps are: 1. Forward pass. 2. Backward pass.",
     ["The steps are: 1. Forward pass.", "2. Backward pass."]),  # a list number is no end
    ("Values lie in [0, 1]. so it goes on.", ["Values lie in [0, 1]. so it goes on."]),
    ("First line\nsecond line", ["First line", "second line"]),  # a line break always ends one
    ("Is it linear? No, it bends.", ["Is it linear?", "No, it bends."]),
    ("Sigmoid saturates. **Tanh** too.", ["Sigmoid saturates.", "**Tanh** too."]),
    ("  \n\n  ", []),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_TABLE)
def test_sentence_table(text, expected):
    assert sentences(text) == expected


def test_spans_stay_inside_the_window_and_point_into_the_text():
    text = "Intro. One two. Three four. Outro."
    start, end = text.index("One"), text.index(" Outro")
    spans = sentence_spans(text, start, end)
    assert [text[a:b] for a, b in spans] == ["One two.", "Three four."]
    assert all(start <= a < b <= end for a, b in spans)


def test_every_stage_cuts_with_the_same_rule():
    answer = 'It becomes "dead." Leaky ReLU fixes it, e.g. with a slope of 0.01. It helps.'
    assert chunk_answer(answer, max_words=8) == sentences(answer)
    question = "The video mentions dropout. Why does dropout reduce overfitting?"
    assert standalone(question, {}) == ("Why does dropout reduce overfitting?", True)


def test_both_stages_read_the_shared_stop_words_and_only_add_to_them():
    assert STOPWORDS <= GRADING and STOPWORDS <= RETRIEVAL
    assert STOPWORDS == GRADING & RETRIEVAL  # a word both leave out belongs to the shared list
    # negations and comparisons: query filler for retrieval, meaning in an answer for grading
    assert {"not", "no", "more", "only", "same"} <= RETRIEVAL - GRADING


# Word forms that must meet (retrieval terms and grading word matches) and words that must not.
SAME_STEM = [
    ("networks", "network"), ("initialization", "initializing"), ("biases", "bias"),
    ("overfitting", "overfit"), ("running", "run"), ("historically", "historical"),
    ("gradients", "Gradient"), ("saturated", "saturating"), ("normalization", "normalizing"),
    ("slowed", "slows"), ("vanishing", "vanished"), ("batches", "batch"), ("studies", "study"),
]
# Agent nouns name concepts of their own (a query about transformers must stay new to a bank
# that only says "transform"); "falling" is no undoubled "fal".
DIFFERENT_STEM = [("transformer", "transform"), ("encoder", "encode"), ("falling", "fal"),
                  ("added", "ad"), ("input", "output"), ("bias", "basis"), ("loss", "los")]


@pytest.mark.parametrize(("a", "b"), SAME_STEM)
def test_word_forms_share_a_stem(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_STEM)
def test_different_words_keep_different_stems(a, b):
    assert stem(a) != stem(b)


def test_both_stages_use_the_one_stemmer():
    from interviewbot.grading import text
    from interviewbot.retrieval import normalize

    assert text.stem is normalize.stem is stem
