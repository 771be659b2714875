"""The history's two backends: versioned schemas that migrate forward, refusal of a database
from a newer interviewbot, clear connection errors, and one database shared by processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

import psycopg
import pytest

from interviewbot.errors import InterviewbotError
from interviewbot.practice.db import SCHEMA_VERSION, redact
from interviewbot.practice.store import History

# The schema as it was before versioning existed (interviewbot 0.1 history files).
LEGACY_SQLITE = """
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, profile TEXT NOT NULL, question_id TEXT NOT NULL,
    question TEXT NOT NULL, topic TEXT NOT NULL, answer TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100), passed INTEGER NOT NULL,
    verdict TEXT NOT NULL, missed TEXT NOT NULL DEFAULT '[]',
    override TEXT CHECK (override IN ('right', 'wrong')), created_at TEXT NOT NULL
);
INSERT INTO attempts (profile, question_id, question, topic, answer, score, passed, verdict,
    missed, override, created_at)
VALUES ('alice', 'q1', 'What is dropout?', 'overfitting', 'drops units', 80, 1, 'correct', '[]',
    NULL, '2026-03-01T09:00:00+00:00');
"""


def save(history: History, profile: str = "alice", qid: str = "q2") -> int:
    return history.record(
        profile, question_id=qid, question="Q?", topic="CNN", answer="a", score=50,
        passed=True, verdict="correct", when=datetime(2026, 3, 2, tzinfo=UTC),
    )  # fmt: skip


def versions(history: History) -> list[int]:
    with history.db.transaction() as tx:
        return [r[0] for r in tx.run("SELECT version FROM schema_version ORDER BY version")]


def test_a_pre_versioning_sqlite_file_is_migrated_and_keeps_its_attempts(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(LEGACY_SQLITE)
    history = History(path)
    assert versions(history) == list(range(1, SCHEMA_VERSION + 1))
    assert [a.question for a in history.attempts("alice")] == ["What is dropout?"]
    save(history)
    assert len(History(path).attempts("alice")) == 2  # reopening migrates nothing twice
    assert versions(History(path)) == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_from_a_newer_interviewbot_is_refused(backend, tmp_path, request):
    target = tmp_path / "new.sqlite3" if backend == "sqlite" else request.getfixturevalue("pg_url")
    history = History(target)
    save(history)
    with history.db.transaction() as tx:
        tx.run("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION + 1,))
    history.close()
    with pytest.raises(InterviewbotError, match="newer than this interviewbot") as err:
        History(target)
    assert "\n" not in str(err.value)


def test_postgresql_schema_is_versioned_like_sqlite(pg_url, tmp_path):
    assert versions(History(pg_url)) == versions(History(tmp_path / "x.sqlite3"))


def test_an_unreachable_postgresql_is_one_clear_line_without_the_password():
    from pg_server import free_port

    url = f"postgresql://bob:s3cret@127.0.0.1:{free_port()}/practice"
    with pytest.raises(InterviewbotError, match="cannot connect to the practice database") as e:
        History(url)
    assert "s3cret" not in str(e.value) and "\n" not in str(e.value)
    assert redact(url) == url.replace("s3cret", "***")


def test_processes_sharing_one_postgresql_see_each_others_answers(pg_url):
    code = textwrap.dedent(
        f"""
        from datetime import UTC, datetime
        from interviewbot.practice.store import History
        h = History({pg_url!r})
        for i in range(20):
            h.record("alice", question_id=f"p{{i}}", question="Q?", topic="CNN", answer="a",
                     score=60, passed=True, verdict="correct")
        print(len(h.attempts("alice")))
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    attempts = History(pg_url).attempts("alice")
    assert len(attempts) == 60 and len({a.id for a in attempts}) == 60


def test_postgresql_stores_exactly_what_sqlite_stores(pg_url, tmp_path):
    stores = [History(tmp_path / "same.sqlite3"), History(pg_url)]
    for h in stores:
        first = save(h, qid="a")
        save(h, qid="b")
        h.set_override("alice", first, "wrong")
    a, b = (h.export_csv("alice").splitlines()[1:] for h in stores)
    assert [r.split(",", 1)[1] for r in a] == [r.split(",", 1)[1] for r in b]
    with psycopg.connect(pg_url) as conn:  # really in PostgreSQL, not a local file
        assert conn.execute("SELECT count(*) FROM attempts").fetchone()[0] == 2


def test_a_class_export_has_every_profile_and_a_profile_column(pg_url):
    history = History(pg_url)
    save(history, "alice", "a")
    save(history, "bob", "b")
    lines = history.export_class_csv().splitlines()
    assert lines[0].startswith("profile,id,created_at,question_id")
    assert [line.split(",")[0] for line in lines[1:]] == ["alice", "bob"]
    # the per-profile export keeps its columns, so old files still import
    assert history.export_csv("alice").splitlines()[0].startswith("id,created_at")


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interviewbot", *args], input=stdin, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip


def test_cli_accounts_and_class_export_on_postgresql(pg_url):
    made = cli("users", "add", "teacher", "--admin", "--password-stdin", "--db", pg_url,
               stdin="correct horse\n")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert cli("users", "add", "student", "--db", pg_url, stdin="correct horse\n").returncode == 0
    listed = cli("users", "list", "--db", pg_url)
    assert [line.split("\t")[:2] for line in listed.stdout.splitlines()] == [
        ["student", "user"], ["teacher", "admin"],
    ]  # fmt: skip
    taken = cli("users", "add", "student", "--db", pg_url, stdin="correct horse\n")
    assert taken.returncode == 1 and taken.stderr.strip().endswith("choose another one")
    save(History(pg_url), "student")
    export = cli("history", "--all", "--export", "-", "--db", pg_url)
    assert export.returncode == 0 and export.stdout.splitlines()[1].startswith("student,")
    no_file = cli("history", "--all", "--db", pg_url)
    assert no_file.returncode == 1 and "--export" in no_file.stderr


def test_cli_history_lists_next_review_dates(tmp_path):
    db = tmp_path / "h.sqlite3"
    save(History(db), "alice", "q9")
    out = cli("history", "--profile", "alice", "--db", str(db))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    nxt = lines.index("Next reviews:")
    assert lines[nxt + 1].strip().endswith("Q?") and lines[nxt + 1].strip()[:4].isdigit()
