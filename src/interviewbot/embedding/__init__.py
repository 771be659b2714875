"""Text to unit-length vectors: the encoders behind the index, retrieval and grading.

``base.Encoder`` is the one interface (``encode``, ``encode_tokens``, ``dim``, ``model``). It
is implemented by the sentence-transformers encoder (``sentence``, torch), the same model
exported to ONNX Runtime (``onnx``: fast, no torch import) and a micro-batcher (``batching``)
that lets concurrent callers share forward passes. Vectors are L2-normalized, so inner product
equals cosine. May import only the top-level ``models``, ``errors`` and ``config``.
"""
