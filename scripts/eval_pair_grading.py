"""Does the pair (NLI) model help grading? Choices on grading_corpus.jsonl's validation split.

Usage: python scripts/eval_pair_grading.py MODEL_FOLDER [--top-k 1]

The pair model's two signals of an answer (scripts/pairmodel.py:
``nli_support``, the mean over its sentences of P(entailment) against the best-matching core
key point; ``nli_contra``, the highest P(contradiction) of a sentence that dismisses nothing)
are added to the domain shift's features, and the shift is refitted exactly as
scripts/fit_grading.py does (same tuning answers, same penalty, same pass-mark rule; the
SemEval model is kept). Each variant is then scored on the validation split, which nothing
is fitted on, with the grader's guards and contradiction check as grade_features applies
them. The variant without pair signals reproduces the shipped calibration (a check).
Measured-only sets are never read here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from evaltools import auc, balanced_accuracy  # noqa: E402
from fit_grading import SHIFT_FEATURES, SHIFT_RAMP, interview_rows, shift_json  # noqa: E402

TUNE = ("eval/grading_tune.jsonl", "eval/grading_gaming_dev.jsonl", "eval/grading_corpus.jsonl")
NO_UNSUPPORTED = tuple(f for f in SHIFT_FEATURES if f != "unsupported")
VARIANTS = {
    "previous (no pair signals)": SHIFT_FEATURES,
    "+ nli_support": (*SHIFT_FEATURES, "nli_support"),
    "+ nli_contra": (*SHIFT_FEATURES, "nli_contra"),
    "+ both": (*SHIFT_FEATURES, "nli_support", "nli_contra"),
    # the pair signals in place of ``unsupported``, beside the same drop without them
    "previous, without unsupported": NO_UNSUPPORTED,
    "+ both, without unsupported": (*NO_UNSUPPORTED, "nli_support", "nli_contra"),
}


class Memo:
    """The embedder with each text's token outputs kept: every variant's refit re-encodes
    the same tuning answers, and this CPU is shared."""

    def __init__(self, inner) -> None:
        self.inner, self.seen = inner, {}

    def encode_tokens(self, texts, batch_size: int = 64):
        new = [t for t in dict.fromkeys(texts) if t not in self.seen]
        if new:
            self.seen.update(zip(new, self.inner.encode_tokens(new, batch_size), strict=True))
        return [self.seen[t] for t in texts]


def validation_rows() -> list[dict]:
    path = ROOT / "eval/grading_corpus.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r for r in rows if r["split"] == "validation"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("--top-k", type=int, default=1)
    ap.add_argument("--smoke", action="store_true",
                    help="a quick check of the script: tuned on the dev set only, 40 "
                         "validation answers")
    args = ap.parse_args(argv)

    from interviewbot.embedding.sentence import get_embedder
    from interviewbot.grading import guards
    from interviewbot.grading.calibration import CALIBRATION_PATH, Calibration, ramp_weight
    from interviewbot.grading.features import FEATURE_NAMES
    from interviewbot.grading.grader import guard_verdict
    from interviewbot.grading.prepare import batch_encode, batch_features, feature_matrix
    from interviewbot.grading.support import SUPPORT_NAMES
    from pairmodel import PAIR_NAMES, PairModel, answer_pair_signals

    emb = Memo(get_embedder())
    model = PairModel(args.model, threads=2)
    shipped = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    base = {k: v for k, v in shipped.items() if k != "domain_shift"}
    cal = Calibration.from_json(base)
    thr = base["threshold"]
    tune_paths = [str(ROOT / t) for t in (TUNE[1:2] if args.smoke else TUNE)]

    def encoded(rows):
        answers, preps = batch_encode(emb, [(r["question"], r["references"], r["answer"])
                                            for r in rows])
        t = time.perf_counter()
        pair = np.array([answer_pair_signals(model, u, p, args.top_k)
                         for u, p in zip(answers, preps, strict=True)])
        return answers, preps, pair, time.perf_counter() - t

    lines = interview_rows(tune_paths)
    _, _, pair_tune, secs = encoded(lines)
    extra = {n: pair_tune[:, i] for i, n in enumerate(PAIR_NAMES)}
    val = validation_rows()[: 40 if args.smoke else None]
    answers, preps, pair_val, secs_v = encoded(val)
    print(f"pair signals: {len(lines)} tuning + {len(val)} validation answers in "
          f"{secs + secs_v:.0f} s")
    feats = batch_features(answers, preps, cal.kp_threshold)
    X = feature_matrix(feats)
    names = (*FEATURE_NAMES, *SUPPORT_NAMES, *PAIR_NAMES)
    cols = np.c_[cal.standardized(X), np.stack([f.support for f in feats]), pair_val]
    ramp = ramp_weight([p.reference_words for p in preps], SHIFT_RAMP)
    blocked = np.array([
        guard_verdict(r["answer"], u.answer, f, p.union_stems | p.question_stems) is not None
        or guards.contradicts(f)
        for r, u, f, p in zip(val, answers, feats, preps, strict=True)])
    kind = np.array([r["kind"] for r in val])
    good = kind == "good"
    for i, n in enumerate(PAIR_NAMES):  # the raw signals on validation, before any fitting
        print(f"validation {n}: good-vs-wrong AUC "
              f"{auc(pair_val[good | (kind == 'wrong'), i], good[good | (kind == 'wrong')]):.3f}")
    table = ["| variant | good pass | wrong fail | partial fail | keywords fail | "
             "balanced acc. (good vs wrong+partial) | AUC good vs wrong |", "|---" * 7 + "|"]
    for label, features in VARIANTS.items():
        shift = shift_json(tune_paths, emb, base, features, extra)
        if features == SHIFT_FEATURES:
            same = np.allclose(shift["coef"], shipped["domain_shift"]["coef"])
            print(f"{label}: reproduces the shipped shift: {same}")
        z = cols[:, [names.index(n) for n in features]]
        logit = cal.logit(X) + ramp * (z @ np.asarray(shift["coef"]) + shift["intercept"])
        score = np.round(100 / (1 + np.exp(-logit)))
        passed = ~blocked & (score >= thr)
        judged = np.isin(kind, ("good", "wrong", "partial"))
        gw = np.isin(kind, ("good", "wrong"))

        def share(k, want):
            m = kind == k
            return f"{int((passed[m] == want).sum())}/{int(m.sum())}"

        table.append(f"| {label} | {share('good', True)} | {share('wrong', False)} | "
                     f"{share('partial', False)} | {share('keywords', False)} | "
                     f"{balanced_accuracy(passed[judged], good[judged]):.3f} | "
                     f"{auc(score[gw], good[gw]):.3f} |")
        print(f"{label}: coef " + ", ".join(
            f"{n} {c:+.2f}" for n, c in zip(features, shift["coef"], strict=True)))
    print("\n".join(["", *table]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
