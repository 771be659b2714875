"""Derived misconceptions for a bank a user brings: candidates made from its key points,
marked derived, told as "This may be a common misconception", and not hit by correct answers.
"""

from __future__ import annotations

import pytest

from interviewbot.grading import grade_answer
from interviewbot.grading.misconceptions import derive_misconceptions, misconceptions_for
from interviewbot.grading.text import content_stems

# A tiny user bank: questions the bundled misconceptions file does not hold.
GAN_Q = "What do the generator and the discriminator do in a GAN?"
GAN_REF = ("The generator creates fake samples from random noise, while the discriminator "
           "judges whether a sample is real or fake.")
DROP_Q = "How does dropout affect overfitting in a small network?"
DROP_REF = "Dropout reduces overfitting by randomly disabling neurons during training."
BANK = [
    (GAN_Q, GAN_REF,
     "The discriminator creates fake samples from random noise, while the generator judges "
     "whether a sample is real or fake.",
     "The generator turns random noise into fake samples and the discriminator tries to tell "
     "real samples from the generated ones."),
    (DROP_Q, DROP_REF,
     "Dropout increases overfitting, because randomly disabling neurons during training makes "
     "the network memorize the data.",
     "Dropout lowers overfitting: it switches off random neurons while training so no unit can "
     "rely on the others."),
]

DERIVED = [
    ("swap of two terms the question names", GAN_Q, GAN_REF, "swap",
     "The discriminator creates fake samples from random noise, while the generator judges "
     "whether a sample is real or fake."),
    ("reversal of a direction", DROP_Q, DROP_REF, "reversal",
     "Dropout increases overfitting by randomly disabling neurons during training."),
    ("negation of the defining claim", "What is a ReLU?",
     "ReLU is an activation function that outputs max(0, x).", "negation",
     "ReLU is not an activation function that outputs max(0, x)."),
]


@pytest.mark.parametrize(("name", "question", "claim", "kind", "belief"), DERIVED,
                         ids=[d[0] for d in DERIVED])
def test_candidates_are_derived_from_key_points(name, question, claim, kind, belief):
    made = derive_misconceptions([claim], frozenset(content_stems(question)))
    got = {m.kind: m for m in made}
    assert got[kind].belief == belief, name
    assert got[kind].correction == claim and got[kind].derived


def test_no_reversal_of_names_or_of_a_pair_already_both_stated():
    # "input" -> "output" names another part; "negative ... positive" already says both sides.
    made = derive_misconceptions(
        ["Each input is multiplied by its weight.",
         "ReLU outputs zero for negative inputs and the input itself for positive inputs."],
        frozenset())
    assert "reversal" not in [m.kind for m in made]


@pytest.mark.parametrize(("question", "ref", "wrong", "good"), BANK, ids=["swap", "reversal"])
def test_a_user_bank_answer_stating_a_derived_misconception_is_told_so(
        embedder, question, ref, wrong, good):
    assert misconceptions_for(question) == ()  # not in the bundled file: derived ones apply
    r = grade_answer(question, wrong, [ref], embedder)
    assert not r.passed
    assert r.misconception is not None and r.misconception.misconception.derived
    assert "This may be a common misconception:" in r.explanation and "Actually:" in r.explanation
    out = r.to_dict()["misconception"]
    assert out["derived"] is True and out["correction"] == ref
    assert out["kind"] in ("swap", "reversal")
    ok = grade_answer(question, good, [ref], embedder)
    assert ok.misconception is None and ok.to_dict()["misconception"] is None


def test_feedback_on_a_derived_misconception_reads_as_sentences(embedder):
    """A user's reference without its final period: the belief made from it still ends as a
    sentence before "Actually:" (it ran on: "... during training Actually: ...")."""
    ref = DROP_REF.rstrip(".")
    r = grade_answer(DROP_Q, BANK[1][2], [ref], embedder)
    assert r.misconception is not None and r.misconception.misconception.derived
    assert "training. Actually: Dropout reduces" in r.explanation
    assert r.explanation.endswith(".")
