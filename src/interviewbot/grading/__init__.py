"""Grading: score a person's answer against a question's reference answers.

Its job: split references into key points (``claims``, ``keypoints``), encode them and the
answer in one forward pass each (``encoding``, ``prepare``), compare them (``features``,
``negation`` with ``prefixes``, ``roles``, ``support`` with the known ``misconceptions``),
fail what must fail (``guards``) and turn the signals into a calibrated 0-100 score and a
verdict with feedback
(``calibration``, ``grader``, ``result``). Hand-made word lists live in
``data/grading_words.json`` (``lexicon``), the misconceptions in
``data/misconceptions.json``. It imports only ``errors``, ``textproc`` (the shared stop words and
sentence splitter) and the ``Encoder`` protocol of ``embedding`` from the package and is
handed an encoder; no other stage, and nothing upward (bot, cli, web). Main entry:
:func:`grade_answer`. See docs/EVALUATION.md (## Grading) for how it is measured.
"""

from __future__ import annotations

from interviewbot.grading.grader import grade_answer
from interviewbot.grading.keypoints import KeyPoint
from interviewbot.grading.misconceptions import Misconception
from interviewbot.grading.result import VERDICTS, GradeResult, KeyPointMatch
from interviewbot.grading.support import MisconceptionMatch

__all__ = ["VERDICTS", "GradeResult", "KeyPoint", "KeyPointMatch", "Misconception",
           "MisconceptionMatch", "grade_answer"]
