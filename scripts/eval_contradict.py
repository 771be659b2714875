"""Interview answer sets: which correct answers pass and which contradicting or partial fail.

Usage: python scripts/eval_contradict.py [--tune eval/grading_tune.jsonl]
       [--check eval/grading_contradict_check.jsonl]
       [--dev eval/grading_gaming_dev.jsonl] [-v]

Three sets of answers to bank questions, each line with a ``kind`` (``good`` must pass;
``contradict``, ``partial`` and ``keywords`` must fail) and a ``style``:

- tune: the tuning set, the one grading rules may be developed on;
- check: the fresh contradiction check set, measured only, never tuned on;
- dev: the dev gaming set (its ``good`` and ``contradict`` answers).

Prints the counts per kind and style, and two pass-mark-free figures: the share of (correct,
contradicting) and (correct, partial) answer pairs of the same set where the correct one scores
higher. ``-v`` prints every miss.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from evaltools import pair_auc  # noqa: E402
from fit_grading import interview_rows  # noqa: E402  (the answer-set reader the fit uses)


def rows_of(name: str, path: Path) -> list[tuple[str, str, str, str, list[str]]]:
    """(kind, style, question, answer, references) of a set; of the dev set (one line per
    question, an answer per kind) its good and contradicting answers, style "dev"."""
    rows = interview_rows([str(path)])
    if name == "dev":
        rows = [dict(r, style="dev") for r in rows if r["kind"] in ("good", "contradict")]
    return [(r["kind"], r.get("style", ""), r["question"], r["answer"], r["references"])
            for r in rows]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tune", default=str(ROOT / "eval/grading_tune.jsonl"))
    ap.add_argument("--check", default=str(ROOT / "eval/grading_contradict_check.jsonl"))
    ap.add_argument("--dev", default=str(ROOT / "eval/grading_gaming_dev.jsonl"))
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = ap.parse_args(argv)

    from interviewbot.embedding.sentence import get_embedder
    from interviewbot.grading import grade_answer

    emb = get_embedder()
    for name in ("tune", "check", "dev"):
        hits: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        scores: dict[str, list[int]] = defaultdict(list)
        for kind, style, q, a, refs in rows_of(name, Path(getattr(args, name))):
            g = grade_answer(q, a, refs, emb)
            hit = g.passed if kind == "good" else not g.passed
            for key in ((kind, ""), (kind, style)):
                hits[key][0] += hit
                hits[key][1] += 1
            scores[kind].append(g.score)
            if args.verbose and not hit:
                print(f"  miss {name} {kind}/{style} {g.score} {g.verdict}: {a[:90]}")
        parts = []
        for kind in ("good", "partial", "keywords", "contradict"):
            if (kind, "") not in hits:
                continue
            what = "pass" if kind == "good" else "fail"
            ok, n = hits[(kind, "")]
            styles = ", ".join(f"{s} {h[0]}/{h[1]}" for (k, s), h in sorted(hits.items())
                               if k == kind and s and s != "dev")
            parts.append(f"{kind} {what} {ok}/{n}" + (f" ({styles})" if styles else ""))
        pairs = [f"P(good above {k}) {pair_auc(scores['good'], scores[k]):.3f}"
                 for k in ("partial", "contradict") if scores[k]]
        print(f"{name}: " + "; ".join(parts + pairs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
