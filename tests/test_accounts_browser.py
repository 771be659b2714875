"""Two people on one server with accounts (`serve --accounts --db postgresql://…`), in two
real browsers (Debian's Chromium): each signs up, practises, and sees only their own history."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from app_data import free_port, wait_until_running
from interviewbot.practice.store import History
from test_practice_web import WRONG, _answer_questions, _progress_tab

pytest_plugins = ["app_fixtures"]  # the app_* fixtures and the browser
pytestmark = pytest.mark.slow
TIMEOUT_MS = 60_000


@pytest.fixture()
def accounts_server(app_settings, pg_url):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewbot", "serve", "--accounts", "--db", pg_url,
         "--corpus", str(app_settings.corpus_dir), "--index", str(app_settings.index_dir),
         "--port", str(port)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    watchdog = threading.Timer(600, proc.kill)  # never hang CI
    watchdog.start()
    try:
        wait_until_running(proc, port)
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        yield f"http://127.0.0.1:{port}"
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait(timeout=60)


def _sign_up(browser, url: str, name: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(url)
    pg.get_by_role("heading", name="Log in").wait_for()  # not logged in: the log-in page
    pg.get_by_role("link", name="Sign up").click()
    pg.get_by_label("Username").fill(name)
    pg.get_by_label("Password").fill("correct horse battery")
    pg.get_by_role("button", name="Create account").click()
    pg.locator("#profile-status").get_by_text(f"Practising as {name}").wait_for()
    assert pg.locator("#profile input").is_disabled()  # the profile is the account
    return pg


def test_two_accounts_in_two_browsers_never_see_each_others_history(
    browser, accounts_server, pg_url
):
    alice = _sign_up(browser, accounts_server, "alice")
    bob = _sign_up(browser, accounts_server, "bob")
    try:
        [asked] = _answer_questions(alice, [WRONG])
        _progress_tab(alice, 1).get_by_text(asked).wait_for()

        bob.get_by_role("tab", name="Progress").click()
        bob.locator("#pr-stats").get_by_text("No answers saved").wait_for()
        assert asked not in bob.locator("body").inner_text()
        assert [a.question for a in History(pg_url).attempts("alice")] == [asked]
        assert History(pg_url).attempts("bob") == []

        bob.locator("#logout a").click()  # logging out leads back to the log-in page
        bob.get_by_role("heading", name="Log in").wait_for()
        bob.get_by_label("Username").fill("bob")
        bob.get_by_label("Password").fill("not the password")
        bob.get_by_role("button", name="Log in").click()
        bob.get_by_role("alert").get_by_text("wrong username or password").wait_for()
    finally:
        alice.context.close()
        bob.context.close()
