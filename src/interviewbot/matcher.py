"""The retriever's in-memory state for one loaded index, and query → signals.

Everything here is derived from the bank at load time in a few milliseconds (speller
vocabulary, BM25 fields, near-identical question pairs); nothing is persisted.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from interviewbot.lexical import LexicalIndex
from interviewbot.query import (
    Query,
    Speller,
    analyze,
    english_words,
    normalize,
    query_terms,
    words,
)
from interviewbot.retrieve import (
    DEFAULT_PARAMS,
    RetrievalParams,
    Signals,
    centroids,
    dense_by_question,
    dense_centroid,
    near_identical,
)


def folded_terms(text: str) -> set[str]:
    """Content terms of a question with synonyms folded ("deep learning" → "neural network")."""
    low = " ".join(words(text))
    for phrase, target in query_terms().fold.items():
        low = f" {low} ".replace(f" {phrase} ", f" {target} ").strip()
    return set(analyze(low))


class Matcher:
    """Lexical index, speller and near-identical pairs for one LoadedIndex."""

    def __init__(self, loaded, params: RetrievalParams = DEFAULT_PARAMS) -> None:
        bank = loaded.bank
        self.n = len(bank)
        self.row_qidx = loaded.row_qidx
        self.row_is_answer = np.array([e.kind == "answer" for e in loaded.entries], dtype=bool)
        vocab: Counter[str] = Counter()
        bigrams: set[tuple[str, str]] = set()
        qdocs, adocs = [], []
        for c in bank:
            for text in [*(v.text for v in c.variants), *(a.text for a in c.answers)]:
                toks = words(text)
                vocab.update(toks)
                bigrams.update(zip(toks, toks[1:]))
            qdocs.append(analyze(" ".join(dict.fromkeys(v.text for v in c.variants))))
            adocs.append(analyze(" ".join(a.text for a in c.answers)))
        terms = query_terms()
        for text in [*terms.expand, *terms.expand.values(), *terms.spelling.values()]:
            vocab.update(words(text))
        self.speller = Speller(vocab, english_words(), frozenset(bigrams))
        self.lexical = LexicalIndex(qdocs, adocs)
        self.question_vecs = self._question_vectors(loaded)
        self.centroid_vecs = self._centroid_vectors(loaded)
        self.duplicates = near_identical(
            self.question_vecs, [folded_terms(c.question) for c in bank], params
        )

    @staticmethod
    def _question_vectors(loaded) -> np.ndarray:
        dim = int(loaded.manifest["dim"])
        vecs = np.zeros((len(loaded.bank), dim), dtype=np.float32)
        rows = {(e.qid, e.text): e.row for e in loaded.entries if e.kind == "question"}
        for i, c in enumerate(loaded.bank):
            row = rows.get((c.id, c.question))
            if row is not None:
                vecs[i] = loaded.faiss_index.reconstruct(int(row))
        return vecs

    @staticmethod
    def _centroid_vectors(loaded) -> np.ndarray:
        index = loaded.faiss_index
        vecs = np.asarray(index.reconstruct_n(0, index.ntotal), dtype=np.float32)
        return centroids(vecs, np.asarray(loaded.row_qidx), len(loaded.bank))

    def normalize(self, text: str) -> Query:
        """The query with typos corrected and abbreviations expanded."""
        return normalize(text, self.speller)

    def signals(
        self, query: Query, scores: np.ndarray, rows: np.ndarray, vec: np.ndarray
    ) -> Signals:
        """Dense (a FAISS result over the rows, plus the query vector ``vec`` against each
        question's centroid) and lexical evidence per question."""
        dq, da = dense_by_question(scores, rows, self.row_qidx, self.row_is_answer, self.n)
        lq, la = self.lexical.score(query.terms)
        dc = dense_centroid(self.centroid_vecs, vec)
        return Signals(dq, da, lq, la, query.known, dc)
