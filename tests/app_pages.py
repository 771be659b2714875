"""Steps in the real app that the browser tests share: open a page, pick a profile, start an
interview, answer, skip, ask. Each waits for what the app shows when the step is done."""

from __future__ import annotations

TIMEOUT_MS = 60_000
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def open_page(browser, url: str, viewport=DESKTOP):
    """A new browser context on ``url``, once the profile status line shows."""
    context = browser.new_context(viewport=viewport)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.on("dialog", lambda d: d.accept())  # the "leave the page?" prompt, when it comes
    pg.goto(url)
    pg.locator("#profile-status").get_by_text("Practising as").wait_for()
    return pg


def as_profile(pg, profile: str) -> None:
    box = pg.locator("#profile input")
    box.fill(profile)
    box.press("Enter")
    pg.locator("#profile-status").get_by_text(f"Practising as {profile}").wait_for()


def start(pg, n: int, mode: str = "Random", topic: str | None = None) -> None:
    """Start an interview of ``n`` questions (from ``topic`` only, if given)."""
    pg.get_by_role("tab", name="Mock interview").click()
    pg.locator("#iv-mode").get_by_text(mode, exact=True).click()
    if topic:
        pg.locator("#iv-topics").get_by_text(topic, exact=False).click()
    count = pg.locator("#iv-count input[type=number]")
    count.fill(str(n))
    count.press("Enter")
    pg.locator("#iv-start").click()
    pg.locator("#iv-progress").get_by_text(f"Question 1 of {n}").wait_for()
    # The app then moves the cursor to the answer box (text.FOCUS_ANSWER, retried until the box
    # is enabled); wait for it, or a later keystroke meant for another field can land there.
    pg.wait_for_function(
        "() => document.activeElement === document.querySelector('#iv-answer textarea')")


def submit(pg, text: str) -> None:
    pg.locator("#iv-answer textarea").fill(text)
    pg.locator("#iv-submit").click()
    pg.locator("#iv-feedback h3").get_by_text("/100").wait_for()


def skip(pg) -> None:
    """Skip: the model answer is shown, then on to the next question (or the summary)."""
    pg.locator("#iv-skip").click()
    pg.locator("#iv-feedback").get_by_text("Model answer", exact=True).wait_for()
    pg.locator("#iv-next").click()


def ask(pg, question: str) -> None:
    """Ask in the chat and wait for the reply's source line."""
    box = pg.locator("#ask-input textarea")
    before = pg.locator("#ask-chat .message-row.user-row").count()
    box.fill(question)
    box.press("Enter")
    pg.locator("#ask-chat .message-row.user-row").nth(before).wait_for()
    pg.locator("#ask-chat").get_by_text("Source:").nth(before).wait_for()
