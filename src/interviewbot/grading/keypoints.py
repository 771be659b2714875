"""Split a reference answer into key points (claims) and prepare them for matching."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interviewbot.grading.encoding import Encoded

MIN_CONTENT_WORDS = 2
DUPLICATE_COSINE = 0.9


@dataclass(frozen=True)
class KeyPoint:
    """One claim of a reference answer."""

    text: str
    reference_index: int
    start: int  # word span inside the reference's Encoded
    end: int


@dataclass(frozen=True)
class PreparedKeyPoint:
    """A key point with what matching needs: its vector, its content words and negation."""

    point: KeyPoint
    vector: np.ndarray
    word_idx: np.ndarray  # indices of the reference words that are content words
    negated: bool


def split_key_points(ref: Encoded, reference_index: int) -> list[PreparedKeyPoint]:
    """Clauses of the reference with at least two content words, near-duplicates dropped.

    A reference shorter than that is one key point on its own.
    """
    out: list[PreparedKeyPoint] = []
    spans = list(ref.clauses)
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        n_content = int(ref.content[s:e].sum())
        if merged and n_content < MIN_CONTENT_WORDS:
            ps, _ = merged[-1]
            merged[-1] = (ps, e)  # a fragment joins the previous clause
        else:
            merged.append((s, e))
    if merged and int(ref.content[merged[0][0] : merged[0][1]].sum()) < MIN_CONTENT_WORDS:
        if len(merged) > 1:
            merged[1] = (merged[0][0], merged[1][1])
            merged.pop(0)
    if not merged:
        merged = [(0, len(ref.words))]
    for s, e in merged:
        vec = ref.phrase_vector(s, e)
        if any(float(vec @ p.vector) >= DUPLICATE_COSINE for p in out):
            continue
        idx = np.array([i for i in range(s, e) if ref.content[i]], dtype=np.int64)
        out.append(
            PreparedKeyPoint(
                point=KeyPoint(ref.phrase_text(s, e), reference_index, s, e),
                vector=vec,
                word_idx=idx,
                negated=bool(ref.negated[s:e].sum() % 2),
            )
        )
    return out
