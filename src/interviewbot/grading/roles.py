"""Swapped roles: the answer pairs two terms of a reference the other way round.

"The encoder compresses the input and the decoder reconstructs it" against "the decoder
compresses and the encoder reconstructs"; "MSE for regression, cross-entropy for
classification" against "cross-entropy for regression, MSE for classification". Every word is
shared and the sentence vectors nearly agree, so similarity alone cannot see it; the pairing
of words within clauses can. Two terms are paired when they share a clause. A swap needs four
terms the answer and the reference both use (same stem): the reference pairs a with c and b
with d, the answer pairs a with d and b with c, and neither text pairs a with b or the
other way. The answer's two clauses must be one sentence's parallel halves ("X does A, while
Y does B"; the second opens with a coordinating word), and each of its four terms must occur in
one clause only. Requiring the full cross (not one moved term) and the parallel halves keeps
false alarms rare: on SemEval train it fires on no more than 1 of 3,673 correct answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations

from interviewbot.grading.encoding import Encoded
from interviewbot.grading.negation import is_cue

COORDINATORS = frozenset("while whereas but and or".split())


@dataclass(frozen=True)
class Clause:
    terms: frozenset[str]  # content-word stems, negation cues left out
    sentence: int
    coordinated: bool  # opens with "while", "whereas", "but", "and", "or" (after any comma)


def clauses(enc: Encoded) -> tuple[Clause, ...]:
    """The text's clauses as :class:`Clause` terms."""
    out = []
    for a, b in enc.clauses:
        terms = frozenset(enc.stems[i] for i in range(a, b)
                          if enc.content[i] and not is_cue(enc, i))
        if not terms:
            continue
        sentence = next((k for k, (s, e) in enumerate(enc.sentences) if s <= a < e), -1)
        first = next((w for w in enc.words[a:b] if w != ","), "")
        out.append(Clause(terms, sentence, first in COORDINATORS))
    return tuple(out)


def clause_terms(enc: Encoded) -> tuple[frozenset[str], ...]:
    """Content-word stems of each clause (negation cues left out)."""
    return tuple(c.terms for c in clauses(enc))


def _paired(terms: Sequence[frozenset[str]], a: str, b: str) -> bool:
    return any(a in t and b in t for t in terms)


def _parallel(answer: Sequence[Clause], x: frozenset[str], y: frozenset[str]) -> bool:
    """The clauses stating x and y are one sentence's parallel halves."""
    i = next(k for k, c in enumerate(answer) if x <= c.terms)
    j = next(k for k, c in enumerate(answer) if y <= c.terms)
    return (i != j and answer[i].sentence == answer[j].sentence
            and answer[max(i, j)].coordinated)


def swapped_roles(
    answer: Sequence[Clause],
    reference: Sequence[frozenset[str]],
    question: frozenset[str] = frozenset(),
) -> tuple[str, str, str, str] | None:
    """(a, b, c, d) where the reference pairs a-c and b-d and the answer a-d and b-c; None
    when there is no such cross. ``answer`` comes from :func:`clauses`, ``reference`` from
    :func:`clause_terms`. Of several crosses, the one with the fewest question words (the terms
    that trade places say what was swapped; the question's own words rarely do)."""
    ans_terms = [c.terms for c in answer]
    once = {t for t in frozenset().union(*ans_terms) if sum(t in c for c in ans_terms) == 1}
    shared = sorted(once & frozenset().union(*reference))
    if len(shared) < 4:
        return None

    def ref(x: str, y: str) -> bool:
        return _paired(reference, x, y)

    def ans(x: str, y: str) -> bool:
        return _paired(ans_terms, x, y)

    best: tuple[int, tuple[str, str, str, str]] | None = None
    for a, b in permutations(shared, 2):
        if ref(a, b) or ans(a, b):
            continue
        for c in shared:
            if c in (a, b) or not (ref(a, c) and ans(b, c)) or ref(b, c) or ans(a, c):
                continue
            for d in shared:
                if d in (a, b, c) or ref(c, d) or ans(c, d):
                    continue
                if (ref(b, d) and ans(a, d) and not ref(a, d) and not ans(b, d)
                        and _parallel(answer, frozenset((b, c)), frozenset((a, d)))):
                    cost = sum(x in question for x in (a, b, c, d))
                    if best is None or cost < best[0]:
                        best = (cost, (a, b, c, d))
    return best[1] if best else None
