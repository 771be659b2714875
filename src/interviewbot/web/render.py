"""Pure formatting for the web app: corpus text and results as safe Markdown.

Nothing here imports Gradio, so every helper is unit-testable on its own. Every piece of
text that comes from the corpus or from a person is escaped before it is placed into Markdown,
so ``<script>`` or ``<img onerror=...>`` is shown as text, never run: a title, a key point or a
message goes through :func:`escape`; an answer, whose own Markdown (code, lists, tables) is
shown rendered, through :func:`~interviewbot.web.markup.answer_html`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from interviewbot.models import AskResult, Canonical, Hit
from interviewbot.practice.store import after_override
from interviewbot.web.markup import answer_html

# Markdown punctuation that could turn corpus text into links, images, code spans, emphasis,
# headings or tables. List markers ("- ", "1. ") are left alone: answers use them as lists.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")

EXCERPT_WORDS = 12  # words quoted after "you said" for a covered key point
STRONG_SCORE = 0.80
GOOD_SCORE = 0.65


def escape(text: object) -> str:
    """Text safe to embed in Markdown: HTML escaped, Markdown link/code/emphasis neutralised."""
    s = "" if text is None else str(text)
    # Markdown first: html.escape adds "&", ";" only, which need no Markdown escaping.
    return html.escape(_MD_SPECIAL.sub(r"\\\1", s), quote=False)


def escape_inline(text: object) -> str:
    """:func:`escape` on one line (newlines become spaces), for titles and table cells."""
    return escape(" ".join(str(text or "").split()))


def _html_inline(text: object) -> str:
    """One line of text for a raw HTML context (inside our own tags): HTML escaping only."""
    return html.escape(" ".join(str(text or "").split()), quote=False)


def confidence(score: float) -> str:
    """A short human cue for a retrieval score in [0, 1]."""
    if score >= STRONG_SCORE:
        return "strong match"
    if score >= GOOD_SCORE:
        return "good match"
    return "partial match, check it is what you meant"


def hit_meta(hit: Hit) -> str:
    """'Strong match (0.86) · topic · source' as an italic line."""
    return (
        f"*{confidence(hit.score).capitalize()} ({hit.score:.2f}) · "
        f"Topic: {escape_inline(hit.topic)} · Source: {escape_inline(hit.where)}*"
    )


def hit_markdown(hit: Hit) -> str:
    """The chat reply for a confident hit: closest question, its answer, the cue line."""
    return f"**{escape_inline(hit.question)}**\n\n{answer_html(hit.answer)}\n\n{hit_meta(hit)}"


def other_answers_markdown(canonical: Canonical) -> str | None:
    """The reference answers other than the best one, each with its source; None if none."""
    others = [a for i, a in enumerate(canonical.answers) if i != canonical.best]
    if not others:
        return None
    parts = [f"{answer_html(a.text)}\n\n*Source: {escape_inline(a.source.where)}*" for a in others]
    return "\n\n---\n\n".join(parts)


def abstain_markdown(result: AskResult) -> str:
    """The reply when nothing in the bank is close: say so, point at the suggestions."""
    text = (
        "I don't have a good answer to that: nothing in the question bank is close enough, "
        "and I would rather not guess."
    )
    if result.missing_concept:
        text = f"The bank has no question on *{escape_inline(result.missing_concept)}*."
    if result.suggestions:
        text += "\n\nDid you mean one of these? Click one to ask it."
    else:
        text += "\n\nTry rephrasing it, or look through the **Browse** tab."
    return text


def error_markdown(message: str) -> str:
    """A one-line problem shown in the chat instead of an answer."""
    return f"**Sorry:** {escape_inline(message)}"


# -- grades -----------------------------------------------------------------------------------
def _as_dict(item: object) -> Mapping:
    if isinstance(item, Mapping):
        return item
    to_dict = getattr(item, "to_dict", None)
    if callable(to_dict):
        try:
            out = to_dict()
        except Exception:  # noqa: BLE001 - a display helper must not fail on odd objects
            out = None
        if isinstance(out, Mapping):
            return out
    if isinstance(item, str):
        return {"text": item}
    out = {}
    for name in ("key_point", "text", "phrase", "match"):
        value = getattr(item, name, None)
        if value is not None:
            out[name] = getattr(value, "text", value)  # a nested KeyPoint -> its text
    return out or {"text": str(item)}


def key_point_line(item: object) -> str:
    """One key point as a Markdown list item body: the point, then what matched it."""
    d = _as_dict(item)
    point = d.get("key_point") or d.get("text") or d.get("point") or ""
    if isinstance(point, Mapping):
        point = point.get("text", "")
    match = d.get("phrase") or d.get("match") or d.get("matched") or ""
    line = escape_inline(point)
    if isinstance(match, str) and match.strip():
        line += f' — *you said: "{escape_inline(excerpt(match, str(point)))}"*'
    return line


_WORD = re.compile(r"\w+")


def excerpt(phrase: str, point: str, words: int = EXCERPT_WORDS) -> str:
    """The run of at most ``words`` words of ``phrase`` that shares the most words with
    ``point`` (compared by their first five letters), with "…" where it was cut; the whole
    phrase when it is short enough. For quoting what matched a key point, not the answer."""
    tokens = phrase.split()
    if len(tokens) <= words:
        return phrase.strip()
    wanted = {w[:5] for w in _WORD.findall(point.lower()) if len(w) > 2}
    hits = [any(w[:5] in wanted for w in _WORD.findall(t.lower()) if len(w) > 2) for t in tokens]
    starts = range(len(tokens) - words + 1)
    best = max(starts, key=lambda i: (sum(hits[i : i + words]), hits[i], -i))
    shown = " ".join(tokens[best : best + words])
    return ("… " if best else "") + shown + (" …" if best + words < len(tokens) else "")


def _points(items: Iterable[object] | None) -> list[str]:
    return [key_point_line(i) for i in (items or ())]


def grade_markdown(grade: object, *, title: str | None = None) -> str:
    """A grade as Markdown: score and verdict, explanation, covered/missed, model answer."""
    score = int(getattr(grade, "score", 0) or 0)
    passed = bool(getattr(grade, "passed", False))
    verdict = getattr(grade, "verdict", "") or ""
    badge = "✔ Pass" if passed else "✘ Not yet"
    lines = []
    if title:
        lines.append(f"#### {escape_inline(title)}")
    head = f"### {score}/100 · {badge}"
    if verdict:
        head += f" · {escape_inline(verdict_label(verdict))}"
    lines.append(head)
    explanation = getattr(grade, "explanation", "") or ""
    if explanation:
        lines.append(escape(explanation))
    covered = _points(getattr(grade, "covered", ()))
    missed = _points(getattr(grade, "missed", ()))
    if covered:
        lines.append("**Key points you covered**\n\n" + "\n".join(f"- ✔ {c}" for c in covered))
    if missed:
        lines.append("**Key points you missed**\n\n" + "\n".join(f"- ✘ {m}" for m in missed))
    reference = getattr(grade, "reference", "") or ""
    if reference:
        lines.append("**Model answer**\n\n" + quote(reference))
    return "\n\n".join(lines)


def verdict_label(verdict: str) -> str:
    """'copies_question' -> 'copies question'."""
    return str(verdict).replace("_", " ")


def quote(text: str) -> str:
    """An answer rendered (:func:`answer_html`) inside a block quote."""
    return answer_html(text, tag="blockquote")


# -- interview --------------------------------------------------------------------------------
def progress_markdown(index: int, total: int) -> str:
    """'Question 3 of 5' (``index`` is 0-based)."""
    return f"**Question {index + 1} of {total}**"


def question_markdown(canonical: Canonical) -> str:
    """The interview question with its topic."""
    return f"### {escape_inline(canonical.question)}\n\n*Topic: {escape_inline(canonical.topic)}*"


def model_answer_markdown(canonical: Canonical, *, heading: str = "Model answer") -> str:
    """The best reference answer of a question, quoted, with its source."""
    ref = canonical.answer
    return (
        f"**{escape_inline(heading)}**\n\n{quote(ref.text)}\n\n"
        f"*Source: {escape_inline(ref.source.where)}*"
    )


def summary_markdown(rows: Sequence[object]) -> str:
    """The end-of-interview table (question, score, verdict) and the average score.

    Each row has the fields of :class:`interviewbot.web.interview_state.Answered`
    (``question``, ``score``, ``passed``, ``verdict``, ``override``); skipped questions and ones
    whose answer was shown count as 0.
    """
    if not rows:
        return "No questions were answered."
    table = ["| # | Question | Score | Verdict |", "|---:|---|---:|---|"]
    for i, r in enumerate(rows, 1):
        table.append(
            f"| {i} | {escape_inline(r.question)} | {int(r.score)} "
            f"| {escape_inline(verdict_label(r.verdict))}{_override_tag(r.override)} |"
        )
    avg = average(rows)
    passed = sum(1 for r in rows if after_override(r.passed, r.score, r.override)[0])
    return (
        "### Interview complete\n\n"
        + "\n".join(table)
        + f"\n\n**Average score: {avg:.0f}/100** · passed {passed} of {len(rows)}"
        + " (skipped questions count as 0)"
    )


def _override_tag(override: str | None) -> str:
    return f" (you: {override})" if override in ("right", "wrong") else ""


def override_markdown(override: str | None) -> str:
    """What the interview says after "I was right" / "I was wrong"."""
    if override == "right":
        return "✔ Noted: you marked this answer **right**, so it comes back later."
    if override == "wrong":
        return "✘ Noted: you marked this answer **wrong**, so it comes back sooner."
    return ""


def average(rows: Sequence[object]) -> float:
    """Mean score of the rows (with ``passed``, ``score``, ``override``), each as the person
    stands by it; 0 when there are none."""
    if not rows:
        return 0.0
    return sum(after_override(r.passed, r.score, r.override)[1] for r in rows) / len(rows)


# -- progress ---------------------------------------------------------------------------------
def profile_markdown(profile: str, attempts: int) -> str:
    """'Practising as **alice** · 12 answers saved' under the profile box."""
    saved = f"{attempts} answer{'s' if attempts != 1 else ''} saved" if attempts else "new profile"
    return f"Practising as **{escape_inline(profile)}** · {saved}"


def stats_markdown(
    attempts: int,
    average: float | None,
    due_today: int,
    streak: int,
    next_due: datetime | None = None,
) -> str:
    """The headline figures of the Progress tab; with nothing due today, when the next is."""
    if not attempts:
        return (
            "No answers saved for this profile yet. Run a **Mock interview**: every graded "
            "answer is kept here."
        )
    avg = "—" if average is None else f"{average:.0f}/100"
    soon = f" (next on {_day(next_due)})" if not due_today and next_due else ""
    return (
        f"**{attempts}** answer{'s' if attempts != 1 else ''} · average **{avg}** · "
        f"**{due_today}** due for review today{soon} · streak **{streak}** "
        f"day{'s' if streak != 1 else ''}"
    )


def _day(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d")


def reviews_markdown(
    upcoming: Sequence[tuple[datetime, str]], limit: int = 10, now: datetime | None = None
) -> str:
    """When each question comes back for review (soonest first), as a table; '' if none.
    One already due says so ("due now, since …")."""
    if not upcoming:
        return ""
    now = now or datetime.now().astimezone()
    table = ["| Next review | Question |", "|---|---|"]
    for due, question in upcoming[:limit]:
        stamp = due.astimezone().strftime("%Y-%m-%d %H:%M")
        stamp = f"due now (since {stamp})" if due <= now else stamp
        table.append(f"| {stamp} | {escape_inline(question)} |")
    more = f"\n\n… and {len(upcoming) - limit} more" if len(upcoming) > limit else ""
    return "### Next reviews\n\n" + "\n".join(table) + more


def recent_markdown(attempts: Sequence[object], missed_shown: int = 2) -> str:
    """The last attempts (newest first) as cards that read at any width: the question and
    topic, then when, score and verdict, then the missed key points.

    Each item has the fields of :class:`interviewbot.practice.store.Attempt`; ``created_at`` is
    shown in the server's local time.
    """
    if not attempts:
        return ""
    cards = []
    for a in attempts:
        missed = list(getattr(a, "missed", ()) or ())
        shown = " · ".join(escape_inline(m) for m in missed[:missed_shown])
        if len(missed) > missed_shown:
            shown += f" (+{len(missed) - missed_shown} more)"
        tag = _override_tag(getattr(a, "override", None))
        when = getattr(a, "created_at", None)
        stamp = when.astimezone().strftime("%Y-%m-%d %H:%M") if when else ""
        cards.append(
            f"- **{escape_inline(getattr(a, 'question', ''))}** · "
            f"*{escape_inline(getattr(a, 'topic', ''))}*  \n"
            f"  {stamp} · Score **{int(getattr(a, 'score', 0))}** · Verdict: "
            f"{escape_inline(verdict_label(getattr(a, 'verdict', '')))}{tag}  \n"
            f"  Missed: {shown or '—'}"
        )
    return "### Last answers\n\n" + "\n".join(cards)


# -- browse -----------------------------------------------------------------------------------
def canonical_markdown(c: Canonical) -> str:
    """One bank question for the Browse tab: a collapsible block with every answer and source.

    The ``<details>`` tags are ours; everything inside comes from the corpus and is escaped.
    """
    phrasings = [v for v in c.variants if v.text != c.question]
    body = []
    for i, a in enumerate(c.answers, 1):
        label = "Answer" if len(c.answers) == 1 else f"Answer {i} of {len(c.answers)}"
        if i - 1 == c.best and len(c.answers) > 1:
            label += " (best)"
        body.append(f"**{label}** · *{escape_inline(a.source.where)}*\n\n{answer_html(a.text)}")
    if phrasings:
        body.append(
            "**Also asked as**\n\n"
            + "\n".join(
                f"- {escape_inline(v.text)} · *{escape_inline(v.source.where)}*" for v in phrasings
            )
        )
    return (
        f"<details>\n<summary>{_html_inline(c.question)} "
        f"<small>({_html_inline(c.topic)}, {len(c.answers)} answer"
        f"{'s' if len(c.answers) != 1 else ''})</small></summary>\n\n"
        + "\n\n".join(body)
        + "\n\n</details>"
    )


def browse_markdown(items: Sequence[Canonical], page: int = 1, per_page: int = 25) -> str:
    """One page of bank questions (``page`` counts from 1) under a count line."""
    if not items:
        return "No questions match. Try fewer words or another topic."
    pages = max(1, -(-len(items) // per_page))
    page = max(1, min(int(page), pages))
    shown = items[(page - 1) * per_page : page * per_page]
    head = f"**{len(items)} question{'s' if len(items) != 1 else ''}**"
    if pages > 1:
        first = (page - 1) * per_page + 1
        head += f" · {first}–{first + len(shown) - 1}, page {page} of {pages}"
    return head + "\n\n" + "\n\n".join(canonical_markdown(c) for c in shown)


def page_count(total: int, per_page: int = 25) -> int:
    """How many pages ``total`` questions take."""
    return max(1, -(-total // per_page))
