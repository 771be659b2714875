"""Assign a topic to a question by ordered keyword rules (first match wins)."""

from __future__ import annotations

import re

TOPICS: tuple[tuple[str, str], ...] = (
    ("vanishing/exploding gradients", r"vanishing|exploding"),
    ("backpropagation", r"back ?propagation|backprop"),
    ("activation functions", r"activation|relu|sigmoid|tanh|softmax|swish|mish|non-?linearit|gelu"),
    ("loss functions", r"loss function|cross[- ]entropy|\bloss\b|mean squared|\bmse\b"),
    (
        "optimizers",
        r"optimi[sz]er|gradient descent|\bsgd\b|\badam\b|momentum|learning rate|"
        r"rmsprop|batch size",
    ),
    ("initialization", r"initiali[sz]"),
    (
        "overfitting & regularization",
        r"overfit|dropout|regulari[sz]|early stopping|"
        r"batch normali[sz]ation|generali[sz]",
    ),
    ("CNN", r"convolution|\bcnns?\b|pooling|image"),
    ("RNN/LSTM", r"recurrent|\brnns?\b|lstm|sequential|\bgru\b"),
    ("deployment & ethics", r"ethic|production|deploy|fairness|bias and|privacy"),
    (
        "data & evaluation",
        r"imbalanced|evaluat|metric|missing data|normali[sz]ing input|"
        r"interpret|dataset|data\b",
    ),
    (
        "architectures & tuning",
        r"transfer learning|ensemble|autoencoder|generative adversarial|"
        r"\bgans?\b|architecture|hidden layers?|hyperparameter|number of (hidden )?layers|"
        r"perceptron|feedforward",
    ),
    ("learning & career", r"github|stay updated|prerequisite|proficient|career|tutorial"),
)
DEFAULT_TOPIC = "fundamentals"
_COMPILED = tuple((name, re.compile(pattern, re.I)) for name, pattern in TOPICS)


def topic_of(text: str) -> str:
    """The first topic whose rule matches ``text``, else ``fundamentals``."""
    for name, pattern in _COMPILED:
        if pattern.search(text):
            return name
    return DEFAULT_TOPIC


def all_topics() -> tuple[str, ...]:
    """Every topic name, in display order."""
    return (DEFAULT_TOPIC, *(name for name, _ in TOPICS))


def canonical_topic(name: str) -> str:
    """A user-given topic in the bank's spelling when it names a known one ("cnn" → "CNN")."""
    cleaned = " ".join(name.split())
    known = {t.lower(): t for t in all_topics()}
    return known.get(cleaned.lower(), cleaned)
