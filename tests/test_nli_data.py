"""The pair-model training set (scripts/nli_data.py): cue-word balancing and label mapping."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from nli_data import balance_negation, corpus_rows, negated, negation_rates  # noqa: E402


def _rows(label: str, plain: int, neg: int) -> list[dict]:
    return ([{"premise": "p", "hypothesis": f"a cat sleeps {i}", "label": label}
             for i in range(plain)]
            + [{"premise": "p", "hypothesis": f"a cat does not sleep {i}", "label": label}
               for i in range(neg)])


def test_negation_cues_are_found_in_contractions_and_dismissals():
    assert negated("It isn't a hard step")
    assert negated("Unlike sigmoid, ReLU keeps its gradient")
    assert not negated("ReLU keeps its gradient for positive inputs")


def test_balancing_gives_every_class_the_lowest_negation_rate_and_keeps_plain_rows():
    rows = (_rows("entailment", 90, 10) + _rows("neutral", 80, 20)
            + _rows("contradiction", 50, 50))
    kept = balance_negation(rows, random.Random(0))
    rates = negation_rates(kept)
    assert max(rates.values()) - min(rates.values()) < 0.01
    assert abs(rates["entailment"] - 0.1) < 0.01
    plain = [r for r in kept if not negated(r["hypothesis"])]
    assert len(plain) == 90 + 80 + 50


def test_balancing_can_leave_a_class_out():
    rows = _rows("entailment", 60, 40) + _rows("neutral", 10, 0) + _rows("contradiction", 70, 30)
    kept = balance_negation(rows, random.Random(0), ("entailment", "contradiction"))
    rates = negation_rates(kept)
    assert abs(rates["entailment"] - rates["contradiction"]) < 0.01
    assert rates["entailment"] > 0.25  # the neutral class's 0 % did not wipe the others


def test_corpus_rows_map_kinds_and_never_read_the_other_split(tmp_path):
    lines = [{"question": "q", "references": ["r"], "kind": k, "style": k, "answer": a,
              "split": s}
             for k, a, s in (("good", "One small thing. Another thing here.", "train"),
                             ("wrong", "It is the opposite.", "train"),
                             ("keywords", "a, b, c", "train"),
                             ("good", "Held out answer.", "validation"))]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    rows = corpus_rows(path, "train")
    assert {(r["kind"], r["label"]) for r in rows} == {
        ("good", "entailment"), ("wrong", "contradiction"), ("keywords", "neutral")}
    assert [r["hypothesis"] for r in rows if r["kind"] == "good"] == [
        "One small thing. Another thing here.", "One small thing.", "Another thing here."]
    assert all("Held out" not in r["hypothesis"] for r in rows)
