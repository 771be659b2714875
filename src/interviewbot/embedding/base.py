"""The one interface every encoder has: what the index, retrieval and grading call.

Three classes implement it: :class:`~interviewbot.embedding.sentence.SentenceEncoder` (torch),
:class:`~interviewbot.embedding.onnx.OnnxEncoder` (the same model under ONNX Runtime) and
:class:`~interviewbot.embedding.batching.MicroBatcher` (any encoder, with concurrent callers
sharing forward passes). Callers depend on this protocol, never on which one they hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypedDict

import numpy as np


class TokenOutput(TypedDict):
    """One text's token-level forward pass (what grading reads).

    ``token_embeddings`` is (tokens, dim) float32, before pooling; ``sentence_embedding`` the
    (dim,) mean-pooled vector, not yet normalized; ``offsets`` the tokenizer's (start, end)
    characters per token and ``word_ids`` the word each token belongs to (None for special
    tokens).
    """

    token_embeddings: np.ndarray
    sentence_embedding: np.ndarray
    offsets: Sequence[tuple[int, int]]
    word_ids: Sequence[int | None]


class Encoder(Protocol):
    """Texts in, unit-length float32 vectors out (inner product = cosine)."""

    @property
    def dim(self) -> int:
        """Length of each vector (384 for MiniLM)."""
        ...

    @property
    def model(self) -> str:
        """The model name the vectors come from (as in ``Settings.model``)."""
        ...

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """An (n, dim) float32 array of unit rows, one per text, in order."""
        ...

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenOutput]:
        """Per text, in order, the token-level outputs of its forward pass."""
        ...
