"""The web API: ``/ask`` and ``/grade``, the same JSON as ``interviewbot ask/grade --json``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewbot.web.interview import GRADING_QUEUE
from interviewbot.web.text import gradio, problem

if TYPE_CHECKING:  # pragma: no cover
    from interviewbot.bot import Bot


def api_ask(bot: Bot, question: str, top_k: int = 3) -> dict:
    """``/ask``: like ``interviewbot ask --json``. Raises gr.Error with one line on bad input."""
    try:
        k = int(top_k)
        return bot.ask(question, top_k=max(1, min(k, 20))).to_dict()
    except Exception as exc:  # noqa: BLE001
        raise gradio().Error(problem(exc), print_exception=False) from None


def api_grade(bot: Bot, question: str, answer: str) -> dict:
    """``/grade``: like ``interviewbot grade --json``."""
    try:
        return bot.grade(question, answer).to_dict()
    except Exception as exc:  # noqa: BLE001
        raise gradio().Error(problem(exc), print_exception=False) from None


def register(bot: Bot) -> None:
    """Add the two public endpoints to the Blocks being built."""
    gr = gradio()

    def ask(question: str, top_k: int = 3) -> dict:
        """Closest bank questions with their answers, or an abstention with suggestions."""
        return api_ask(bot, question, top_k)

    def grade(question: str, answer: str) -> dict:
        """Grade an answer against the model answers of the matching bank question."""
        return api_grade(bot, question, answer)

    # gr.api reads real types from the signature; postponed annotations are strings.
    ask.__annotations__ = {"question": str, "top_k": int, "return": dict}
    grade.__annotations__ = {"question": str, "answer": str, "return": dict}
    gr.api(ask, api_name="ask")
    gr.api(grade, api_name="grade", **GRADING_QUEUE)
