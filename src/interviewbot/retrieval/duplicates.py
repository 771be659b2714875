"""Near-identical canonical questions, found once at load time so they never both appear in
one answer. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from interviewbot.retrieval.normalize import analyze, query_terms, words
from interviewbot.retrieval.params import DEFAULT_PARAMS, RetrievalParams


def folded_terms(text: str) -> set[str]:
    """Content terms of a question with synonyms folded ("deep learning" → "neural network",
    the ``fold`` table of ``data/query_terms.json``)."""
    low = " ".join(words(text))
    for phrase, target in query_terms().fold.items():
        low = f" {low} ".replace(f" {phrase} ", f" {target} ").strip()
    return set(analyze(low))


def near_identical(
    question_vecs: np.ndarray,
    question_terms: Sequence[set[str]],
    params: RetrievalParams = DEFAULT_PARAMS,
) -> np.ndarray:
    """(n, n) bool: canonical questions whose phrasings are both close in meaning (cosine of
    the canonical phrasings ≥ ``duplicate_cosine``) and nearly the same words (Jaccard of
    their folded content words ≥ ``duplicate_overlap``), e.g. "…deploying neural network
    models?" and "…deploying deep learning models?"."""
    n = len(question_terms)
    sims = question_vecs @ question_vecs.T
    out = np.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            if sims[i, j] < params.duplicate_cosine:
                continue
            a, b = question_terms[i], question_terms[j]
            if a and b and len(a & b) / len(a | b) >= params.duplicate_overlap:
                out[i, j] = out[j, i] = True
    return out
