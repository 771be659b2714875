"""Common misconceptions per bank question, with their corrections (``data/misconceptions.json``).

In: a question's text (or canonical id). Out: the reviewed :class:`Misconception` entries of
that bundled-bank question, or ``()`` for a question the file does not hold. The file is
keyed by canonical id and repeats each question's text; the grader is given the question
text, so both are looked up (text compared case- and whitespace-insensitively).

A bank a user brings has no reviewed misconceptions. Deriving candidates from its key points
(negating or swapping a key point's words) is not done yet: such a "belief" is the key point
with one word flipped, which the negation and antonym checks (:mod:`negation`) already test,
so it would add no signal (the issue's pair-model experiment found the same of word-swap flips).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Misconception:
    """A wrong belief a learner states about a question, and what is true instead."""

    belief: str
    correction: str
    derived: bool = False  # True for a candidate derived from key points, not reviewed


def _key(text: str) -> str:
    return " ".join(text.lower().split())


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[Misconception, ...]]:
    text = resources.files("interviewbot").joinpath("data/misconceptions.json").read_text("utf-8")
    out: dict[str, tuple[Misconception, ...]] = {}
    for qid, entry in json.loads(text)["questions"].items():
        items = tuple(Misconception(m["belief"], m["correction"]) for m in entry["misconceptions"])
        out[qid] = items
        out[_key(entry["question"])] = items
    return out


def misconceptions_for(question: str) -> tuple[Misconception, ...]:
    """The reviewed misconceptions of this question (its text or canonical id), else ()."""
    index = _index()
    return index.get(question) or index.get(_key(question), ())
