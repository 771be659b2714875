"""Domain errors (each message names the problem and the fix, in one line) and input checks."""

from __future__ import annotations

import re
import sys


class InterviewbotError(Exception):
    """Base class for every error interviewbot reports to a person."""


class InputError(InterviewbotError):
    """Bad user input: empty text, text too long, a malformed batch line."""


class CorpusError(InterviewbotError):
    """A corpus file or folder that cannot be read or parsed."""


class IndexProblem(InterviewbotError):
    """A missing, stale or corrupt index (not ``IndexError``: that would shadow the builtin)."""


def eprint(msg: str) -> None:
    """Show a one-line message (an error, a warning, progress) to the person at the terminal:
    on stderr, flushed, so stdout stays clean for JSON."""
    print(msg, file=sys.stderr, flush=True)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_input(text: object, what: str, max_chars: int) -> str:
    """Return ``text`` without control characters; InputError if empty or too long."""
    if text is None:
        raise InputError(f"{what} is missing; type some text")
    if not isinstance(text, str):
        raise InputError(f"{what} must be text, not {type(text).__name__}")
    if len(text) > max_chars:
        raise InputError(
            f"{what} is {len(text):,} characters; the limit is {max_chars:,}, so shorten it"
        )
    cleaned = _CONTROL.sub("", text).strip()
    if not cleaned:
        raise InputError(f"{what} is empty; type some text")
    return cleaned
