"""Key points: the distinct claims of all references of a question, each encoded on its own.

References are split into claims (:mod:`interviewbot.grading.claims`); near-identical claims
across references are merged, so coverage is counted over the union of distinct claims. Each
claim is encoded as its own sentence (one batched pass per question, cached by the grader).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interviewbot.grading.claims import split_claims
from interviewbot.grading.encoding import Encoded
from interviewbot.grading.negation import negation_scope

DUPLICATE_COSINE = 0.9  # claims this close (sentence cosine) are one key point


@dataclass(frozen=True)
class KeyPoint:
    """One claim of a reference answer."""

    text: str
    reference_index: int
    start: int  # character span inside the reference text
    end: int
    core: bool = True  # False for illustration (analogy / example / application) claims


@dataclass(frozen=True)
class PreparedKeyPoint:
    """A key point with what matching needs."""

    point: KeyPoint
    enc: Encoded  # the claim encoded on its own
    content_idx: np.ndarray  # content words, question words demoted (kept if nothing else)
    references: tuple[int, ...]  # every reference that states this claim
    neg_scope: np.ndarray  # bool per word: under a negation cue

    @property
    def vector(self) -> np.ndarray:
        return self.enc.vector


def reference_claims(references: Sequence[str]) -> list[KeyPoint]:
    """Every claim of every reference, in order (duplicates still in)."""
    return [
        KeyPoint(c.text, i, c.start, c.end, c.core)
        for i, ref in enumerate(references)
        for c in split_claims(ref)
    ]


def content_index(enc: Encoded, q_stems: frozenset[str]) -> np.ndarray:
    """Content words of a claim, question words demoted (all content words if none else)."""
    idx = [i for i in range(len(enc.words)) if enc.content[i] and enc.stems[i] not in q_stems]
    if not idx:
        idx = [i for i in range(len(enc.words)) if enc.content[i]]
    return np.array(idx, dtype=np.int64)


def prepare_key_points(
    claims: Sequence[KeyPoint], encs: Sequence[Encoded], q_stems: frozenset[str]
) -> tuple[PreparedKeyPoint, ...]:
    """Dedupe claims across references (a core duplicate wins over an illustration one)."""
    order = sorted(range(len(claims)), key=lambda i: (not claims[i].core, i))
    kept: list[int] = []
    refs: dict[int, list[int]] = {}
    for i in order:
        dup = next((k for k in kept if float(encs[i].vector @ encs[k].vector) >= DUPLICATE_COSINE),
                   None)
        if dup is None:
            kept.append(i)
            refs[i] = [claims[i].reference_index]
        elif claims[i].reference_index not in refs[dup]:
            refs[dup].append(claims[i].reference_index)
    return tuple(
        PreparedKeyPoint(
            point=claims[i],
            enc=encs[i],
            content_idx=content_index(encs[i], q_stems),
            references=tuple(sorted(refs[i])),
            neg_scope=negation_scope(encs[i]),
        )
        for i in sorted(kept)
    )
