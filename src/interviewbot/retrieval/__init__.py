"""Question in, ranked canonical hits or an abstention out.

Query normalization (abbreviations, spelling against the bank's vocabulary), lexical (BM25) and
dense signals per canonical question, their fusion, the answer-or-abstain decision and the
follow-up reading. Everything but the retriever object is a pure function over arrays. May import
only the top-level ``models``, ``errors`` and ``config``: query vectors come from ``embedding``
through the caller.
"""
