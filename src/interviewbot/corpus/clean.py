"""Pure text clean-up: mojibake, Markdown markers, LaTeX, chat filler, truncation."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

import ftfy

from interviewbot.errors import CONTROL_CHARS

# Lines an assistant wrote around the Q&A, not part of it.
_FILLER = re.compile(
    r"^\W*(sure\b|certainly\b|absolutely\b|of course\b|here (are|is)\b|here's\b|i hope\b|"
    r"i'll\b|i will\b|i've\b|let me\b|let's\b|these (questions|unique|additional|answers|"
    r"interview)\b|this (set|list)\b|to (create|get more|generate)\b|it seems\b|remember\b|"
    r"feel free\b|good luck\b|hope (this|these)\b|in summary, these\b|related questions\b)",
    re.IGNORECASE,
)
_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_LATEX_INLINE = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
_LATEX_SUBS = [
    (re.compile(r"\\frac\{((?:[^{}]|\{[^{}]*\})*)\}\{((?:[^{}]|\{[^{}]*\})*)\}"), r"(\1)/(\2)"),
    (re.compile(r"\\text\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\\mathrm\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\\(sigma)\b"), "σ"),
    (re.compile(r"\\(cdot|times)\b"), "·"),
    (re.compile(r"\\(max|min|exp|log|tanh)\b"), r"\1"),
    (re.compile(r"\\(alpha)\b"), "α"),
    (re.compile(r"\\(beta)\b"), "β"),
    (re.compile(r"\\(lambda)\b"), "λ"),
    (re.compile(r"\\(eta)\b"), "η"),
    (re.compile(r"\\(partial)\b"), "∂"),
]
# Talk about the video a seed transcript was written from, not about the subject. Each rule is
# a real phrasing (tests/test_parse.py has the table); "\0" marks where a sentence now starts.
_WHO = r"(?:the|this) video"
_SOURCE_TALK = [
    # "While the video briefly mentions these architectures, they serve …" -> "These
    # architectures serve …"
    (re.compile(rf"\bwhile {_WHO} (?:does(?:n't| not) (?:delve|go)(?: deeply)? into|"
                r"(?:only |briefly )?(?:mentions|touches on|covers)) (?P<x>[^,.\n]+), "
                r"(?:they|it) ", re.I), "\0\\g<x> "),
    # "The video emphasizes (the importance of) X because" -> "X is important because"
    (re.compile(rf"\b{_WHO} (?:emphasi[sz]es|stresses|highlights) (?:the importance of )?"
                r"(?P<x>[^.:;\n]+?) because\b", re.I), "\0\\g<x> is important because"),
    # "using the same analogy from the video - how a child …" -> "using the analogy of how …"
    (re.compile(rf"\bthe same (\w+) (?:from|in) {_WHO}\s*[-–—:]\s*", re.I), r"the \1 of "),
    # "The video mentions (that) X", "In this video, X", "As the video explains, X" -> "X"
    (re.compile(rf"\b(?:{_WHO} (?:also |briefly )?(?:mentions|explains|discusses|describes|"
                r"covers|shows|notes|says|states|highlights)(?: that)?|"
                r"in (?:the|this) video,?(?: we (?:learn|see|saw)(?: that)?)?|"
                rf"as {_WHO} (?:explains|mentions|shows|says),?)\s+", re.I), "\0"),
    # "…, as shown in the video." / "… mentioned in the video" / "according to the video"
    (re.compile(rf",?\s*(?:as )?(?:mentioned|shown|discussed|explained|described|covered) in "
                rf"{_WHO}\b|,?\s*(?:according to|from) {_WHO}\b", re.I), ""),
    # a whole sentence pointing at later parts of the series
    (re.compile(r"[^.\n]*\b(?:would|will) be (?:covered|discussed|explained) in (?:subsequent|"
                r"later|future|upcoming|the next) (?:tutorials?|videos?|episodes?|lessons?)"
                r"[^.\n]*\.?", re.I), ""),
]  # fmt: skip
_NEW_START = re.compile(r"(^(?:[ \t]*(?:[-*•]|\d+[.)])[ \t]+)?|[.!?][ \t]+)\0([a-z])", re.M)
_SENTENCE_END = re.compile(r"[.!?:;)\]\"'”’…`*]\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•+]|\d+[.)])\s+")
# Where a sentence ends inside a line: its mark, closing quotes/brackets/markup, then a space.
_INNER_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]*`]*(?=\s)")


def fix_text(text: str) -> str:
    """Repair mojibake (``ReLUâ€™s`` → ``ReLU’s``), normalize Unicode, drop control chars."""
    fixed = ftfy.fix_text(text, uncurl_quotes=False)
    fixed = unicodedata.normalize("NFC", fixed)
    return CONTROL_CHARS.sub("", fixed)


def is_filler(line: str) -> bool:
    """True for chatty assistant lines and image links that are not Q&A content."""
    stripped = strip_markdown(line).strip()
    return bool(_IMAGE.match(line)) or bool(stripped and _FILLER.match(stripped))


def latex_to_text(text: str) -> str:
    """Render simple inline LaTeX (``\\( \\sigma(x) = \\frac{1}{1+e^{-x}} \\)``) as plain text."""

    def render(match: re.Match[str]) -> str:
        body = match.group(1) if match.group(1) is not None else match.group(2)
        for pattern, repl in _LATEX_SUBS:
            body = pattern.sub(repl, body)
        return re.sub(r"\s+", " ", body).strip()

    return _LATEX_INLINE.sub(render, text)


def drop_source_talk(text: str) -> str:
    """Text without talk about the video it was written from: "The video mentions that X" ->
    "X" (capitalised), "…, as shown in the video." -> "….", "While the video briefly
    mentions these architectures, they serve…" -> "These architectures serve…". Lines stay."""
    for pattern, repl in _SOURCE_TALK:
        text = pattern.sub(repl, text)
    return _NEW_START.sub(lambda m: m.group(1) + m.group(2).upper(), text).replace("\0", "")


def strip_markdown(text: str) -> str:
    """Remove emphasis markers and heading hashes, keeping the words and list bullets."""
    text = re.sub(r"^\s*#{1,6}\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"__(.+?)__", r"\1", text)
    return text.replace("**", "")


def normalize_space(text: str) -> str:
    """Collapse runs of spaces; keep paragraph and list structure (newlines)."""
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in text.splitlines()]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip()


def plain(text: str) -> str:
    """Single-line plain text, for embedding and comparison."""
    return re.sub(r"\s+", " ", strip_markdown(latex_to_text(text))).strip()


def norm_key(text: str) -> str:
    """A key for exact-duplicate detection: lowercase words only."""
    return " ".join(re.findall(r"[a-z0-9]+", plain(text).lower()))


def is_truncated(answer: str) -> bool:
    """True when an answer's last prose line stops mid-sentence ("…can lead").

    List items often end without a full stop, so a final list line is not called truncated.
    """
    lines = [ln for ln in answer.strip().splitlines() if ln.strip()]
    if not lines:
        return True
    last = lines[-1]
    if _LIST_ITEM.match(last):
        return False
    return not _SENTENCE_END.search(strip_markdown(last).rstrip())


def complete_part(answer: str) -> str | None:
    """A cut-off answer (:func:`is_truncated`) up to the end of its last whole sentence: the
    unfinished sentence of its last line left out ("…components. By default, React uses"
    → "…components."), or the whole last line when no sentence ends in it (a stray
    "…are listed below," after a list). None when the answer is not cut off or nothing
    whole is left."""
    if not is_truncated(answer):
        return None
    lines = answer.rstrip().splitlines()
    ends = list(_INNER_SENTENCE_END.finditer(lines[-1]))
    kept = [*lines[:-1], lines[-1][: ends[-1].end()]] if ends else lines[:-1]
    whole = tidy_markdown("\n".join(kept))
    return whole if whole and not is_truncated(whole) else None


def tidy_markdown(text: str) -> str:
    """Trailing spaces and runs of blank lines trimmed; indentation, code and tables kept."""
    lines = [ln.rstrip() for ln in text.strip("\n").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _HtmlToMarkdown(HTMLParser):
    """Flashcard HTML (``<b>``, ``<i>``, ``<br>``, ``<div>``, ``<code>``, lists) as Markdown."""

    _INLINE = {"b": "**", "strong": "**", "i": "_", "em": "_", "code": "`"}
    _BREAKS = {"br", "div", "p", "ul", "ol", "tr", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._INLINE:
            self.out.append(self._INLINE[tag])
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in self._BREAKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._INLINE:
            self.out.append(self._INLINE[tag])
        elif tag in self._BREAKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def html_to_markdown(text: str) -> str:
    """HTML from a flashcard field (tags, entities, ``&nbsp;``) as readable Markdown text."""
    if "<" not in text and "&" not in text:
        return text
    parser = _HtmlToMarkdown()
    parser.feed(text)
    parser.close()
    joined = html.unescape("".join(parser.out)).replace("\xa0", " ")
    lines = [ln.strip() for ln in joined.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
