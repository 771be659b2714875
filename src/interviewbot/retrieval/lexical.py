"""A small BM25 over the bank, one document per canonical question and field.

Built in memory at load time from the bank (105 questions, a few thousand terms): a dense
term × question weight matrix, so scoring a query is a handful of row sums. Scores are
normalized to [0, 1] by what a perfect match of every query term could score, with words
the bank has never seen counted at the highest weight: an off-topic query ("kubernetes pod")
scores near 0 however its few common words happen to match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

K1 = 1.2
B = 0.75
# A question's answer field is all its reference answers joined, so its length says more
# about how many answers were collected than about focus; full length normalization
# penalized well-documented questions (dev CV, any k1: R@1 +0.5 point at b 0.3 vs 0.75).
B_ANSWERS = 0.3


class Field:
    """BM25 weights of one field (e.g. all phrasings of each question) over the bank."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = K1, b: float = B) -> None:
        n = len(docs)
        vocab: dict[str, int] = {}
        for doc in docs:
            for t in doc:
                vocab.setdefault(t, len(vocab))
        self.vocab = vocab
        tf = np.zeros((len(vocab), n), dtype=np.float32)
        for j, doc in enumerate(docs):
            for t, c in Counter(doc).items():
                tf[vocab[t], j] = c
        lengths = np.array([max(len(d), 1) for d in docs], dtype=np.float32)
        df = (tf > 0).sum(axis=1)
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = k1 * (1 - b + b * lengths / lengths.mean())
        self.weights = (idf[:, None] * tf * (k1 + 1) / (tf + norm[None, :])).astype(np.float32)
        self.best = self.weights.max(axis=1) if len(vocab) else np.zeros(0, np.float32)
        self.unknown = float(np.log(1.0 + (n + 0.5) / 0.5) * (k1 + 1) / (1 + k1 * (1 - b)))
        self.n = n

    def score(self, terms: Sequence[str]) -> np.ndarray:
        """Per-document BM25 divided by the best score the query's terms could reach."""
        ids = [self.vocab.get(t, -1) for t in dict.fromkeys(terms)]
        if not ids:
            return np.zeros(self.n, dtype=np.float32)
        known = [i for i in ids if i >= 0]
        ceiling = float(self.best[known].sum()) + self.unknown * (len(ids) - len(known))
        if not known or ceiling <= 0:
            return np.zeros(self.n, dtype=np.float32)
        return self.weights[known].sum(axis=0) / ceiling


class LexicalIndex:
    """Two BM25 fields per canonical question: its phrasings and its reference answers."""

    def __init__(
        self, question_docs: Sequence[Sequence[str]], answer_docs: Sequence[Sequence[str]]
    ) -> None:
        self.questions = Field(question_docs)
        self.answers = Field(answer_docs, b=B_ANSWERS)

    def score(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(question-field, answer-field) normalized scores, one per canonical question
        (read-only: callers may cache them)."""
        out = self.questions.score(terms), self.answers.score(terms)
        for a in out:
            a.setflags(write=False)
        return out
