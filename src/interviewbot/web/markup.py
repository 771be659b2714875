"""An answer from the corpus as safe HTML: its Markdown code blocks, lists and tables rendered,
any HTML in it shown as text.

markdown-it-py (CommonMark, ``html`` off) does the work: every tag in the source is escaped
(``<script>`` and ``<img onerror=…>`` are characters on the page, never elements), and its link
check refuses ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` targets. Images are not
rendered (an offline app loads nothing a corpus points at); their text stays.

The HTML is handed to Gradio inside Markdown, whose renderer passes an HTML block through
unchanged up to the first blank line; so the result is one line, its newlines written as
``&#10;`` (which a ``<pre>`` shows as line breaks and everything else reads as a space).
Gradio's sanitizer still runs over it.
"""

from __future__ import annotations

import functools


@functools.cache
def answer_parser():
    """How an answer's Markdown is read, in the web app and in the terminal: CommonMark with
    tables and strikethrough, HTML and images as text."""
    from markdown_it import MarkdownIt

    # breaks: a single newline in an answer is a line break, as the chat has always shown it
    md = MarkdownIt("commonmark", {"html": False, "breaks": True})
    return md.enable(["table", "strikethrough"]).disable("image")


def answer_html(text: object, *, tag: str = "div") -> str:
    """Markdown text (from the corpus or a person) as one line of escaped HTML in our own
    ``<tag class="ib-answer">``; '' for empty text."""
    body = answer_parser().render("" if text is None else str(text)).strip()
    if not body:
        return ""
    return f'<{tag} class="ib-answer">{body.replace(chr(10), "&#10;")}</{tag}>'
