"""Answers written in Markdown (issue 18, item 7): code blocks, lists and tables render as such
in the web app and read well in the terminal, while HTML in an answer stays text and runs
nothing.

The browser tests drive Debian's Chromium against the real app over a small bank of such
answers (``rich_server`` in ``app_fixtures.py``); the terminal test runs the real mock interview.
"""

from __future__ import annotations

import pytest

from app_data import RICH_CODE, RICH_HOSTILE
from app_pages import ask, open_page, start
from interviewbot.cli.terminal import mock_interview, terminal_text
from interviewbot.practice.store import History
from interviewbot.web.markup import answer_html

pytest_plugins = ["app_fixtures"]  # the app_* and rich_* fixtures

NOT_RUN = "() => window.pwned === undefined && document.title !== 'pwned'"


# -- the renderer -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "shown", "never"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script"),
        ('<img src=x onerror="alert(1)">', "&lt;img src=x onerror=", "<img"),
        ("[go](javascript:alert(1))", "[go](javascript:alert(1))", "<a"),
        ("[go](data:text/html;base64,PHNjcmlwdD4=)", "[go](data:text/html", "<a"),
        ("![pic](http://example.com/t.png)", "example.com/t.png", "<img"),
        ("<div>\n\n**not** inside\n</div>", "&lt;div&gt;", "<div>"),
        ("```\n<b>code</b>\n```", "<pre><code>&lt;b&gt;code&lt;/b&gt;", "<b>"),
        ("`<i>` inline", "<code>&lt;i&gt;</code>", "<i>"),
    ],
)
def test_answer_html_escapes_html_from_the_source(source, shown, never):
    out = answer_html(source)
    assert shown in out and never not in out


def test_answer_html_is_one_line_that_keeps_code_lines():
    out = answer_html(RICH_CODE)
    assert "\n" not in out and out.startswith('<div class="ib-answer">')
    assert "import numpy as np&#10;&#10;def relu(x):&#10;    return" in out
    assert answer_html("") == "" and answer_html(None) == ""


# -- the web app ------------------------------------------------------------------------------
@pytest.fixture()
def page(browser, rich_server):
    """A page on the app over Markdown answers, and the script errors it raises."""
    pg = open_page(browser, rich_server)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg, errors
    pg.context.close()


def _browse(pg, words: str, question: str):
    """Search Browse for ``words``; ``question``'s entry, opened."""
    pg.get_by_role("tab", name="Browse").click()
    pg.locator("#browse-search textarea, #browse-search input").first.fill(words)
    summary = pg.locator("#browse-results summary", has_text=question)
    summary.wait_for()
    summary.click()
    return pg.locator("#browse-results details", has=pg.locator("summary", has_text=question))


@pytest.mark.slow
def test_browse_renders_code_lists_and_tables(page):
    pg, errors = page
    shown = _browse(pg, "numpy", "How do you write ReLU in NumPy?")
    code = shown.locator("pre code")
    assert code.count() == 1
    assert code.inner_text().startswith("import numpy as np\n\ndef relu(x):\n    return")
    assert shown.locator("code").first.inner_text() == "np.maximum"  # inline code

    shown = _browse(pg, "common activation functions", "Which activation functions are common?")
    items = shown.locator("ul li")
    assert [items.nth(i).inner_text() for i in range(items.count())] == [
        "Sigmoid squashes to (0, 1).", "Tanh squashes to (-1, 1).", "ReLU is max(0, x).",
    ]  # fmt: skip
    assert shown.locator("li strong").first.inner_text() == "Sigmoid"

    shown = _browse(pg, "compare cost", "How do sigmoid, tanh and ReLU compare")
    table = shown.locator("table")
    assert table.locator("th").all_inner_texts() == ["Function", "Range", "Cost"]
    assert table.locator("tbody tr").count() == 3
    assert errors == []


@pytest.mark.slow
def test_chat_and_model_answer_render_markdown(page):
    pg, errors = page
    ask(pg, "how do I write relu in numpy?")
    chat = pg.locator("#ask-chat")
    assert "return np.maximum(0, x)" in chat.locator("pre code").first.inner_text()

    start(pg, 1, topic="tables")
    pg.locator("#iv-show").click()
    feedback = pg.locator("#iv-feedback")
    feedback.get_by_text("Model answer", exact=True).wait_for()
    assert feedback.locator("blockquote table tbody tr").count() == 3
    assert errors == []


@pytest.mark.slow
def test_copying_a_chat_answer_copies_what_is_shown(page):
    pg, errors = page
    pg.context.grant_permissions(["clipboard-read", "clipboard-write"])
    ask(pg, "how do I write relu in numpy?")
    pg.locator("#ask-chat .message-buttons button[aria-label='Copy message']").last.click()
    # the clipboard as it settles: Gradio writes first, the page script after it
    text = pg.evaluate("""async () => {
      for (let i = 0; i < 100; i++) {
        const text = await navigator.clipboard.readText();
        if (text.includes("def relu") && !text.includes("<div")) return text;
        await new Promise(done => setTimeout(done, 100));
      }
      return navigator.clipboard.readText();
    }""")
    assert "import numpy as np\n\ndef relu(x):\n    return np.maximum(0, x)" in text
    assert "<" not in text.replace("x > 0", "") and "&#10;" not in text
    assert text.startswith("How do you write ReLU in NumPy?") and errors == []


@pytest.mark.slow
def test_html_in_a_markdown_answer_is_shown_and_never_runs(page):
    pg, errors = page
    shown = _browse(pg, "markup", "How is markup inside a Markdown answer shown?")
    text = shown.inner_text()
    assert '<img src=x onerror="window.pwned = 1">' in text
    assert "<script>window.pwned = 2</script>" in text
    assert "[link](javascript:window.pwned=3)" in text
    assert shown.locator("pre code").inner_text().strip() == "<script>window.pwned = 4</script>"
    assert shown.locator("li code").inner_text() == "<b>code</b>"
    hostile = "img, script, b, a[href^='javascript']"
    assert pg.locator(f"#browse-results :is({hostile})").count() == 0

    pg.get_by_role("tab", name="Ask").click()
    ask(pg, "how is markup inside a markdown answer shown?")
    assert pg.locator(f"#ask-chat :is({hostile})").count() == 0
    assert "<script>window.pwned = 4</script>" in pg.locator("#ask-chat pre").inner_text()
    assert pg.evaluate(NOT_RUN) and errors == []


# -- the terminal -----------------------------------------------------------------------------
def test_terminal_text_keeps_code_lists_and_tables_readable():
    out = terminal_text(RICH_CODE + "\n\n* one\n* two\n\n| a | bb |\n|---|---|\n| ccc | d |")
    lines = out.splitlines()
    code = {ln.strip().split("(")[0]: ln for ln in lines if "numpy as" in ln or "relu(" in ln
            or "return" in ln}  # fmt: skip
    indent = {k: len(v) - len(v.lstrip()) for k, v in code.items()}
    assert indent["import numpy as np"] == indent["def relu"] > 0  # set off from the prose
    assert indent["return np.maximum"] == indent["def relu"] + 4  # its own indentation kept
    assert lines[lines.index(code["import numpy as np"]) - 1] == ""
    assert "Use np.maximum, element-wise:" in lines
    assert [ln.strip() for ln in lines if ln.strip().startswith("•")] == ["• one", "• two"]
    rows = [ln.rstrip() for ln in lines if "ccc" in ln or " bb" in ln]
    assert len(rows) == 2 and rows[0].index("bb") == rows[1].index("d")  # aligned columns
    assert all(ln == ln.rstrip() for ln in lines)


def test_terminal_text_shows_html_as_text():
    out = terminal_text(RICH_HOSTILE)
    assert '<img src=x onerror="window.pwned = 1">' in out and "<b>code</b>" in out
    assert "<script>window.pwned = 4</script>" in [ln.strip() for ln in out.splitlines()]


def test_terminal_interview_shows_the_model_answer_rendered(rich_bot, tmp_path):
    history = History(tmp_path / "h.sqlite3")
    shown: list[str] = []
    mock_interview(rich_bot, history, "tina", n=1, topics=["tables"], mode="random",
                   read=lambda _: "", write=shown.append)  # fmt: skip
    text = "\n".join(shown)
    header = next(ln for ln in text.splitlines() if "Function" in ln)
    assert "Range" in header and "|" not in header  # a table, not its Markdown
    assert len([ln for ln in text.splitlines() if "high" in ln or "low" in ln]) == 3
