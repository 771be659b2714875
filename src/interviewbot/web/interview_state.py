"""The state of one running mock interview, and its transitions as pure functions.

An :class:`Interview` is frozen: every transition returns a new one and never touches the bank,
the grader or the database. The events in :mod:`interviewbot.web.interview` do that work
(grade, save) and then call a transition with what they got back.

Phases: ``setup`` (nothing running, maybe a notice) → ``question`` → ``feedback`` → ``question``
… → ``done``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Phase = Literal["setup", "question", "feedback", "done"]
SKIP_VERDICTS = ("skipped", "answer shown")  # saved as failed attempts, never overridden


@dataclass(frozen=True)
class Answered:
    """One question of the interview once answered, skipped or revealed."""

    id: str
    question: str
    score: int
    passed: bool
    verdict: str
    attempt_id: int | None = None  # the saved attempt, None when nothing was saved
    override: str | None = None  # the person's "right" / "wrong", if any


@dataclass(frozen=True)
class Interview:
    """Questions (bank ids), where we are, what was answered, and what to show next."""

    phase: Phase = "setup"
    ids: tuple[str, ...] = ()
    index: int = 0
    results: tuple[Answered, ...] = ()
    feedback: str = ""  # Markdown of the last grade or model answer
    notice: str = ""  # one line of plain text: what went wrong, if anything
    profile: str | None = None  # whose history the answers go to; fixed for the interview
    mode: str = ""

    @property
    def current_id(self) -> str:
        """The bank id of the question being asked (or just answered)."""
        return self.ids[self.index]

    @property
    def running(self) -> bool:
        return self.phase in {"question", "feedback"}

    @property
    def last(self) -> bool:
        """True on the interview's last question."""
        return self.index + 1 >= len(self.ids)


def setup(notice: str = "") -> Interview:
    """Nothing running; ``notice`` says why, if a start was refused."""
    return Interview(notice=notice)


def started(ids: tuple[str, ...] | list[str], profile: str | None, mode: str) -> Interview:
    """The first question of a new interview over ``ids``."""
    return Interview(phase="question", ids=tuple(ids), profile=profile, mode=mode)


def with_notice(state: Interview, notice: str) -> Interview:
    """The same state with a one-line notice (e.g. "Type an answer first")."""
    return replace(state, notice=notice)


def answered(state: Interview, row: Answered, feedback: str, notice: str = "") -> Interview:
    """The current question graded: its row added, its feedback shown."""
    return replace(
        state, phase="feedback", results=(*state.results, row), feedback=feedback, notice=notice
    )


def skipped(
    state: Interview, row: Answered, *, reveal: bool, feedback: str = "", notice: str = ""
) -> Interview:
    """The current question skipped: with ``reveal`` its ``feedback`` (model answer) is shown,
    otherwise the interview moves straight on to the next question (or the summary)."""
    new = replace(state, phase="feedback", results=(*state.results, row), feedback=feedback)
    if reveal:
        return replace(new, notice=notice)
    return replace(advanced(new), notice=notice)


def advanced(state: Interview) -> Interview:
    """After feedback: the next question, or ``done`` after the last one."""
    if state.phase != "feedback":
        return state
    if state.last:
        return replace(state, phase="done", feedback="", notice="")
    return replace(state, phase="question", index=state.index + 1, feedback="", notice="")


def can_override(state: Interview) -> bool:
    """True when the answer just graded was saved and is a real grade (not a skip)."""
    if state.phase != "feedback" or not state.results:
        return False
    row = state.results[-1]
    return row.attempt_id is not None and row.verdict not in SKIP_VERDICTS


def marked(state: Interview, override: str) -> Interview:
    """The last answer marked "right" or "wrong" by the person (already saved)."""
    row = replace(state.results[-1], override=override)
    return replace(state, results=(*state.results[:-1], row), notice="")


def ended(state: Interview) -> Interview:
    """The person ends the interview early: the summary of what was answered, or setup."""
    if not state.running:
        return state
    if not state.results:
        return setup()
    return replace(state, phase="done", feedback="", notice="")


def to_dict(state: Interview) -> dict:
    """A JSON-safe copy of ``state`` (for the browser's storage)."""
    return {
        "phase": state.phase,
        "ids": list(state.ids),
        "index": state.index,
        "results": [vars(r) for r in state.results],
        "feedback": state.feedback,
        "profile": state.profile,
        "mode": state.mode,
    }


def from_dict(data: object, known: set[str] | frozenset[str]) -> Interview:
    """The state :func:`to_dict` wrote, checked against the bank's ``known`` ids; a fresh
    ``setup`` when it is missing, malformed or names a question the bank no longer has."""
    if not isinstance(data, dict):
        return setup()
    try:
        ids = tuple(str(i) for i in data["ids"])
        results = tuple(Answered(**r) for r in data.get("results", ()))
        state = Interview(
            phase=data["phase"],
            ids=ids,
            index=int(data["index"]),
            results=results,
            feedback=str(data.get("feedback", "")),
            profile=data.get("profile"),
            mode=str(data.get("mode", "")),
        )
    except (KeyError, TypeError, ValueError):
        return setup()
    fits = state.phase in {"question", "feedback", "done"} and 0 <= state.index < len(ids)
    if not fits or not set(ids) <= set(known) or len(results) > len(ids):
        return setup()
    return state
