"""Frozen result types of grading, with JSON-safe ``to_dict``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from interviewbot.grading.keypoints import KeyPoint
from interviewbot.grading.support import MisconceptionMatch

Verdict = Literal[
    "correct", "partial", "incorrect", "contradicts", "empty", "too_short", "gibberish",
    "copies_question", "keyword_list", "off_topic",
]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)


@dataclass(frozen=True)
class KeyPointMatch:
    """A reference key point the answer covers, the answer phrase that covers it, and how well."""

    key_point: KeyPoint
    phrase: str
    similarity: float

    def to_dict(self) -> dict:
        return {
            "key_point": self.key_point.text,
            "phrase": self.phrase,
            "similarity": round(self.similarity, 3),
        }


@dataclass(frozen=True)
class GradeResult:
    """The grade of one answer."""

    score: int  # 0-100
    passed: bool
    verdict: Verdict
    covered: tuple[KeyPointMatch, ...]
    missed: tuple[KeyPoint, ...]
    reference: str  # the closest reference answer
    reference_index: int
    explanation: str  # one sentence
    threshold: float
    signals: tuple[tuple[str, float], ...] = ()  # the calibrated features, for debugging
    misconception: MisconceptionMatch | None = None  # the known misconception it states

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "passed": self.passed,
            "verdict": self.verdict,
            "threshold": self.threshold,
            "reference": self.reference,
            "reference_index": self.reference_index,
            "covered": [m.to_dict() for m in self.covered],
            "missed": [{"key_point": k.text} for k in self.missed],
            "explanation": self.explanation,
            "misconception": self.misconception.to_dict() if self.misconception else None,
        }
