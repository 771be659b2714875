"""Evaluate question retrieval (issue 5): BM25 alone, dense alone and the shipped retriever.

    .venv/bin/python scripts/eval_retrieval.py [DEV.jsonl] [TEST.jsonl] [--fit] [--runs 60]

Prints Recall@1, Recall@3, MRR, the answered rate in domain and the refusal rate out of
domain for each system on the dev set, in grouped 5-fold cross-validation on the dev set
(folds grouped by canonical question, all fitting redone inside each fold) and on the
held-out test set, then the speed ratio
(median ``Bot.ask`` latency / median ``embedder.encode([q])`` latency).

``--fit`` refits the shipped retriever's fusion weights, confidence model and thresholds on
the DEV file only and writes ``src/interviewbot/data/retrieval_params.json``. The held-out
file is never used for fitting; its figures are only reported.

Baselines get the same follow-up handling as the shipped retriever (a fragment is also read
together with its ``previous`` question; the more confident reading wins) and an abstention
threshold on their top score fitted on the dev set (best balanced accuracy), so every system
is scored on the same five figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from interviewbot.bot import Bot
from interviewbot.corpus.clean import norm_key
from interviewbot.retrieval.decision import Signals, features, fuse, rank
from interviewbot.retrieval.dense import dense_by_question
from interviewbot.retrieval.follow_up import decide_readings, leans_on_previous
from interviewbot.retrieval.follow_up import readings as follow_up_readings
from interviewbot.retrieval.params import FEATURES, SIGNALS, RetrievalParams

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "eval" / "retrieval_dev.jsonl"
TEST = ROOT / "eval" / "retrieval_test.jsonl"
PARAMS_OUT = ROOT / "src" / "interviewbot" / "data" / "retrieval_params.json"
TARGETS = {"r1": 0.95, "answered": 0.97, "refused": 0.95}


@dataclass
class Row:
    """One query of a dev/test file with the bank positions that count as correct."""

    query: str
    previous: str | None
    style: str
    topic: str
    gold: set[int]

    @property
    def in_domain(self) -> bool:
        return self.style != "ood"


@dataclass
class Outcome:
    """A system's answer to one row: ranked bank positions, confidence, abstained."""

    ranked: list[int]
    score: float
    abstained: bool


def load_rows(path: Path, bot: Bot) -> list[Row]:
    """Rows of a JSONL file, expected texts mapped to bank positions via ``norm_key``."""
    by_key: dict[str, set[int]] = {}
    for i, c in enumerate(bot.bank):
        for v in c.variants:
            by_key.setdefault(norm_key(v.text), set()).add(i)
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        gold = set().union(*(by_key.get(norm_key(e), set()) for e in d["expected"]))
        if d["expected"] and not gold:
            print(f"warning: no bank question matches {d['query']!r}", file=sys.stderr)
        rows.append(Row(d["query"], d.get("previous"), d["style"], d["topic"], gold))
    return rows


def readings(row: Row, follow_up_words: int) -> list[str]:
    """The texts a query is read as: itself, plus (for a short follow-up) previous + itself
    and the previous question alone."""
    return follow_up_readings(row.query, row.previous, follow_up_words)


# -- metrics ---------------------------------------------------------------------------------
def metrics(rows: Sequence[Row], outs: Sequence[Outcome]) -> dict[str, float]:
    """Recall@1/@3 and MRR over the ranking (in domain), answered / refused rates, and how
    often an answer was shown with a wrong top hit."""
    ind = [(r, o) for r, o in zip(rows, outs) if r.in_domain]
    ood = [o for r, o in zip(rows, outs) if not r.in_domain]

    def rr(r: Row, o: Outcome) -> float:
        for i, pos in enumerate(o.ranked[:10]):
            if pos in r.gold:
                return 1.0 / (i + 1)
        return 0.0

    n = max(len(ind), 1)
    return {
        "r1": sum(bool(o.ranked) and o.ranked[0] in r.gold for r, o in ind) / n,
        "r3": sum(any(p in r.gold for p in o.ranked[:3]) for r, o in ind) / n,
        "mrr": sum(rr(r, o) for r, o in ind) / n,
        "answered": sum(not o.abstained for _, o in ind) / n,
        "answered_right": sum((not o.abstained) and o.ranked[0] in r.gold for r, o in ind) / n,
        "refused": sum(o.abstained for o in ood) / max(len(ood), 1),
    }


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


# -- systems ---------------------------------------------------------------------------------
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


def run_system(
    rows: Sequence[Row],
    score_fn: Callable[[str], np.ndarray],
    follow_up_words: int,
    threshold: float | None,
) -> tuple[list[Outcome], list[float]]:
    """Rank by a per-question score vector; abstain when the top score is below threshold."""
    outs, tops = [], []
    for row in rows:
        best: np.ndarray | None = None
        for text in readings(row, follow_up_words)[:2]:
            s = score_fn(text)
            if best is None or s.max() > best.max():
                best = s
        order = [pos for pos, _ in rank(best, 10)]
        top = float(best.max())
        tops.append(top)
        outs.append(Outcome(order, top, threshold is not None and top < threshold))
    return outs, tops


def dense_scorer(bot: Bot, texts: Sequence[str]) -> Callable[[str], np.ndarray]:
    """Dense alone, as the untuned retriever: per question the best phrasing cosine or
    0.85 × the best answer-chunk cosine, on the query as typed."""
    idx = bot.index
    matcher = bot.retriever
    vecs = dict(zip(texts, bot.embedder.encode(list(texts))))

    def score(text: str) -> np.ndarray:
        s, r = idx.faiss_index.search(vecs[text].reshape(1, -1), idx.faiss_index.ntotal)
        dq, da = dense_by_question(s[0], r[0], matcher.row_qidx, matcher.row_is_answer, matcher.n)
        return np.maximum(dq, 0.85 * da)

    return score


class Shipped:
    """The shipped retriever, signals cached per reading so parameters can be refitted."""

    def __init__(self, bot: Bot, rows: Sequence[Row]) -> None:
        self.bot = bot
        self.cache: dict[str, tuple[object, Signals]] = {}
        texts = sorted({t for r in rows for t in readings(r, 50)})
        queries = [bot.retriever.normalize(t) for t in texts]
        vecs = bot.embedder.encode([q.text for q in queries])
        for t, q, v in zip(texts, queries, vecs):
            self.cache[t] = (q, bot.retriever.signals(q, v))

    def outcome(self, row: Row, params: RetrievalParams, k: int = 10) -> Outcome:
        """What ``Bot.ask`` decides for this row under ``params``."""
        sigs = [self.cache[t][1] for t in readings(row, params.follow_up_words)]
        d = decide_readings(row.query, sigs, k, params, self.bot.retriever.duplicates)
        return Outcome([p for p, _ in d.ranked], d.confidence, d.abstain)

    def top_features(self, row: Row, params: RetrievalParams) -> np.ndarray:
        """Confidence features of the top hit of the reading with the higher fused top
        score (the previous question's best match left out of the joint reading)."""
        sigs = [self.cache[t][1] for t in readings(row, params.follow_up_words)]
        dup = self.bot.retriever.duplicates
        best_x, best_top = None, -1.0
        for i, sig in enumerate(sigs[:2]):
            fused = fuse(sig, params)
            if i == 1:
                shown = int(np.argmax(fuse(sigs[2], params)))
                fused[shown] = 0.0
                fused[dup[shown]] = 0.0
            ranked = rank(fused, 2, dup)
            if i == 1 and leans_on_previous(row.query):
                return features(sig, fused, ranked[0][0], ranked[1][1])
            if ranked[0][1] > best_top:
                best_top = ranked[0][1]
                best_x = features(sig, fused, ranked[0][0], ranked[1][1])
        return best_x


# -- fitting (dev only) ------------------------------------------------------------------------
def ranking_matrices(
    ship: Shipped, rows: Sequence[Row], base: RetrievalParams
) -> tuple[np.ndarray, np.ndarray]:
    """(rows, questions, signals) evidence and (rows, questions) gold mask of the in-domain
    rows. A follow-up that leans on its previous question is read jointly, with the previous
    question's best match (under ``base``) pushed out of reach, as ``Bot.ask`` does."""
    ind = [r for r in rows if r.in_domain]
    n = len(ship.bot.bank)
    dup = ship.bot.retriever.duplicates
    xs = np.zeros((len(ind), n, len(SIGNALS)))
    gold = np.zeros((len(ind), n), dtype=bool)
    for i, r in enumerate(ind):
        texts = readings(r, base.follow_up_words)
        if len(texts) == 3 and leans_on_previous(r.query):
            xs[i] = ship.cache[texts[1]][1].stack().T
            shown = int(np.argmax(fuse(ship.cache[texts[2]][1], base)))
            xs[i, shown] = xs[i, dup[shown]] = -1.0
        else:
            xs[i] = ship.cache[texts[0]][1].stack().T
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
    quiet: bool = False,
) -> RetrievalParams:
    """Non-negative fusion weights (summing to 1) maximizing the regularized listwise
    likelihood of the gold question: smooth in the weights, so it does not chase the last
    few dev rows the way a grid search for Recall@1 does (``scale``/``l2`` chosen by CV)."""
    from scipy.optimize import minimize

    xs, gold = ranking_matrices(ship, rows, base)
    k = len(SIGNALS)
    res = minimize(
        listwise_loss, np.full(k, 1.0 / k), args=(xs, gold, scale, l2), jac=True,
        method="L-BFGS-B", bounds=[(0.0, None)] * k,
    )
    w = res.x / max(float(res.x.sum()), 1e-9)
    w = [round(float(x), 3) for x in w]
    if not quiet:
        print("fusion weights", dict(zip(SIGNALS, w)))
    return replace(
        base,
        w_dense_question=w[0],
        w_dense_answer=w[1],
        w_lexical_question=w[2],
        w_lexical_answer=w[3],
        w_dense_centroid=w[4],
    )


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


def fit_params(ship: Shipped, rows: Sequence[Row], quiet: bool = False) -> RetrievalParams:
    """Fusion weights, the confidence model and the abstention threshold from ``rows``."""
    params = fit_weights(ship, rows, RetrievalParams(), quiet=quiet)
    x = np.stack([ship.top_features(r, params) for r in rows])
    y = np.array([1.0 if r.in_domain else 0.0 for r in rows])
    coef, bias = fit_logistic(x, y)
    params = replace(params, coef=tuple(round(float(c), 4) for c in coef), bias=round(bias, 4))
    tau = balanced_threshold(rows, [ship.outcome(r, params).score for r in rows])
    return replace(params, abstain_below=round(tau, 4), suggest_above=round(tau / 4, 4))


def fit(bot: Bot, dev: Sequence[Row], dev_path: Path) -> RetrievalParams:
    """Fit fusion weights, the confidence model and thresholds on the dev set only."""
    params = fit_params(Shipped(bot, dev), dev)
    digest = hashlib.sha256(dev_path.read_bytes()).hexdigest()[:12]
    params = replace(params, fitted_on=f"{dev_path.name} sha256:{digest}")
    print("confidence model:", dict(zip(FEATURES, params.coef)), "bias", params.bias)
    print(f"abstain below confidence {params.abstain_below}, suggest above {params.suggest_above}")
    return params


# -- grouped cross-validation on dev -----------------------------------------------------------
def folds(rows: Sequence[Row], k: int = 5, seed: int = 0) -> np.ndarray:
    """Fold of each row, grouped so that every paraphrase of one canonical question (same
    gold set) lands in the same fold; out-of-domain rows are spread one by one."""
    keys = [str(sorted(r.gold)) if r.in_domain else f"ood:{i}" for i, r in enumerate(rows)]
    uniq = sorted(set(keys))
    perm = np.random.default_rng(seed).permutation(len(uniq))
    fold = {u: int(perm[i]) % k for i, u in enumerate(uniq)}
    return np.array([fold[key] for key in keys])


def cross_validate(
    bot: Bot, rows: Sequence[Row], k: int = 5, seeds: Sequence[int] = (0, 1, 2)
) -> dict[str, float]:
    """Figures of the whole fitting procedure (weights, confidence model, threshold) on
    held-out folds of dev, averaged over a few fold assignments."""
    ship = Shipped(bot, rows)
    runs = []
    for seed in seeds:
        fold = folds(rows, k, seed)
        outs: list[Outcome | None] = [None] * len(rows)
        for f in range(k):
            params = fit_params(ship, [r for r, g in zip(rows, fold) if g != f], quiet=True)
            for i in np.flatnonzero(fold == f):
                outs[i] = ship.outcome(rows[i], params)
        runs.append(metrics(rows, outs))
    return {key: float(np.mean([m[key] for m in runs])) for key in runs[0]}


def cross_validate_baseline(
    rows: Sequence[Row], score_fn: Callable[[str], np.ndarray], follow_up_words: int,
    k: int = 5, seeds: Sequence[int] = (0, 1, 2),
) -> dict[str, float]:
    """A baseline's figures with its abstention threshold fitted on the other folds."""
    _, tops = run_system(rows, score_fn, follow_up_words, None)
    runs = []
    for seed in seeds:
        fold = folds(rows, k, seed)
        outs: list[Outcome | None] = [None] * len(rows)
        for f in range(k):
            train = [i for i in range(len(rows)) if fold[i] != f]
            t = balanced_threshold([rows[i] for i in train], [tops[i] for i in train])
            test = [rows[i] for i in np.flatnonzero(fold == f)]
            for i, o in zip(np.flatnonzero(fold == f),
                            run_system(test, score_fn, follow_up_words, t)[0]):
                outs[i] = o
        runs.append(metrics(rows, outs))
    return {key: float(np.mean([m[key] for m in runs])) for key in runs[0]}


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


# -- main --------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev", nargs="?", type=Path, default=DEV)
    ap.add_argument("test", nargs="?", type=Path, default=TEST)
    ap.add_argument("--fit", action="store_true", help="refit on DEV and write the params file")
    ap.add_argument("--runs", type=int, default=60, help="timed runs for the speed ratio")
    ap.add_argument("--errors", action="store_true", help="list the shipped retriever's misses")
    args = ap.parse_args(argv)

    bot = Bot()
    if args.fit:
        dev_rows = load_rows(args.dev, bot)
        params = fit(bot, dev_rows, args.dev)
        PARAMS_OUT.write_text(params.to_json(), encoding="utf-8")
        print(f"wrote {PARAMS_OUT.relative_to(ROOT)}")
        bot = Bot(params=params)
    splits = {"dev": load_rows(args.dev, bot), "held-out": load_rows(args.test, bot)}
    fw = bot.params.follow_up_words

    bm25 = BM25Baseline(bot)
    all_texts = sorted({t for rows in splits.values() for r in rows for t in readings(r, fw)})
    dense = dense_scorer(bot, all_texts)
    thresholds = {
        "bm25": balanced_threshold(splits["dev"], run_system(splits["dev"], bm25.scores, fw,
                                                             None)[1]),
        "dense": balanced_threshold(splits["dev"], run_system(splits["dev"], dense, fw,
                                                              None)[1]),
    }
    table: dict[tuple[str, str], dict[str, float]] = {}
    dev = splits["dev"]
    table[("BM25 (bm25s)", "dev CV")] = cross_validate_baseline(dev, bm25.scores, fw)
    table[("dense", "dev CV")] = cross_validate_baseline(dev, dense, fw)
    table[("shipped", "dev CV")] = cross_validate(bot, dev)
    for split, rows in splits.items():
        table[("BM25 (bm25s)", split)] = metrics(rows, run_system(rows, bm25.scores, fw,
                                                                  thresholds["bm25"])[0])
        table[("dense", split)] = metrics(rows, run_system(rows, dense, fw,
                                                           thresholds["dense"])[0])
        ship = Shipped(bot, rows)
        outs = [ship.outcome(r, bot.params) for r in rows]
        for r, o in list(zip(rows, outs))[:: max(1, len(rows) // 15)]:  # agrees with Bot.ask
            got = bot.ask(r.query, top_k=10, previous=r.previous)
            assert got.abstained == o.abstained, r.query
            if not got.abstained:
                assert got.hits[0].id == bot.bank[o.ranked[0]].id, r.query
        table[("shipped", split)] = metrics(rows, outs)
        if args.errors:
            print(f"\n-- shipped misses on {split} --")
            for r, o in zip(rows, outs):
                wrong = r.in_domain and (not o.ranked or o.ranked[0] not in r.gold)
                if wrong or r.in_domain == o.abstained:
                    top = bot.bank[o.ranked[0]].question[:70] if o.ranked else "-"
                    print(f"{r.style:10} conf={o.score:.2f} abst={o.abstained!s:5} "
                          f"{'WRONG ' if wrong else ''}{r.query[:60]!r} -> {top!r}")

    n = {s: (sum(r.in_domain for r in rows), sum(not r.in_domain for r in rows))
         for s, rows in splits.items()}
    print(f"\nRetrieval on dev ({n['dev'][0]} in-domain / {n['dev'][1]} OOD) and held-out "
          f"({n['held-out'][0]} / {n['held-out'][1]}); thresholds fitted on dev only; "
          "dev CV = 5-fold grouped by canonical question, everything refitted per fold, "
          "mean of 3 fold assignments")
    head = (f"{'system':14} {'split':9} {'R@1':>6} {'R@3':>6} {'MRR':>6} {'answered':>9} "
            f"{'ans+right':>9} {'refused':>8}")
    print(head)
    print("-" * len(head))
    order = [(sy, sp) for sy in ("BM25 (bm25s)", "dense", "shipped")
             for sp in ("dev", "dev CV", "held-out")]
    for system, split in order:
        m = table[(system, split)]
        print(f"{system:14} {split:9} {m['r1']:6.3f} {m['r3']:6.3f} {m['mrr']:6.3f} "
              f"{m['answered']:9.3f} {m['answered_right']:9.3f} {m['refused']:8.3f}")
    print(f"targets (shipped): R@1 >= {TARGETS['r1']}, answered >= {TARGETS['answered']}, "
          f"refused >= {TARGETS['refused']}")
    queries = [r.query for r in splits["dev"]]
    ask_ms, enc_ms, ratio = speed_ratio(bot, queries, args.runs)
    print(f"\nspeed: ask {ask_ms:.2f} ms vs encode([q]) {enc_ms:.2f} ms (median of {args.runs} "
          f"runs after warm-up) -> ratio {ratio:.2f} (target <= 1.2)")
    extra = retrieval_only_ms(bot, queries, args.runs)
    print(f"retrieval work besides the forward pass: {extra:.2f} ms median inside ask, on "
          "new texts (normalize, dense signals, BM25, fusion, confidence)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
