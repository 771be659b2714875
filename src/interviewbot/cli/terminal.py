"""The mock interview in a terminal: ask, read an answer, grade, record, move on."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from interviewbot.errors import InterviewbotError
from interviewbot.practice.schedule import choose
from interviewbot.practice.store import History

HELP = "Type your answer (one line). Empty line: skip. '?': show the answer. 'q': quit."


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
            write(("Skipped. " if not answer else "") + "Model answer:\n  " + q.answer.text)
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
        write("Model answer:\n  " + g["reference"].replace("\n", "\n  "))
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
