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

import re
from dataclasses import dataclass

from interviewbot.corpus.blocks import Candidate, is_toc, parser, walk
from interviewbot.corpus.clean import complete_part, fix_text, is_truncated, tidy_markdown
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
_TOC = re.compile(r"^(?:table of )?contents?$|^index$|^toc$", re.I)
_BACK_TO_TOP = re.compile(r"back to (?:the )?top|^\W*\[?⬆", re.I)
_DETAILS_END = re.compile(r"</details>", re.I)
_HTML_ONLY = re.compile(r"^\s*(?:</?(?:details|summary|br|div|p|hr)\b[^>]*>\s*)+$", re.I)


@dataclass(frozen=True)
class _Question:
    text: str
    difficulty: str | None
    candidate: Candidate
    topic: str | None
    stop: int | None = None  # a fixed answer end (``</details>``)


def _question_of(c: Candidate, inside: bool) -> tuple[str, str | None] | None:
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


def _ends(new: Candidate, current: Candidate) -> bool:
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
    tokens = parser().parse(text)
    events = walk(tokens, lines)
    problems: list[ParseProblem] = []
    questions: list[tuple[_Question, int]] = []  # with the answer's end line
    table_rows: list[tuple[str, str, int, str | None, str | None]] = []
    topics: list[tuple[int, str]] = []  # (level, heading text) of enclosing topic headings
    h1s = sum(
        1
        for kind, ev in events
        if kind == "heading"
        and ev[0] == 1
        and _question_of(Candidate(ev[3], ev[4], ev[4], ev[1], 1, "heading", ev[2]), False) is None
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
            cand = Candidate(start, end, end, depth, level, "heading", content)
            inside = current is not None and not _ends(cand, current.candidate)
            asked = _question_of(cand, inside)
            if asked is None:
                if inside or depth > 0:
                    continue  # a sub-heading of an answer; topics are never inside lists
                close(start)
                plain_heading = inline_text(content)
                while topics and topics[-1][0] >= level:
                    topics.pop()
                if _TOC.match(plain_heading) or is_toc(tokens, index + 3):
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


def _label_body(lines: list[str], c: Candidate) -> int:
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
        whole = complete_part(answer)
        # A cut-off last sentence is left out rather than the whole question: what comes
        # before it is the file's own answer, and a dropped question cannot be asked.
        kept = "; kept up to its last whole sentence" if whole else ""
        problems.append(
            ParseProblem(source, "truncated", f"answer ends mid-sentence: …{tail!r}{kept}")
        )
        answer, truncated = (whole, False) if whole else (answer, True)
    pairs.append(QAPair(question, answer, source, topic, truncated, difficulty))
