"""Reading bank files into Q&A pairs: the first stage of the pipeline.

``files`` walks a corpus folder, decodes each file and hands it to its format's reader:
``markdown`` (Markdown/text documents) or ``tabular`` (JSONL, CSV). Each reader returns
:class:`~interviewbot.models.QAPair` records with their file and line, cleaned by ``clean``
(mojibake, Markdown markers, LaTeX, chat filler) and, where the file gives none, a topic from
``topics``. Problems are reported per file, never raised for one bad file. May import only the
top-level ``models``, ``errors`` and ``config``.
"""
