"""The web API: ``/ask`` and ``/grade`` (the same JSON as ``interviewbot ask/grade --json``) and
``/save_answer`` (grade and save to a profile's history; with accounts, only your own)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewbot.practice.store import check_profile
from interviewbot.web.interview import GRADING_QUEUE, _missed_points
from interviewbot.web.text import gradio, problem

if TYPE_CHECKING:  # pragma: no cover
    from interviewbot.bot import Bot
    from interviewbot.practice.store import History


MAX_TOP_K = 20  # hits one /ask call may return


def api_ask(bot: Bot, question: str, top_k: int = 3, bank: str = "") -> dict:
    """``/ask``: like ``interviewbot ask --json`` (``bank``: only that bank's questions, as
    ``--bank``; empty: every bank). Raises gr.Error with one line on bad input."""
    try:
        k = max(1, min(int(top_k), MAX_TOP_K))
        only = (bank or "").strip() or None
        return bot.ask(question, top_k=k, bank=only).to_dict()
    except Exception as exc:  # noqa: BLE001
        raise gradio().Error(problem(exc), print_exception=False) from None


def api_grade(bot: Bot, question: str, answer: str) -> dict:
    """``/grade``: like ``interviewbot grade --json``."""
    try:
        return bot.grade(question, answer).to_dict()
    except Exception as exc:  # noqa: BLE001
        raise gradio().Error(problem(exc), print_exception=False) from None


def api_save_answer(
    bot: Bot, history: History, question: str, answer: str, profile: str
) -> dict:
    """``/save_answer``: grade ``answer`` and save it to ``profile``'s history; the grade's JSON
    plus ``attempt_id`` (returned only once the row is committed). With accounts the history
    is the app's account-checked one, which refuses any profile but the logged-in account."""
    try:
        who = check_profile(profile)
        outcome = bot.grade(question, answer)
        g = outcome.grade
        c = bot.get(outcome.question_id) if outcome.question_id else None
        attempt_id = history.record(
            who, question_id=outcome.question_id or "", question=c.question if c else question,
            topic=c.topic if c else "", answer=answer, score=g.score, passed=g.passed,
            verdict=g.verdict, missed=_missed_points(g),
        )  # fmt: skip
        return {"attempt_id": attempt_id, **outcome.to_dict()}
    except Exception as exc:  # noqa: BLE001
        raise gradio().Error(problem(exc), print_exception=False) from None


def register(bot: Bot, history: History | None = None) -> None:
    """Add the public endpoints to the Blocks being built (``save_answer`` with a history)."""
    gr = gradio()

    def ask(question: str, top_k: int = 3, bank: str = "") -> dict:
        """Closest bank questions with their answers, or an abstention with suggestions
        (``bank``: only that bank's questions)."""
        return api_ask(bot, question, top_k, bank)

    def grade(question: str, answer: str) -> dict:
        """Grade an answer against the model answers of the matching bank question."""
        return api_grade(bot, question, answer)

    # gr.api reads real types from the signature; postponed annotations are strings.
    ask.__annotations__ = {"question": str, "top_k": int, "bank": str, "return": dict}
    grade.__annotations__ = {"question": str, "answer": str, "return": dict}
    gr.api(ask, api_name="ask")
    gr.api(grade, api_name="grade", **GRADING_QUEUE)
    if history is None:
        return

    def save_answer(question: str, answer: str, profile: str) -> dict:
        """Grade an answer and save it to a profile's practice history."""
        return api_save_answer(bot, history, question, answer, profile)

    save_answer.__annotations__ = {"question": str, "answer": str, "profile": str, "return": dict}
    gr.api(save_answer, api_name="save_answer", **GRADING_QUEUE)
