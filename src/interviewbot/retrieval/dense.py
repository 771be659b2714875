"""Dense signals: a query vector in, per canonical question cosines out. Pure numpy.

Vectors are unit length, so an inner product is a cosine. Three signals per question: the
best cosine over its phrasings, the best over its answer chunks, and the cosine to its
centroid (the mean of the unit vectors of all its rows), each clipped at 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def dense_by_question(
    scores: np.ndarray,
    rows: np.ndarray,
    row_qidx: np.ndarray,
    row_is_answer: np.ndarray,
    n_questions: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Best cosine per canonical question over its phrasings, and over its answer chunks,
    from a search result (``scores``, ``rows``; row -1 = no result).

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


def _row_sums(row_vecs: np.ndarray, row_qidx: np.ndarray, n_questions: int) -> np.ndarray:
    """(n_questions, dim) sum of each question's row vectors."""
    sums = np.zeros((n_questions, row_vecs.shape[1]), dtype=np.float32)
    np.add.at(sums, row_qidx, row_vecs.astype(np.float32))
    return sums


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
    norm = np.maximum(np.linalg.norm(_row_sums(row_vecs, row_qidx, n_questions), axis=1), 1e-9)
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
    sums = _row_sums(row_vecs, row_qidx, n_questions)
    return sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)


def dense_centroid(centroid_vecs: np.ndarray, query_vec: np.ndarray) -> np.ndarray:
    """Cosine (clipped at 0) between the query and each question's centroid."""
    return np.maximum(centroid_vecs @ query_vec.astype(np.float32), 0.0)
