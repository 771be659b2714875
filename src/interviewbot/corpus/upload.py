"""A bank file handed over by a person (the web app's upload): checked, parsed, then saved.

The bytes are parsed in memory first, so a file that gives no pairs is refused with its report
and nothing is written. The saved name is derived from the uploaded one (letters, digits, dashes
only, its suffix kept), always inside the given folder: never a path the uploader chooses.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from interviewbot.corpus.files import NOT_BANK_FILES, SUFFIXES, parse_bytes
from interviewbot.errors import CorpusError
from interviewbot.models import ParseResult

MAX_UPLOAD_BYTES = 5_000_000


@dataclass(frozen=True)
class Upload:
    """Where an accepted upload was saved and what its parse found."""

    path: Path
    result: ParseResult


def safe_name(filename: str) -> str:
    """``"../My Bank (v2).md"`` → ``"my-bank-v2.md"``; a name a bank folder keeps for its side
    files (``README.md``, ``sources.json``: never read as a bank) gets ``-bank``
    (``"readme-bank.md"``); CorpusError for an unsupported type."""
    base = Path(filename.replace("\\", "/")).name
    suffix = Path(base).suffix.lower()
    if suffix not in SUFFIXES:
        raise CorpusError(
            f"{base or 'the file'}: unsupported file type; upload .md, .txt, .jsonl, .json, "
            ".csv or .tsv"
        )
    stem = re.sub(r"[^a-z0-9]+", "-", Path(base).stem.lower()).strip("-")[:60] or "bank"
    if stem + suffix in NOT_BANK_FILES:
        stem += "-bank"
    return stem + suffix


def check_size(name: str, size: int, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """CorpusError when an upload of ``size`` bytes is over the limit."""
    if size > max_bytes:
        raise CorpusError(
            f"{name}: {size:,} bytes is over the {max_bytes:,} upload limit; split the file "
            "and upload the parts"
        )


def save_upload(
    data: bytes, filename: str, folder: Path, max_bytes: int = MAX_UPLOAD_BYTES
) -> Upload:
    """Parse ``data`` as the bank file ``filename``; if it has pairs, save it in ``folder``
    (replacing an earlier upload of the same name). CorpusError names the problem otherwise."""
    name = safe_name(filename)
    check_size(name, len(data), max_bytes)
    result = parse_bytes(data, name, Path(name).suffix)
    if not result.pairs:
        first = next((str(p) for p in result.problems if p.kind != "encoding"), "no pairs")
        raise CorpusError(
            f"{name}: nothing to practise ({first}); upload questions with their answers, e.g. "
            "'## What is X?' headings with the answer below, or a question,answer CSV"
        )
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)
    return Upload(target, result)
