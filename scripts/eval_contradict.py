"""Contradiction check: contradicting answers that fail and correct answers that pass.

Usage: python scripts/eval_contradict.py [--check tests/data/grading_contradict_check.jsonl]

Reads the fresh check set (``kind`` contradict / good, questions of the dev gaming set only) and
the dev gaming set (``good`` and ``contradict`` per question) and prints the counts, with each
miss, so a change to the contradiction check can be judged on answers it was not tuned on.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _load(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _above(scores: dict[str, list[int]]) -> float:
    """Share of (correct, contradicting) pairs of answers where the correct one scores higher
    (ties count half): the AUC, free of the pass mark."""
    pairs = [(g > c) + 0.5 * (g == c) for g in scores["good"] for c in scores["contradict"]]
    return sum(pairs) / max(len(pairs), 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", default=str(ROOT / "tests/data/grading_contradict_check.jsonl"))
    ap.add_argument("--dev", default=str(ROOT / "tests/data/grading_gaming_dev.jsonl"))
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = ap.parse_args(argv)

    from interviewbot.embed import get_embedder
    from interviewbot.grading import grade_answer

    emb = get_embedder()
    rows = [(r["kind"], r.get("style", ""), r["question"], r["answer"], r["references"])
            for r in _load(Path(args.check))]
    dev = [(k, "dev", r["question"], r[k], r["references"])
           for r in _load(Path(args.dev)) for k in ("good", "contradict")]
    for name, data in (("check", rows), ("dev", dev)):
        ok = {"good": [0, 0], "contradict": [0, 0]}
        scores: dict[str, list[int]] = {"good": [], "contradict": []}
        for kind, style, q, a, refs in data:
            g = grade_answer(q, a, refs, emb)
            hit = g.passed if kind == "good" else not g.passed
            ok[kind][0] += hit
            ok[kind][1] += 1
            scores[kind].append(g.score)
            if args.verbose and not hit:
                print(f"  miss {name} {kind}/{style} {g.score} {g.verdict}: {a[:90]}")
        print(f"{name}: contradictions fail {ok['contradict'][0]}/{ok['contradict'][1]}, "
              f"correct answers pass {ok['good'][0]}/{ok['good'][1]}, "
              f"P(correct scores above contradicting) {_above(scores):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
