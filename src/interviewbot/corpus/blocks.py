"""The blocks of a Markdown document that may open a question, from the CommonMark token
tree (markdown-it-py): headings, paragraphs (bold lines, ``Q:`` labels, a list item's first
line), ``<details><summary>`` blocks, tables and rules, each with its source lines and list
depth; and whether a block is a table of contents. :mod:`interviewbot.corpus.markdown` decides
which of them ask something and where their answers end.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from interviewbot.corpus.tables import ANCHOR_LINK

BODY = 7  # rank of a non-heading question (bold, label, item, details): below every heading
TOC_LINES_READ = 50  # a table of contents is told by its first this many non-empty lines
TOC_LINK_SHARE = 0.6  # ... of which at least this share (and two) are anchor links
_SUMMARY = re.compile(r"<summary[^>]*>(?P<q>.*?)</summary>", re.I | re.S)
_LABEL_LINE = re.compile(r"^\s*(?:\*\*)?\s*(?:Q\s*\d*|Question\s*\d*)\s*(?:\*\*)?\s*[:.)]", re.I)


@dataclass(frozen=True)
class Candidate:
    """A block that may open a question: its first source line, rank and raw first line."""

    line: int  # 0-based source line of the question
    body: int  # 0-based source line where the answer starts
    end: int  # 0-based line after the block (answer starts no later than this)
    depth: int  # list nesting
    level: int  # heading level, or BODY
    kind: str  # "heading", "bold", "item", "label", "details"
    raw: str
    span_end: int = 0  # for a list item: the line after the item (its answer stays inside)


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"maxNesting": 40}).enable("table")


def first_line(token: Token | None) -> str:
    return (token.content if token is not None else "").split("\n", 1)[0]


def is_toc(tokens: list[Token], start: int) -> bool:
    """True when the first block from ``start`` is a list or table of anchor links (a ToC)."""
    begin = next(
        (
            i
            for i in range(start, len(tokens))
            if tokens[i].nesting == 1 or tokens[i].type == "html_block"
        ),
        None,
    )
    if begin is None or tokens[begin].type not in (
        "bullet_list_open",
        "ordered_list_open",
        "html_block",
        "table_open",
    ):
        return False
    level = tokens[begin].level
    inlines = []
    for tok in itertools.islice(tokens, begin, None):
        if tok.level < level or (
            tok.nesting == -1 and tok.level == level and tok.type != "html_block"
        ):
            break
        if tok.type == "inline" and tok.content.strip():
            inlines.append(tok.content)
            if len(inlines) >= TOC_LINES_READ:
                break
    links = sum(1 for c in inlines if ANCHOR_LINK.search(c))
    return links >= 2 and links >= TOC_LINK_SHARE * len(inlines)


def walk(tokens: list[Token], lines: list[str]) -> list[tuple[str, object]]:
    """Flatten the token tree into events: ("heading", (level, depth, text, start line, end
    line, token index)) for headings, ("candidate", Candidate) for blocks whose first line
    might ask something, ("table", (token index, depth, start, end)) for tables and ("rule",
    line) for a top-level thematic break."""
    events: list[tuple[str, object]] = []
    depth = 0
    quote = 0
    first_in_item = False
    item_end = 0
    for i, tok in enumerate(tokens):
        if tok.type == "list_item_open":
            depth += 1
            first_in_item = True
            item_end = tok.map[1] if tok.map else 0
            continue
        if tok.type == "list_item_close":
            depth -= 1
            continue
        if tok.type == "blockquote_open":
            quote += 1
        elif tok.type == "blockquote_close":
            quote -= 1
        if tok.map is None or quote:
            first_in_item = False if tok.nesting == 1 and tok.map else first_in_item
            continue
        start, end = tok.map
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            level = int(tok.tag[1])
            events.append(("heading", (level, depth, inline.content, start, end, i)))
            first_in_item = False
        elif tok.type == "paragraph_open":
            inline = tokens[i + 1]
            first = first_line(inline)
            kind = "item" if first_in_item else "bold"
            if _LABEL_LINE.match(first):
                kind = "label"
            span = item_end if kind == "item" else 0
            cand = Candidate(start, start + 1, end, depth, BODY, kind, first, span)
            events.append(("candidate", cand))
            first_in_item = False
        elif tok.type == "html_block":
            match = _SUMMARY.search(tok.content)
            if match:
                body = start + tok.content[: match.end()].count("\n") + 1
                events.append(
                    (
                        "candidate",
                        Candidate(start, body, end, depth, BODY, "details", match.group("q")),
                    )
                )
            first_in_item = False
        elif tok.type == "table_open":
            events.append(("table", (i, depth, start, end)))
            first_in_item = False
        elif tok.type == "hr" and depth == 0:
            events.append(("rule", start))
        elif tok.nesting == 1 or tok.type in ("fence", "code_block"):
            first_in_item = False
    return events
