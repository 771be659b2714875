"""Question in, ranked canonical hits or an abstention out. Pure functions over arrays.

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
``suggest_above`` as "did you mean". Near-identical canonical questions never both appear.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from importlib import resources

import numpy as np

from interviewbot.models import AskResult, Canonical, Hit

FEATURES = ("fused", "margin", "dense_question", "lexical_question", "known")
SIGNALS = ("dense_question", "dense_answer", "lexical_question", "lexical_answer", "dense_centroid")


@dataclass(frozen=True)
class RetrievalParams:
    """Knobs of the retriever, fitted on the dev set (never on the held-out test set).

    The packaged values live in ``data/retrieval_params.json`` and are written by
    ``scripts/eval_retrieval.py --fit``.
    """

    w_dense_question: float = 0.55
    w_dense_answer: float = 0.15
    w_lexical_question: float = 0.2
    w_lexical_answer: float = 0.1
    w_dense_centroid: float = 0.0
    coef: tuple[float, ...] = (6.0, 4.0, 4.0, 2.0, 2.0)
    bias: float = -7.0
    abstain_below: float = 0.5
    suggest_above: float = 0.2
    duplicate_cosine: float = 0.8
    duplicate_overlap: float = 0.75
    follow_up_words: int = 12
    fitted_on: str = ""
    extra: dict = field(default_factory=dict)

    def weight_values(self) -> tuple[float, ...]:
        """Fusion weights in the order of :data:`SIGNALS`."""
        return (
            self.w_dense_question,
            self.w_dense_answer,
            self.w_lexical_question,
            self.w_lexical_answer,
            self.w_dense_centroid,
        )

    def weights(self) -> np.ndarray:
        """Fusion weights in the order of :data:`SIGNALS`, as an array."""
        return np.array(self.weight_values(), dtype=np.float32)

    def to_json(self) -> str:
        """JSON text of these parameters."""
        d = asdict(self)
        d["coef"] = list(self.coef)
        return json.dumps(d, indent=2) + "\n"

    @classmethod
    def from_dict(cls, d: dict) -> RetrievalParams:
        """Parameters from a dict, ignoring unknown keys."""
        names = {f.name for f in fields(cls)}
        kept = {k: v for k, v in d.items() if k in names}
        if "coef" in kept:
            kept["coef"] = tuple(float(c) for c in kept["coef"])
        return cls(**kept)

    @classmethod
    def packaged(cls) -> RetrievalParams:
        """The fitted parameters shipped in the package (defaults if the file is absent)."""
        path = resources.files("interviewbot").joinpath("data/retrieval_params.json")
        if not path.is_file():
            return cls()
        return cls.from_dict(json.loads(path.read_text("utf-8")))


DEFAULT_PARAMS = RetrievalParams.packaged()


@dataclass(frozen=True)
class Signals:
    """Per-canonical-question evidence for one query (arrays of length len(bank))."""

    dense_question: np.ndarray
    dense_answer: np.ndarray
    lexical_question: np.ndarray
    lexical_answer: np.ndarray
    known: float
    dense_centroid: np.ndarray | None = None

    def stack(self) -> np.ndarray:
        """A (5, n) array in the order of :data:`SIGNALS` (no centroid: zeros)."""
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


def dense_by_question(
    scores: np.ndarray,
    rows: np.ndarray,
    row_qidx: np.ndarray,
    row_is_answer: np.ndarray,
    n_questions: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Best cosine per canonical question over its phrasings, and over its answer chunks.

    Questions with no row among ``rows`` get 0.
    """
    dq = np.zeros(n_questions, dtype=np.float32)
    da = np.zeros(n_questions, dtype=np.float32)
    valid = rows >= 0
    rows, scores = rows[valid], np.maximum(scores[valid], 0).astype(np.float32)
    answer = row_is_answer[rows]
    np.maximum.at(dq, row_qidx[rows[~answer]], scores[~answer])
    np.maximum.at(da, row_qidx[rows[answer]], scores[answer])
    return dq, da


@dataclass(frozen=True)
class DenseLayout:
    """Every row vector of a small bank in one matrix, grouped by question, so one
    matrix-vector product gives all three dense signals (no top-k sort of all rows, no
    scatter, and the centroid cosines come from the same product).

    ``matrix`` is (rows, dim), ordered by (kind, question). ``q_rows`` / ``a_rows`` are the
    slices of phrasing / answer rows in it, ``q_starts`` / ``a_starts`` where each present
    question's run begins within its slice and ``q_owner`` / ``a_owner`` which question each
    run belongs to. ``owner`` is the question of every row and ``centroid_norm`` the length
    of the sum of each question's rows: the cosine to a question's centroid is the sum of
    its rows' cosines divided by that length.
    """

    matrix: np.ndarray
    n_questions: int
    q_rows: slice
    a_rows: slice
    q_starts: np.ndarray
    q_owner: np.ndarray
    a_starts: np.ndarray
    a_owner: np.ndarray
    owner: np.ndarray
    centroid_norm: np.ndarray


def dense_layout(
    row_vecs: np.ndarray, row_qidx: np.ndarray, row_is_answer: np.ndarray, n_questions: int
) -> DenseLayout:
    """The :class:`DenseLayout` of a bank's row vectors (unit length, FAISS order)."""
    order = np.lexsort((row_qidx, row_is_answer))  # phrasings first, each by question
    n_q = int((~row_is_answer).sum())
    owners = row_qidx[order]

    def runs(part: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not len(part):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        starts = np.flatnonzero(np.r_[True, part[1:] != part[:-1]])
        return starts, part[starts]

    q_starts, q_owner = runs(owners[:n_q])
    a_starts, a_owner = runs(owners[n_q:])
    sums = np.zeros((n_questions, row_vecs.shape[1]), dtype=np.float32)
    np.add.at(sums, row_qidx, row_vecs.astype(np.float32))
    norm = np.maximum(np.linalg.norm(sums, axis=1), 1e-9)
    return DenseLayout(
        np.ascontiguousarray(row_vecs[order], dtype=np.float32), n_questions,
        slice(0, n_q), slice(n_q, len(order)), q_starts, q_owner, a_starts, a_owner,
        owners, norm,
    )


def dense_signals(
    layout: DenseLayout, query_vec: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(best phrasing cosine, best answer cosine, centroid cosine) per question, each
    clipped at 0; :func:`dense_by_question` over a search of every row plus
    :func:`dense_centroid` (to float rounding), from one product."""
    raw = layout.matrix @ query_vec.astype(np.float32, copy=False)
    n = layout.n_questions
    dc = np.bincount(layout.owner, weights=raw, minlength=n).astype(np.float32)
    dc /= layout.centroid_norm
    np.maximum(dc, 0.0, out=dc)
    cos = np.maximum(raw, 0.0, out=raw)
    dq = np.zeros(n, dtype=np.float32)
    da = np.zeros(n, dtype=np.float32)
    if len(layout.q_starts):
        dq[layout.q_owner] = np.maximum.reduceat(cos[layout.q_rows], layout.q_starts)
    if len(layout.a_starts):
        da[layout.a_owner] = np.maximum.reduceat(cos[layout.a_rows], layout.a_starts)
    return dq, da, dc


def centroids(
    row_vecs: np.ndarray, row_qidx: np.ndarray, n_questions: int
) -> np.ndarray:
    """(n_questions, dim) unit centroids of each question's rows (phrasings and answer
    chunks); a question without rows gets a zero vector."""
    out = np.zeros((n_questions, row_vecs.shape[1]), dtype=np.float32)
    np.add.at(out, row_qidx, row_vecs.astype(np.float32))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-9)


def dense_centroid(centroid_vecs: np.ndarray, query_vec: np.ndarray) -> np.ndarray:
    """Cosine (clipped at 0) between the query and each question's centroid."""
    return np.maximum(centroid_vecs @ query_vec.astype(np.float32), 0.0)


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
    z = params.bias + float(np.dot(_array(tuple(params.coef), np.float64), x))
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
    ranked = rank(fused, max(k, 2), duplicates)
    if not ranked:
        return Decision([], 0.0, True, False)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    conf = confidence(features(signals, fused, ranked[0][0], runner_up), params)
    abstain = conf < params.abstain_below
    return Decision(ranked[:k], conf, abstain, abstain and conf >= params.suggest_above)


def decide_follow_up(
    alone: Signals,
    joint: Signals,
    previous: Signals,
    k: int,
    params: RetrievalParams = DEFAULT_PARAMS,
    duplicates: np.ndarray | None = None,
    leans: bool = False,
) -> Decision:
    """A short message read alone, or together with the previous question (minus the
    previous question's own best match, already shown); the more confident reading wins.

    When the message ``leans`` on the previous one ("and leaky relu?", "what are its
    downsides?") the joint reading wins unless it abstains and the lone reading does not.
    """
    shown = int(np.argmax(fuse(previous, params)))
    first = decide(alone, k, params, duplicates)
    second = decide(joint, k, params, duplicates, exclude=shown)
    if leans and (not second.abstain or first.abstain):
        return second
    return max(first, second, key=lambda d: d.confidence)


def near_identical(
    question_vecs: np.ndarray,
    question_terms: Sequence[set[str]],
    params: RetrievalParams = DEFAULT_PARAMS,
) -> np.ndarray:
    """(n, n) bool: canonical questions whose phrasings are both close in meaning (cosine of
    the canonical phrasings ≥ ``duplicate_cosine``) and nearly the same words (Jaccard of
    their folded content words ≥ ``duplicate_overlap``), e.g. "…deploying neural network
    models?" and "…deploying deep learning models?"."""
    n = len(question_terms)
    sims = question_vecs @ question_vecs.T
    out = np.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            if sims[i, j] < params.duplicate_cosine:
                continue
            a, b = question_terms[i], question_terms[j]
            if a and b and len(a & b) / len(a | b) >= params.duplicate_overlap:
                out[i, j] = out[j, i] = True
    return out


def to_hit(canonical: Canonical, score: float) -> Hit:
    """A Hit carrying the canonical question's best answer and its source."""
    best = canonical.answer
    return Hit(
        id=canonical.id,
        question=canonical.question,
        answer=best.text,
        score=max(0.0, min(1.0, score)),
        topic=canonical.topic,
        source=str(best.source),
    )


def result(question: str, decision: Decision, bank: Sequence[Canonical]) -> AskResult:
    """Hits when confident; otherwise an abstention with "did you mean" suggestions."""
    hits = tuple(to_hit(bank[pos], score) for pos, score in decision.ranked)
    if not decision.abstain:
        return AskResult(question, False, hits)
    return AskResult(question, True, (), hits if decision.suggest else ())
