"""Markdown interview banks read with a CommonMark parser (markdown-it-py), not line patterns.

The token tree says what each block is (heading, paragraph, list item, table, HTML, code) and
where it sits (source lines, list depth). A block whose first line asks something — a heading,
a bold paragraph, a list item, a ``Q:``/``Question:`` label, a ``<details><summary>`` — opens a
question; its answer is the source text up to the next question of the same or a higher rank,
so code blocks, lists, tables and LaTeX keep their Markdown. Headings that are not questions are
the topic path of the questions below them. Tables of contents, "Back to Top" links and
placeholder answers are reported, never indexed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from interviewbot.corpus.clean import fix_text, is_truncated, tidy_markdown
from interviewbot.corpus.questions import (
    BOLD_LINE,
    asks,
    clean_question,
    inline_text,
    is_answer_label,
    is_placeholder,
    strip_answer_label,
)
from interviewbot.corpus.tables import (
    ANCHOR_LINK,
    has_qa_columns,
    report_toc_table,
)
from interviewbot.corpus.tables import table_rows as table_rows_of
from interviewbot.models import ParseProblem, ParseResult, QAPair, Source

TOPIC_SEPARATOR = " › "
_BODY = 7  # rank of a non-heading question (bold, label, item, details): below every heading
_TOC = re.compile(r"^(?:table of )?contents?$|^index$|^toc$", re.I)
_BACK_TO_TOP = re.compile(r"back to (?:the )?top|^\W*\[?⬆", re.I)
_SUMMARY = re.compile(r"<summary[^>]*>(?P<q>.*?)</summary>", re.I | re.S)
_DETAILS_END = re.compile(r"</details>", re.I)
_HTML_ONLY = re.compile(r"^\s*(?:</?(?:details|summary|br|div|p|hr)\b[^>]*>\s*)+$", re.I)
_LABEL_LINE = re.compile(r"^\s*(?:\*\*)?\s*(?:Q\s*\d*|Question\s*\d*)\s*(?:\*\*)?\s*[:.)]", re.I)


@dataclass(frozen=True)
class _Candidate:
    """A block that may open a question: its first source line, rank and raw first line."""

    line: int  # 0-based source line of the question
    body: int  # 0-based source line where the answer starts
    end: int  # 0-based line after the block (answer starts no later than this)
    depth: int  # list nesting
    level: int  # heading level, or _BODY
    kind: str  # "heading", "bold", "item", "label", "details"
    raw: str
    span_end: int = 0  # for a list item: the line after the item (its answer stays inside)


@dataclass(frozen=True)
class _Question:
    text: str
    difficulty: str | None
    candidate: _Candidate
    topic: str | None
    stop: int | None = None  # a fixed answer end (``</details>``)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"maxNesting": 40}).enable("table")


def _first_line(token: Token | None) -> str:
    return (token.content if token is not None else "").split("\n", 1)[0]


def _is_toc(tokens: list[Token], start: int) -> bool:
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
            if len(inlines) >= 50:
                break
    links = sum(1 for c in inlines if ANCHOR_LINK.search(c))
    return links >= 2 and links >= 0.6 * len(inlines)


def _walk(tokens: list[Token], lines: list[str]) -> list[tuple[str, object]]:
    """Flatten the token tree into events: ("heading", (level, depth, text, line)) for
    headings and ("candidate", _Candidate) for blocks whose first line might ask something."""
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
            first = _first_line(inline)
            kind = "item" if first_in_item else "bold"
            if _LABEL_LINE.match(first):
                kind = "label"
            span = item_end if kind == "item" else 0
            cand = _Candidate(start, start + 1, end, depth, _BODY, kind, first, span)
            events.append(("candidate", cand))
            first_in_item = False
        elif tok.type == "html_block":
            match = _SUMMARY.search(tok.content)
            if match:
                body = start + tok.content[: match.end()].count("\n") + 1
                events.append(
                    (
                        "candidate",
                        _Candidate(start, body, end, depth, _BODY, "details", match.group("q")),
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


def _question_of(c: _Candidate, inside: bool) -> tuple[str, str | None] | None:
    """The question a candidate asks, or None. ``inside``: within another question's answer."""
    text, labelled, difficulty = clean_question(c.raw)
    if c.kind == "details":
        text = inline_text(c.raw).strip()
        text, _, difficulty = clean_question(text)
        return (text, difficulty) if asks(text) else None
    if c.kind == "heading":
        strong = labelled or text.endswith("?")
        return (text, difficulty) if (strong or (asks(text) and not inside)) else None
    if c.kind == "label":
        return (text, difficulty) if labelled and text else None
    if c.kind == "bold":
        # The whole line in bold, or a bold label ("**Q3:** …"); "**Note:** how to …" is prose.
        whole = bool(BOLD_LINE.match(c.raw.strip()))
        starts = c.raw.strip().startswith(("**", "__"))
        return (text, difficulty) if (whole and asks(text)) or (starts and labelled) else None
    # A list item asks when its first line is a question (a '?' or a bold asking line).
    bold = bool(BOLD_LINE.match(c.raw.strip()))
    if ANCHOR_LINK.search(c.raw):
        return None
    return (text, difficulty) if (text.endswith("?") or (bold and asks(text))) else None


def _numbered_label_only(content: str) -> bool:
    text, labelled, _ = clean_question(content)
    return labelled and not text


def _ends(new: _Candidate, current: _Candidate) -> bool:
    """True when ``new`` is at the same or a higher rank than the open question, so it closes
    it; False when it sits inside that question's answer (a sub-heading, a nested list)."""
    if current.kind == "item" and new.line < current.span_end:
        return False
    if new.kind == "heading" and current.kind == "heading":
        return new.level <= current.level or new.depth < current.depth
    return new.depth <= current.depth


def _answer_text(lines: list[str], start: int, stop: int) -> str:
    """Source lines ``[start, stop)`` as a Markdown answer: dedented, links and labels trimmed."""
    body = [ln.rstrip() for ln in lines[start:stop]]
    body = [ln for ln in body if not (_BACK_TO_TOP.search(ln) or _HTML_ONLY.match(ln))]
    while body and not body[0].strip():
        body.pop(0)
    if not body:
        return ""
    indents = [len(ln) - len(ln.lstrip()) for ln in body[1:] if ln.strip()]
    first_indent = len(body[0]) - len(body[0].lstrip())
    cut = min(indents + [first_indent]) if indents else first_indent
    body = [ln[cut:] if ln[:cut].strip() == "" else ln.lstrip() for ln in body]
    body[0] = strip_answer_label(body[0])
    text = "\n".join(body)
    text = re.sub(r"\n[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", "", text.rstrip())
    text = _DETAILS_END.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse_markdown(text: str, file: str) -> ParseResult:
    """Parse one Markdown document into Q&A pairs with topic paths and difficulty; report
    tables of contents, unanswered or placeholder questions and cut-off answers by line."""
    text = fix_text(text)
    lines = text.splitlines()
    tokens = _parser().parse(text)
    events = _walk(tokens, lines)
    problems: list[ParseProblem] = []
    questions: list[tuple[_Question, int]] = []  # with the answer's end line
    table_rows: list[tuple[str, str, int, str | None, str | None]] = []
    topics: list[tuple[int, str]] = []  # (level, heading text) of enclosing topic headings
    h1s = sum(
        1
        for kind, ev in events
        if kind == "heading"
        and ev[0] == 1
        and _question_of(_Candidate(ev[3], ev[4], ev[4], ev[1], 1, "heading", ev[2]), False) is None
    )
    title: str | None = None
    current: _Question | None = None
    skip_toc_level: int | None = None
    pending = False

    def close(at: int) -> None:
        nonlocal current
        if current is not None:
            stop = current.stop if current.stop is not None and current.stop < at else at
            questions.append((current, stop))
            current = None

    def path() -> str | None:
        names = [name for _, name in topics]
        if title is not None and names[:1] == [title] and len(names) > 1:
            names = names[1:]
        return TOPIC_SEPARATOR.join(names) if names else None

    for kind, ev in events:
        if kind == "rule":
            close(ev)
            continue
        if kind == "table":
            index, depth, start, end = ev
            if not has_qa_columns(tokens, index):
                if current is None:
                    report_toc_table(tokens, index, file, problems)
                continue  # a table inside an answer
            close(start)
            table_rows.extend(table_rows_of(tokens, index, path()))
            continue
        if kind == "heading":
            level, depth, content, start, end, index = ev
            if _numbered_label_only(content):
                close(start)  # "### Question 2:": the question is the next block's line
                pending = True
                continue
            cand = _Candidate(start, end, end, depth, level, "heading", content)
            inside = current is not None and not _ends(cand, current.candidate)
            asked = _question_of(cand, inside)
            if asked is None:
                if inside or depth > 0:
                    continue  # a sub-heading of an answer; topics are never inside lists
                close(start)
                plain_heading = inline_text(content)
                while topics and topics[-1][0] >= level:
                    topics.pop()
                if _TOC.match(plain_heading) or _is_toc(tokens, index + 3):
                    problems.append(
                        ParseProblem(Source(file, start + 1), "skipped", "table of contents")
                    )
                    skip_toc_level = level
                    continue
                skip_toc_level = None
                if level == 1 and h1s == 1 and title is None and not questions:
                    title = plain_heading
                topics.append((level, plain_heading))
                continue
            if (
                skip_toc_level is not None
                and level > skip_toc_level
                and ANCHOR_LINK.search(content)
            ):
                continue
            close(start)
            while topics and topics[-1][0] >= level:
                topics.pop()
            current = _Question(asked[0], asked[1], cand, path())
            continue
        cand = ev
        if pending:
            pending = False
            text, _, difficulty = clean_question(cand.raw)
            if text:
                current = _Question(text, difficulty, cand, path())
            continue
        inside = current is not None and not _ends(cand, current.candidate)
        if inside:
            continue
        asked = _question_of(cand, inside)
        if asked is None:
            continue
        if (
            current is not None
            and current.candidate.kind == "heading"
            and cand.depth >= (current.candidate.depth)
        ):
            # Under a question heading, a bold line ("**When cleanup runs:**") is part of the
            # answer unless it plainly asks something itself.
            if not asked[0].endswith("?") and cand.kind != "label":
                continue
        close(cand.line)
        stop = None
        if cand.kind == "details":
            stop = next(
                (n for n in range(cand.line, len(lines)) if _DETAILS_END.search(lines[n])), None
            )
        current = _Question(asked[0], asked[1], cand, path(), stop)
    close(len(lines))

    pairs: list[QAPair] = []
    for row in table_rows:
        _add(pairs, problems, file, *row)
    for question, stop in questions:
        c = question.candidate
        answer_start = c.body
        if c.kind in ("label",):
            answer_start = _label_body(lines, c)
        answer = _answer_text(lines, answer_start, stop)
        if c.kind == "details" and stop is not None:
            tail = lines[stop].split("</details>", 1)[0] if stop < len(lines) else ""
            answer = (answer + "\n" + tail).strip() if tail.strip() else answer
        _add(
            pairs,
            problems,
            file,
            question.text,
            answer,
            c.line,
            question.topic,
            question.difficulty,
        )
    pairs.sort(key=lambda p: p.source.line)
    problems.sort(key=lambda p: p.source.line)
    return ParseResult(tuple(pairs), tuple(problems))


def _label_body(lines: list[str], c: _Candidate) -> int:
    """A ``Q:`` paragraph: the answer starts at its first ``A:`` line, else the next line."""
    for n in range(c.line + 1, c.end):
        if is_answer_label(lines[n]):
            return n
    return c.body


def _add(
    pairs: list[QAPair],
    problems: list[ParseProblem],
    file: str,
    question: str,
    answer: str,
    line: int,
    topic: str | None,
    difficulty: str | None,
) -> None:
    source = Source(file, line + 1)
    if is_placeholder(answer):
        what = "no answer" if not answer.strip() else "a placeholder answer"
        problems.append(ParseProblem(source, "unanswered", f"{what}: {question!r}"))
        return
    answer = tidy_markdown(answer)
    truncated = is_truncated(answer) and "```" not in answer and "|" not in answer
    if truncated:
        tail = answer.rsplit("\n", 1)[-1][-60:]
        problems.append(ParseProblem(source, "truncated", f"answer ends mid-sentence: …{tail!r}"))
    pairs.append(QAPair(question, answer, source, topic, truncated, difficulty))
