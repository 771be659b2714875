"""Bringing a bank to the web app (issue 15): upload a file in the Banks tab, read the build
report, then ask and practise its questions without a restart; a bad file is one line and
the bank already served keeps answering. The Bank selector limits Ask, Mock interview and
Browse to one bank.

The browser tests run Debian's Chromium (Playwright) against a server of their own, so the
banks they add never reach the session's shared app server.
"""

from __future__ import annotations

import pytest

from app_data import app_corpus_settings, free_port, write_app_corpus

pytest_plugins = ["app_fixtures"]  # the browser fixture

TIMEOUT_MS = 60_000
# Written for these tests: a title, a table of contents, a placeholder and two answered questions.
POTTERY = """# Pottery notes

## Contents

- [What is a kiln?](#what-is-a-kiln)
- [What is slip?](#what-is-slip)

## Firing

### What is a kiln?

An oven that fires shaped clay at a high temperature until it hardens into ceramic.

### What is bisque firing?

Answer here

## Joining

### What is slip in pottery?

Liquid clay, thinned with water, used to glue leather-hard pieces together and to decorate.
"""


@pytest.fixture(scope="module")
def own_app(tmp_path_factory):
    """(URL, Bot, settings) of a server over a copy of the app corpus, for this module only."""
    from interviewbot.bot import Bot
    from interviewbot.web.app import build_app
    from interviewbot.web.server import launch_options

    settings = app_corpus_settings(tmp_path_factory.mktemp("banks_app"))
    bot = Bot(settings)  # builds the index on first use, as `interviewbot serve` does
    demo = build_app(bot)
    demo.queue()
    port = free_port()
    demo.launch(prevent_thread_lock=True, **launch_options(settings, "127.0.0.1", port))
    try:
        yield f"http://127.0.0.1:{port}", bot, settings
    finally:
        demo.close()


def _upload(pg, path) -> str:
    pg.get_by_role("tab", name="Banks").click()
    before = pg.locator("#bank-report").inner_text()
    pg.locator("#bank-upload input[type=file]").set_input_files(str(path))
    pg.wait_for_function(
        "b => { const t = (document.querySelector('#bank-report') || {}).innerText || '';"
        " return t !== b && /Added bank|Sorry:/.test(t); }",
        arg=before,
    )
    return pg.locator("#bank-report").inner_text()


def _ask(pg, question: str) -> str:
    """Ask in the Ask tab; the text of the answer (a reply with a source)."""
    pg.get_by_role("tab", name="Ask").click()
    answers = pg.locator("#ask-chat .message-row.bot-row").filter(has_text="Source:")
    before = answers.count()
    box = pg.locator("#ask-input textarea")
    box.fill(question)
    box.press("Enter")
    answers.nth(before).wait_for()
    return answers.nth(before).inner_text().strip()


@pytest.mark.slow
def test_an_uploaded_bank_is_asked_and_practised_and_a_bad_file_loses_nothing(
    browser, own_app, tmp_path
):
    url, bot, settings = own_app
    pg = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    try:
        pg.goto(url)
        pg.locator("#profile-status").get_by_text("Practising as").wait_for()
        assert not pg.locator("#bank").is_visible()  # one bank: no selector

        bank_file = tmp_path / "Pottery Notes.md"
        bank_file.write_text(POTTERY, encoding="utf-8")
        report = _upload(pg, bank_file)
        assert "Added bank pottery-notes from pottery-notes.md: 2 Q&A pairs read" in report
        assert "pottery-notes.md:3: skipped: table of contents" in report
        assert "pottery-notes.md:14: unanswered: a placeholder answer" in report
        assert "pottery-notes: 2 questions" in pg.locator("#bank-list").inner_text()
        assert pg.locator("#bank input").input_value() == "pottery-notes (2)"

        reply = _ask(pg, "what is a kiln?")
        assert reply.startswith("What is a kiln?") and "hardens into ceramic" in reply

        # a mock interview of the new bank: both its questions, one graded
        pg.get_by_role("tab", name="Mock interview").click()
        pg.locator("#iv-mode").get_by_text("Random", exact=True).click()
        assert "Firing (1)" in pg.locator("#iv-topics").inner_text()
        pg.locator("#iv-start").click()
        pg.locator("#iv-progress").get_by_text("Question 1 of 2").wait_for()
        asked = pg.locator("#iv-question h3").inner_text()
        assert asked in {"What is a kiln?", "What is slip in pottery?"}
        pg.locator("#iv-answer textarea").fill("Liquid clay used as glue; an oven for clay.")
        pg.locator("#iv-submit").click()
        pg.locator("#iv-feedback h3").get_by_text("/100").wait_for()

        # a file with no questions: one line, and the served banks are as they were
        served = bot.banks()
        notes = tmp_path / "notes.md"
        notes.write_text("# Notes\n\nThings to read some day.\n", encoding="utf-8")
        error = _upload(pg, notes)
        assert error.startswith("Sorry: notes.md: nothing to practise") and "\n" not in error
        assert bot.banks() == served
        assert sorted(p.name for p in settings.upload_dir.iterdir()) == ["pottery-notes"]
        reply = _ask(pg, "what is slip in pottery?")
        assert reply.startswith("What is slip in pottery?")

        # All banks: the app's own questions answer again
        pg.locator("#bank input").click()
        total = sum(n for _, n in bot.banks())
        pg.get_by_role("option", name=f"All banks ({total})").click()
        pg.get_by_role("tab", name="Browse").click()
        pg.locator("#browse-results").get_by_text("What is leaky ReLU?").wait_for()
        assert _ask(pg, "what is leaky relu?").startswith("What is leaky ReLU?")
    finally:
        pg.context.close()


def test_a_failed_build_puts_the_uploads_back(tmp_path, embedder):
    """The build after a saved upload fails (here the seed folder went missing): the upload is
    removed again, one line names the problem, and the loaded index keeps serving."""
    from interviewbot.bot import Bot
    from interviewbot.config import Settings
    from interviewbot.errors import CorpusError
    from interviewbot.web.banks import add_bank

    corpus = write_app_corpus(tmp_path / "corpus")
    bot = Bot(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), embedder=embedder)
    served = bot.banks()
    corpus.rename(tmp_path / "moved")
    glass = tmp_path / "glass.md"
    glass.write_text("## What is annealing glass?\n\nCooling it slowly so it does not crack.\n")
    with pytest.raises(CorpusError, match="does not exist"):
        add_bank(bot, glass)
    assert list(bot.settings.upload_dir.iterdir()) == []
    assert bot.banks() == served
    assert bot.ask("what is leaky relu?").hits[0].question == "What is leaky ReLU?"


def test_any_build_failure_puts_the_uploads_back(tmp_path, embedder):
    """Not only our own errors: when the index folder cannot take a new build (here its
    builds/ is a file; a full disk is the same), the upload is removed too, so the next build
    does not pick up a file the person was told failed."""
    from interviewbot.bot import Bot
    from interviewbot.config import Settings
    from interviewbot.web.banks import add_bank

    corpus = write_app_corpus(tmp_path / "corpus")
    bot = Bot(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), embedder=embedder)
    served = bot.banks()
    builds = tmp_path / "index" / "builds"
    builds.rename(tmp_path / "moved")
    builds.write_text("not a folder")
    glass = tmp_path / "glass.md"
    glass.write_text("## What is annealing glass?\n\nCooling it slowly so it does not crack.\n")
    with pytest.raises(OSError):
        add_bank(bot, glass)
    assert list(bot.settings.upload_dir.iterdir()) == []
    assert bot.banks() == served
    assert bot.ask("what is leaky relu?").hits[0].question == "What is leaky ReLU?"


def test_who_may_upload(tmp_path):
    from interviewbot.bot import Bot
    from interviewbot.config import Settings
    from interviewbot.practice.accounts import Accounts
    from interviewbot.practice.store import History
    from interviewbot.web.banks import may_upload, upload_policy

    index = tmp_path / "index"
    assert upload_policy(Bot(Settings(index_dir=index))) is None
    assert "replica" in upload_policy(Bot(Settings(index_dir=index, replica=True)))
    history = History(tmp_path / "h.sqlite3")
    accounts = Accounts(history.db)
    accounts.sign_up("ada", "a long enough password", admin=True)
    accounts.sign_up("bob", "another long password")
    assert may_upload(history, False, None)
    assert may_upload(history, True, "ada")
    assert not may_upload(history, True, "bob") and not may_upload(history, True, None)
