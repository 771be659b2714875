"""Walk a corpus folder, decode each file and send it to the reader for its format.

A file that cannot be read or parsed is reported with its name (and line) and skipped;
the rest of the corpus still builds. The readers themselves live in ``markdown`` (Markdown/text)
and ``tabular`` (JSONL, CSV).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from interviewbot.config import seed_corpus_dir
from interviewbot.corpus.markdown import parse_markdown
from interviewbot.corpus.tabular import is_anki, parse_anki, parse_csv, parse_json, parse_jsonl
from interviewbot.corpus.transcript import parse_transcript
from interviewbot.errors import CorpusError
from interviewbot.models import ParseProblem, ParseResult, QAPair, Source

MARKDOWN_SUFFIXES = {".txt", ".md", ".markdown"}
SUFFIXES = MARKDOWN_SUFFIXES | {".jsonl", ".json", ".csv", ".tsv"}
MAX_FILE_BYTES = 20_000_000


@dataclass(frozen=True)
class CorpusRead:
    """All pairs of a corpus folder, the files read, and every reported problem."""

    files: tuple[str, ...]
    pairs: tuple[QAPair, ...]
    problems: tuple[ParseProblem, ...]
    per_file: tuple[tuple[str, int], ...]
    banks: tuple[str, ...] = ()  # bank names, one per folder read
    pair_banks: tuple[str, ...] = ()  # the bank of each pair


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
    if suffix == ".apkg":
        raise CorpusError(
            f"{name}: Anki .apkg decks are not read; in Anki use File > Export > "
            "'Notes in Plain Text (.txt)' and add that file"
        )
    if suffix not in SUFFIXES:
        raise CorpusError(
            f"{name}: unsupported file type; use .md, .txt, .jsonl, .json, .csv or .tsv"
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CorpusError(f"{name}: file is {size:,} bytes, over the {MAX_FILE_BYTES:,} limit")
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{name}: cannot read file ({exc.strerror}); check its permissions")
    return parse_bytes(data, name, suffix)


def parse_bytes(data: bytes, name: str, suffix: str) -> ParseResult:
    """Parse a bank file's bytes by its suffix: binary data refused, the text decoded (with a
    note when it is not UTF-8), "no Q&A pairs found" reported when nothing was."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CorpusError(
            f"{name}: looks like a binary file, not text; use a text export (.md, .txt, .csv, "
            ".tsv, .json, .jsonl) or remove it from the corpus"
        )
    text, note = decode(data, name)
    result = read_text(text, name, suffix)
    if note is not None:
        result = ParseResult(result.pairs, (note, *result.problems))
    if not result.pairs and not any(p.kind == "error" for p in result.problems):
        result = ParseResult(
            result.pairs,
            (*result.problems, ParseProblem(Source(name, 1), "unparsed", "no Q&A pairs found")),
        )
    return result


def read_text(text: str, name: str, suffix: str) -> ParseResult:
    """Send decoded text to its format's reader: ``.md`` to the Markdown parser, ``.txt`` to
    the Anki reader when it has Anki's header and else to the chat-transcript reader (the
    bundled seed documents), ``.jsonl``/``.json`` and ``.csv``/``.tsv`` to the tabular ones."""
    if suffix in (".md", ".markdown"):
        return parse_markdown(text, name)
    if suffix == ".txt":
        return parse_anki(text, name) if is_anki(text) else parse_transcript(text, name)
    if suffix == ".jsonl":
        return parse_jsonl(text, name)
    if suffix == ".json":
        return parse_json(text, name)
    return parse_csv(text, name)


def corpus_files(folder: Path) -> list[Path]:
    """The corpus files under ``folder`` (recursively), in a stable order."""
    if not folder.exists():
        raise CorpusError(f"corpus folder {folder} does not exist; pass --corpus DIR")
    if not folder.is_dir():
        raise CorpusError(f"{folder} is not a folder; pass --corpus DIR")
    files = [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".") and p.name.lower() not in NOT_BANK_FILES
    ]
    return files


def bank_names(folders: Sequence[Path]) -> list[str]:
    """One name per bank folder: ``seed`` for the bundled seeds, else the folder's name
    (``-2``, ``-3`` … when two folders share a name)."""
    seed = seed_corpus_dir().resolve()
    names: list[str] = []
    for folder in folders:
        base = "seed" if folder.resolve() == seed else (folder.resolve().name or "bank")
        name, n = base, 1
        while name in names:
            n += 1
            name = f"{base}-{n}"
        names.append(name)
    return names


TITLES_FILE = "sources.json"  # file name -> title (see source_titles)
STANDALONE_FILE = "standalone.json"  # curated standalone phrasings (bank.grouping)
DESCRIPTIONS_FILE = "descriptions.json"  # descriptive phrasings to index (index.build)
# What a bank folder may hold beside its bank files; never read as a bank file.
NOT_BANK_FILES = frozenset({"readme.md", TITLES_FILE, STANDALONE_FILE, DESCRIPTIONS_FILE})
TITLE_LINES = 200  # a Markdown file's title is a heading within its first this many lines
TITLE_CHARS = 120  # a title is cut to this length
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$")  # "# Title" / "## Title ##"


def side_file(folder: Path, name: str) -> Path | None:
    """The side file ``name`` inside the bank folder, else beside it (the seeds keep theirs
    in ``corpus/``, beside ``corpus/raw``), if there is one."""
    for candidate in (folder / name, folder.parent / name):
        if candidate.is_file():
            return candidate
    return None


def source_titles(folder: Path) -> dict[str, str]:
    """File name -> title from ``sources.json`` in the bank folder or beside it (the seeds'
    file names are hashes); {} when there is none. A malformed file is a CorpusError."""
    path = side_file(folder, TITLES_FILE)
    if path is None:
        return {}
    data = json_object(path, '{"file name": "title"}')
    return {k: str(v) for k, v in data.items() if not k.startswith("_")}


def json_object(path: Path, shape: str) -> dict:
    """The JSON object in the side file ``path`` (titles, standalone phrasings,
    descriptions); CorpusError naming the file, what is wrong and the ``shape`` it takes."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{path} is not valid JSON ({exc}); fix or remove it") from None
    if not isinstance(data, dict):
        raise CorpusError(
            f"{path} holds a JSON {type(data).__name__}, not an object like {shape}; fix or "
            "remove it"
        )
    return data


def file_title(path: Path, titles: dict[str, str]) -> str:
    """A title a person recognises: the mapping's, else the file's first top-level Markdown
    heading (in its first :data:`TITLE_LINES` lines), else its name without the suffix."""
    if path.name in titles:
        return titles[path.name]
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        try:
            with path.open(encoding="utf-8", errors="replace") as f:
                for _, line in zip(range(TITLE_LINES), f):
                    m = _ATX_HEADING.match(line)
                    if m and not m.group(1).startswith(("[", "!")):
                        return m.group(1).strip("*_ ")[:TITLE_CHARS]
        except OSError:
            pass
    return path.stem.replace("_", " ").replace("-", " ").strip() or path.name


def read_corpus(folders: Sequence[Path]) -> CorpusRead:
    """Read every corpus file of the given bank folders. Raises CorpusError if none has a pair.

    With more than one folder, file names are prefixed with their bank (``bank/file.md``)."""
    files: list[str] = []
    pairs: list[QAPair] = []
    banks: list[str] = []
    problems: list[ParseProblem] = []
    per_file: list[tuple[str, int]] = []
    names = bank_names(folders)
    for folder, bank in zip(folders, names):
        titles = source_titles(folder)
        for path in corpus_files(folder):
            name = path.relative_to(folder).as_posix()
            if len(names) > 1:
                name = f"{bank}/{name}"
            files.append(name)
            try:
                result = parse_file(path, name)
            except CorpusError as exc:
                problems.append(ParseProblem(Source(name, 0), "error", str(exc)))
                per_file.append((name, 0))
                continue
            title = file_title(path, titles)
            pairs.extend(replace(p, source=replace(p.source, title=title)) for p in result.pairs)
            banks.extend([bank] * len(result.pairs))
            problems.extend(result.problems)
            per_file.append((name, len(result.pairs)))
    if not pairs:
        where = ", ".join(str(f) for f in folders)
        raise CorpusError(
            f"no Q&A pairs found in {where}; "
            "add .md/.txt/.jsonl/.json/.csv/.tsv files with questions and answers"
        )
    return CorpusRead(
        tuple(files), tuple(pairs), tuple(problems), tuple(per_file), tuple(names), tuple(banks)
    )
