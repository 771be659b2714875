"""Text rules every stage shares: the stemmer, the stop words and the sentence splitter.

In: plain strings. Out: word stems (Snowball English, from PyStemmer), the shared stop words
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
import threading
from functools import lru_cache
from importlib import resources

STOPWORDS: frozenset[str] = frozenset(
    json.loads(resources.files("interviewbot").joinpath("data/stopwords.json").read_text("utf-8"))[
        "words"
    ]
)  # the stop words both stages leave out

_LOCAL = threading.local()  # a PyStemmer object is not thread-safe: one per thread


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem of ``word``, lower-cased: "initializing" and "initialization"
    → "initi", "saturate" / "saturated" → "satur", "overfitting" → "overfit". Retrieval's
    terms and grading's word matches both use it (docs/EVALUATION.md, ## Text rules)."""
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        import Stemmer  # PyStemmer: the Snowball C library

        stemmer = _LOCAL.stemmer = Stemmer.Stemmer("english")
    return stemmer.stemWord(word.lower())


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
