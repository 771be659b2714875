"""Fixtures for the web-app tests: a tiny real index with hostile answers, and a live server.

Loaded by ``test_app.py`` and ``test_app_browser.py`` through ``pytest_plugins`` (``conftest.py``
is shared, so these live here). Everything is real: the packaged model, FAISS, Gradio on a
loopback port.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from app_data import APP_CORPUS, CHROMIUM, CHROMIUM_ARGS, RICH_CORPUS, free_port, write_corpus


def _indexed(base: Path, rows: list[dict]):
    """Settings of a corpus of ``rows`` written and indexed in ``base``."""
    from interviewbot.config import Settings
    from interviewbot.index.build import build

    settings = Settings(
        corpus_dir=write_corpus(base / "corpus", rows),
        index_dir=base / "index",
        db_path=base / "practice.sqlite3",
    )
    build(settings)
    return settings


@contextmanager
def _serving(bot, settings):
    """The real app over ``bot`` on a free 127.0.0.1 port; yields its URL."""
    from interviewbot.web.app import build_app
    from interviewbot.web.server import launch_options

    demo = build_app(bot)
    demo.queue()
    port = free_port()
    demo.launch(prevent_thread_lock=True, **launch_options(settings, "127.0.0.1", port))
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        demo.close()


@pytest.fixture(scope="session")
def app_settings(tmp_path_factory):
    """Settings of the tiny hostile corpus, indexed once per session in a temp folder."""
    return _indexed(tmp_path_factory.mktemp("app"), APP_CORPUS)


@pytest.fixture(scope="session")
def app_bot(app_settings):
    from interviewbot.bot import Bot

    return Bot(app_settings, auto_build=False)


@pytest.fixture(scope="session")
def app_server(app_bot, app_settings):
    """The real app served on a free 127.0.0.1 port for the whole session; yields its URL."""
    with _serving(app_bot, app_settings) as url:
        yield url


@pytest.fixture(scope="module")
def rich_bot(tmp_path_factory):
    """A bot over answers written in Markdown (code, lists, a table, raw HTML)."""
    from interviewbot.bot import Bot

    return Bot(_indexed(tmp_path_factory.mktemp("rich"), RICH_CORPUS), auto_build=False)


@pytest.fixture(scope="module")
def rich_server(rich_bot):
    """The real app over :func:`rich_bot`, for one test module; yields its URL."""
    with _serving(rich_bot, rich_bot.settings) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` to install Debian's Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
