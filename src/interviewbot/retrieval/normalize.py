"""Query normalization: words, light stemming, abbreviations and spelling correction.

Pure functions plus one small class (:class:`Speller`). Both sides of lexical matching use
:func:`analyze`; the query side also goes through :func:`normalize`, which fixes typos against
the bank's own vocabulary and rewrites abbreviations ("bn" → "batch normalization") so that
the dense model sees words it knows.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from interviewbot.textproc import STOPWORDS as SHARED_STOPWORDS
from interviewbot.textproc import stem

_WORD = re.compile(r"[a-z0-9]+")
_TOKEN = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=4)
def packaged_data(name: str) -> dict:
    """A JSON file of ``interviewbot/data`` (read once)."""
    return json.loads(resources.files("interviewbot").joinpath(f"data/{name}").read_text("utf-8"))


STOPWORDS = SHARED_STOPWORDS | frozenset(packaged_data("query_terms.json")["extra_stopwords"])


@dataclass(frozen=True)
class QueryTerms:
    """Data from ``data/query_terms.json``: abbreviations, spellings, folds, and what makes a
    message lean on the previous one (read by :mod:`interviewbot.retrieval.follow_up`)."""

    expand: dict[str, str]
    spelling: dict[str, str]
    fold: dict[str, str]
    follow_up_openings: tuple[str, ...] = ()
    follow_up_fillers: tuple[str, ...] = ()
    follow_up_words: tuple[str, ...] = ()
    follow_up_questions: tuple[str, ...] = ()
    follow_up_qualifiers: tuple[str, ...] = ()
    follow_up_closings: tuple[str, ...] = ()
    follow_up_aspects: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Real English words (the model's whole-word vocabulary, ``data/english_words.json``)."""
    return frozenset(packaged_data("english_words.json")["words"])


@lru_cache(maxsize=1)
def english_deletes() -> frozenset[str]:
    """Every English word and each of its one-letter deletions (built once, about a second
    and 15 MB; the retriever builds it at load): a word sharing one of these is at most one
    typo from an English word."""
    return frozenset(d for w in english_words() for d in _deletes(w, 1))


@lru_cache(maxsize=1)
def query_terms() -> QueryTerms:
    """The packaged abbreviation / spelling tables (read once)."""
    raw = packaged_data("query_terms.json")
    follow_up = raw.get("follow_up", {})
    return QueryTerms(
        dict(raw["expand"]),
        dict(raw["spelling"]),
        dict(raw["fold"]),
        tuple(follow_up.get("openings", ())),
        tuple(follow_up.get("fillers", ())),
        tuple(follow_up.get("words", ())),
        tuple(follow_up.get("questions", ())),
        tuple(follow_up.get("qualifiers", ())),
        tuple(follow_up.get("closings", ())),
        tuple(follow_up.get("aspects", ())),
    )


def words(text: str) -> list[str]:
    """Lowercase alphanumeric words of ``text``."""
    return _WORD.findall(text.lower())


CANDIDATE_CACHE = 65_536  # misspelled words whose corrections are kept per speller


def rewrite(tokens: Iterable[str], terms: QueryTerms | None = None) -> list[str]:
    """British→American spelling and abbreviation expansion, word by word."""
    terms = terms or query_terms()
    out: list[str] = []
    for tok in tokens:
        tok = terms.spelling.get(tok, tok)
        out.extend(terms.expand.get(tok, tok).split())
    return out


def analyze(text: str, terms: QueryTerms | None = None) -> list[str]:
    """Lexical terms of a text: words, rewritten, stop words dropped, stemmed."""
    toks: list[str] = []
    for w in rewrite(words(text), terms):
        toks.extend(_WORD.findall(w))
    return [stem(t) for t in toks if t not in STOPWORDS]


def phrases(text: str, terms: QueryTerms | None = None) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Runs of neighbouring content words of a text (a stop word ends a run), each word as
    (word, lexical term): "what is layer normalization?" → ((layer, layer), (normalization,
    normaliz)). The terms are those of :func:`analyze`, in order."""
    runs: list[tuple[tuple[str, str], ...]] = []
    run: list[tuple[str, str]] = []
    for w in rewrite(words(text), terms):
        for t in _WORD.findall(w):
            if t in STOPWORDS:
                if run:
                    runs.append(tuple(run))
                run = []
            else:
                run.append((t, stem(t)))
    if run:
        runs.append(tuple(run))
    return tuple(runs)


def osa_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment edit distance (a swap of neighbours costs 1), capped at
    ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def max_edits(word: str) -> int:
    """How many edits a word of this length may carry: none below 4 letters, 1, or 2 from 9
    (4–5 letter words: only a swap of two neighbouring letters, see :meth:`Speller.correct`)."""
    return 0 if len(word) < 4 else (1 if len(word) < 9 else 2)


class Speller:
    """Correct a misspelled word to the most frequent known word within 1–2 edits
    (symmetric-delete lookup, so a query costs a few dict probes per unknown word).

    Only words that are unknown, alphabetic and at least 4 letters long are corrected, and
    the correction must keep the first letter (typos rarely change it; this keeps
    out-of-domain words from being "corrected" into the bank's vocabulary). A word is known
    when the bank has it or another form of it ("predicts" for "predict"). A real English
    word the bank lacks ("change", "sample", "leaving") is a typo only when the correction
    makes a phrase of the bank with a neighbouring word ("gradient decent" → "gradient
    descent", "how dose" → "how does").
    """

    def __init__(
        self,
        vocabulary: Counter[str],
        english: frozenset[str] = frozenset(),
        bigrams: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        self.counts = Counter({w: n for w, n in vocabulary.items() if w.isalpha()})
        self.known = frozenset(self.counts) | STOPWORDS
        self.known_stems = frozenset(stem(w) for w in self.counts)
        self.english = english
        self.bigrams = bigrams
        self._index: dict[str, list[str]] = {}
        self._cache: dict[str, tuple[tuple[int, int, str], ...]] = {}
        for word in self.counts:
            if len(word) < 3:
                continue
            for d in _deletes(word, max(1, max_edits(word))):
                self._index.setdefault(d, []).append(word)

    def is_known(self, word: str) -> bool:
        """The bank has this word, or another form of it."""
        return word in self.known or stem(word) in self.known_stems

    def novel(self, word: str) -> bool:
        """A word of 4+ letters that neither the bank (in any form) nor plain English has,
        nor one typo away from a plain English word ("kubeflow", "distillation",
        "dendrogram"; not "grandma", "beter"): most often the name of something the bank
        does not cover. (The English list has no words under 4 letters, so "pca" cannot
        be told from "big".)"""
        if len(word) < 4 or not word.isalpha() or self.is_known(word):
            return False
        plain = (word, f"{word}s", word[:-1] if word.endswith("s") else word)
        if any(w in self.english for w in plain):
            return False
        return not (_deletes(word, 1) & english_deletes())

    def _in_phrase(self, cand: str, before: str, after: str) -> bool:
        """``cand`` makes a bank phrase with a content word next to it (or is itself a
        function word: "how dose" → "how does")."""
        function_word = cand in STOPWORDS
        return ((before, cand) in self.bigrams and (function_word or before not in STOPWORDS)) or (
            (cand, after) in self.bigrams and (function_word or after not in STOPWORDS)
        )

    def correct(self, word: str, before: str = "", after: str = "") -> str:
        """``word`` itself when known or not correctable, else its best correction
        (``before`` / ``after``: the neighbouring words, for real-word typos)."""
        if max_edits(word) == 0 or not word.isalpha() or self.is_known(word):
            return word
        real = word in self.english or f"{word}s" in self.english  # "transformer(s)"
        for _, _, cand in self._candidates(word):
            if not real or self._in_phrase(cand, before, after):
                return cand
        return word

    def _candidates(self, word: str) -> tuple[tuple[int, int, str], ...]:
        """Known words within reach of ``word``, best first: (edits, -count, word).
        Cached per word (bounded): typing the same typo again costs one dict probe."""
        got = self._cache.get(word)
        if got is not None:
            return got
        limit = max_edits(word)
        found: list[tuple[int, int, str]] = []
        seen: set[str] = set()
        for d in _deletes(word, limit):
            for cand in self._index.get(d, ()):
                if cand in seen or cand[0] != word[0]:
                    continue
                seen.add(cand)
                if len(word) < 6 and sorted(cand) != sorted(word):
                    continue  # short words: letter swaps only ("wrok"), not "rice"→"race"
                dist = osa_distance(word, cand, limit)
                if dist <= limit:
                    found.append((dist, -self.counts[cand], cand))
        got = tuple(sorted(found))
        if len(self._cache) < CANDIDATE_CACHE:
            self._cache[word] = got
        return got


@dataclass(frozen=True)
class Query:
    """A normalized query: ``text`` for the embedder, ``terms`` for lexical matching,
    ``known`` the share of content words the bank's vocabulary knows (after correction),
    ``runs`` its neighbouring content words (:func:`phrases`), ``novel`` its words that
    neither the bank nor plain English has (:meth:`Speller.novel`)."""

    raw: str
    text: str
    terms: tuple[str, ...]
    known: float
    corrected: tuple[tuple[str, str], ...] = ()
    runs: tuple[tuple[tuple[str, str], ...], ...] = ()  # see :func:`phrases`
    novel: tuple[str, ...] = ()  # see :meth:`Speller.novel`


def normalize(raw: str, speller: Speller | None = None, terms: QueryTerms | None = None) -> Query:
    """Correct typos and expand abbreviations; keep everything else of the text as typed."""
    terms = terms or query_terms()
    typed = [m.group(0) for m in _TOKEN.finditer(raw)]
    low = [terms.spelling.get(t.lower(), t.lower()) for t in typed]
    corrected: list[tuple[str, str]] = []
    out: list[str] = []
    for i, (orig, word) in enumerate(zip(typed, low)):
        if speller is not None and word not in terms.expand:
            before = low[i - 1] if i else ""
            after = low[i + 1] if i + 1 < len(low) else ""
            fixed = speller.correct(word, before, after)
            if fixed != word:
                corrected.append((word, fixed))
                word = fixed
        if word in terms.expand:
            out.append(terms.expand[word])
        else:
            out.append(orig if word == orig.lower() else word)
    pieces = iter(out)
    text = _TOKEN.sub(lambda _m: next(pieces), raw)
    lexical = analyze(text, terms)
    content = [w for w in words(text) if w not in STOPWORDS]
    if speller is None or not content:
        known = 0.0 if not content else 1.0
    else:
        known = sum(speller.is_known(w) for w in content) / len(content)
    novel = tuple(w for w in content if speller is not None and speller.novel(w))
    return Query(
        raw, text, tuple(lexical), known, tuple(corrected), phrases(text, terms), novel
    )
