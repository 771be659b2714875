"""Tabular bank files: JSONL, JSON arrays, CSV/TSV (header or none) and Anki plain-text exports.

Columns are found by name in any common spelling (``Question``/``Prompt``/``Front``,
``Answer``/``Response``/``Back``, ``Topic``/``Deck``/``Tags``, ``Difficulty``); a file without a
header uses its first two columns. A record that cannot be read, or has no answer, is reported
with its line and skipped; the rest of the file is kept.
"""

from __future__ import annotations

import csv
import io
import json
import re

from interviewbot.corpus.clean import (
    fix_text,
    html_to_markdown,
    is_truncated,
    strip_markdown,
    tidy_markdown,
)
from interviewbot.corpus.questions import is_placeholder, split_difficulty
from interviewbot.corpus.topics import canonical_topic
from interviewbot.errors import CorpusError
from interviewbot.models import ParseProblem, ParseResult, QAPair, Source

# Column names, compared lowercase with spaces and punctuation removed; exact names first.
COLUMNS = {
    "question": ("question", "questions", "q", "prompt", "front", "query", "term", "card"),
    "answer": (
        "answer",
        "answers",
        "a",
        "ans",
        "response",
        "reply",
        "back",
        "solution",
        "definition",
        "explanation",
    ),
    "topic": (
        "topic",
        "topics",
        "category",
        "deck",
        "tags",
        "tag",
        "section",
        "subject",
        "chapter",
    ),
    "difficulty": ("difficulty", "level"),
}
DELIMITERS = ",;\t|"
# Unanswered rows are listed one by one up to this many per file, then summed up in one line.
MAX_LISTED = 20


class _Unanswered(ValueError):
    """A record with a question but an empty or placeholder answer."""


def _pair(
    question: object,
    answer: object,
    topic: object,
    source: Source,
    difficulty: object = None,
    html: bool = False,
) -> QAPair:
    if not isinstance(question, str) or not question.strip():
        raise ValueError("missing or empty 'question'")
    if answer is not None and not isinstance(answer, str):
        raise ValueError("'answer' is not text")
    if html:
        question, answer = html_to_markdown(question), html_to_markdown(answer or "")
    q, marker = split_difficulty(" ".join(strip_markdown(fix_text(question)).split()))
    if not answer or is_placeholder(answer):
        raise _Unanswered(f"no answer: {q!r}")
    a = tidy_markdown(fix_text(answer).strip())
    t = canonical_topic(topic) if isinstance(topic, str) and topic.strip() else None
    level = difficulty.strip().lower() if isinstance(difficulty, str) and difficulty else marker
    return QAPair(q, a, source, topic=t, truncated=is_truncated(a), difficulty=level or None)


def _report(exc: ValueError, source: Source, what: str) -> ParseProblem:
    if isinstance(exc, _Unanswered):
        return ParseProblem(source, "unanswered", str(exc))
    return ParseProblem(source, "error", f"skipped {what}: {exc}")


def _summarize(problems: list[ParseProblem]) -> list[ParseProblem]:
    """Keep at most MAX_LISTED unanswered-row lines per file; one line sums up the rest."""
    unanswered = [p for p in problems if p.kind == "unanswered"]
    if len(unanswered) <= MAX_LISTED:
        return problems
    rest = unanswered[MAX_LISTED:]
    note = ParseProblem(
        rest[0].source, "unanswered", f"{len(rest)} more rows without an answer (not listed)"
    )
    return [p for p in problems if p not in rest] + [note]


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def find_columns(header: list[str]) -> dict[str, int]:
    """Column index per role for a header row, by exact name, then by name containing it."""
    # A header cell is a short label, not a sentence: data rows never pass for a header.
    keys = [_key(h) if len(h.split()) <= 4 and not h.strip().endswith("?") else "" for h in header]
    found: dict[str, int] = {}
    for role, names in COLUMNS.items():
        for i, k in enumerate(keys):
            if k and k in names and i not in found.values():
                found[role] = i
                break
    for role in ("question", "answer"):
        if role not in found:
            for i, k in enumerate(keys):
                if (
                    k
                    and i not in found.values()
                    and any(n in k for n in COLUMNS[role] if len(n) > 3)
                ):
                    found[role] = i
                    break
    return found


def _records(objs: list[dict], name: str, lines: list[int]) -> ParseResult:
    pairs: list[QAPair] = []
    problems: list[ParseProblem] = []
    for obj, line in zip(objs, lines):
        source = Source(name, line)
        try:
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            cols = find_columns(list(obj))
            names = list(obj)
            get = {role: obj[names[i]] for role, i in cols.items()}
            pairs.append(
                _pair(
                    get.get("question"),
                    get.get("answer"),
                    get.get("topic"),
                    source,
                    get.get("difficulty"),
                )
            )
        except (ValueError, TypeError) as exc:
            problems.append(_report(exc, source, "line"))
    return ParseResult(tuple(pairs), tuple(_summarize(problems)))


def parse_jsonl(text: str, name: str) -> ParseResult:
    """One ``{"question", "answer", "topic"?}`` object per line; bad lines are reported."""
    if text.lstrip().startswith("["):
        try:
            return parse_json(text, name)
        except CorpusError:
            pass  # not one JSON array after all: read it line by line, reporting bad lines
    objs: list[dict] = []
    lines: list[int] = []
    problems: list[ParseProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            objs.append(json.loads(line))
            lines.append(number)
        except ValueError as exc:
            problems.append(ParseProblem(Source(name, number), "error", f"skipped line: {exc}"))
    result = _records(objs, name, lines)
    return ParseResult(
        result.pairs, tuple(sorted((*problems, *result.problems), key=lambda p: p.source.line))
    )


def parse_json(text: str, name: str) -> ParseResult:
    """A JSON array of question/answer objects (or an object holding one such array)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CorpusError(f"{name}: not valid JSON ({exc}); save it as a JSON array") from None
    if isinstance(data, dict):
        arrays = [v for v in data.values() if isinstance(v, list)]
        data = arrays[0] if len(arrays) == 1 else None
    if not isinstance(data, list):
        raise CorpusError(f'{name}: expected a JSON array of {{"question", "answer"}} objects')
    lines: list[int] = []
    offset = 0
    for obj in data:
        q = obj.get("question") if isinstance(obj, dict) else None
        at = text.find(json.dumps(q)[1:-1], offset) if isinstance(q, str) else -1
        offset = at if at >= 0 else offset
        lines.append(text.count("\n", 0, offset) + 1)
    return _records(data, name, lines)


def _sniff(text: str, default: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else default


def parse_csv(
    text: str,
    name: str,
    delimiter: str | None = None,
    html: bool = False,
    roles: dict[str, int] | None = None,
) -> ParseResult:
    """CSV/TSV: delimiter detected, header found by column names or absent (first two columns
    are question and answer)."""
    delimiter = delimiter or _sniff(text, "\t" if name.lower().endswith(".tsv") else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]
    if not rows:
        return ParseResult((), ())
    if max(len(r) for _, r in rows) < 2:
        raise CorpusError(
            f"{name}: one column per row; separate question and answer with a comma, "
            "semicolon or tab"
        )
    problems: list[ParseProblem] = []
    if roles is None:
        roles = find_columns(rows[0][1])
        if "question" in roles or "answer" in roles:
            missing = [c for c in ("question", "answer") if c not in roles]
            if missing:
                raise CorpusError(
                    f"{name}: missing CSV column(s) {', '.join(missing)}; "
                    "the header needs 'question' and 'answer' columns"
                )
            rows = rows[1:]
        else:
            roles = {"question": 0, "answer": 1}
    pairs: list[QAPair] = []
    for line, row in rows:
        source = Source(name, line)

        def cell(role: str, row: list[str] = row) -> str | None:
            i = roles.get(role)
            return row[i] if i is not None and i < len(row) else None

        try:
            pairs.append(
                _pair(
                    cell("question"),
                    cell("answer") or "",
                    cell("topic"),
                    source,
                    cell("difficulty"),
                    html,
                )
            )
        except ValueError as exc:
            problems.append(_report(exc, source, "row"))
    if rows and not pairs and all(p.kind == "unanswered" for p in problems):
        problems = [
            ParseProblem(
                Source(name, rows[0][0]),
                "error",
                f"the answer column is empty in all {len(rows)} rows; "
                "fill it in or check the column order",
            )
        ]
    return ParseResult(tuple(pairs), tuple(_summarize(problems)))


_ANKI_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}


def is_anki(text: str) -> bool:
    """True for Anki's "Notes in Plain Text" export (``#separator:`` / ``#html:`` header)."""
    return text.lstrip().startswith(("#separator:", "#html:", "#notetype", "#deck", "#tags"))


def parse_anki(text: str, name: str) -> ParseResult:
    """Anki "Notes in Plain Text": ``#key:value`` header lines, then separated Front/Back fields
    (HTML cleaned to Markdown); the deck or tags column is the topic."""
    header: dict[str, str] = {}
    body: list[str] = []
    for line in text.splitlines():
        if not body and line.startswith("#") and ":" in line:
            key, value = line[1:].split(":", 1)
            header[key.strip().lower()] = value.strip()
        else:
            body.append(line)
    sep = header.get("separator", "tab")
    delimiter = _ANKI_SEPARATORS.get(sep.lower(), sep[:1] or "\t")
    meta = {
        role: int(header[f"{role} column"]) - 1
        for role in ("guid", "notetype", "deck", "tags")
        if header.get(f"{role} column", "").isdigit()
    }
    fields = [i for i in range(64) if i not in meta.values()]
    roles = {"question": fields[0], "answer": fields[1]}
    topic = meta.get("deck", meta.get("tags"))
    if topic is not None:
        roles["topic"] = topic
    skipped = len(text.splitlines()) - len(body)
    result = parse_csv(
        "\n" * skipped + "\n".join(body),
        name,
        delimiter,
        header.get("html", "false").lower() == "true",
        roles,
    )
    return result
