"""grade_answer: one answer against all references of a question, with guards and calibration."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from functools import lru_cache

from interviewbot.errors import InputError
from interviewbot.grading import guards
from interviewbot.grading.calibration import Calibration, load_calibration
from interviewbot.grading.features import (
    FEATURE_NAMES,
    FeatureSet,
    PreparedReferences,
    compute_features,
)
from interviewbot.grading.prepare import encode_answer, encode_references
from interviewbot.grading.result import GradeResult, KeyPointMatch

THRESHOLD_ENV = "INTERVIEWBOT_GRADE_THRESHOLD"

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
    return encode_references(embedder, question, references)


def prepared_references(embedder, question: str, references: Sequence[str]):
    """Question and key points encoded (one batched pass), cached by their texts."""
    return _prepared(embedder, question, tuple(references))


def resolve_threshold(threshold: float | None, calibration: Calibration) -> float:
    """Explicit argument, else ``INTERVIEWBOT_GRADE_THRESHOLD``, else the calibrated default."""
    if threshold is None:
        raw = os.environ.get(THRESHOLD_ENV, "").strip()
        threshold = float(raw) if raw else calibration.threshold
    if not 0 <= threshold <= 100:
        raise InputError(f"pass threshold must be within 0-100, got {threshold}")
    return float(threshold)


def guard_verdict(answer: str, enc, feats: FeatureSet, known: frozenset[str]) -> str | None:
    """The guard that fails this answer whatever its score ("gibberish", "too_short", ...),
    or None."""
    if guards.gibberish(enc, known):
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


_NAMES_MISCONCEPTION = frozenset({"contradicts", "partial", "incorrect"})


def _closed(sentence: str) -> str:
    """A sentence that ends as one (a derived belief is a key point, often without its
    period): "... early training steps" → "... early training steps."."""
    text = sentence.rstrip()
    return text if text.endswith((".", "!", "?", ":")) else f"{text}."


def _explain(verdict: str, score: int, threshold: float, covered, missed, feats,
             named=None) -> str:
    if verdict in _GUARD_REASONS:
        return f"Scored {score}/100 and failed because {_GUARD_REASONS[verdict]}."
    if named is not None:
        m = named.misconception
        may = "may be" if m.derived else "is"  # derived from a key point, not reviewed
        return (f"Scored {score}/100 and failed. This {may} a common misconception: "
                f"{_closed(m.belief)} Actually: {_closed(m.correction)}")
    if verdict == "contradicts" and feats.swapped:
        a, b, c, d = feats.swapped
        return (f'Scored {score}/100 and failed because the answer mixes up which does what: '
                f'the references link "{a}" with "{c}" and "{b}" with "{d}", the answer '
                f'links them the other way round (swaps roles).')
    if verdict == "contradicts":
        bad = feats.contradicted[0] if feats.contradicted else None
        said = f' ("{_shorten(bad.phrase, 60)}" against "{_shorten(bad.point.point.text, 60)}")' \
            if bad else ""
        return (f"Scored {score}/100 and failed because the answer states the opposite of a "
                f"key point{said}.")
    n = len(covered)
    cov = f"states {n} core key point{'s' if n != 1 else ''} of the references"
    add = f'could add "{_shorten(missed[0].text, 70)}"' if missed else ""
    if n == 0 and verdict == "correct":  # passed on its overall closeness to the references
        cov = ("is close to the references as a whole, though it states none of their core "
               "key points closely enough to quote" + (f"; it {add}" if add else ""))
    elif add:
        cov += f" and {add}"
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
    """Turn signals into a GradeResult (guards, calibrated score, verdict, explanation).

    ``covered`` lists the distinct core key points (of any reference) the answer states;
    ``missed`` lists the core key points of the closest reference it does not state.
    """
    raw = calibration.score(feats.values, prep.reference_words, feats.support)
    b = feats.best_reference
    covered = tuple(
        KeyPointMatch(k.point.point, k.phrase, k.score)
        for k in sorted(feats.key_points, key=lambda k: -k.score)
        if k.covered and k.point.point.core
    )
    own = feats.reference_key_points(b)
    missed = tuple(k.point.point for k in own if k.point.point.core and not k.covered)
    verdict = guard_verdict(answer, enc, feats, prep.union_stems | prep.question_stems)
    # A guarded or contradicting answer fails, so its score is held just below the pass mark;
    # below that it keeps its calibrated score, which keeps the ranking of answers intact.
    cap = max(math.ceil(threshold) - 1, 0)
    if verdict is not None:
        score = 0 if verdict == "gibberish" else min(raw, cap)
        covered = ()
        missed = tuple(k.point.point for k in own if k.point.point.core)
    elif guards.contradicts(feats):
        verdict = "contradicts"
        score = min(raw, cap)
    else:
        score = raw
        if score >= threshold:
            verdict = "correct"
        elif covered or score >= threshold / 2:
            verdict = "partial"
        else:
            verdict = "incorrect"
    passed = verdict == "correct"
    # A failing answer that states a known misconception is told which and what is true.
    named = feats.misconception if verdict in _NAMES_MISCONCEPTION else None
    return GradeResult(
        score=int(score),
        passed=passed,
        verdict=verdict,
        covered=covered,
        missed=missed,
        reference=prep.references[b],
        reference_index=b,
        explanation=_explain(verdict, int(score), threshold, covered, missed, feats, named),
        threshold=threshold,
        signals=tuple((n, round(float(v), 4)) for n, v in zip(FEATURE_NAMES, feats.values,
                                                                strict=True)),
        misconception=named,
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
    units = encode_answer(embedder, answer)
    feats = compute_features(units, prep, calibration.kp_threshold)
    return grade_features(answer, units.answer, feats, prep, calibration, thr)
