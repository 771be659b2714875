"""Reading bank files into Q&A pairs: the first stage of the pipeline.

``files`` walks each bank folder, decodes every file and hands it to its format's reader:
``markdown`` (Markdown banks, over ``blocks``: markdown-it-py's CommonMark token tree, and
``tables``), ``transcript``
(the bundled seed chat transcripts, ``.txt``) or ``tabular`` (JSONL, JSON arrays, CSV/TSV,
Anki plain-text exports). ``questions`` says whether a line asks something and cleans it
(numbering, labels, difficulty markers, placeholders); ``clean`` repairs text (mojibake,
LaTeX, HTML fields); ``topics`` holds the keyword rules that name the seed bank's topics;
``upload`` checks and saves a file a person hands over. ``files`` also reads the side files a
bank folder may hold and never reads as a bank (``sources.json`` titles; ``standalone.json`` and
``descriptions.json`` are read by ``bank`` and ``index``). Each reader returns
:class:`~interviewbot.models.QAPair` records with file, line, topic path and difficulty, and
reports what it did not index (tables of contents, unanswered questions, bad rows) per file,
never raising for one bad file. May import only the top-level ``models``, ``errors`` and
``config``.
"""
