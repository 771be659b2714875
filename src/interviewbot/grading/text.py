"""Word-level text helpers for grading: stopwords, negation and antonyms (the stemmer is
:func:`interviewbot.textproc.stem`, shared with retrieval).

Everything here is pure string work (no model), so it is cheap and deterministic. The word
lists come from ``data/grading_words.json`` (:mod:`interviewbot.grading.lexicon`); the stop
words are the shared ones of :mod:`interviewbot.textproc` plus grading's ``extra_stopwords``.
"""

from __future__ import annotations

import re

from interviewbot.grading.lexicon import antonym_pairs, word_set
from interviewbot.textproc import STOPWORDS as SHARED_STOPWORDS
from interviewbot.textproc import stem

STOPWORDS: frozenset[str] = SHARED_STOPWORDS | word_set("extra_stopwords")
NEGATIONS: frozenset[str] = word_set("negations")
# Wordpiece splits "doesn't" into doesn ' t; these stems mark the negated auxiliary.
NEG_AUX: frozenset[str] = word_set("negated_auxiliaries")

_ANTONYM_PAIRS = antonym_pairs()
ANTONYMS: dict[str, frozenset[str]] = {}
for _a, _b in _ANTONYM_PAIRS:
    ANTONYMS[_a] = ANTONYMS.get(_a, frozenset()) | {_b}
    ANTONYMS[_b] = ANTONYMS.get(_b, frozenset()) | {_a}

_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")


def words(text: str) -> list[str]:
    """Lower-cased alphanumeric words (hyphen and apostrophe joined words kept whole)."""
    return [m.group(0).lower() for m in _WORD_RE.finditer(text)]


def is_content(word: str) -> bool:
    """A word that carries meaning: not a stopword, not a lone character or punctuation."""
    return word.isalnum() and word not in STOPWORDS and (len(word) > 1 or word.isdigit())


def content_stems(text: str) -> list[str]:
    """Stems of the content words of a text, in order."""
    out: list[str] = []
    for w in words(text):
        for part in w.replace("'", "-").split("-"):
            if part and is_content(part):
                out.append(stem(part))
    return out


# The same pairs by stem, so every inflection counts ("slowed" / "speeds up").
ANTONYM_STEMS: dict[str, frozenset[str]] = {}
for _a, _b in _ANTONYM_PAIRS:
    _sa, _sb = stem(_a), stem(_b)
    if _sa != _sb:
        ANTONYM_STEMS[_sa] = ANTONYM_STEMS.get(_sa, frozenset()) | {_sb}
        ANTONYM_STEMS[_sb] = ANTONYM_STEMS.get(_sb, frozenset()) | {_sa}


# "1. ", "2) ", "(3) ", "- ", "* ", "• " opening a line: layout, not words.
_LIST_MARKER = re.compile(r"(?m)^[ \t]*(?:[-*•·+]|\(?\d{1,2}[.)])[ \t]+")


def strip_list_markers(text: str) -> str:
    """The text without list markers at line starts ("1. Dropout ..." -> "Dropout ..."): a
    marker is read as a one-word sentence ("1 .") and shifts what the answer's units are."""
    return _LIST_MARKER.sub("", text)
