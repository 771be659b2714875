"""Guards: answers that must fail whatever their similarity, each with its own verdict.

Thresholds were set on the SemEval-2013 train split and the dev gaming set
(eval/grading_gaming_dev.jsonl), never on the test splits or the reported gaming set.
"""

from __future__ import annotations

import re

from interviewbot.grading.encoding import Encoded
from interviewbot.grading.features import FeatureSet
from interviewbot.grading.lexicon import word_set
from interviewbot.grading.text import STOPWORDS, words

_VOWELS = set("aeiouy")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")
# Items split by commas, semicolons, newlines, slashes, pipes, bullets, " - ", arrows
# ("a -> b", "a → b") and inline numbering ("1. a 2. b"; not "0.5").
_ITEM_SPLIT = re.compile(r"[,;\n/|•·→]+|\s-\s|\s*[-=]>\s*|(?:^|\s)\(?\d{1,2}[.)](?=\s)")


def is_empty(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


def _alpha_words(enc: Encoded) -> list[str]:
    return [w for w in enc.words if any(c.isalpha() for c in w)]


def too_short(enc: Encoded, feats: FeatureSet) -> bool:
    """Fewer than two content words and fewer than four words, none of them a word of the
    references beyond the question ("They are loops." to "Which pattern...?" is short but
    answers; "ReLU" to a ReLU question does not)."""
    return feats.answer_content < 2 and len(_alpha_words(enc)) < 4 and feats.novel_hits == 0


def _odd_word(word: str, pieces: int) -> bool:
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 3:
        return False
    vowel_share = sum(c in _VOWELS for c in letters) / len(letters)
    if _CONSONANT_RUN.search(word) or vowel_share < 0.15 or vowel_share > 0.8:
        return True
    # Real words rarely shatter into many tiny wordpieces.
    return pieces >= 3 and len(word) / pieces < 2.6


def gibberish(enc: Encoded, known: frozenset[str] = frozenset()) -> bool:
    """Half or more of the words look like no word (keyboard mash, random letters). A word
    whose stem the question or a reference uses is a real word, however it tokenizes
    ("Celsius")."""
    alpha = [(w, int(n), s) for w, n, s in zip(enc.words, enc.word_ntok, enc.stems, strict=True)
             if any(c.isalpha() for c in w)]
    if not alpha:
        return True
    odd = sum(s not in known and _odd_word(w, n) for w, n, s in alpha)
    return odd / len(alpha) >= 0.5


def copies_question(feats: FeatureSet) -> bool:
    """Little said beyond the question's own words."""
    cos_q = feats.as_dict()["cos_q"]
    if feats.novel_content <= 1 and cos_q >= 0.6 and feats.novel_hits == 0:
        return True
    share = feats.novel_content / max(feats.answer_content, 1)
    return cos_q >= 0.8 and (share < 0.34 or feats.novel_content <= 2)


_JOINERS = word_set("joiners")
_LABEL_SPLIT = re.compile(r"[:.](?!\d)")  # "Sigmoid: 0-1. ReLU: max." (not "0.5")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _term_items(items: list[str], min_items: int = 3) -> bool:
    """Mostly short items, and few function words or most items without any."""
    items = [i.strip() for i in items if i.strip()]
    if len(items) < min_items:
        return False
    short = sum(len(i.split()) <= 3 for i in items) / len(items)
    ws = [w for i in items for w in words(i)]
    stop_share = sum(w in STOPWORDS for w in ws) / max(len(ws), 1)
    # Terms, not clauses: few function words overall, or most items have none at all
    # ("0 to 1" is a term; "it normalizes inputs" is a clause).
    bare = sum(not any(w in STOPWORDS for w in words(i)) for i in items) / len(items)
    return short >= 0.8 and (stop_share < 0.2 or bare >= 0.75)


def keyword_list(text: str, enc: Encoded) -> bool:
    """Terms without explanation: short items split by commas, newlines, semicolons or
    slashes; "term: fragment." labels; terms strung together with "and"/"or"; or a run of
    words with almost no function words and no sentence end."""
    alpha = _alpha_words(enc)
    if len(alpha) < 3:
        return False
    if _term_items(_ITEM_SPLIT.split(text)):
        return True
    if text.count(":") >= 2 and _term_items(_LABEL_SPLIT.split(text), min_items=4):
        return True
    # Whole words from here ("one-hot" is one word, not "one", "-", "hot").
    whole = [w for w in words(text) if any(c.isalpha() for c in w)]
    # "Swish and Mish and ReLU or tanh and ...": besides "and"/"or", hardly a function word
    others = [w for w in whole if w not in _JOINERS]
    joiners = len(whole) - len(others)
    if joiners >= 3 and sum(w in STOPWORDS for w in others) <= len(others) // 10:
        return True
    if _SENTENCE_END.search(text):
        return False
    stop_share = sum(w in STOPWORDS for w in whole) / len(whole)
    # A salad: 10+ words, under 15 % function words and a run of 6+ content words ("gradients
    # vanishing backpropagation the earlier layers small weights updates sigmoid tanh ..."):
    # on SemEval train it fires on no answer of any label.
    return (len(whole) >= 4 and stop_share < 0.08) or (
        len(whole) >= 10 and stop_share < 0.15 and _longest_content_run(whole) >= 6)


def _longest_content_run(ws: list[str]) -> int:
    best = run = 0
    for w in ws:
        run = 0 if w in STOPWORDS else run + 1
        best = max(best, run)
    return best


def off_topic(feats: FeatureSet) -> bool:
    """Far from every key point and from the question: it answers something else."""
    f = feats.as_dict()
    return f["kp_best"] < 0.45 and f["cos_q"] < 0.4 and f["kp_count"] == 0


FULL_STATEMENT = 10  # content words: enough context to trust a contradiction of a side claim


def contradicts(feats: FeatureSet) -> bool:
    """The answer states the opposite of a core key point: of the one it matches best, or of
    any when it denies importance ("doesn't matter") or is a full statement (FULL_STATEMENT
    content words or more). Short science answers against references that state the same
    fact both ways ("not connected" / "separated") fooled the check on any key point as often
    as not on SemEval train; on the best match or in full statements it holds. Swapped roles
    (:mod:`interviewbot.grading.roles`) always count."""
    if feats.swapped:
        return True
    bad = feats.contradicted
    if not bad:
        return False
    return (feats.top.contradicted or any(k.conflict[1:] == ("",) for k in bad)
            or feats.answer_content >= FULL_STATEMENT)
