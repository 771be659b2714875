"""Measure the pair (NLI) model beside a hypothesis-only baseline.

In: an exported model folder (scripts/export_nli.py; --file picks model.onnx or
model.fp32.onnx), SNLI test, the SemEval-2013 CSV, eval/grading_corpus.jsonl and the
training pairs (scripts/nli_data.py) the baseline is fitted on. Out: a markdown table.

- SNLI test: 3-way accuracy.
- Corpus validation split (never trained on): 3-way accuracy of the whole answer against the
  references (labels as in nli_data.py), and good-vs-wrong AUC of P(contradiction) and of the
  support signal (mean over the answer's sentences of P(entailment)).
- SemEval-2013 test-* (measured only): AUC of P(contradiction) for contradictory vs correct,
  and of P(entailment) for correct vs the rest.
- Hypothesis-only baseline: logistic regression on the hypothesis's word uni- and bigrams,
  fitted on the same training pairs; the premise is never read. Whatever it reaches comes
  from cue words in the hypothesis alone.

    python scripts/eval_nli.py models/pair --snli-test PATH --semeval PATH \
        --corpus eval/grading_corpus.jsonl --pairs pairs.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaltools import auc  # noqa: E402
from nli_data import LABELS, corpus_rows, semeval_rows, sentences  # noqa: E402


def hypothesis_only(pairs: Path):
    """predict(hypotheses) -> (n, 3) probabilities of a bag-of-words logistic regression."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [json.loads(line) for line in pairs.open(encoding="utf-8")]
    vec = CountVectorizer(ngram_range=(1, 2), min_df=2, binary=True)
    X = vec.fit_transform([r["hypothesis"] for r in rows])
    y = [LABELS.index(r["label"]) for r in rows]
    lr = LogisticRegression(C=1.0, max_iter=3000).fit(X, y)
    return lambda hyps: lr.predict_proba(vec.transform(list(hyps)))


def snli_test(path: Path, limit: int | None) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    rows = [r for r in rows if r["label"] in LABELS]
    return rows[:limit] if limit else rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--file", default="model.onnx")
    parser.add_argument("--snli-test", type=Path, required=True)
    parser.add_argument("--semeval", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--snli-limit", type=int, help="score the first N SNLI test pairs")
    parser.add_argument("--semeval-per-split", type=int,
                        help="score a seeded random N answers of each SemEval corpus x split")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    from pairmodel import PairModel

    folder = args.model
    if args.file != "model.onnx":  # measure another file of the folder
        import shutil
        import tempfile

        tmp = Path(tempfile.mkdtemp())
        shutil.copy(folder / args.file, tmp / "model.onnx")
        shutil.copy(folder / "tokenizer.json", tmp / "tokenizer.json")
        folder = tmp
    model = PairModel(folder, threads=args.threads)
    base = hypothesis_only(args.pairs)
    t0 = time.perf_counter()

    def both(premises, hyps):
        return model.probabilities(premises, hyps), base(hyps)

    lines = [f"Pair model `{args.model.name}/{args.file}` vs hypothesis-only baseline "
             "(bag-of-words logistic regression on the same training pairs).", "",
             "| set | measure | n | pair model | hypothesis only |", "|---|---|---|---|---|"]

    snli = snli_test(args.snli_test, args.snli_limit)
    pm, hb = both([r["premise"] for r in snli], [r["hypothesis"] for r in snli])
    y = np.array([LABELS.index(r["label"]) for r in snli])
    lines.append(f"| SNLI test | accuracy | {len(y)} | {(pm.argmax(1) == y).mean():.3f} | "
                 f"{(hb.argmax(1) == y).mean():.3f} |")
    n_snli = len(y)

    val = corpus_rows(args.corpus, "validation", per_sentence=False)
    pm, hb = both([r["premise"] for r in val], [r["hypothesis"] for r in val])
    y = np.array([LABELS.index(r["label"]) for r in val])
    lines.append(f"| corpus validation | 3-way accuracy, whole answer | {len(y)} | "
                 f"{(pm.argmax(1) == y).mean():.3f} | {(hb.argmax(1) == y).mean():.3f} |")
    kind = np.array([r["kind"] for r in val])
    gw = np.isin(kind, ("good", "wrong"))
    wrong = kind[gw] == "wrong"
    lines.append(f"| corpus validation | wrong-vs-good AUC of P(contradiction) | {int(gw.sum())}"
                 f" | {auc(pm[gw, 2], wrong):.3f} | {auc(hb[gw, 2], wrong):.3f} |")
    support_m, support_b = [], []
    for r in np.array(val)[gw]:
        sents = sentences(r["hypothesis"]) or [r["hypothesis"]]
        p, b = both([r["premise"]] * len(sents), sents)
        support_m.append(p[:, 0].mean())
        support_b.append(b[:, 0].mean())
    lines.append(f"| corpus validation | good-vs-wrong AUC of sentence support | {int(gw.sum())}"
                 f" | {auc(support_m, ~wrong):.3f} | {auc(support_b, ~wrong):.3f} |")

    sem = semeval_rows(args.semeval, ("test-unseen-answers", "test-unseen-questions",
                                      "test-unseen-domains"))
    if args.semeval_per_split:
        import random

        rng = random.Random(0)
        groups: dict[tuple, list] = {}
        for r in sem:
            groups.setdefault((r["corpus"], r["split"]), []).append(r)
        sem = [r for g in groups.values()
               for r in rng.sample(g, min(len(g), args.semeval_per_split))]
    pm, hb = both([r["premise"] for r in sem], [r["hypothesis"] for r in sem])
    raw = np.array([r["raw_label"] for r in sem])
    key = np.array([f"{r['corpus']} {r['split']}" for r in sem])
    for k in sorted(set(key)):
        m = key == k
        cc = m & np.isin(raw, ("correct", "contradictory"))
        contra = raw[cc] == "contradictory"
        lines.append(f"| SemEval {k} | contradictory-vs-correct AUC of P(contradiction) | "
                     f"{int(cc.sum())} | {auc(pm[cc, 2], contra):.3f} | "
                     f"{auc(hb[cc, 2], contra):.3f} |")
        lines.append(f"| SemEval {k} | correct-vs-rest AUC of P(entailment) | {int(m.sum())} | "
                     f"{auc(pm[m, 0], raw[m] == 'correct'):.3f} | "
                     f"{auc(hb[m, 0], raw[m] == 'correct'):.3f} |")
    secs = time.perf_counter() - t0
    n_pairs = n_snli + len(val) + len(sem) + sum(len(sentences(r["hypothesis"]) or [1])
                                                  for r in np.array(val)[gw])
    lines += ["", f"{n_pairs} pairs scored in {secs:.0f} s ({1000 * secs / n_pairs:.1f} ms "
              "per pair, batched, baseline included)."]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
