"""Grouping the seeds into canonical questions."""

from __future__ import annotations

import re

from interviewbot.bank.grouping import average_linkage, drop_exact_duplicates, standalone
from interviewbot.corpus.clean import is_truncated, norm_key
from interviewbot.corpus.topics import all_topics
from interviewbot.models import QAPair, Source

CHAT = re.compile(r"(Sure!|Here are|I hope|These questions|web search|!\[|Thank you for)")


def _find(bank, fragment):
    return [c for c in bank if any(fragment.lower() in v.text.lower() for v in c.variants)]


def test_build_report_counts(seed_settings):
    from interviewbot.index.build import load

    manifest = load(seed_settings).manifest
    counts = manifest["counts"]
    assert counts["files"] == 5 and counts["pairs"] == 167
    assert counts["exact_duplicates"] == 10
    assert counts["truncated"] == 2
    assert 80 <= counts["canonical"] < 157  # grouped, but not collapsed
    assert sum(manifest["per_topic"].values()) == counts["canonical"]


def test_backpropagation_phrasings_form_one_canonical_question(seed_bot):
    group = {c.id for c in _find(seed_bot.bank, "Explain the concept of backpropagation in")}
    owners = {c.id for c in _find(seed_bot.bank, "What is backpropagation and why is it important")}
    assert group == owners
    canonical = seed_bot.get(next(iter(group)))
    assert len(canonical.variants) >= 4 and len(canonical.answers) >= 4
    for ref in canonical.answers:
        assert ref.source.file.endswith(".txt") and ref.source.line > 0


def test_different_concepts_stay_apart(seed_bot):
    vanishing = _find(
        seed_bot.bank, "What is the vanishing gradient problem, and how does it impact"
    )
    exploding = _find(seed_bot.bank, "Explain the exploding gradient problem")
    sigmoid = _find(seed_bot.bank, "What is the sigmoid activation function")
    relu = _find(seed_bot.bank, "How does the ReLU activation function work")
    assert vanishing[0].id != exploding[0].id
    assert sigmoid[0].id != relu[0].id


def test_canonical_questions_are_standalone_and_keep_the_original(seed_bot):
    for c in seed_bot.bank:
        assert "video" not in c.question.lower(), c.question
    (expl,) = _find(seed_bot.bank, "The video mentions exploding gradients")
    assert expl.question == "What causes exploding gradients, and how can the problem be addressed?"
    assert any(v.text.startswith("The video mentions exploding") for v in expl.variants)


def test_canonical_answers_are_complete_clean_and_distinct(seed_bot):
    for c in seed_bot.bank:
        assert c.topic in all_topics()
        keys = [norm_key(a.text) for a in c.answers]
        assert len(keys) == len(set(keys))
        for a in c.answers:
            assert not is_truncated(a.text), a.text[-60:]
            assert not CHAT.search(a.text)
            assert "â€" not in a.text
        assert "Batch normalization can lead" not in c.answer.text


def test_best_answer_is_chosen_for_quality_not_order(seed_bot):
    (activation,) = _find(seed_bot.bank, "Why is it important to have activation functions")
    # The first-listed answer (file 004) talks about "the video": it must not be the model answer.
    assert "video" not in activation.answer.text.lower()
    assert len(activation.answer.text.split()) >= 25


def test_exact_duplicates_are_dropped():
    src = Source("f.md", 1)
    pairs = [
        QAPair("What is X?", "X is a thing.", src),
        QAPair("What  is x?", "X is a thing.", Source("f.md", 9)),
        QAPair("What is X?", "X is another thing.", src),
    ]
    kept, dropped = drop_exact_duplicates(pairs)
    assert dropped == 1 and len(kept) == 2


def test_average_linkage_merges_only_similar_groups():
    import numpy as np

    sim = np.array([[1, 0.9, 0.1], [0.9, 1, 0.2], [0.1, 0.2, 1]], dtype=float)
    assert average_linkage(sim, 0.8) == [[0, 1], [2]]
    assert average_linkage(sim, 0.95) == [[0], [1], [2]]


def test_standalone_rewrites_video_phrasings():
    text, ok = standalone(
        "What are the prerequisites for deep learning according to the video?", {}
    )
    assert (text, ok) == ("What are the prerequisites for deep learning?", True)
    text, ok = standalone("The video mentions X. What causes this problem?", {})
    assert not ok  # a dangling "this problem" needs a curated phrasing


def test_grouping_per_component_equals_average_linkage_on_the_whole_matrix():
    import numpy as np

    from interviewbot.bank.grouping import QUESTION_WEIGHT, group_pairs

    rng = np.random.default_rng(7)
    centres = rng.normal(size=(40, 16))
    pick = rng.integers(0, 40, size=600)

    def unit(x):
        return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)

    q = unit(centres[pick] + 0.35 * rng.normal(size=(600, 16)))
    a = unit(centres[pick] + 0.5 * rng.normal(size=(600, 16)))
    whole = QUESTION_WEIGHT * (q @ q.T) + (1 - QUESTION_WEIGHT) * (a @ a.T)
    for threshold in (0.6, 0.75, 0.84):
        groups = group_pairs(q, a, threshold)
        assert groups == average_linkage(whole, threshold)
        assert 1 < len(groups) < 600


def test_seed_twins_are_one_canonical_question(seed_bot):
    for first, second in (
        (
            "ethical considerations in deploying neural network models",
            "ethical considerations in deploying deep learning models",
        ),
        (
            "evaluate the performance of a neural network model",
            "evaluate the performance of a deep learning model",
        ),
    ):
        (one,) = _find(seed_bot.bank, first)
        (two,) = _find(seed_bot.bank, second)
        assert one.id == two.id
    # Asks more ("where would each be applied"), so its words differ: kept apart.
    ann = _find(seed_bot.bank, "key differences between ANNs")
    nn = _find(seed_bot.bank, "key differences between neural networks (NN)")
    assert ann[0].id != nn[0].id
    assert {c.bank for c in seed_bot.bank} == {"seed"}


def test_twins_need_the_same_uncommon_words_and_close_meaning():
    import numpy as np

    from interviewbot.bank.grouping import TWIN_MIN_QUESTIONS, twin_groups

    filler = [
        f"How do you define term {i} in a neural network or deep learning model?" for i in range(60)
    ]
    questions = filler + [
        "How do you tune dropout rates in a neural network?",
        "How do you tune dropout rates in a deep learning model?",
        "How do you tune learning rates in a neural network?",
    ]
    assert len(questions) >= TWIN_MIN_QUESTIONS
    vecs = np.eye(len(questions), dtype=np.float32)
    vecs[61] = vecs[60]  # close in meaning
    vecs[62] = vecs[60]
    groups = twin_groups(questions, vecs)
    assert [60, 61] in groups  # only "network"/"deep"/"learning"/"model" differ: common words
    assert [62] in groups  # "learning rates" is not "dropout rates"
    far = np.eye(len(questions), dtype=np.float32)
    assert [60] in twin_groups(questions, far)  # same words, far apart: not twins


def test_equally_close_phrasings_pick_the_first_whatever_the_last_float_bits():
    import numpy as np

    from interviewbot.bank.grouping import _best_phrasing

    a = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    b = np.array([0.6, 0.8, 0.0], dtype=np.float32)
    b_noisy = b + np.array([1e-7, 0.0, 0.0], dtype=np.float32)  # what another CPU may give
    rephrased = [("What is X?", True), ("Explain X.", True)]
    for second in (b, b_noisy):
        assert _best_phrasing([0, 1], rephrased, np.stack([a, second])) == 0
    # A real difference still decides: a third, closer member wins.
    c = np.array([0.8, 0.6, 0.0], dtype=np.float32)
    assert _best_phrasing([0, 1, 2], rephrased + [("X?", True)], np.stack([a, b, c])) == 2
