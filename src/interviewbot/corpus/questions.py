"""Is this line a question, and what is its text? Labels, numbering, difficulty, placeholders.

Pure string functions shared by the Markdown and tabular readers: they see one line (or cell)
of raw Markdown and say whether it asks something, with its numbering, labels, bold, HTML,
trailing source links and difficulty markers removed.
"""

from __future__ import annotations

import html
import re

from interviewbot.corpus.clean import strip_markdown

# Difficulty markers some public banks put after a question (👶 easy, ⭐️ medium, 🚀 hard).
DIFFICULTY = {"👶": "easy", "⭐": "medium", "🚀": "hard"}
_DIFFICULTY_MARK = re.compile(r"\s*([👶⭐🚀])\ufe0f?\s*$")
_LABEL = re.compile(
    r"^(?:Q(?:uestion)?)\s*\d*(?:\s*\.?\s*[a-z](?![a-z]))?\s*\.?\s*[:.)\-–]\s*"
    r"|^Question\s+\d+\s*(?=\S)",
    re.I,
)
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\s*[.):]\s+")
_SOURCE_LINK = re.compile(
    r"\s*\[\[[^\]]*\]\([^)]*\)\]\s*$|\s*\[(?:src|source)\]\([^)]*\)\s*$", re.I
)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
BOLD_LINE = re.compile(r"^(?:\*\*|__)(?P<q>.+?)(?:\*\*|__)\s*(?P<tail>[👶⭐🚀]\ufe0f?)?\s*$")
_QUOTED = re.compile(r'^["“](.+)["”]$', re.DOTALL)
ASKING = re.compile(
    r"^(what|why|how|when|where|which|who|whom|whose|can|could|would|should|will|is|are|do|"
    r"does|did|explain|describe|discuss|compare|contrast|walk|define|tell|give|name|list|"
    r"outline|summari[sz]e|in which|in what)\b",
    re.I,
)
ANSWER_LABEL = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:\*\*\s*)?(?:(?:unique|official|sample|model|short)\s+)?"
    r"(?:answer|ans|a)\s*(?:\*\*\s*)?[:.]\s*(?:\*\*)?\s*",
    re.I,
)
_PLACEHOLDER = re.compile(
    r"^(?:answers?(?: goes)? here|your answer here|todo|to ?do|tbd|tba|coming soon|"
    r"to be (?:added|written|done|completed)|work in progress|wip|placeholder|n/?a|"
    r"\.{2,}|…|-+|\?+)[.!:]*$",
    re.I,
)
_LINK = re.compile(r"!?\[+[^\]]*\]+\([^)]*\)|<https?://[^>]+>|https?://\S+")


def split_difficulty(text: str) -> tuple[str, str | None]:
    """``"What is X? 👶"`` → ``("What is X?", "easy")``; text without a marker is unchanged."""
    match = _DIFFICULTY_MARK.search(text)
    if not match:
        return text, None
    return text[: match.start()].rstrip(), DIFFICULTY[match.group(1)]


def inline_text(markdown: str) -> str:
    """One line of inline Markdown/HTML as plain words (tags, entities, emphasis removed)."""
    text = html.unescape(_TAG.sub("", markdown.replace("&nbsp;", " ")))
    return " ".join(strip_markdown(text).split())


def clean_question(raw: str) -> tuple[str, bool, str | None]:
    """(question text, had a Q/Question label, difficulty) from one raw Markdown line."""
    text, difficulty = split_difficulty(raw.strip())
    match = BOLD_LINE.match(text)
    if match:
        text = match.group("q")
        if match.group("tail"):
            difficulty = DIFFICULTY[match.group("tail")[0]]
    text = _SOURCE_LINK.sub("", text)
    text = inline_text(text)
    text, marker = split_difficulty(text)
    difficulty = difficulty or marker
    labelled = False
    for _ in range(2):  # "1. Q: …" or "Q1. 1) …"
        stripped = _LABEL.sub("", text, count=1)
        if stripped != text:
            labelled = True
        text = _NUMBER.sub("", stripped, count=1)
    quoted = _QUOTED.match(text)
    if quoted:
        text = quoted.group(1)
    return text.strip(" *"), labelled, difficulty


def asks(text: str) -> bool:
    """True when cleaned text reads as a question: ends with '?' or opens with an asking word."""
    return len(text) >= 8 and (text.endswith("?") or bool(ASKING.match(text)))


def strip_answer_label(text: str) -> str:
    """Drop a leading ``A:`` / ``Ans:`` / ``**Answer:**`` label from an answer."""
    return ANSWER_LABEL.sub("", text, count=1)


def is_answer_label(line: str) -> bool:
    """True for a line that opens with an answer label (``A:``, ``Answer:``, ``Ans:``)."""
    return bool(ANSWER_LABEL.match(line))


def is_placeholder(answer: str) -> bool:
    """True when an answer says nothing: empty, "Answer here", "TODO", or only links."""
    words = inline_text(_LINK.sub(" ", answer))
    core = re.sub(r"^[\W_]+|[\W_]+$", "", words)
    return not core or bool(_PLACEHOLDER.match(core))
