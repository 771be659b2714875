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
from interviewbot.grading.lexicon import word_set
from interviewbot.grading.negation import is_cue

COORDINATORS = word_set("coordinators")


@dataclass(frozen=True)
class Clause:
    terms: frozenset[str]  # content-word stems, negation cues left out
    sentence: int  # where the clause's sentence starts (word index): same value, same sentence
    coordinated: bool  # opens with "while", "whereas", "but", "and", "or" (after any comma)


def clauses(enc: Encoded) -> tuple[Clause, ...]:
    """The text's clauses as :class:`Clause` terms."""
    out = []
    for a, b in enc.clauses:
        terms = frozenset(enc.stems[i] for i in range(a, b)
                          if enc.content[i] and not is_cue(enc, i))
        if not terms:
            continue
        first = next((w for w in enc.words[a:b] if w != ","), "")
        coordinated = first in COORDINATORS and not _ends_list(enc.words, a)
        out.append(Clause(terms, enc.sentence_span(a)[0], coordinated))
    return tuple(out)


def _ends_list(words: Sequence[str], at: int) -> bool:
    """The coordinator at ``at`` closes an enumeration ("latency, throughput and accuracy"):
    one or two words since a comma, so "and accuracy ..." is a list item, not a clause."""
    return words[at - 1] != "," and any(words[at - k] == "," for k in (2, 3) if at >= k)


def clause_terms(enc: Encoded) -> tuple[frozenset[str], ...]:
    """Content-word stems of each clause (negation cues left out)."""
    return tuple(c.terms for c in clauses(enc))


def swapped_roles(
    answer: Sequence[Clause],
    reference: Sequence[frozenset[str]],
    question: frozenset[str] = frozenset(),
) -> tuple[str, str, str, str] | None:
    """(a, b, c, d) where the reference pairs a-c and b-d and the answer a-d and b-c; None
    when there is no such cross. ``answer`` comes from :func:`clauses`, ``reference`` from
    :func:`clause_terms`. Of several crosses, the one with the fewest question words (the terms
    that trade places say what was swapped; the question's own words rarely do).

    Only pairs of answer clauses that are one sentence's parallel halves are tried, each
    with the terms that occur in no other answer clause, so the cost is a few hundred set
    lookups even for long answers."""
    counts: dict[str, int] = {}
    for c in answer:
        for t in c.terms:
            counts[t] = counts.get(t, 0) + 1
    in_ref = frozenset().union(*reference) if reference else frozenset()
    shared = {t for t, n in counts.items() if n == 1 and t in in_ref}
    if len(shared) < 4:
        return None
    ref_pairs = {frozenset((x, y)) for r in reference for x in r & shared for y in r & shared
                 if x != y}

    def ref(x: str, y: str) -> bool:
        return frozenset((x, y)) in ref_pairs

    best: tuple[int, tuple[str, str, str, str]] | None = None
    for i, first in enumerate(answer):
        for second in answer[i + 1 :]:
            if second.sentence != first.sentence or not second.coordinated:
                continue
            left, right = sorted(first.terms & shared), sorted(second.terms & shared)
            for b, c in permutations(left, 2):
                if ref(b, c):
                    continue
                for a, d in permutations(right, 2):
                    if (ref(a, c) and ref(b, d) and not ref(a, d) and not ref(a, b)
                            and not ref(c, d)):
                        cost = sum(x in question for x in (a, b, c, d))
                        if best is None or cost < best[0]:
                            best = (cost, (a, b, c, d))
    return best[1] if best else None
