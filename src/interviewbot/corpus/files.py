"""Read a corpus folder: Markdown/text Q&A, JSONL and CSV files, each into Q&A pairs.

A file that cannot be read or parsed is reported with its name (and line) and skipped;
the rest of the corpus still builds.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from interviewbot.corpus.clean import fix_text, is_truncated, normalize_space, strip_markdown
from interviewbot.corpus.markdown import ParseResult, parse_markdown
from interviewbot.corpus.topics import canonical_topic
from interviewbot.errors import CorpusError
from interviewbot.models import ParseProblem, QAPair, Source

MARKDOWN_SUFFIXES = {".txt", ".md", ".markdown"}
SUFFIXES = MARKDOWN_SUFFIXES | {".jsonl", ".csv"}
MAX_FILE_BYTES = 20_000_000


@dataclass(frozen=True)
class CorpusRead:
    """All pairs of a corpus folder, the files read, and every reported problem."""

    files: tuple[str, ...]
    pairs: tuple[QAPair, ...]
    problems: tuple[ParseProblem, ...]
    per_file: tuple[tuple[str, int], ...]


def decode(data: bytes, name: str) -> tuple[str, ParseProblem | None]:
    """Decode bytes as UTF-8, else Windows-1252/Latin-1 with a note (never a crash)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        note = ParseProblem(Source(name, 1), "encoding", f"not UTF-8; read as {encoding}")
        return text, note
    raise CorpusError(f"{name}: cannot decode as text; save it as UTF-8")  # pragma: no cover


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


def parse_file(path: Path, name: str | None = None) -> ParseResult:
    """Parse one corpus file by its suffix. Raises CorpusError naming the file."""
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CorpusError(f"{name}: unsupported file type; use .md, .txt, .jsonl or .csv")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CorpusError(f"{name}: file is {size:,} bytes, over the {MAX_FILE_BYTES:,} limit")
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{name}: cannot read file ({exc.strerror}); check its permissions")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CorpusError(f"{name}: looks like a binary file, not text; remove it from the corpus")
    text, note = decode(data, name)
    if suffix == ".jsonl":
        result = parse_jsonl(text, name)
    elif suffix == ".csv":
        result = parse_csv(text, name)
    else:
        result = parse_markdown(text, name)
    if note is not None:
        result = ParseResult(result.pairs, (note, *result.problems))
    if not result.pairs and not any(p.kind == "error" for p in result.problems):
        result = ParseResult(
            result.pairs,
            (*result.problems, ParseProblem(Source(name, 1), "unparsed", "no Q&A pairs found")),
        )
    return result


def corpus_files(folder: Path) -> list[Path]:
    """The corpus files under ``folder`` (recursively), in a stable order."""
    if not folder.exists():
        raise CorpusError(f"corpus folder {folder} does not exist; pass --corpus DIR")
    if not folder.is_dir():
        raise CorpusError(f"{folder} is not a folder; pass --corpus DIR")
    files = [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".") and p.name.lower() != "readme.md"
    ]
    return files


def read_corpus(folders: Iterable[Path]) -> CorpusRead:
    """Read every corpus file of the given folders. Raises CorpusError if none has a pair."""
    files: list[str] = []
    pairs: list[QAPair] = []
    problems: list[ParseProblem] = []
    per_file: list[tuple[str, int]] = []
    for folder in folders:
        for path in corpus_files(folder):
            name = path.relative_to(folder).as_posix()
            files.append(name)
            try:
                result = parse_file(path, name)
            except CorpusError as exc:
                problems.append(ParseProblem(Source(name, 0), "error", str(exc)))
                per_file.append((name, 0))
                continue
            pairs.extend(result.pairs)
            problems.extend(result.problems)
            per_file.append((name, len(result.pairs)))
    if not pairs:
        where = ", ".join(str(f) for f in folders)
        raise CorpusError(
            f"no Q&A pairs found in {where}; "
            "add .md/.txt/.jsonl/.csv files with questions and answers"
        )
    return CorpusRead(tuple(files), tuple(pairs), tuple(problems), tuple(per_file))
