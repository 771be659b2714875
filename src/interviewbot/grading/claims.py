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
from interviewbot.grading.text import content_stems, is_content, words
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
# A clause after " and " shorter than this goes on with the one before ("These weighted inputs
# are then summed, and a bias term is added": added to that sum), so the sentence is not cut.
MIN_AND_CLAUSE_WORDS = 6
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
# The writer talking about themselves ("In my experience, ...", "I recommend ...", "My approach
# has always been ..."): interview coaching, not a claim about the subject.
# A capital I after "Type", "Phase", "Class" ... is a numeral ("A Type I error ..."), not them.
_FIRST_PERSON = re.compile(r"(?<![Tt]ype )(?<![Pp]hase )(?<![Ss]tage )(?<![Cc]lass )"
                           r"(?<![Ll]evel )(?<![Pp]art )\bI\b|\b[Mm]y\b")
# "The video emphasizes sharing code on GitHub because:": the lead-in without its source talk.
_SOURCE_LEAD = re.compile(r"^\s*(the|this) (video|tutorial|lecture|course) \w+\s+(that\s+)?",
                          re.IGNORECASE)
# An analogy anywhere in a sentence ("... is like selecting the right tool for a job; ... just
# as using a screwdriver to hammer a nail"; "This process is similar to a counterfeiter ...").
_ANALOGY = re.compile(r"\b(is|are|works|acts) (just |much )?like\b|\bjust as\b|"
                      r"\bsimilar to (a|an|how)\b|\banalogous to\b|\bakin to\b|"
                      r"\b(is|are) (the |a |an )?[\"“][^\"”]{1,30}[\"”]", re.IGNORECASE)
# "This ...", "However, it ...": a claim about what the sentence before is about.
_PRONOUN_OPENER = re.compile(r"^[\s\"'(]*((however|but|also|thus|so|therefore|moreover),?\s+)?"
                             r"(this|it|these|they)\b", re.IGNORECASE)
# An illustration that opens a picture the next sentences go on with ("Imagine a neural
# network as a series of interconnected rooms. ... information "flows" through these rooms.")
_PICTURE_START = re.compile(r"^[\s\"'(]*(imagine|think of|picture|consider|(it|this)( i|['’])s "
                            r"like)\b", re.IGNORECASE)
_ITEM_MARKER = re.compile(r"^\(?\d{1,2}[.)]\s+|^[-*•·+]\s+")
_ITEM_LINE = re.compile(r"[ \t]*(\(?\d{1,2}[.)]|[-*•·+])[ \t]+")  # a line that is a list item
_ITEM_HEAD = re.compile(r"^[^:.;]{1,60}:\s")  # "Dropout: Randomly dropping units ..."
_LEAD_GOES_ON = word_set("lead_in_continuations")
SHORT_PRONOUN_CLAIM = 4  # "This helps improve generalization.": joins the claim it refers to


def _standalone_core(text: str) -> bool:
    """A core candidate that can stand as a key point: not a lead-in ending with ":" ("To
    handle overfitting, several techniques can be employed:"), not about the source, and
    no analogy."""
    return (not text.rstrip().endswith(":") and not _FILLER.search(text)
            and not _ANALOGY.search(text) and not _FIRST_PERSON.search(text))


def _joins_previous(text: str, same_core: bool, continues: bool) -> bool:
    """A piece that only continues the one before: it opens in lower case and ``continues``
    (it starts a line, the rest of a sentence broken over lines; it follows a ";" ("...;
    otherwise, it outputs zero."); or it follows an illustration), or it
    is a short claim about "this"/"it" of the same kind (core or illustration) as the one
    before."""
    if continues and text.lstrip(" \"'(")[:1].islower():
        return True
    return same_core and _short_about_it(text)


def _short_about_it(text: str) -> bool:
    """A short claim about "this"/"it" ("It would be incredibly limiting!"): after an
    illustration it is about the illustration."""
    m = _PRONOUN_OPENER.match(text)  # "However, it ...": the connective is no content
    return m is not None and _content_count(text[m.start(3):]) <= SHORT_PRONOUN_CLAIM


_GOES_ON = re.compile(r"^[\s\"'(]*(this|that|these|it|from there|then|so)\b", re.IGNORECASE)


def _goes_on_with_the_writer(before: str, text: str) -> bool:
    """After the writer's own story ("I recommend starting with ..."), "From there, ..." and
    "This approach ..." go on with it."""
    return _FIRST_PERSON.search(before) is not None and _GOES_ON.match(text) is not None


def _content_count(text: str) -> int:
    return sum(1 for w in words(text) if is_content(w))


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], Markdown marks at their ends stripped."""
    return [_strip(text, a, b) for a, b in sentence_spans(text, start, end)]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    """The span without markup, a list marker ("1. ", "- ") or a trailing comma around it."""
    while a < b and text[a] in " \t*_#>-":
        a += 1
    if m := _ITEM_MARKER.match(text[a:b]):
        a += m.end()
    while b > a and text[b - 1] in " \t*_,":
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
            or (_full_clause(left) and _full_clause(right)
                and len(words(right)) >= MIN_AND_CLAUSE_WORDS)
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


def _lead_in(sentence: str) -> str:
    """The text a list's items continue ("The basic architecture consists of" for "... consists
    of:"), or "" when the lead-in does not read on into its items ("Several techniques can be
    employed:"). Source talk is left out ("The video emphasizes sharing code because:")."""
    text = sentence.strip().rstrip(":").strip()
    lead = _SOURCE_LEAD.sub("", text)
    ws = words(lead)
    if not ws or ws[-1] not in _LEAD_GOES_ON:
        return ""
    if lead != text and ws[0].endswith("ing") and ws[-1] == "because":
        lead = lead[: lead.lower().rindex("because")] + "matters because"  # "Sharing code ..."
    return lead[:1].upper() + lead[1:]


def _item_text(lead: str, item: str) -> str:
    """A list item read with its lead-in: "consider" + "The type of input features"."""
    if not lead:
        return item
    if item[1:2].islower():
        item = item[:1].lower() + item[1:]
    if words(lead)[-1] == "because" and words(item)[0] not in _SUBJECT:
        item = "it " + item  # "... because: 2. Enables collaboration"
    return f"{lead} {item}"


def _picture_stems(sentence: str) -> frozenset[str]:
    """What an "Imagine X as ..." picture is made of (the words after "as", to the clause end):
    a later sentence using them goes on with the picture ("these rooms")."""
    if not _PICTURE_START.match(sentence):
        return frozenset()
    m = re.search(r"\bas\b(.*?)(?:[,;.]|\b(?:and|or|while)\b|$)", sentence)
    if not m:
        return frozenset()
    tenor = set(content_stems(sentence[: m.start()]))
    return frozenset(s for s in content_stems(m.group(1)) if s not in tenor)


def _pieces(text: str) -> list[tuple[int, int, bool, bool, str, bool]]:
    """(start, end, core, starts a line, lead-in, opens a list item) of every sentence or
    clause of the text."""
    pieces: list[tuple[int, int, bool, bool, str, bool]] = []
    lead, prev_end = "", -2
    for pa, pb, core in _paragraphs(text):
        item = _ITEM_LINE.match(text, pa) is not None
        if text.count("\n", prev_end + 1, pa) > 1 or not item:
            lead = ""  # a blank line or a line that is no item ends the list
        item_lead, prev_end = lead, pb
        line_start = True
        picture: frozenset[str] = frozenset()
        for sa, sb in _sentences(text, pa, pb):
            sent = text[sa:sb]
            sent_core = (core and not _ILLUSTRATION_START.match(sent) and _standalone_core(sent))
            if picture and picture & set(content_stems(sent)):
                sent_core = False  # "... through these rooms": the picture goes on
            picture = picture or _picture_stems(sent)
            if sent.rstrip().endswith(":"):
                lead = _lead_in(sent)
            head = item_lead if line_start and not _ITEM_HEAD.match(sent) else ""
            for ca, cb in _split_long(text, sa, sb):
                ca, cb = _strip(text, ca, cb)
                if cb > ca:
                    pieces.append((ca, cb, sent_core, line_start, head, item and line_start))
                    line_start, head = False, ""
    return pieces


def split_claims(text: str) -> list[Claim]:
    """Claims of a reference answer, in order, fragments merged, illustration marked.

    A claim's text is its span of the reference, except a list item under a lead-in that reads
    on into it ("When designing the input layer, consider:" / "1. The type of input features"),
    whose text is the lead-in and the item: "... consider the type of input features".
    """
    merged: list[list] = []  # start, end, core, lead-in
    for a, b, core, line_start, lead, item in _pieces(text):
        piece = text[a:b]
        same_core = bool(merged) and merged[-1][2] == core
        if merged and not item and ((_content_count(piece) < MIN_CLAIM_CONTENT and same_core)
                                    or _joins_previous(piece, same_core, line_start
                                                       or not merged[-1][2]
                                                       or text[:a].rstrip().endswith(";"))
                                    or (not merged[-1][2] and _short_about_it(piece))
                                    or _goes_on_with_the_writer(text[merged[-1][0]:merged[-1][1]],
                                                                piece)):
            merged[-1][1] = b
        else:
            merged.append([a, b, core, lead])
    if len(merged) > 1 and _content_count(text[merged[0][0] : merged[0][1]]) < MIN_CLAIM_CONTENT:
        if merged[1][2] == merged[0][2]:
            merged[1][0] = merged[0][0]
            merged.pop(0)
    out = [Claim(_item_text(lead, text[a:b].strip()), a, b, core)
           for a, b, core, lead in merged if text[a:b].strip()]
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
