"""Measure the bring-your-own-bank reader (issue 15) on folders of bank files.

    .venv/bin/python scripts/eval_banks.py DIR [DIR ...] [--no-ask] [--misses] [--index-root DIR]

Per file it prints:
  present   answered questions in the file. With an ``ANSWER_KEY.json`` in the folder (the
            format of eval/banks/README.md) this is the key's hand-made ``answered`` list.
            Without a key it is this script's own count, independent of the reader: Markdown
            lines outside code fences that are a heading, bold line, list item, ``<summary>``,
            ``Q…:`` line or table row and whose text ends with '?' or carries a ``Q1``/``Q 1.a)``
            label, minus links to anchors (tables of contents), deduplicated. That count cannot
            tell answered from unanswered questions; tabular files without a key are not
            counted (shown as '-').
  parsed    Q&A pairs the reader returned.
  found     present questions among the parsed pairs (same lowercase words), and its share.
  slipped   parsed pairs that are not a present question: non-Q&A entries that got in (with a
            key, unanswered key questions that got in count here too).
  placeh.   with a key: unanswered key questions the reader reported (kind "unanswered"),
            out of the key's unanswered questions.
  topics    with a key: found pairs whose topic equals the key's topic path (the document
            title may be left out: "Title › A" matches "A", and a title-only path matches no
            topic); without a key: distinct topics found.
  top-hit   the folder is built as one bank; each found question (present and parsed: a
            question the reader never returned, such as an unanswered one or a line the own
            count takes for a question, is already a miss under "found") is asked verbatim
            and counts when the top hit is a canonical question holding it as a phrasing
            (two canonical questions may share one). ``--misses`` lists the others.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from interviewbot.config import Settings
from interviewbot.corpus.clean import norm_key
from interviewbot.corpus.files import SUFFIXES, corpus_files, parse_file
from interviewbot.corpus.markdown import TOPIC_SEPARATOR
from interviewbot.errors import CorpusError, InterviewbotError

_FENCE = re.compile(r"^\s*(```|~~~)")
_SHAPE = re.compile(
    r"^\s*(?:#{1,6}\s|\*\*|__|[-*+]\s|\d+[.)]\s|<summary|\|)|^\s*(?:Q\s*\d|Question\b)", re.I
)
_LABEL = re.compile(r"\bQ\s*\d+(?:\s*\.?\s*[a-z])?\s*\.?\s*[:.)]", re.I)
_ANCHOR = re.compile(r"\]\(#")
# Headings that open with one of these words ask something even without a '?'.
_ASKS = re.compile(r"(?:what|why|how|when|which|explain|describe|give|list|compare|define)\b", re.I)
_MARKUP = re.compile(r"</?[a-z][^>]*>|[#*_`|>]|\[\[?[^\]]*\]\]?\([^)]*\)\]?", re.I)


@dataclass
class Row:
    file: str
    present: int | None
    parsed: int
    found: int
    slipped: int
    placeholders: str
    topics: str
    asked: list[str]
    hits: int = 0
    misses: tuple[str, ...] = ()


def own_count(path: Path) -> list[str]:
    """Question lines of a Markdown file by the independent rule in the module docstring."""
    if path.suffix.lower() not in (".md", ".markdown"):
        return []
    seen: dict[str, str] = {}
    fenced = False
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if _FENCE.match(line):
            # CommonMark: any fence opens one; only a bare fence (no info string) closes it.
            fenced = not fenced if fenced and line.strip() in ("```", "~~~") else True
            continue
        if fenced or not _SHAPE.match(line) or _ANCHOR.search(line):
            continue
        text = _MARKUP.sub(" ", line)
        text = re.sub(r"^\s*(?:[-+]|\d+[.)])\s+", "", text).strip()
        text = re.sub(r"\s*[👶⭐🚀]\ufe0f?\s*$", "", text)
        cells = [c for c in line.split("|") if c.strip()] if line.lstrip().startswith("|") else []
        if cells:
            text = next((c for c in cells if c.strip().endswith("?")), "")
        heading = bool(re.match(r"^\s*(?:\d+[.)]\s+)?#{1,6}\s", line))
        if (
            text.rstrip().endswith("?")
            or _LABEL.search(line[:20])
            or (heading and ("?" in text or _ASKS.match(text.strip())))
        ):
            text = re.sub(
                r"^\s*(?:Q(?:uestion)?\s*\d*[\w.]*\s*[:.)]|\d+[.)])\s*", "", text, flags=re.I
            ).strip()
            if len(norm_key(text)) > 5:
                seen.setdefault(norm_key(text), text)
    return list(seen.values())


def topic_ok(mine: str | None, key: str | None, title: str | None) -> bool:
    if mine == key:
        return True
    if title and key == title:
        return mine is None
    if title and key and key.startswith(title + TOPIC_SEPARATOR):
        return mine == key[len(title) + len(TOPIC_SEPARATOR) :]
    return False


def measure_file(path: Path, name: str, key: dict | None) -> Row:
    try:
        result = parse_file(path, name)
        pairs, problems = result.pairs, result.problems
    except CorpusError as exc:
        print(f"  {exc}", file=sys.stderr)
        pairs, problems = (), ()
    by_key = {norm_key(p.question): p for p in pairs}
    if key is not None:
        answered = key["answered"]
        unanswered = {norm_key(q) for q in key["unanswered"]}
        wanted = {norm_key(q) for q in answered}
        found = [q for q in answered if norm_key(q) in by_key]
        slipped = [p for p in pairs if norm_key(p.question) not in wanted]
        reported = sum(
            1
            for q in key["unanswered"]
            if any(p.kind == "unanswered" and norm_key(q) in norm_key(p.message) for p in problems)
        )
        placeholders = f"{reported}/{len(unanswered)}"
        good = sum(
            topic_ok(by_key[norm_key(q)].topic, key["topics"].get(q), key.get("title"))
            for q in found
        )
        topics = f"{good}/{len(found)}"
        return Row(
            name,
            len(answered),
            len(pairs),
            len(found),
            len(slipped),
            placeholders,
            topics,
            found,
        )
    questions = own_count(path)
    wanted = {norm_key(q) for q in questions}
    found = [q for q in questions if norm_key(q) in by_key]
    slipped = [p for p in pairs if norm_key(p.question) not in wanted] if questions else []
    reported = sum(p.kind == "unanswered" for p in problems)
    distinct = len({p.topic for p in pairs if p.topic})
    return Row(
        name,
        len(questions) or None,
        len(pairs),
        len(found),
        len(slipped),
        f"{reported} rep.",
        f"{distinct} distinct",
        found or [p.question for p in pairs],
    )


def ask_all(folder: Path, rows: list[Row], index_root: Path) -> None:
    """Build the folder as one bank and ask every present question verbatim."""
    from interviewbot.bot import Bot
    from interviewbot.index.build import build

    index_dir = index_root / re.sub(r"\W+", "_", str(folder.resolve()))
    settings = replace(Settings(), corpus_dir=folder, index_dir=index_dir, fast_encoder=False)
    build(settings, if_needed=True)
    bot = Bot(settings, auto_build=False)
    holders: dict[str, set[str]] = {}
    for c in bot.bank:
        for v in c.variants:
            holders.setdefault(norm_key(v.text), set()).add(c.id)
    for row in rows:
        if not row.asked:
            continue
        results = bot.ask_many(row.asked, top_k=1)
        misses = []
        for q, r in zip(row.asked, results):
            held = holders.get(norm_key(q), set())
            if r.hits and r.hits[0].id in held:
                row.hits += 1
                continue
            got = f"{r.hits[0].question!r}" if r.hits else "no hit"
            misses.append(f"{q!r} -> {got}" + ("" if held else " (no canonical holds it)"))
        row.misses = tuple(misses)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--no-ask", action="store_true", help="skip the verbatim top-hit check")
    ap.add_argument("--misses", action="store_true", help="list each verbatim miss")
    ap.add_argument("--index-root", type=Path, default=Path(tempfile.gettempdir()) / "eval_banks")
    args = ap.parse_args(argv)
    head = (
        f"{'file':34} {'present':>7} {'parsed':>6} {'found':>13} {'slipped':>7} "
        f"{'placeh.':>8} {'topics':>11} {'top-hit':>14}"
    )
    for folder in args.folders:
        key_path = folder / "ANSWER_KEY.json"
        keys = json.loads(key_path.read_text(encoding="utf-8")) if key_path.is_file() else {}
        rows = []
        for path in corpus_files(folder):
            if path.name == "ANSWER_KEY.json" or path.suffix.lower() not in SUFFIXES:
                continue
            name = path.relative_to(folder).as_posix()
            rows.append(measure_file(path, name, keys.get(name) if keys else None))
        if not args.no_ask:
            try:
                ask_all(folder, rows, args.index_root)
            except InterviewbotError as exc:
                print(f"  top-hit check skipped: {exc}", file=sys.stderr)
        print(f"\n{folder}  ({'answer key' if keys else 'own count, no key'})")
        print(head)
        for r in rows:
            present = "-" if r.present is None else str(r.present)
            share = f"{r.found}/{r.present} {r.found / r.present:.1%}" if r.present else "-"
            asked = len(r.asked)
            # one decimal: 414/416 is 99.5 %, never "100%"
            hit = "-" if args.no_ask or not asked else f"{r.hits}/{asked} {r.hits / asked:.1%}"
            print(
                f"{r.file[:34]:34} {present:>7} {r.parsed:>6} {share:>13} {r.slipped:>7} "
                f"{r.placeholders:>8} {r.topics:>11} {hit:>14}"
            )
        if args.misses:
            for r in rows:
                for miss in r.misses:
                    print(f"  miss {r.file}: {miss}")
        present = sum(r.present or 0 for r in rows)
        found = sum(r.found for r in rows if r.present)
        print(
            f"{'total':34} {present:>7} {sum(r.parsed for r in rows):>6} "
            f"{found:>8} {found / max(present, 1):.1%} {sum(r.slipped for r in rows):>7}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
