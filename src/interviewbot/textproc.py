"""Text rules every stage shares: the stemmer, the stop words and the sentence splitter.

In: plain strings. Out: word stems (one light suffix stripper), the shared stop words
(``data/stopwords.json``; retrieval and grading each add a measured extra set, see the file's
``_about``) and sentence spans. Pure and
deterministic (no model); imports nothing of ours, so any stage may import it, like
``models``, ``errors`` and ``config``. Chunking
(``index``), standalone phrasings (``bank``) and key points (``grading.claims``) cut sentences
with :func:`sentence_spans`. (Grading's encoder also cuts its word pieces into scopes at
". ; : ! ?" tokens, ``grading.encoding``: a negation's reach over tokens, not a splitter of
text.)
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

STOPWORDS: frozenset[str] = frozenset(
    json.loads(resources.files("interviewbot").joinpath("data/stopwords.json").read_text("utf-8"))[
        "words"
    ]
)  # the stop words both stages leave out

_UNDOUBLE = frozenset({"ings", "ing", "edly", "ed"})
_SUFFIXES = (
    ("izations", "iz"), ("ization", "iz"), ("isations", "iz"), ("isation", "iz"),
    ("ations", "at"), ("ation", "at"), ("ically", "ic"), ("ical", "ic"), ("ities", "ity"),
    ("izing", "iz"), ("izes", "iz"), ("ized", "iz"), ("ize", "iz"),
    ("ies", "y"), ("ness", ""), ("ings", ""), ("ing", ""),
    ("edly", ""), ("ed", ""), ("ly", ""), ("es", ""), ("s", ""),
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper for inflections and a few derivations (plural, -ing, -ed,
    -ation, -ly ...), lower-cased: "initializing" meets "initialization", "networks"
    "network", "historically" "historical", "overfitting" "overfit". It keeps agent nouns
    whole ("transformer" is not "transform", "encoder" not "encode"): a query naming a
    concept the bank lacks must stay new to it. Retrieval's terms and grading's word matches
    both use it. Snowball (PyStemmer) was measured in its place and conflates those nouns
    (docs/EVALUATION.md, ## Text rules)."""
    w = word.lower()
    if len(w) <= 3 or w.isdigit():
        return w
    for suffix, repl in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: len(w) - len(suffix)]
            if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                return w[:-1]
            if suffix == "s" and w.endswith(("ss", "us", "is", "as")):
                return w
            if suffix in _UNDOUBLE and len(base) >= 4 and base[-1] == base[-2]:
                if base[-1] not in "aeiouylsz":
                    base = base[:-1]  # "running" → "run", "overfitting" → "overfit"
            return base + repl
    return w


# A sentence ends at . ! or ? (and any closing quotes or brackets right after it) before white
# space and a capital, a digit, an opening quote or bracket, or "*" (Markdown bold), or at a
# line break. A period after these does not end one: "e.g. ReLU", "vs. tanh", "1. Forward".
_BREAK = re.compile(r"(?<=[.!?])[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9*])|\n")
_ABBREV = re.compile(r"(\b(e\.g|i\.e|etc|vs|cf|approx|fig|eq|dr|mr|ms|no)\.|\d\.)$", re.IGNORECASE)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence inside ``text[start:end]``, white space trimmed, empty
    ones dropped; a sentence keeps its closing quote ('... making it "dead."')."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    s = start
    for m in _BREAK.finditer(text, start, end):
        if m.group() != "\n" and _ABBREV.search(text[s : m.start()]):
            continue
        spans.append((s, m.end()))
        s = m.end()
    spans.append((s, end))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[a:b] for a, b in sentence_spans(text)]
