"""Word-level text helpers for grading: stopwords, a light stemmer, negation and antonyms.

Everything here is pure string work (no model), so it is cheap and deterministic.
"""

from __future__ import annotations

import re

STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but if then else so as of at by for with from into onto to in on out over
    under up down off about above below between through during before after again further once
    is are was were be been being am do does did doing have has had having will would shall
    should can could may might must it its it's itself they them their theirs themselves we us
    our ours you your yours he him his she her hers i me my mine this that these those there
    here what which who whom whose when where why how all any both each few more most other
    some such only own same than too very just also s t d ll m o re ve y
    because while whereas since though although yet etc e g eg ie i.e e.g
    one ones thing things something way ways like
    explain describe discuss answer question tell give example
    """.split()
)
# "same", "more", "most", "than" carry meaning in comparisons; keep them out of the stop list.
STOPWORDS = STOPWORDS - {"same", "more", "most", "less", "only"}

NEGATIONS: frozenset[str] = frozenset(
    "not no never without cannot nor neither none nothing nobody nowhere n't".split()
)
# Wordpiece splits "doesn't" into doesn ' t; these stems mark the negated auxiliary.
NEG_AUX: frozenset[str] = frozenset(
    "don doesn didn isn aren wasn weren hasn haven hadn won wouldn shouldn couldn can mustn ain"
    .split()
)

_ANTONYM_PAIRS = [
    ("increase", "decrease"), ("increases", "decreases"), ("increasing", "decreasing"),
    ("high", "low"), ("higher", "lower"), ("large", "small"), ("larger", "smaller"),
    ("big", "small"), ("fast", "slow"), ("faster", "slower"), ("more", "less"),
    ("more", "fewer"), ("same", "different"), ("linear", "nonlinear"),
    ("open", "closed"), ("connected", "separated"), ("connected", "disconnected"),
    ("positive", "negative"), ("vanishing", "exploding"), ("overfitting", "underfitting"),
    ("underfit", "overfit"), ("maximize", "minimize"), ("maximizes", "minimizes"),
    ("maximum", "minimum"), ("add", "remove"), ("adds", "removes"), ("before", "after"),
    ("forward", "backward"), ("input", "output"), ("inputs", "outputs"), ("true", "false"),
    ("always", "never"), ("easy", "hard"), ("easier", "harder"), ("stable", "unstable"),
    ("supervised", "unsupervised"), ("sparse", "dense"), ("shallow", "deep"),
    ("better", "worse"), ("improves", "hurts"), ("helps", "hurts"), ("prevents", "causes"),
    ("reduces", "increases"), ("reduce", "increase"), ("solves", "causes"),
    ("mitigates", "causes"), ("avoids", "causes"), ("on", "off"), ("parallel", "series"),
    ("conductor", "insulator"), ("attract", "repel"), ("gain", "lose"), ("gains", "loses"),
    ("heavier", "lighter"), ("hot", "cold"), ("warmer", "cooler"), ("up", "down"),
    ("larger", "lower"), ("greater", "less"), ("greater", "smaller"), ("contain", "exclude"),
    ("slows", "speeds"), ("slow", "speed"), ("slower", "quicker"), ("single", "multiple"),
    ("necessary", "unnecessary"), ("useful", "useless"), ("important", "unimportant"),
    ("improves", "degrades"), ("improve", "degrade"), ("automatically", "manually"),
    ("automatic", "manual"), ("efficient", "inefficient"), ("local", "global"),
    ("addresses", "causes"), ("address", "cause"), ("address", "causes"),
    ("expensive", "cheap"), ("expensive", "cheaper"), ("simpler", "expensive"),
    ("simple", "complex"), ("lets", "prevents"), ("allows", "prevents"), ("slows", "faster"),
    ("noisier", "stable"), ("noisy", "stable"), ("labeled", "unlabeled"), ("expand", "compress"),
    ("expands", "compresses"), ("fixed", "adjusted"), ("fixed", "learned"), ("worse", "help"),
    ("binary", "multi"), ("binary", "multiclass"), ("raise", "lower"), ("grow", "shrink"),
    ("improve", "worsen"), ("improve", "hurt"), ("converge", "diverge"), ("accelerate", "slow"),
    ("dependent", "independent"), ("shared", "separate"), ("explicit", "implicit"),
    ("static", "dynamic"), ("minority", "majority"), ("narrow", "wide"), ("few", "many"),
    ("first", "last"), ("early", "late"), ("earlier", "later"), ("vanish", "explode"),
    ("preserve", "lose"), ("retain", "lose"), ("remember", "forget"), ("long", "short"),
    ("deterministic", "stochastic"), ("overestimate", "underestimate"), ("rare", "common"),
    ("required", "optional"), ("compress", "decompress"), ("increase", "lower"),
]
ANTONYMS: dict[str, frozenset[str]] = {}
for _a, _b in _ANTONYM_PAIRS:
    ANTONYMS[_a] = ANTONYMS.get(_a, frozenset()) | {_b}
    ANTONYMS[_b] = ANTONYMS.get(_b, frozenset()) | {_a}

_SUFFIXES = (
    "izations", "ization", "ational", "ations", "ation", "ities", "ity", "ness", "ments",
    "ment", "ings", "ing", "edly", "ers", "er", "ed", "ies", "es", "ly", "s",
)
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")


def stem(word: str) -> str:
    """A light suffix-stripping stemmer: good enough to match 'gradients' with 'gradient'."""
    w = word.lower()
    if len(w) <= 4:
        return w.rstrip("s") if len(w) > 3 else w
    for suf in _SUFFIXES:
        if suf == "ly" and w.endswith("ply"):  # apply, supply, multiply are not adverbs
            continue
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            if suf == "ies":
                w += "y"
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


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
