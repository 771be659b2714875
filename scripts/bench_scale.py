"""Scale benchmark: the index interviewbot picks for a synthetic bank of N vectors.

    .venv/bin/python scripts/bench_scale.py --n 1000000      # the full run (~10 min, ~4 GB)
    .venv/bin/python scripts/bench_scale.py --n 20000 --exact-limit 5000   # what CI runs

Vectors are generated, not embedded: clustered unit vectors shaped like this corpus's
embeddings (``annbench.synthetic_vectors``), optionally uniform noise on the sphere
too (``--data uniform``, the worst case for any partitioning index). Queries are held out:
drawn from the same distribution but not in the bank.

Reports build time, index size, process memory, single-query latency (median, p95) and
recall@10 against exact search, plus an nprobe sweep, as a markdown table and JSON in
``bench-results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from annbench import describe, index_bytes, synthetic_vectors  # noqa: E402
from interviewbot.index import ann  # noqa: E402

MAX_THREADS = os.cpu_count() or 1


def _status_mb(field: str) -> float:
    """A memory field of /proc/self/status (``VmRSS``, ``VmHWM``) in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    return _status_mb("VmRSS")


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    return _status_mb("VmHWM")


def latency_ms(index, queries: np.ndarray, k: int) -> tuple[float, float, list]:
    """Median and p95 single-query latency in ms, and the found rows."""
    for q in queries[:20]:  # warm-up
        index.search(q[None, :], k)
    times, found = [], []
    for q in queries:
        t = time.perf_counter()
        _, rows = index.search(q[None, :], k)
        times.append(time.perf_counter() - t)
        found.append(rows[0])
    return float(np.median(times) * 1e3), float(np.percentile(times, 95) * 1e3), found


def run(data: str, args: argparse.Namespace) -> dict:
    import faiss

    n, nq, dim = args.n, args.queries, args.dim
    t0 = time.perf_counter()
    if data == "uniform":
        allv = synthetic_vectors(
            n + nq, dim, shared=0, topics=1, clusters_per_topic=1, topic_spread=0,
            cluster_spread=0, seed=args.seed,
        )
    else:
        allv = synthetic_vectors(n + nq, dim, seed=args.seed)
    rng = np.random.default_rng(args.seed + 7)
    is_query = np.zeros(n + nq, dtype=bool)
    is_query[rng.choice(n + nq, nq, replace=False)] = True
    queries = np.ascontiguousarray(allv[is_query])
    base = np.ascontiguousarray(allv[~is_query])
    del allv
    gen_s = time.perf_counter() - t0
    print(f"[{data}] generated {n}x{dim} + {nq} queries in {gen_s:.1f}s", flush=True)

    t0 = time.perf_counter()
    truth = ann.exact_search(base, queries, args.k)[1]
    truth_s = time.perf_counter() - t0
    print(f"[{data}] exact ground truth in {truth_s:.1f}s", flush=True)

    rss_before = rss_mb()
    t0 = time.perf_counter()
    budget = int(args.code_budget_mb * 2**20)
    index = ann.make_index(base, args.exact_limit, nprobe=args.nprobe, code_budget=budget)
    build_s = time.perf_counter() - t0
    rss_after = rss_mb()
    info = describe(index)
    size = index_bytes(index)
    print(f"[{data}] built {info} in {build_s:.1f}s, {size / 2**20:.0f} MB", flush=True)

    out: dict = {
        "data": data,
        "n": n,
        "dim": dim,
        "queries": nq,
        "index": info,
        "plan": ann.plan(n, dim, args.exact_limit, budget).describe(),
        "generate_s": round(gen_s, 2),
        "ground_truth_s": round(truth_s, 2),
        "build_s": round(build_s, 2),
        "index_mb": round(size / 2**20, 1),
        "vectors_float32_mb": round(base.nbytes / 2**20, 1),
        "rss_growth_build_mb": round(rss_after - rss_before, 1),
        "search": {},
    }
    for threads in sorted({1, MAX_THREADS}):
        faiss.omp_set_num_threads(threads)
        med, p95, found = latency_ms(index, queries, args.k)
        rec = ann.recall_at_k(found, truth, args.k)
        out["search"][f"threads={threads}"] = {
            "median_ms": round(med, 3),
            "p95_ms": round(p95, 3),
            f"recall@{args.k}": round(rec, 4),
        }
        print(f"[{data}] threads={threads}: {med:.2f} ms median, {p95:.2f} p95, "
              f"recall@{args.k} {rec:.4f}", flush=True)
    faiss.omp_set_num_threads(1)

    if "nprobe" in info and not args.no_sweep:
        ivf = faiss.extract_index_ivf(index)
        chosen = ivf.nprobe
        sweep = []
        for p in ann.NPROBE_CANDIDATES:
            if p > ivf.nlist:
                break
            ivf.nprobe = p
            med, p95, found = latency_ms(index, queries[: min(nq, 500)], args.k)
            rec = ann.recall_at_k(found, truth[: min(nq, 500)], args.k)
            sweep.append({"nprobe": p, "median_ms": round(med, 3), "recall@10": round(rec, 4)})
            if rec > 0.999:
                break
        ivf.nprobe = chosen
        out["nprobe_sweep"] = sweep

    # the exact baseline a flat index would give at this size (latency only, a sample)
    if n > args.exact_limit and not args.no_flat:
        flat = faiss.IndexFlatIP(dim)
        flat.add(base)
        med, p95, _ = latency_ms(flat, queries[:100], args.k)
        out["flat_baseline"] = {"median_ms": round(med, 3), "p95_ms": round(p95, 3),
                                "index_mb": round(base.nbytes / 2**20, 1)}
        print(f"[{data}] flat baseline: {med:.2f} ms median", flush=True)
        del flat
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out


def table(results: list[dict]) -> str:
    rows = [
        "| data | n | index | build s | index MB | search ms (p50 / p95, 1 thread) "
        "| recall@10 | exact flat ms |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s = r["search"]["threads=1"]
        idx = r["index"]
        kind = idx["type"] + (f" nlist={idx['nlist']} nprobe={idx['nprobe']}" if "nlist" in idx
                              else "")
        flat = r.get("flat_baseline", {}).get("median_ms", "")
        rows.append(
            f"| {r['data']} | {r['n']:,} | {kind} | {r['build_s']} | {r['index_mb']} | "
            f"{s['median_ms']} / {s['p95_ms']} | {s['recall@10']} | {flat} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--data", choices=["clustered", "uniform", "both"], default="clustered")
    ap.add_argument("--exact-limit", type=int, default=ann.EXACT_LIMIT)
    ap.add_argument("--nprobe", type=int, default=None, help="fix nprobe instead of tuning")
    ap.add_argument("--code-budget-mb", type=float, default=ann.CODE_BUDGET_BYTES / 2**20,
                    help="float16 codes up to this size, 8-bit above (0: always 8-bit)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-sweep", action="store_true")
    ap.add_argument("--no-flat", action="store_true", help="skip the exact-search baseline")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)

    datas = ["clustered", "uniform"] if args.data == "both" else [args.data]
    results = [run(d, args) for d in datas]
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "loadavg_at_end": os.getloadavg(),
        },
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "results": results,
    }
    tag = "" if args.code_budget_mb == ann.CODE_BUDGET_BYTES / 2**20 else (
        f"-budget{args.code_budget_mb:g}mb"
    )
    out = args.out or ROOT / "bench-results" / f"scale-{args.n}{tag}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1))
    print()
    print(table(results))
    for r in results:
        if "nprobe_sweep" in r:
            print(f"\nnprobe sweep ({r['data']}): " + ", ".join(
                f"{s['nprobe']}→{s['recall@10']:.3f}@{s['median_ms']:.2f}ms"
                for s in r["nprobe_sweep"]))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
