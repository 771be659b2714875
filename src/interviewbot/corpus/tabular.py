"""Tabular bank files (JSONL, CSV): one question/answer (and optional topic) per record.

A record that cannot be read is reported with its line and skipped; the rest of the file is kept.
"""

from __future__ import annotations

import csv
import io
import json

from interviewbot.corpus.clean import fix_text, is_truncated, normalize_space, strip_markdown
from interviewbot.corpus.topics import canonical_topic
from interviewbot.errors import CorpusError
from interviewbot.models import ParseProblem, ParseResult, QAPair, Source


def _pair(question: object, answer: object, topic: object, source: Source) -> QAPair:
    if not isinstance(question, str) or not question.strip():
        raise ValueError("missing or empty 'question'")
    if not isinstance(answer, str) or not answer.strip():
        raise ValueError("missing or empty 'answer'")
    q = " ".join(strip_markdown(fix_text(question)).split())
    a = normalize_space(strip_markdown(fix_text(answer)))
    t = canonical_topic(topic) if isinstance(topic, str) and topic.strip() else None
    return QAPair(q, a, source, topic=t, truncated=is_truncated(a))


def parse_jsonl(text: str, name: str) -> ParseResult:
    """One ``{"question", "answer", "topic"?}`` object per line; bad lines are reported."""
    pairs: list[QAPair] = []
    problems: list[ParseProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = Source(name, number)
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            pairs.append(_pair(obj.get("question"), obj.get("answer"), obj.get("topic"), source))
        except (ValueError, TypeError) as exc:
            problems.append(ParseProblem(source, "error", f"skipped line: {exc}"))
    return ParseResult(tuple(pairs), tuple(problems))


def parse_csv(text: str, name: str) -> ParseResult:
    """CSV with ``question`` and ``answer`` columns (and optionally ``topic``)."""
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower(): f for f in (reader.fieldnames or []) if f}
    missing = [c for c in ("question", "answer") if c not in fields]
    if missing:
        raise CorpusError(
            f"{name}: missing CSV column(s) {', '.join(missing)}; "
            "the header needs 'question' and 'answer'"
        )
    pairs: list[QAPair] = []
    problems: list[ParseProblem] = []
    for row in reader:
        source = Source(name, reader.line_num)
        try:
            pairs.append(
                _pair(
                    row.get(fields["question"]),
                    row.get(fields["answer"]),
                    row.get(fields["topic"]) if "topic" in fields else None,
                    source,
                )
            )
        except ValueError as exc:
            problems.append(ParseProblem(source, "error", f"skipped row: {exc}"))
    return ParseResult(tuple(pairs), tuple(problems))
