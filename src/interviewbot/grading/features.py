"""Signals comparing one answer with a question's key points (question words demoted).

The answer's sentences/clauses ("units") are cut from the answer's single forward pass. Each
key point is matched to its best unit by sentence cosine plus token alignment. Most signals do
not grow or shrink with the length of the references: the best core key-point match, the number
of distinct core key points covered (capped), the precision of the answer's content against the
union of all references, and the BERTScore-style recall of the best core key point against the
whole answer; ``ref_r_mean`` (recall of each reference's core words, averaged) is the one share
of the references, because it carries most of the signal on SemEval train.
``FEATURE_NAMES`` fixes the order the calibration expects.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interviewbot.grading.encoding import Encoded
from interviewbot.grading.keypoints import KeyPoint, PreparedKeyPoint, prepare_key_points
from interviewbot.grading.misconceptions import Misconception
from interviewbot.grading.negation import (
    contradiction,
    dismissal,
    negation_scope,
    reversals_elsewhere,
    sentence_stems,
)
from interviewbot.grading.roles import clause_terms, clauses, swapped_roles
from interviewbot.grading.support import (
    MisconceptionMatch,
    PreparedBelief,
    aside,
    dismissive,
    prepare_beliefs,
    stated_misconception,
    support_signals,
    unit_matrix,
    unit_scores,
)
from interviewbot.grading.text import ANTONYMS, content_stems, stem

COUNT_CAP = 2  # covering this many distinct core key points is full credit for kp_count
DEFAULT_KP_THRESHOLD = 0.6  # replaced by the fitted value in calibration.json
# A contradiction needs a key point this close, even when it is not covered: "plays no role in
# guiding the weight updates" matches "guides the weight updates" only loosely.
CONTRADICTION_MIN = 0.45

FEATURE_NAMES: tuple[str, ...] = (
    "kp_best",  # best match score of a core key point (0.5 cosine + 0.5 alignment)
    "kp_cos",  # sentence cosine of that best match
    "kp_align",  # token-alignment recall of that key point's content words
    "kp_count",  # distinct core key points covered, capped at COUNT_CAP, / COUNT_CAP
    "cos_full",  # cosine of the whole answer with the closest core key point
    "align_p",  # alignment precision of answer content vs the union of all references
    "lex_p",  # stem precision of answer content vs the union of all references
    "cos_q",  # cosine answer vs question
    "kp_q_cos",  # how much the best key point repeats the question
    "novel",  # share of answer content words not in the question
    "neg_mismatch",  # negation parity of best unit differs from the best key point
    "antonym",  # best unit uses the opposite of a word of the best key point
    "ans_len",  # log(1 + answer content words)
    "kp_r",  # best alignment recall of one core key point against every answer content word
    "ref_r_mean",  # alignment recall of each reference's core content words, mean over references
    "contra",  # a core key point is contradicted (negation flip or antonym), see negation.py
)


@dataclass(frozen=True)
class PreparedReferences:
    """Question and key points encoded once: cached per question."""

    question: Encoded
    question_stems: frozenset[str]
    references: tuple[str, ...]
    key_points: tuple[PreparedKeyPoint, ...]
    union_vecs: np.ndarray  # content word vectors of every key point (core or not)
    union_stems: frozenset[str]
    clause_terms: tuple[tuple[frozenset[str], ...], ...] = ()  # per reference, see roles.py
    reference_words: float = 0.0  # mean content words per reference (sentence vs paragraph)
    beliefs: tuple[PreparedBelief, ...] = ()  # the question's known misconceptions, support.py


@dataclass(frozen=True)
class AnswerUnits:
    """The answer (first) and its sentences/clauses, from one batched pass."""

    units: tuple[Encoded, ...]
    scopes: tuple[np.ndarray, ...]

    @property
    def answer(self) -> Encoded:
        return self.units[0]


@dataclass(frozen=True)
class KeyPointScore:
    point: PreparedKeyPoint
    score: float
    cos: float
    align: float
    unit: int
    phrase: str
    covered: bool
    contradicted: bool
    conflict: tuple[str, str] = ()  # (answer word, key-point word) that contradict; "" = denied


@dataclass(frozen=True)
class FeatureSet:
    values: np.ndarray  # in FEATURE_NAMES order
    best_reference: int
    key_points: tuple[KeyPointScore, ...]  # every distinct key point, core or not
    answer_content: int
    novel_content: int
    novel_hits: int = 0  # novel answer content words that a reference also uses (stem or aligned)
    swapped: tuple[str, ...] = ()  # answer words (a, b, c, d): c and d trade partners, roles.py
    misconception: MisconceptionMatch | None = None  # a known misconception the answer states
    support: np.ndarray | None = None  # SUPPORT_NAMES values (support.py), for the domain shift

    def as_dict(self) -> dict[str, float]:
        return {n: float(v) for n, v in zip(FEATURE_NAMES, self.values, strict=True)}

    @property
    def contradicted(self) -> tuple[KeyPointScore, ...]:
        """Contradicted core key points, the best-matching first."""
        return tuple(sorted((k for k in self.key_points if k.contradicted and k.point.point.core),
                            key=lambda k: -k.score))

    @property
    def top(self) -> KeyPointScore:
        """The best-matching core key point (any key point if none is core)."""
        core = [k for k in self.key_points if k.point.point.core] or list(self.key_points)
        return max(core, key=lambda k: k.score)

    def reference_key_points(self, r: int) -> tuple[KeyPointScore, ...]:
        return tuple(k for k in self.key_points if r in k.point.references)


def question_stems(question: Encoded) -> frozenset[str]:
    return frozenset(s for s, c in zip(question.stems, question.content, strict=True) if c)


def prepare_references(
    question: Encoded,
    references: Sequence[str],
    claims: Sequence[KeyPoint],
    claim_encs: Sequence[Encoded],
    misconceptions: Sequence[Misconception] = (),
    belief_encs: Sequence[Encoded] = (),
) -> PreparedReferences:
    """The question's references and known misconceptions, ready to match answers against."""
    q_stems = question_stems(question)
    kps = prepare_key_points(claims, claim_encs, q_stems)
    vecs = [k.enc.word_vecs[k.content_idx] for k in kps if k.content_idx.size]
    dim = question.vector.shape[0]
    return PreparedReferences(
        question=question,
        question_stems=q_stems,
        references=tuple(references),
        key_points=kps,
        union_vecs=np.concatenate(vecs) if vecs else np.zeros((0, dim), np.float32),
        union_stems=frozenset(k.enc.stems[i] for k in kps for i in k.content_idx),
        clause_terms=tuple(
            tuple(c for k in kps if r in k.references for c in clause_terms(k.enc))
            for r in range(len(references))
        ),
        reference_words=float(np.mean([len(content_stems(r)) for r in references]))
        if references else 0.0,
        beliefs=prepare_beliefs(misconceptions, belief_encs, q_stems),
    )


def answer_units(encs: Sequence[Encoded]) -> AnswerUnits:
    return AnswerUnits(tuple(encs), tuple(negation_scope(e) for e in encs))


def _parity(enc: Encoded) -> bool:
    return bool(int(enc.negated.sum()) % 2)


def _antonym_hit(a: Encoded, b: Encoded) -> bool:
    aw, bw = set(a.words), set(b.words)
    return any(ANTONYMS.get(w, frozenset()) & bw for w in aw - bw)


def compute_features(
    units: AnswerUnits, prep: PreparedReferences, kp_threshold: float = DEFAULT_KP_THRESHOLD
) -> FeatureSet:
    """All signals for one answer against the distinct key points of every reference."""
    ans = units.answer
    q_stems = prep.question_stems
    a_content = [i for i in range(len(ans.words)) if ans.content[i]]
    a_idx = np.array([i for i in a_content if ans.stems[i] not in q_stems], dtype=np.int64)
    n_a = len(a_content)
    novel = len(a_idx) / n_a if n_a else 0.0
    unit_content = [np.flatnonzero(u.content & ~u.negated) for u in units.units]
    stated = frozenset(ans.stems[i] for i in a_content if not units.scopes[0][0, i])
    matrix = unit_matrix(units.units, unit_content)
    contexts = [frozenset(), *(_context(ans, u) for u in units.units[1:])]
    own_terms = prep.union_stems | q_stems  # the references' and question's own terms

    scores: list[KeyPointScore] = []
    kp_rows = []
    for kp in prep.key_points:
        all_scores, all_cos, all_align = unit_scores(matrix, kp)
        kp_rows.append(all_scores)
        j = int(np.argmax(all_scores))  # the first best unit
        score, cos, align = float(all_scores[j]), float(all_cos[j]), float(all_align[j])
        u = units.units[j]
        covered = score >= kp_threshold
        conflict = None
        if score >= min(kp_threshold, CONTRADICTION_MIN):
            conflict = contradiction(u, units.scopes[j], kp.enc, kp.neg_scope, stated, q_stems,
                                     contexts[j], own_terms)
            if conflict is not None and aside(u, conflict[0]):
                conflict = None  # "unlike sigmoid, which saturates": about the other side
            if conflict is None and (word := dismissal(u, units.scopes[j])):
                conflict = (word, "")
            if conflict is None and (other := next(
                    ((i, c) for i, c in reversals_elsewhere(
                        units.units, units.scopes, kp.enc, kp.neg_scope, all_scores, j,
                        stated, q_stems, contexts) if not aside(units.units[i], c[0])),
                    None)):
                j, conflict = other
        # The phrase quoted is the answer's sentence or clause that matches best, never the
        # whole answer again (unit 0) when the answer has several.
        quoted = units.units[1 + int(np.argmax(all_scores[1:]))] if len(units.units) > 1 else u
        scores.append(KeyPointScore(kp, score, cos, align, j, quoted.text.strip(),
                                    covered and conflict is None, conflict is not None,
                                    conflict or ()))
    scores = _settle_contradictions(scores, kp_threshold)
    core = [k for k in scores if k.point.point.core] or scores
    top = max(core, key=lambda k: k.score)
    n_cov = sum(1 for k in core if k.covered)
    cos_full = max(float(ans.vector @ k.point.vector) for k in core)
    # each novel answer word's best cosine to any reference word (used twice below)
    novel_best = (
        (ans.word_vecs[a_idx] @ prep.union_vecs.T).max(1)
        if a_idx.size and prep.union_vecs.size
        else None
    )
    align_p = float(novel_best.mean()) if novel_best is not None else 0.0
    a_stems = {ans.stems[i] for i in a_idx}
    lex_p = len(a_stems & prep.union_stems) / len(a_stems) if a_stems else 0.0
    best_unit = units.units[top.unit]
    kp_rows = np.array(kp_rows)
    belief_rows = np.array([unit_scores(matrix, b)[0] for b in prep.beliefs])
    ref = _reference_signals(ans, np.array(a_content, dtype=np.int64), prep)
    values = np.array(
        [
            top.score, top.cos, top.align, min(n_cov, COUNT_CAP) / COUNT_CAP, cos_full,
            align_p, lex_p, float(ans.vector @ prep.question.vector),
            float(top.point.vector @ prep.question.vector), novel,
            float(_parity(best_unit) != _parity(top.point.enc)),
            float(_antonym_hit(best_unit, top.point.enc)), math.log1p(n_a),
            *ref, float(any(k.contradicted and k.point.point.core for k in scores)),
        ],
        dtype=np.float64,
    )
    return FeatureSet(
        values=values,
        best_reference=_closest_reference(scores, len(prep.references)),
        key_points=tuple(scores),
        answer_content=n_a,
        novel_content=int(a_idx.size),
        novel_hits=_novel_hits(ans, a_idx, prep, novel_best),
        swapped=_swapped(ans, prep),
        misconception=stated_misconception(belief_rows, kp_rows, units.units, prep.beliefs),
        # The miscon signal's weight was fitted on reviewed misconceptions; a derived one is a
        # key point with one word changed, which only its change (support.states_change) tells.
        support=support_signals(belief_rows[[not b.misconception.derived for b in prep.beliefs]]
                                if len(prep.beliefs) else belief_rows, kp_rows, units.units),
    )


def _swapped(ans: Encoded, prep: PreparedReferences) -> tuple[str, ...]:
    """The answer's words for the first reference whose paired terms it crosses, else ().
    A sentence that dismisses something ("edges, not shapes, ...") pairs terms to reject
    them, so its clauses are left out."""
    rejecting = {s for s, e in ans.sentences if dismissive(ans.span(s, e))}
    mine = tuple(c for c in clauses(ans) if c.sentence not in rejecting)
    for ref in prep.clause_terms:
        if hit := swapped_roles(mine, ref, prep.question_stems):
            first = {}
            for w, s in zip(ans.words, ans.stems, strict=True):
                first.setdefault(s, w)
            return tuple(first[s] for s in hit)
    return ()


def _context(ans: Encoded, unit: Encoded) -> frozenset[str]:
    """Content stems of the answer sentences a unit is cut from."""
    at = ans.text.find(unit.text)
    if at < 0:
        return frozenset()
    return sentence_stems(ans, *ans.word_span(at, at + len(unit.text)))


def _closest_reference(scores: Sequence[KeyPointScore], n_refs: int) -> int:
    """The reference with the most covered core key points; ties -> best match score."""
    best = (-1, -1.0, 0)
    for r in range(n_refs):
        mine = [k for k in scores if r in k.point.references and k.point.point.core]
        mine = mine or [k for k in scores if r in k.point.references]
        if not mine:
            continue
        key = (sum(k.covered for k in mine), max(k.score for k in mine), -r)
        if key > best:
            best = key
    return -best[2]


HIT_ALIGNED = 0.8  # a novel answer word this close to a reference word counts as used by it


def _novel_hits(
    ans: Encoded, a_novel: np.ndarray, prep: PreparedReferences, best: np.ndarray | None
) -> int:
    """How many answer words beyond the question's a reference also uses (same stem, or a
    contextual word cosine of at least HIT_ALIGNED: misspellings and inflections). ``best``:
    each of those words' highest cosine to a reference word (None without reference words)."""
    if not a_novel.size:
        return 0
    hit = np.array([ans.stems[i] in prep.union_stems for i in a_novel])
    if best is not None:
        hit |= best >= HIT_ALIGNED
    return int(hit.sum())


def _overlap(a: int, b: int) -> bool:
    """Units overlap when they are the same or one is the whole answer (unit 0)."""
    return a == b or a == 0 or b == 0


def _settle_contradictions(
    scores: list[KeyPointScore], kp_threshold: float
) -> list[KeyPointScore]:
    """A contradicted key point stands only if no other key point, matched by an overlapping
    stretch of the answer (score >= CONTRADICTION_MIN), uses the same term without being
    contradicted: alternative references often state one fact both ways ("are separated by a
    gap" / "are not connected")."""
    out = []
    for k in scores:
        term = k.conflict[1] if k.conflict else ""
        if k.contradicted and term and any(
            not o.contradicted and o.score >= CONTRADICTION_MIN and _overlap(o.unit, k.unit)
            and _states(o.point.enc, term)
            for o in scores if o is not k
        ):
            k = KeyPointScore(k.point, k.score, k.cos, k.align, k.unit, k.phrase,
                              k.score >= kp_threshold, False)
        out.append(k)
    return out


def _states(enc: Encoded, word: str) -> bool:
    """The key point uses this word (same stem)."""
    return stem(word) in enc.stems


def _recall(ref_vecs: np.ndarray, ans_vecs: np.ndarray | None) -> float:
    """BERTScore-style recall: mean over reference words of the best answer-word cosine."""
    return float((ref_vecs @ ans_vecs.T).max(1).mean()) if ans_vecs is not None else 0.0


def _reference_signals(ans: Encoded, a_all: np.ndarray, prep: PreparedReferences):
    """(kp_r, ref_r_mean): recall of the best core key point and, averaged over references, of
    each reference's core key points taken together (question words demoted on their side),
    both against every content word of the whole answer."""
    a_vecs = ans.word_vecs[a_all] if a_all.size else None
    core = [k for k in prep.key_points if k.point.core and k.content_idx.size]
    kp_r = max((_recall(k.enc.word_vecs[k.content_idx], a_vecs) for k in core), default=0.0)
    per_ref = []
    for r in range(len(prep.references)):
        mine = [k.enc.word_vecs[k.content_idx] for k in core if r in k.references]
        if mine:
            per_ref.append(_recall(np.concatenate(mine), a_vecs))
    return kp_r, float(np.mean(per_ref)) if per_ref else 0.0
