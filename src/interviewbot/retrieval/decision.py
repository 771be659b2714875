"""Fusion, confidence and the answer-or-abstain decision. Pure functions over arrays.

Per canonical question five signals are fused (weights fitted on the dev set by a
regularized listwise softmax, chosen by grouped cross-validation, see
``scripts/eval_retrieval.py``):

* ``dq`` — best cosine between the query and any phrasing (variant) of the question;
* ``da`` — best cosine between the query and any chunk of its reference answers;
* ``dc`` — cosine between the query and the question's centroid (mean of the unit vectors of
  all its phrasings and answer chunks): evidence spread over the whole question, so one
  phrasing that happens to share a general word counts for less than a question whose
  phrasings *and* answers are all about the query's topic;
* ``lq`` / ``la`` — normalized BM25 of the query's terms against all phrasings / all answers
  (:mod:`interviewbot.retrieval.lexical`; typos and abbreviations fixed first,
  :mod:`interviewbot.retrieval.normalize`).

The fused score ranks; a small logistic model over a few features of the top hit (fused score,
margin to the runner-up, best phrasing cosine, lexical agreement, share of known words) gives
a confidence. Below ``abstain_below`` the bot abstains, offering the hits above
``suggest_above`` as "did you mean". It also abstains on a short question (at most
``novel_max_words`` words, fitted on data) naming a concept that no question of the bank uses
and plain English does not have either ("kubeflow", "distillation"): then no hit covers it.
It abstains too when a short query names a concept new to the bank that its top hit does not
cover (:mod:`interviewbot.retrieval.coverage`, ``concept_below``, fitted).
Near-identical canonical questions never both appear. A query that is, word for word, a
phrasing of exactly one question (``Signals.exact``) gets that question first and is answered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from interviewbot.retrieval.params import DEFAULT_PARAMS, RetrievalParams


@dataclass(frozen=True)
class Signals:
    """Per-canonical-question evidence for one query (arrays of length len(bank))."""

    dense_question: np.ndarray
    dense_answer: np.ndarray
    lexical_question: np.ndarray
    lexical_answer: np.ndarray
    known: float
    dense_centroid: np.ndarray | None = None
    novel: bool = False  # the query has a word neither the bank nor plain English has
    length: int = 0  # the query's number of words
    exact: int | None = None  # the one question with the query as a phrasing (verbatim)
    concepts: tuple[str, ...] = ()  # the query's phrases new to the bank (coverage.py)
    concept_cover: np.ndarray | None = None  # (concepts, questions) coverage of each
    concept_sim: np.ndarray | None = None  # (concepts,) cosine of each to the query

    def stack(self) -> np.ndarray:
        """A (5, n) array in the order of :data:`~interviewbot.retrieval.params.SIGNALS`
        (no centroid: zeros)."""
        centroid = self.dense_centroid
        if centroid is None:
            centroid = np.zeros_like(self.dense_question)
        return np.array(  # np.array of equal-length rows: the same as np.stack, faster
            [
                self.dense_question,
                self.dense_answer,
                self.lexical_question,
                self.lexical_answer,
                centroid,
            ]
        )


@dataclass(frozen=True)
class Decision:
    """Ranked (bank position, fused score) pairs, the confidence and whether to abstain."""

    ranked: list[tuple[int, float]]
    confidence: float
    abstain: bool
    suggest: bool
    features: np.ndarray | None = None  # the confidence model's inputs (for fitting)
    signals: Signals | None = None  # the evidence of the reading decided on
    fused: np.ndarray | None = None  # its fused scores (an excluded question at 0)
    missing: str | None = None  # the phrase of the query the top hit does not cover


@lru_cache(maxsize=64)
def _array(values: tuple[float, ...], dtype: type) -> np.ndarray:
    """A read-only array of parameter values, built once per distinct tuple (``ask`` runs
    fuse and confidence once per query; rebuilding them each time is measurable)."""
    out = np.array(values, dtype=dtype)
    out.setflags(write=False)
    return out


def fuse(signals: Signals, params: RetrievalParams) -> np.ndarray:
    """Weighted mean of the signals per canonical question, in [0, 1]."""
    w = _array(params.weight_values(), np.float32)
    fused = w @ signals.stack()
    fused /= max(float(w.sum()), 1e-9)
    return np.minimum(np.maximum(fused, 0.0, out=fused), 1.0, out=fused)


def features(signals: Signals, fused: np.ndarray, top: int, runner_up: float) -> np.ndarray:
    """The confidence model's inputs for the top hit ``top`` (order of ``FEATURES``)."""
    return np.array(
        [
            fused[top],
            fused[top] - runner_up,
            signals.dense_question[top],
            signals.lexical_question[top],
            signals.known,
        ],
        dtype=np.float64,
    )


def confidence(x: np.ndarray, params: RetrievalParams) -> float:
    """Logistic confidence that the top hit answers an in-domain question."""
    coef = tuple(params.coef) + (0.0,) * (len(x) - len(params.coef))  # older files: fewer
    z = params.bias + float(np.dot(_array(coef, np.float64), x))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def rank(
    fused: np.ndarray, k: int, duplicates: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """Top-k (bank position, score), skipping any question marked near-identical
    (``duplicates[i, j]``) to one already chosen."""
    order = np.argsort(-fused, kind="stable")
    chosen: list[tuple[int, float]] = []
    for pos in order:
        if len(chosen) >= k:
            break
        if duplicates is not None and any(duplicates[pos, c] for c, _ in chosen):
            continue
        chosen.append((int(pos), float(fused[pos])))
    return chosen


def decide(
    signals: Signals,
    k: int,
    params: RetrievalParams = DEFAULT_PARAMS,
    duplicates: np.ndarray | None = None,
    exclude: int | None = None,
) -> Decision:
    """Rank, then answer or abstain on the calibrated confidence of the top hit.

    ``exclude`` (a bank position) is left out of the ranking: a follow-up read together
    with the previous question must not simply return the previous question's answer.
    """
    fused = fuse(signals, params)
    if exclude is not None:
        fused = fused.copy()
        fused[exclude] = 0.0
        if duplicates is not None:
            fused[duplicates[exclude]] = 0.0
    exact = signals.exact if signals.exact != exclude else None
    if exact is not None:  # asked verbatim: that question, whatever the fusion says
        fused = fused.copy()
        fused[exact] = 1.0 + 1e-6
    ranked = rank(fused, max(k, 2), duplicates)
    if not ranked:
        return Decision([], 0.0, True, False)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    x = features(signals, fused, ranked[0][0], runner_up)
    conf = confidence(x, params)
    lacks = signals.novel and signals.length <= params.novel_max_words
    missing = uncovered(signals, ranked[0][0], params)
    lacks = lacks or missing is not None
    abstain = exact is None and (conf < params.abstain_below or lacks)
    suggest = abstain and (conf >= params.suggest_above or lacks)
    return Decision(ranked[:k], conf, abstain, suggest, x, signals, fused, missing)


def uncovered(signals: Signals, top: int, params: RetrievalParams) -> str | None:
    """The query's phrase new to the bank that the top hit leaves most uncovered (its cosine
    to the query minus its best cosine to the hit's rows), when that gap is at least
    ``concept_gap`` and the query has at most ``concept_max_words`` words (else None)."""
    cover, sim = signals.concept_cover, signals.concept_sim
    if cover is None or sim is None or signals.length > params.concept_max_words:
        return None
    gap = sim - cover[:, top]
    worst = int(np.argmax(gap))
    return signals.concepts[worst] if gap[worst] >= params.concept_gap else None


def shown_by(previous: Signals, params: RetrievalParams = DEFAULT_PARAMS) -> int:
    """The bank position the previous message's own reading ranks first."""
    return int(np.argmax(fuse(previous, params)))
