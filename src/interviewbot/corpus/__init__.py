"""Reading bank files into Q&A pairs: the first stage of the pipeline.

Each corpus file (Markdown/text, JSONL, CSV) is decoded, parsed into
:class:`~interviewbot.models.QAPair` records with their file and line, cleaned (mojibake, Markdown
markers, LaTeX, chat filler) and given a topic. Problems are reported per file, never raised for
one bad file. May import only the top-level ``models``, ``errors`` and ``config``.
"""
