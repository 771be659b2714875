"""Domain errors: each message names the problem and the fix, in one line."""

from __future__ import annotations


class InterviewbotError(Exception):
    """Base class for every error interviewbot reports to a person."""


class InputError(InterviewbotError):
    """Bad user input: empty text, text too long, a malformed batch line."""


class CorpusError(InterviewbotError):
    """A corpus file or folder that cannot be read or parsed."""


class IndexProblem(InterviewbotError):
    """A missing, stale or corrupt index (not ``IndexError``: that would shadow the builtin)."""
