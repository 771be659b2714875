"""The sequence-pair (NLI) model: P(entailment, neutral, contradiction) of a hypothesis given a
premise, under ONNX Runtime (no torch), and the support signals grading would read from it.

Kept with the scripts, not in the package: the model trained this stop did not earn a place in
the grader (docs/EVALUATION.md, "Pair model"), so nothing ships and nothing at runtime loads it.

In: a folder with ``model.onnx`` and ``tokenizer.json`` (scripts/export_nli.py writes it from
scripts/train_nli.py's output). Out: :meth:`PairModel.probabilities`, an (n, 3) array in
:data:`LABELS` order, and :func:`pair_support`, the two grading signals of one answer:
``nli_support`` (mean over the answer's sentences of the best entailment probability against
the key points it is paired with) and ``nli_contra`` (the highest contradiction probability of
a sentence that dismisses nothing, against its best-matching key point).

ONNX Runtime and the tokenizer are imported when a model is first loaded.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

LABELS: tuple[str, ...] = ("entailment", "neutral", "contradiction")
MAX_LENGTH = 128  # the longer side truncated first, as in training
PAIR_NAMES: tuple[str, ...] = ("nli_support", "nli_contra")


class PairModel:
    """An exported pair classifier under ONNX Runtime."""

    def __init__(self, folder: Path, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.folder = folder
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_LENGTH, strategy="longest_first")
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.log_severity_level = 3
        if threads:
            options.intra_op_num_threads = threads
        model = folder / "model.onnx"
        self.session = ort.InferenceSession(str(model), options,
                                            providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}
        self._lock = threading.Lock()

    def probabilities(self, premises: Sequence[str], hypotheses: Sequence[str],
                      batch_size: int = 32) -> np.ndarray:
        """(n, 3) softmax probabilities, LABELS order, one row per (premise, hypothesis)."""
        if len(premises) != len(hypotheses):
            raise ValueError("premises and hypotheses differ in length")
        out = np.zeros((len(premises), len(LABELS)), dtype=np.float32)
        if not len(premises):
            return out
        encs = self.tokenizer.encode_batch(list(zip(premises, hypotheses, strict=True)))
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            width = max(len(encs[i].ids) for i in rows)
            feed = {name: np.zeros((len(rows), width), dtype=np.int64)
                    for name in ("input_ids", "attention_mask", "token_type_ids")}
            for r, i in enumerate(rows):
                e = encs[i]
                n = len(e.ids)
                feed["input_ids"][r, :n] = e.ids
                feed["attention_mask"][r, :n] = 1
                feed["token_type_ids"][r, :n] = e.type_ids
            feed = {k: v for k, v in feed.items() if k in self._inputs}
            with self._lock:
                (logits,) = self.session.run(["logits"], feed)
            logits = logits - logits.max(1, keepdims=True)
            p = np.exp(logits)
            out[rows] = p / p.sum(1, keepdims=True)
        return out


def pair_support(model: PairModel, sentences: Sequence[str], dismissing: Sequence[bool],
                 key_points: Sequence[str], kp_rows: np.ndarray, top_k: int = 2) -> np.ndarray:
    """(nli_support, nli_contra) of one answer, see the module docstring.

    ``sentences``: the answer's units that are judged (its sentences or clauses; the whole
    answer when it has none); ``dismissing``: per sentence, it rejects something ("unlike X",
    "it is not Y"), so its contradiction probability is not read; ``kp_rows``: (key points,
    sentences) match scores, of which each sentence is paired with its ``top_k`` best key
    points only (the cost is one forward pass per pair)."""
    if not len(sentences) or not len(key_points):
        return np.zeros(len(PAIR_NAMES))
    k = min(top_k, len(key_points))
    best = np.argsort(-kp_rows, axis=0)[:k]  # (k, sentences)
    pairs = [(key_points[best[r, j]], sentences[j]) for j in range(len(sentences))
             for r in range(k)]
    probs = model.probabilities([p for p, _ in pairs], [h for _, h in pairs])
    probs = probs.reshape(len(sentences), k, len(LABELS))
    support = float(probs[:, :, 0].max(1).mean())
    contra = [float(probs[j, 0, 2]) for j in range(len(sentences)) if not dismissing[j]]
    return np.array([support, max(contra, default=0.0)])


def answer_pair_signals(model: PairModel, units, prep, top_k: int = 1) -> np.ndarray:
    """:func:`pair_support` of one answer (``units``: features.AnswerUnits) against its
    question's key points (``prep``: features.PreparedReferences). The units judged are the
    sentences/clauses (the whole answer when it has none), each paired with the ``top_k``
    core key points that match it best (support.unit_scores)."""
    from interviewbot.grading.support import dismissive, unit_matrix, unit_scores

    core = [k for k in prep.key_points if k.point.core] or list(prep.key_points)
    judged = list(units.units[1:]) if len(units.units) > 1 else list(units.units)
    if not core or not judged:
        return np.zeros(len(PAIR_NAMES))
    content = [np.flatnonzero(u.content & ~u.negated) for u in judged]
    matrix = unit_matrix(judged, content)
    kp_rows = np.array([unit_scores(matrix, k)[0] for k in core])
    return pair_support(model, [u.text for u in judged], [dismissive(u) for u in judged],
                        [k.point.text for k in core], kp_rows, top_k)
