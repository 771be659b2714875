"""Load test: N concurrent simulated users mixing /ask and /grade against a running server.

    python scripts/load_test.py                    # starts its own server on a free port
    python scripts/load_test.py --url http://127.0.0.1:7860 --users 32 --requests 640
    python scripts/load_test.py --replicas 4 --users 64   # 4 servers on one PostgreSQL it starts

With ``--replicas N`` the script starts a throwaway PostgreSQL (Debian's binaries, as the tests
do) and N ``interviewbot serve --db postgresql://…`` processes on free loopback ports; each user
sticks to one replica (as sticky sessions behind a proxy would) and a share of its requests
saves a graded answer to the shared history (``--save-share``).

Loopback only, bounded in requests and seconds. Uses Gradio's HTTP API
(POST /gradio_api/call/<name>, then GET the event stream). Prints throughput, latency
percentiles and errors; writes JSON with --json-out.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "why do we need relu?", "what is dropout", "batchnorm", "vanishing gradients fix",
    "adam vs sgd", "how do cnns work", "what is an lstm", "overfitting how to prevent",
    "what is transfer learning", "how do I bake sourdough bread?", "xavier vs he init",
    "what is a loss function", "explain backprop simply", "handle imbalanced data",
]  # fmt: skip
ANSWERS = [
    ("What is dropout?", "It randomly disables neurons during training to reduce overfitting."),
    ("What is the vanishing gradient problem?", "Gradients shrink through many layers so early "
     "layers barely learn; ReLU, good init and batch norm help."),
    ("Why do we use activation functions?", "They add non-linearity so the network can learn "
     "complex patterns."),
    ("What is dropout?", "I like turtles"),
]  # fmt: skip


def is_loopback(url: str) -> bool:
    host = urllib.parse.urlparse(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def call(base: str, name: str, data: list, timeout: float) -> dict:
    """One API call through Gradio's two-step HTTP protocol; the result or an exception."""
    req = urllib.request.Request(
        f"{base}/gradio_api/call/{name}",
        data=json.dumps({"data": data}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        event_id = json.loads(resp.read())["event_id"]
    with urllib.request.urlopen(f"{base}/gradio_api/call/{name}/{event_id}", timeout=timeout) as r:
        event = None
        for raw in r:
            line = raw.decode().strip()
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in {"complete", "error"}:
                payload = line.split(":", 1)[1].strip()
                if event == "error":
                    raise RuntimeError(f"server error: {payload[:200]}")
                return json.loads(payload)[0]
    raise RuntimeError("stream ended without a result")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, db: str | None = None) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), HF_HUB_OFFLINE="1")
    extra = ["--db", db] if db else []
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewbot", "serve", "--port", str(port), *extra],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read()[-500:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/gradio_api/info", timeout=2).read()
            return proc
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("server did not become ready within 180 s")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    idx = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[idx]


def run(
    bases: list[str], users: int, requests: int, seconds: float, ask_share: float, seed: int,
    save_share: float = 0.0,
) -> dict:
    """Drive the servers; every user sticks to one of ``bases`` and loops until the request
    budget or the time limit is spent. A ``save_share`` of the grade requests also store the
    answer in the practice history (``save_answer``)."""
    lock = threading.Lock()
    budget = [requests]
    latencies: dict[str, list[float]] = {"ask": [], "grade": [], "save_answer": []}
    errors: list[str] = []
    stop_at = time.monotonic() + seconds

    def user(uid: int) -> None:
        rng = random.Random(seed + uid)
        base = bases[uid % len(bases)]
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            if rng.random() < ask_share:
                name, data = "ask", [rng.choice(QUESTIONS), 3]
            elif rng.random() < save_share:
                name, data = "save_answer", [*rng.choice(ANSWERS), f"load-{uid}"]
            else:
                name, data = "grade", list(rng.choice(ANSWERS))
            t0 = time.perf_counter()
            try:
                out = call(base, name, data, timeout=60)
                if not isinstance(out, dict):
                    raise RuntimeError(f"unexpected result {str(out)[:80]}")
                with lock:
                    latencies[name].append(time.perf_counter() - t0)
            except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                with lock:
                    errors.append(f"{name}: {exc.__class__.__name__}: {str(exc)[:120]}")

    for base in bases:
        call(base, "ask", ["warm up", 1], timeout=120)
    t_start = time.perf_counter()
    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 90)
    wall = time.perf_counter() - t_start
    all_lat = [v for values in latencies.values() for v in values]
    done = len(all_lat)
    summary = {
        "replicas": len(bases),
        "users": users,
        "completed": done,
        "errors": len(errors),
        "error_samples": errors[:5],
        "wall_s": round(wall, 2),
        "throughput_rps": round(done / wall, 2) if wall else 0.0,
    }
    for name, values in [("all", all_lat), *latencies.items()]:
        summary[name] = {
            "n": len(values),
            "p50_ms": round(percentile(values, 50) * 1000, 1),
            "p95_ms": round(percentile(values, 95) * 1000, 1),
            "p99_ms": round(percentile(values, 99) * 1000, 1),
            "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else None,
        }
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="server to test (loopback only); default: start one")
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--requests", type=int, default=640, help="total requests (budget)")
    parser.add_argument("--seconds", type=float, default=180, help="time limit")
    parser.add_argument("--ask-share", type=float, default=0.7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json-out", help="write the summary here as JSON")
    parser.add_argument("--replicas", type=int, default=0,
                        help="start this many servers on one throwaway PostgreSQL")  # fmt: skip
    parser.add_argument("--save-share", type=float, default=None,
                        help="share of grade requests that also save the answer "
                             "(default 0.5 with --replicas, else 0)")  # fmt: skip
    args = parser.parse_args()
    if not (1 <= args.users <= 256 and 1 <= args.requests <= 20_000 and args.seconds <= 1800):
        parser.error("users 1-256, requests 1-20000, seconds <= 1800")
    if not 0 <= args.replicas <= 8:
        parser.error("replicas 0-8")
    save_share = args.save_share if args.save_share is not None else (
        0.5 if args.replicas else 0.0
    )
    procs: list[subprocess.Popen] = []
    with contextlib.ExitStack() as stack:
        if args.url:
            if not is_loopback(args.url):
                parser.error("load tests only target loopback addresses (127.0.0.1, localhost)")
            bases = [args.url.rstrip("/")]
        else:
            db = None
            if args.replicas:
                sys.path.insert(0, str(ROOT / "tests"))
                from pg_server import fresh_database, postgres_server

                db = fresh_database(stack.enter_context(postgres_server()))
            ports = [free_port() for _ in range(max(1, args.replicas))]
            for port in ports:
                procs.append(start_server(port, db))
                stack.callback(_stop, procs[-1])
            bases = [f"http://127.0.0.1:{p}" for p in ports]
        summary = run(
            bases, args.users, args.requests, args.seconds, args.ask_share, args.seed, save_share
        )
    print("| replicas | users | requests | errors | throughput | p50 | p95 | p99 |")
    print("|---|---|---|---|---|---|---|---|")
    a = summary["all"]
    print(
        f"| {summary['replicas']} | {summary['users']} | {summary['completed']} | "
        f"{summary['errors']} | "
        f"{summary['throughput_rps']} req/s | {a['p50_ms']} ms | {a['p95_ms']} ms | "
        f"{a['p99_ms']} ms |"
    )
    for name in ("ask", "grade", "save_answer"):
        s = summary[name]
        print(
            f"  {name}: n={s['n']} p50={s['p50_ms']} ms p95={s['p95_ms']} ms p99={s['p99_ms']} ms"
        )
    for e in summary["error_samples"]:
        print(f"  error: {e}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(summary, indent=1))
    return 0 if summary["errors"] == 0 else 1


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


if __name__ == "__main__":
    raise SystemExit(main())
