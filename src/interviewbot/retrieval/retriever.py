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
from dataclasses import replace
from functools import lru_cache, partial

import numpy as np

from interviewbot.models import AskResult
from interviewbot.retrieval.coverage import ConceptFinder, concept_cover
from interviewbot.retrieval.decision import Decision, Signals, shown_by
from interviewbot.retrieval.dense import (
    DenseLayout,
    centroids,
    dense_by_question,
    dense_centroid,
    dense_layout,
    dense_signals,
)
from interviewbot.retrieval.duplicates import folded_terms, near_identical
from interviewbot.retrieval.follow_up import (
    ChatContext,
    asks_aspect,
    blend,
    content_words,
    decide_in_context,
    is_incomplete,
    points_back,
    readings,
)
from interviewbot.retrieval.lexical import LexicalIndex
from interviewbot.retrieval.normalize import (
    Query,
    Speller,
    analyze,
    english_deletes,
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


def phrasing_key(text: str) -> str:
    """A phrasing up to case, spacing, punctuation and markup: its lowercase words."""
    return " ".join(words(text))


def exact_phrasings(bank) -> dict[str, int]:
    """:func:`phrasing_key` of every phrasing → the bank position of the one canonical
    question that has it (a phrasing two questions share is left to retrieval)."""
    owners: dict[str, set[int]] = {}
    for i, c in enumerate(bank):
        for text in (c.question, *(v.text for v in c.variants)):
            owners.setdefault(phrasing_key(text), set()).add(i)
    return {key: next(iter(pos)) for key, pos in owners.items() if key and len(pos) == 1}


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
        texts = [t for c in bank for t in (*(v.text for v in c.variants),
                                           *(a.text for a in c.answers))]
        self.concept_finder = ConceptFinder(texts, self.speller.is_known)
        english_deletes()  # built at load, not on the first question with a new word
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
        # The caches hold immutable results: a Query, read-only score arrays, and tuples of
        # phrases (the same question is often asked again).
        self._normalize = lru_cache(maxsize=NORMALIZED_CACHE)(
            partial(normalize, speller=self.speller)
        )
        self._lexical = lru_cache(maxsize=NORMALIZED_CACHE)(self.lexical.score)
        self._candidates = lru_cache(maxsize=NORMALIZED_CACHE)(self._concept_candidates)
        self._positions: dict[str, int] | None = None
        self.duplicates = near_identical(
            self.question_vecs, [folded_terms(c.question) for c in bank], params
        )
        self.exact = exact_phrasings(bank)

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

    def leans(
        self, text: str, context: ChatContext, params: RetrievalParams | None = None
    ) -> bool:
        """Whether ``text`` is also read joined to the context's message: there is one,
        the message is short and incomplete or refers back, and the bank knows every one
        of its own content words (after spelling correction), so that an off-domain
        message is never answered through the previous question."""
        params = params or self.params
        if not context.message or len(text.split()) > params.follow_up_words:
            return False
        if not is_incomplete(text):
            return False
        own = content_words(self.normalize(text).text)
        return all(self.speller.is_known(w) for w in own)

    def readings(
        self, text: str, context: ChatContext, params: RetrievalParams | None = None
    ) -> list[str]:
        """The texts to encode for ``text`` in ``context``: its readings (see
        :func:`~interviewbot.retrieval.follow_up.readings`), then its :meth:`concepts`."""
        return [*self._readings(text, context, params), *self.concepts(text, params)]

    def _readings(
        self, text: str, context: ChatContext, params: RetrievalParams | None = None
    ) -> list[str]:
        if not self.leans(text, context, params):
            return [text]
        shown = self.position(context.shown)
        if shown is None and context.shown is not None:
            # An id this bank lacks (kept from before a rebuild, or made by hand) is read as
            # none shown, as decide_signals reads it: the message alone learns what was shown.
            context = replace(context, shown=None)
        question = None if shown is None else self.bank[shown].question
        return readings(text, context, True, question)

    def concepts(self, text: str, params: RetrievalParams | None = None) -> tuple[str, ...]:
        """The phrases of a question of at most ``concept_max_words`` words that are new to
        the bank (:class:`~interviewbot.retrieval.coverage.ConceptFinder`); none for a
        larger bank, which has no one-product layout to measure their coverage with."""
        params = params or self.params
        if self.layout is None or len(text.split()) > params.concept_max_words:
            return ()
        return self._candidates(text)

    def _concept_candidates(self, text: str) -> tuple[str, ...]:
        return self.concept_finder.candidates(text, self.normalize(text).corrected)

    def with_concepts(
        self, sigs: Sequence[Signals], names: Sequence[str], vecs: np.ndarray,
        query_vec: np.ndarray,
    ) -> list[Signals]:
        """The readings' signals with each concept (``names``, their vectors ``vecs``):
        its coverage by every question and its cosine to the message (``query_vec``)."""
        if not len(names):
            return list(sigs)
        cover = concept_cover(self.layout, vecs)
        sim = np.asarray(vecs, dtype=np.float32) @ query_vec.astype(np.float32)
        return [replace(s, concepts=tuple(names), concept_cover=cover, concept_sim=sim)
                for s in sigs]

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
        length = len(query.raw.split())
        exact = self.exact.get(phrasing_key(query.raw))
        return Signals(dq, da, lq, la, query.known, dc, bool(query.novel), length, exact)

    def position(self, question_id: str | None) -> int | None:
        """The bank position of a canonical question id (None if unknown)."""
        if self._positions is None:
            self._positions = {c.id: i for i, c in enumerate(self.bank)}
        return self._positions.get(question_id) if question_id else None

    def decide(
        self,
        queries: Sequence[Query],
        vecs: np.ndarray,
        k: int,
        context: ChatContext,
        only: np.ndarray | None = None,
    ) -> Decision:
        """The ranking and answer-or-abstain decision from the normalized :meth:`readings`
        of a message and their vectors; ``only`` (a boolean mask over bank positions, e.g.
        one bank's questions) leaves every other question out."""
        text = queries[0].raw
        n = len(self._readings(text, context))
        sigs = [self.signals(q, v) for q, v in zip(queries[:n], vecs[:n])]
        sigs = self.with_concepts(sigs, [q.raw for q in queries[n:]], vecs[n:], vecs[0])
        if only is not None:
            sigs = [restrict(s, only) for s in sigs]
        decision = self.decide_signals(sigs, k, context, text=text)
        if only is not None:
            ranked = [(pos, score) for pos, score in decision.ranked if only[pos]]
            decision = replace(decision, ranked=ranked)
        return decision

    def decide_signals(
        self,
        sigs: Sequence[Signals],
        k: int,
        context: ChatContext,
        params: RetrievalParams | None = None,
        text: str | None = None,
    ) -> Decision:
        """:meth:`decide` from the readings' signals of the message ``text`` (``params``:
        other knobs, for fitting)."""
        params = params or self.params
        if len(sigs) == 1:
            return decide_in_context(sigs[0], None, None, k, params, self.duplicates)
        shown = self.position(context.shown)
        joints = sigs[1:] if shown is not None else sigs[1:-1]
        if shown is None:
            shown = shown_by(sigs[-1], params)
        pointing = text is None or points_back(text) or asks_aspect(text)
        return decide_in_context(sigs[0], blend(joints), shown, k, params, self.duplicates,
                                 pointing)

    def answer(
        self,
        text: str,
        queries: Sequence[Query],
        vecs: np.ndarray,
        k: int,
        context: ChatContext = ChatContext(),
        only: np.ndarray | None = None,
    ) -> AskResult:
        """:meth:`decide`, as the public result type."""
        decision = self.decide(queries, vecs, k, context, only)
        return result(text, decision, self.bank, queries[0])


def restrict(signals: Signals, only: np.ndarray) -> Signals:
    """The signals with every question outside the mask ``only`` at 0 (so it ranks last)."""
    def keep(a: np.ndarray | None) -> np.ndarray | None:
        return None if a is None else np.where(only, a, 0.0).astype(a.dtype)

    return replace(
        signals,
        dense_question=keep(signals.dense_question),
        dense_answer=keep(signals.dense_answer),
        lexical_question=keep(signals.lexical_question),
        lexical_answer=keep(signals.lexical_answer),
        dense_centroid=keep(signals.dense_centroid),
        exact=signals.exact if signals.exact is not None and only[signals.exact] else None,
    )
