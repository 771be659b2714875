"""A disk cache of the encoder's outputs for evaluation scripts (never the shipped grader).

In: an :class:`~interviewbot.embedding.base.Encoder`. Out: the same interface, whose
``encode_tokens`` / ``encode`` outputs are kept per text in ``.cache/encoder/`` keyed by the
model's fingerprint and the text, so a second eval run encodes only texts it has not seen.
A cached forward pass was made in a different batch than a fresh one would be, which can move
a float in its last bits: final figures are taken with ``--no-cache``.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from pathlib import Path

import numpy as np

CACHE_DIR = Path(__file__).resolve().parents[1] / ".cache" / "encoder"


class DiskCachedEncoder:
    """``inner`` with its per-text outputs read from and written to one pickle per model."""

    def __init__(self, inner, folder: Path = CACHE_DIR) -> None:
        from interviewbot.embedding.sentence import model_fingerprint

        self.inner = inner
        tag = hashlib.sha1(model_fingerprint(inner.model).encode()).hexdigest()[:16]
        self.path = folder / f"{tag}.pkl"
        self._tokens: dict[str, dict] = {}
        self._vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            self._tokens, self._vectors = pickle.loads(self.path.read_bytes())
        self._dirty = False

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def model(self) -> str:
        return self.inner.model

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if new:
            self._vectors.update(zip(new, self.inner.encode(new, batch_size), strict=True))
            self._dirty = True
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])

    def encode_tokens(self, texts: Sequence[str], batch_size: int = 64) -> list[dict]:
        new = [t for t in dict.fromkeys(texts) if t not in self._tokens]
        if new:
            outs = self.inner.encode_tokens(new, batch_size)
            for t, o in zip(new, outs, strict=True):
                self._tokens[t] = {"token_embeddings": np.asarray(o["token_embeddings"]),
                                   "sentence_embedding": np.asarray(o["sentence_embedding"]),
                                   "offsets": list(o["offsets"]),
                                   "word_ids": list(o["word_ids"])}
            self._dirty = True
        return [self._tokens[t] for t in texts]

    def save(self) -> None:
        if self._dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps((self._tokens, self._vectors), protocol=5))
            tmp.replace(self.path)
            self._dirty = False
