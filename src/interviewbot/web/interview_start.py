"""Starting a mock interview: which questions, how many, and, when none fit, why and what to
pick instead. Pure apart from reading the profile's history; no Gradio."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from interviewbot.errors import InputError
from interviewbot.models import Canonical
from interviewbot.practice import schedule as practice
from interviewbot.practice.store import Attempt, History, check_profile
from interviewbot.web import interview_state as states
from interviewbot.web.interview_state import Interview
from interviewbot.web.text import problem

if TYPE_CHECKING:  # pragma: no cover
    from interviewbot.bot import Bot

DEFAULT_QUESTIONS = 5
MAX_QUESTIONS = 20
ALL_TOPICS = "all"
MODE_NAMES = tuple(practice.MODE_LABELS.values())


def _count(count: int | float | None) -> int:
    try:
        n = int(count or DEFAULT_QUESTIONS)
    except (TypeError, ValueError):
        n = DEFAULT_QUESTIONS
    return max(1, min(n, MAX_QUESTIONS))


def _nothing_left(
    mode: str, attempts: Sequence[Attempt], topics: Sequence[str], pool: Sequence[Canonical]
) -> str:
    """Why a mode found no questions of ``pool`` (the chosen bank's), and what to pick
    instead."""
    if mode == "new":
        return "You have answered every question in those topics; try Due for review or Random."
    wanted = {c.id for c in pool if not topics or c.topic in topics}
    upcoming = [s.due for qid, s in practice.schedules(attempts).items() if qid in wanted]
    when = f" (the next one is due {min(upcoming).astimezone():%Y-%m-%d %H:%M})" if upcoming else ""
    return f"Nothing is due for review in those topics{when}; try Weakest topics or Random."


def new_interview(
    bot: Bot,
    topics: Sequence[str] | None,
    count: int | float | None,
    rng: random.Random | None = None,
    *,
    mode: str = "random",
    history: History | None = None,
    profile: str | None = None,
    now: datetime | None = None,
    bank: str | None = None,
) -> Interview:
    """A fresh interview: ``count`` questions of ``bank`` (None: every bank) from ``topics``
    (empty: all) by ``mode``.

    With a ``history``, the profile's past answers drive the choice (``practice.choose``:
    due for review, new only, weakest topics or random) and each answer will be saved under
    that profile, fixed for the whole interview. A refused start is a ``setup`` state with
    a notice.
    """
    chosen = [t for t in (topics or []) if t and t != ALL_TOPICS]
    try:
        pool = bot.questions(bank)
    except InputError as exc:
        return states.setup(problem(exc))
    if not any(not chosen or c.topic in chosen for c in pool):
        return states.setup("No questions in those topics; pick others.")
    if mode not in practice.MODES:
        return states.setup(f"Pick how to choose questions: {', '.join(MODE_NAMES)}.")
    name = None
    attempts: list[Attempt] = []
    if history is not None:
        try:
            name = check_profile(profile)
            attempts = history.attempts(name)
        except Exception as exc:  # noqa: BLE001 - one line above the Start button
            return states.setup(problem(exc))
    seed = (rng or random.Random()).randrange(2**31)
    picked = practice.choose(pool, attempts, mode, _count(count), chosen, now=now, seed=seed)
    if not picked:
        return states.setup(_nothing_left(mode, attempts, chosen, pool))
    return states.started([c.id for c in picked], name, mode)


def topic_choices(bot: Bot, bank: str | None = None) -> list[tuple[str, str]]:
    """'topic (n)' labels with the topic as value, for the topic pickers (of ``bank``)."""
    return [(f"{t} ({n})", t) for t, n in bot.topics(bank)]
