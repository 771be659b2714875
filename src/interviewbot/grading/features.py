"""Signals comparing one answer with a question's references (question words demoted).

Every signal is computed from one encoded answer plus cached reference data, so grading costs
one forward pass of the answer. ``FEATURE_NAMES`` fixes the order the calibration expects.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from interviewbot.grading.encoding import Encoded
from interviewbot.grading.keypoints import PreparedKeyPoint, split_key_points
from interviewbot.grading.text import ANTONYMS

KP_THRESHOLD = 0.6  # a key point counts as covered at or above this match score
KP_FULL_CREDIT = 3  # covering this many distinct key points of a reference is full coverage

FEATURE_NAMES: tuple[str, ...] = (
    "cos",  # max cosine answer vs reference
    "cos_q",  # cosine answer vs question
    "cos_demoted",  # cosine of question-demoted content pools
    "align_r",  # soft word alignment recall of reference content (question demoted)
    "align_p",  # soft word alignment precision of answer content (question demoted)
    "lex_r",  # stem overlap recall (question demoted)
    "lex_p",  # stem overlap precision (question demoted)
    "kp_cov",  # coverage of distinct key points of the reference
    "kp_mean",  # mean key-point match score
    "kp_min",  # weakest key-point match score (every claim needed)
    "align_hard",  # share of reference content words with a close answer word
    "ref_q_cos",  # how much the reference itself repeats the question
    "neg_mismatch",  # negation parity differs from the reference around aligned words
    "antonym",  # answer uses the opposite of a reference word
    "len_ratio",  # log content-length ratio answer / reference
    "novel",  # share of answer content words not in the question
)


@dataclass(frozen=True)
class PreparedReferences:
    """Question and references encoded once, with key points: cached per question."""

    question: Encoded
    question_stems: frozenset[str]
    references: tuple[Encoded, ...]
    key_points: tuple[tuple[PreparedKeyPoint, ...], ...]
    demoted_idx: tuple[np.ndarray, ...]  # per reference: content words not in the question
    demoted_pool: tuple[np.ndarray, ...]


@dataclass(frozen=True)
class KeyPointScore:
    point: PreparedKeyPoint
    score: float
    phrase: str
    contradicted: bool


@dataclass(frozen=True)
class FeatureSet:
    values: np.ndarray  # in FEATURE_NAMES order
    best_reference: int
    key_points: tuple[KeyPointScore, ...]  # of the best reference
    answer_content: int
    novel_content: int
    negation_mismatch: bool
    antonym: bool

    def as_dict(self) -> dict[str, float]:
        return {n: float(v) for n, v in zip(FEATURE_NAMES, self.values, strict=True)}


def _pool(enc: Encoded, idx: np.ndarray) -> np.ndarray:
    if idx.size == 0:
        return np.zeros(enc.vector.shape, dtype=np.float32)
    v = enc.token_vecs[idx].mean(0)
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def _demoted(enc: Encoded, q_stems: frozenset[str]) -> np.ndarray:
    idx = [i for i in range(len(enc.words)) if enc.content[i] and enc.stems[i] not in q_stems]
    if not idx:  # a reference made only of question words keeps them
        idx = [i for i in range(len(enc.words)) if enc.content[i]]
    return np.array(idx, dtype=np.int64)


def prepare_references(question: Encoded, references: list[Encoded]) -> PreparedReferences:
    q_stems = frozenset(s for s, c in zip(question.stems, question.content, strict=True) if c)
    demoted = tuple(_demoted(r, q_stems) for r in references)
    return PreparedReferences(
        question=question,
        question_stems=q_stems,
        references=tuple(references),
        key_points=tuple(tuple(split_key_points(r, i)) for i, r in enumerate(references)),
        demoted_idx=demoted,
        demoted_pool=tuple(_pool(r, d) for r, d in zip(references, demoted, strict=True)),
    )


def _answer_spans(ans: Encoded) -> list[tuple[int, int]]:
    spans = {(0, len(ans.words))}
    spans.update(ans.sentences)
    spans.update(ans.clauses)
    return sorted(s for s in spans if s[1] > s[0])


def _parity(enc: Encoded, start: int, end: int) -> bool:
    return bool(int(enc.negated[start:end].sum()) % 2)


def _antonym_hit(ans_words: set[str], ref_words: set[str]) -> bool:
    for w in ans_words - ref_words:
        opp = ANTONYMS.get(w)
        if opp and opp & ref_words:
            return True
    return False


def compute_features(ans: Encoded, prep: PreparedReferences) -> FeatureSet:
    """All signals for one answer against every reference; per-reference maxima."""
    q_stems = prep.question_stems
    a_content = [i for i in range(len(ans.words)) if ans.content[i]]
    a_idx = np.array([i for i in a_content if ans.stems[i] not in q_stems], dtype=np.int64)
    a_stems = {ans.stems[i] for i in a_idx}
    a_words = {ans.words[i] for i in range(len(ans.words))}
    a_pool = _pool(ans, a_idx)
    spans = _answer_spans(ans)
    span_vecs = np.stack([ans.phrase_vector(s, e) for s, e in spans]) if spans else None
    n_a = len(a_content)
    novel = len(a_idx) / n_a if n_a else 0.0

    best = (-1e9, 0)
    per_ref: list[tuple[np.ndarray, tuple[KeyPointScore, ...], bool, bool]] = []
    for r_i, ref in enumerate(prep.references):
        r_idx = prep.demoted_idx[r_i]
        cos = float(ans.vector @ ref.vector)
        cos_d = float(a_pool @ prep.demoted_pool[r_i])
        if a_idx.size and r_idx.size:
            sim = ans.word_vecs[a_idx] @ ref.word_vecs[r_idx].T
            align_r = float(sim.max(0).mean())
            align_p = float(sim.max(1).mean())
            col_best = dict(zip(r_idx.tolist(), sim.max(0).tolist(), strict=True))
            align_hard = float((sim.max(0) >= 0.7).mean())
        else:
            align_r = align_p = align_hard = 0.0
            col_best = {}
        r_stems = {ref.stems[i] for i in r_idx}
        lex_r = len(r_stems & a_stems) / len(r_stems) if r_stems else 0.0
        lex_p = len(r_stems & a_stems) / len(a_stems) if a_stems else 0.0
        kp_scores: list[KeyPointScore] = []
        for kp in prep.key_points[r_i]:
            if span_vecs is not None:
                sims = span_vecs @ kp.vector
                j = int(np.argmax(sims))
                kp_sim = float(sims[j])
                s, e = spans[j]
            else:
                kp_sim, s, e = 0.0, 0, 0
            kp_words = [i for i in kp.word_idx.tolist() if i in col_best]
            kp_align = float(np.mean([col_best[i] for i in kp_words])) if kp_words else kp_sim
            score = 0.5 * (kp_sim + kp_align)
            kp_ref_words = set(ref.words[kp.point.start : kp.point.end])
            contradicted = score >= KP_THRESHOLD and (
                _parity(ans, s, e) != kp.negated
                or _antonym_hit(set(ans.words[s:e]), kp_ref_words)
            )
            kp_scores.append(KeyPointScore(kp, score, ans.phrase_text(s, e), contradicted))
        n_cov = sum(1 for k in kp_scores if k.score >= KP_THRESHOLD and not k.contradicted)
        kp_cov = min(1.0, n_cov / min(len(kp_scores), KP_FULL_CREDIT)) if kp_scores else 0.0
        kp_mean = float(np.mean([k.score for k in kp_scores])) if kp_scores else 0.0
        kp_min = float(min(k.score for k in kp_scores)) if kp_scores else 0.0
        ref_q = float(ref.vector @ prep.question.vector)
        neg = _parity(ans, 0, len(ans.words)) != _parity(ref, 0, len(ref.words))
        ant = _antonym_hit(a_words, set(ref.words))
        n_r = int(ref.content.sum())
        len_ratio = math.log((1 + n_a) / (1 + n_r))
        vals = np.array(
            [cos, 0.0, cos_d, align_r, align_p, lex_r, lex_p, kp_cov, kp_mean, kp_min,
             align_hard, ref_q, float(neg), float(ant), len_ratio, novel],
            dtype=np.float64,
        )
        per_ref.append((vals, tuple(kp_scores), neg, ant))
        rank = cos + 0.5 * (align_r + align_p) + kp_cov
        if rank > best[0]:
            best = (rank, r_i)
    b = best[1]
    stacked = np.stack([p[0] for p in per_ref])
    values = stacked.max(0)
    # Signals that describe the relation to one reference come from the closest reference.
    for name in ("neg_mismatch", "antonym", "len_ratio", "ref_q_cos"):
        k = FEATURE_NAMES.index(name)
        values[k] = stacked[b, k]
    values[FEATURE_NAMES.index("cos_q")] = float(ans.vector @ prep.question.vector)
    return FeatureSet(
        values=values,
        best_reference=b,
        key_points=per_ref[b][1],
        answer_content=n_a,
        novel_content=int(a_idx.size),
        negation_mismatch=per_ref[b][2],
        antonym=per_ref[b][3],
    )
