"""Measure grading against plain cosine: SemEval-2013 test splits, the gaming set, speed.

Usage: python scripts/eval_grading.py /work/shared/data/semeval2013/semeval2013_3way_flat.csv

- SemEval: ROC-AUC of the score for correct vs not-correct and pass/fail accuracy, per corpus x
  test split. Only ``test-*`` rows are scored; the baseline's pass threshold (like ours) comes
  from the train split (max balanced accuracy), never from test.
- Gaming set (eval/grading_gaming.jsonl): pass rates per answer kind, both graders.
- Speed: grading one answer (references cached) / embedding it once, median over the set.
Prints a markdown report (paste into docs/EVALUATION.md, ## Grading).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from evaltools import auc, balanced_threshold  # noqa: E402

KINDS = ("good", "partial", "copy", "keywords", "gibberish", "off_topic", "contradict")
GAMING = ("copy", "keywords", "gibberish", "off_topic", "contradict")


def plain_cosine(embedder, rows: list[tuple[str, list[str], str]]) -> np.ndarray:
    texts = sorted({t for _, refs, a in rows for t in (*refs, a)}, key=len)
    vec = dict(zip(texts, embedder.encode(texts), strict=True))
    return np.array([max(float(vec[a] @ vec[r]) for r in refs) for _, refs, a in rows])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("semeval_csv")
    ap.add_argument("--gaming", default=str(ROOT / "eval/grading_gaming.jsonl"))
    args = ap.parse_args(argv)

    from interviewbot.embedding.sentence import get_embedder
    from interviewbot.grading import grade_answer
    from interviewbot.grading.calibration import load_calibration
    from interviewbot.grading.grader import grade_features
    from interviewbot.grading.prepare import batch_encode, batch_features

    t0 = time.perf_counter()
    emb = get_embedder()
    cal = load_calibration()
    path = Path(args.semeval_csv)
    if path.is_dir():  # the data folder itself (../shared/data/semeval2013) is fine too
        path = path / "semeval2013_3way_flat.csv"
    if not path.is_file():
        raise SystemExit(f"error: {path} not found; pass the SemEval-2013 CSV or its folder")
    with open(path, newline="", encoding="utf-8") as fh:
        all_rows = list(csv.DictReader(fh))

    def as_rows(rs):
        return [(r["question"], r["reference_answers"].split(" ||| "), r["student_answer"])
                for r in rs]

    train = [r for r in all_rows if r["split"] == "train"]
    test = [r for r in all_rows if r["split"].startswith("test")]
    # Baseline threshold from train only (max balanced accuracy), like ours.
    y_train = np.array([r["label_3way"] == "correct" for r in train])
    base_thr = float(balanced_threshold(plain_cosine(emb, as_rows(train)), y_train,
                                        np.round(np.arange(0.0, 1.0, 0.01), 2))[0])

    test_rows = as_rows(test)
    base = plain_cosine(emb, test_rows)
    units, preps = batch_encode(emb, test_rows)
    feats = batch_features(units, preps, cal.kp_threshold)
    ours = np.array([
        grade_features(a, u.answer, f, p, cal, cal.threshold).score
        for (_, _, a), u, f, p in zip(test_rows, units, feats, preps, strict=True)
    ])
    raw = np.array([cal.score(f.values, p.reference_words)  # calibrated, before guards
                    for f, p in zip(feats, preps, strict=True)])
    y = np.array([r["label_3way"] == "correct" for r in test])
    lines = [
        f"SemEval-2013 test splits (correct vs not). Pass marks from train only: ours score >= "
        f"{cal.threshold:g}, plain cosine >= {base_thr:.2f}.",
        "",
        "Ours = full grade_answer score (guards + contradiction cap); 'no guards' = the "
        "calibrated score alone.",
        "",
        "| corpus | split | n | AUC cosine | AUC ours | AUC ours, no guards | acc cosine | "
        "acc ours |",
        "|---|---|---|---|---|---|---|---|",
    ]
    keys = sorted({(r["corpus"], r["split"]) for r in test})
    for c, s in keys:
        m = np.array([(r["corpus"], r["split"]) == (c, s) for r in test])
        acc_b = float(((base[m] >= base_thr) == y[m]).mean())
        acc_o = float(((ours[m] >= cal.threshold) == y[m]).mean())
        lines.append(f"| {c} | {s} | {int(m.sum())} | {auc(base[m], y[m]):.3f} | "
                     f"{auc(ours[m], y[m]):.3f} | {auc(raw[m], y[m]):.3f} | "
                     f"{acc_b:.3f} | {acc_o:.3f} |")

    # Gaming set.
    items = [json.loads(x) for x in Path(args.gaming).read_text(encoding="utf-8").splitlines()
             if x.strip()]
    res: dict[str, list] = {k: [] for k in KINDS}
    cos: dict[str, list] = {k: [] for k in KINDS}
    for it in items:
        for k in KINDS:
            res[k].append(grade_answer(it["question"], it[k], it["references"], emb))
            v = emb.encode([it[k], *it["references"]])
            cos[k].append(float((v[1:] @ v[0]).max()))
    n = len(items)

    def rate(flags) -> str:
        return f"{sum(flags)}/{len(flags)} ({100 * sum(flags) / max(len(flags), 1):.0f} %)"

    lines += [
        "",
        f"Report set: {n} questions from the bank (eval/grading_gaming.jsonl, measured only).",
        "",
        "| check | target | plain cosine | ours |",
        "|---|---|---|---|",
        f"| good answers pass | >= 90 % | {rate([c >= base_thr for c in cos['good']])} | "
        f"{rate([r.passed for r in res['good']])} |",
        f"| good scores above partial | >= 90 % of questions | "
        f"{rate([g > p for g, p in zip(cos['good'], cos['partial'], strict=True)])} | "
        f"{rate([g.score > p.score for g, p in zip(res['good'], res['partial'], strict=True)])}"
        " |",
        f"| partial answers pass | (info) | {rate([c >= base_thr for c in cos['partial']])} | "
        f"{rate([r.passed for r in res['partial']])} |",
    ]
    for k in GAMING:
        target = ">= 75 % fail" if k == "contradict" else "100 % fail"
        lines.append(f"| {k} answers fail | {target} | "
                     f"{rate([c < base_thr for c in cos[k]])} | "
                     f"{rate([not r.passed for r in res[k]])} |")
    verdicts = {k: sorted({r.verdict for r in res[k]}) for k in KINDS}
    lines += ["", "Verdicts given (ours): " + "; ".join(
        f"{k}: {', '.join(v)}" for k, v in verdicts.items())]
    med = {k: statistics.median([r.score for r in res[k]]) for k in KINDS}
    lines.append("Median score (ours): " + ", ".join(f"{k} {v:g}" for k, v in med.items()))

    # Foundation examples (issue acceptance): through Bot.grade, i.e. the bank's references.
    from interviewbot.bot import Bot

    lines.append("")
    bot = Bot()
    for ans in ("It randomly disables neurons during training to reduce overfitting.",
                "I like turtles"):
        r = bot.grade("What is dropout?", ans).grade
        lines.append(f'Foundation: "What is dropout?" / "{ans}" -> {r.score} '
                     f'{"PASS" if r.passed else "FAIL"} ({r.verdict})')

    # Speed: references cached (graded above), so a grade is one pass over the answer.
    answers = [(it["question"], it["good"], it["references"]) for it in items]
    t_grade, t_embed = [], []
    for _ in range(3):
        for q, a, refs in answers:
            t = time.perf_counter()
            grade_answer(q, a, refs, emb)
            t_grade.append(time.perf_counter() - t)
            t = time.perf_counter()
            emb.encode([a])
            t_embed.append(time.perf_counter() - t)
    ratio = statistics.median(t_grade) / statistics.median(t_embed)
    p95 = float(np.percentile(t_grade, 95))
    lines += [
        "",
        f"Speed: grade p50 {1000 * statistics.median(t_grade):.1f} ms, p95 {1000 * p95:.1f} ms "
        f"(target p50 <= 150 ms) vs one embedding {1000 * statistics.median(t_embed):.1f} ms "
        f"of the same answer: ratio {ratio:.2f}x (references cached).",
        f"Eval wall time {time.perf_counter() - t0:.0f} s.",
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
