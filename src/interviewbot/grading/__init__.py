"""Grading: score a person's answer against a question's reference answers.

Main entry: :func:`grade_answer`. See docs/EVALUATION.md (## Grading) for how it is measured.
"""

from __future__ import annotations

from interviewbot.grading.grader import grade_answer
from interviewbot.grading.keypoints import KeyPoint
from interviewbot.grading.result import VERDICTS, GradeResult, KeyPointMatch

__all__ = ["VERDICTS", "GradeResult", "KeyPoint", "KeyPointMatch", "grade_answer"]
