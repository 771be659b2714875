"""A decision and the bank in, the public :class:`~interviewbot.models.AskResult` out."""

from __future__ import annotations

from collections.abc import Sequence

from interviewbot.models import AskResult, Canonical, Hit
from interviewbot.retrieval.decision import Decision
from interviewbot.retrieval.normalize import Query


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
        bank=canonical.bank_name,
    )


def missing_concept(query: Query) -> str | None:
    """The query's phrase ending in its words that neither the bank nor plain English has
    ("knowledge distillation", "kubeflow"), as typed after normalization."""
    if not query.novel:
        return None
    for run in query.runs:
        novel = [i for i, (word, _) in enumerate(run) if word in query.novel]
        if novel:  # the run's words up to its last new word: "knowledge distillation"
            return " ".join(word for word, _ in run[: novel[-1] + 1])
    return query.novel[0]


def abstain_message(concept: str | None, suggestions: Sequence[Hit]) -> str:
    """What an abstention says: the concept the bank lacks, if known, and the closest
    questions."""
    head = (f"The bank has no question on *{concept}*" if concept
            else "No question in the bank is close enough")
    if not suggestions:
        return f"{head}."
    return f"{head}; closest: " + "; ".join(h.question for h in suggestions)


def result(
    question: str, decision: Decision, bank: Sequence[Canonical], query: Query | None = None
) -> AskResult:
    """Hits when confident; otherwise an abstention with "did you mean" suggestions, the
    concept of ``query`` the bank lacks (if any) and a sentence saying so."""
    hits = tuple(to_hit(bank[pos], score) for pos, score in decision.ranked)
    if not decision.abstain:
        return AskResult(question, False, hits)
    suggestions = hits if decision.suggest else ()
    concept = (missing_concept(query) if query is not None else None) or decision.missing
    return AskResult(
        question, True, (), suggestions, concept, abstain_message(concept, suggestions)
    )
