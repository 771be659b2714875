"""Encoding for grading: a question's key points (cached per question by the grader), an
answer with its units from one forward pass, and the same for many rows at once (fit and eval).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from interviewbot.grading.claims import answer_units as split_units
from interviewbot.grading.encoding import Encoded, encode_texts
from interviewbot.grading.features import (
    AnswerUnits,
    FeatureSet,
    PreparedReferences,
    answer_units,
    compute_features,
    prepare_references,
)
from interviewbot.grading.keypoints import reference_claims
from interviewbot.grading.misconceptions import Misconception, beliefs_for
from interviewbot.grading.text import content_stems, strip_list_markers


def question_beliefs(question: str, claims: Sequence, reviewed: bool = True
                     ) -> tuple[Misconception, ...]:
    """The question's reviewed misconceptions, else ones derived from its core claims."""
    return beliefs_for(question, [c.text for c in claims if c.core],
                       frozenset(content_stems(question)), reviewed)


def encode_references(embedder, question: str, references: Sequence[str],
                      reviewed: bool = True) -> PreparedReferences:
    """The question and every claim of every reference, one batched pass. ``reviewed=False``
    derives misconceptions even where reviewed ones exist (to measure derivation)."""
    claims = reference_claims(references)
    beliefs = question_beliefs(question, claims, reviewed)
    encs = encode_texts(embedder, [question, *(c.text for c in claims),
                                   *(m.belief for m in beliefs)])
    n = 1 + len(claims)
    return prepare_references(encs[0], references, claims, encs[1:n], beliefs, encs[n:])


def slice_units(enc: Encoded) -> AnswerUnits:
    """The answer and its sentences/clauses, each unit cut out of the answer's own forward
    pass (see :meth:`Encoded.span`)."""
    units = [enc]
    pos = 0
    for text in split_units(enc.text):
        at = enc.text.find(text, pos)
        if at < 0:
            at = enc.text.find(text)
        if at < 0:
            continue
        pos = at + len(text)
        a, b = enc.word_span(at, at + len(text))
        if b > a:
            units.append(enc.span(a, b))
    return answer_units(units)


def encode_answer(embedder, answer: str) -> AnswerUnits:
    """The answer and its sentences/clauses from one forward pass of the answer."""
    return slice_units(encode_texts(embedder, [strip_list_markers(answer)])[0])


def batch_encode(
    embedder,
    rows: Sequence[tuple[str, Sequence[str], str]],
    batch_size: int = 64,
    reviewed: bool = True,
) -> tuple[list[AnswerUnits], list[PreparedReferences]]:
    """Encoded answers and prepared references of each (question, references, answer) row;
    every unique text encoded once, answer units cut from the answer's pass as at runtime.
    ``reviewed=False``: misconceptions derived for every question (see encode_references)."""
    claims_of: dict[tuple[str, ...], list] = {}
    beliefs_of: dict[tuple[str, tuple[str, ...]], tuple[Misconception, ...]] = {}
    texts: dict[str, None] = {}
    rows = [(q, refs, strip_list_markers(a)) for q, refs, a in rows]  # as encode_answer does
    for q, refs, a in rows:
        key = tuple(refs)
        if key not in claims_of:
            claims_of[key] = reference_claims(refs)
        if (q, key) not in beliefs_of:
            beliefs_of[(q, key)] = question_beliefs(q, claims_of[key], reviewed)
        for t in (q, a, *(c.text for c in claims_of[key]),
                  *(m.belief for m in beliefs_of[(q, key)])):
            texts.setdefault(t, None)
    order = sorted(texts, key=len)  # sorting by length keeps padding small in each batch
    encs: dict[str, Encoded] = dict(
        zip(order, encode_texts(embedder, order, batch_size=batch_size), strict=True)
    )
    prepared: dict[tuple[str, tuple[str, ...]], PreparedReferences] = {}
    units_of: dict[str, AnswerUnits] = {}
    answers: list[AnswerUnits] = []
    preps: list[PreparedReferences] = []
    for q, refs, a in rows:
        key = (q, tuple(refs))
        if key not in prepared:
            cl = claims_of[tuple(refs)]
            beliefs = beliefs_of[key]
            prepared[key] = prepare_references(encs[q], refs, cl, [encs[c.text] for c in cl],
                                               beliefs, [encs[m.belief] for m in beliefs])
        if a not in units_of:
            units_of[a] = slice_units(encs[a])
        answers.append(units_of[a])
        preps.append(prepared[key])
    return answers, preps


def batch_features(
    answers: Sequence[AnswerUnits], preps: Sequence[PreparedReferences], kp_threshold: float
) -> list[FeatureSet]:
    return [compute_features(a, p, kp_threshold) for a, p in zip(answers, preps, strict=True)]


def feature_matrix(feats: Sequence[FeatureSet]) -> np.ndarray:
    return np.stack([f.values for f in feats]) if feats else np.zeros((0, 0))
