"""The retriever of one loaded index: normalized queries and their vectors in, an
:class:`~interviewbot.models.AskResult` out.

Everything here is derived from the bank at load time in a few milliseconds (speller
vocabulary, BM25 fields, near-identical question pairs, the dense layout of a small bank);
nothing is persisted. The retriever owns its search: small banks score every row in one
product, larger ones ask FAISS for their nearest rows. It never encodes: the caller (the
``Bot``) passes query vectors, so the encoder stays the caller's choice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache, partial

import numpy as np

from interviewbot.models import AskResult
from interviewbot.retrieval.decision import Decision, Signals
from interviewbot.retrieval.dense import (
    DenseLayout,
    centroids,
    dense_by_question,
    dense_centroid,
    dense_layout,
    dense_signals,
)
from interviewbot.retrieval.duplicates import folded_terms, near_identical
from interviewbot.retrieval.follow_up import decide_readings, readings
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
from interviewbot.retrieval.params import DEFAULT_PARAMS, RetrievalParams
from interviewbot.retrieval.results import result

EXACT_ROWS = 4096  # up to here every row is scored (one product); above, FAISS's top rows
# Above EXACT_ROWS, how many nearest rows FAISS returns. A question has about 4 rows (105
# questions, 440 rows in the seed bank), so 256 rows reach the best rows of some 60 nearest
# questions: far more than the top-k hits and the runner-up the confidence reads. Questions
# outside them score 0 on the phrasing and answer signals.
NEAREST_ROWS = 256
NORMALIZED_CACHE = 4096  # queries whose normalization / lexical scores are kept (LRU)


class Retriever:
    """Lexical index, speller, dense layout and near-identical pairs for one LoadedIndex."""

    def __init__(self, loaded, params: RetrievalParams = DEFAULT_PARAMS) -> None:
        import faiss

        # One query at a time: OpenMP threads only add contention (0.5 ms vs 32 ms measured).
        faiss.omp_set_num_threads(1)
        bank = loaded.bank
        self.bank = bank
        self.params = params
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
        self.faiss_index = index = loaded.faiss_index
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

    def readings(self, text: str, previous: str | None, max_chars: int | None = None) -> list[str]:
        """The texts to encode for ``text`` after ``previous`` (see
        :func:`~interviewbot.retrieval.follow_up.readings`)."""
        return readings(text, previous, self.params.follow_up_words, max_chars)

    def signals(self, query: Query, vec: np.ndarray) -> Signals:
        """Dense and lexical evidence per question for the query vector ``vec``.

        Small banks (``self.layout``) score every row and centroid in one product; larger
        ones search FAISS for their :data:`NEAREST_ROWS` nearest rows.
        """
        if self.layout is not None:
            dq, da, dc = dense_signals(self.layout, vec)
        else:
            scores, rows = self.faiss_index.search(
                vec.reshape(1, -1).astype(np.float32), NEAREST_ROWS
            )
            dq, da = dense_by_question(
                scores[0], rows[0], self.row_qidx, self.row_is_answer, self.n
            )
            dc = dense_centroid(self.centroid_vecs, vec)
        lq, la = self._lexical(query.terms)
        return Signals(dq, da, lq, la, query.known, dc)

    def decide(self, text: str, queries: Sequence[Query], vecs: np.ndarray, k: int) -> Decision:
        """The ranking and answer-or-abstain decision for ``text`` from its normalized
        :meth:`readings` and their vectors."""
        sigs = [self.signals(q, v) for q, v in zip(queries, vecs)]
        return decide_readings(text, sigs, k, self.params, self.duplicates)

    def answer(self, text: str, queries: Sequence[Query], vecs: np.ndarray, k: int) -> AskResult:
        """:meth:`decide`, as the public result type."""
        return result(text, self.decide(text, queries, vecs, k), self.bank)
