"""Grouping Q&A pairs into canonical questions (phrasings, references, sources), bank by bank.

Exact duplicates are dropped, near-duplicate questions are grouped by average-linkage clustering of
question and answer embeddings (SciPy, per connected component so large banks stay bounded; the
caller passes the encode function, so this stage loads no model), twins that differ only in the
bank's common words are merged, questions that lean on "the video" get a standalone phrasing, and
each canonical question chooses its best reference and records its bank and difficulty. Questions
of two banks never group. May import ``corpus`` and the top-level ``models``, ``errors``,
``config`` and ``textproc`` (its sentence splitter).
"""
