"""Evaluate question retrieval (issues 5, 17): BM25 alone, dense alone and the shipped retriever.

    .venv/bin/python scripts/eval_retrieval.py [--fit] [--runs 60] [--errors] [--ablate]

Sets (see ``eval/README.md`` and :mod:`retrieval_data`): the old dev set, its held-out test
set, the fresh set split by canonical question into a tune part and a held-out part, and the
fresh conversations split the same way. Prints, for each system, Recall@1/@3, MRR, answered
and answered-right in domain, and refused near-domain / far off-topic; for conversations the
share of off-topic turns refused and of follow-up turns answered right.

"CV" rows: grouped 5-fold cross-validation over the tune data (old dev + fresh tune part
together; folds grouped by canonical question; all fitting redone inside each fold; mean of 3
fold assignments), figures on the dev rows and on the fresh-tune rows apart. Other rows use
the packaged parameters. The old held-out test set and the fresh held-out part are never
fitted on; they are only reported.

``--fit`` refits fusion weights, the confidence model and the thresholds on the tune data (and
``keep_shown_below`` on the tune conversations) and writes
``src/interviewbot/data/retrieval_params.json``. ``--ablate`` reruns the CV with each stage
removed (normalization, speller, synonyms, each fused signal, each confidence feature).

Baselines: ``BM25 (bm25s)`` over one document per canonical question, and ``dense``: plain
MiniLM max-cosine over every phrasing and answer chunk, on the query as typed; each with an
abstention threshold on its top score fitted on the tune data (best balanced accuracy); the
dense baseline leaves the descriptive phrasings (``corpus/descriptions.json``) out. In a
conversation they read an incomplete message also joined to the last answered one and keep
the higher top score.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from interviewbot.bot import Bot
from interviewbot.retrieval.decision import Decision, Signals
from interviewbot.retrieval.dense import dense_by_question
from interviewbot.retrieval.follow_up import ChatContext, is_incomplete, leans_on_previous
from interviewbot.retrieval.normalize import Query, normalize
from interviewbot.retrieval.params import FEATURES, SIGNALS, RetrievalParams
from retrieval_data import (
    CHAINS,
    CONVERSATIONS,
    DEV,
    FRESH,
    ROOT,
    TEST,
    Conversation,
    Outcome,
    Row,
    balanced_threshold,
    conversation_metrics,
    folds,
    load_conversations,
    load_rows,
    metrics,
    split_fresh,
)

PARAMS_OUT = ROOT / "src" / "interviewbot" / "data" / "retrieval_params.json"
TARGETS = {"r1": 0.95, "answered": 0.97, "refused": 0.95}
FRESH_TARGETS = {"r1": 0.90, "near": 0.90, "far": 0.98, "offtopic_refused": 1.0,
                 "followup_right": 0.90}


@dataclass
class Sets:
    """Every evaluation set, loaded against one bank."""

    dev: list[Row]
    test: list[Row]
    tune: list[Row]  # the fresh set's tune part
    held: list[Row]  # the fresh set's held-out part
    conv_tune: list[Conversation]
    conv_held: list[Conversation]
    conv_chains: list[Conversation]  # tune only (eval/README.md)

    @classmethod
    def load(cls, bank) -> Sets:
        fresh = load_rows(FRESH, bank)
        tune, held, ct, ch = split_fresh(fresh, load_conversations(CONVERSATIONS, bank))
        return cls(load_rows(DEV, bank), load_rows(TEST, bank), tune, held, ct, ch,
                   load_conversations(CHAINS, bank))

    def rows(self) -> list[Row]:
        return [*self.dev, *self.test, *self.tune, *self.held]

    def conversations(self) -> list[Conversation]:
        return [*self.conv_tune, *self.conv_held, *self.conv_chains]

    def conv_splits(self) -> list[tuple[str, list[Conversation]]]:
        return [("conv tune", self.conv_tune), ("chains tune", self.conv_chains),
                ("conv held", self.conv_held)]


def conversation_texts(convs: Sequence[Conversation]) -> set[str]:
    """Every text a conversation's turns can be read as: alone, or joined to an earlier turn."""
    out: set[str] = set()
    for c in convs:
        qs = [t.row.query for t in c.turns]
        out.update(qs)
        out.update(f"{qs[j]} {qs[i]}" for i in range(len(qs)) for j in range(i))
    return out


# -- baselines ---------------------------------------------------------------------------------
class BM25Baseline:
    """bm25s over one document per canonical question (all phrasings + all answers)."""

    def __init__(self, bot: Bot) -> None:
        import bm25s

        docs = [
            " ".join([*(v.text for v in c.variants), *(a.text for a in c.answers)])
            for c in bot.bank
        ]
        self.bm25s = bm25s
        self.retriever = bm25s.BM25()
        self.retriever.index(bm25s.tokenize(docs, stopwords="en", show_progress=False),
                             show_progress=False)
        self.vocab = self.retriever.vocab_dict

    def scores(self, text: str) -> np.ndarray:
        toks = self.bm25s.tokenize([text], stopwords="en", return_ids=False,
                                   show_progress=False)[0]
        toks = [t for t in toks if t in self.vocab]
        if not toks:
            return np.zeros(self.n, np.float32)
        return self.retriever.get_scores(toks)

    @property
    def n(self) -> int:
        return int(self.retriever.scores["num_docs"])


def dense_scorer(bot: Bot, texts: Sequence[str]) -> Callable[[str], np.ndarray]:
    """Dense alone: per question the best cosine over its phrasings and answer chunks, on
    the query as typed (one FAISS search of every row)."""
    idx = bot.index.faiss_index
    r = bot.retriever
    vecs = dict(zip(texts, bot.embedder.encode(list(texts))))
    described = np.array([e.kind == "description" for e in bot.index.entries])

    def score(text: str) -> np.ndarray:
        vec = vecs[text] if text in vecs else bot.embedder.encode([text])[0]
        s, rows = idx.search(vec.reshape(1, -1), idx.ntotal)
        keep = ~described[rows[0]]  # the bank as it is: no descriptive phrasings
        s, rows = s[:, keep], rows[:, keep]
        dq, da = dense_by_question(s[0], rows[0], r.row_qidx, r.row_is_answer, r.n)
        return np.maximum(dq, da)

    return score


def baseline_outcome(score_fn, text: str, previous: str | None, threshold: float) -> Outcome:
    """A baseline's answer: rank by score; an incomplete message after ``previous`` is also
    read joined to it (the higher top score wins); abstain below ``threshold``."""
    best = score_fn(text)
    if previous and is_incomplete(text):
        joint = score_fn(f"{previous} {text}")
        if joint.max() > best.max():
            best = joint
    order = [int(i) for i in np.argsort(-best, kind="stable")[:10]]
    top = float(best.max())
    return Outcome(order, top, top < threshold)


def baseline_threshold(score_fn, rows: Sequence[Row]) -> float:
    tops = [baseline_outcome(score_fn, r.query, r.previous, -1.0).score for r in rows]
    return balanced_threshold(rows, tops)


def baseline_conversations(score_fn, convs, threshold) -> list[list[Outcome]]:
    outs = []
    for c in convs:
        prev, got = None, []
        for t in c.turns:
            o = baseline_outcome(score_fn, t.row.query, prev, threshold)
            got.append(o)
            if not o.abstained:
                prev = t.row.query
        outs.append(got)
    return outs


def as_follow_ups(rows: Sequence[Row], convs: Sequence[Conversation]) -> list[tuple[str, str]]:
    """Each near-domain / far row asked as a follow-up, (opener, message): after the opening
    question of a chat (in turn), and opened with "and" unless it already leans on it."""
    openers = [c.turns[0].row.query for c in convs]
    out = []
    for i, r in enumerate(x for x in rows if not x.in_domain):
        q = r.query.strip()
        if not leans_on_previous(q):
            q = f"and {q[:1].lower()}{q[1:]}"
        out.append((openers[i % len(openers)], q))
    return out


def shipped_off_topic_follow_ups(ship, pairs, params) -> float:
    """Share of :func:`as_follow_ups` pairs the shipped retriever refuses, the context
    being the opener's answer."""
    refused = 0
    for opener, q in pairs:
        first = ship.decision(opener, ChatContext(), params)
        ctx = ChatContext().answered(opener, ship.bot.bank[first.ranked[0][0]].id)
        refused += ship.decision(q, ctx, params).abstain
    return refused / max(len(pairs), 1)


def baseline_cv(score_fn, rows: Sequence[Row], seeds=(0, 1, 2), k: int = 5) -> list[Outcome]:
    """Per row, the mean-free CV outcome of the first fold assignment (thresholds fitted on
    the other folds); every seed's outcomes are returned concatenated for averaging."""
    tops = [baseline_outcome(score_fn, r.query, r.previous, -1.0) for r in rows]
    outs = []
    for seed in seeds:
        fold = folds(rows, k, seed)
        for f in range(k):
            train = [i for i in range(len(rows)) if fold[i] != f]
            t = balanced_threshold([rows[i] for i in train], [tops[i].score for i in train])
            for i in np.flatnonzero(fold == f):
                outs.append((seed, i, Outcome(tops[i].ranked, tops[i].score, tops[i].score < t)))
    return outs


# -- the shipped retriever, with its signals cached so parameters can be refitted ----------
Normalizer = Callable[[str], Query]


class Shipped:
    """The shipped retriever over cached signals: what ``Bot.ask`` decides, under any
    parameters. ``normalizer`` replaces the retriever's query normalization (ablations)."""

    def __init__(self, bot: Bot, texts: Sequence[str], normalizer: Normalizer | None = None):
        self.bot = bot
        self.r = bot.retriever
        self.normalizer = normalizer or self.r.normalize
        self.cache: dict[str, Signals] = {}
        self.vecs: dict[str, np.ndarray] = {}
        self.add(texts)

    def add(self, texts) -> None:
        new = sorted(set(texts) - set(self.cache))
        if not new:
            return
        queries = [self.normalizer(t) for t in new]
        vecs = self.bot.embedder.encode([q.text for q in queries])
        for t, q, v in zip(new, queries, vecs):
            self.cache[t] = self.r.signals(q, v)
            self.vecs[t] = v

    def decision(
        self, text: str, context: ChatContext, params: RetrievalParams, k: int = 10
    ) -> Decision:
        """What ``Bot.ask`` decides for ``text`` in ``context`` under ``params``."""
        texts = self.r._readings(text, context, params)
        names = self.r.concepts(text, params)
        self.add([*texts, *names])
        sigs = self.r.with_concepts([self.cache[t] for t in texts], names,
                                    np.array([self.vecs[c] for c in names]), self.vecs[text])
        return self.r.decide_signals(sigs, k, context, params, text)

    def outcome(self, row: Row, params: RetrievalParams) -> Outcome:
        d = self.decision(row.query, ChatContext(row.previous), params)
        return Outcome([p for p, _ in d.ranked], d.confidence, d.abstain)

    def conversations(self, convs, params: RetrievalParams) -> list[list[Outcome]]:
        """Each conversation played turn by turn, the context kept as the web chat keeps it."""
        bank = self.bot.bank
        outs = []
        for c in convs:
            ctx, got = ChatContext(), []
            for t in c.turns:
                d = self.decision(t.row.query, ctx, params)
                got.append(Outcome([p for p, _ in d.ranked], d.confidence, d.abstain))
                if not d.abstain:
                    ctx = ctx.answered(t.row.query, bank[d.ranked[0][0]].id)
            outs.append(got)
        return outs


# -- fitting (tune data only) -------------------------------------------------------------------
def ranking_matrices(
    ship: Shipped, rows: Sequence[Row], base: RetrievalParams
) -> tuple[np.ndarray, np.ndarray]:
    """(rows, questions, signals) evidence of the reading ``Bot.ask`` decides on under
    ``base`` and the (rows, questions) gold mask, for the in-domain rows; a question left
    out of that reading (the one already shown) gets -1 everywhere."""
    ind = [r for r in rows if r.in_domain]
    n = len(ship.bot.bank)
    xs = np.zeros((len(ind), n, len(SIGNALS)))
    gold = np.zeros((len(ind), n), dtype=bool)
    for i, r in enumerate(ind):
        d = ship.decision(r.query, ChatContext(r.previous), base)
        xs[i] = d.signals.stack().T
        out = d.fused == 0
        out &= (d.signals.stack() > 0).any(axis=0)
        xs[i, out] = -1.0
        gold[i, list(r.gold)] = True
    return xs, gold


def listwise_loss(
    w: np.ndarray, xs: np.ndarray, gold: np.ndarray, scale: float, l2: float
) -> tuple[float, np.ndarray]:
    """Negative log of the softmax probability (temperature 1/``scale``) that the fused
    score puts on the gold questions, summed over rows, plus ``l2``·|w|², and its gradient."""
    z = scale * (xs @ w)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    pg = np.where(gold, p, 0.0)
    p_gold = pg.sum(axis=1)
    loss = float(-np.log(np.maximum(p_gold, 1e-300)).sum() + l2 * (w @ w))
    grad = scale * np.einsum("rn,rnk->k", p - pg / p_gold[:, None], xs) + 2 * l2 * w
    return loss, grad


def fit_weights(
    ship: Shipped,
    rows: Sequence[Row],
    base: RetrievalParams,
    scale: float = 5.0,
    l2: float = 1.0,
    drop: Sequence[str] = (),
) -> RetrievalParams:
    """Non-negative fusion weights (summing to 1) maximizing the regularized listwise
    likelihood of the gold question: smooth in the weights, so it does not chase the last
    few rows the way a grid search for Recall@1 does (``scale``/``l2`` chosen by CV).
    Signals in ``drop`` (as ``signal:NAME``) keep weight 0."""
    from scipy.optimize import minimize

    xs, gold = ranking_matrices(ship, rows, base)
    k = len(SIGNALS)
    drop = [d.removeprefix("signal:") for d in drop if d.startswith("signal:")]
    bounds = [(0.0, 0.0) if s in drop else (0.0, None) for s in SIGNALS]
    start = np.array([0.0 if s in drop else 1.0 for s in SIGNALS]) / (k - len(drop))
    res = minimize(listwise_loss, start, args=(xs, gold, scale, l2), jac=True,
                   method="L-BFGS-B", bounds=bounds)
    w = res.x / max(float(res.x.sum()), 1e-9)
    w = [round(float(x), 3) for x in w]
    return replace(base, **{f"w_{s}": x for s, x in zip(SIGNALS, w)})


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.1) -> tuple[np.ndarray, float]:
    """L2-regularized logistic regression by Newton's method, classes weighted equally.

    Features are standardized first (so one ``l2`` fits all of them); the returned
    coefficients and bias apply to the raw features."""
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    xb = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    sw = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1)) * len(y)
    w = np.zeros(xb.shape[1])
    reg = l2 * np.eye(xb.shape[1])
    reg[-1, -1] = 0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = xb.T @ (sw * (p - y)) + reg @ w
        hess = (xb * (sw * p * (1 - p))[:, None]).T @ xb + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    coef = w[:-1] / sd
    return coef, float(w[-1] - coef @ mu)


def fit_params(
    ship: Shipped, rows: Sequence[Row], drop: Sequence[str] = ()
) -> RetrievalParams:
    """Fusion weights, the confidence model and the abstention threshold from ``rows``
    (``drop``: ``signal:NAME`` and ``feature:NAME`` left out, for ablations)."""
    params = fit_weights(ship, rows, RetrievalParams(), drop=drop)
    x = np.stack([ship.decision(r.query, ChatContext(r.previous), params).features
                  for r in rows])
    keep = np.array([f"feature:{f}" not in drop for f in FEATURES])
    y = np.array([1.0 if r.in_domain else 0.0 for r in rows])
    coef = np.zeros(len(FEATURES))
    coef[keep], bias = fit_logistic(x[:, keep], y)
    params = replace(params, coef=tuple(round(float(c), 4) for c in coef), bias=round(bias, 4))
    tau = balanced_threshold(rows, [ship.outcome(r, params).score for r in rows])
    params = replace(params, abstain_below=round(tau, 4), suggest_above=round(tau / 4, 4))
    if "novel" not in drop:
        params = replace(params, novel_max_words=fit_novel_max_words(ship, rows, params))
    if "concepts" in drop:
        return params
    return fit_concepts(ship, rows, params)


NOVEL_MAX_WORDS = (0, 4, 6, 8, 10, 12, 16, 1000)  # 0: never; 1000: any length


def fit_novel_max_words(ship: Shipped, rows: Sequence[Row], params: RetrievalParams) -> int:
    """Up to how many words a question naming a concept no question uses is refused: the
    value of :data:`NOVEL_MAX_WORDS` with the best balanced accuracy (answered in domain +
    refused out of domain) on ``rows``; the smallest on ties."""
    ind = [r for r in rows if r.in_domain]
    ood = [r for r in rows if not r.in_domain]

    def score(n: int) -> float:
        p = replace(params, novel_max_words=n)
        return (sum(not ship.outcome(r, p).abstained for r in ind) / max(len(ind), 1)
                + sum(ship.outcome(r, p).abstained for r in ood) / max(len(ood), 1))

    best = max(score(n) for n in NOVEL_MAX_WORDS)
    return next(n for n in NOVEL_MAX_WORDS if score(n) >= best - 1e-12)


KEEP_SHOWN = (0.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def fit_keep_shown(
    ship: Shipped, convs: Sequence[Conversation], params: RetrievalParams
) -> RetrievalParams:
    """``keep_shown_below`` (:data:`KEEP_SHOWN`) with the most follow-up turns of the tune
    conversations answered right, never refusing fewer off-topic turns than with it off;
    the smallest on ties (0: a follow-up never gets the question already shown)."""
    def score(p: RetrievalParams) -> tuple[float, float]:
        m = conversation_metrics(convs, ship.conversations(convs, p))
        return m["offtopic_refused"], m["followup_right"]

    return chat_grid(params, "keep_shown_below", KEEP_SHOWN, score)


def chat_grid(params: RetrievalParams, knob: str, grid: Sequence[float], score) -> RetrievalParams:
    """``knob`` set to the value of ``grid`` (its first: off) whose ``score`` (off-topic
    turns refused, figure to maximize) is best without refusing fewer off-topic turns than
    the first; the earliest on ties."""
    off, best = score(replace(params, **{knob: grid[0]}))
    chosen = grid[0]
    for x in grid[1:]:
        o, f = score(replace(params, **{knob: x}))
        if o >= off and f > best + 1e-12:
            best, chosen = f, x
    return replace(params, **{knob: chosen})


FOLLOW_UP_COSINE = (0.0, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25)


def fit_follow_up_cosine(
    ship: Shipped, convs: Sequence[Conversation], asides: Sequence[tuple[str, str]],
    params: RetrievalParams,
) -> RetrievalParams:
    """``follow_up_cosine`` (:data:`FOLLOW_UP_COSINE`) with the best follow-up turns right
    (``convs``) plus off-topic asides refused (``asides``, :func:`as_follow_ups` of tune
    rows), never refusing fewer off-topic turns than with it off; the smallest on ties."""
    def score(p: RetrievalParams) -> tuple[float, float]:
        m = conversation_metrics(convs, ship.conversations(convs, p))
        return m["offtopic_refused"], m["followup_right"] + shipped_off_topic_follow_ups(
            ship, asides, p)

    return chat_grid(params, "follow_up_cosine", FOLLOW_UP_COSINE, score)


CONCEPT_MAX_WORDS = (0, 4, 6, 8)
CONCEPT_GAP = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


def balanced(ship: Shipped, rows: Sequence[Row], params: RetrievalParams) -> float:
    """Answered in domain + refused out of domain, each as a share of its rows."""
    ind = [r for r in rows if r.in_domain]
    ood = [r for r in rows if not r.in_domain]
    return (sum(not ship.outcome(r, params).abstained for r in ind) / max(len(ind), 1)
            + sum(ship.outcome(r, params).abstained for r in ood) / max(len(ood), 1))


def fit_concepts(ship: Shipped, rows: Sequence[Row], params: RetrievalParams) -> RetrievalParams:
    """The concept-coverage refusal's length limit and gap (:data:`CONCEPT_MAX_WORDS` x
    :data:`CONCEPT_GAP`) with the best balanced accuracy on ``rows``; off (0 words) on
    ties, then the shortest limit and the smallest gap."""
    best, chosen = balanced(ship, rows, params), replace(params, concept_max_words=0)
    for n in CONCEPT_MAX_WORDS[1:]:
        for gap in CONCEPT_GAP:
            p = replace(params, concept_max_words=n, concept_gap=gap)
            score = balanced(ship, rows, p)
            if score > best + 1e-12:
                best, chosen = score, p
    return chosen


def cross_validate(
    ship: Shipped, rows: Sequence[Row], k: int = 5, seeds: Sequence[int] = (0, 1, 2),
    drop: Sequence[str] = (),
) -> list[tuple[int, int, Outcome]]:
    """(seed, row, outcome) of every row under parameters fitted on the other folds."""
    outs = []
    for seed in seeds:
        fold = folds(rows, k, seed)
        for f in range(k):
            params = fit_params(ship, [r for r, g in zip(rows, fold) if g != f], drop)
            outs += [(seed, int(i), ship.outcome(rows[i], params))
                     for i in np.flatnonzero(fold == f)]
    return outs


def cv_figures(rows: Sequence[Row], outs, part: Sequence[int]) -> dict[str, float]:
    """Figures on the rows ``part`` from :func:`cross_validate` outcomes, mean over seeds."""
    chosen = set(part)
    seeds = sorted({s for s, _, _ in outs})
    runs = []
    for seed in seeds:
        got = {i: o for s, i, o in outs if s == seed and i in chosen}
        runs.append(metrics([rows[i] for i in part], [got[i] for i in part]))
    return {key: float(np.nanmean([m[key] for m in runs])) for key in runs[0]}


# -- speed -------------------------------------------------------------------------------------
class _Stopwatch:
    """Wraps an embedder and keeps the time of its last ``encode``."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.last = 0.0

    def encode(self, texts, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return self.inner.encode(texts, *args, **kwargs)
        finally:
            self.last = time.perf_counter() - t0


def retrieval_only_ms(bot: Bot, queries: Sequence[str], runs: int) -> float:
    """Median time (ms) of everything ``ask`` does besides its forward pass, measured inside
    real ``ask`` calls (so right after a forward pass, when the model has evicted the
    retriever's arrays from the CPU caches), on queries not asked before."""
    inner = bot.embedder
    watch = _Stopwatch(inner)
    bot._embedder = watch
    times = []
    try:
        for i in range(runs):
            q = f"{queries[i % len(queries)]} ({i})"  # a new text: no cached normalization
            t0 = time.perf_counter()
            bot.ask(q)
            times.append(time.perf_counter() - t0 - watch.last)
    finally:
        bot._embedder = inner
    return statistics.median(times) * 1e3


def speed_ratio(bot: Bot, queries: Sequence[str], runs: int) -> tuple[float, float, float]:
    """Median ask latency, median encode([q]) latency (ms) and their ratio, interleaved."""
    for q in queries[:5]:
        bot.ask(q)
        bot.embedder.encode([q])
    t_ask, t_enc = [], []
    for i in range(runs):
        q = queries[i % len(queries)]
        t0 = time.perf_counter()
        bot.embedder.encode([q])
        t1 = time.perf_counter()
        bot.ask(q)
        t2 = time.perf_counter()
        t_enc.append(t1 - t0)
        t_ask.append(t2 - t1)
    a, e = statistics.median(t_ask) * 1e3, statistics.median(t_enc) * 1e3
    return a, e, a / e


# -- main ---------------------------------------------------------------------------------------
ROW_HEAD = (f"{'system':13} {'split':13} {'R@1':>6} {'R@3':>6} {'MRR':>6} {'answered':>9} "
            f"{'ans+right':>9} {'near ref':>8} {'far ref':>8}")


def row_line(system: str, split: str, m: dict[str, float]) -> str:
    return (f"{system:13} {split:13} {m['r1']:6.3f} {m['r3']:6.3f} {m['mrr']:6.3f} "
            f"{m['answered']:9.3f} {m['answered_right']:9.3f} {m['near']:8.3f} {m['far']:8.3f}")


def conv_line(system: str, split: str, m: dict[str, float]) -> str:
    return (f"{system:13} {split:13} off-topic refused {m['offtopic_refused']:.3f} "
            f"(of {m['n_off']}), follow-ups right {m['followup_right']:.3f} (of "
            f"{m['n_follow']}), other in-domain turns right {m['standalone_right']:.3f}")


def report(bot: Bot, sets: Sets, args) -> None:
    tune_rows = [*sets.dev, *sets.tune]
    dev_part = list(range(len(sets.dev)))
    fresh_part = list(range(len(sets.dev), len(tune_rows)))
    texts = ({r.query for r in sets.rows()} | {f"{r.previous} {r.query}" for r in sets.rows()
             if r.previous} | {r.previous for r in sets.rows() if r.previous}
             | conversation_texts(sets.conversations()))
    asides = {"tune": as_follow_ups(tune_rows, sets.conv_tune),
              "held-out": as_follow_ups([*sets.test, *sets.held], sets.conv_tune)}
    texts |= {t for pairs in asides.values() for p in pairs for t in (*p, " ".join(p))}
    lines, conv = [], []
    splits = [("dev", sets.dev), ("held-out", sets.test), ("fresh tune", sets.tune),
              ("fresh held", sets.held)]
    bm25 = BM25Baseline(bot)
    for name, fn in (("BM25 (bm25s)", bm25.scores), ("dense", dense_scorer(bot, sorted(texts)))):
        t = baseline_threshold(fn, tune_rows)
        cv = baseline_cv(fn, tune_rows)
        lines.append(row_line(name, "dev CV", cv_figures(tune_rows, cv, dev_part)))
        lines.append(row_line(name, "fresh tune CV", cv_figures(tune_rows, cv, fresh_part)))
        for split, rows in splits:
            outs = [baseline_outcome(fn, r.query, r.previous, t) for r in rows]
            lines.append(row_line(name, split, metrics(rows, outs)))
        for split, cs in sets.conv_splits():
            conv.append(conv_line(name, split, conversation_metrics(
                cs, baseline_conversations(fn, cs, t))))
        refused = {part: sum(baseline_outcome(fn, q, o, t).abstained for o, q in pairs)
                   / len(pairs) for part, pairs in asides.items()}
        conv.append(f"{name:13} asides        " + ", ".join(
            f"{part} {refused[part]:.3f} (of {len(asides[part])})" for part in asides))
    ship = Shipped(bot, sorted(texts))
    cv = cross_validate(ship, tune_rows)
    lines.append(row_line("shipped", "dev CV", cv_figures(tune_rows, cv, dev_part)))
    lines.append(row_line("shipped", "fresh tune CV", cv_figures(tune_rows, cv, fresh_part)))
    for split, rows in splits:
        outs = [ship.outcome(r, bot.params) for r in rows]
        for r, o in list(zip(rows, outs))[:: max(1, len(rows) // 15)]:  # agrees with Bot.ask
            got = bot.ask(r.query, top_k=10, previous=r.previous)
            assert got.abstained == o.abstained, r.query
            if not got.abstained:
                assert got.hits[0].id == bot.bank[o.ranked[0]].id, r.query
        lines.append(row_line("shipped", split, metrics(rows, outs)))
        if args.errors and split in ("dev", "fresh tune"):  # tune data only: never study
            print(f"\n-- shipped misses on {split} --")  # the held-out sets' misses
            for r, o in zip(rows, outs):
                wrong = r.in_domain and (not o.ranked or o.ranked[0] not in r.gold)
                if wrong or r.in_domain == o.abstained:
                    top = bot.bank[o.ranked[0]].question[:70] if o.ranked else "-"
                    print(f"{r.style:10} conf={o.score:.2f} abst={o.abstained!s:5} "
                          f"{'WRONG ' if wrong else ''}{r.query[:60]!r} -> {top!r}")
    for split, cs in sets.conv_splits():
        outs = ship.conversations(cs, bot.params)
        conv.append(conv_line("shipped", split, conversation_metrics(cs, outs)))
        if split == "conv held":
            conv.append("shipped       asides        " + ", ".join(
                f"{part} {shipped_off_topic_follow_ups(ship, pairs, bot.params):.3f} (of "
                f"{len(pairs)})" for part, pairs in asides.items()))
        if args.errors and split != "conv held":  # tune chats only
            print(f"\n-- shipped conversation misses on {split} --")
            for c, got in zip(cs, outs):
                for t, o in zip(c.turns, got):
                    right = (not o.abstained) and o.ranked[0] in t.row.gold
                    if (t.kind == "offtopic") != o.abstained or (t.row.gold and not right):
                        top = bot.bank[o.ranked[0]].question[:60] if o.ranked else "-"
                        print(f"{c.id} {t.kind:10} abst={o.abstained!s:5} "
                              f"{t.row.query[:50]!r} -> {top!r}")

    def count(rows):
        return (f"{sum(r.in_domain for r in rows)} in / {sum(r.kind == 'near' for r in rows)} "
                f"near / {sum(r.kind == 'far' for r in rows)} far")

    print(f"\nRetrieval. dev: {count(sets.dev)}; held-out: {count(sets.test)}; fresh tune: "
          f"{count(sets.tune)}; fresh held: {count(sets.held)}. Tune data = dev + fresh tune; "
          "CV = 5-fold grouped by canonical question over the tune data, everything refitted "
          "per fold, mean of 3 fold assignments; held-out and fresh held are never fitted on")
    print(ROW_HEAD)
    print("-" * len(ROW_HEAD))
    order = ["dev", "dev CV", "held-out", "fresh tune CV", "fresh held"]
    for system in ("BM25 (bm25s)", "dense", "shipped"):
        for split in order:
            print(next(x for x in lines if x.startswith(f"{system:13} {split:13} ")))
    print(f"targets (shipped): old dev R@1 >= {TARGETS['r1']}, answered >= "
          f"{TARGETS['answered']}, refused >= {TARGETS['refused']}; fresh R@1 >= "
          f"{FRESH_TARGETS['r1']:.2f}, near refused >= {FRESH_TARGETS['near']:.2f}, far refused >= "
          f"{FRESH_TARGETS['far']:.2f}")
    print(f"\nConversations ({len(sets.conv_tune)} tune / {len(sets.conv_chains)} chains tune / "
          f"{len(sets.conv_held)} held-out; "
          f"targets: every off-topic turn refused, follow-ups right >= "
          f"{FRESH_TARGETS['followup_right']:.1f}). 'asides': near-domain "
          "and far rows asked as a follow-up ('and ...') after a tune chat's opening question, "
          "share refused: tune rows (dev + fresh tune) and held-out rows (old held-out + fresh "
          "held, measured only)")
    for x in conv:
        print(x)


def ablate(bot: Bot, sets: Sets) -> None:
    """Grouped CV over the tune data with each stage removed."""
    tune_rows = [*sets.dev, *sets.tune]
    parts = {"dev": list(range(len(sets.dev))),
             "fresh": list(range(len(sets.dev), len(tune_rows)))}
    texts = ({r.query for r in tune_rows} | {f"{r.previous} {r.query}" for r in tune_rows
             if r.previous} | {r.previous for r in tune_rows if r.previous}
             | conversation_texts(sets.conv_tune))
    speller = bot.retriever.speller
    from interviewbot.retrieval.normalize import QueryTerms, query_terms

    terms = query_terms()
    no_expand = QueryTerms({}, terms.spelling, terms.fold)
    normalizers: dict[str, Normalizer | None] = {
        "as shipped": None,
        "no speller": lambda t: normalize(t, None),
        "no synonyms/abbreviations": lambda t: normalize(t, speller, no_expand),
        "no normalization": lambda t: normalize(t, None, QueryTerms({}, {}, {})),
    }
    variants = [(name, norm, ()) for name, norm in normalizers.items()]
    variants += [(f"no signal {s}", None, (f"signal:{s}",)) for s in SIGNALS]
    variants += [(f"no feature {f}", None, (f"feature:{f}",)) for f in FEATURES]
    variants += [("no missing-concept refusal", None, ("novel",))]
    variants += [("no concept-coverage refusal", None, ("concepts",))]
    print(f"\nAblations (CV over dev + fresh tune; conversations: tune part, packaged "
          f"thresholds refitted on all tune data)\n{'variant':34} {'dev R@1':>8} {'dev ans':>8} "
          f"{'dev ref':>8} {'fr R@1':>8} {'fr ans':>8} {'fr near':>8} {'fr far':>8} "
          f"{'conv off':>8} {'conv fu':>8}")
    ships: dict[int, Shipped] = {}
    for name, norm, drop in variants:
        ship = ships.setdefault(id(norm), Shipped(bot, sorted(texts), norm))
        cv = cross_validate(ship, tune_rows, drop=drop)
        d, f = (cv_figures(tune_rows, cv, parts[p]) for p in ("dev", "fresh"))
        params = fit_params(ship, tune_rows, drop)
        c = conversation_metrics(sets.conv_tune, ship.conversations(sets.conv_tune, params))
        print(f"{name:34} {d['r1']:8.3f} {d['answered']:8.3f} {d['refused']:8.3f} "
              f"{f['r1']:8.3f} {f['answered']:8.3f} {f['near']:8.3f} {f['far']:8.3f} "
              f"{c['offtopic_refused']:8.3f} {c['followup_right']:8.3f}")


def fit(bot: Bot, sets: Sets) -> RetrievalParams:
    """Fit on the tune data (old dev + fresh tune part) and say what it was fitted on."""
    tune_rows = [*sets.dev, *sets.tune]
    texts = ({r.query for r in tune_rows} | {f"{r.previous} {r.query}" for r in tune_rows
             if r.previous} | {r.previous for r in tune_rows if r.previous})
    chats = [*sets.conv_tune, *sets.conv_chains]
    asides = as_follow_ups(tune_rows, sets.conv_tune)
    texts |= {t for p in asides for t in (*p, " ".join(p))}
    ship = Shipped(bot, sorted(texts | conversation_texts(chats)))
    params = fit_keep_shown(ship, chats, fit_params(ship, tune_rows))
    params = fit_follow_up_cosine(ship, chats, asides, params)
    digest = hashlib.sha256(DEV.read_bytes() + FRESH.read_bytes()).hexdigest()[:12]
    params = replace(params, fitted_on=f"{DEV.name} + {FRESH.name} tune part sha256:{digest}")
    print("fusion weights", dict(zip(SIGNALS, params.weight_values())))
    print("confidence model:", dict(zip(FEATURES, params.coef)), "bias", params.bias)
    print(f"abstain below confidence {params.abstain_below}, suggest above {params.suggest_above}; "
          f"refuse a question of at most {params.novel_max_words} words naming a concept no "
          f"question uses; and one of at most {params.concept_max_words} words with a phrase "
          f"new to the bank whose cosine to it beats its top hit's by {params.concept_gap}; "
          f"a follow-up gets the question already shown when nothing else scores "
          f"{params.keep_shown_below} of it (tune conversations); a follow-up that leans by "
          f"its opening gets the joint hit when it shares a term with it or its cosine to it is "
          f"at least {params.follow_up_cosine}")
    return params


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fit", action="store_true", help="refit on the tune data, write params")
    ap.add_argument("--runs", type=int, default=60, help="timed runs for the speed ratio")
    ap.add_argument("--errors", action="store_true",
                    help="list the shipped retriever's misses on the tune data")
    ap.add_argument("--ablate", action="store_true", help="CV with each stage removed")
    args = ap.parse_args(argv)

    bot = Bot()
    sets = Sets.load(bot.bank)
    if args.fit:
        params = fit(bot, sets)
        PARAMS_OUT.write_text(params.to_json(), encoding="utf-8")
        print(f"wrote {PARAMS_OUT.relative_to(ROOT)}")
        bot = Bot(params=params)
    if args.ablate:
        ablate(bot, sets)
        return 0
    report(bot, sets, args)
    queries = [r.query for r in sets.dev]
    ask_ms, enc_ms, ratio = speed_ratio(bot, queries, args.runs)
    print(f"\nspeed: ask {ask_ms:.2f} ms vs encode([q]) {enc_ms:.2f} ms (median of {args.runs} "
          f"runs after warm-up) -> ratio {ratio:.2f} (target <= 1.1)")
    extra = retrieval_only_ms(bot, queries, args.runs)
    print(f"retrieval work besides the forward pass: {extra:.2f} ms median inside ask, on "
          "new texts (normalize, dense signals, BM25, fusion, confidence)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
