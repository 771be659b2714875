"""A decision and the bank in, the public :class:`~interviewbot.models.AskResult` out."""

from __future__ import annotations

from collections.abc import Sequence

from interviewbot.models import AskResult, Canonical, Hit
from interviewbot.retrieval.decision import Decision


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
        title=best.source.title,
    )


def result(question: str, decision: Decision, bank: Sequence[Canonical]) -> AskResult:
    """Hits when confident; otherwise an abstention with "did you mean" suggestions."""
    hits = tuple(to_hit(bank[pos], score) for pos, score in decision.ranked)
    if not decision.abstain:
        return AskResult(question, False, hits)
    return AskResult(question, True, (), hits if decision.suggest else ())
