"""Experiment: ONNX Runtime (fp32 and dynamic int8) against the torch encoder.

    .venv/bin/pip install onnxruntime onnx onnxscript     # not project dependencies
    .venv/bin/python scripts/bench_onnx.py                 # exports to build/onnx if needed

Measures, for the same all-MiniLM-L6-v2 weights:
  * the floor: one short query's encode, median ms (and a 32-query batch);
  * embedding agreement with torch: cosine over the dev queries and every indexed text;
  * retrieval: dense top-1 over the indexed rows (bank re-embedded with the same backend),
    and ``Bot.ask`` hit@1 / abstention on eval/retrieval_dev.jsonl with the backend
    encoding the queries against the torch-built index;
  * grading: |Δscore| and verdict agreement on eval/grading_gaming.jsonl.
Writes bench-results/onnx.json and prints a markdown table.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

QUERY = "why do we need relu?"


def median_ms(fn, reps: int = 40, warm: int = 5) -> float:
    for _ in range(warm):
        fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def main() -> int:
    from interviewbot.bot import Bot
    from interviewbot.config import Settings
    from interviewbot.embedding.sentence import get_embedder
    from interviewbot.grading import grade_answer
    from onnx_embed import OnnxEmbedder, export

    folder = ROOT / "build" / "onnx"
    if not (folder / "model.int8.onnx").is_file():
        export(folder, quantize=True)
    backends = {
        "torch": get_embedder(),
        "onnx-fp32": OnnxEmbedder(folder),
        "onnx-int8": OnnxEmbedder(folder, int8=True),
    }
    settings = Settings.from_env(corpus_dir=ROOT / "corpus" / "raw", index_dir=ROOT / "index")
    bot = Bot(settings)
    bank = bot.bank
    entries = bot.index.entries
    texts = [e.text for e in entries]
    dev = load_jsonl(ROOT / "eval" / "retrieval_dev.jsonl")
    queries = [d["query"] for d in dev]
    by_text: dict[str, str] = {}
    for c in bank:
        by_text[c.question] = c.id
        for v in c.variants:
            by_text[v.text] = c.id
    expected = [{by_text[t] for t in d["expected"] if t in by_text} for d in dev]
    row_qid = np.array([e.qid for e in entries])
    gaming = load_jsonl(ROOT / "eval" / "grading_gaming.jsonl")
    kinds = [k for k in gaming[0] if k not in ("question", "references")]

    results: dict[str, dict] = {}
    base_q = base_t = None
    base_top = base_grades = base_ask = None
    for name, emb in backends.items():
        r: dict = {}
        r["floor_ms"] = round(median_ms(lambda e=emb: e.encode([QUERY])), 2)
        batch = queries[:32]
        r["batch32_ms"] = round(median_ms(lambda e=emb: e.encode(batch), reps=10, warm=2), 1)
        qv, tv = emb.encode(queries), emb.encode(texts)
        top = row_qid[np.argmax(qv @ tv.T, axis=1)]
        in_domain = [i for i, e in enumerate(expected) if e]
        r["dense_top1_acc"] = round(
            float(np.mean([top[i] in expected[i] for i in in_domain])), 4
        )
        bot._embedder = emb  # query side only; the index stays the torch-built one
        asks = [bot.ask(q, top_k=1) for q in queries]
        correct = [
            (a.abstained if not expected[i] else (not a.abstained and a.hits[0].id in expected[i]))
            for i, a in enumerate(asks)
        ]
        r["ask_correct"] = round(float(np.mean(correct)), 4)
        grades = []
        for item in gaming:
            for kind in kinds:
                g = grade_answer(item["question"], item[kind], item["references"], emb)
                grades.append((g.score, g.verdict, g.passed))
        if base_q is None:
            base_q, base_t, base_top = qv, tv, top
            base_grades, base_ask = grades, [a.hits[0].id if a.hits else None for a in asks]
        else:
            cq = np.sum(qv * base_q, axis=1)
            ct = np.sum(tv * base_t, axis=1)
            r["cosine_vs_torch_mean"] = round(float(np.mean(np.r_[cq, ct])), 5)
            r["cosine_vs_torch_min"] = round(float(np.min(np.r_[cq, ct])), 5)
            r["dense_top1_agree"] = round(float(np.mean(top == base_top)), 4)
            ids = [a.hits[0].id if a.hits else None for a in asks]
            r["ask_top1_agree"] = round(float(np.mean([a == b for a, b in zip(ids, base_ask)])), 4)
            d = [abs(a[0] - b[0]) for a, b in zip(grades, base_grades)]
            r["grade_abs_diff_mean"] = round(float(np.mean(d)), 2)
            r["grade_abs_diff_max"] = int(max(d))
            r["grade_verdict_agree"] = round(
                float(np.mean([a[1] == b[1] for a, b in zip(grades, base_grades)])), 4
            )
            r["grade_pass_agree"] = round(
                float(np.mean([a[2] == b[2] for a, b in zip(grades, base_grades)])), 4
            )
        r["grade_mean_score"] = round(float(np.mean([g[0] for g in grades])), 2)
        results[name] = r
        print(name, r, flush=True)
    bot._embedder = None

    floor = results["torch"]["floor_ms"]
    print()
    print("| backend | floor ms | vs torch | batch of 32 ms | cos vs torch (mean / min) "
          "| dense top-1 | ask correct | ask top-1 agree | grade |Δ| mean / max "
          "| verdict agree |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(
            f"| {name} | {r['floor_ms']} | {floor / r['floor_ms']:.2f}× | {r['batch32_ms']} | "
            f"{r.get('cosine_vs_torch_mean', 1)} / {r.get('cosine_vs_torch_min', 1)} | "
            f"{r['dense_top1_acc']} | {r['ask_correct']} | {r.get('ask_top1_agree', 1)} | "
            f"{r.get('grade_abs_diff_mean', 0)} / {r.get('grade_abs_diff_max', 0)} | "
            f"{r.get('grade_verdict_agree', 1)} |"
        )
    out = ROOT / "bench-results" / "onnx.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"loadavg": os.getloadavg(), "results": results}, indent=1))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
