"""A fast query encoder: the same MiniLM exported to ONNX and run with ONNX Runtime.

Importing torch and sentence-transformers costs seconds; ONNX Runtime and the tokenizers
library load in about 0.3 s, which is what keeps a CLI ``ask`` quick from a cold start. The
export runs once, locally, from the packaged weights (no download) when the index is built,
into the user cache (``<cache>/onnx/<fingerprint>/``). Vectors match the torch encoder to
~1e-6 (fp32, same tokenizer, same mean pooling), so an index built with one serves queries
from the other. The export also returns token embeddings, which is what grading reads.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from interviewbot.embedding.base import TokenOutput
from interviewbot.embedding.sentence import model_fingerprint, resolve_model_path

OPSET = 17
PAD_SLACK = 1.25  # a batch may pad to at most this many times its real tokens (+16)
VERSION = 2  # 2: token embeddings as well (grading), not only the pooled sentence vector


def onnx_dir(cache: Path, model: str) -> Path:
    """Where the exported model for ``model`` lives under a cache folder."""
    tag = hashlib.sha1(model_fingerprint(model).encode()).hexdigest()[:12]
    return cache / "onnx" / tag


def ensure_export(cache: Path, model: str, log=lambda _msg: None) -> Path | None:
    """Export once per machine and model; None (torch serves queries) if it can't be done."""
    folder = onnx_dir(cache, model)
    if complete(folder):
        return folder  # a missing, damaged or older export is simply made again
    try:
        import warnings

        import onnx  # noqa: F401 - the exporter needs it

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            export(folder, model)
        log(f"exported the ONNX query encoder to {folder}")
        return folder
    except Exception as exc:  # any failure leaves the torch encoder in charge
        log(f"note: no ONNX query encoder ({exc.__class__.__name__}: {str(exc)[:80]})")
        return None


def complete(folder: Path) -> bool:
    """True when ``folder`` holds a finished export of this ``VERSION`` (config.json is
    written last, so its presence with the right version marks the export complete)."""
    if not ((folder / "model.onnx").is_file() and (folder / "config.json").is_file()):
        return False
    try:
        return json.loads((folder / "config.json").read_text()).get("version") == VERSION
    except (OSError, ValueError):
        return False


def available(folder: Path) -> bool:
    """True when ``folder`` holds a complete export and onnxruntime is installed."""
    if not complete(folder):
        return False
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return True


def export(folder: Path, model: str) -> Path:
    """Export ``model`` (mean-pooled sentence embedding) to ``folder/model.onnx`` atomically."""
    import torch
    from transformers import AutoModel

    src = Path(resolve_model_path(model))
    folder.mkdir(parents=True, exist_ok=True)
    bert = AutoModel.from_pretrained(str(src), local_files_only=True).eval()
    max_len = json.loads((src / "sentence_bert_config.json").read_text()).get("max_seq_length", 256)

    class Pooled(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            tokens = self.inner(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            return tokens, (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    tmp = folder / f"model.onnx.{os.getpid()}.tmp"
    ids = torch.ones((2, 16), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            Pooled(bert), (ids, ids.clone()), str(tmp),
            input_names=["input_ids", "attention_mask"],
            output_names=["token_embeddings", "sentence_embedding"],
            dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                          "attention_mask": {0: "batch", 1: "seq"},
                          "token_embeddings": {0: "batch", 1: "seq"},
                          "sentence_embedding": {0: "batch"}},
            opset_version=OPSET, dynamo=False,
        )  # fmt: skip
    (folder / "tokenizer.json").write_bytes((src / "tokenizer.json").read_bytes())
    tmp.replace(folder / "model.onnx")
    config = {
        "model": model,
        "fingerprint": model_fingerprint(model),
        "max_length": max_len,
        "version": VERSION,
    }
    tmp_config = folder / f"config.json.{os.getpid()}.tmp"
    tmp_config.write_text(json.dumps(config))
    tmp_config.replace(folder / "config.json")  # written last: marks the export complete
    return folder


class OnnxEncoder:
    """The exported model under ONNX Runtime: an :class:`~interviewbot.embedding.base.Encoder`
    with the torch encoder's vectors (to ~1e-6) and token outputs."""

    def __init__(self, folder: Path, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text())
        self.model = config["model"]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=int(config["max_length"]))
        self.tokenizer.no_padding()  # tokenizer.json may pad to a fixed width; we pad per group
        options = ort.SessionOptions()
        options.log_severity_level = 3
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.dim = int(self.session.get_outputs()[-1].shape[-1] or 384)
        self._lock = threading.Lock()

    def _run(self, batch: list, outputs: list[str]) -> list[np.ndarray]:
        """One forward pass over tokenized texts, padded to the longest of them."""
        width = max(len(e.ids) for e in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, e in enumerate(batch):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        with self._lock:
            return self.session.run(outputs, {"input_ids": ids, "attention_mask": mask})

    def _buckets(self, texts: Sequence[str], batch_size: int) -> list[list[tuple[int, object]]]:
        """Texts tokenized once, grouped by length so that padding stays small.

        A forward pass costs about what its padded tokens cost, so 32 queries of 3 to 30
        tokens padded to 30 waste most of the work. Sorted by length, a group grows while its
        padded size stays within ``PAD_SLACK`` of its real tokens (plus a few tokens, since
        every run has a fixed cost too).
        """
        encs = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
        groups: list[list[tuple[int, object]]] = []
        group: list[tuple[int, object]] = []
        real = 0
        for i in order:
            n = len(encs[i].ids)
            if group and (
                len(group) >= batch_size or n * (len(group) + 1) > PAD_SLACK * (real + n) + 16
            ):
                groups.append(group)
                group, real = [], 0
            group.append((i, encs[i]))
            real += n
        if group:
            groups.append(group)
        return groups

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Encode texts to an (n, dim) float32 array of unit vectors."""
        vecs = np.zeros((len(texts), self.dim), dtype=np.float32)
        for group in self._buckets(texts, batch_size):
            (out,) = self._run([e for _, e in group], ["sentence_embedding"])
            vecs[[i for i, _ in group]] = out
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(vecs)

    def encode_tokens(self, texts: Sequence[str], batch_size: int = 64) -> list[TokenOutput]:
        """Per text, in as few forward passes as padding allows: token embeddings
        (unpadded), the pooled sentence embedding, and the tokenizer's character offsets and
        word ids (for grading)."""
        result: list[TokenOutput | None] = [None] * len(texts)
        for group in self._buckets(texts, batch_size):
            tokens, sentences = self._run(
                [e for _, e in group], ["token_embeddings", "sentence_embedding"]
            )
            for row, (i, e) in enumerate(group):
                result[i] = TokenOutput(
                    token_embeddings=tokens[row, : len(e.ids)],
                    sentence_embedding=sentences[row],
                    offsets=e.offsets,
                    word_ids=e.word_ids,
                )
        return result
