"""Print the key points of 30 bank questions for the key-point audit (docs/EVALUATION.md).

Usage: python scripts/audit_keypoints.py [--index index/current] [--n 30] [--seed 16]

The questions are drawn with ``random.Random(seed).sample`` from the bank sorted by id. For
each question it prints the distinct key points a candidate is shown (claims of every
reference, near-duplicates merged, as the grader prepares them), core ones marked ``*``,
numbered so each can be judged by reading: a standalone, correct claim or not. The count of
core points is printed at the end; the judging is done by a person reading the list.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", default=str(ROOT / "index/current"))
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args(argv)
    path = Path(args.index) / "bank.jsonl"
    if not path.is_file():
        raise SystemExit(f"error: {path} not found; run `interviewbot build` or pass --index")

    from interviewbot.embedding.sentence import get_embedder
    from interviewbot.grading.grader import prepared_references

    bank = sorted((json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()),
                  key=lambda q: q["id"])
    emb = get_embedder()
    n_core = 0
    for q in random.Random(args.seed).sample(bank, min(args.n, len(bank))):
        refs = [a["text"] for a in q["answers"]]
        prep = prepared_references(emb, q["question"], refs)
        print(f"\n## {q['id']} {q['question']} ({len(refs)} references)")
        for k in prep.key_points:
            mark = "*" if k.point.core else " "
            n_core += k.point.core
            print(f"{mark} [{','.join(map(str, k.references))}] {' '.join(k.point.text.split())}")
    print(f"\ncore key points: {n_core}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
