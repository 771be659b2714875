"""Derived misconceptions measured as if every bank were a user's: reviewed ones hidden.

Usage: python scripts/eval_derived.py [--sets validation train fresh report check]

For each set, every question's misconceptions are derived from its key points
(grading/misconceptions.py) instead of read from data/misconceptions.json. Per set and per
kind of derivation (reversal, swap, negation): how many wrong answers a derived misconception
matches (a catch) and how many correct answers it matches (a false hit); then pass/fail of
correct and wrong answers with the derived ones against no misconceptions at all (what a user's
bank had before). Aggregate figures only: per-answer output is never printed, so the
measured-only sets (fresh, report, check) can be reported without being read.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_contradict import WRONG, set_rows  # noqa: E402  (puts this checkout's src first)

SETS = ("validation", "train", "fresh", "report", "check")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=list(SETS))
    args = ap.parse_args(argv)

    from interviewbot.embedding.sentence import get_embedder
    from interviewbot.grading.calibration import load_calibration
    from interviewbot.grading.grader import grade_features
    from interviewbot.grading.prepare import batch_encode, batch_features

    emb, cal = get_embedder(), load_calibration()
    print("| set | kind | wrong matched | correct matched | correct pass (none → derived) | "
          "wrong fail (none → derived) | wrong named |")
    print("|---|---|---|---|---|---|---|")
    for name in args.sets:
        rows = [r for r in set_rows(name) if r["kind"] == "good" or r["kind"] in WRONG]
        units, preps = batch_encode(emb, [(r["question"], r["references"], r["answer"])
                                          for r in rows], reviewed=False)
        bare = [dataclasses.replace(p, beliefs=()) for p in preps]
        results = {}
        for tag, ps in (("derived", preps), ("none", bare)):
            feats = batch_features(units, ps, cal.kp_threshold)
            results[tag] = [(f, grade_features(r["answer"], u.answer, f, p, cal, cal.threshold))
                            for r, u, f, p in zip(rows, units, feats, ps, strict=True)]
        good = [r["kind"] == "good" for r in rows]
        hits: dict[str, Counter] = {"wrong": Counter(), "good": Counter()}
        for g, (f, _) in zip(good, results["derived"], strict=True):
            if f.misconception is not None:
                hits["good" if g else "wrong"][f.misconception.misconception.kind] += 1
        n_good, n_wrong = sum(good), len(good) - sum(good)

        def rate(tag: str, want_good: bool) -> str:
            ok = [(res.passed if g else not res.passed)
                  for g, (_, res) in zip(good, results[tag], strict=True) if g == want_good]
            return f"{sum(ok)}/{len(ok)}"

        named = sum(1 for g, (_, res) in zip(good, results["derived"], strict=True)
                    if not g and res.misconception is not None)
        for kind in ("reversal", "swap", "negation"):
            print(f"| {name} | {kind} | {hits['wrong'][kind]}/{n_wrong} | "
                  f"{hits['good'][kind]}/{n_good} | | | |")
        print(f"| {name} | all | {sum(hits['wrong'].values())}/{n_wrong} | "
              f"{sum(hits['good'].values())}/{n_good} | {rate('none', True)} → "
              f"{rate('derived', True)} | {rate('none', False)} → {rate('derived', False)} | "
              f"{named}/{n_wrong} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
