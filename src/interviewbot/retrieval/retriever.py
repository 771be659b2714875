"""The retriever's in-memory state for one loaded index, and query → signals.

Everything here is derived from the bank at load time in a few milliseconds (speller
vocabulary, BM25 fields, near-identical question pairs, the dense layout of a small bank);
nothing is persisted.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache, partial

import numpy as np

from interviewbot.retrieval.lexical import LexicalIndex
from interviewbot.retrieval.normalize import (
    Query,
    Speller,
    analyze,
    english_words,
    normalize,
    query_terms,
    words,
)
from interviewbot.retrieval.scoring import (
    DEFAULT_PARAMS,
    DenseLayout,
    RetrievalParams,
    Signals,
    centroids,
    dense_by_question,
    dense_centroid,
    dense_layout,
    dense_signals,
    near_identical,
)

EXACT_ROWS = 4096  # up to here every row is scored (one product); above, FAISS's top rows
NORMALIZED_CACHE = 4096  # queries whose normalization / lexical scores are kept (LRU)


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
        index = loaded.faiss_index
        row_vecs = np.asarray(index.reconstruct_n(0, index.ntotal), dtype=np.float32)
        self.question_vecs = self._question_vectors(loaded, row_vecs)
        self.centroid_vecs = centroids(row_vecs, np.asarray(self.row_qidx), self.n)
        self.layout: DenseLayout | None = None
        if index.ntotal <= EXACT_ROWS:
            self.layout = dense_layout(
                row_vecs, np.asarray(self.row_qidx), self.row_is_answer, self.n
            )
        # Both caches hold immutable results: a Query, and read-only score arrays.
        self._normalize = lru_cache(maxsize=NORMALIZED_CACHE)(
            partial(normalize, speller=self.speller)
        )
        self._lexical = lru_cache(maxsize=NORMALIZED_CACHE)(self.lexical.score)
        self.duplicates = near_identical(
            self.question_vecs, [folded_terms(c.question) for c in bank], params
        )

    @staticmethod
    def _question_vectors(loaded, row_vecs: np.ndarray) -> np.ndarray:
        """Each canonical question's own phrasing row (zeros where it has none)."""
        vecs = np.zeros((len(loaded.bank), row_vecs.shape[1]), dtype=np.float32)
        rows = {(e.qid, e.text): e.row for e in loaded.entries if e.kind == "question"}
        for i, c in enumerate(loaded.bank):
            row = rows.get((c.id, c.question))
            if row is not None:
                vecs[i] = row_vecs[row]
        return vecs

    def normalize(self, text: str) -> Query:
        """The query with typos corrected and abbreviations expanded (cached per text:
        the same question is often asked again, and a Query is immutable)."""
        return self._normalize(text)

    def signals(
        self,
        query: Query,
        vec: np.ndarray,
        scores: np.ndarray | None = None,
        rows: np.ndarray | None = None,
    ) -> Signals:
        """Dense and lexical evidence per question for the query vector ``vec``.

        Small banks (``self.layout``) score every row and centroid in one product; larger
        ones pass a FAISS result (``scores``, ``rows``) over their nearest rows.
        """
        if scores is None or rows is None:
            dq, da, dc = dense_signals(self.layout, vec)
        else:
            dq, da = dense_by_question(scores, rows, self.row_qidx, self.row_is_answer, self.n)
            dc = dense_centroid(self.centroid_vecs, vec)
        lq, la = self._lexical(query.terms)
        return Signals(dq, da, lq, la, query.known, dc)
