"""The fresh retrieval set's stored split: every line carries one, and held-out canonical
questions never leak into the tune part (so a bank change cannot move a row across)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1] / "eval"


def _lines(name: str) -> list[dict]:
    text = (EVAL / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_every_fresh_line_and_conversation_has_a_part_and_about_half_are_held_out():
    rows = _lines("retrieval_fresh.jsonl")
    convs = _lines("retrieval_fresh_conversations.jsonl")
    parts = Counter(d.get("split") for d in rows)
    assert set(parts) == {"tune", "held"}
    assert abs(parts["held"] - parts["tune"]) <= 0.1 * len(rows)
    assert Counter(d.get("split") for d in convs) == {"tune": 18, "held": 18}


def test_no_expected_question_is_in_both_parts():
    rows = [d for d in _lines("retrieval_fresh.jsonl") if d["expected"]]
    part_of: dict[str, set[str]] = {}
    for d in rows:
        for e in d["expected"]:
            part_of.setdefault(" ".join(e.split()).lower(), set()).add(d["split"])
    assert all(len(p) == 1 for p in part_of.values()), [k for k, p in part_of.items() if len(p) > 1]
