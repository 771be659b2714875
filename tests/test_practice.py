"""Practice history (real SQLite and real PostgreSQL) and spaced repetition (real FSRS)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from interviewbot.errors import InputError
from interviewbot.models import Canonical, Reference, Source, Variant
from interviewbot.practice.schedule import choose, progress, schedules
from interviewbot.practice.store import History, check_profile

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def canonical(qid, topic):
    src = Source("f.md", 1)
    return Canonical(
        qid,
        f"Question {qid}?",
        topic,
        (Variant(f"Question {qid}?", src),),
        (Reference(f"Answer {qid}.", src),),
    )


BANK = [
    canonical("a", "CNN"),
    canonical("b", "CNN"),
    canonical("c", "optimizers"),
    canonical("d", "optimizers"),
    canonical("e", "RNN/LSTM"),
]


def record(history, profile, qid, score, passed, when=T0, topic="CNN"):
    return history.record(
        profile,
        question_id=qid,
        question=f"Question {qid}?",
        topic=topic,
        answer="my answer",
        score=score,
        passed=passed,
        verdict="correct" if passed else "incorrect",
        missed=["a key point"] if not passed else [],
        when=when,
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def history(request, tmp_path):
    """The same history tests on both backends: a SQLite file and a real PostgreSQL database."""
    if request.param == "sqlite":
        store = History(tmp_path / "db" / "practice.sqlite3")
    else:
        store = History(request.getfixturevalue("pg_url"))
    yield store
    store.close()


def test_attempts_are_stored_with_everything(history):
    record(history, "alice", "a", 35, False)
    (a,) = history.attempts("alice")
    assert (a.question_id, a.score, a.passed, a.verdict) == ("a", 35, False, "incorrect")
    assert a.missed == ("a key point",) and a.created_at == T0 and a.answer == "my answer"


def test_wal_mode_is_on(tmp_path):
    import sqlite3

    history = History(tmp_path / "wal.sqlite3")
    db = sqlite3.connect(history.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_failed_question_is_due_sooner_than_a_passed_one(history):
    record(history, "alice", "a", 20, False)
    record(history, "alice", "b", 90, True)
    sched = schedules(history.attempts("alice"))
    assert sched["a"].due < sched["b"].due


def test_override_changes_the_schedule(history):
    attempt_id = record(history, "alice", "a", 30, False)
    before = schedules(history.attempts("alice"))["a"].due
    history.set_override("alice", attempt_id, "right")
    after = schedules(history.attempts("alice"))["a"].due
    assert after > before
    assert history.attempts("alice")[0].override == "right"
    history.set_override("alice", attempt_id, "wrong")
    assert schedules(history.attempts("alice"))["a"].due == before


def test_override_of_another_profiles_attempt_is_refused(history):
    attempt_id = record(history, "alice", "a", 30, False)
    with pytest.raises(InputError, match="no attempt"):
        history.set_override("bob", attempt_id, "right")


def test_two_profiles_never_see_each_others_history(history):
    record(history, "alice", "a", 30, False)
    record(history, "bob", "b", 80, True)
    assert [a.question_id for a in history.attempts("alice")] == ["a"]
    assert [a.question_id for a in history.attempts("bob")] == ["b"]
    assert "Question b?" not in history.export_csv("alice")


def test_export_round_trips(history, tmp_path):
    record(history, "alice", "a", 30, False, when=T0)
    second = record(
        history, "alice", "c", 88, True, when=T0 + timedelta(days=1), topic="optimizers"
    )
    history.set_override("alice", second, "wrong")
    exported = history.export_csv("alice")
    other = History(tmp_path / "other.sqlite3")
    assert other.import_csv("alice", exported) == 2

    def content(attempts):  # everything but the database row id
        return [dataclasses.replace(a, id=0) for a in attempts]

    assert content(other.attempts("alice")) == content(history.attempts("alice"))


def test_sql_injection_in_a_profile_or_answer_is_just_text(history):
    with pytest.raises(InputError):
        check_profile("x'; DROP TABLE attempts; --")
    history.record(
        "alice",
        question_id="a",
        question="q",
        topic="CNN",
        answer="'); DROP TABLE attempts; --",
        score=1,
        passed=False,
        verdict="incorrect",
        when=T0,
    )
    assert history.attempts("alice")[0].answer == "'); DROP TABLE attempts; --"


def test_choose_modes(history):
    record(history, "alice", "a", 20, False, when=T0)
    record(history, "alice", "c", 95, True, when=T0, topic="optimizers")
    attempts = history.attempts("alice")
    later = T0 + timedelta(days=3)
    due = choose(BANK, attempts, "due", 5, now=later, seed=1)
    assert due[0].id == "a" and "c" not in [q.id for q in due[:1]]
    new = choose(BANK, attempts, "new", 5, seed=1)
    assert {q.id for q in new} == {"b", "d", "e"}
    only_cnn = choose(BANK, attempts, "random", 5, topics=["CNN"], seed=1)
    assert {q.id for q in only_cnn} == {"a", "b"}
    weakest = choose(BANK, attempts, "weakest", 2, seed=1)
    assert weakest[0].topic == "RNN/LSTM"  # never practised counts as weakest
    with pytest.raises(ValueError):
        choose(BANK, attempts, "sideways", 2)


def test_progress_figures(history):
    for day in range(3):
        record(history, "alice", "a", 40 + 20 * day, day > 0, when=T0 + timedelta(days=day))
    p = progress(history.attempts("alice"), now=T0 + timedelta(days=2, hours=1))
    assert p.attempts == 3 and p.average == pytest.approx(60.0)
    assert p.streak == 3 and p.per_topic == {"CNN": 80.0}
    assert [s for _, s in p.timeline] == [40, 60, 80]
    assert p.recent[0].score == 80


def test_unwritable_database_is_a_clear_error(tmp_path):
    from interviewbot.errors import InterviewbotError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InterviewbotError, match="INTERVIEWBOT_DB_PATH"):
        History(blocker / "sub" / "db.sqlite3")


def test_history_export_counts_attempts_and_names_an_unwritable_target(tmp_path, capsys):
    """Answers keep their line breaks in the CSV, so the count is of rows, not lines; a target
    in a folder that does not exist is one line naming it, not a traceback."""
    from interviewbot.cli.main import main

    db = tmp_path / "h.sqlite3"
    history = History(db)
    record(history, "alice", "a", 30, False)
    history.record("alice", question_id="b", question="Question b?", topic="CNN",
                   answer="first line\nsecond line\nthird line", score=80, passed=True,
                   verdict="correct", when=T0)  # fmt: skip
    target = tmp_path / "out.csv"
    assert main(["history", "--export", str(target), "--profile", "alice", "--db", str(db)]) == 0
    assert capsys.readouterr().err.strip() == f"wrote 2 attempt(s) to {target}"
    assert History(tmp_path / "back.sqlite3").import_csv("alice", target.read_text()) == 2
    missing = tmp_path / "no-such-folder" / "out.csv"
    assert main(["history", "--export", str(missing), "--profile", "alice", "--db", str(db)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: cannot write {missing}: ") and "\n" not in err
