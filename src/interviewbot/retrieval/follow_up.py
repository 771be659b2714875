"""The follow-up policy: when a message is also read together with the previous question,
and which reading wins. Pure functions.

A message of at most ``follow_up_words`` words after a previous question is read three
ways: alone, joined to the previous question, and the previous question alone (to know
which hit was already shown). What makes a message lean on the previous one ("and leaky
relu?", "its drawbacks") is data: ``follow_up`` in ``data/query_terms.json``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from interviewbot.retrieval.decision import Decision, Signals, decide, fuse
from interviewbot.retrieval.normalize import QueryTerms, query_terms, words
from interviewbot.retrieval.params import DEFAULT_PARAMS, RetrievalParams


def leans_on_previous(text: str, terms: QueryTerms | None = None) -> bool:
    """True when a message reads as a follow-up: it opens with "and"/"what about"/"so"… or
    points back with "it", "that", "this one"…"""
    terms = terms or query_terms()
    toks = words(text)
    joined = " ".join(toks)
    for opening in terms.follow_up_openings:
        if " " in opening:
            if joined.startswith(opening + " ") or joined == opening:
                return True
        elif toks[:1] == [opening] or (
            len(toks) > 1 and toks[0] in terms.follow_up_fillers and toks[1] == opening
        ):
            return True
    return any(word in toks for word in terms.follow_up_words)


def readings(
    text: str, previous: str | None, max_words: int, max_chars: int | None = None
) -> list[str]:
    """The texts a message is read as: itself, plus (when it follows a previous question
    and has at most ``max_words`` words) previous + itself and the previous question (its
    first ``max_chars`` characters)."""
    out = [text]
    if previous and previous.strip() and len(text.split()) <= max_words:
        prev = previous.strip()[:max_chars]
        out += [f"{prev} {text}", prev]
    return out


def decide_follow_up(
    alone: Signals,
    joint: Signals,
    previous: Signals,
    k: int,
    params: RetrievalParams = DEFAULT_PARAMS,
    duplicates: np.ndarray | None = None,
    leans: bool = False,
) -> Decision:
    """A short message read alone, or together with the previous question (minus the
    previous question's own best match, already shown); the more confident reading wins.

    When the message ``leans`` on the previous one ("and leaky relu?", "what are its
    downsides?") the joint reading wins unless it abstains and the lone reading does not.
    """
    shown = int(np.argmax(fuse(previous, params)))
    first = decide(alone, k, params, duplicates)
    second = decide(joint, k, params, duplicates, exclude=shown)
    if leans and (not second.abstain or first.abstain):
        return second
    return max(first, second, key=lambda d: d.confidence)


def decide_readings(
    text: str,
    signals: Sequence[Signals],
    k: int,
    params: RetrievalParams = DEFAULT_PARAMS,
    duplicates: np.ndarray | None = None,
) -> Decision:
    """The decision for a message from the signals of its :func:`readings` (one reading:
    the message alone; three: alone, joint, previous)."""
    if len(signals) == 1:
        return decide(signals[0], k, params, duplicates)
    alone, joint, previous = signals
    return decide_follow_up(
        alone, joint, previous, k, params, duplicates, leans=leans_on_previous(text)
    )
