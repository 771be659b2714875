"""From parsed Q&A pairs to canonical questions: dedupe, group, choose, label.

Exact duplicate pairs are dropped. Near-duplicate questions are grouped by average-linkage
clustering of question and answer embeddings; each group keeps every phrasing as a variant
and every distinct, complete answer as a reference answer, each with its source.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from interviewbot.corpus.clean import norm_key, plain
from interviewbot.corpus.files import json_object
from interviewbot.corpus.topics import topic_of
from interviewbot.errors import CorpusError
from interviewbot.models import Canonical, QAPair, Reference, Variant
from interviewbot.textproc import sentences

Encode = Callable[[Sequence[str]], np.ndarray]

# Question and answer similarity blended for grouping; average linkage at this threshold.
QUESTION_WEIGHT = 0.7
GROUP_THRESHOLD = 0.84
SCORE_TIE = 1e-6  # phrasing scores closer than this are one value (float noise across machines)
# Twins: canonical phrasings with the same words once the bank's own common words (in at least
# this share of its questions: "what", "neural", "network", "deep", "learning") are set aside,
# and question similarity at least TWIN_COSINE. Banks under TWIN_MIN_QUESTIONS have too few
# questions to say which words are common.
TWIN_COMMON_SHARE = 0.08
TWIN_COSINE = 0.8
TWIN_MIN_QUESTIONS = 25
GENERAL_TOPIC = "general"  # a question of a user bank whose file gives no topic

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
    twins_merged: int = 0
    per_bank: tuple[tuple[str, int], ...] = ()


def load_standalone(path: Path | None) -> dict[str, str]:
    """Curated standalone phrasings, keyed by the original question (whitespace-normalized);
    CorpusError for a file that is not ``{"question": "standalone phrasing"}``."""
    if path is None or not path.is_file():
        return {}
    data = json_object(path, '{"question": "standalone phrasing"}')
    kept = {k: v for k, v in data.items() if not k.startswith("_")}
    if bad := next((k for k, v in kept.items() if not isinstance(v, str)), None):
        raise CorpusError(f"{path}: the phrasing of {bad!r} is not a string; write it as text")
    return {" ".join(k.split()): v for k, v in kept.items()}


def standalone(question: str, overrides: dict[str, str]) -> tuple[str, bool]:
    """A phrasing that does not lean on "the video", and whether it is truly standalone."""
    key = " ".join(question.split())
    if key in overrides:
        return overrides[key], True
    parts = sentences(key)
    kept = [s for s in parts if not (_VIDEO.search(s) and not s.endswith("?"))] or parts
    text = _VIDEO_PHRASES.sub("", " ".join(kept)).strip()
    text = re.sub(r"\s+([?.,])", r"\1", text)
    ok = not _VIDEO.search(text) and not (len(kept) < len(parts) and _DANGLING.search(text))
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


def group_pairs(q_vecs: np.ndarray, a_vecs: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage groups of pairs over blended question/answer similarity, computed per
    connected component in row blocks so a 10,000-pair bank never holds an n × n matrix."""
    n = len(q_vecs)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for start in range(0, n, 1024):
        block = QUESTION_WEIGHT * (q_vecs[start : start + 1024] @ q_vecs.T) + (
            1 - QUESTION_WEIGHT
        ) * (a_vecs[start : start + 1024] @ a_vecs.T)
        r, c = np.nonzero(block >= threshold)
        rows.append(r + start)
        cols.append(c)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    r, c = np.concatenate(rows), np.concatenate(cols)
    graph = csr_matrix((np.ones(len(r), dtype=np.int8), (r, c)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    parts: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        parts.setdefault(int(label), []).append(i)
    groups: list[list[int]] = []
    for part in parts.values():
        if len(part) == 1:
            groups.append(part)
            continue
        idx = np.array(part)
        sim = QUESTION_WEIGHT * (q_vecs[idx] @ q_vecs[idx].T) + (1 - QUESTION_WEIGHT) * (
            a_vecs[idx] @ a_vecs[idx].T
        )
        groups.extend([part[k] for k in g] for g in average_linkage(sim, threshold))
    return sorted((sorted(g) for g in groups), key=lambda g: g[0])


def _words(text: str) -> set[str]:
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in norm_key(text).split()}


def twin_groups(questions: Sequence[str], q_vecs: np.ndarray) -> list[list[int]]:
    """Canonical questions that are one question twice: the same words apart from the bank's
    common ones, and close in meaning. Returns groups of indices (singletons included)."""
    n = len(questions)
    if n < TWIN_MIN_QUESTIONS:
        return [[i] for i in range(n)]
    words = [_words(q) for q in questions]
    df = Counter(w for ws in words for w in ws)
    common = {w for w, c in df.items() if c >= TWIN_COMMON_SHARE * n}
    keys: dict[frozenset[str], list[int]] = {}
    for i, ws in enumerate(words):
        informative = frozenset(ws - common)
        if len(informative) >= 2:
            keys.setdefault(informative, []).append(i)
    parent = list(range(n))
    for members in keys.values():
        for j in members[1:]:
            if float(q_vecs[members[0]] @ q_vecs[j]) >= TWIN_COSINE:
                parent[j] = parent[members[0]]
    out: dict[int, list[int]] = {}
    for i in range(n):
        out.setdefault(parent[i], []).append(i)
    return list(out.values())


def build_bank(
    pairs: Sequence[QAPair],
    encode: Encode,
    overrides: dict[str, str] | None = None,
    *,
    bank: str = "",
    keyword_topics: bool = True,
) -> tuple[list[Canonical], BankReport]:
    """Group one bank's pairs into canonical questions. ``encode`` maps texts to unit vectors;
    ``keyword_topics`` lets the DL keyword rules name the topic of a question whose file gives
    none (the bundled seeds), otherwise such a question is filed under ``general``."""
    overrides = overrides or {}
    unique, exact = drop_exact_duplicates(pairs)
    rephrased = [standalone(p.question, overrides) for p in unique]
    q_vecs = encode([text for text, _ in rephrased])
    a_vecs = encode([plain(p.answer) for p in unique])
    groups = group_pairs(q_vecs, a_vecs, GROUP_THRESHOLD)
    # Twins are merged on each group's chosen phrasing.
    heads = [_best_phrasing(g, rephrased, q_vecs) for g in groups]
    merged: list[list[int]] = []
    for twins in twin_groups([rephrased[h][0] for h in heads], q_vecs[heads]):
        merged.append(sorted(i for t in twins for i in groups[t]))
    twins_merged = len(groups) - len(merged)

    canonical: list[Canonical] = []
    for group in sorted(merged, key=lambda g: g[0]):
        entry = _canonical(group, unique, rephrased, q_vecs, a_vecs, bank, keyword_topics)
        if entry is not None:
            canonical.append(entry)
    canonical = _unique_ids(canonical)
    topics = Counter(c.topic for c in canonical)
    report = BankReport(
        pairs=len(pairs),
        exact_duplicates=exact,
        truncated=sum(p.truncated for p in unique),
        canonical=len(canonical),
        variants=sum(len(c.variants) for c in canonical),
        references=sum(len(c.answers) for c in canonical),
        per_topic=tuple(sorted(topics.items())),
        twins_merged=twins_merged,
    )
    return canonical, report


def build_banks(
    pairs: Sequence[QAPair],
    pair_banks: Sequence[str],
    encode: Encode,
    overrides: dict[str, str] | None = None,
    seed_bank: str = "seed",
) -> tuple[list[Canonical], BankReport]:
    """:func:`build_bank` for each bank on its own (questions of two banks never group),
    with one report summed over them; only the seed bank gets keyword topics."""
    order = list(dict.fromkeys(pair_banks)) or [seed_bank]
    canonical: list[Canonical] = []
    reports: list[BankReport] = []
    for bank in order:
        own = [p for p, b in zip(pairs, pair_banks, strict=True) if b == bank]
        entries, report = build_bank(
            own, encode, overrides, bank=bank, keyword_topics=bank == seed_bank
        )
        canonical.extend(entries)
        reports.append(report)
    canonical = _unique_ids(canonical)
    topics = Counter(c.topic for c in canonical)
    total = BankReport(
        *(
            sum(getattr(r, f) for r in reports)
            for f in (
                "pairs",
                "exact_duplicates",
                "truncated",
                "canonical",
                "variants",
                "references",
            )
        ),
        per_topic=tuple(sorted(topics.items())),
        twins_merged=sum(r.twins_merged for r in reports),
        per_bank=tuple((b, r.canonical) for b, r in zip(order, reports)),
    )
    return canonical, total


def _best_phrasing(group: list[int], rephrased: list[tuple[str, bool]], q_vecs: np.ndarray) -> int:
    """The group member whose standalone phrasing is closest to the group, short and whole."""
    centroid = q_vecs[group].mean(axis=0)

    def score(i: int) -> float:
        text, ok = rephrased[i]
        words = len(text.split())
        return float(q_vecs[i] @ centroid) - 0.01 * max(0, words - 14) - (0 if ok else 1.0)

    scores = {i: score(i) for i in group}
    top = max(scores.values())
    # The first of the best: of a two-member group both phrasings are equally close to the
    # centroid, and which float comes out larger differs between CPUs in the last bits.
    return min(i for i in group if scores[i] >= top - SCORE_TIE)


def _canonical(
    group: list[int],
    pairs: list[QAPair],
    rephrased: list[tuple[str, bool]],
    q_vecs: np.ndarray,
    a_vecs: np.ndarray,
    bank: str,
    keyword_topics: bool,
) -> Canonical | None:
    complete = [i for i in group if not pairs[i].truncated]
    if not complete:
        return None  # only cut-off answers: reported by the parser, nothing to teach from
    best_q = _best_phrasing(group, rephrased, q_vecs)
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
    topic = next((pairs[i].topic for i in group if pairs[i].topic), None) or (
        topic_of(question) if keyword_topics else GENERAL_TOPIC
    )
    return Canonical(
        id=canonical_id(question),
        question=question,
        topic=topic,
        variants=tuple(variants),
        answers=tuple(Reference(pairs[i].answer, pairs[i].source) for i in ranked),
        best=0,
        bank=bank,
        difficulty=next((pairs[i].difficulty for i in group if pairs[i].difficulty), None),
    )


def _unique_ids(bank: list[Canonical]) -> list[Canonical]:
    seen: Counter[str] = Counter()
    out: list[Canonical] = []
    for c in bank:
        seen[c.id] += 1
        if seen[c.id] > 1:
            c = replace(c, id=f"{c.id}-{seen[c.id]}")
        out.append(c)
    return out
