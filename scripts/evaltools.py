"""Figures the evaluation and fitting scripts share: ROC-AUC and balanced-accuracy thresholds.

A pass mark (or an answer-or-abstain threshold) is chosen by balanced accuracy, the mean of
the two classes' accuracies, because the share of positives differs between data sets; AUC
is the pass-mark-free figure beside it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def auc(scores, labels) -> float:
    """ROC-AUC of ``scores`` for boolean ``labels`` (ties count half); NaN with one class.

    The rank statistic, Mann-Whitney U / (positives x negatives), from SciPy: exact (ranks
    are halves, so the only rounding is the last division), where scikit-learn's
    ``roc_auc_score`` integrates the ROC curve and can differ in the last bit, enough to
    flip a printed figure that sits on a rounding boundary.
    """
    from scipy.stats import mannwhitneyu

    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    pos, neg = s[y], s[~y]
    if not len(pos) or not len(neg):
        return float("nan")
    u = mannwhitneyu(pos, neg, alternative="two-sided", method="asymptotic").statistic
    return float(u) / (len(pos) * len(neg))


def pair_auc(good, other) -> float:
    """Share of (good, other) pairs where the good one scores higher, ties counting half: the
    AUC of good against other."""
    return auc(np.r_[good, other], np.r_[np.ones(len(good)), np.zeros(len(other))])


def balanced_accuracy(predicted, labels) -> float:
    """Mean of the accuracy on positives (predicted True) and on negatives (predicted False)."""
    p = np.asarray(predicted, dtype=bool)
    y = np.asarray(labels, dtype=bool)
    return 0.5 * (float(p[y].mean()) + float((~p[~y]).mean()))


def balanced_threshold(scores, labels, grid: Iterable) -> tuple[float, float]:
    """(t, balanced accuracy) of the ``t`` in ``grid`` with the best balanced accuracy for
    ``score >= t`` predicting the label; ties go to the earliest ``t`` of the grid."""
    s = np.asarray(scores)
    grid = list(grid)
    best_t, best = grid[0], -1.0
    for t in grid:
        acc = balanced_accuracy(s >= t, labels)
        if acc > best + 1e-12:
            best_t, best = t, acc
    return best_t, best
