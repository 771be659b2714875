"""Index type by size: exact below the threshold, an approximate index with high recall above."""

from __future__ import annotations

import sys

import faiss
import numpy as np
import pytest

from conftest import ROOT
from interviewbot.index import ann

sys.path.insert(0, str(ROOT / "scripts"))
from annbench import describe, index_bytes, synthetic_vectors  # noqa: E402


@pytest.fixture(scope="module")
def bank_and_queries():
    vecs = synthetic_vectors(6_200, 384, topics=16, clusters_per_topic=16, seed=3)
    return vecs[:6_000], vecs[6_000:]


def test_small_banks_get_exact_search(bank_and_queries):
    base, queries = bank_and_queries
    index = ann.make_index(base[:2_000], exact_limit=5_000)
    assert isinstance(index, faiss.IndexFlatIP)
    assert ann.plan(2_000, 384, 5_000).kind == "flat"
    _, rows = index.search(queries, 10)
    truth = ann.exact_search(base[:2_000], queries, 10)[1]
    assert ann.recall_at_k(rows, truth, 10) == 1.0


def test_large_banks_get_an_approximate_index_with_high_recall(bank_and_queries):
    base, queries = bank_and_queries
    index = ann.make_index(base, exact_limit=5_000)
    info = describe(index)
    assert info["type"] == "IndexIVFScalarQuantizer"
    assert info["ntotal"] == len(base)
    assert 1 <= info["nprobe"] <= info["nlist"]
    _, rows = index.search(queries, 10)
    truth = ann.exact_search(base, queries, 10)[1]
    assert ann.recall_at_k(rows, truth, 10) >= 0.95
    # float16 codes: about half of the float32 vectors
    assert index_bytes(index) < 0.6 * base.nbytes


def test_past_the_memory_budget_codes_shrink_to_8_bits(bank_and_queries):
    base, queries = bank_and_queries
    index = ann.make_index(base, exact_limit=5_000, code_budget=0)
    assert ann.plan(len(base), 384, 5_000, code_budget=0).codec == "SQ8"
    _, rows = index.search(queries, 10)
    truth = ann.exact_search(base, queries, 10)[1]
    assert ann.recall_at_k(rows, truth, 10) >= 0.95
    assert index_bytes(index) < 0.35 * base.nbytes


def test_approximate_index_survives_save_load_and_reconstructs_rows(bank_and_queries, tmp_path):
    base, queries = bank_and_queries
    index = ann.make_index(base, exact_limit=5_000)
    path = tmp_path / "vectors.faiss"
    faiss.write_index(index, str(path))
    loaded = faiss.read_index(str(path))
    assert faiss.extract_index_ivf(loaded).nprobe == faiss.extract_index_ivf(index).nprobe
    np.testing.assert_array_equal(loaded.search(queries, 5)[1], index.search(queries, 5)[1])
    # the matcher reads question vectors back by row; float16 keeps them to ~1e-3
    np.testing.assert_allclose(loaded.reconstruct(17), base[17], atol=2e-3)


def test_exact_search_matches_faiss_flat(bank_and_queries):
    base, queries = bank_and_queries
    flat = faiss.IndexFlatIP(384)
    flat.add(base)
    scores, rows = flat.search(queries, 10)
    s2, r2 = ann.exact_search(base, queries, 10)
    assert ann.recall_at_k(r2, rows, 10) > 0.99  # ties may order differently
    np.testing.assert_allclose(s2, scores, atol=1e-5)


def test_synthetic_vectors_are_unit_and_clustered():
    vecs = synthetic_vectors(2_000, 64, topics=4, clusters_per_topic=4, seed=1)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    sims = vecs[:200] @ vecs.T
    sims[np.arange(200), np.arange(200)] = -1
    # close neighbours exist, well above the typical pair
    assert np.median(sims.max(1)) > np.median(sims) + 0.2


def test_plan_sizes():
    assert ann.plan(ann.EXACT_LIMIT, 384).kind == "flat"
    big = ann.plan(1_000_000, 384)
    assert big.kind == "ivf" and big.nlist == 2048 and big.codec == "SQfp16"
    assert ann.plan(3_000_000, 384).codec == "SQ8"
    assert ann.nlist_for(30_000) * 39 <= 30_000
