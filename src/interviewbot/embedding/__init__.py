"""Text to unit-length vectors: the encoders behind the index, retrieval and grading.

The sentence-transformers encoder (torch), the same model exported to ONNX Runtime (fast, no torch
import) and a micro-batcher that lets concurrent callers share forward passes. Vectors are
L2-normalized, so inner product equals cosine. May import only the top-level ``models``,
``errors`` and ``config``.
"""
