"""scripts/eval_banks.py: the verbatim check asks the questions the reader found."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from eval_banks import ask_all, measure_file  # noqa: E402

BANK = """# Pottery

## What is bisque firing?

The first firing, which hardens the clay before it is glazed.

## What is wedging?

Kneading clay to push out air. It also evens the moisture. Potters wedge

## What is a kiln sitter?

## Why trim a pot?

Trimming takes off extra clay from the foot once the pot is leather hard.
"""


def test_the_verbatim_check_asks_found_questions_and_all_come_back(tmp_path, embedder):
    folder = tmp_path / "bank"
    folder.mkdir()
    path = folder / "pottery.md"
    path.write_text(BANK, encoding="utf-8")
    row = measure_file(path, path.name, None)
    # the own count sees the unanswered question too; the reader reports it, never indexes it
    assert (row.present, row.found) == (4, 3)
    assert "What is a kiln sitter?" not in row.asked and len(row.asked) == 3
    ask_all(folder, [row], tmp_path / "idx")
    assert (row.hits, row.misses) == (3, ())
