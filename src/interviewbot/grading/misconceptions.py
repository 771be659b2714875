"""Common misconceptions per question: reviewed ones (``data/misconceptions.json``) or, for a
question the file does not hold, candidates derived from its key points.

In: a question's text (or canonical id), and for derivation its key points. Out:
:class:`Misconception` entries. The reviewed file is keyed by canonical id and repeats each
question's text; the grader is given the question text, so both are looked up (text compared
case- and whitespace-insensitively).

A bank a user brings has no reviewed misconceptions, so :func:`derive_misconceptions` makes
candidates from its core key points, each marked ``derived`` with its ``kind``:

- ``reversal``: a direction or comparison turned round ("reduces" -> "increases", "faster" ->
  "slower"; the antonym pairs of ``data/grading_words.json``);
- ``swap``: two terms the question names trade places in one key point ("Weights determine
  the influence of each input, while biases act as a baseline" -> biases / weights);
- ``negation``: the first (defining) key point denied ("Dropout is not a regularization ...").

The correction told to the learner is the key point itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from interviewbot.grading.text import ANTONYMS, is_content, stem, words


@dataclass(frozen=True)
class Misconception:
    """A wrong belief a learner states about a question, and what is true instead."""

    belief: str
    correction: str
    derived: bool = False  # True for a candidate derived from key points, not reviewed
    kind: str = "reviewed"  # or how it was derived: "reversal", "swap", "negation"
    # What a derived belief changed, lower-cased: (new word, old word) for a reversal, (term
    # now first, term now second, the word the first now goes with) for a swap, ("not", word) for
    # a negation, with the word it denies. An answer states the belief only if it makes the
    # same change (support.states_change).
    change: tuple[str, ...] = ()


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


PER_KIND = 2  # derived candidates of each kind per question (each adds a sentence to match)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*")
# Between two swapped terms there must be a clause or comparison boundary: swapping the two
# names of one enumeration ("sigmoid and tanh") changes nothing.
_BOUNDARY = re.compile(r",|;|\b(while|whereas|but|than|over|instead|unlike|rather)\b", re.I)
_AUX = re.compile(r"\b(is|are|can|does|do|will|should|must|was|were)\b(?!\s+not\b)", re.I)
AUX_WITHIN = 60  # the defining claim's auxiliary must sit this close to its start (chars)


def _cased(like: str, word: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


# Opposites that name two parts or two settings rather than a direction or a comparison:
# "each input" -> "each output" makes nonsense, not a belief anyone holds.
NOT_A_REVERSAL = frozenset({"input", "inputs", "output", "outputs", "on", "off", "up", "down",
                            "open", "closed", "true", "false", "parallel", "series",
                            "conductor", "insulator", "attract", "repel", "hot", "cold",
                            "binary", "multi", "multiclass"})


def _reversal(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The claim with its first content word that has an opposite turned round."""
    for m in _WORD.finditer(text):
        w = m.group(0).lower()
        if w in ANTONYMS and is_content(w) and w not in NOT_A_REVERSAL:
            opposite = sorted(ANTONYMS[w])[0]
            if opposite in words(text):  # "zero for negative and x for positive inputs"
                continue
            return (text[: m.start()] + _cased(m.group(0), opposite) + text[m.end():],
                    (opposite, w))
    return None


def _swap(text: str, q_stems: frozenset[str]) -> tuple[str, tuple[str, ...]] | None:
    """The claim with two question terms traded (each once in the claim, a clause or
    comparison boundary between them)."""
    seen: dict[str, list[re.Match]] = {}
    for m in _WORD.finditer(text):
        w = m.group(0).lower()
        if is_content(w) and stem(w) in q_stems:
            seen.setdefault(stem(w), []).append(m)
    once = sorted((ms[0] for ms in seen.values() if len(ms) == 1), key=lambda m: m.start())
    for i, a in enumerate(once):
        for b in once[i + 1:]:
            if _BOUNDARY.search(text, a.end(), b.start()):
                after = [w for w in words(text[a.end(): b.start()]) if is_content(w)]
                if not after:
                    continue
                belief = (text[: a.start()] + _cased(a.group(0), b.group(0).lower())
                          + text[a.end(): b.start()] + _cased(b.group(0), a.group(0).lower())
                          + text[b.end():])
                return belief, (b.group(0).lower(), a.group(0).lower(), after[0])
    return None


def _negation(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The claim denied at its first auxiliary ("X is Y" -> "X is not Y")."""
    m = _AUX.search(text, 0, AUX_WITHIN)
    if m is None or any(w in ("not", "no", "never") for w in words(text[: m.start()])):
        return None
    denied = next((w for w in words(text[m.end():]) if is_content(w)), None)
    if denied is None:
        return None
    return text[: m.end()] + " not" + text[m.end():], ("not", denied)


def derive_misconceptions(claims: Sequence[str],
                          q_stems: frozenset[str]) -> tuple[Misconception, ...]:
    """Derived candidates (see the module docstring) from a question's core key points, in
    order: at most PER_KIND of each kind, none equal to a key point or to another candidate.
    ``q_stems``: the question's content-word stems (for ``swap``)."""
    made: dict[str, Misconception] = {}
    taken = {" ".join(c.lower().split()) for c in claims}
    kinds = (("reversal", _reversal), ("swap", lambda t: _swap(t, q_stems)))
    for kind, flip in (*kinds, ("negation", _negation)):
        n = 0
        for claim in claims if kind != "negation" else claims[:1]:
            got = flip(claim)
            if got and n < PER_KIND and " ".join(got[0].lower().split()) not in taken:
                taken.add(" ".join(got[0].lower().split()))
                made[got[0]] = Misconception(got[0], claim, True, kind, got[1])
                n += 1
    return tuple(made.values())


def beliefs_for(question: str, claims: Sequence[str], q_stems: frozenset[str],
                reviewed: bool = True) -> tuple[Misconception, ...]:
    """The reviewed misconceptions of the question, else candidates derived from its core key
    points ``claims``. ``reviewed=False`` hides the reviewed file (to measure derivation on
    questions that have reviewed ones)."""
    return (reviewed and misconceptions_for(question)) or derive_misconceptions(claims, q_stems)
