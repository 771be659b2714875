"""A micro-batcher: many threads' encode requests share one forward pass.

With one user, a request goes straight to the model. With many, requests that arrive while
a forward pass is running queue up and are all encoded together in the next pass, so 32
concurrent users cost a handful of passes instead of 32. The model already uses both cores
for one batch, so one batched pass is far cheaper than the same texts encoded one by one.

    from interviewbot.embedding.batching import MicroBatcher
    batcher = MicroBatcher(get_embedder())        # wraps any Encoder
    vec = batcher.encode(["why relu?"])[0]        # from any thread

``MicroBatcher`` is itself an :class:`~interviewbot.embedding.base.Encoder`, so it can stand in
for the encoder it wraps wherever one is passed around. ``encode_tokens`` (grading) goes
straight to the wrapped encoder, which serializes its own forward passes.

Batching policy: the worker takes the first waiting request, then everything else already
queued, up to ``max_batch_size`` texts. ``max_wait_ms`` (default 0) optionally holds the
batch open a little longer for more requests; 0 adds no latency to a lone request, and under
load batches still form from the requests that queue during the previous pass.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future

import numpy as np

from interviewbot.embedding.base import Encoder, TokenOutput

_STOP = object()


class MicroBatcher:
    """Thread-safe request coalescing in front of an encoder's ``encode``."""

    def __init__(
        self,
        embedder: Encoder,
        *,
        max_batch_size: int = 32,
        max_wait_ms: float = 0.0,
    ) -> None:
        if max_batch_size < 1:
            raise ValueError("max_batch_size must be at least 1")
        self.embedder = embedder
        self.max_batch_size = max_batch_size
        self.max_wait = max(0.0, max_wait_ms) / 1000.0
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._closed = False
        self.batches = 0  # forward passes run by the worker
        self.texts = 0  # texts encoded through the worker

    # -- the Encoder interface -----------------------------------------------------------
    @property
    def dim(self) -> int:
        return self.embedder.dim

    @property
    def model(self) -> str:
        return self.embedder.model

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Encode ``texts`` (unit float32 rows), sharing a forward pass with other callers
        (passes are sized by ``max_batch_size``; ``batch_size`` is there for the protocol)."""
        texts = list(texts)
        if not texts or len(texts) > self.max_batch_size or self._closed:
            # empty, or already a full batch (a build): no point queueing it
            return self._direct(texts)
        fut: Future = Future()
        self._ensure_worker()
        self._queue.put((texts, fut))
        return fut.result()

    def encode_tokens(self, texts: Sequence[str], batch_size: int = 64) -> list[TokenOutput]:
        """The wrapped encoder's token outputs (not coalesced: grading is one call per grade)."""
        return self.embedder.encode_tokens(texts, batch_size)

    # -- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        """Finish queued requests and stop the worker; later calls encode directly."""
        with self._start_lock:
            self._closed = True
            thread = self._thread
            self._thread = None
        if thread is not None:
            self._queue.put(_STOP)
            thread.join()

    def __enter__(self) -> MicroBatcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------
    def _direct(self, texts: list[str]) -> np.ndarray:
        return np.ascontiguousarray(self.embedder.encode(texts), dtype=np.float32)

    def _ensure_worker(self) -> None:
        if self._thread is not None:
            return
        with self._start_lock:
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(
                    target=self._run, name="interviewbot-batcher", daemon=True
                )
                self._thread.start()

    def _collect(self, first) -> tuple[list, bool]:
        """The first request plus whatever else fits; (batch, stop requested)."""
        batch = [first]
        size = len(first[0])
        deadline = time.monotonic() + self.max_wait
        while size < self.max_batch_size:
            try:
                remaining = deadline - time.monotonic()
                item = self._queue.get(timeout=remaining) if remaining > 0 else (
                    self._queue.get_nowait()
                )
            except queue.Empty:
                break
            if item is _STOP:
                return batch, True
            if size + len(item[0]) > self.max_batch_size:
                self._encode_batch(batch)  # keep the order: this batch first, item next
                batch, size = [item], len(item[0])
                deadline = time.monotonic() + self.max_wait
                continue
            batch.append(item)
            size += len(item[0])
        return batch, False

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                break
            batch, stop = self._collect(first)
            self._encode_batch(batch)
            if stop:
                break
        # anything queued after close() still gets an answer
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not _STOP:
                self._encode_batch([item])

    def _encode_batch(self, batch: list) -> None:
        texts = [t for texts, _ in batch for t in texts]
        try:
            vecs = self._direct(texts)
        except Exception as exc:
            if len(batch) > 1:  # one bad request must not fail its neighbours: retry alone
                for item in batch:
                    self._encode_batch([item])
            else:
                batch[0][1].set_exception(exc)
            return
        self.batches += 1
        self.texts += len(texts)
        start = 0
        for texts_, fut in batch:
            fut.set_result(vecs[start : start + len(texts_)].copy())
            start += len(texts_)
