"""Take the README screenshots of each tab with the browser-test tooling.

Starts the app on a free 127.0.0.1 port over the real question bank, drives Debian's
Chromium with Playwright (never a downloaded browser), and writes
``docs/screenshot-ask.png``, ``docs/screenshot-interview.png``,
``docs/screenshot-progress.png`` and ``docs/screenshot-browse.png``.

Practice history goes to a throwaway database, never the user's own. For the Progress shot
it holds a week of sample answers: the first words of bank answers, really graded, with their
dates spread over the past days.

    .venv/bin/python scripts/screenshots.py [--out docs]
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
VIEWPORT = {"width": 1280, "height": 860}
TIMEOUT_MS = 60_000
PROFILE = "demo"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shoot_ask(page, url: str, out: Path) -> None:
    page.goto(url)
    box = page.locator("#ask-input textarea")
    box.fill("Why do we need activation functions?")
    box.press("Enter")
    page.get_by_text("Related questions:").first.wait_for(timeout=TIMEOUT_MS)
    box.fill("and leaky relu?")
    box.press("Enter")
    page.get_by_text("Related questions:").nth(1).wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    page.screenshot(path=str(out / "screenshot-ask.png"))


def seed_history(bot, history, profile: str = PROFILE, days: int = 6) -> None:
    """A week of practice: partial bank answers, graded for real, dated over ``days`` days."""
    now = datetime.now(UTC)
    lengths = (6, 30, 12, 45, 20, 60, 9, 35, 25, 50, 15, 40)
    by_topic: dict[str, list] = {}
    for c in bot.bank:
        by_topic.setdefault(c.topic, []).append(c)
    rounds = zip(*(items[:2] for items in by_topic.values()), strict=False)
    picked = [c for group in rounds for c in group][: len(lengths)]  # a few from each topic
    for i, c in enumerate(picked):
        answer = " ".join(c.answer.text.split()[: lengths[i]])
        g = bot.grade(c.question, answer, question_id=c.id).to_dict()
        history.record(
            profile, question_id=c.id, question=c.question, topic=c.topic, answer=answer,
            score=g["score"], passed=g["passed"], verdict=g["verdict"],
            missed=[m["key_point"] for m in g["missed"]],
            when=now - timedelta(days=days - i * days // len(lengths), hours=1),
        )  # fmt: skip


def pick_profile(page, profile: str = PROFILE) -> None:
    box = page.locator("#profile input")
    box.fill(profile)
    box.press("Enter")
    page.locator("#profile-status").get_by_text(f"Practising as {profile}").wait_for()


def shoot_interview(page, url: str, out: Path, bot) -> None:
    page.goto(url)
    pick_profile(page)
    page.get_by_role("tab", name="Mock interview").click()
    page.locator("#iv-mode").get_by_text("New only", exact=True).click()
    page.get_by_label("activation functions (").check()
    page.locator("#iv-count input[type=number]").fill("3")
    page.locator("#iv-count input[type=number]").press("Enter")
    page.locator("#iv-start").click()
    page.get_by_text("Question 1 of 3").wait_for(timeout=TIMEOUT_MS)
    # A fair attempt: the first sentences of the bank's answer, as a candidate might put it.
    question = page.locator("#iv-question h3").inner_text()
    reference = bot.ask(question, top_k=1).hits[0].answer
    page.locator("#iv-answer textarea").fill(" ".join(reference.split()[:30]))
    page.locator("#iv-submit").click()
    page.locator("#iv-feedback h3").get_by_text("/100").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    page.screenshot(path=str(out / "screenshot-interview.png"), full_page=True)


def shoot_progress(page, url: str, out: Path) -> None:
    page.goto(url)
    pick_profile(page)
    page.get_by_role("tab", name="Progress").click()
    page.locator("#pr-recent").get_by_text("Last answers").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1500)  # let the charts draw
    page.screenshot(path=str(out / "screenshot-progress.png"), full_page=True)


def shoot_browse(page, url: str, out: Path) -> None:
    page.goto(url)
    page.get_by_role("tab", name="Browse").click()
    page.locator("#browse-search textarea, #browse-search input").first.fill("relu")
    page.get_by_text("questions", exact=False).first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(800)
    page.locator("#browse-results details summary").first.click()
    page.wait_for_timeout(300)
    page.screenshot(path=str(out / "screenshot-browse.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs"), help="folder for the PNGs")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM} is missing; `make browser` installs it", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    from interviewbot.bot import Bot
    from interviewbot.config import Settings
    from interviewbot.practice.store import History
    from interviewbot.web.app import build_app
    from interviewbot.web.server import launch_options

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.TemporaryDirectory(prefix="interviewbot-shots-")
    settings = Settings.from_env(db_path=Path(scratch.name) / "practice.sqlite3")
    bot = Bot(settings, log=lambda m: print(m, file=sys.stderr))
    seed_history(bot, History(settings.database))
    demo = build_app(bot)
    demo.queue()
    port = free_port()
    demo.launch(prevent_thread_lock=True, **launch_options(settings, "127.0.0.1", port))
    url = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
                page.set_default_timeout(TIMEOUT_MS)
                shoot_ask(page, url, out)
                shoot_interview(page, url, out, bot)
                shoot_progress(page, url, out)
                shoot_browse(page, url, out)
            finally:
                browser.close()
    finally:
        demo.close()
        scratch.cleanup()
    for name in ("ask", "interview", "progress", "browse"):
        print(out / f"screenshot-{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
