"""Pick the FAISS index type by size: exact search for small banks, IVF for large ones.

Vectors are unit length, so inner product equals cosine. Below ``EXACT_LIMIT`` rows an exact
``IndexFlatIP`` is both fast and perfect. Above it, single-query exact search grows with the
bank (about 8 ms at 50k rows and 30 ms at 200k rows of 384 floats on the reference 2-core
machine, where it is memory-bound), so an inverted-file index takes over:

* ``IVF{nlist},SQfp16``: a flat coarse quantizer of ``nlist`` ≈ 2·√n centroids and the
  vectors stored as float16 (half of float32; 768 MB for 1M×384). Scores are exact to ~1e-3,
  so recall is limited only by which lists are probed.
* ``IVF{nlist},SQ8`` once float16 codes would pass ``CODE_BUDGET_BYTES``: 1 byte per dimension.
  Measured on 1M clustered vectors, 8-bit codes cap recall@10 near 0.965 however many lists
  are probed (neighbours in a dense bank differ by less than the quantization error), so they
  are the fallback for banks too large for float16 in memory, not the default.
* ``nprobe`` is chosen by measurement at build time: the smallest value whose recall@10
  against exact search, on a sample of the bank's own rows used as queries, reaches
  ``TARGET_RECALL``, or stops improving. It is stored in the index file, so a loaded index
  searches the same way.
* A direct map is kept so ``index.reconstruct(row)`` keeps working for callers that need
  a row's vector back (the matcher reads question vectors this way).

The synthetic banks and size reports of the scale benchmark live in ``scripts/annbench.py``.

faiss and numpy are the only dependencies; faiss is imported lazily.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

EXACT_LIMIT = 20_000  # exact search up to here: ≤ ~2 ms per query single-threaded at 384 dims
CODE_BUDGET_BYTES = 900 * 2**20  # float16 codes up to here (1.2M×384), 8-bit codes above
TARGET_RECALL = 0.99  # build-time tuning aim on self-queries (the held-out target is 0.95)
PLATEAU = 0.002  # tuning stops when one more step gains less recall than this
NPROBE_CANDIDATES = (4, 8, 12, 16, 24, 32, 48, 64, 96, 128)
TRAIN_PER_LIST = 40  # k-means training points per inverted list (faiss wants ≥ 39)
KMEANS_ITER = 10
TUNE_QUERIES = 256
TUNE_K = 10


@dataclass(frozen=True)
class IndexPlan:
    """Which index a bank of ``n`` vectors gets, and why."""

    kind: Literal["flat", "ivf"]  # exact inner product, or inverted lists (approximate)
    n: int
    dim: int
    nlist: int = 0
    codec: str = ""  # "SQfp16" or "SQ8" for "ivf"
    factory: str = "Flat"

    def describe(self) -> str:
        if self.kind == "flat":
            return f"exact IndexFlatIP ({self.n} ≤ exact limit)"
        return f"approximate {self.factory} ({self.n} vectors)"


def plan(
    n: int, dim: int, exact_limit: int = EXACT_LIMIT, code_budget: int = CODE_BUDGET_BYTES
) -> IndexPlan:
    """The index type and size parameters for ``n`` vectors of ``dim`` dimensions."""
    if n <= exact_limit:
        return IndexPlan("flat", n, dim)
    nlist = nlist_for(n)
    codec = "SQfp16" if n * dim * 2 <= code_budget else "SQ8"
    return IndexPlan("ivf", n, dim, nlist, codec, f"IVF{nlist},{codec}")


def nlist_for(n: int) -> int:
    """≈ 2·√n inverted lists, a power of two, with at least 39 training points per list."""
    target = 2.0 * math.sqrt(n)
    nlist = 2 ** max(4, round(math.log2(target)))
    while nlist > 16 and n < 39 * nlist:
        nlist //= 2
    return nlist


def make_index(
    vectors: np.ndarray,
    exact_limit: int = EXACT_LIMIT,
    *,
    target_recall: float = TARGET_RECALL,
    seed: int = 1234,
    nprobe: int | None = None,
    code_budget: int = CODE_BUDGET_BYTES,
):
    """A FAISS inner-product index over unit ``vectors``, its type chosen by their number.

    ``nprobe`` fixes the IVF probe count instead of tuning it (benchmarks use this);
    ``code_budget`` is the most bytes float16 codes may take before 8-bit codes are used.
    """
    import faiss

    x = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = x.shape
    p = plan(n, dim, exact_limit, code_budget)
    if p.kind == "flat":
        index = faiss.IndexFlatIP(dim)
        index.add(x)
        return index
    quantizer = faiss.IndexFlatIP(dim)
    qtype = faiss.ScalarQuantizer.QT_fp16 if p.codec == "SQfp16" else (
        faiss.ScalarQuantizer.QT_8bit
    )
    index = faiss.IndexIVFScalarQuantizer(
        quantizer, dim, p.nlist, qtype, faiss.METRIC_INNER_PRODUCT
    )
    index.cp.niter = KMEANS_ITER
    index.cp.seed = seed
    index.cp.max_points_per_centroid = TRAIN_PER_LIST
    rng = np.random.default_rng(seed)
    n_train = min(n, TRAIN_PER_LIST * p.nlist)
    train = x if n_train == n else x[np.sort(rng.choice(n, n_train, replace=False))]
    index.train(train)
    index.add(x)
    index.set_direct_map_type(faiss.DirectMap.Array)  # keeps reconstruct(row) working
    index.nprobe = nprobe or tune_nprobe(index, x, target_recall, seed=seed)
    return index


def tune_nprobe(
    index,
    vectors: np.ndarray,
    target_recall: float = TARGET_RECALL,
    *,
    n_queries: int = TUNE_QUERIES,
    k: int = TUNE_K,
    seed: int = 1234,
) -> int:
    """Smallest nprobe whose recall@k against exact search reaches ``target_recall``, or
    after which probing more lists stops paying (gain < ``PLATEAU`` per step).

    The queries are bank rows; each one's own row is dropped from both result lists, so this
    measures how well the neighbours of a typical point are found.
    """
    rng = np.random.default_rng(seed + 1)
    n = len(vectors)
    pick = rng.choice(n, min(n_queries, n), replace=False)
    queries = np.ascontiguousarray(vectors[pick])
    truth = exact_search(vectors, queries, k + 1)[1]
    truth = [[r for r in row if r != q][:k] for row, q in zip(truth, pick)]
    candidates = [c for c in NPROBE_CANDIDATES if c < index.nlist] + [
        min(index.nlist, NPROBE_CANDIDATES[-1])
    ]
    previous = -1.0
    chosen = candidates[-1]
    for i, candidate in enumerate(dict.fromkeys(candidates)):
        index.nprobe = candidate
        found = index.search(queries, k + 1)[1]
        found = [[r for r in row if r != q][:k] for row, q in zip(found, pick)]
        recall = recall_at_k(found, truth, k)
        if recall >= target_recall:
            chosen = candidate
            break
        if i > 0 and recall - previous < PLATEAU:
            chosen = candidates[i - 1]  # the last step bought nothing: keep the one before
            break
        previous = recall
    return chosen


def exact_search(vectors: np.ndarray, queries: np.ndarray, k: int):
    """(scores, rows) of the exact top-``k`` inner products (FAISS's brute-force ``knn``)."""
    import faiss

    return faiss.knn(
        np.ascontiguousarray(queries, dtype=np.float32),
        np.ascontiguousarray(vectors, dtype=np.float32),
        k,
        metric=faiss.METRIC_INNER_PRODUCT,
    )


def recall_at_k(found, truth, k: int = 10) -> float:
    """Mean fraction of the true top-``k`` rows that appear in the found top-``k``."""
    total = 0.0
    for f, t in zip(found, truth):
        t = list(t)[:k]
        if t:
            total += len(set(list(f)[:k]) & set(t)) / len(t)
    return total / max(len(truth), 1)
