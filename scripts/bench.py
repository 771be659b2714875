"""Performance benchmark: how close interviewbot gets to the cost of one model forward pass.

    .venv/bin/python scripts/bench.py                  # full run, ~5 min on 2 cores
    .venv/bin/python scripts/bench.py --quick          # fewer repetitions
    .venv/bin/python scripts/bench.py --update-docs    # also rewrite docs/PERFORMANCE.md's table

Measures in one run (warm-up first, medians reported):
  floor    the bare model forward for one short query (Encoder.encode of one text)
  ask      Bot.ask end to end in-process, and how much of it is the forward pass
  grade    Bot.grade end to end (question lookup + references + the answer's forward pass)
  cold     process start → first CLI answer (`interviewbot ask`), `--help`, and whether
           `--help` imports torch or gradio (python -X importtime); start → web server ready
  build    a full `interviewbot build` of the bundled corpus into an empty folder, then a
           `build` with nothing changed (embedding cache hits) and `build --if-needed`
  memory   peak RSS of the CLI ask, the builds and the web server
  load     requests/s at 1, 8 and 32 concurrent callers: per-request encoding against the
           micro-batcher (interviewbot.embedding.batching), for encode alone and for Bot.ask

Ratios to the floor are what carries across machines. Writes bench-results/bench.json and
prints a markdown table. The machine's load average is recorded: other processes on the same
cores distort every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

BIN = Path(sys.executable).parent
CLI = str(BIN / "interviewbot")
SHORT_QUERY = "why do we need relu?"
DOCS = ROOT / "docs" / "PERFORMANCE.md"
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


def med_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1e3, 2)


def p95(samples: list[float]) -> float:
    """The 95th percentile (inclusive method: within the samples' range)."""
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def timed_each(fn, args: list) -> list[float]:
    """Seconds of ``fn(a)`` for each ``a`` (after one warm-up call)."""
    fn(args[0])
    out = []
    for a in args:
        t = time.perf_counter()
        fn(a)
        out.append(time.perf_counter() - t)
    return out


def interleaved(fns: list, reps: int, warm: int = 3) -> list[list[float]]:
    """Seconds per call of each function, the functions called in turn ``reps`` times."""
    for _ in range(warm):
        for fn in fns:
            fn()
    out: list[list[float]] = [[] for _ in fns]
    for _ in range(reps):
        for times, fn in zip(out, fns):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
    return out


def timed(fn, reps: int, warm: int = 3) -> list[float]:
    """Seconds per call of ``fn``, ``reps`` calls after ``warm`` untimed ones."""
    return interleaved([fn], reps, warm)[0]


def run_timed(cmd: list[str], env: dict | None = None, timeout: float = 900) -> dict:
    """Wall seconds, peak RSS (MB) and exit code of one command, via /usr/bin/time."""
    timer = shutil.which("time") or "/usr/bin/time"
    full = [timer, "-f", "@@%e %M", *cmd] if Path(timer).exists() else cmd
    t = time.perf_counter()
    proc = subprocess.run(full, capture_output=True, text=True, env=env, timeout=timeout)
    wall = time.perf_counter() - t
    peak = None
    m = re.search(r"@@([\d.]+) (\d+)", proc.stderr)
    if m:
        peak = round(int(m.group(2)) / 1024, 1)
    return {"seconds": round(wall, 3), "peak_rss_mb": peak, "rc": proc.returncode,
            "stderr_tail": proc.stderr.strip().splitlines()[-1:] if proc.returncode else []}


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


class TimingEncoder:
    """Wraps an embedder and adds up the time spent inside encode (for the ask breakdown)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.seconds = 0.0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def encode(self, texts, *a, **kw):
        t = time.perf_counter()
        try:
            return self.inner.encode(texts, *a, **kw)
        finally:
            self.seconds += time.perf_counter() - t


# -- in-process: floor, ask, grade ---------------------------------------------------------
def bench_inprocess(settings, reps: int) -> dict:
    from interviewbot.bot import Bot
    from interviewbot.embedding.sentence import get_embedder

    bot = Bot(settings, auto_build=False)
    bot.ask("warm up the index")
    # The floor is one forward pass of the encoder the product uses for queries (the ONNX
    # Runtime export when present); torch's own forward pass is reported beside it.
    emb = bot.embedder
    torch_emb = get_embedder(settings.model)
    dev = load_jsonl(ROOT / "eval" / "retrieval_dev.jsonl")
    queries = [d["query"] for d in dev][:: max(1, len(dev) // 40)][:40]

    out: dict = {}
    # The floor and `ask` are timed alternately, so drift in the machine's speed (other
    # processes, CPU frequency) hits both alike instead of biasing their ratio.
    floor_t, ask_t = interleaved(
        [lambda: emb.encode([SHORT_QUERY]), lambda: bot.ask(SHORT_QUERY)], reps * 8, warm=10
    )
    out["floor_ms"] = med_ms(floor_t)
    out["floor_encoder"] = type(emb).__name__
    out["floor_torch_ms"] = med_ms(
        timed(lambda: torch_emb.encode([SHORT_QUERY]), reps * 4, warm=10)
    )
    out["ask_short_ms"] = med_ms(ask_t)
    # the dev queries: each one's forward pass alone vs its ask, paired
    floors, asks, enc_share, firsts = [], [], [], []
    probe = TimingEncoder(emb)
    for q in queries:
        # the first ask of a text (nothing cached for it) against its forward pass
        f0 = timed(lambda q=q: emb.encode([q]), 3, warm=1)
        t = time.perf_counter()
        bot.ask(q)
        firsts.append((time.perf_counter() - t) / statistics.median(f0))
        bot._embedder = probe
        probe.seconds = 0.0
        f, t = interleaved([lambda q=q: emb.encode([q]), lambda q=q: bot.ask(q)], reps, warm=1)
        enc_share.append(probe.seconds / (reps + 1))  # the asks' own encode calls
        bot._embedder = emb
        floors.append(statistics.median(f))
        asks.append(statistics.median(t))
    out["dev_queries"] = len(queries)
    out["floor_dev_ms"] = round(statistics.median(floors) * 1e3, 2)
    out["ask_dev_ms"] = round(statistics.median(asks) * 1e3, 2)
    out["ask_dev_encode_ms"] = round(statistics.median(enc_share) * 1e3, 2)
    out["ask_dev_ratio"] = round(
        statistics.median(a / f for a, f in zip(asks, floors)), 3
    )
    out["ask_dev_first_ratio"] = round(statistics.median(firsts), 3)

    gaming = load_jsonl(ROOT / "eval" / "grading_gaming.jsonl")
    items = [(g["question"], g["good"]) for g in gaming]
    floor_answer, grades, grades_cold, every, every_ratio = [], [], [], [], []
    for q, a in items:
        t = time.perf_counter()
        bot.grade(q, a)  # first call: references not yet encoded for this question
        grades_cold.append(time.perf_counter() - t)
        floor_answer.append(statistics.median(timed(lambda a=a: emb.encode([a]), reps, warm=1)))
        samples = timed(lambda q=q, a=a: bot.grade(q, a), reps, warm=1)
        grades.append(statistics.median(samples))
        every += samples
        every_ratio += [s / floor_answer[-1] for s in samples]
    out["grade_items"] = len(items)
    out["grade_ms"] = round(statistics.median(grades) * 1e3, 2)
    out["grade_first_ms"] = round(statistics.median(grades_cold) * 1e3, 2)
    out["floor_answer_ms"] = round(statistics.median(floor_answer) * 1e3, 2)
    out["ask_ratio"] = round(out["ask_short_ms"] / out["floor_ms"], 3)
    out["grade_ratio"] = round(out["grade_ms"] / out["floor_ms"], 3)
    out["grade_ratio_vs_answer_forward"] = round(
        statistics.median(g / f for g, f in zip(grades, floor_answer)), 3
    )
    # Every timed grade call pooled (items x reps): the median and the 95th percentile, in ms
    # and as a ratio to the same answer's own forward pass (issue 16's speed figures).
    out["grade_p50_ms"] = round(statistics.median(every) * 1e3, 2)
    out["grade_p95_ms"] = round(p95(every) * 1e3, 2)
    out["grade_p50_ratio_vs_answer_forward"] = round(statistics.median(every_ratio), 3)
    out["grade_p95_ratio_vs_answer_forward"] = round(p95(every_ratio), 3)
    return out


# -- concurrency: per-request vs micro-batched ----------------------------------------------
def throughput(call, texts: list[str], concurrency: int, total: int) -> float:
    """Requests per second with ``concurrency`` threads issuing ``total`` requests."""
    counter = iter(range(total))
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            call(texts[i % len(texts)])

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return total / (time.perf_counter() - t)


def bench_load(settings, quick: bool) -> dict:
    from interviewbot.bot import Bot
    from interviewbot.embedding.batching import MicroBatcher

    # the encoder the product serves queries with (ONNX Runtime when exported)
    emb = Bot(settings, auto_build=False).embedder
    print(f"  load: encoder {type(emb).__name__}", flush=True)
    dev = load_jsonl(ROOT / "eval" / "retrieval_dev.jsonl")
    texts = [d["query"] for d in dev]
    out: dict = {"encoder": type(emb).__name__}
    # The most batching can give on this CPU: 32 texts in one call against one call each.
    import random

    rng = random.Random(0)
    samples = [rng.sample(texts, 32) for _ in range(4 if quick else 12)]
    one_call = statistics.median(timed_each(emb.encode, samples))
    each = statistics.median(timed_each(lambda b: [emb.encode([t]) for t in b], samples))
    out["ceiling"] = {"one_call_ms": round(one_call * 1e3, 1), "each_ms": round(each * 1e3, 1),
                      "speedup": round(each / one_call, 2)}
    print(f"  load ceiling (32 texts): {out['ceiling']}", flush=True)
    for what in ("encode", "ask"):
        rows = {}
        for conc in (1, 8, 32):
            total = max(conc * (2 if quick else 4), 32)
            row = {}
            for mode in ("per_request", "batched"):
                batcher = MicroBatcher(emb, max_batch_size=32) if mode == "batched" else None
                target = batcher or emb
                if what == "encode":
                    def call(t, target=target):
                        return target.encode([t])
                else:
                    bot = Bot(settings, auto_build=False)
                    bot._embedder = target
                    bot.ask("warm up")
                    call = bot.ask
                throughput(call, texts, conc, min(total, 16))  # warm-up
                row[mode] = round(throughput(call, texts, conc, total), 1)
                if batcher is not None:
                    row["mean_batch"] = round(batcher.texts / max(batcher.batches, 1), 1)
                    batcher.close()
            row["speedup"] = round(row["batched"] / row["per_request"], 2)
            rows[str(conc)] = row
            print(f"  load {what} x{conc}: {row}", flush=True)
        out[what] = rows
    return out


# -- subprocesses: cold start, builds, server ------------------------------------------------
def imports_heavy(args: list[str]) -> dict:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "interviewbot", *args],
        capture_output=True, text=True, timeout=120,
    )
    mods = {ln.split("|")[-1].strip() for ln in proc.stderr.splitlines() if "|" in ln}
    return {name: any(m == name or m.startswith(name + ".") for m in mods)
            for name in ("torch", "gradio", "sentence_transformers", "faiss", "transformers")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_ready(index_dir: Path, timeout: float = 180) -> dict:
    """Seconds from `interviewbot serve` to the first 200 on /, and the server's peak RSS."""
    port = free_port()
    cmd = [CLI, "serve", "--index", str(index_dir), "--port", str(port)]
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    with tempfile.TemporaryFile(mode="w+") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        ready = peak = None
        try:
            while time.perf_counter() - t < timeout and proc.poll() is None:
                try:
                    with opener.open(f"http://127.0.0.1:{port}/", timeout=2) as r:
                        if r.status == 200:
                            ready = time.perf_counter() - t
                            break
                except OSError:
                    time.sleep(0.05)
            peak = _peak_rss_mb(proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        err.seek(0)
        tail = err.read().strip().splitlines()[-3:]
    return {
        "seconds": round(ready, 3) if ready is not None else None,
        "peak_rss_mb": peak,
        "error": None if ready is not None else tail,
    }


def _peak_rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def bench_processes(index_dir: Path, reps: int) -> dict:
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="ib-bench-") as tmp:
        fresh = Path(tmp) / "index"
        out["build_full"] = run_timed([CLI, "build", "--index", str(fresh)])
        out["build_unchanged"] = run_timed([CLI, "build", "--index", str(fresh)])
        out["build_if_needed"] = run_timed([CLI, "build", "--if-needed", "--index", str(fresh)])
    runs = [run_timed([CLI, "ask", SHORT_QUERY, "--index", str(index_dir)])
            for _ in range(max(3, reps // 3))]
    out["cold_ask"] = {
        "seconds": round(statistics.median(r["seconds"] for r in runs), 3),
        "peak_rss_mb": max((r["peak_rss_mb"] or 0) for r in runs),
        "rc": max(r["rc"] for r in runs),
    }
    helps = [run_timed([CLI, "--help"]) for _ in range(5)]
    out["cold_help_s"] = round(statistics.median(h["seconds"] for h in helps), 3)
    out["help_imports"] = imports_heavy(["--help"])
    out["server_ready"] = server_ready(index_dir)
    return out


# -- report ---------------------------------------------------------------------------------
def markdown(res: dict) -> str:
    p, c = res["inprocess"], res["processes"]
    floor = p["floor_ms"]
    lines = [
        "| measure | value | ratio to floor | target |",
        "|---|---:|---:|---|",
        f"| floor: one forward pass, short query ({p.get('floor_encoder', 'SentenceEncoder')}) "
        f"| {floor} ms | 1.00× | — |",
        f"| the same forward pass in torch | {p.get('floor_torch_ms', '—')} ms | "
        f"{round(p.get('floor_torch_ms', floor) / floor, 2)}× | — |",
        f"| `ask` end to end, same query (timed alternately with the floor) | "
        f"{p['ask_short_ms']} ms | {p['ask_ratio']}× | ≤ 1.1× |",
        f"| `ask`, {p['dev_queries']} dev queries (median of per-query ratios) | "
        f"{p['ask_dev_ms']} ms (forward {p['ask_dev_encode_ms']} ms) | {p['ask_dev_ratio']}× "
        f"| ≤ 1.1× |",
        f"| `ask`, the same dev queries asked for the first time (nothing cached) | — | "
        f"{p.get('ask_dev_first_ratio', '—')}× | — |",
        f"| `grade` end to end (references cached) | {p['grade_ms']} ms | {p['grade_ratio']}× "
        f"| ≤ 3× |",
        f"| `grade`, first time for a question | {p['grade_first_ms']} ms | "
        f"{round(p['grade_first_ms'] / floor, 2)}× | — |",
        f"| `grade` vs one forward pass of its answer | {p['floor_answer_ms']} ms forward | "
        f"{p['grade_ratio_vs_answer_forward']}× | — |",
        f"| `grade` p50 / p95, every call pooled (references cached) | "
        f"{p.get('grade_p50_ms', '—')} / {p.get('grade_p95_ms', '—')} ms | "
        f"{p.get('grade_p50_ratio_vs_answer_forward', '—')}× / "
        f"{p.get('grade_p95_ratio_vs_answer_forward', '—')}× its answer's forward pass "
        f"| p50 ≤ 150 ms |",
        f"| cold start → first CLI answer | {c['cold_ask']['seconds']} s | — | ≤ 5 s |",
        f"| `interviewbot --help` | {c['cold_help_s']} s (imports torch: "
        f"{c['help_imports']['torch']}, gradio: {c['help_imports']['gradio']}) | — | no torch |",
        f"| cold start → web server ready | {c['server_ready']['seconds']} s | — | — |",
        f"| full `build` of the bundled corpus | {c['build_full']['seconds']} s | — | — |",
        f"| `build` with nothing changed | {c['build_unchanged']['seconds']} s | — | ≤ 1 s |",
        f"| `build --if-needed`, nothing changed | {c['build_if_needed']['seconds']} s | — | — |",
        f"| peak memory: CLI ask / full build / web server | {c['cold_ask']['peak_rss_mb']} / "
        f"{c['build_full']['peak_rss_mb']} / {c['server_ready']['peak_rss_mb']} MB | — | — |",
    ]
    load = res.get("load")
    if load:
        lines += ["", "| concurrent callers | encode per-request → batched (req/s) | speedup "
                  "| ask per-request → batched (req/s) | speedup |", "|---:|---:|---:|---:|---:|"]
        for conc in ("1", "8", "32"):
            e, a = load["encode"][conc], load["ask"][conc]
            lines.append(
                f"| {conc} | {e['per_request']} → {e['batched']} | {e['speedup']}× | "
                f"{a['per_request']} → {a['batched']} | {a['speedup']}× |"
            )
        if "ceiling" in load:
            c32 = load["ceiling"]
            lines += ["", f"Encoder {load.get('encoder', '?')}. The ceiling for batching on "
                      f"this CPU: 32 dev queries in one call take {c32['one_call_ms']} ms, one "
                      f"call each {c32['each_ms']} ms ({c32['speedup']}×)."]
    m = res["machine"]
    lines += ["", f"Machine: {m['cpus']} CPUs, {m['platform']}, torch threads "
              f"{m['torch_threads']}, load average during the run {m['loadavg']}."]
    return "\n".join(lines)


def update_docs(table: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    if MARK_START not in text or MARK_END not in text:
        print(f"{DOCS} has no {MARK_START}…{MARK_END} section; not updated")
        return
    head, rest = text.split(MARK_START, 1)
    _, tail = rest.split(MARK_END, 1)
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    DOCS.write_text(f"{head}{MARK_START}\n_Run {stamp}._\n\n{table}\n{MARK_END}{tail}",
                    encoding="utf-8")
    print(f"updated {DOCS}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--skip-load", action="store_true", help="skip the concurrency runs")
    ap.add_argument("--only-load", action="store_true", help="only the concurrency runs")
    ap.add_argument("--skip-processes", action="store_true", help="skip subprocess runs")
    ap.add_argument("--only-processes", action="store_true",
                    help="only the subprocess runs, merged into an existing --out file")
    ap.add_argument("--update-docs", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "bench-results" / "bench.json")
    args = ap.parse_args(argv)
    reps = 5 if args.quick else 15

    import torch

    from interviewbot.config import Settings
    from interviewbot.index.build import build

    settings = Settings.from_env()
    t = time.perf_counter()
    build(settings, if_needed=True)  # the live index the in-process and CLI runs use
    print(f"index ready in {time.perf_counter() - t:.1f}s", flush=True)
    res: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(),
        }
    }
    load_before = os.getloadavg()
    if args.only_processes:  # refresh the subprocess figures of an earlier full run
        res = json.loads(args.out.read_text(encoding="utf-8"))
        res["processes"] = bench_processes(settings.index_dir, reps)
        args.out.write_text(json.dumps(res, indent=1))
        print(markdown(res))
        return 0
    if args.only_load:
        print(json.dumps(bench_load(settings, args.quick), indent=1))
        return 0
    res["inprocess"] = bench_inprocess(settings, reps)
    print("in-process:", res["inprocess"], flush=True)
    if not args.skip_load:
        res["load"] = bench_load(settings, args.quick)
    if not args.skip_processes:
        res["processes"] = bench_processes(settings.index_dir, reps)
        print("processes:", res["processes"], flush=True)
    res["inprocess_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    res["machine"]["loadavg"] = f"{load_before[0]:.1f} at start, {os.getloadavg()[0]:.1f} at end"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=1))
    if "processes" in res:
        table = markdown(res)
        print()
        print(table)
        if args.update_docs:
            update_docs(table)
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
