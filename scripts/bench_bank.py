"""Build time and peak memory of the bank stages at 1k and 10k pairs (issue 15, "Scale").

    .venv/bin/python scripts/bench_bank.py [--sizes 1000 10000] [--embed-upto 1000]

Each size runs in a fresh subprocess (so peak RSS is its own): a generated Markdown bank of
``n`` heading questions (``n / 4`` topics, each question worded four ways across the file so
grouping has real work) is parsed with the corpus reader, then grouped with ``build_bank``.
Up to ``--embed-upto`` pairs the vectors come from the packaged MiniLM model (a full build's
encode); above it they are random unit vectors with the same group structure, because encoding
10k pairs on this machine measures the model, not the bank code. Printed per size: parse
seconds, encode seconds (or "synthetic"), grouping seconds, canonical questions and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_scale import peak_rss_mb  # noqa: E402

STEMS = ("What is", "Explain", "Why does one use", "How would you describe")


def bank_text(n: int) -> str:
    """A Markdown bank of ``n`` questions: concept ``i % (n // 4)`` asked four ways."""
    concepts = max(1, n // 4)
    parts = []
    for i in range(n):
        c = i % concepts
        parts.append(f"## Topic {c % 50}\n\n### {STEMS[i // concepts % 4]} concept {c}?\n\n")
        parts.append(f"Concept {c} is the idea number {c}, used for task {c * 7 % 97}.\n\n")
    return "".join(parts)


def one(n: int, embed_upto: int) -> dict:
    from interviewbot.bank.grouping import build_bank
    from interviewbot.corpus.markdown import parse_markdown

    text = bank_text(n)
    t0 = time.perf_counter()
    pairs = parse_markdown(text, "bench.md").pairs
    parse_s = time.perf_counter() - t0
    if n <= embed_upto:
        from interviewbot.embedding.sentence import get_embedder

        embedder = get_embedder()
        t0 = time.perf_counter()
        encode = embedder.encode
        encode_note = "model"
    else:
        rng = np.random.default_rng(0)
        concepts = max(1, n // 4)
        centres = rng.normal(size=(concepts, 384)).astype(np.float32)
        cache: dict[str, np.ndarray] = {}

        def encode(texts):
            out = []
            for t in texts:
                if t not in cache:
                    digits = [int(w) for w in t.replace("?", " ").split() if w.isdigit()]
                    c = digits[0] % concepts if digits else 0
                    v = centres[c] + 0.3 * rng.normal(size=384).astype(np.float32)
                    cache[t] = v / np.linalg.norm(v)
                out.append(cache[t])
            return np.stack(out)

        t0 = time.perf_counter()
        encode_note = "synthetic"
    vectors: dict[str, np.ndarray] = {}

    def cached(texts):
        missing = [t for t in dict.fromkeys(texts) if t not in vectors]
        if missing:
            for t, v in zip(missing, encode(missing)):
                vectors[t] = v
        return np.stack([vectors[t] for t in texts])

    from interviewbot.corpus.clean import plain

    cached([p.question for p in pairs] + [plain(p.answer) for p in pairs])
    encode_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    bank, report = build_bank(pairs, cached, bank="bench", keyword_topics=False)
    group_s = time.perf_counter() - t0
    return {
        "pairs": len(pairs),
        "parse_s": round(parse_s, 2),
        "encode_s": round(encode_s, 2),
        "encode": encode_note,
        "group_s": round(group_s, 2),
        "canonical": report.canonical,
        "peak_rss_mb": round(peak_rss_mb()),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--embed-upto", type=int, default=1000)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.embed_upto)))
        return 0
    print(
        f"{'pairs':>6} {'parse s':>8} {'encode s':>9} {'vectors':>9} {'group s':>8} "
        f"{'canonical':>9} {'peak MB':>8}"
    )
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--embed-upto", str(args.embed_upto)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['pairs']:>6} {r['parse_s']:>8} {r['encode_s']:>9} {r['encode']:>9} "
            f"{r['group_s']:>8} {r['canonical']:>9} {r['peak_rss_mb']:>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
