"""Question/answer tables inside Markdown: ``| Question | Answer |`` rows become pairs, and a
table of anchor links is a table of contents.

Works on markdown-it-py tokens from ``markdown``; a header cell names its column in any common
spelling (``Q``, ``Question``, ``Prompt``, ``Front`` / ``A``, ``Answer``, ``Response``, ``Back``).
"""

from __future__ import annotations

import itertools
import re

from markdown_it.token import Token

from interviewbot.corpus.questions import clean_question, inline_text
from interviewbot.models import ParseProblem, Source

ANCHOR_LINK = re.compile(r"\[[^\]]*\]\(#[^)]*\)")
_ANSWER_COLUMN = re.compile(r"^(?:a|ans|answers?|responses?|back|solutions?)$", re.I)
_QUESTION_COLUMN = re.compile(r"^(?:q|questions?|prompts?|front)$", re.I)


def _cells(tokens: list[Token], index: int) -> list[tuple[int, list[str]]]:
    """(0-based line, cell contents) per table row, header first."""
    rows: list[tuple[int, list[str]]] = []
    line = 0
    row: list[str] = []
    for tok in itertools.islice(tokens, index, None):
        if tok.type == "tr_open":
            row, line = [], (tok.map[0] if tok.map else line)
        elif tok.type == "inline":
            row.append(tok.content)
        elif tok.type == "tr_close":
            rows.append((line, row))
        elif tok.type == "table_close":
            break
    return rows


def _columns(header: list[str]) -> tuple[int | None, int | None]:
    names = [inline_text(h).strip().lower() for h in header]
    q = next((i for i, n in enumerate(names) if _QUESTION_COLUMN.match(n)), None)
    a = next((i for i, n in enumerate(names) if _ANSWER_COLUMN.match(n)), None)
    return q, a


def has_qa_columns(tokens: list[Token], index: int) -> bool:
    rows = _cells(tokens, index)
    return bool(rows) and None not in _columns(rows[0][1])


def report_toc_table(
    tokens: list[Token], index: int, file: str, problems: list[ParseProblem]
) -> None:
    rows = _cells(tokens, index)
    if sum(bool(ANCHOR_LINK.search(" ".join(r))) for _, r in rows) >= 3:
        problems.append(ParseProblem(Source(file, rows[0][0] + 1), "skipped", "table of contents"))


def table_rows(
    tokens: list[Token], index: int, topic: str | None
) -> list[tuple[str, str, int, str | None, str | None]]:
    """(question, answer, 0-based line, topic, difficulty) per row of a question/answer table."""
    rows = _cells(tokens, index)
    q_col, a_col = _columns(rows[0][1])
    out = []
    for line, row in rows[1:]:
        if q_col is None or a_col is None or len(row) <= max(q_col, a_col):
            continue
        text, _, difficulty = clean_question(row[q_col])
        answer = re.sub(r"<br\s*/?>", "\n", row[a_col], flags=re.I).strip()
        if text:
            out.append((text, answer, line, topic, difficulty))
    return out
