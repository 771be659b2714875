"""Concept coverage: does the matched question speak of what the query names?

A query such as "what is layer normalization?" or "what is weight decay?" has only words the
bank knows, so the missing-concept word test (``Speller.novel``) cannot see it, and its
nearest question ("batch normalization") is a confident wrong answer.
Its *concept* is new to the bank all the same: a pair of neighbouring content words no phrasing
or answer of the bank has side by side ("layer normalization", "weight decay", "attention
mechanism"), or a run of content words with a plain English word the bank never uses ("principal
component analysis", "transformer").

Lexical side (:class:`ConceptFinder`, pure): those candidate phrases of a short query. Dense
side (:func:`concept_cover`): each candidate is embedded on its own (in the query's forward
pass) and its best cosine to any row of a question is that question's coverage of it. The
decision (:func:`~interviewbot.retrieval.decision.decide`) refuses a short query with a
candidate that stands for the query (its cosine to the query) at least ``concept_gap`` more
than the top hit covers it ("weight decay": 0.93 to the query, 0.31 to its hit; "dropout
work": 0.82 and 0.65), naming it; the gap and the length limit are fitted on data.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from interviewbot.retrieval.dense import DenseLayout
from interviewbot.retrieval.normalize import QueryTerms, analyze, phrases, query_terms, words

MAX_CONCEPTS = 2  # candidate phrases embedded per query at most (each costs batch room)


class ConceptFinder:
    """The bank's content terms and neighbouring term pairs, and the query phrases that
    fall outside them."""

    def __init__(self, texts: Iterable[str], is_known) -> None:
        self.terms: set[str] = set()
        self.pairs: set[tuple[str, str]] = set()
        for text in texts:
            got = analyze(text)
            self.terms.update(got)
            self.pairs.update(zip(got, got[1:]))
        self.is_known = is_known  # the speller's test: the bank has the word in some form
        t = query_terms()
        self._plain = QueryTerms({}, t.spelling, {})  # no expansions: the words as typed

    def candidates(self, text: str, corrected: Iterable[tuple[str, str]] = ()) -> tuple[str, ...]:
        """Phrases of ``text`` (typos fixed as in ``corrected``) that the bank never has: a
        run of neighbouring content words with an alphabetic word it has in no form, or a
        pair of neighbouring content words it never has side by side. At most
        :data:`MAX_CONCEPTS`, runs first; words with digits or one letter are left out."""
        fixed = dict(corrected)
        plain = " ".join(fixed.get(w, w) for w in words(text))
        singles: list[str] = []
        doubles: list[str] = []
        for run in phrases(plain, self._plain):
            if any(word.isalpha() and len(word) > 2 and term not in self.terms
                   and not self.is_known(word) for word, term in run):
                singles.append(" ".join(word for word, _ in run))  # "principal component…"
            for (w1, t1), (w2, t2) in zip(run, run[1:]):
                ok = all(w.isalpha() and len(w) > 1 for w in (w1, w2))
                if ok and t1 in self.terms and t2 in self.terms and (t1, t2) not in self.pairs:
                    doubles.append(f"{w1} {w2}")
        return tuple(dict.fromkeys([*singles, *doubles]))[:MAX_CONCEPTS]


def concept_cover(layout: DenseLayout | None, vecs: np.ndarray) -> np.ndarray | None:
    """(concepts, questions): the best cosine of each concept vector to any phrasing or
    answer row of each question (None without a small-bank layout or without concepts)."""
    if layout is None or not len(vecs):
        return None
    raw = np.asarray(vecs, dtype=np.float32) @ layout.matrix.T  # (concepts, rows)
    out = np.full((raw.shape[0], layout.n_questions), -1.0, dtype=np.float32)
    for i in range(raw.shape[0]):
        np.maximum.at(out[i], layout.owner, raw[i])
    return out
