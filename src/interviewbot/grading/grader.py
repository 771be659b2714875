"""grade_answer: one answer against all references of a question, with guards and calibration."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache

from interviewbot.errors import InputError
from interviewbot.grading import guards
from interviewbot.grading.calibration import Calibration, load_calibration
from interviewbot.grading.encoding import encode_texts
from interviewbot.grading.features import (
    FEATURE_NAMES,
    KP_THRESHOLD,
    FeatureSet,
    PreparedReferences,
    compute_features,
    prepare_references,
)
from interviewbot.grading.result import GradeResult, KeyPointMatch

THRESHOLD_ENV = "INTERVIEWBOT_GRADE_THRESHOLD"
GUARD_CAP = 20  # a guarded answer scores at most this (and always fails)

_GUARD_REASONS = {
    "empty": "the answer is empty",
    "too_short": "the answer is too short to show understanding",
    "gibberish": "the answer is not made of real words",
    "copies_question": "the answer mostly repeats the question instead of answering it",
    "keyword_list": "the answer lists terms without explaining how they relate",
    "off_topic": "the answer is about something other than this question",
}


@lru_cache(maxsize=512)
def _prepared(embedder, question: str, references: tuple[str, ...]) -> PreparedReferences:
    encs = encode_texts(embedder, [question, *references])
    return prepare_references(encs[0], encs[1:])


def prepared_references(embedder, question: str, references: Sequence[str]):
    """Question and references encoded with key points, cached by their texts."""
    return _prepared(embedder, question, tuple(references))


def resolve_threshold(threshold: float | None, calibration: Calibration) -> float:
    """Explicit argument, else ``INTERVIEWBOT_GRADE_THRESHOLD``, else the calibrated default."""
    if threshold is None:
        raw = os.environ.get(THRESHOLD_ENV, "").strip()
        threshold = float(raw) if raw else calibration.threshold
    if not 0 <= threshold <= 100:
        raise InputError(f"pass threshold must be within 0-100, got {threshold}")
    return float(threshold)


def _guard_verdict(answer: str, enc, feats: FeatureSet) -> str | None:
    if guards.gibberish(enc):
        return "gibberish"
    if guards.too_short(enc, feats):
        return "too_short"
    if guards.copies_question(feats):
        return "copies_question"
    if guards.keyword_list(answer, enc):
        return "keyword_list"
    if guards.off_topic(feats):
        return "off_topic"
    return None


def _shorten(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _explain(verdict: str, score: int, threshold: float, covered, missed, feats) -> str:
    total = len(covered) + len(missed)
    if verdict in _GUARD_REASONS:
        return f"Scored {score}/100 and failed because {_GUARD_REASONS[verdict]}."
    if verdict == "contradicts":
        bad = next((k for k in feats.key_points if k.contradicted), None)
        said = f' ("{_shorten(bad.phrase, 60)}")' if bad else ""
        return (f"Scored {score}/100 and failed because the answer states the opposite of a "
                f"key point{said} of the closest reference.")
    cov = f"covers {len(covered)} of {total} key points of the closest reference"
    if missed:
        cov += f' and misses "{_shorten(missed[0].text, 70)}"'
    mark = f"pass mark {threshold:g}"
    if verdict == "correct":
        return f"Scored {score}/100 (at or above the {mark}): the answer {cov}."
    return f"Scored {score}/100 (below the {mark}): the answer {cov}."


def grade_features(
    answer: str,
    enc,
    feats: FeatureSet,
    prep: PreparedReferences,
    calibration: Calibration,
    threshold: float,
) -> GradeResult:
    """Turn signals into a GradeResult (guards, calibrated score, verdict, explanation)."""
    raw = calibration.score(feats.values)
    b = feats.best_reference
    covered = tuple(
        KeyPointMatch(k.point.point, k.phrase, k.score)
        for k in feats.key_points
        if k.score >= KP_THRESHOLD and not k.contradicted
    )
    missed = tuple(
        k.point.point for k in feats.key_points if k.score < KP_THRESHOLD or k.contradicted
    )
    verdict = _guard_verdict(answer, enc, feats)
    if verdict is not None:
        score = 0 if verdict == "gibberish" else min(raw, GUARD_CAP)
        covered = ()
        missed = tuple(k.point.point for k in feats.key_points)
    elif guards.contradicts(feats):
        verdict = "contradicts"
        score = min(raw, max(int(threshold) - 1, 0))
    else:
        score = raw
        if score >= threshold:
            verdict = "correct"
        elif covered or score >= threshold / 2:
            verdict = "partial"
        else:
            verdict = "incorrect"
    passed = verdict == "correct"
    return GradeResult(
        score=int(score),
        passed=passed,
        verdict=verdict,
        covered=covered,
        missed=missed,
        reference=prep.references[b].text,
        reference_index=b,
        explanation=_explain(verdict, int(score), threshold, covered, missed, feats),
        threshold=threshold,
        signals=tuple((n, round(float(v), 4)) for n, v in zip(FEATURE_NAMES, feats.values,
                                                                strict=True)),
    )


def _empty_result(references: Sequence[str], threshold: float) -> GradeResult:
    return GradeResult(
        score=0,
        passed=False,
        verdict="empty",
        covered=(),
        missed=(),
        reference=references[0],
        reference_index=0,
        explanation=f"Scored 0/100 and failed because {_GUARD_REASONS['empty']}.",
        threshold=threshold,
    )


def grade_answer(
    question: str,
    answer: str,
    references: Sequence[str],
    embedder,
    *,
    threshold: float | None = None,
) -> GradeResult:
    """Grade ``answer`` to ``question`` against every reference answer.

    An empty or whitespace-only answer is not an error: it gets the verdict ``"empty"`` and
    score 0. A missing question or no usable reference raises :class:`InputError`.
    ``threshold`` (0-100) overrides the calibrated pass mark.
    """
    refs = [r for r in references if r and r.strip()]
    if not question or not question.strip():
        raise InputError("grading needs the question text; pass the question being answered")
    if not refs:
        raise InputError("grading needs at least one non-empty reference answer")
    calibration = load_calibration()
    thr = resolve_threshold(threshold, calibration)
    if guards.is_empty(answer or ""):
        return _empty_result(refs, thr)
    prep = prepared_references(embedder, question, refs)
    enc = encode_texts(embedder, [answer])[0]
    feats = compute_features(enc, prep)
    return grade_features(answer, enc, feats, prep, calibration, thr)
