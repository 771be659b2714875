"""Batched feature extraction for many (question, references, answer) rows: fit and eval."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from interviewbot.grading.encoding import Encoded, encode_texts
from interviewbot.grading.features import (
    FeatureSet,
    PreparedReferences,
    compute_features,
    prepare_references,
)


def batch_features(
    embedder,
    rows: Sequence[tuple[str, Sequence[str], str]],
    batch_size: int = 64,
) -> tuple[list[FeatureSet], list[Encoded], list[PreparedReferences]]:
    """Features for each (question, references, answer); every unique text encoded once.

    Returns the features, the encoded answers and the prepared references of each row.
    """
    texts: dict[str, int] = {}
    for q, refs, a in rows:
        for t in (q, *refs, a):
            texts.setdefault(t, len(texts))
    # Sorting by length keeps padding small inside each batch.
    order = sorted(texts, key=len)
    encs = dict(zip(order, encode_texts(embedder, order, batch_size=batch_size), strict=True))
    prepared: dict[tuple[str, tuple[str, ...]], PreparedReferences] = {}
    feats: list[FeatureSet] = []
    answers: list[Encoded] = []
    preps: list[PreparedReferences] = []
    for q, refs, a in rows:
        key = (q, tuple(refs))
        if key not in prepared:
            prepared[key] = prepare_references(encs[q], [encs[r] for r in refs])
        feats.append(compute_features(encs[a], prepared[key]))
        answers.append(encs[a])
        preps.append(prepared[key])
    return feats, answers, preps


def feature_matrix(feats: Sequence[FeatureSet]) -> np.ndarray:
    return np.stack([f.values for f in feats]) if feats else np.zeros((0, 0))
