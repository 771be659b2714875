"""Several servers on one PostgreSQL: a replica never builds and refuses a stale index; an answer
saved through one replica is seen by another; a replica killed mid-answer loses nothing it
acknowledged. Real servers (``interviewbot serve``), a real PostgreSQL, the real model."""

from __future__ import annotations

import dataclasses
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app_data import free_port, wait_until_running
from interviewbot.bot import Bot
from interviewbot.errors import IndexProblem
from interviewbot.practice.store import History

pytest_plugins = ["app_fixtures"]  # the browser and the app corpus, for the last test
pytestmark = pytest.mark.slow


@pytest.fixture()
def shared_index(tiny_settings, tmp_path):
    """A copy of the tiny corpus and its built index (the replicas' shared artefact)."""
    corpus = shutil.copytree(tiny_settings.corpus_dir, tmp_path / "corpus")
    index = shutil.copytree(tiny_settings.index_dir, tmp_path / "index", symlinks=True)
    return dataclasses.replace(tiny_settings, corpus_dir=corpus, index_dir=index, replica=True)


def builds(settings) -> list[str]:
    return sorted(p.name for p in (Path(settings.index_dir) / "builds").iterdir())


def test_a_replica_never_builds_and_refuses_a_stale_index(shared_index):
    before = builds(shared_index)
    assert Bot(shared_index).ask("what is dropout").hits  # serves the shared build as it is
    (Path(shared_index.corpus_dir) / "new.md").write_text(
        "Q: What is a new question?\nA: An answer that changes the corpus.\n", encoding="utf-8"
    )
    with pytest.raises(IndexProblem, match=r"cannot be served \(corpus changed\).*never builds"):
        Bot(shared_index).index  # noqa: B018
    assert builds(shared_index) == before  # nothing was rebuilt
    shutil.rmtree(shared_index.corpus_dir)  # a replica machine without the corpus serves
    assert Bot(shared_index).ask("what is dropout").hits
    missing = dataclasses.replace(shared_index, index_dir=Path(shared_index.index_dir) / "nope")
    with pytest.raises(IndexProblem, match="no index in .*a replica never builds"):
        Bot(missing).index  # noqa: B018


def start(settings, db_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewbot", "serve", "--port", str(port), "--db", db_url,
         "--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    watchdog = threading.Timer(300, proc.kill)  # a hung server fails the test, not CI
    watchdog.daemon = True
    watchdog.start()
    wait_until_running(proc, port)
    threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
    return proc, f"http://127.0.0.1:{port}/"


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def test_answers_saved_through_one_replica_are_seen_by_another(shared_index, pg_url):
    from gradio_client import Client

    (a, url_a), (b, url_b) = start(shared_index, pg_url), start(shared_index, pg_url)
    try:
        saved = Client(url_a, verbose=False).predict(
            "What is dropout?", "It switches off random units while training.", "carol",
            api_name="/save_answer",
        )  # fmt: skip
        assert saved["attempt_id"] >= 1 and 0 <= saved["score"] <= 100
        seen = History(pg_url).attempts("carol")
        assert [x.id for x in seen] == [saved["attempt_id"]]
        again = Client(url_b, verbose=False).predict(
            "What is dropout?", "Random neurons are dropped during training.", "carol",
            api_name="/save_answer",
        )  # fmt: skip
        assert [x.id for x in History(pg_url).attempts("carol")] == [
            saved["attempt_id"], again["attempt_id"],
        ]  # fmt: skip
    finally:
        stop(a)
        stop(b)


def test_a_replica_killed_mid_answer_loses_nothing_it_acknowledged(shared_index, pg_url):
    from gradio_client import Client

    proc, url = start(shared_index, pg_url)
    acknowledged: list[int] = []
    failures: list[str] = []

    def answer_forever(uid: int) -> None:
        client = Client(url, verbose=False)
        for i in range(200):
            try:
                out = client.predict(
                    "What is dropout?", f"Units are dropped at random in training ({i}).",
                    f"kill-{uid}", api_name="/save_answer",
                )  # fmt: skip
            except Exception as exc:  # noqa: BLE001 - the server dies under us: stop
                failures.append(type(exc).__name__)
                return
            acknowledged.append(out["attempt_id"])

    threads = [threading.Thread(target=answer_forever, args=(u,), daemon=True) for u in range(3)]
    try:
        for t in threads:
            t.start()
        deadline = threading.Event()
        while len(acknowledged) < 6 and not deadline.wait(0.2):
            if proc.poll() is not None or not any(t.is_alive() for t in threads):
                break
        proc.send_signal(signal.SIGKILL)  # mid-answer: requests are in flight
        for t in threads:
            t.join(timeout=120)
    finally:
        stop(proc)
    assert len(acknowledged) >= 6, failures
    stored = {a.id for u in range(3) for a in History(pg_url).attempts(f"kill-{u}")}
    assert set(acknowledged) <= stored


def test_accounts_pages_guard_the_app_and_the_api(shared_index, pg_url):
    import urllib.error
    import urllib.parse
    import urllib.request

    from gradio_client import Client

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewbot", "serve", "--port", str(port), "--db", pg_url,
         "--accounts", "--corpus", str(shared_index.corpus_dir),
         "--index", str(shared_index.index_dir)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def fetch(path, data=None, cookie=None, accept="text/html"):
        req = urllib.request.Request(base + path, data=data, headers={"Accept": accept})
        if cookie:
            req.add_header("Cookie", cookie)
        try:
            with opener.open(req, timeout=30) as resp:
                return resp.status, dict(resp.headers), resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read().decode()

    try:
        wait_until_running(proc, port)
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        status, headers, _ = fetch("/")
        assert status == 303 and headers["location"] == "/login"
        assert fetch("/gradio_api/info", accept="application/json")[0] == 401
        form = urllib.parse.urlencode({"username": "dana", "password": "correct horse"}).encode()
        status, headers, _ = fetch("/signup", form)
        assert status == 303 and "interviewbot_session=" in headers["set-cookie"]
        assert "httponly" in headers["set-cookie"].lower()
        cookie = headers["set-cookie"].split(";", 1)[0]
        assert fetch("/", cookie=cookie)[0] == 200
        bad = urllib.parse.urlencode({"username": "dana", "password": "wrong!!!"}).encode()
        status, _, body = fetch("/login", bad)
        assert status == 401 and "wrong username or password" in body
        client = Client(base + "/", headers={"Cookie": cookie}, verbose=False)
        saved = client.predict("What is dropout?", "Random units are dropped in training.",
                               "dana", api_name="/save_answer")  # fmt: skip
        assert saved["attempt_id"] >= 1
        with pytest.raises(Exception, match="logged in as 'dana'"):
            client.predict("What is dropout?", "x y z", "erin", api_name="/save_answer")
        assert History(pg_url).attempts("erin") == []
    finally:
        stop(proc)


def test_a_sessions_browser_state_is_read_by_the_next_server_process(
    browser, app_settings, tmp_path
):
    """What one server keeps in the browser (profile, running interview, draft), another
    process on the same database reads back: replicas behind one address, or a restart."""
    from app_pages import as_profile, open_page, start
    from test_practice_web import _start_server

    db = tmp_path / "shared.sqlite3"
    port = free_port()
    first = _start_server(app_settings, db, port)
    pg = open_page(browser, f"http://127.0.0.1:{port}")
    try:
        as_profile(pg, "uma")
        start(pg, 1)
        question = pg.locator("#iv-question h3").inner_text()
        pg.locator("#iv-answer textarea").fill("half an answer")
        pg.wait_for_timeout(500)  # the draft is stored as it is typed (debounced)
        stop(first)
        second = _start_server(app_settings, db, port)  # another process, same address
        try:
            pg.reload()
            pg.locator("#profile-status").get_by_text("Practising as uma").wait_for()
            pg.get_by_role("tab", name="Mock interview").click()
            pg.locator("#iv-progress").get_by_text("Question 1 of 1").wait_for()
            assert pg.locator("#iv-question h3").inner_text() == question
            assert pg.locator("#iv-answer textarea").input_value() == "half an answer"
        finally:
            stop(second)
    finally:
        pg.context.close()
