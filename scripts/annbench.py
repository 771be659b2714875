"""Benchmark helpers for the FAISS index choice (``interviewbot.index.ann``): synthetic banks
shaped like sentence embeddings, and what an index is and occupies.

Used by ``scripts/bench_scale.py`` and ``tests/test_ann.py``; nothing in the package needs them.
``synthetic_vectors`` makes clustered unit vectors (a mixture of Gaussians on the sphere with a
shared component, like real sentence embeddings).
"""

from __future__ import annotations

import numpy as np


def index_bytes(index) -> int:
    """Serialized size of a FAISS index in bytes (what it occupies on disk and in memory)."""
    import faiss

    return int(faiss.serialize_index(index).nbytes)


def describe(index) -> dict:
    """Type and search parameters of a FAISS index, for benchmark reports."""
    import faiss

    out: dict = {"type": type(index).__name__, "ntotal": int(index.ntotal), "dim": int(index.d)}
    ivf = faiss.try_extract_index_ivf(index)
    if ivf is not None:
        out.update(nlist=int(ivf.nlist), nprobe=int(ivf.nprobe))
    return out


def synthetic_vectors(
    n: int,
    dim: int = 384,
    *,
    topics: int = 64,
    clusters_per_topic: int = 32,
    shared: float = 0.8,
    topic_spread: float = 0.75,
    cluster_spread: float = 0.55,
    noise: float = 0.6,
    seed: int = 0,
    chunk: int = 200_000,
) -> np.ndarray:
    """``n`` unit vectors with cluster structure like sentence embeddings of one domain.

    Three levels (topic → cluster → point) around a shared direction, so random pairs have a
    positive mean cosine (≈0.3, as in this corpus) and each point has close neighbours.
    ``shared=0, topics=1, clusters_per_topic=1, topic_spread=0, cluster_spread=0`` gives
    uniform noise on the sphere.
    """
    rng = np.random.default_rng(seed)

    def unit(a: np.ndarray) -> np.ndarray:
        return a / np.maximum(np.linalg.norm(a, axis=-1, keepdims=True), 1e-12)

    common = unit(rng.standard_normal(dim, dtype=np.float32))
    topic_c = unit(rng.standard_normal((topics, dim), dtype=np.float32))
    n_clusters = topics * clusters_per_topic
    parent = np.repeat(np.arange(topics), clusters_per_topic)
    cluster_c = unit(
        shared * common
        + topic_spread * topic_c[parent]
        + cluster_spread * unit(rng.standard_normal((n_clusters, dim), dtype=np.float32))
    )
    # cluster sizes vary (Zipf-like weights), as topics in a real bank do
    weights = 1.0 / np.arange(1, n_clusters + 1) ** 0.5
    weights = rng.permutation(weights / weights.sum())
    # and so does their tightness: some topics are phrased many near-identical ways
    spread = (noise * rng.uniform(0.6, 1.4, n_clusters)).astype(np.float32)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        which = rng.choice(n_clusters, m, p=weights)
        jitter = unit(rng.standard_normal((m, dim), dtype=np.float32))
        pts = cluster_c[which] + spread[which, None] * jitter
        out[start : start + m] = unit(pts)
    return out
