"""Signals comparing one answer with a question's key points (question words demoted).

The answer and its sentences/clauses ("units") are encoded in one batched forward pass. Each
key point is matched to its best unit by sentence cosine plus token alignment. The signals do
not grow or shrink with the length of the references: the best core key-point match, the number
of distinct core key points covered (capped), and the precision of the answer's content against
the union of all references. ``FEATURE_NAMES`` fixes the order the calibration expects.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interviewbot.grading.encoding import Encoded
from interviewbot.grading.keypoints import KeyPoint, PreparedKeyPoint, prepare_key_points
from interviewbot.grading.negation import contradicts, negation_scope
from interviewbot.grading.text import ANTONYMS

COUNT_CAP = 2  # covering this many distinct core key points is full credit for kp_count
DEFAULT_KP_THRESHOLD = 0.6  # replaced by the fitted value in calibration.json

FEATURE_NAMES: tuple[str, ...] = (
    "kp_best",  # best match score of a core key point (0.5 cosine + 0.5 alignment)
    "kp_cos",  # sentence cosine of that best match
    "kp_align",  # token-alignment recall of that key point's content words
    "kp_count",  # distinct core key points covered, capped at COUNT_CAP, / COUNT_CAP
    "cos_full",  # cosine of the whole answer with the closest core key point
    "align_p",  # alignment precision of answer content vs the union of all references
    "lex_p",  # stem precision of answer content vs the union of all references
    "cos_q",  # cosine answer vs question
    "kp_q_cos",  # how much the best key point repeats the question
    "novel",  # share of answer content words not in the question
    "neg_mismatch",  # negation parity of best unit differs from the best key point
    "antonym",  # best unit uses the opposite of a word of the best key point
    "ans_len",  # log(1 + answer content words)
)


@dataclass(frozen=True)
class PreparedReferences:
    """Question and key points encoded once: cached per question."""

    question: Encoded
    question_stems: frozenset[str]
    references: tuple[str, ...]
    key_points: tuple[PreparedKeyPoint, ...]
    union_vecs: np.ndarray  # content word vectors of every key point (core or not)
    union_stems: frozenset[str]


@dataclass(frozen=True)
class AnswerUnits:
    """The answer (first) and its sentences/clauses, from one batched pass."""

    units: tuple[Encoded, ...]
    scopes: tuple[np.ndarray, ...]

    @property
    def answer(self) -> Encoded:
        return self.units[0]


@dataclass(frozen=True)
class KeyPointScore:
    point: PreparedKeyPoint
    score: float
    cos: float
    align: float
    unit: int
    phrase: str
    covered: bool
    contradicted: bool


@dataclass(frozen=True)
class FeatureSet:
    values: np.ndarray  # in FEATURE_NAMES order
    best_reference: int
    key_points: tuple[KeyPointScore, ...]  # every distinct key point, core or not
    answer_content: int
    novel_content: int

    def as_dict(self) -> dict[str, float]:
        return {n: float(v) for n, v in zip(FEATURE_NAMES, self.values, strict=True)}

    @property
    def contradicted(self) -> tuple[KeyPointScore, ...]:
        return tuple(k for k in self.key_points if k.contradicted and k.point.point.core)

    def reference_key_points(self, r: int) -> tuple[KeyPointScore, ...]:
        return tuple(k for k in self.key_points if r in k.point.references)


def question_stems(question: Encoded) -> frozenset[str]:
    return frozenset(s for s, c in zip(question.stems, question.content, strict=True) if c)


def prepare_references(
    question: Encoded,
    references: Sequence[str],
    claims: Sequence[KeyPoint],
    claim_encs: Sequence[Encoded],
) -> PreparedReferences:
    q_stems = question_stems(question)
    kps = prepare_key_points(claims, claim_encs, q_stems)
    vecs = [k.enc.word_vecs[k.content_idx] for k in kps if k.content_idx.size]
    dim = question.vector.shape[0]
    return PreparedReferences(
        question=question,
        question_stems=q_stems,
        references=tuple(references),
        key_points=kps,
        union_vecs=np.concatenate(vecs) if vecs else np.zeros((0, dim), np.float32),
        union_stems=frozenset(k.enc.stems[i] for k in kps for i in k.content_idx),
    )


def answer_units(encs: Sequence[Encoded]) -> AnswerUnits:
    return AnswerUnits(tuple(encs), tuple(negation_scope(e) for e in encs))


def _parity(enc: Encoded) -> bool:
    return bool(int(enc.negated.sum()) % 2)


def _antonym_hit(a: Encoded, b: Encoded) -> bool:
    aw, bw = set(a.words), set(b.words)
    return any(ANTONYMS.get(w, frozenset()) & bw for w in aw - bw)


def _match(units: AnswerUnits, unit_content: list[np.ndarray], kp: PreparedKeyPoint):
    """(score, cos, align, unit index) of the best unit for this key point."""
    kw = kp.enc.word_vecs[kp.content_idx] if kp.content_idx.size else None
    best = (-1.0, 0.0, 0.0, 0)
    for j, u in enumerate(units.units):
        cos = float(u.vector @ kp.vector)
        idx = unit_content[j]
        if kw is not None and idx.size:
            align = float((kw @ u.word_vecs[idx].T).max(1).mean())
        else:
            align = 0.0
        score = 0.5 * (cos + align)
        if score > best[0]:
            best = (score, cos, align, j)
    return best


def compute_features(
    units: AnswerUnits, prep: PreparedReferences, kp_threshold: float = DEFAULT_KP_THRESHOLD
) -> FeatureSet:
    """All signals for one answer against the distinct key points of every reference."""
    ans = units.answer
    q_stems = prep.question_stems
    a_content = [i for i in range(len(ans.words)) if ans.content[i]]
    a_idx = np.array([i for i in a_content if ans.stems[i] not in q_stems], dtype=np.int64)
    n_a = len(a_content)
    novel = len(a_idx) / n_a if n_a else 0.0
    unit_content = [np.flatnonzero(u.content & ~u.negated) for u in units.units]

    scores: list[KeyPointScore] = []
    for kp in prep.key_points:
        score, cos, align, j = _match(units, unit_content, kp)
        u = units.units[j]
        covered = score >= kp_threshold
        contra = covered and contradicts(u, units.scopes[j], kp.enc, kp.neg_scope)
        scores.append(KeyPointScore(kp, score, cos, align, j, u.text.strip(),
                                    covered and not contra, contra))
    core = [k for k in scores if k.point.point.core] or scores
    top = max(core, key=lambda k: k.score)
    n_cov = sum(1 for k in core if k.covered)
    cos_full = max(float(ans.vector @ k.point.vector) for k in core)
    if a_idx.size and prep.union_vecs.size:
        align_p = float((ans.word_vecs[a_idx] @ prep.union_vecs.T).max(1).mean())
    else:
        align_p = 0.0
    a_stems = {ans.stems[i] for i in a_idx}
    lex_p = len(a_stems & prep.union_stems) / len(a_stems) if a_stems else 0.0
    best_unit = units.units[top.unit]
    values = np.array(
        [
            top.score, top.cos, top.align, min(n_cov, COUNT_CAP) / COUNT_CAP, cos_full,
            align_p, lex_p, float(ans.vector @ prep.question.vector),
            float(top.point.vector @ prep.question.vector), novel,
            float(_parity(best_unit) != _parity(top.point.enc)),
            float(_antonym_hit(best_unit, top.point.enc)), math.log1p(n_a),
        ],
        dtype=np.float64,
    )
    return FeatureSet(
        values=values,
        best_reference=_closest_reference(scores, len(prep.references)),
        key_points=tuple(scores),
        answer_content=n_a,
        novel_content=int(a_idx.size),
    )


def _closest_reference(scores: Sequence[KeyPointScore], n_refs: int) -> int:
    """The reference with the most covered core key points; ties -> best match score."""
    best = (-1, -1.0, 0)
    for r in range(n_refs):
        mine = [k for k in scores if r in k.point.references and k.point.point.core]
        mine = mine or [k for k in scores if r in k.point.references]
        if not mine:
            continue
        key = (sum(k.covered for k in mine), max(k.score for k in mine), -r)
        if key > best:
            best = key
    return -best[2]
