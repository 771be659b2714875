"""The index folder: build, load, manifest, staleness and the on-disk files.

A build reads the corpus, groups the bank, embeds every phrasing and answer chunk, and writes a
new ``builds/<stamp>/`` folder (FAISS vectors, entries and bank as JSONL, a manifest with
checksums) that is swapped in atomically under a lock. Loading checks the manifest before trusting
the rest. The FAISS index type is chosen by size (``ann``). May import ``corpus``, ``bank``,
``embedding`` and the top-level ``models``, ``errors``, ``config`` and ``textproc`` (chunks are cut
with its sentence splitter).
"""
