"""Question in, ranked canonical hits or an abstention out.

One job per module: ``normalize`` (words, stemming, abbreviations, spelling against the
bank's vocabulary), ``lexical`` (BM25 per field, served by ``bm25s``), ``dense`` (cosine
signals from a query vector), ``decision`` (fusion, confidence, answer or abstain),
``follow_up`` (when a message is read with the previous one), ``duplicates`` (near-identical
canonical questions), ``coverage`` (phrases of a question new to the bank, and whether the top
hit covers them), ``results`` (the public result type), ``params`` (the fitted knobs in
``data/retrieval_params.json``), and ``retriever``: the one stateful object per loaded
index, which owns its search (one product for a small bank, FAISS above that). Everything
but the retriever is a pure function over arrays. May import only the top-level ``models``,
``errors``, ``config`` and ``textproc`` (the shared stop words): query vectors come from
``embedding`` through the caller.
"""
