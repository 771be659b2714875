"""Build the sequence-pair (NLI) training set for scripts/train_nli.py.

In: SNLI train (jsonl.gz), the SemEval-2013 flat CSV (train split only) and
eval/grading_corpus.jsonl (train split only). Out: one JSONL of
{premise, hypothesis, label, source} rows, and a printed table of the
negation-word rate in the hypothesis per class, before and after balancing.

Labels: entailment / neutral / contradiction.
- SNLI: as given ("-" gold labels dropped).
- SemEval train: correct -> entailment, contradictory -> contradiction,
  incorrect -> neutral; premise = the reference answers, hypothesis = the
  student answer.
- Corpus train: premise = the question's references; hypothesis = the whole
  answer and each of its sentences; good (concise, long, dismiss) and partial
  -> entailment (a partial answer is a true subset of the reference), wrong
  (false claim, false claim 2, reversal) -> contradiction (for grading a
  fluent false claim about the reference's subject is a denial of it),
  keywords -> neutral (a list asserts nothing).

Cue words: for every source, the negation-word rate in the hypothesis is
made equal across the three classes by dropping negated rows from the
classes above the lowest rate, so "a negation word means contradiction"
cannot be learnt from any source.

    python scripts/nli_data.py --snli PATH --semeval PATH \
        --corpus eval/grading_corpus.jsonl --snli-pairs 34000 --out pairs.jsonl
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

LABELS = ("entailment", "neutral", "contradiction")
SEMEVAL_LABELS = {"correct": "entailment", "contradictory": "contradiction",
                  "incorrect": "neutral"}
CORPUS_LABELS = {"good": "entailment", "partial": "entailment",
                 "wrong": "contradiction", "keywords": "neutral"}
NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|nowhere|neither|nor|without|"
    r"unlike|cannot|instead|rather|contrary|opposite)\b|n't\b", re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")


def negated(text: str) -> bool:
    """True when ``text`` holds a negation cue word."""
    return NEGATION.search(text) is not None


def read_snli(path: Path) -> list[dict]:
    """SNLI rows with a gold label, as pair dicts."""
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["label"] in LABELS:
                rows.append({"premise": row["premise"], "hypothesis": row["hypothesis"],
                             "label": row["label"], "source": "snli"})
    return rows


def semeval_rows(path: Path, splits: tuple[str, ...]) -> list[dict]:
    """SemEval rows of ``splits`` as pairs (premise = joined references)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["split"] not in splits:
                continue
            refs = " ".join(r.strip() for r in row["reference_answers"].split("|||"))
            rows.append({"premise": refs, "hypothesis": row["student_answer"],
                         "label": SEMEVAL_LABELS[row["label_3way"]],
                         "source": "semeval", "corpus": row["corpus"],
                         "split": row["split"], "raw_label": row["label_3way"]})
    return rows


def sentences(text: str) -> list[str]:
    """The answer's sentences of three or more words."""
    return [s for s in SENTENCE.split(text.strip()) if len(s.split()) >= 3]


def corpus_rows(path: Path, split: str, per_sentence: bool = True) -> list[dict]:
    """Corpus answers of ``split`` as pairs: whole answer, then each sentence."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["split"] != split:
            continue
        premise = " ".join(item["references"])
        label = CORPUS_LABELS[item["kind"]]
        hyps = [item["answer"]]
        if per_sentence and item["kind"] != "keywords":
            hyps += [s for s in sentences(item["answer"]) if s != item["answer"]]
        for hyp in hyps:
            rows.append({"premise": premise, "hypothesis": hyp, "label": label,
                         "source": "corpus", "kind": item["kind"], "style": item["style"]})
    return rows


def negation_rates(rows: list[dict]) -> dict[str, float]:
    """Share of hypotheses with a negation cue, per label."""
    total, neg = Counter(), Counter()
    for row in rows:
        total[row["label"]] += 1
        neg[row["label"]] += negated(row["hypothesis"])
    return {lab: neg[lab] / total[lab] for lab in LABELS if total[lab]}


def balance_negation(rows: list[dict], rng: random.Random,
                     labels: tuple[str, ...] = LABELS) -> list[dict]:
    """Drop negated rows so every label of ``labels`` has the lowest one's negation rate."""
    rates = negation_rates(rows)
    floor = min(rates[lab] for lab in labels if lab in rates)
    by_label = defaultdict(list)
    for row in rows:
        by_label[row["label"]].append(row)
    kept = []
    for label, items in by_label.items():
        if label not in labels:
            kept += items
            continue
        neg = [r for r in items if negated(r["hypothesis"])]
        pos = [r for r in items if not negated(r["hypothesis"])]
        # keep k negated rows with k / (k + len(pos)) == floor
        k = round(floor * len(pos) / (1 - floor)) if floor < 1 else len(neg)
        rng.shuffle(neg)
        kept += pos + neg[:min(k, len(neg))]
    rng.shuffle(kept)
    return kept


def rate_table(name: str, rows: list[dict]) -> str:
    """One printed line: negation rate per label and row counts."""
    rates = negation_rates(rows)
    counts = Counter(r["label"] for r in rows)
    cells = "  ".join(f"{lab[:4]} {rates.get(lab, 0):.3f} (n={counts[lab]})" for lab in LABELS)
    return f"{name:<22} {cells}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snli", type=Path, required=True)
    parser.add_argument("--semeval", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--snli-pairs", type=int, default=34000)
    parser.add_argument("--corpus-repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    snli = read_snli(args.snli)
    rng.shuffle(snli)
    sources = {"snli": snli[: int(args.snli_pairs * 1.25)],
               "semeval": semeval_rows(args.semeval, ("train",)),
               "corpus": corpus_rows(args.corpus, "train")}
    out = []
    print("negation rate in the hypothesis per class (before -> after balancing)")
    for name, rows in sources.items():
        print(rate_table(name + " before", rows))
        # the corpus's only neutral rows are keyword lists, which hold no
        # sentences and so no negation: equalize its two sentence classes
        labels = ("entailment", "contradiction") if name == "corpus" else LABELS
        kept = balance_negation(rows, rng, labels)
        if name == "snli":
            kept = kept[: args.snli_pairs]
        print(rate_table(name + " after", kept))
        out += kept * (args.corpus_repeat if name == "corpus" else 1)
    print(rate_table("all (per source)", out))
    out = balance_negation(out, rng)
    print(rate_table("all after", out))
    rng.shuffle(out)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in out:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(out)} pairs to {args.out}")


if __name__ == "__main__":
    main()
