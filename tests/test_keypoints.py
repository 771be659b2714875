"""Key points a candidate can act on: real fragment shapes from the bundled bank's references.

Each row is (name, reference text, the core claims split_claims must give). The texts are cut
from references of the bank (the key-point audit in docs/EVALUATION.md found each shape).
"""

from __future__ import annotations

import pytest

from interviewbot.grading.claims import split_claims

CASES = [
    ("numbered items read on from their lead-in",
     "The basic neural network architecture consists of:\n"
     "1. An input layer that receives initial features\n"
     "2. Connections between neurons that pass information forward\n"
     "Each component plays a crucial role in the network's ability to learn.",
     ["The basic neural network architecture consists of an input layer that receives "
      "initial features",
      "The basic neural network architecture consists of connections between neurons that "
      "pass information forward",
      "Each component plays a crucial role in the network's ability to learn."]),
    ("a short numbered item stays its own point",
     "When designing the input layer, consider:\n1. The type and format of input features\n"
     "2. How the features will be preprocessed\n3. The dimensionality of input data",
     ["When designing the input layer, consider the type and format of input features",
      "When designing the input layer, consider how the features will be preprocessed",
      "When designing the input layer, consider the dimensionality of input data"]),
    ("a source-talk lead-in loses the source, items without a subject get one",
     "The video emphasizes sharing code on GitHub because:\n"
     "1. It facilitates learning from practical implementations\n"
     "2. Enables collaboration and knowledge sharing",
     ["Sharing code on GitHub matters because it facilitates learning from practical "
      "implementations",
      "Sharing code on GitHub matters because it enables collaboration and knowledge sharing"]),
    ("items with their own head keep it; the lead-in is no point",
     "To handle overfitting, several techniques can be employed:\n"
     "- Regularization: Adding a penalty to the loss function to discourage complex models.\n"
     "- Dropout: Randomly dropping units during training to prevent co-adaptation.",
     ["Regularization: Adding a penalty to the loss function to discourage complex models.",
      "Dropout: Randomly dropping units during training to prevent co-adaptation."]),
    # issue 16 named "These weighted inputs are then summed," as a fragment; cut at "and" it
    # left "a bias term is added." (added to what?), which the key-point audit failed
    ("a short clause after 'and' goes on with the one before",
     "It's like a weighted vote. Each input is multiplied by its corresponding weight, "
     "representing its importance. These weighted inputs are then summed, and a bias term is "
     "added.",
     ["Each input is multiplied by its corresponding weight, representing its importance.",
      "These weighted inputs are then summed, and a bias term is added."]),
    ("the writer's own story is not a point",
     "Activation functions add non-linearity to the network. In my experience, understanding "
     "the nuances of different activation functions and their suitability for various tasks "
     "has been key. I believe it will serve any candidate well.",
     ["Activation functions add non-linearity to the network."]),
    ("what goes on with the writer's advice is not a point either",
     "The choice depends on the task. To adapt this insight to your context, I recommend "
     "starting with a clear understanding of your data. From there, experiment with a few "
     "common activation functions. This approach helps in selecting a function.",
     ["The choice depends on the task."]),
    ("a metaphor in quotes is not a point",
     "Hidden layers are the \"workhorses\" of a deep neural network. They act as "
     "intermediate processing stages that learn increasingly complex representations.",
     ["They act as intermediate processing stages that learn increasingly complex "
      "representations."]),
    ("a short remark after an analogy belongs to the analogy",
     "Imagine trying to build a complex structure using only straight lines. It would be "
     "incredibly limiting! Non-linearity, introduced by activation functions, allows neural "
     "networks to learn curved, complex patterns.",
     ["Non-linearity, introduced by activation functions, allows neural networks to learn "
      "curved, complex patterns."]),
    ("sentences that go on with a picture belong to it",
     "Imagine a neural network as a series of interconnected rooms. In forward propagation, "
     "information \"flows\" through these rooms. Each neuron in the first layer processes the "
     "input, applies weights and biases, and passes the result to the next layer.",
     ["Each neuron in the first layer processes the input, applies weights and biases, and "
      "passes the result to the next layer."]),
    ("a picture's own subject words are not the picture",
     "Imagine weights as the \"volume knobs\" and biases as the \"starting points\" for each "
     "neuron. Weights determine how much influence each input has on the neuron's output, "
     "while biases act as a baseline activation level.",
     ["Weights determine how much influence each input has on the neuron's output, while "
      "biases act as a baseline activation level."]),
    ("'However, it ...' joins the claim it is about",
     "The sigmoid function outputs values between 0 and 1 for probability outputs. However, "
     "it can suffer from vanishing gradients.",
     ["The sigmoid function outputs values between 0 and 1 for probability outputs. However, "
      "it can suffer from vanishing gradients."]),
]


@pytest.mark.parametrize(("name", "text", "core"), CASES, ids=[c[0] for c in CASES])
def test_core_key_points_are_standalone_claims(name, text, core):
    assert [c.text for c in split_claims(text) if c.core] == core, name


def test_a_claim_span_points_into_its_reference():
    text = CASES[0][1]
    for c in split_claims(text):  # an item's first letter may be lowered after its lead-in
        assert text[c.start + 1:c.end] in c.text and c.end > c.start


def test_a_roman_numeral_is_no_writer_talking_about_themselves():
    text = ("A Type I error rejects a true null hypothesis. A Type II error keeps a false one. "
            "In my experience, I check both before shipping.")
    assert [c.text for c in split_claims(text) if c.core] == [
        "A Type I error rejects a true null hypothesis.", "A Type II error keeps a false one."]
