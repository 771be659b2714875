"""The retrieval evaluation sets, their splits and their figures (read by eval_retrieval.py).

Three kinds of rows: in-domain (a non-empty ``expected``), near-domain (a topic next to the
bank's that it does not cover: the old dev/test sets' ``near-miss`` lines, the fresh set's
``near`` lines) and far off-topic (everything else refused). The fresh set was split once by
canonical question, grouped, into a part that may be tuned on and a held-out part that is
only reported; its conversations likewise by conversation. Each line carries its part in a
``split`` field ("tune" / "held"), written from that one draw (:func:`draw_split`), so the
split no longer moves when the bank's question positions do (:func:`split_fresh`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from interviewbot.corpus.clean import norm_key

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "eval"
DEV = EVAL / "retrieval_dev.jsonl"
TEST = EVAL / "retrieval_test.jsonl"
FRESH = EVAL / "retrieval_fresh.jsonl"
CONVERSATIONS = EVAL / "retrieval_fresh_conversations.jsonl"
CHAINS = EVAL / "retrieval_chains_tune.jsonl"  # more tune chats: chains of follow-ups
SPLIT_SEED = 17  # fixed once, before any tuning: which fresh canonicals are held out
HELD_OUT_SHARE = 0.5


@dataclass
class Row:
    """One query with the bank positions that count as correct (empty: must refuse)."""

    query: str
    previous: str | None
    style: str
    topic: str
    gold: set[int]
    kind: str = "in"  # "in", "near" or "far"
    concept: str = ""
    split: str = ""  # the fresh set's part: "tune" or "held" (empty in the old sets)

    @property
    def in_domain(self) -> bool:
        return self.kind == "in"


@dataclass
class Turn:
    """One turn of a conversation: a Row plus its kind (standalone, followup, offtopic,
    switch)."""

    row: Row
    kind: str


@dataclass
class Conversation:
    id: str
    turns: list[Turn] = field(default_factory=list)
    split: str = ""  # "tune" or "held"


def gold_lookup(bank) -> dict[str, set[int]]:
    """Every phrasing's ``norm_key`` → the bank positions that have it."""
    by_key: dict[str, set[int]] = {}
    for i, c in enumerate(bank):
        for v in c.variants:
            by_key.setdefault(norm_key(v.text), set()).add(i)
    return by_key


def _row(d: dict, by_key: dict[str, set[int]]) -> Row:
    gold = set().union(*(by_key.get(norm_key(e), set()) for e in d["expected"]))
    if d["expected"] and not gold:
        print(f"warning: no bank question matches {d['query']!r}", file=sys.stderr)
    style, topic = d.get("style", d.get("kind", "")), d.get("topic", "")
    if d["expected"]:
        kind = "in"
    elif style == "near" or topic == "near-miss":
        kind = "near"
    else:
        kind = "far"
    return Row(d["query"], d.get("previous"), style, topic, gold, kind, d.get("concept", ""),
               d.get("split", ""))


def load_rows(path: Path, bank) -> list[Row]:
    """Rows of a JSONL query file."""
    by_key = gold_lookup(bank)
    lines = path.read_text(encoding="utf-8").splitlines()
    return [_row(json.loads(line), by_key) for line in lines if line.strip()]


def load_conversations(path: Path, bank) -> list[Conversation]:
    """Conversations of a JSONL file (``id``, ``turns`` of ``query``/``expected``/``kind``);
    an off-topic turn counts as far off-topic."""
    by_key = gold_lookup(bank)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            turns = [Turn(_row(t, by_key), t["kind"]) for t in d["turns"]]
            out.append(Conversation(d["id"], turns, d.get("split", "")))
    return out


def groups(rows: Sequence[Row]) -> list[str]:
    """A group per row: in-domain rows sharing any gold question (directly or through
    others) share a group; each refusal row is its own group."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in rows:
        g = sorted(r.gold)
        for other in g[1:]:
            parent[find(other)] = find(g[0])
    return [f"q:{find(min(r.gold))}" if r.gold else f"x:{i}:{r.query}" for i, r in
            enumerate(rows)]


def draw_split(
    rows: Sequence[Row], conversations: Sequence[Conversation]
) -> tuple[set[int], set[str]]:
    """The one seeded draw the files' ``split`` fields were written from (held-out row
    positions, held-out conversation ids): about half of the fresh set's canonical-question
    groups (with every row of theirs), half of the near-domain rows, half of the far rows and
    half of the conversations. It depends on the bank's question positions, which is why its
    result is stored in the files rather than drawn again."""
    rng = np.random.default_rng(SPLIT_SEED)
    keys = groups(rows)
    in_groups = sorted({k for k, r in zip(keys, rows) if r.in_domain})
    held = set(rng.permutation(in_groups)[: round(len(in_groups) * HELD_OUT_SHARE)])
    for kind in ("near", "far"):
        ks = sorted(k for k, r in zip(keys, rows) if r.kind == kind)
        held |= set(rng.permutation(ks)[: round(len(ks) * HELD_OUT_SHARE)])
    ids = sorted(c.id for c in conversations)
    held_c = set(rng.permutation(ids)[: round(len(ids) * HELD_OUT_SHARE)])
    return {i for i, k in enumerate(keys) if k in held}, held_c


def split_fresh(
    rows: Sequence[Row], conversations: Sequence[Conversation]
) -> tuple[list[Row], list[Row], list[Conversation], list[Conversation]]:
    """(tune rows, held-out rows, tune conversations, held-out conversations), by each line's
    stored ``split`` field."""
    unsplit = [r.query for r in rows if r.split not in ("tune", "held")]
    unsplit += [c.id for c in conversations if c.split not in ("tune", "held")]
    if unsplit:
        raise SystemExit(f"error: fresh lines without a 'split' field ('tune' or 'held'): "
                         f"{unsplit[0]!r}; give every new line one, never move an old one")
    return ([r for r in rows if r.split == "tune"], [r for r in rows if r.split == "held"],
            [c for c in conversations if c.split == "tune"],
            [c for c in conversations if c.split == "held"])


def folds(rows: Sequence[Row], k: int = 5, seed: int = 0) -> np.ndarray:
    """Fold of each row, grouped by :func:`groups` (every paraphrase of one canonical
    question, and of questions listed with it, lands in the same fold)."""
    keys = groups(rows)
    uniq = sorted(set(keys))
    perm = np.random.default_rng(seed).permutation(len(uniq))
    fold = {u: int(perm[i]) % k for i, u in enumerate(uniq)}
    return np.array([fold[key] for key in keys])


@dataclass
class Outcome:
    """A system's answer to one row: ranked bank positions, confidence, abstained."""

    ranked: list[int]
    score: float
    abstained: bool


def metrics(rows: Sequence[Row], outs: Sequence[Outcome]) -> dict[str, float]:
    """Recall@1/@3 and MRR over the ranking (in domain), answered / answered-right rates,
    and the refusal rate out of domain, overall and near / far."""
    ind = [(r, o) for r, o in zip(rows, outs) if r.in_domain]

    def rr(r: Row, o: Outcome) -> float:
        for i, pos in enumerate(o.ranked[:10]):
            if pos in r.gold:
                return 1.0 / (i + 1)
        return 0.0

    def refused(kinds: tuple[str, ...]) -> float:
        got = [o.abstained for r, o in zip(rows, outs) if r.kind in kinds]
        return sum(got) / len(got) if got else float("nan")

    n = max(len(ind), 1)
    return {
        "r1": sum(bool(o.ranked) and o.ranked[0] in r.gold for r, o in ind) / n,
        "r3": sum(any(p in r.gold for p in o.ranked[:3]) for r, o in ind) / n,
        "mrr": sum(rr(r, o) for r, o in ind) / n,
        "answered": sum(not o.abstained for _, o in ind) / n,
        "answered_right": sum((not o.abstained) and o.ranked[0] in r.gold for r, o in ind) / n,
        "refused": refused(("near", "far")),
        "near": refused(("near",)),
        "far": refused(("far",)),
    }


def conversation_metrics(
    conversations: Sequence[Conversation], outs: Sequence[Sequence[Outcome]]
) -> dict[str, float]:
    """Off-topic turns refused, follow-up turns answered with a right top hit, other
    in-domain turns (standalone, switch) answered right."""
    off, follow, other = [], [], []
    for conv, got in zip(conversations, outs):
        for turn, o in zip(conv.turns, got):
            right = (not o.abstained) and bool(o.ranked) and o.ranked[0] in turn.row.gold
            if turn.kind == "offtopic":
                off.append(o.abstained)
            elif turn.kind == "followup":
                follow.append(right)
            else:
                other.append(right)
    def mean(xs: list[bool]) -> float:
        return sum(xs) / len(xs) if xs else float("nan")

    return {"offtopic_refused": mean(off), "followup_right": mean(follow),
            "standalone_right": mean(other), "n_off": len(off), "n_follow": len(follow)}


def balanced_threshold(rows: Sequence[Row], scores: Sequence[float]) -> float:
    """The top-score threshold with the best (answered in domain + refused out of domain)."""
    ind = np.array([s for r, s in zip(rows, scores) if r.in_domain])
    ood = np.array([s for r, s in zip(rows, scores) if not r.in_domain])
    cands = np.unique(np.concatenate([ind, ood]))
    best, best_t = -1.0, 0.0
    for lo, hi in zip(cands[:-1], cands[1:]):
        t = (lo + hi) / 2
        v = (ind >= t).mean() + (ood < t).mean()
        if v > best + 1e-12:
            best, best_t = v, t
    return float(best_t)
