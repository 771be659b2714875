"""The CLI's bank commands: build the index from the bank folders, list the banks in it."""

from __future__ import annotations

import argparse

from interviewbot.cli.shared import _bot, _emit, _settings
from interviewbot.errors import eprint as _eprint


def cmd_banks(args: argparse.Namespace) -> int:
    from collections import Counter

    bank = _bot(args).bank
    questions = Counter(c.bank_name for c in bank)
    phrasings = Counter()
    topics: dict[str, set[str]] = {}
    for c in bank:
        phrasings[c.bank_name] += len(c.variants)
        topics.setdefault(c.bank_name, set()).add(c.topic)
    for name, count in questions.items():
        row = {
            "bank": name,
            "questions": count,
            "phrasings": phrasings[name],
            "topics": len(topics[name]),
        }
        if args.json:
            _emit(row)
        else:
            print(
                f"{name}: {count} questions, {phrasings[name]} phrasings, "
                f"{len(topics[name])} topics"
            )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from interviewbot.index.build import build

    settings = _settings(args)
    res = build(settings, if_needed=args.if_needed, log=_eprint)
    if res.skipped:
        _eprint(f"index in {settings.index_dir} is up to date")
        return 0
    rep = res.report
    if args.json:
        _emit(
            {
                "index": str(res.path),
                "files": dict(res.files),
                "pairs": rep.pairs,
                "exact_duplicates": rep.exact_duplicates,
                "truncated": rep.truncated,
                "canonical": rep.canonical,
                "variants": rep.variants,
                "references": rep.references,
                "vectors": res.vectors,
                "per_topic": dict(rep.per_topic),
                "per_bank": dict(rep.per_bank),
                "twins_merged": rep.twins_merged,
                "problems": [str(p) for p in res.problems],
                "seconds": round(res.seconds, 3),
            }
        )
        return 0
    folders = ", ".join(str(d) for d in settings.corpus_dirs)
    print(f"Read {len(res.files)} file(s) from {folders}:")
    for name, count in res.files:
        print(f"  {name}: {count} Q&A pairs")
    print(
        f"{rep.pairs} pairs, {rep.exact_duplicates} exact duplicates dropped, "
        f"{rep.truncated} truncated answers left out, {rep.canonical} canonical questions "
        f"({rep.variants} phrasings, {rep.references} reference answers)"
    )
    print("Per topic: " + ", ".join(f"{t} {n}" for t, n in rep.per_topic))
    if len(rep.per_bank) > 1:
        print("Per bank: " + ", ".join(f"{b} {n}" for b, n in rep.per_bank))
    for p in res.problems:
        print(f"  note: {p}")
    print(
        f"Indexed {res.vectors} vectors ({res.embedded} newly embedded) in {res.seconds:.1f}s "
        f"-> {res.path}"
    )
    return 0
