"""Grouping Q&A pairs into canonical questions (phrasings, references, sources).

Exact duplicates are dropped, near-duplicate questions are grouped by average-linkage clustering of
question and answer embeddings (the caller passes the encode function, so this stage loads no
model), questions that lean on "the video" get a standalone phrasing, and each canonical question
chooses its best reference. May import ``corpus`` and the top-level ``models``, ``errors`` and
``config``.
"""
