"""The hand-made word lists that steer grading, read from ``data/grading_words.json``.

In: nothing (the packaged JSON). Out: :func:`word_set` (a list by name, as a frozenset) and
:func:`antonym_pairs`. Each list's ``_about`` in the JSON says what it does; the tests hold a
table of cases per list.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _lists() -> dict:
    text = resources.files("interviewbot").joinpath("data/grading_words.json").read_text("utf-8")
    return json.loads(text)


def word_set(name: str) -> frozenset[str]:
    """The word list ``name`` of ``data/grading_words.json`` (KeyError if there is none)."""
    return frozenset(_lists()[name]["words"])


def word_list(name: str) -> tuple[str, ...]:
    """The word list ``name`` in its stored order (for lists whose order matters)."""
    return tuple(_lists()[name]["words"])


def antonym_pairs() -> tuple[tuple[str, str], ...]:
    """The (word, opposite) pairs, in stored order."""
    return tuple((a, b) for a, b in _lists()["antonym_pairs"]["pairs"])
