"""Fit the grading calibration on the SemEval-2013 Task 7 ``train`` split only.

Usage: python scripts/fit_grading.py /work/shared/data/semeval2013/semeval2013_3way_flat.csv
       [--out src/interviewbot/grading/calibration.json]
       [--tune eval/grading_tune.jsonl eval/grading_gaming_dev.jsonl]

Two things are fitted. First the key-point threshold: each SemEval reference is treated as one
key point, and a key point counts as covered when its best match score (sentence cosine plus
token alignment against the answer and its clauses) is at or above the value with the best
balanced accuracy for "correct" vs not on train. Then a logistic regression over the grading
signals (standardized) predicts "correct" vs not. The pass threshold is the score that
maximizes balanced pass/fail accuracy on out-of-fold predictions
(5 folds grouped by question, so no question is scored by a model that saw it). Test splits are
never read. scikit-learn is used here only; the runtime loads the JSON with numpy.

Last, the domain shift for paragraph-long references (see interviewbot.grading.calibration):
an L2-shrunk logistic correction on top of the SemEval model's logit, over SHIFT_FEATURES,
fitted on interview answers written for tuning: the tuning set and the dev gaming set
(``good`` answers vs every other kind), those no guard fails (the score decides only them),
both classes weighted equally; its intercept is set so that 90 % of the correct tuning
answers no guard fails reach the SemEval pass mark (the issue's target). Its
figures on question-grouped folds are printed; the contradiction check set and the gaming
report set are never read.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from evaltools import auc, balanced_accuracy, balanced_threshold  # noqa: E402

# Pass marks are integer scores (pass = score >= t): the highest balanced accuracy, ties to
# the lowest. Balanced, because the share of correct answers differs between data sets (41 %
# in SemEval train; unknown for interview practice).
SCORE_GRID = range(1, 100)

C_REG = 1.0  # chosen on grouped folds of train (C in 0.1..10 changed fold AUC by < 0.005)
SHIFT_FEATURES = ("novel", "ref_r_mean", "kp_r", "miscon", "kp_best", "kp_cos")
# L2 penalty (standardized features) pulling the shift towards zero. These features and 1.0:
# the best balanced accuracy (correct pass, wrong fail) on grading_corpus.jsonl's validation
# split among feature sets with and without ``unsupported`` (and with a "weakest claim"
# signal) and lambda 0.3 / 1 / 3 (docs/EVALUATION.md, stop 22); ties -> the larger lambda.
SHIFT_LAMBDA = 1.0
SHIFT_RAMP = (18.0, 28.0)  # mean content words per reference: SemEval max 28, bank min 18.5
GOOD_PASS = 0.9  # the target share of correct answers that pass


def fit_shift(z: np.ndarray, offset: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """Newton steps for logistic regression with a fixed offset, L2 on the weights (not the
    intercept) and both classes weighted equally: returns (w..., b) with
    p = sigmoid(offset + z @ w + b). Hand-written because scikit-learn's LogisticRegression
    takes no offset (the SemEval model's logit, which the shift sits on top of)."""
    wt = np.where(y == 1, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9))
    a = np.c_[z, np.ones(len(z))]
    pen = lam * np.r_[np.ones(z.shape[1]), 0.0]
    theta = np.zeros(a.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(offset + a @ theta)))
        grad = a.T @ (wt * (p - y)) + pen * theta
        hess = (a * (wt * p * (1 - p))[:, None]).T @ a + np.diag(pen) + 1e-9 * np.eye(len(theta))
        step = np.linalg.solve(hess, grad)
        theta -= step
        if np.abs(step).max() < 1e-10:
            break
    return theta


def load_rows(path: str, split_prefix: str) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["split"].startswith(split_prefix)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("semeval_csv")
    ap.add_argument("--out", default=str(ROOT / "src/interviewbot/grading/calibration.json"))
    tuning = ("eval/grading_tune.jsonl", "eval/grading_gaming_dev.jsonl",
              "eval/grading_corpus.jsonl")
    ap.add_argument("--tune", nargs="+", default=[str(ROOT / t) for t in tuning],
                    help="interview answer sets the shift is fitted on (of grading_corpus.jsonl "
                         "only the train split is read)")
    ap.add_argument("--shift-only", action="store_true",
                    help="keep the SemEval model of --out and refit only the domain shift")
    ap.add_argument("--shift-features", nargs="+", default=list(SHIFT_FEATURES),
                    help="the shift's features (to compare feature sets on the validation split)")
    ap.add_argument("--shift-lambda", type=float, default=SHIFT_LAMBDA)
    args = ap.parse_args(argv)
    if args.shift_only:
        from encoder_cache import DiskCachedEncoder
        from interviewbot.embedding.sentence import get_embedder

        base = json.loads(Path(args.out).read_text(encoding="utf-8"))
        base.pop("domain_shift", None)
        emb = DiskCachedEncoder(get_embedder())
        base["domain_shift"] = shift_json(args.tune, emb, base, tuple(args.shift_features),
                                          lam=args.shift_lambda)
        emb.save()
        Path(args.out).write_text(json.dumps(base, indent=2) + "\n", encoding="utf-8")
        print(f"refitted the domain shift -> wrote {args.out}")
        return 0

    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    from interviewbot.embedding.sentence import get_embedder
    from interviewbot.grading.features import DEFAULT_KP_THRESHOLD, FEATURE_NAMES
    from interviewbot.grading.prepare import batch_encode, batch_features, feature_matrix

    rows = load_rows(args.semeval_csv, "train")
    if not rows:
        sys.exit("no train rows found")
    data = [(r["question"], r["reference_answers"].split(" ||| "), r["student_answer"])
            for r in rows]
    answers, preps = batch_encode(get_embedder(), data)
    y = np.array([r["label_3way"] == "correct" for r in rows], dtype=int)
    first = feature_matrix(batch_features(answers, preps, DEFAULT_KP_THRESHOLD))
    kp_best = first[:, FEATURE_NAMES.index("kp_best")]
    kp_thr, kp_acc = balanced_threshold(100 * kp_best, y, SCORE_GRID)
    kp_thr = kp_thr / 100
    X = feature_matrix(batch_features(answers, preps, kp_thr))
    groups = np.array([f'{r["corpus"]}:{r["question_id"]}' for r in rows])
    corpus = np.array([r["corpus"] for r in rows])

    def fit(Xa, ya):
        sc = StandardScaler().fit(Xa)
        lr = LogisticRegression(C=C_REG, max_iter=5000).fit(sc.transform(Xa), ya)
        return sc, lr

    oof = np.zeros(len(y))
    for a, b in GroupKFold(n_splits=5).split(X, y, groups):
        sc, lr = fit(X[a], y[a])
        oof[b] = lr.predict_proba(sc.transform(X[b]))[:, 1]
    oof_scores = np.round(100 * oof)
    thr, acc = balanced_threshold(oof_scores, y, SCORE_GRID)
    cv_auc = {c: round(auc(oof[corpus == c], y[corpus == c]), 4)
              for c in sorted(set(corpus))}
    sc, lr = fit(X, y)
    out = {
        "feature_names": list(FEATURE_NAMES),
        "mean": sc.mean_.tolist(),
        "scale": sc.scale_.tolist(),
        "coef": lr.coef_[0].tolist(),
        "intercept": float(lr.intercept_[0]),
        "threshold": float(thr),
        "kp_threshold": kp_thr,
        "meta": {
            "fitted_on": "SemEval-2013 Task 7 train (beetle + sciEntsBank), label correct vs not",
            "n_train": int(len(y)),
            "positive_rate": round(float(y.mean()), 4),
            "C": C_REG,
            "threshold_rule": "max balanced accuracy of 5-fold question-grouped OOF scores",
            "kp_threshold_rule": "max balanced accuracy of the best key-point match score "
                                 "(each SemEval reference = one key point) on train",
            "kp_threshold_balanced_accuracy": round(kp_acc, 4),
            "oof_balanced_accuracy_at_threshold": round(acc, 4),
            "oof_auc": cv_auc,
        },
    }
    out["domain_shift"] = shift_json(args.tune, get_embedder(), out)
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out["meta"], indent=2))
    for n, c in zip(FEATURE_NAMES, lr.coef_[0], strict=True):
        print(f"{n:14s} {c:+.3f}")
    print(f"threshold {thr} -> wrote {args.out}")
    return 0


def interview_rows(paths: list[str]) -> list[dict]:
    """question, references, kind, answer of each answer in the tuning files: lines with a
    ``kind`` (tuning set) or one line per question with an answer per kind (dev gaming set)."""
    out = []
    for path in paths:
        for x in Path(path).read_text(encoding="utf-8").splitlines():
            if not x.strip():
                continue
            r = json.loads(x)
            if r.get("split") == "validation":  # choices are made on it; nothing is fitted
                continue
            if "kind" in r:
                out.append(r)
                continue
            out.extend({"question": r["question"], "references": r["references"], "kind": k,
                        "answer": r[k]} for k in GAMING_KINDS if r.get(k))
    return out


GAMING_KINDS = ("good", "partial", "copy", "keywords", "gibberish", "off_topic", "contradict")


def shift_json(tune_paths: list[str], embedder, base: dict,
               features: tuple[str, ...] = SHIFT_FEATURES,
               extra: dict[str, np.ndarray] | None = None, lam: float = SHIFT_LAMBDA) -> dict:
    """Fit the domain shift on the tuning answers; print its question-grouped 4-fold figures.
    ``extra``: more signal columns by name, one value per :func:`interview_rows` line (the
    pair model's, scripts/eval_pair_grading.py), that ``features`` may name."""
    from sklearn.model_selection import GroupKFold

    from interviewbot.grading import guards
    from interviewbot.grading.calibration import Calibration, ramp_weight
    from interviewbot.grading.features import FEATURE_NAMES
    from interviewbot.grading.grader import guard_verdict
    from interviewbot.grading.prepare import batch_encode, batch_features, feature_matrix
    from interviewbot.grading.support import SUPPORT_NAMES

    lines = interview_rows(tune_paths)
    answers, preps = batch_encode(embedder, [(r["question"], r["references"], r["answer"])
                                             for r in lines])
    cal = Calibration.from_json(base)
    feats = batch_features(answers, preps, cal.kp_threshold)
    X = feature_matrix(feats)
    y = np.array([r["kind"] == "good" for r in lines], dtype=float)
    kind = np.array(["contradict" if r["kind"] == "wrong" else r["kind"] for r in lines])
    ramp = ramp_weight([p.reference_words for p in preps], SHIFT_RAMP)
    extra = extra or {}
    cols = np.c_[cal.standardized(X), np.stack([f.support for f in feats]),
                 *(np.asarray(v)[:, None] for v in extra.values())]
    names = (*FEATURE_NAMES, *SUPPORT_NAMES, *extra)
    z = cols[:, [names.index(n) for n in features]] * ramp[:, None]
    offset = cal.logit(X)

    # The score decides only answers no guard fails (keyword lists, copies, gibberish and
    # off-topic answers fail whatever they score), so the shift is fitted on those alone.
    guarded = np.array([
        guard_verdict(r["answer"], u.answer, f, p.union_stems | p.question_stems) is not None
        for r, u, f, p in zip(lines, answers, feats, preps, strict=True)
    ])

    def fit(rows):
        rows = rows[~guarded[rows]]
        return fit_shift(z[rows], offset[rows], y[rows], lam)

    def logits(theta, rows):
        return offset[rows] + z[rows] @ theta[:-1] + ramp[rows] * theta[-1]

    oof = np.zeros(len(y))
    groups = np.array([r["question"] for r in lines])
    for a, b in GroupKFold(n_splits=4).split(X, y, groups):
        oof[b] = logits(fit(a), b)

    def above(s, other):
        """Share of (good, other) answer pairs where the good one scores higher: the AUC."""
        pair = np.isin(kind, ("good", other))
        return auc(s[pair], kind[pair] == "good")

    for name, s in (("SemEval model alone", offset), ("with the shift (4 grouped folds)", oof)):
        print(f"tuning answers, {name}: AUC {auc(s, y):.3f}; good above "
              + ", ".join(f"{k} {above(s, k):.3f}" for k in GAMING_KINDS[1:]))
    # One pass mark for both domains, placed by the target for correct answers: the
    # intercept is moved so that GOOD_PASS of the correct tuning answers no guard or
    # contradiction check fails score at least the SemEval pass mark (out of fold). The
    # balanced point (p = 0.5 with equal class weights) was tried first: out of fold it passed
    # 75 % of correct tuning answers. Reported: the out-of-fold figures at the mark.
    thr = base["threshold"]
    blocked = guarded | np.array([guards.contradicts(f) for f in feats])
    free_good = oof[(kind == "good") & ~blocked]
    delta = float(np.log(thr / (100 - thr)) - np.quantile(free_good, 1 - GOOD_PASS))
    passed = ~blocked & (np.round(100 / (1 + np.exp(-(oof + ramp * delta)))) >= thr)
    judged = np.isin(kind, ("good", "partial", "contradict"))
    acc = balanced_accuracy(passed[judged], kind[judged] == "good")
    print(f"tuning answers at the pass mark {thr:g} (4 grouped folds): good pass "
          f"{passed[kind == 'good'].mean():.3f}, partial fail "
          f"{(~passed[kind == 'partial']).mean():.3f}, contradicting fail "
          f"{(~passed[kind == 'contradict']).mean():.3f}; balanced accuracy {acc:.3f}")
    theta = fit(np.arange(len(y)))
    theta[-1] += delta
    return {
        "features": list(features),
        "coef": theta[:-1].tolist(),
        "intercept": float(theta[-1]),
        "ramp": list(SHIFT_RAMP),
        "meta": {
            "fitted_on": " + ".join(Path(p).name for p in tune_paths)
            + ": good answers vs every other kind no guard fails, on top of the SemEval logit",
            "n": int((~guarded).sum()),
            "rows": "answers no guard fails",
            "lambda": lam,
            "class_weights": "balanced",
            "intercept_rule": f"{GOOD_PASS:.0%} of the correct tuning answers no guard or "
                              "contradiction check fails reach the SemEval pass mark (out of "
                              "fold)",
            "oof_balanced_accuracy_at_mark": round(float(acc), 4),
        },
    }


if __name__ == "__main__":
    raise SystemExit(main())
