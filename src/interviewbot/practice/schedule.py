"""Spaced repetition and question choice for mock interviews, derived from the history.

Each question's schedule replays its attempts through FSRS (the ``fsrs`` package): a failed
answer is due again sooner than a passed one, and an override changes the replayed rating.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from interviewbot.models import Canonical
from interviewbot.practice.store import Attempt, after_override

MODES = ("due", "new", "weakest", "random")
MODE_LABELS = {
    "due": "Due for review",
    "new": "New only",
    "weakest": "Weakest topics",
    "random": "Random",
}
EASY_SCORE = 85
AGAIN_SCORE = 40


@dataclass(frozen=True)
class Schedule:
    """When a question is due next, and how it has gone so far."""

    question_id: str
    due: datetime
    reviews: int
    last_score: int
    stability: float


def rating(attempt: Attempt):
    """The FSRS rating of one attempt: override first, then the score band."""
    from fsrs import Rating

    if attempt.override is not None:
        passed, _ = after_override(attempt.passed, attempt.score, attempt.override)
        return Rating.Good if passed else Rating.Again
    if not attempt.passed:
        return Rating.Again if attempt.score < AGAIN_SCORE else Rating.Hard
    return Rating.Easy if attempt.score >= EASY_SCORE else Rating.Good


def schedules(attempts: Sequence[Attempt]) -> dict[str, Schedule]:
    """Replay every question's attempts (oldest first) through FSRS."""
    from fsrs import Card, Scheduler

    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    by_question: dict[str, list[Attempt]] = defaultdict(list)
    for a in sorted(attempts, key=lambda a: (a.created_at, a.id)):
        by_question[a.question_id].append(a)
    out: dict[str, Schedule] = {}
    for qid, items in by_question.items():
        card = Card(card_id=1)
        for a in items:
            card, _ = scheduler.review_card(card, rating(a), a.created_at)
        out[qid] = Schedule(qid, card.due, len(items), items[-1].score, float(card.stability or 0))
    return out


def topic_averages(attempts: Sequence[Attempt]) -> dict[str, float]:
    """Mean score per topic (latest attempt per question counts once)."""
    latest: dict[str, Attempt] = {}
    for a in sorted(attempts, key=lambda a: (a.created_at, a.id)):
        latest[a.question_id] = a
    sums: dict[str, list[int]] = defaultdict(list)
    for a in latest.values():
        sums[a.topic].append(after_override(a.passed, a.score, a.override)[1])
    return {t: sum(v) / len(v) for t, v in sums.items()}


def choose(
    bank: Sequence[Canonical],
    attempts: Sequence[Attempt],
    mode: str,
    n: int,
    topics: Sequence[str] = (),
    now: datetime | None = None,
    seed: int | None = None,
) -> list[Canonical]:
    """Pick ``n`` questions for a mock interview.

    - due: questions whose review is due (most overdue first), then new ones;
    - new: never attempted;
    - weakest: from the topics with the lowest average score (unseen topics count as weak);
    - random: any.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    pool = [c for c in bank if not topics or c.topic in topics]
    sched = schedules(attempts)
    unseen = [c for c in pool if c.id not in sched]
    rng.shuffle(unseen)
    if mode == "new":
        return unseen[:n]
    if mode == "random":
        picked = list(pool)
        rng.shuffle(picked)
        return picked[:n]
    if mode == "due":
        due = sorted(
            (c for c in pool if c.id in sched and sched[c.id].due <= now),
            key=lambda c: (sched[c.id].due, c.id),
        )
        return (due + unseen)[:n]
    averages = topic_averages(attempts)
    weakness = {t: averages.get(t, -1.0) for t in {c.topic for c in pool}}

    def key(c: Canonical) -> tuple[float, float, float]:
        last = sched[c.id].last_score if c.id in sched else -1
        return (weakness[c.topic], last, rng.random())

    return sorted(pool, key=key)[:n]


@dataclass(frozen=True)
class Progress:
    """What the Progress tab shows."""

    attempts: int
    average: float | None
    due_today: int
    streak: int
    per_topic: dict[str, float]
    timeline: list[tuple[datetime, int]]
    recent: list[Attempt]


def streak(days: set, today) -> int:
    """Consecutive days with practice, ending today (or yesterday, if not yet today)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def progress(
    attempts: Sequence[Attempt], now: datetime | None = None, recent: int = 10
) -> Progress:
    """Summary figures for one profile's history."""
    now = now or datetime.now(UTC)
    ordered = sorted(attempts, key=lambda a: (a.created_at, a.id))
    sched = schedules(ordered)
    end_of_day = now.replace(hour=23, minute=59, second=59)
    return Progress(
        attempts=len(ordered),
        average=(sum(a.score for a in ordered) / len(ordered)) if ordered else None,
        due_today=sum(1 for s in sched.values() if s.due <= end_of_day),
        streak=streak({a.created_at.date() for a in ordered}, now.date()),
        per_topic=topic_averages(ordered),
        timeline=[(a.created_at, a.score) for a in ordered],
        recent=list(reversed(ordered[-recent:])),
    )
