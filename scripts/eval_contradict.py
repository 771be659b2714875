"""Interview answer sets: which correct answers pass and which wrong, partial or gamed fail.

Usage: python scripts/eval_contradict.py [--previous REV] [--sets report check fresh ...] [-v]

Each set's lines have a ``kind``: ``good`` must pass; ``wrong`` / ``contradict`` (fluent but
wrong), ``partial``, ``keywords`` and the other gaming kinds must fail. The sets, and what
may be tuned on them:

- report (eval/grading_gaming.jsonl), check (grading_contradict_check.jsonl), fresh
  (grading_fresh.jsonl): measured only, never tuned on;
- validation (grading_corpus.jsonl, split validation): choices are made on it, nothing fitted;
- train (grading_corpus.jsonl, split train), tune (grading_tune.jsonl), dev
  (grading_gaming_dev.jsonl): tuning sets.

Three graders in the same run: plain cosine (max cosine of the answer with a reference, pass at
--cosine-threshold, the SemEval-train value of eval_grading.py), the previous grader
(``--previous REV``: this script run on that revision's src/) and ours. Per set and grader:
good pass, wrong fail, partial fail, good answers called "contradicts", AUC of good vs wrong
and the share of questions whose good answers all score above their partial one.
``-v`` prints every miss of ours.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaltools import pair_auc as auc  # noqa: E402  (one AUC for every script)
from grading_compare import ROOT, run_previous, use_source  # noqa: E402

use_source(sys.argv)

EVAL = ROOT / "eval"
MEASURED = ("report", "check", "fresh")
SETS = ("report", "check", "fresh", "validation", "train", "tune", "dev")
WRONG = ("wrong", "contradict")
GAMING_KINDS = ("good", "partial", "copy", "keywords", "gibberish", "off_topic", "contradict")


def _ablate(name: str, value, *modules: str):
    """Replace ``name`` by ``value`` in each of ``modules`` (every module that holds it: a
    function imported by name elsewhere is that module's own reference)."""
    def off() -> None:
        import importlib

        for module in modules:
            setattr(importlib.import_module(f"interviewbot.grading.{module}"), name, value)
    return off


# Rule heuristics that --ablate switches off (each returns "nothing found"), for the ablation
# table of docs/EVALUATION.md; the features the calibration reads stay as they are.
ABLATIONS = {
    "negation": _ablate("negation_flip", lambda *a, **k: None, "negation"),
    # both the best-matching clause's check and the other clauses' (reversals_elsewhere)
    "antonym": _ablate("antonym_swap", lambda *a, **k: None, "negation"),
    "prefix": _ablate("prefix_antonym", lambda *a, **k: None, "negation"),  # "unweighted"
    "roles": _ablate("_swapped", lambda *a, **k: (), "features"),
    "dismissal": _ablate("dismissal", lambda *a, **k: None, "features"),
}


def set_rows(name: str) -> list[dict]:
    """Rows (question, references, kind, style, answer) of one set."""
    file = {"report": "grading_gaming.jsonl", "check": "grading_contradict_check.jsonl",
            "fresh": "grading_fresh.jsonl", "validation": "grading_corpus.jsonl",
            "train": "grading_corpus.jsonl", "tune": "grading_tune.jsonl",
            "dev": "grading_gaming_dev.jsonl"}[name]
    out = []
    for line in (EVAL / file).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        if "kind" not in r:  # one line per question, an answer per kind
            out.extend({"question": r["question"], "references": r["references"], "kind": k,
                        "style": name, "answer": r[k]} for k in GAMING_KINDS if r.get(k))
        elif r.get("split", name) == name:
            out.append(r)
    return out


_EMBEDDER: list = []


def embedder(cache: bool = True):
    """The packaged encoder, behind the eval disk cache (scripts/encoder_cache.py) unless
    ``cache`` is False; one per process."""
    if not _EMBEDDER:
        from encoder_cache import DiskCachedEncoder
        from interviewbot.embedding.sentence import get_embedder

        _EMBEDDER.append(DiskCachedEncoder(get_embedder()) if cache else get_embedder())
    return _EMBEDDER[0]


def grade_rows(sets: list[str], verbose: bool) -> dict:
    """{set: [[score, passed, verdict, misconception?], ...]} with the grader on sys.path."""
    from interviewbot.grading import grade_answer

    emb = embedder()
    out = {}
    for name in sets:
        res = []
        for r in set_rows(name):
            g = grade_answer(r["question"], r["answer"], r["references"], emb)
            res.append([g.score, g.passed, g.verdict, bool(getattr(g, "misconception", None))])
            hit = g.passed if r["kind"] == "good" else not g.passed
            if verbose and not hit:
                print(f"  miss {name} {r['kind']}/{r.get('style', '')} {g.score} {g.verdict}: "
                      f"{r['answer'][:90]}")
        out[name] = res
    return out


def cosine_rows(sets: list[str], threshold: float) -> dict:
    emb = embedder()
    out = {}
    for name in sets:
        rows = set_rows(name)
        texts = sorted({t for r in rows for t in (r["answer"], *r["references"])}, key=len)
        vec = dict(zip(texts, emb.encode(texts), strict=True))
        out[name] = [[c, c >= threshold, "", False] for c in
                     (max(float(vec[r["answer"]] @ vec[x]) for x in r["references"])
                      for r in rows)]
    return out


def summary(rows: list[dict], res: list[list]) -> dict[str, str]:
    by: dict[str, list] = defaultdict(list)
    for r, g in zip(rows, res, strict=True):
        by["wrong" if r["kind"] in WRONG else r["kind"]].append(g)

    def share(kind: str, ok) -> str:
        gs = by.get(kind, [])
        return f"{sum(ok(g) for g in gs)}/{len(gs)}" if gs else "–"

    good_q: dict[str, list] = defaultdict(list)
    part_q: dict[str, list] = defaultdict(list)
    for r, g in zip(rows, res, strict=True):
        if r["kind"] == "good":
            good_q[r["question"]].append(g[0])
        elif r["kind"] == "partial":
            part_q[r["question"]].append(g[0])
    above = [min(good_q[q]) > max(p) for q, p in part_q.items() if good_q.get(q)]
    gaming = [g for k, gs in by.items() if k not in ("good", "partial", "wrong") for g in gs]
    return {
        "good pass": share("good", lambda g: g[1]),
        "wrong fail": share("wrong", lambda g: not g[1]),
        "wrong named misconception": share("wrong", lambda g: g[3]),
        "partial fail": share("partial", lambda g: not g[1]),
        "gaming fail": f"{sum(not g[1] for g in gaming)}/{len(gaming)}" if gaming else "–",
        "good called contradicts": share("good", lambda g: g[2] == "contradicts"),
        "AUC good vs wrong": f"{auc([g[0] for g in by['good']], [g[0] for g in by['wrong']]):.3f}"
        if by.get("wrong") else "–",
        "good above partial (questions)": f"{sum(above)}/{len(above)}" if above else "–",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=SETS)
    ap.add_argument("--previous", help="git revision whose grader fills the 'previous' column")
    ap.add_argument("--cosine-threshold", type=float, default=0.54)
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss of ours")
    ap.add_argument("--no-cache", action="store_true",
                    help="encode every text afresh (final figures), not from .cache/encoder")
    ap.add_argument("--ablate", nargs="*", default=[], choices=sorted(ABLATIONS),
                    help="switch these rule heuristics off in our grader (ablation)")
    ap.add_argument("--src", help=argparse.SUPPRESS)
    ap.add_argument("--rows-out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    emb = embedder(cache=not args.no_cache)
    for name in args.ablate:
        ABLATIONS[name]()
    ours = grade_rows(args.sets, args.verbose)
    if args.rows_out:  # run by run_previous: the rows are all it wants
        Path(args.rows_out).write_text(json.dumps(ours), encoding="utf-8")
        getattr(emb, "save", lambda: None)()
        return 0
    graders = {"plain cosine": cosine_rows(args.sets, args.cosine_threshold)}
    getattr(emb, "save", lambda: None)()
    if args.previous:
        graders["previous"] = run_previous(
            "eval_contradict.py", args.previous,
            ["--sets", *args.sets, *(["--no-cache"] if args.no_cache else [])])
    graders["ours"] = ours
    for name in args.sets:
        rows = set_rows(name)
        tag = "measured only" if name in MEASURED else (
            "choices made on it" if name == "validation" else "tuned on")
        sums = {g: summary(rows, res[name]) for g, res in graders.items()}
        cols = list(graders)
        print(f"\n{name} ({len(rows)} answers, {tag})\n")
        print("| figure | " + " | ".join(cols) + " |")
        print("|---" * (len(cols) + 1) + "|")
        for fig in sums["ours"]:
            print(f"| {fig} | " + " | ".join(sums[g][fig] for g in cols) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
