"""The mock interview in a terminal: ask, read an answer, grade, record, move on."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence

from interviewbot.errors import InterviewbotError
from interviewbot.practice.schedule import choose
from interviewbot.practice.store import History

HELP = "Type your answer (one line). Empty line: skip. '?': show the answer. 'q': quit."
WIDTH = 88  # columns an answer is laid out in


def terminal_text(markdown: str, width: int = WIDTH) -> str:
    """An answer's Markdown as plain terminal text (no colours, no trailing spaces): code
    blocks set off and indented as written, one list item per line, tables in aligned columns,
    HTML printed as written. rich lays it out, over the web app's reading of the Markdown."""
    from rich.console import Console
    from rich.markdown import Markdown

    from interviewbot.web.markup import answer_parser

    doc = Markdown(markdown, hyperlinks=False)
    doc.parsed = answer_parser().parse(markdown)  # rich's own reading drops HTML tags
    for token in doc.parsed:  # a single newline stays a line break, as in the web app
        for child in token.children or ():
            if child.type == "softbreak":
                child.type = "hardbreak"
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, force_terminal=False).print(doc)
    text = "\n".join(line.rstrip() for line in out.getvalue().splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _model_answer(text: str) -> str:
    return "Model answer:\n  " + terminal_text(text, WIDTH - 2).replace("\n", "\n  ")


def mock_interview(
    bot,
    history: History,
    profile: str,
    *,
    n: int = 5,
    topics: Sequence[str] = (),
    mode: str = "due",
    bank: str | None = None,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
) -> list[tuple[str, int | None, str]]:
    """Run one interview (of ``bank``'s questions; None: every bank); returns (question,
    score or None if skipped, verdict) rows."""
    questions = choose(bot.questions(bank), history.attempts(profile), mode, n, topics)
    if not questions:
        write("No questions match that choice (try another --mode or --topic).")
        return []
    write(f"Mock interview for {profile}: {len(questions)} question(s). {HELP}")
    rows: list[tuple[str, int | None, str]] = []
    for i, q in enumerate(questions, 1):
        write(f"\nQuestion {i} of {len(questions)} [{q.topic}]: {q.question}")
        try:
            answer = read("your answer> ").strip()
        except EOFError:
            break
        if answer.lower() == "q":
            break
        if not answer or answer == "?":
            write(("Skipped. " if not answer else "") + _model_answer(q.answer.text))
            rows.append((q.question, None, "skipped"))
            continue
        try:
            outcome = bot.grade(q.question, answer, question_id=q.id)
        except InterviewbotError as exc:
            write(f"error: {exc}")
            rows.append((q.question, None, "error"))
            continue
        g = outcome.to_dict()
        attempt_id = history.record(
            profile, question_id=q.id, question=q.question, topic=q.topic, answer=answer,
            score=g["score"], passed=g["passed"], verdict=g["verdict"],
            missed=[m["key_point"] for m in g["missed"]],
        )  # fmt: skip
        write(f"Score {g['score']}/100: {'PASS' if g['passed'] else 'FAIL'} ({g['verdict']})")
        write(g["explanation"])
        for m in g["covered"]:
            write(f"  + covered: {m['key_point']}")
        for m in g["missed"]:
            write(f"  - missed: {m['key_point']}")
        write(_model_answer(g["reference"]))
        try:
            verdict = read("Enter to go on, or 'right'/'wrong' to override the grade> ")
        except EOFError:
            verdict = ""
        if verdict.strip().lower() in {"right", "wrong"}:
            history.set_override(profile, attempt_id, verdict.strip().lower())
            write(f"Noted: you marked it {verdict.strip().lower()}.")
        rows.append((q.question, g["score"], g["verdict"]))
    graded = [s for _, s, _ in rows if s is not None]
    write("\nSummary:")
    for question, score, verdict in rows:
        write(f"  {'—' if score is None else score:>3}  {verdict:<15} {question}")
    if graded:
        write(f"Average: {sum(graded) / len(graded):.0f}/100 over {len(graded)} graded answer(s)")
    return rows
