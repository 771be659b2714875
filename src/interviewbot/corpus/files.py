"""Walk a corpus folder, decode each file and send it to the reader for its format.

A file that cannot be read or parsed is reported with its name (and line) and skipped;
the rest of the corpus still builds. The readers themselves live in ``markdown`` (Markdown/text)
and ``tabular`` (JSONL, CSV).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from interviewbot.corpus.markdown import parse_markdown
from interviewbot.corpus.tabular import parse_csv, parse_jsonl
from interviewbot.errors import CorpusError
from interviewbot.models import ParseProblem, ParseResult, QAPair, Source

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
