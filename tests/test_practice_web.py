"""Practice that remembers, in the web app: profiles, saved answers, overrides, question modes,
the Progress tab, CSV export, and a server killed with SIGKILL that loses nothing.

Event functions are called directly with a real SQLite file in ``tmp_path`` and the real model
and index (``app_fixtures.py``); the browser tests (marked ``slow``) drive Debian's Chromium.
"""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app_data import XSS_QUESTION, free_port, wait_until_running
from interviewbot.practice import schedule as practice
from interviewbot.practice.store import History
from interviewbot.web import app, export, interview, profile, progress, server

pytest_plugins = ["app_fixtures"]  # the app_* fixtures

TIMEOUT_MS = 60_000
WRONG = "It is a kind of database index used for sorting rows by date."


@pytest.fixture()
def history(tmp_path):
    return History(tmp_path / "web.sqlite3")


def _start(bot, history, profile="alice", n=1, mode="random", topics=(), seed=0, **kw):
    state = interview.new_interview(
        bot, list(topics), n, random.Random(seed), mode=mode, history=history, profile=profile,
        **kw,
    )  # fmt: skip
    assert state.phase == "question", state
    return state


def _model_answer(bot, state) -> str:
    return bot.get(state.ids[state.index]).answer.text


def _record(history, profile, c, score, *, when, passed=None, verdict="x"):
    return history.record(
        profile, question_id=c.id, question=c.question, topic=c.topic, answer="a",
        score=score, passed=score >= 60 if passed is None else passed, verdict=verdict,
        when=when,
    )  # fmt: skip


# -- recording --------------------------------------------------------------------------------
def test_a_graded_answer_is_saved_under_the_profile(app_bot, history):
    state = _start(app_bot, history, "alice")
    graded = interview.submit_answer(app_bot, state, _model_answer(app_bot, state), history)
    row = graded.results[0]
    [saved] = history.attempts("alice")
    assert saved.id == row.attempt_id and saved.question_id == state.ids[0]
    assert saved.answer == _model_answer(app_bot, state)
    assert (saved.score, saved.passed, saved.verdict) == (row.score, True, row.verdict)
    assert saved.override is None and saved.created_at.tzinfo is not None

    wrong = _start(app_bot, history, "alice", seed=5)
    out = interview.submit_answer(app_bot, wrong, WRONG, history)
    latest = history.attempts("alice")[-1]
    assert latest.id == out.results[0].attempt_id and latest.passed is False
    assert latest.missed and all(isinstance(m, str) and m for m in latest.missed)


def test_an_answer_that_is_not_graded_is_not_saved(app_bot, history):
    state = _start(app_bot, history)
    assert "Type an answer first" in interview.submit_answer(app_bot, state, "  ", history).notice
    assert "limit is" in interview.submit_answer(app_bot, state, "x " * 3000, history).notice
    assert history.attempts("alice") == []


def test_skips_are_saved_as_failed_attempts(app_bot, history):
    state = _start(app_bot, history, n=2)
    skipped = interview.skip_question(app_bot, state, history=history)
    nxt = interview.next_question(app_bot, skipped)
    shown = interview.skip_question(app_bot, nxt, reveal=True, history=history)
    saved = history.attempts("alice")
    assert [(a.verdict, a.score, a.passed, a.answer) for a in saved] == [
        ("skipped", 0, False, ""),
        ("answer shown", 0, False, ""),
    ]
    assert [a.question_id for a in saved] == list(state.ids)
    # a skipped question is due again no later than a passed one would be
    passed_at = datetime.now(UTC)
    other = History(history.path.with_name("other.sqlite3"))
    c = app_bot.get(state.ids[0])
    _record(other, "bob", c, 95, when=passed_at)
    assert practice.schedules(saved)[c.id].due < practice.schedules(other.attempts("bob"))[c.id].due
    # no "I was right" on a skipped question
    assert interview.interview_view(app_bot, shown)["can_override"] is False
    assert "Only a graded answer" in interview.override_grade(history, shown, "right").notice
    assert all(a.override is None for a in history.attempts("alice"))


def test_without_a_history_nothing_is_saved(app_bot):
    state = interview.new_interview(app_bot, [], 1, random.Random(0))
    graded = interview.submit_answer(app_bot, state, _model_answer(app_bot, state))
    assert graded.results[0].attempt_id is None and graded.phase == "feedback"
    assert interview.interview_view(app_bot, graded)["can_override"] is False


def test_a_store_that_fails_still_shows_the_grade(app_bot, history, tmp_path):
    state = _start(app_bot, history)
    broken = History(tmp_path / "gone" / "db.sqlite3")
    (tmp_path / "gone" / "db.sqlite3").unlink()
    (tmp_path / "gone" / "db.sqlite3").mkdir()  # a folder where the file was: writes fail
    out = interview.submit_answer(app_bot, state, _model_answer(app_bot, state), broken)
    assert out.phase == "feedback" and "/100" in out.feedback
    assert "not saved: the practice database failed" in out.notice
    assert "\n" not in out.notice


# -- overrides --------------------------------------------------------------------------------
def test_overrides_are_stored_and_change_the_schedule(app_bot, history):
    state = _start(app_bot, history)
    graded = interview.submit_answer(app_bot, state, WRONG, history)
    qid = state.ids[0]
    view = interview.interview_view(app_bot, graded)
    assert view["can_override"] is True and view["override"] == ""
    before = practice.schedules(history.attempts("alice"))[qid].due

    right = interview.override_grade(history, graded, "right")
    assert history.attempts("alice")[0].override == "right"
    assert right.results[0].override == "right" and graded.results[0].override is None
    assert "marked this answer **right**" in interview.interview_view(app_bot, right)["override"]
    after = practice.schedules(history.attempts("alice"))[qid].due
    assert after > before

    wrong = interview.override_grade(history, right, "wrong")
    assert history.attempts("alice")[0].override == "wrong"
    assert practice.schedules(history.attempts("alice"))[qid].due < after
    done = interview.next_question(app_bot, wrong)
    summary = interview.interview_view(app_bot, done)["summary"]
    assert "(you: wrong)" in summary and "passed 0 of 1" in summary
    assert "Saved to **alice**" in summary


def test_override_only_touches_the_interview_profile(app_bot, history):
    state = _start(app_bot, history, "alice")
    graded = interview.submit_answer(app_bot, state, WRONG, history)
    # the attempt belongs to alice: a state claiming another profile cannot mark it
    forged = replace(graded, profile="mallory")
    assert "no attempt" in interview.override_grade(history, forged, "right").notice
    assert history.attempts("alice")[0].override is None


# -- profiles ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [("", "empty"), ("   ", "empty"), ("../../etc/passwd", "not allowed"), ("x" * 60, "up to 40")],
)
def test_bad_profile_names_get_one_line(app_bot, history, name, expected):
    state = interview.new_interview(app_bot, [], 1, mode="due", history=history, profile=name)
    assert state.phase == "setup" and expected in state.notice
    assert "\n" not in state.notice
    status = profile.profile_status(history, name)
    assert status.startswith("**Sorry:**") and expected in status and "\n" not in status
    assert progress.progress_view(history, name)["notice"].startswith("**Sorry:**")


def test_profile_names_are_cleaned_and_listed(app_bot, history):
    state = _start(app_bot, history, "  ann   lee ")
    interview.submit_answer(app_bot, state, WRONG, history)
    assert history.profiles() == ["ann lee"]
    assert profile.profile_choices(history) == ["ann lee", "default"]
    assert (
        profile.profile_status(history, "ann lee") == "Practising as **ann lee** · 1 answer saved"
    )
    assert "new profile" in profile.profile_status(history, "zed")


def test_two_profiles_never_see_each_other(app_bot, history):
    a = _start(app_bot, history, "alice", topics=["CNN"])
    interview.submit_answer(app_bot, a, WRONG, history)
    b = _start(app_bot, history, "bob", topics=["optimizers"])
    interview.skip_question(app_bot, b, history=history)
    alice, bob = progress.progress_view(history, "alice"), progress.progress_view(history, "bob")
    assert alice["attempts"] == bob["attempts"] == 1
    q_alice, q_bob = (app_bot.get(s.ids[0]).question for s in (a, b))
    assert list(alice["timeline"]["question"]) == [q_alice]
    assert list(bob["timeline"]["question"]) == [q_bob]
    assert "skipped" in bob["recent"] and "skipped" not in alice["recent"]
    assert progress.progress_view(history, "carol")["attempts"] == 0
    # and "new only" for bob ignores what alice answered
    bob_new = interview.new_interview(app_bot, [], 20, mode="new", history=history, profile="bob")
    assert q_alice in {app_bot.get(i).question for i in bob_new.ids}


# -- question modes ---------------------------------------------------------------------------
def test_new_only_leaves_out_answered_questions(app_bot, history):
    first = _start(app_bot, history, topics=["activation functions"], n=1)
    interview.submit_answer(app_bot, first, WRONG, history)
    rest = _start(app_bot, history, mode="new", topics=["activation functions"], n=5)
    assert first.ids[0] not in rest.ids and len(rest.ids) == 1
    interview.skip_question(app_bot, rest, history=history)
    none_left = interview.new_interview(
        app_bot, ["activation functions"], 5, mode="new", history=history, profile="alice"
    )
    assert none_left.phase == "setup" and "answered every question" in none_left.notice


def test_due_for_review_puts_failed_questions_first(app_bot, history):
    bank = {c.id: c for c in app_bot.bank}
    failed, passed = sorted(bank)[:2]
    long_ago = datetime.now(UTC) - timedelta(days=2)
    _record(history, "alice", bank[passed], 95, when=long_ago)
    _record(history, "alice", bank[failed], 10, when=long_ago)
    state = _start(app_bot, history, mode="due", n=len(bank))
    assert state.ids[0] == failed and passed not in state.ids
    assert len(state.ids) == len(bank) - 1  # the failed one, then every new one
    assert state.mode == "due" and state.profile == "alice"
    assert "Due for review" in interview.interview_view(app_bot, state)["progress"]


def test_due_for_review_says_when_nothing_is_due(app_bot, history):
    now = datetime.now(UTC)
    for c in app_bot.bank:
        if c.topic == "CNN":
            _record(history, "alice", c, 95, when=now)
    out = interview.new_interview(app_bot, ["CNN"], 3, mode="due", history=history, profile="alice")
    assert out.phase == "setup" and "Nothing is due for review" in out.notice
    assert "next one is due" in out.notice


def test_weakest_topics_come_first(app_bot, history):
    now = datetime.now(UTC)
    for c in app_bot.bank:
        _record(history, "alice", c, 20 if c.topic == "optimizers" else 90, when=now)
    state = _start(app_bot, history, mode="weakest", n=1)
    assert app_bot.get(state.ids[0]).topic == "optimizers"


def test_random_and_unknown_modes(app_bot, history):
    state = _start(app_bot, history, mode="random", n=3)
    assert len(set(state.ids)) == 3
    bad = interview.new_interview(app_bot, [], 3, mode="sideways", history=history, profile="alice")
    assert bad.phase == "setup" and "Due for review" in bad.notice


# -- progress ---------------------------------------------------------------------------------
def test_progress_view_has_every_figure(app_bot, history):
    bank = list(app_bot.bank)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    _record(history, "alice", bank[0], 30, when=yesterday - timedelta(days=3))
    _record(history, "alice", bank[1], 80, when=yesterday)
    state = _start(app_bot, history, "alice", topics=["CNN"])
    interview.submit_answer(app_bot, state, WRONG, history)

    v = progress.progress_view(history, "alice")
    p = practice.progress(history.attempts("alice"))
    assert v["attempts"] == 3 and v["notice"] == ""
    assert "**3** answers" in v["stats"] and f"average **{p.average:.0f}/100**" in v["stats"]
    assert (
        f"**{p.due_today}** due for review today" in v["stats"]
        and "streak **2** days" in v["stats"]
    )
    assert list(v["timeline"].columns) == ["answer", "score", "when", "question", "at"]
    assert list(v["timeline"]["answer"]) == [1, 2, 3]
    assert list(v["timeline"].score)[:2] == [30, 80]
    assert set(v["topics"]["topic"]) == set(p.per_topic)
    assert list(v["topics"]["average"]) == sorted(v["topics"]["average"])  # weakest first
    assert v["recent"].startswith("### Last answers")
    assert v["recent"].index(app_bot.get(state.ids[0]).question[:20]) < v["recent"].index(
        bank[0].question[:20]
    )  # newest first


def test_progress_view_empty_profile(history):
    v = progress.progress_view(history, "nobody")
    assert v["attempts"] == 0 and "No answers saved" in v["stats"] and v["recent"] == ""
    assert v["timeline"].empty and v["topics"].empty


def test_progress_table_escapes_corpus_and_missed_points(app_bot, history):
    xss = next(c for c in app_bot.bank if c.question == XSS_QUESTION)
    history.record(
        "alice", question_id=xss.id, question=xss.question, topic=xss.topic, answer="a",
        score=10, passed=False, verdict="off_topic", missed=["<script>alert(1)</script> | x"],
    )  # fmt: skip
    recent = progress.progress_view(history, "alice")["recent"]
    assert "<script" not in recent and "&lt;script&gt;" in recent and "\\|" in recent
    assert "off topic" in recent


# -- export -----------------------------------------------------------------------------------
def test_export_csv_round_trips(app_bot, history, tmp_path):
    state = _start(app_bot, history, "ann lee", n=2)
    graded = interview.submit_answer(app_bot, state, 'Commas, "quotes"\nand lines.', history)
    interview.override_grade(history, graded, "right")
    interview.skip_question(app_bot, interview.next_question(app_bot, graded), history=history)

    path = export.export_csv(history, "ann lee", root=tmp_path / "exports")
    assert path.name == "interviewbot-history-ann_lee.csv" and path.is_relative_to(tmp_path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [r["verdict"] for r in rows][1] == "skipped" and rows[0]["override"] == "right"
    assert rows[0]["answer"] == 'Commas, "quotes"\nand lines.'

    copy = History(tmp_path / "copy.sqlite3")
    assert copy.import_csv("ann lee", path.read_text(encoding="utf-8")) == 2
    strip = [(a.question_id, a.answer, a.score, a.verdict, a.missed, a.override, a.created_at)
             for a in history.attempts("ann lee")]  # fmt: skip
    again = [(a.question_id, a.answer, a.score, a.verdict, a.missed, a.override, a.created_at)
             for a in copy.attempts("ann lee")]  # fmt: skip
    assert again == strip


def test_export_needs_attempts_and_a_valid_name(history, tmp_path):
    root = tmp_path / "exports"
    assert export.export_csv(history, "nobody", root=root) is None
    assert export.export_csv(history, "", root=root) is None
    assert not root.exists()


def test_each_export_is_its_own_file_and_old_ones_are_removed(app_bot, history, tmp_path):
    state = _start(app_bot, history)
    interview.submit_answer(app_bot, state, WRONG, history)
    root = tmp_path / "exports"
    first = export.export_csv(history, "alice", root=root)
    second = export.export_csv(history, "alice", root=root)
    assert first.parent != second.parent and first.exists() and second.exists()
    old = (datetime.now() - timedelta(hours=2)).timestamp()
    os.utime(first.parent, (old, old))
    third = export.export_csv(history, "alice", root=root)
    assert not first.exists() and second.exists() and third.exists()


def test_exports_go_to_gradios_own_folder(app_bot, history):
    from gradio.utils import get_upload_folder

    state = _start(app_bot, history)
    interview.submit_answer(app_bot, state, WRONG, history)
    path = export.export_csv(history, "alice")
    try:
        assert path.resolve().is_relative_to(Path(get_upload_folder()).resolve())
    finally:
        path.unlink()
        path.parent.rmdir()


# -- the app and the server -------------------------------------------------------------------
def test_build_app_opens_the_given_database(app_bot, tmp_path):
    db = tmp_path / "here.sqlite3"
    demo = app.build_app(app_bot, db_path=db)
    assert db.exists()
    public = {f.api_name for f in demo.fns.values() if getattr(f, "api_visibility", "") == "public"}
    assert public == {"ask", "grade", "save_answer"}


def test_launch_options_block_the_database(app_settings, tmp_path):
    db = tmp_path / "p.sqlite3"
    blocked = server.launch_options(app_settings, db_path=db)["blocked_paths"]
    for suffix in ("", "-wal", "-shm"):
        assert str(db.resolve()) + suffix in blocked
    default = server.launch_options(app_settings)["blocked_paths"]
    assert str(app_settings.database.resolve()) in default


def test_serve_stops_on_a_database_it_cannot_open(app_settings, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert server.serve(app_settings, port=7999, db_path=tmp_path / "file" / "db.sqlite3") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot create the practice database") and "Traceback" not in err


# -- in a browser -----------------------------------------------------------------------------
def _open(browser, url: str, profile: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(url)
    status = pg.locator("#profile-status")
    status.get_by_text("Practising as").wait_for()
    box = pg.locator("#profile input")
    box.fill(profile)
    box.press("Enter")
    status.get_by_text(f"Practising as {profile}").wait_for()
    return pg


def _answer_questions(pg, answers: list[str | None]) -> list[str]:
    """Run a mock interview of len(answers) questions (None: skip); the questions asked."""
    pg.get_by_role("tab", name="Mock interview").click()
    pg.locator("#iv-mode").get_by_text("Random", exact=True).click()
    count = pg.locator("#iv-count input[type=number]")
    count.fill(str(len(answers)))
    count.press("Enter")
    pg.locator("#iv-start").click()
    asked = []
    for i, text in enumerate(answers, 1):
        pg.locator("#iv-progress").get_by_text(f"Question {i} of {len(answers)}").wait_for()
        asked.append(pg.locator("#iv-question h3").inner_text())
        if text is None:
            pg.locator("#iv-skip").click()
            pg.locator("#iv-feedback").get_by_text("Model answer", exact=True).wait_for()
            pg.locator("#iv-next").click()
            continue
        pg.locator("#iv-answer textarea").fill(text)
        pg.locator("#iv-submit").click()
        pg.locator("#iv-feedback h3").get_by_text("/100").wait_for()
        if i == 1:
            pg.locator("#iv-wrong").click()
            pg.locator("#iv-override").get_by_text("marked this answer wrong").wait_for()
        pg.locator("#iv-next").click()
    pg.locator("#iv-summary").get_by_text("Average score").wait_for()
    return asked


def _progress_tab(pg, answers: int):
    pg.get_by_role("tab", name="Progress").click()
    word = "answer" if answers == 1 else "answers"
    pg.locator("#pr-stats").get_by_text(f"{answers} {word}", exact=False).wait_for()
    return pg.locator("#pr-recent")


@pytest.mark.slow
def test_an_answer_shows_up_in_the_progress_tab(browser, app_server):
    pg = _open(browser, app_server, "carol")
    other = _open(browser, app_server, "dave")
    try:
        [asked] = _answer_questions(pg, [WRONG])
        recent = _progress_tab(pg, 1)
        recent.get_by_text(asked).wait_for()
        assert "(you: wrong)" in recent.inner_text()
        assert pg.locator("#pr-timeline").is_visible() and pg.locator("#pr-topics").is_visible()
        with pg.expect_download() as download:
            pg.locator("#pr-export").click()
        assert download.value.suggested_filename == "interviewbot-history-carol.csv"
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert asked in text and WRONG in text

        # another session, another profile: nothing of carol's
        other.get_by_role("tab", name="Progress").click()
        other.locator("#pr-stats").get_by_text("No answers saved").wait_for()
        assert asked not in other.locator("body").inner_text()
        assert not other.locator("#pr-export").is_enabled()
    finally:
        pg.context.close()
        other.context.close()


def _start_server(settings, db: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "INTERVIEWBOT_DB_PATH": str(db), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "interviewbot", "serve", "--corpus", str(settings.corpus_dir),
            "--index", str(settings.index_dir), "--port", str(port),
        ],
        env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert f"practice history: {db}" in wait_until_running(proc, port)
    threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
    return proc


@pytest.mark.slow
def test_answers_survive_a_sigkill(browser, app_settings, tmp_path):
    db = tmp_path / "killed.sqlite3"
    procs: list[subprocess.Popen] = []
    watchdog = threading.Timer(600, lambda: [p.kill() for p in procs])  # never hang CI
    watchdog.start()
    try:
        port = free_port()
        procs.append(_start_server(app_settings, db, port))
        pg = _open(browser, f"http://127.0.0.1:{port}", "erin")
        asked = _answer_questions(pg, [WRONG, None, "Dropout disables neurons at random."])
        pg.context.close()
        os.kill(procs[0].pid, signal.SIGKILL)
        assert procs[0].wait(timeout=60) == -signal.SIGKILL

        saved = History(db).attempts("erin")
        assert [a.question for a in saved] == asked
        assert [a.verdict for a in saved][1] == "skipped" and saved[0].override == "wrong"

        port = free_port()
        procs.append(_start_server(app_settings, db, port))
        pg = _open(browser, f"http://127.0.0.1:{port}", "erin")
        recent = _progress_tab(pg, 3)
        for question in asked:
            recent.get_by_text(question).first.wait_for()
        pg.context.close()
    finally:
        watchdog.cancel()
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
                try:
                    p.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
