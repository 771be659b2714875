"""From parsed Q&A pairs to canonical questions: dedupe, group, choose, label.

Exact duplicate pairs are dropped. Near-duplicate questions are grouped by average-linkage
clustering of question and answer embeddings; each group keeps every phrasing as a variant
and every distinct, complete answer as a reference answer, each with its source.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewbot.corpus.clean import norm_key, plain
from interviewbot.corpus.topics import topic_of
from interviewbot.models import Canonical, QAPair, Reference, Variant

Encode = Callable[[Sequence[str]], np.ndarray]

# Question and answer similarity blended for grouping; average linkage at this threshold.
QUESTION_WEIGHT = 0.7
GROUP_THRESHOLD = 0.84

_VIDEO = re.compile(r"\b(the )?(video|tutorial|transcript)\b", re.I)
_VIDEO_PHRASES = re.compile(
    r",?\s*(?:as\s+)?(?:mentioned|discussed|covered|shown)\s+(?:in the video|for future discussion)"
    r"|,?\s*according to the video|,?\s*from the video|,?\s*in the video",
    re.I,
)
_DANGLING = re.compile(
    r"\b(them|this problem|these components|one over the other|each of these)\b", re.I
)
_FIRST_PERSON = re.compile(
    r"\b(I would|in my experience|my journey|as a deep learning engineer)\b", re.I
)


@dataclass(frozen=True)
class BankReport:
    """What a build found, for the person running it."""

    pairs: int
    exact_duplicates: int
    truncated: int
    canonical: int
    variants: int
    references: int
    per_topic: tuple[tuple[str, int], ...]


def load_standalone(path: Path | None) -> dict[str, str]:
    """Curated standalone phrasings, keyed by the original question (whitespace-normalized)."""
    if path is None or not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {" ".join(k.split()): v for k, v in data.items() if not k.startswith("_")}


def standalone(question: str, overrides: dict[str, str]) -> tuple[str, bool]:
    """A phrasing that does not lean on "the video", and whether it is truly standalone."""
    key = " ".join(question.split())
    if key in overrides:
        return overrides[key], True
    sentences = re.split(r"(?<=[.!?])\s+", key)
    kept = [s for s in sentences if not (_VIDEO.search(s) and not s.endswith("?"))] or sentences
    text = _VIDEO_PHRASES.sub("", " ".join(kept)).strip()
    text = re.sub(r"\s+([?.,])", r"\1", text)
    ok = not _VIDEO.search(text) and not (len(kept) < len(sentences) and _DANGLING.search(text))
    return (text if ok else key), ok


def drop_exact_duplicates(pairs: Sequence[QAPair]) -> tuple[list[QAPair], int]:
    """Keep the first of pairs with the same question and answer text."""
    seen: set[tuple[str, str]] = set()
    kept: list[QAPair] = []
    for pair in pairs:
        key = (norm_key(pair.question), norm_key(pair.answer))
        if key in seen:
            continue
        seen.add(key)
        kept.append(pair)
    return kept, len(pairs) - len(kept)


def average_linkage(sim: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage (UPGMA) clusters of a similarity matrix, cut where the mean similarity
    between two groups falls below ``threshold``: each group sorted, groups by first member.

    SciPy clusters distances, so the matrix is read as ``1 - similarity``; average linkage has no
    inversions, so cutting the tree at ``1 - threshold`` stops exactly where merging would.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = sim.shape[0]
    if n < 2:
        return [[i] for i in range(n)]
    sim = sim.astype(np.float64)
    dist = 1.0 - (sim + sim.T) / 2
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(np.clip(dist, 0.0, None), checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _answer_quality(answer: str, question_sim: float, consensus: float) -> float:
    words = len(answer.split())
    score = question_sim + 0.5 * consensus
    if words < 25:
        score -= 0.3
    if words > 260:
        score -= 0.2
    if _VIDEO.search(answer):
        score -= 0.5
    if _FIRST_PERSON.search(answer):
        score -= 0.3
    return score


def canonical_id(question: str) -> str:
    """A stable id from the canonical phrasing."""
    return "q" + hashlib.sha1(norm_key(question).encode()).hexdigest()[:10]


def build_bank(
    pairs: Sequence[QAPair], encode: Encode, overrides: dict[str, str] | None = None
) -> tuple[list[Canonical], BankReport]:
    """Group pairs into canonical questions. ``encode`` maps texts to unit vectors."""
    overrides = overrides or {}
    unique, exact = drop_exact_duplicates(pairs)
    rephrased = [standalone(p.question, overrides) for p in unique]
    q_vecs = encode([text for text, _ in rephrased])
    a_vecs = encode([plain(p.answer) for p in unique])
    sim = QUESTION_WEIGHT * (q_vecs @ q_vecs.T) + (1 - QUESTION_WEIGHT) * (a_vecs @ a_vecs.T)
    groups = average_linkage(sim, GROUP_THRESHOLD)

    bank: list[Canonical] = []
    for group in sorted(groups, key=lambda g: g[0]):
        bank_entry = _canonical(group, unique, rephrased, q_vecs, a_vecs)
        if bank_entry is not None:
            bank.append(bank_entry)
    bank = _unique_ids(bank)
    topics = Counter(c.topic for c in bank)
    report = BankReport(
        pairs=len(pairs),
        exact_duplicates=exact,
        truncated=sum(p.truncated for p in unique),
        canonical=len(bank),
        variants=sum(len(c.variants) for c in bank),
        references=sum(len(c.answers) for c in bank),
        per_topic=tuple(sorted(topics.items())),
    )
    return bank, report


def _canonical(
    group: list[int],
    pairs: list[QAPair],
    rephrased: list[tuple[str, bool]],
    q_vecs: np.ndarray,
    a_vecs: np.ndarray,
) -> Canonical | None:
    complete = [i for i in group if not pairs[i].truncated]
    if not complete:
        return None  # only cut-off answers: reported by the parser, nothing to teach from
    centroid = q_vecs[group].mean(axis=0)

    def phrasing_score(i: int) -> tuple[float, str]:
        text, ok = rephrased[i]
        words = len(text.split())
        score = float(q_vecs[i] @ centroid) - 0.01 * max(0, words - 14) - (0 if ok else 1.0)
        return score, text

    best_q = max(group, key=lambda i: (phrasing_score(i)[0], -i))
    question = rephrased[best_q][0]

    variants: list[Variant] = []
    seen_q: set[str] = set()
    for i in group:
        for text in dict.fromkeys([pairs[i].question, rephrased[i][0]]):
            key = norm_key(text)
            if key not in seen_q:
                seen_q.add(key)
                variants.append(Variant(text, pairs[i].source))

    answers: list[int] = []
    seen_a: set[str] = set()
    for i in complete:
        key = norm_key(pairs[i].answer)
        if key not in seen_a:
            seen_a.add(key)
            answers.append(i)
    q_vec = q_vecs[best_q]

    def quality(i: int) -> float:
        others = [j for j in answers if j != i]
        consensus = float(np.mean(a_vecs[others] @ a_vecs[i])) if others else 0.0
        return _answer_quality(pairs[i].answer, float(a_vecs[i] @ q_vec), consensus)

    ranked = sorted(answers, key=lambda i: (-quality(i), i))
    topic = next((pairs[i].topic for i in group if pairs[i].topic), None) or topic_of(question)
    return Canonical(
        id=canonical_id(question),
        question=question,
        topic=topic,
        variants=tuple(variants),
        answers=tuple(Reference(pairs[i].answer, pairs[i].source) for i in ranked),
        best=0,
    )


def _unique_ids(bank: list[Canonical]) -> list[Canonical]:
    seen: Counter[str] = Counter()
    out: list[Canonical] = []
    for c in bank:
        seen[c.id] += 1
        if seen[c.id] > 1:
            c = Canonical(
                f"{c.id}-{seen[c.id]}", c.question, c.topic, c.variants, c.answers, c.best
            )
        out.append(c)
    return out
