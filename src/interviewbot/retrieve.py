"""Question in, ranked canonical hits or an abstention out. Pure functions over arrays.

Scores are cosine similarities (unit vectors, inner product). A canonical question's score
aggregates its rows: the best-matching question variant, and its best answer chunk
discounted by ``ANSWER_WEIGHT`` (an answer passage resembles many questions loosely).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interviewbot.records import AskResult, Canonical, Hit


@dataclass(frozen=True)
class RetrievalParams:
    """Knobs of the retriever, fitted on the dev set (never on a test split)."""

    answer_weight: float = 0.85
    abstain_below: float = 0.55
    suggest_above: float = 0.40
    duplicate_above: float = 0.93
    candidates: int = 64


DEFAULT_PARAMS = RetrievalParams()


def aggregate(
    scores: np.ndarray,
    rows: np.ndarray,
    row_qidx: np.ndarray,
    row_is_answer: np.ndarray,
    n_questions: int,
    answer_weight: float,
) -> np.ndarray:
    """Per canonical question: max over its candidate rows, answer rows discounted."""
    out = np.full(n_questions, -1.0, dtype=np.float32)
    valid = rows >= 0
    rows, scores = rows[valid], scores[valid]
    weighted = np.where(row_is_answer[rows], scores * answer_weight, scores)
    np.maximum.at(out, row_qidx[rows], weighted.astype(np.float32))
    return out


def rank(
    per_question: np.ndarray,
    bank: Sequence[Canonical],
    k: int,
    params: RetrievalParams = DEFAULT_PARAMS,
    question_vecs: np.ndarray | None = None,
) -> tuple[list[tuple[int, float]], bool]:
    """Top-k (bank position, score) pairs and whether to abstain.

    Near-identical canonical questions (cosine of their phrasings above
    ``duplicate_above``) never both appear: the lower-scored one is dropped.
    """
    order = np.argsort(-per_question, kind="stable")
    chosen: list[tuple[int, float]] = []
    for pos in order:
        score = float(per_question[pos])
        if score < 0 or len(chosen) >= k:
            break
        if question_vecs is not None and any(
            float(question_vecs[pos] @ question_vecs[c]) > params.duplicate_above for c, _ in chosen
        ):
            continue
        chosen.append((int(pos), score))
    abstain = not chosen or chosen[0][1] < params.abstain_below
    return chosen, abstain


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


def result(
    question: str,
    ranked: list[tuple[int, float]],
    abstain: bool,
    bank: Sequence[Canonical],
    params: RetrievalParams = DEFAULT_PARAMS,
) -> AskResult:
    """Hits when confident; otherwise an abstention with "did you mean" suggestions."""
    hits = tuple(to_hit(bank[pos], score) for pos, score in ranked)
    if not abstain:
        return AskResult(question, False, hits)
    suggestions = tuple(h for h in hits if h.score >= params.suggest_above)
    return AskResult(question, True, (), suggestions)
