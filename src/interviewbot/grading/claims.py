"""Split text into claims (pure string work, no model).

A reference answer becomes its sentences; a long sentence is cut at ";" or at " and " only when
both sides are full clauses; fragments join a neighbour. Illustration parts (a paragraph under
"Example:", "Real-world analogy:", "Application:" or a sentence opening with "For example",
"Imagine", "This is akin to", ...) are kept but marked non-core: an interview answer is judged
on the core idea, not on repeating the reference's analogy.

An answer is cut into units the same way (sentences, then clauses) so that each unit can be
matched to a key point on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewbot.grading.lexicon import word_list, word_set
from interviewbot.grading.text import is_content, words
from interviewbot.textproc import sentence_spans

_LABEL = re.compile(
    r"^[\s*_#>\-]*(?P<label>real[- ]world analogy|analogy|examples?|applications?|use cases?|"
    r"illustration|answer|explanation|definition|summary)[\s*_]*:[\s*_]*",
    re.IGNORECASE,
)
_CORE_LABELS = frozenset({"answer", "explanation", "definition", "summary"})
_ILLUSTRATION_START = re.compile(
    r"^[\s\"'(]*(for example|for instance|e\.g\.|imagine|think of|picture a|as an analogy|"
    r"(this|it|that)( i|['’])s (akin|similar|like|analogous)|(this|it) (works|acts) like|"
    r"similar to|just like|just as|akin to|analogous to|like a|in real life|in everyday life)\b",
    re.IGNORECASE,
)
_SUBJECT = word_set("claim_subjects")
_VERB_CUE = word_set("claim_verbs")
_CLAUSE_WORD = re.compile(
    r",\s+|;\s+|\s+(?=(?:" + "|".join(map(re.escape, word_list("unit_clause_openers"))) + r")\s)",
    re.IGNORECASE,
)
MIN_CLAIM_CONTENT = 3  # a piece with fewer content words is a fragment and joins a neighbour
MIN_UNIT_WORDS = 4
MAX_ANSWER_UNITS = 4  # bounds the matching work (units are cut from one forward pass)


@dataclass(frozen=True)
class Claim:
    """One claim: its text, its character span in the source, and whether it is core."""

    text: str
    start: int
    end: int
    core: bool


# Talk about the source, not the subject: never a key point ("the video doesn't delve ...").
_FILLER = re.compile(r"\b(the|this) (video|tutorial|lecture|course)s?\b|\bsubsequent tutorials?\b",
                     re.IGNORECASE)
# An analogy anywhere in a sentence ("... is like selecting the right tool for a job; ... just
# as using a screwdriver to hammer a nail"; "This process is similar to a counterfeiter ...").
_ANALOGY = re.compile(r"\b(is|are|works|acts) (just |much )?like\b|\bjust as\b|"
                      r"\bsimilar to (a|an|how)\b|\banalogous to\b|\bakin to\b", re.IGNORECASE)
_PRONOUN_OPENER = re.compile(r"^[\s\"'(]*(this|it|these|they)\b", re.IGNORECASE)
SHORT_PRONOUN_CLAIM = 4  # "This helps improve generalization.": joins the claim it refers to


def _standalone_core(text: str) -> bool:
    """A core candidate that can stand as a key point: not a lead-in ending with ":" ("To
    handle overfitting, several techniques can be employed:"), not about the source, and
    no analogy."""
    return (not text.rstrip().endswith(":") and not _FILLER.search(text)
            and not _ANALOGY.search(text))


def _joins_previous(text: str, same_core: bool, continues: bool) -> bool:
    """A piece that only continues the one before: it opens in lower case and ``continues``
    (it starts a line, the rest of a sentence broken over lines; it follows a ";" ("...;
    otherwise, it outputs zero."); or it follows an illustration), or it
    is a short claim about "this"/"it" of the same kind (core or illustration) as the one
    before."""
    if continues and text.lstrip(" \"'(")[:1].islower():
        return True
    return (same_core and _PRONOUN_OPENER.match(text) is not None
            and _content_count(text) <= SHORT_PRONOUN_CLAIM)


def _content_count(text: str) -> int:
    return sum(1 for w in words(text) if is_content(w))


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], Markdown marks at their ends stripped."""
    return [_strip(text, a, b) for a, b in sentence_spans(text, start, end)]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t*_#>-":
        a += 1
    while b > a and text[b - 1] in " \t*_":
        b -= 1
    return a, b


def _full_clause(piece: str) -> bool:
    ws = words(piece)
    if len(ws) < 5 or re.match(r"\s*[\w-]+,", piece):  # "Tanh, whose ...": a list goes on
        return False
    first = piece.lstrip()[:1]
    starts_subject = ws[0] in _SUBJECT or first.isupper()
    has_verb = any(w in _VERB_CUE or (len(w) > 4 and w.endswith(("es", "ed"))) for w in ws[1:7])
    return starts_subject and has_verb


def _split_long(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut a sentence at ";" or " and " when both sides are full clauses (or at ";" when both
    sides have at least four words)."""
    piece = text[a:b]
    for m in re.finditer(r";\s*|\s+and\s+", piece):
        left, right = piece[: m.start()], piece[m.end() :]
        ok = (
            (m.group().strip() == ";" and len(words(left)) >= 4 and len(words(right)) >= 4)
            or (_full_clause(left) and _full_clause(right))
        )
        if ok:
            return [*_split_long(text, a, a + m.start()), *_split_long(text, a + m.end(), b)]
    return [(a, b)]


def _paragraphs(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, core) of each line; a line under an illustration label is not core, and
    so are the unlabelled lines that follow it until the next label or blank line."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    core = True
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        if not line.strip():
            core = True
            continue
        m = _LABEL.match(line)
        if m:
            label_core = m.group("label").lower() in _CORE_LABELS
            a += m.end()
            if not line[m.end():].strip():  # a label on its own line governs what follows
                core = label_core
                continue
            out.append((a, b, label_core))
            continue
        out.append((a, b, core))
    return out


def split_claims(text: str) -> list[Claim]:
    """Claims of a reference answer, in order, fragments merged, illustration marked."""
    pieces: list[tuple[int, int, bool, bool]] = []  # start, end, core, starts a line
    for pa, pb, core in _paragraphs(text):
        line_start = True
        for sa, sb in _sentences(text, pa, pb):
            sent_core = (core and not _ILLUSTRATION_START.match(text[sa:sb])
                         and _standalone_core(text[sa:sb]))
            for ca, cb in _split_long(text, sa, sb):
                ca, cb = _strip(text, ca, cb)
                if cb > ca:
                    pieces.append((ca, cb, sent_core, line_start))
                    line_start = False
    merged: list[list] = []
    for a, b, core, line_start in pieces:
        if merged and ((_content_count(text[a:b]) < MIN_CLAIM_CONTENT and merged[-1][2] == core)
                       or _joins_previous(text[a:b], merged[-1][2] == core, line_start
                                          or not merged[-1][2]
                                          or text[:a].rstrip().endswith(";"))):
            merged[-1][1] = b
        else:
            merged.append([a, b, core])
    if len(merged) > 1 and _content_count(text[merged[0][0] : merged[0][1]]) < MIN_CLAIM_CONTENT:
        if merged[1][2] == merged[0][2]:
            merged[1][0] = merged[0][0]
            merged.pop(0)
    out = [Claim(text[a:b].strip(), a, b, core) for a, b, core in merged if text[a:b].strip()]
    if not out and text.strip():
        out = [Claim(text.strip(), 0, len(text), True)]
    if out and not any(c.core for c in out):  # all illustration: treat it all as core
        out = [Claim(c.text, c.start, c.end, True) for c in out]
    return out


def answer_units(text: str) -> list[str]:
    """Units of an answer besides the whole answer, at most MAX_ANSWER_UNITS: its sentences,
    or, for a one-sentence answer, its clauses.

    A one-sentence answer without clauses gives no units: the whole answer is its only unit.
    """
    units: list[str] = []
    sentences = [
        s for pa, pb, _ in _paragraphs(text) for s in _sentences(text, pa, pb)
    ]
    for sa, sb in sentences:
        sent = text[sa:sb].strip()
        if len(sentences) > 1:  # several sentences: the sentences are the units
            units.append(sent)
            continue
        cuts = [0, *(m.end() for m in _CLAUSE_WORD.finditer(sent)), len(sent)]
        spans: list[list[int]] = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            if not sent[a:b].strip(" ,;"):
                continue
            if spans and (len(words(sent[a:b])) < MIN_UNIT_WORDS
                          or len(words(sent[spans[-1][0] : spans[-1][1]])) < MIN_UNIT_WORDS):
                spans[-1][1] = b
            else:
                spans.append([a, b])
        if len(spans) > 1:
            units.extend(sent[a:b].strip(" ,;") for a, b in spans)
    seen: set[str] = {text.strip()}
    out: list[str] = []
    for u in units:
        if u and u not in seen and any(is_content(w) for w in words(u)):
            seen.add(u)
            out.append(u)
    return out[:MAX_ANSWER_UNITS]
