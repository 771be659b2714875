"""The practice history: every graded answer, per profile, in SQLite or PostgreSQL (``db``).

Attempts are the single source of truth; schedules and progress are derived from them, so an
override ("I was right") is one UPDATE and everything downstream follows.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from interviewbot.errors import InputError
from interviewbot.practice.db import Database, is_url, open_database

_PROFILE = re.compile(r"^[\w][\w .@+-]{0,39}$", re.UNICODE)
CSV_FIELDS = (
    "id", "created_at", "question_id", "question", "topic", "score", "passed", "verdict",
    "override", "missed", "answer",
)  # fmt: skip

@dataclass(frozen=True)
class Attempt:
    """One graded answer of one profile."""

    id: int
    profile: str
    question_id: str
    question: str
    topic: str
    answer: str
    score: int
    passed: bool
    verdict: str
    missed: tuple[str, ...]
    override: str | None
    created_at: datetime


OVERRIDES = ("right", "wrong")


def after_override(passed: bool, score: int, override: str | None) -> tuple[bool, int]:
    """(passed, score) as the person judged the answer: "I was right" is a pass worth 100,
    "I was wrong" a fail worth 0, no override keeps the grader's (passed, score).

    The one place the override rule lives: schedules, topic averages and summaries call it.
    """
    if override == "right":
        return True, 100
    if override == "wrong":
        return False, 0
    return bool(passed), int(score)


def check_profile(name: object) -> str:
    """A clean profile name, or InputError saying what a valid one looks like."""
    if not isinstance(name, str) or not name.strip():
        raise InputError("profile name is empty; type a name such as 'alice'")
    cleaned = " ".join(name.split())
    if not _PROFILE.match(cleaned):
        raise InputError(
            f"profile name {cleaned[:50]!r} is not allowed; use up to 40 letters, digits, "
            "spaces or . _ - @ +"
        )
    return cleaned


class History:
    """Attempts stored in SQLite (a file path) or PostgreSQL (a ``postgresql://`` URL).

    Every write is committed before the call returns; safe across threads, and with PostgreSQL
    across server processes sharing one database.
    """

    def __init__(self, target: str | Path) -> None:
        self.db: Database = open_database(target)
        self.path = None if is_url(target) else Path(target)
        self.where = self.db.where

    def close(self) -> None:
        """Release pooled connections (PostgreSQL); a SQLite history holds none."""
        self.db.close()

    def record(
        self,
        profile: str,
        *,
        question_id: str,
        question: str,
        topic: str,
        answer: str,
        score: int,
        passed: bool,
        verdict: str,
        missed: Sequence[str] = (),
        when: datetime | None = None,
        override: str | None = None,
    ) -> int:
        """Store one attempt (committed before returning); its id."""
        profile = check_profile(profile)
        stamp = (when or datetime.now(UTC)).astimezone(UTC).isoformat()
        with self.db.transaction() as tx:
            rows = tx.run(
                "INSERT INTO attempts (profile, question_id, question, topic, answer, score, "
                "passed, verdict, missed, override, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    profile, question_id, question, topic, answer, int(score), int(bool(passed)),
                    verdict, json.dumps(list(missed), ensure_ascii=False), override, stamp,
                ),
            )  # fmt: skip
        return int(rows[0][0])

    def set_override(self, profile: str, attempt_id: int, override: str | None) -> None:
        """Mark an attempt right or wrong by the person's own judgement (None clears it)."""
        if override is not None and override not in OVERRIDES:
            raise InputError("override must be 'right', 'wrong' or empty")
        profile = check_profile(profile)
        with self.db.transaction() as tx:
            changed = tx.count(
                "UPDATE attempts SET override = ? WHERE id = ? AND profile = ?",
                (override, int(attempt_id), profile),
            )
            if changed == 0:
                raise InputError(f"no attempt {attempt_id} for profile {profile!r}")

    def attempts(self, profile: str) -> list[Attempt]:
        """All attempts of a profile, oldest first."""
        profile = check_profile(profile)
        with self.db.transaction() as tx:
            rows = tx.run(
                "SELECT id, profile, question_id, question, topic, answer, score, passed, "
                "verdict, missed, override, created_at FROM attempts "
                "WHERE profile = ? ORDER BY created_at, id",
                (profile,),
            )
        return [_attempt(row) for row in rows]

    def profiles(self) -> list[str]:
        """Every profile with at least one attempt."""
        with self.db.transaction() as tx:
            rows = tx.run("SELECT DISTINCT profile FROM attempts ORDER BY profile")
        return [r[0] for r in rows]

    def export_csv(self, profile: str) -> str:
        """The profile's history as CSV text (one attempt per row)."""
        return _csv(self.attempts(profile), CSV_FIELDS)

    def export_class_csv(self) -> str:
        """Every profile's history as CSV text, with a ``profile`` column (for an admin)."""
        rows = [a for name in self.profiles() for a in self.attempts(name)]
        return _csv(rows, ("profile", *CSV_FIELDS))

    def import_csv(self, profile: str, text: str) -> int:
        """Add the attempts of an exported CSV to ``profile``; how many were added."""
        reader = csv.DictReader(io.StringIO(text))
        missing = [f for f in CSV_FIELDS if f != "id" and f not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"history CSV lacks column(s) {', '.join(missing)}; export it again")
        count = 0
        for row in reader:
            try:
                self.record(
                    profile,
                    question_id=row["question_id"], question=row["question"], topic=row["topic"],
                    answer=row["answer"], score=int(row["score"]), passed=row["passed"] == "1",
                    verdict=row["verdict"], missed=json.loads(row["missed"] or "[]"),
                    when=datetime.fromisoformat(row["created_at"]),
                    override=row["override"] or None,
                )  # fmt: skip
            except (ValueError, KeyError) as exc:
                raise InputError(
                    f"history CSV row {reader.line_num} is malformed ({exc})"
                ) from None
            count += 1
        return count


def _csv(attempts: Sequence[Attempt], fields: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(fields), lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    for a in attempts:
        writer.writerow(
            {
                "profile": a.profile, "id": a.id, "created_at": a.created_at.isoformat(),
                "question_id": a.question_id, "question": a.question, "topic": a.topic,
                "score": a.score, "passed": int(a.passed), "verdict": a.verdict,
                "override": a.override or "", "missed": json.dumps(list(a.missed)),
                "answer": a.answer,
            }
        )  # fmt: skip
    return out.getvalue()


def _attempt(row: tuple) -> Attempt:
    return Attempt(
        id=row[0], profile=row[1], question_id=row[2], question=row[3], topic=row[4],
        answer=row[5], score=row[6], passed=bool(row[7]), verdict=row[8],
        missed=tuple(json.loads(row[9] or "[]")), override=row[10],
        created_at=datetime.fromisoformat(row[11]),
    )  # fmt: skip
