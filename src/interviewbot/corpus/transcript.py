"""Chat transcripts of interview Q&A (the bundled seed ``.txt`` documents) into pairs.

The seed documents are assistant replies that mix many ad-hoc header shapes; each is one
regular expression below, read line by line, and answers are flattened to plain text. Anything
that is not Q&A (preambles, "Key Points" lists, chat filler, image links) is skipped. Markdown
banks (``.md``) go through the CommonMark reader in ``markdown`` instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from interviewbot.corpus.clean import (
    drop_source_talk,
    fix_text,
    is_filler,
    is_truncated,
    latex_to_text,
    normalize_space,
    strip_markdown,
)
from interviewbot.models import ParseProblem, ParseResult, QAPair, Source

# Question headers. Each yields the question text in group "q" (None: it is on the next line).
_LABELLED = [
    re.compile(r"^\*\*\s*(?:Q\s*)?\d+[.:)]\s*Question\s*:?\s*\*\*\s*:?\s*(?P<q>.+)$", re.I),
    re.compile(r"^\d+[.)]\s+\*\*\s*Question\s*\*\*\s*:\s*(?P<q>.+)$", re.I),
    re.compile(r"^\d+[.)]\s+\*\*\s*Question\s*:\s*\*\*\s*(?P<q>.+)$", re.I),
    re.compile(r"^#{1,6}\s*(?:\d+[.)]\s*)?\*\*\s*Question\s*:\s*(?P<q>.+?)\s*\*\*\s*$", re.I),
    re.compile(r"^#{1,6}\s*Question\s*\d*\s*:?\s*(?P<q>)$", re.I),
    re.compile(r"^\*\*\s*Q\s*\d+\s*[:.)]\s*(?P<q>.+?)\s*\*\*\s*$", re.I),
    re.compile(r"^(?:Q\d*|Question\s*\d*)\s*[:.)]\s*(?P<q>.+)$", re.I),
]
# Bold or heading lines that are questions only if they read like one.
_UNLABELLED = [
    re.compile(r"^\*\*\s*\d+[.)]\s*(?P<q>.+?)\s*\*\*\s*$"),
    re.compile(r"^\d+[.)]\s+\*\*(?P<q>.+?)\*\*\s*$"),
    re.compile(r"^#{1,6}\s*(?:\d+[.)]\s*)?(?P<q>.+\?)\s*$"),
]
_ASKING = re.compile(
    r"^(what|why|how|when|where|which|who|whom|whose|can|could|would|should|will|is|are|do|"
    r"does|did|explain|describe|discuss|compare|contrast|walk|define|tell|give|name|list|"
    r"outline|summari[sz]e|in which|in what)\b",
    re.I,
)
_ANSWER_LABEL = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:\*\*\s*)?(?:(?:unique|official|sample|model|short)\s+)?"
    r"(?:answer|a)\s*(?:\*\*\s*)?:\s*(?:\*\*)?\s*",
    re.I,
)
_PAGE_ANSWER = re.compile(r"^(?:official|sample|model)\s+answer\s*:?$", re.I)
_PAGE_META = re.compile(r"^(instruction|context|difficulty|tags?)\s*:", re.I)
_HEADING = re.compile(r"^#{1,6}\s+\S")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_QUOTED = re.compile(r'^["“](.+)["”]$', re.DOTALL)


def _clean_question(text: str) -> str:
    text = strip_markdown(latex_to_text(text)).strip()
    text = re.sub(r"^(?:question\s*\d*\s*[:.)]\s*)", "", text, flags=re.I)
    match = _QUOTED.match(text)
    if match:
        text = match.group(1)
    return re.sub(r"\s+", " ", text).strip(" *")


def _looks_like_question(text: str) -> bool:
    text = _clean_question(text)
    return len(text) >= 8 and (text.endswith("?") or bool(_ASKING.match(text)))


def match_question(line: str) -> tuple[bool, str | None]:
    """(is a question header, question text or None when it follows on the next line)."""
    stripped = line.strip()
    if not stripped or line[:1] in " \t":
        return False, None
    for pattern in _LABELLED:
        m = pattern.match(stripped)
        if m:
            q = m.group("q")
            return True, (_clean_question(q) if q else None)
    for pattern in _UNLABELLED:
        m = pattern.match(stripped)
        if m and _looks_like_question(m.group("q")):
            return True, _clean_question(m.group("q"))
    return False, None


def _clean_answer(lines: list[str]) -> str:
    """Strip the answer label, common indentation, quotes and Markdown emphasis."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    if not lines:
        return ""
    first = _ANSWER_LABEL.sub("", lines[0], count=1)
    if first == lines[0]:
        first = re.sub(r"^\s*[-*•]\s+", "", lines[0], count=1)
    rest = lines[1:]
    indents = [len(ln) - len(ln.lstrip()) for ln in rest if ln.strip()]
    cut = min(indents) if indents else 0
    body = "\n".join([first.strip()] + [ln[cut:] for ln in rest])
    body = normalize_space(drop_source_talk(strip_markdown(latex_to_text(body))))
    body = re.sub(r"^\s*[-*•]\s+", "- ", body, flags=re.MULTILINE)
    match = _QUOTED.match(body)
    if match and '"' not in match.group(1):
        body = match.group(1).strip()
    paragraphs = body.split("\n\n")
    while len(paragraphs) > 1 and re.match(r"^(thank you|thanks for)\b", paragraphs[0], re.I):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs).strip()


def _iter_blocks(lines: list[str]) -> Iterator[tuple[str, int, list[str], int]]:
    """Yield (question, question line, answer lines, first answer line) per Q&A block."""
    question: str | None = None
    q_line = 0
    answer: list[str] = []
    a_line = 0
    pending_header = False
    skipping = False
    page_question: tuple[str, int] | None = None

    def flush() -> Iterator[tuple[str, int, list[str], int]]:
        if question is not None:
            yield question, q_line, answer, a_line

    for idx, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if pending_header:
            if stripped:
                question, q_line, pending_header = _clean_question(stripped), idx, False
            continue
        is_q, text = match_question(line)
        if is_q:
            yield from flush()
            question, answer, a_line, skipping = None, [], 0, False
            if text is None:
                pending_header = True
            else:
                question, q_line = text, idx
            continue
        if question is None and page_question is None and stripped and not skipping:
            if _looks_like_question(stripped) and not is_filler(line):
                page_question = (_clean_question(stripped), idx)
                continue
        if page_question is not None and question is None and _PAGE_ANSWER.match(stripped):
            question, q_line = page_question
            answer, a_line = [], 0
            continue
        at_margin = bool(stripped) and line[:1] not in " \t"
        if (
            _RULE.match(line)
            or (at_margin and is_filler(line))
            or (_HEADING.match(stripped) and at_margin)
        ):
            yield from flush()
            question, answer, a_line = None, [], 0
            skipping = bool(_HEADING.match(stripped)) and "key point" in stripped.lower()
            continue
        if question is None:
            continue
        if _PAGE_META.match(stripped) and not answer:
            continue
        if stripped and not a_line:
            a_line = idx
        answer.append(line)
    yield from flush()


def parse_transcript(text: str, file: str) -> ParseResult:
    """Parse one Markdown-ish document into Q&A pairs; report truncated or empty answers."""
    lines = fix_text(text).splitlines()
    pairs: list[QAPair] = []
    problems: list[ParseProblem] = []
    for question, q_line, answer_lines, a_line in _iter_blocks(lines):
        answer = _clean_answer(list(answer_lines))
        source = Source(file, q_line)
        if not question:
            continue
        if not answer:
            problems.append(
                ParseProblem(source, "unparsed", f"question without an answer: {question!r}")
            )
            continue
        truncated = is_truncated(answer)
        if truncated:
            tail = answer.rsplit("\n", 1)[-1][-60:]
            problems.append(
                ParseProblem(
                    Source(file, a_line or q_line),
                    "truncated",
                    f"answer ends mid-sentence: …{tail!r}",
                )
            )
        pairs.append(QAPair(question, answer, source, truncated=truncated))
    return ParseResult(tuple(pairs), tuple(problems))
