"""Optional ONNX Runtime backend for the embedder (experimental; not a dependency).

Exports the packaged all-MiniLM-L6-v2 weights locally (no download) with ``torch.onnx``, then
optionally quantizes the weights to int8 with ONNX Runtime's dynamic quantization:

    # from scripts/ (an experiment, not part of the package)
    from onnx_embed import export, OnnxEmbedder
    path = export("build/onnx", quantize=True)         # model.onnx and model.int8.onnx
    emb = OnnxEmbedder(path)                            # .encode(texts) like Embedder

The fp32 export is what the package ships (``src/interviewbot/onnx_embed.py``); this script
keeps the int8 experiment, which moved retrieval by more than one point and is not shipped
(see docs/PERFORMANCE.md and ``scripts/bench_onnx.py``).

The graph returns the transformer's token embeddings and the mean-pooled sentence vector.
``OnnxEmbedder.model`` mimics the small part of SentenceTransformer the grader uses
(``tokenizer``, ``max_seq_length`` and ``encode(output_value=None)``), so grading can run on
it too.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from interviewbot.config import DEFAULT_MODEL
from interviewbot.embedding.sentence import resolve_model_path


def export(out_dir: str | Path, model: str = DEFAULT_MODEL, *, quantize: bool = True) -> Path:
    """Export ``model`` to ``out_dir/model.onnx`` (and ``model.int8.onnx``); the folder.

    The fp32 graph is the package's own export (``interviewbot.embedding.onnx.export``: token
    embeddings and the mean-pooled vector); this adds the tokenizer files AutoTokenizer reads
    and, optionally, the int8 weights.
    """
    from interviewbot.embedding.onnx import export as export_fp32

    out = export_fp32(Path(out_dir), model)
    src = Path(resolve_model_path(model))
    for name in ("tokenizer_config.json", "special_tokens_map.json", "vocab.txt",
                 "sentence_bert_config.json"):
        if (src / name).is_file():
            (out / name).write_bytes((src / name).read_bytes())
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(
            str(out / "model.onnx"), str(out / "model.int8.onnx"), weight_type=QuantType.QInt8
        )
    return out


class _ModelShim:
    """The part of SentenceTransformer the grader touches, backed by ONNX Runtime."""

    def __init__(self, owner: OnnxEmbedder) -> None:
        self._owner = owner
        self.tokenizer = owner.tokenizer
        self.max_seq_length = owner.max_seq_length

    def encode(self, texts, batch_size: int = 64, output_value=None, **_kw):
        tokens, pooled, lengths = self._owner._run(list(texts), batch_size)
        if output_value == "sentence_embedding":
            return pooled
        return [
            {"token_embeddings": tokens[i][: lengths[i]], "sentence_embedding": pooled[i]}
            for i in range(len(texts))
        ]


class OnnxEmbedder:
    """Same contract as ``interviewbot.embedding.sentence.Embedder``: unit float32 rows from
    ``encode``."""

    def __init__(
        self,
        folder: str | Path,
        *,
        int8: bool = False,
        threads: int | None = None,
        name: str = DEFAULT_MODEL,
    ) -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        folder = Path(folder)
        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        file = folder / ("model.int8.onnx" if int8 else "model.onnx")
        self.session = ort.InferenceSession(
            str(file), opts, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        self.max_seq_length = 256  # all-MiniLM-L6-v2's sentence-transformers setting
        self.name = name
        self.dim = 384
        self.model = _ModelShim(self)
        self._lock = threading.RLock()  # the grader holds it around model.encode too

    def _run(self, texts: list[str], batch_size: int = 64):
        """(token embeddings per text, pooled vectors, token counts), in input order."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        tokens: list[np.ndarray | None] = [None] * len(texts)
        pooled = np.zeros((len(texts), self.dim), dtype=np.float32)
        lengths = [0] * len(texts)
        with self._lock:
            for start in range(0, len(order), batch_size):
                idx = order[start : start + batch_size]
                enc = self.tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_seq_length,
                    return_tensors="np",
                )
                feeds = {
                    "input_ids": enc["input_ids"].astype(np.int64),
                    "attention_mask": enc["attention_mask"].astype(np.int64),
                }
                tok, pool = self.session.run(None, feeds)
                for j, i in enumerate(idx):
                    tokens[i] = tok[j]
                    pooled[i] = pool[j]
                    lengths[i] = int(enc["attention_mask"][j].sum())
        return tokens, pooled, lengths

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        _, pooled, _ = self._run(list(texts), batch_size)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.ascontiguousarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]
