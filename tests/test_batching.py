"""The micro-batcher with the real model: same vectors as per-request encoding, right owner."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from interviewbot.embedding.batching import MicroBatcher

TEXTS = [
    "why do we need relu?",
    "what is dropout",
    "explain batch normalization and why it speeds up training",
    "vanishing gradients in deep networks",
    "difference between L1 and L2 regularization",
    "what does the attention mechanism in a transformer compute?",
    "how does an LSTM remember long-range dependencies",
    "adam vs sgd",
    "what is a convolutional layer",
    "why use a validation set",
    "how do residual connections help very deep networks train",
    "what is transfer learning",
]


@pytest.fixture(scope="module")
def reference(embedder):
    """Each text encoded alone: what a request without batching gets."""
    return {t: embedder.encode([t])[0] for t in TEXTS}


def test_single_request_matches_direct_encoding(embedder, reference):
    with MicroBatcher(embedder) as batcher:
        for t in TEXTS[:3]:
            np.testing.assert_allclose(batcher.encode([t])[0], reference[t], atol=1e-5)
        assert (batcher.dim, batcher.model) == (embedder.dim, embedder.model)  # an Encoder too
        toks, direct = batcher.encode_tokens(TEXTS[:2]), embedder.encode_tokens(TEXTS[:2])
        for a, b in zip(toks, direct, strict=True):
            np.testing.assert_array_equal(a["token_embeddings"], b["token_embeddings"])


def test_concurrent_callers_each_get_their_own_vector(embedder, reference):
    callers = 32
    texts = [TEXTS[i % len(TEXTS)] for i in range(callers)]
    results: list[np.ndarray | None] = [None] * callers
    errors: list[BaseException] = []
    start = threading.Barrier(callers)

    def call(i: int) -> None:
        try:
            start.wait()
            results[i] = batcher.encode([texts[i]])[0]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    with MicroBatcher(embedder, max_batch_size=16, max_wait_ms=5) as batcher:
        threads = [threading.Thread(target=call, args=(i,)) for i in range(callers)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        batches = batcher.batches
    assert not errors
    for i, vec in enumerate(results):
        assert vec is not None and vec.shape == (embedder.dim,)
        np.testing.assert_allclose(vec, reference[texts[i]], atol=1e-5)
    # requests were coalesced: fewer forward passes than callers, none over the size limit
    assert 2 <= batches < callers


def test_multi_text_requests_keep_their_order(embedder, reference):
    groups = [TEXTS[0:3], TEXTS[3:4], TEXTS[4:9], TEXTS[9:12]]
    out: dict[int, np.ndarray] = {}

    def call(i: int) -> None:
        out[i] = batcher.encode(groups[i])

    with MicroBatcher(embedder, max_batch_size=8, max_wait_ms=20) as batcher:
        threads = [threading.Thread(target=call, args=(i,)) for i in range(len(groups))]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        big = batcher.encode(TEXTS)  # larger than a batch: encoded directly
    for i, group in enumerate(groups):
        assert out[i].shape == (len(group), embedder.dim)
        for row, t in zip(out[i], group):
            np.testing.assert_allclose(row, reference[t], atol=1e-5)
    np.testing.assert_allclose(big, np.stack([reference[t] for t in TEXTS]), atol=1e-5)


def test_a_bad_request_fails_alone_and_close_is_safe(embedder, reference):
    outcome: dict[str, object] = {}
    gate = threading.Barrier(3)

    def call(name: str, texts: list) -> None:
        gate.wait()
        try:
            outcome[name] = batcher.encode(texts)
        except ValueError as exc:
            outcome[name] = exc

    batcher = MicroBatcher(embedder, max_wait_ms=50)
    threads = [
        threading.Thread(target=call, args=("good1", [TEXTS[0]])),
        threading.Thread(target=call, args=("bad", [None])),  # not a string: the model refuses
        threading.Thread(target=call, args=("good2", [TEXTS[1]])),
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert isinstance(outcome["bad"], ValueError)
    np.testing.assert_allclose(outcome["good1"][0], reference[TEXTS[0]], atol=1e-5)
    np.testing.assert_allclose(outcome["good2"][0], reference[TEXTS[1]], atol=1e-5)
    batcher.close()
    batcher.close()
    assert batcher.encode([]).shape == (0, embedder.dim)
    np.testing.assert_allclose(batcher.encode([TEXTS[2]])[0], reference[TEXTS[2]], atol=1e-5)
