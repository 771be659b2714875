"""Morphological antonyms: an answer word that is a key-point term with a negating prefix.

"unweighted sum" against "these weighted inputs are summed", "nonlinear" against "linear",
"insensitive" against "sensitive": the hand-made antonym lexicon cannot list every such pair,
so a prefix (``negating_prefixes`` of ``data/grading_words.json``; ``in-``, ``dis-``, ... only
before an adjective ending) followed by the stem of a key-point term counts as that term's
antonym. A prefixed word that is a term of the question's own references or question
("unsupervised" where a key point says "unsupervised") is that term, not a denial. As for
lexicon antonyms (:func:`negation.antonym_swap`), the word must stand in the key-point term's
place, the answer must not also state the term itself, and the key point must state it
plainly (not negated, not in a condition).
"""

from __future__ import annotations

import numpy as np

from interviewbot.grading.encoding import Encoded
from interviewbot.grading.lexicon import word_list, word_set
from interviewbot.textproc import stem

PREFIXES = word_list("negating_prefixes")
LATINATE = word_list("latinate_negating_prefixes")  # only before an adjective ending
_ADJECTIVE = tuple(word_list("adjective_endings"))
_CONDITIONS = word_set("conditions")
MIN_REST = 4  # letters after the prefix: "unweighted" -> "weighted", not "unit" -> "it"
IN_PLACE = 0.5  # as negation.ANTONYM_ALIGNED: the prefixed word is the term's closest word


def base_stem(word: str) -> str | None:
    """The stem of ``word`` without its negating prefix ("unweighted" -> "weight",
    "insensitive" -> "sensitive"), or None ("improve", "display", "input")."""
    for p in (*PREFIXES, *LATINATE):
        rest = word[len(p):].lstrip("-")
        if (word.startswith(p) and len(rest) >= MIN_REST and rest.isalpha()
                and (p in PREFIXES or rest.endswith(_ADJECTIVE))):
            return stem(rest)
    return None


def _following(enc: Encoded, i: int, n: int = 3) -> set[str]:
    """Stems of the next ``n`` content words after word i, within its sentence."""
    end = enc.sentence_span(i)[1]
    return set([enc.stems[j] for j in range(i + 1, end) if enc.content[j]][:n])


def _own_term(s: str, terms: frozenset[str]) -> bool:
    """The prefixed word is one of the question's own terms: the same stem, or one stem a
    prefix of the other from 5 letters (the stemmer gives "imbalance" and "imbalanc")."""
    return s in terms or any(len(t) >= 5 and (t.startswith(s) or s.startswith(t))
                             for t in terms)


def plain_terms(enc: Encoded, scope: np.ndarray) -> np.ndarray:
    """Bool per word: the text states it plainly: not under a negation's scope, not after
    "non-" ("non-linearity" is not "linearity"), and after no negation cue or condition word
    of its sentence ("without activations, the model is linear")."""
    out = ~scope[0]
    for s, e in enc.sentences:
        hedged = False
        for i in range(s, e):
            hedged = hedged or bool(enc.negated[i]) or enc.words[i] in _CONDITIONS
            if hedged or (i >= 2 and enc.words[i - 1] == "-" and enc.words[i - 2] in PREFIXES):
                out[i] = False
    return out


def prefix_antonym(unit: Encoded, unit_scope: np.ndarray, kp_enc: Encoded,
                   kp_scope: np.ndarray, stated: frozenset[str] = frozenset(),
                   terms: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(answer word, key-point word): the unit uses a prefixed antonym of a key-point term
    in that term's place; None otherwise. ``stated``: stems the whole answer uses without
    negation; ``terms``: stems of every key point and the question (their own terms). The
    key point must state the term plainly (:func:`plain_terms`)."""
    a_content = np.flatnonzero(unit.content)
    prefixed = [(int(j), base) for j in a_content if not unit_scope[0, j]
                and (base := base_stem(unit.words[j])) is not None
                and base not in stated and not _own_term(unit.stems[j], terms)]
    if not prefixed:  # most answers: no prefixed word, so the key point is not read
        return None
    plain = plain_terms(kp_enc, kp_scope)
    k_at: dict[str, list[int]] = {}
    for i in np.flatnonzero(kp_enc.content & plain):
        k_at.setdefault(kp_enc.stems[i], []).append(int(i))
    for j, base in prefixed:
        for i in k_at.get(base, ()):
            own = unit.word_vecs[a_content] @ kp_enc.word_vecs[i]
            closest = int(a_content[int(np.argmax(own))])
            if ((closest == j and own.max() >= IN_PLACE)
                    or _following(unit, int(j)) & _following(kp_enc, i)):
                return unit.words[j], kp_enc.words[i]
    return None
