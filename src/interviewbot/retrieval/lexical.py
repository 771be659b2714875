"""A small BM25 over the bank, one document per canonical question and field.

Built in memory at load time from the bank (105 questions, a few thousand terms) with
``bm25s``, from the terms :func:`~interviewbot.retrieval.normalize.analyze` gives. Scores are
normalized to [0, 1] by what a perfect match of every query term could score, with words
the bank has never seen counted at the highest weight: an off-topic query ("kubernetes pod")
scores near 0 however its few common words happen to match.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

K1 = 1.2
B = 0.75
# A question's answer field is all its reference answers joined, so its length says more
# about how many answers were collected than about focus; full length normalization
# penalized well-documented questions (dev CV, any k1: R@1 +0.5 point at b 0.3 vs 0.75).
B_ANSWERS = 0.3


class Field:
    """BM25 weights of one field (e.g. all phrasings of each question) over the bank, served
    by ``bm25s`` (Lucene variant: idf ``log(1 + (N - df + 0.5) / (df + 0.5))``)."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = K1, b: float = B) -> None:
        import bm25s

        self.n = len(docs)
        self._bm25 = bm25s.BM25(k1=k1, b=b, method="lucene")
        self._bm25.index([list(d) for d in docs], show_progress=False)
        self.vocab: dict[str, int] = self._bm25.vocab_dict
        data, indptr = self._bm25.scores["data"], self._bm25.scores["indptr"]
        # The best weight of each term over the documents (its column of the term matrix).
        self.best = np.zeros(len(indptr) - 1, dtype=np.float32)
        present = np.diff(indptr) > 0
        if present.any():
            self.best[present] = np.maximum.reduceat(data, indptr[:-1][present])
        # A term no document has weighs what one occurrence could at most (df 0, shortest doc).
        self.unknown = float(np.log(1.0 + (self.n + 0.5) / 0.5) / (1 + k1 * (1 - b)))

    def score(self, terms: Sequence[str]) -> np.ndarray:
        """Per-document BM25 divided by the best score the query's terms could reach."""
        ids = [self.vocab.get(t, -1) for t in dict.fromkeys(terms)]
        if not ids:
            return np.zeros(self.n, dtype=np.float32)
        known = [i for i in ids if i >= 0]
        ceiling = float(self.best[known].sum()) + self.unknown * (len(ids) - len(known))
        if not known or ceiling <= 0:
            return np.zeros(self.n, dtype=np.float32)
        return (self._bm25.get_scores_from_ids(known) / ceiling).astype(np.float32, copy=False)


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
