"""Negation scope and the contradiction check between an answer unit and a key point.

A negation cue ("not", "no", "never", "without any", "n't", ...) negates the next few words of
its clause. A unit contradicts a key point when a term aligned with one of the key point's terms
(contextual cosine >= ALIGNED, or the same stem with an agreeing neighbouring word) sits under
an explicit negation the key point's term does not have (or the reverse); when it uses the
antonym of a key-point term in that term's place (a listed antonym, or the term with a
negating prefix: :mod:`interviewbot.grading.prefixes`); or when it denies importance or effect
("doesn't matter", "plays no role"). Negation elsewhere ("Without them, ...") is not a
contradiction. Tuned on eval/grading_gaming_dev.jsonl and grading_tune.jsonl only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from interviewbot.grading.encoding import Encoded
from interviewbot.grading.lexicon import word_set
from interviewbot.grading.prefixes import prefix_antonym
from interviewbot.grading.text import ANTONYM_STEMS

ALIGNED = 0.85  # contextual word cosine for two terms to be the same term in the same sense
SAME_STEM_ALIGNED = 0.6  # the same stem, with an agreeing neighbour, above this cosine
# Denying one of these says the subject has no importance or effect: "X doesn't matter".
DISMISSED = word_set("dismissed")
# A key point opening with one of these has the question's topic as its subject.
_PRONOUN_START = frozenset((w,) for w in word_set("pronoun_openers"))
_SCANT = word_set("scant")  # "little effect" denies it too
ANTONYM_ALIGNED = 0.5  # an antonym must also be the key-point word's closest answer word
STATED = 0.7  # an answer word this close to the key-point word states that word itself
# Verbs that negate their object: "avoids the vanishing gradient" ~ "no vanishing gradient".
IMPLICIT_CUES = word_set("implicit_negation_cues")
# "without X, ..." frames a condition rather than denying X; "non-" belongs to its word.
_NOT_CUES = word_set("framing_cues")
# After a cue these pass the negation on to the next content word ("not always relying",
# "doesn't suffer from vanishing gradients", "does not have spatial hierarchy").
_TRANSPARENT = word_set("transparent")
_SCOPE_END = word_set("scope_end")


# Verbs that end in "-ly" but are not adverbs: "cannot rely on any single unit" denies "rely".
_LY_VERBS = word_set("ly_verbs")


def _adverb(word: str) -> bool:
    return word.endswith("ly") and len(word) > 4 and word not in _LY_VERBS


_TOTAL = word_set("total_absence")  # "without any X" denies X
_BESIDES = word_set("besides")  # "without any other X" does not


def is_cue(enc: Encoded, j: int) -> bool:
    """Word j is a negation cue: explicit ("not", "never", "n't", "without any") or implicit
    ("avoids")."""
    w = enc.words[j]
    if w in IMPLICIT_CUES:
        return True
    if not enc.negated[j]:
        return False
    if w not in _NOT_CUES:
        return True
    after = enc.words[j + 1 : j + 3]  # "without any X" denies X, "without any other X" not
    return bool(after) and after[0] in _TOTAL and (len(after) < 2 or after[1] not in _BESIDES)


# "spam or not", "almost no update": the cue does not deny what follows.
_VOID_BEFORE = word_set("void_before")
# A negation after one of these in its sentence is the consequence of a condition ("Without
# activations, the network couldn't learn non-linear patterns"; "if the task has no temporal
# order, an RNN isn't needed"): a counterfactual, not a denial of the reference's claim.
_CONDITIONS = word_set("conditions")


def _void(enc: Encoded, c: int) -> bool:
    """The explicit cue at c is idle: after "or"/"almost" or inside a conditional sentence."""
    if c and enc.words[c - 1] in _VOID_BEFORE:
        return True
    start = enc.sentence_span(c)[0]
    return any(w in _CONDITIONS for w in enc.words[start:c])


def negation_scope(enc: Encoded) -> np.ndarray:
    """(2, n_words) bools: row 0 = the word is what a negation cue of its clause denies (the
    first content word after the cue, passing over adverbs and light verbs); row 1 = an
    explicit cue ("not", "no", "never", "n't") denies it. Implicit cues ("avoids",
    "prevents", "reduces") only line up paraphrases; a contradiction needs an explicit one."""
    out = np.zeros((2, len(enc.words)), dtype=bool)  # polarity flipped, by an explicit cue
    denied_cue = np.zeros(len(enc.words), dtype=bool)  # "doesn't prevent X": X not denied
    for c in range(len(enc.words)):
        if not is_cue(enc, c) or denied_cue[c] or (enc.words[c] not in IMPLICIT_CUES
                                                   and _void(enc, c)):
            continue
        start = c + 1
        if enc.words[c] in IMPLICIT_CUES:  # "prevents the network from overfitting"
            nxt = enc.words[c + 1 : c + 6]
            if "from" in nxt:
                start = c + 2 + nxt.index("from")
        for j in range(start, min(start + 5, len(enc.words))):
            w = enc.words[j]
            if w in _SCOPE_END:
                break
            if is_cue(enc, j):
                denied_cue[j] = enc.words[j] in IMPLICIT_CUES
                break
            if not enc.content[j] or w == "non" or w == "-":
                continue
            out[0, j] = not out[0, j]
            out[1, j] = out[1, j] or enc.words[c] not in IMPLICIT_CUES
            if w not in _TRANSPARENT and not _adverb(w):
                break
    return out


def _next_content(enc: Encoded, i: int) -> str | None:
    for j in range(i + 1, min(i + 4, len(enc.words))):
        if enc.content[j]:
            return enc.stems[j]
    return None


def _prev_content(enc: Encoded, i: int) -> str | None:
    for j in range(i - 1, max(i - 4, -1), -1):
        if enc.content[j] and not is_cue(enc, j):
            return enc.stems[j]
    return None


def _next_terms(enc: Encoded, i: int, n: int = 3) -> set[str]:
    """Stems of the next ``n`` content words after word i, within its clause."""
    out: set[str] = set()
    for j in range(i + 1, len(enc.words)):
        if enc.words[j] in _SCOPE_END or len(out) >= n:
            break
        if enc.content[j]:
            out.add(enc.stems[j])
    return out


def _same_next(unit: Encoded, j: int, kp: Encoded, i: int) -> bool:
    """Both words govern the same term: "causes the vanishing" / "addresses the vanishing"."""
    nu = _next_content(unit, j)
    return nu is not None and nu == _next_content(kp, i)


def _same_context(unit: Encoded, j: int, kp: Encoded, i: int) -> bool:
    """The neighbouring content word agrees: "cannot be used for dimensionality" / "are used
    for dimensionality", but not "couldn't model anything" / "into the model, allowing"."""
    if _same_next(unit, j, kp, i):
        return True
    pu = _prev_content(unit, j)
    return pu is not None and pu == _prev_content(kp, i)


_CONTRAST = word_set("contrast")
_SENTENCE_END = frozenset(". ; ! ?".split())


def _about_other(enc: Encoded) -> np.ndarray:
    """Bool per word: it follows "than", "unlike", "whereas", ... in its sentence, so it
    describes the thing compared against ("better than sigmoid, which can slow down
    training"), not the subject."""
    out = np.zeros(len(enc.words), dtype=bool)
    on = False
    for j, w in enumerate(enc.words):
        if w in _SENTENCE_END:
            on = False
        out[j] = on
        on = on or w in _CONTRAST
    return out


def dismissal(unit: Encoded, unit_scope: np.ndarray) -> str | None:
    """A word of importance or effect the unit denies ("doesn't matter", "plays no role",
    "are not useful", "have no influence", "has little effect", "hardly matters"): the answer
    says the thing asked about is idle."""
    for j in np.flatnonzero(unit_scope[1]):
        if unit.words[j] in DISMISSED:
            return unit.words[j]
    for j in range(1, len(unit.words)):  # "has little effect", "hardly matters"
        if unit.words[j] in DISMISSED and unit.words[j - 1] in _SCANT:
            return unit.words[j]
    return None


def contradiction(unit: Encoded, unit_scope: np.ndarray, kp_enc: Encoded,
                  kp_scope: np.ndarray, stated: frozenset[str] = frozenset(),
                  topic: frozenset[str] = frozenset(), context: frozenset[str] = frozenset(),
                  terms: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(answer word, key-point word) where the unit states a key-point term with flipped
    negation or swaps it for its antonym (of the lexicon, or the term with a negating prefix,
    :mod:`interviewbot.grading.prefixes`; ``terms``: the question's and references' own
    stems); None when it does neither.

    A term is the same when its contextual cosine is at least ALIGNED, or when it has the same
    stem (cosine at least SAME_STEM_ALIGNED) and a neighbouring content word agrees.
    ``stated``: stems the whole answer uses without negation; ``topic``: the question's stems;
    ``context``: stems of the answer sentence the unit is cut from ("..., and it causes").
    An antonym does not count when the answer also states the key-point word itself ("ReLU
    speeds training; sigmoid's gradients slow learning" against "sigmoid can slow down
    training"); when its sentence shares no key-point word before that word (another subject:
    "sigmoid's gradients slow learning" against "simple functions like ReLU lead to faster
    training"; a key point that opens with "it", "this", ... has the question's words as its
    subject); or when its sentence is about the side the key point contrasts against and not
    its subject ("Xavier ... converges quickly" against "uniform initialization can lead to
    slow convergence, while Xavier works well").
    """
    return (negation_flip(unit, unit_scope, kp_enc, kp_scope)
            or antonym_swap(unit, unit_scope, kp_enc, kp_scope, stated, topic, context)
            or prefix_antonym(unit, unit_scope, kp_enc, kp_scope, stated, terms))


def _terms(enc: Encoded) -> np.ndarray:
    """Positions of the terms a contradiction is judged on: content words that are neither
    negation cues nor transparent words."""
    return np.array([i for i in range(len(enc.words)) if enc.content[i]
                     and not is_cue(enc, i) and enc.words[i] not in _TRANSPARENT], dtype=int)


def negation_flip(unit: Encoded, unit_scope: np.ndarray, kp_enc: Encoded,
                  kp_scope: np.ndarray) -> tuple[str, str] | None:
    """(answer word, key-point word): a term both state, under an explicit negation in one
    of them only (see :func:`contradiction`); None otherwise."""
    u_idx, k_idx = _terms(unit), _terms(kp_enc)
    if not u_idx.size or not k_idx.size:
        return None
    sim = kp_enc.word_vecs[k_idx] @ unit.word_vecs[u_idx].T  # (k, u)
    for a, i in enumerate(k_idx):
        for b in np.argsort(-sim[a])[:3]:
            j = int(u_idx[b])
            flipped = bool(unit_scope[0, j]) != bool(kp_scope[0, i])
            if not flipped or not (unit_scope[1, j] or kp_scope[1, i]):
                continue
            # The same word in another context drifts (cosine 0.6-0.85): then the
            # neighbouring word must agree too.
            same = (kp_enc.stems[i] == unit.stems[j] and sim[a, b] >= SAME_STEM_ALIGNED
                    and _same_context(unit, j, kp_enc, int(i)))
            if sim[a, b] >= ALIGNED or same:
                return unit.words[j], kp_enc.words[i]
    return None


def antonym_swap(unit: Encoded, unit_scope: np.ndarray, kp_enc: Encoded, kp_scope: np.ndarray,
                 stated: frozenset[str] = frozenset(), topic: frozenset[str] = frozenset(),
                 context: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(answer word, key-point word): the unit uses the antonym of a key-point term in that
    term's place (see :func:`contradiction`); None otherwise."""
    k_terms = _terms(kp_enc)
    if not k_terms.size or not _terms(unit).size:
        return None  # as negation_flip: no term on one side
    k_stems = {kp_enc.stems[i] for i in k_terms}
    # Antonyms: any content word, cues included ("causes" vs "addresses").
    ua = np.flatnonzero(unit.content)
    ka = np.flatnonzero(kp_enc.content)
    other = _about_other(kp_enc)
    k_words = {kp_enc.stems[i]: int(i) for i in ka if not other[i]}
    k_other = {kp_enc.stems[i] for i in ka if other[i]} - set(k_words)
    for j in ua:
        w = unit.words[j]
        if unit.stems[j] in k_stems or unit_scope[0, j]:
            continue
        for opp in ANTONYM_STEMS.get(unit.stems[j], ()):
            i = k_words.get(opp)
            if i is None or kp_scope[0, i] or opp in stated:
                continue
            around = sentence_stems(unit, int(j), int(j) + 1) | context
            subject = {kp_enc.stems[x] for x in ka[ka < i]} - {opp}
            named = subject | topic if kp_enc.words[:1] in _PRONOUN_START else subject
            if not _shares(around, named) or (around & k_other
                                               and not _shares(around, subject)):
                continue
            if not _shares(_own_subject(unit, int(j), context), named):
                continue  # "..., while ReLU trains faster" against "sigmoid can slow down"
            if _other_subject(unit, int(j), kp_enc, around, topic):
                continue  # "Sigmoid ... deep networks learn slowly" against "ReLU's ability
                # ... allows faster learning in deeper networks"
            # The antonym stands in the key-point word's place: it is that word's closest
            # answer word, or both govern the same term ("lets large-scale features
            # dominate" / "prevents certain features from dominating").
            # Unless the answer also states the key-point word itself, about the same term
            # ("several models ... beats any single model" against "multiple models"; but
            # "binary cross entropy is used for multi-class" against "... for binary
            # classification" swaps roles).
            own = unit.word_vecs[ua] @ kp_enc.word_vecs[i]
            best = int(ua[int(np.argmax(own))])
            if (best != j and own.max() >= STATED
                    and _next_terms(unit, best) & _next_terms(kp_enc, i)):
                continue
            in_place = best == j and own.max() >= ANTONYM_ALIGNED
            if in_place or _next_terms(unit, int(j)) & _next_terms(kp_enc, i):
                return w, kp_enc.words[i]
    return None


# Another unit must match a key point this well before its antonym counts (0.50-0.65 tried on
# the corpus train split: 0.55 catches one more reversal there and costs no correct answer on
# train, validation, tune or dev; 0.50 costs two correct answers on tune and dev).
REVERSAL_MIN = 0.55


def reversals_elsewhere(
    units: Sequence[Encoded], scopes: Sequence[np.ndarray], kp_enc: Encoded,
    kp_scope: np.ndarray, unit_scores: np.ndarray, best: int, stated: frozenset[str],
    topic: frozenset[str], contexts: Sequence[frozenset[str]],
) -> Iterator[tuple[int, tuple[str, str]]]:
    """(unit, conflict) of each other sentence or clause, best match first, that matches the
    key point at least REVERSAL_MIN and uses the antonym of one of its terms in that term's
    place ("ReLU slows convergence" against "faster convergence", when the answer's best
    match of that key point, ``best``, is its next clause)."""
    for j in np.argsort(-unit_scores):
        j = int(j)
        if j == best or unit_scores[j] < REVERSAL_MIN:
            continue
        hit = antonym_swap(units[j], scopes[j], kp_enc, kp_scope, stated, topic, contexts[j])
        if hit is not None:
            yield j, hit


_SUBJECT_BREAKS = word_set("subject_breaks")


def _own_subject(unit: Encoded, j: int, context: frozenset[str]) -> frozenset[str]:
    """Content stems from the last subject break ("while", "so", ";", ...) before word j of
    its sentence up to j: what the word is said about. Reaching the unit's start without a
    break, the sentence the unit is cut from (``context``) is added."""
    start = unit.sentence_span(j)[0]
    at = next((x + 1 for x in range(j - 1, start - 1, -1) if unit.words[x] in _SUBJECT_BREAKS),
              start)
    own = frozenset(unit.stems[x] for x in range(at, j + 1) if unit.content[x])
    return own | context if at == 0 else own


def _subject(enc: Encoded, start: int, end: int) -> str | None:
    """The stem of the first content word of words[start:end] that is not about the thing
    compared against (:func:`_about_other`): what the sentence is about."""
    other = _about_other(enc)
    return next((enc.stems[i] for i in range(start, end)
                 if enc.content[i] and not other[i] and not is_cue(enc, i)), None)


def _other_subject(unit: Encoded, j: int, kp: Encoded, around: frozenset[str],
                   topic: frozenset[str]) -> bool:
    """True when word j's sentence and the key point open on two different things the
    question names, neither naming the other's ("Sigmoid and tanh ... learn slowly" against
    "ReLU's ability ... allows faster learning", asked "what makes ReLU more popular than
    sigmoid?"): an antonym between them describes the other side."""
    said = _subject(unit, *unit.sentence_span(j))
    meant = _subject(kp, 0, len(kp.words))
    if said is None or meant is None or said == meant or not {said, meant} <= topic:
        return False
    return said not in set(kp.stems) and meant not in around


def _shares(a: set[str], b: set[str]) -> bool:
    """A stem in both, or one a prefix of the other from 5 letters ("normal" from
    "normalization", "normaliz" from "normalizing")."""
    return bool(a & b) or any(len(x) >= 5 and len(y) >= 5 and (x.startswith(y) or y.startswith(x))
                              for x in a for y in b)


def sentence_stems(enc: Encoded, start: int, end: int) -> frozenset[str]:
    """Content stems of the sentences that hold any of words[start:end]."""
    return frozenset(enc.stems[i] for s, e in enc.sentences if s < end and start < e
                     for i in range(s, e) if enc.content[i])
