"""Fixtures for the web-app tests: a tiny real index with hostile answers, and a live server.

Loaded by ``test_app.py`` and ``test_app_browser.py`` through ``pytest_plugins`` (``conftest.py``
is shared, so these live here). Everything is real: the packaged model, FAISS, Gradio on a
loopback port.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app_data import CHROMIUM, CHROMIUM_ARGS, app_corpus_settings, free_port


@pytest.fixture(scope="session")
def app_settings(tmp_path_factory):
    """Settings of the tiny hostile corpus, indexed once per session in a temp folder."""
    from interviewbot.index.build import build

    settings = app_corpus_settings(tmp_path_factory.mktemp("app"))
    build(settings)
    return settings


@pytest.fixture(scope="session")
def app_bot(app_settings):
    from interviewbot.bot import Bot

    return Bot(app_settings, auto_build=False)


@pytest.fixture(scope="session")
def app_server(app_bot, app_settings):
    """The real app served on a free 127.0.0.1 port for the whole session; yields its URL."""
    from interviewbot.web.app import build_app
    from interviewbot.web.server import launch_options

    demo = build_app(app_bot)
    demo.queue()
    port = free_port()
    opts = launch_options(app_settings, "127.0.0.1", port)
    demo.launch(prevent_thread_lock=True, **opts)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        demo.close()


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
