"""The Browse tab: the question bank by topic and search words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interviewbot.web import render
from interviewbot.web.banks import Follower, chosen
from interviewbot.web.interview_start import ALL_TOPICS, topic_choices
from interviewbot.web.text import gradio, problem

if TYPE_CHECKING:  # pragma: no cover
    from interviewbot.bot import Bot


PER_PAGE = 25


def _search(bot: Bot, topic: str | None, search: str | None, bank: str | None = None) -> list:
    return bot.browse(topic if topic and topic != ALL_TOPICS else None, search or None, bank)


def browse_view(
    bot: Bot, topic: str | None, search: str | None, page: int = 1, bank: str | None = None
) -> str:
    """Browse event: one page of the matching bank questions (ranked as Ask reads the search
    words) as safe Markdown."""
    if isinstance(search, str) and len(search) > bot.settings.max_text_chars:
        return render.error_markdown(
            f"search is {len(search):,} characters; the limit is "
            f"{bot.settings.max_text_chars:,}, so shorten it"
        )
    try:
        items = _search(bot, topic, search, bank)
    except Exception as exc:  # noqa: BLE001
        return render.error_markdown(problem(exc))
    return render.browse_markdown(items, page, PER_PAGE)


def pages(bot: Bot, topic: str | None, search: str | None, bank: str | None = None) -> int:
    """How many pages the matching questions take (1 on any problem)."""
    try:
        return render.page_count(len(_search(bot, topic, search, bank)), PER_PAGE)
    except Exception:  # noqa: BLE001 - browse_view shows the problem
        return 1


def _topics(bot: Bot, bank: str | None) -> list[tuple[str, str]]:
    shown = len(bot.questions(bank))
    return [(f"All topics ({shown})", ALL_TOPICS), *topic_choices(bot, bank)]


def build(bot: Bot, bank: Any = None) -> Follower:
    """The Browse tab's components and events (inside an open ``gr.Tab``); with ``bank`` (the
    Bank selector) only the selected bank is listed. Returns what follows the selector."""
    gr = gradio()
    with gr.Row():
        topic = gr.Dropdown(
            choices=_topics(bot, None),
            value=ALL_TOPICS,
            label="Topic",
            scale=1,
            min_width=260,  # on a phone the row wraps: the topic gets the full width
            elem_id="browse-topic",
        )
        search = gr.Textbox(
            label="Search",
            placeholder="words in a question or answer, e.g. leaky relu",
            scale=2,
            min_width=260,
            elem_id="browse-search",
        )
    results = gr.Markdown(browse_view(bot, ALL_TOPICS, ""), elem_id="browse-results")
    total = pages(bot, ALL_TOPICS, "")
    page = gr.Slider(1, max(total, 2), value=1, step=1, label="Page", visible=total > 1,
                     elem_id="browse-page")  # fmt: skip

    def on_change(t, s, which=None):
        n = pages(bot, t, s, chosen(which))
        shown = gr.update(value=1, maximum=max(n, 2), visible=n > 1)
        return browse_view(bot, t, s, 1, chosen(which)), shown

    def on_page(t, s, p, which=None):
        return browse_view(bot, t, s, int(p or 1), chosen(which))

    def on_bank(which):  # a new bank (or new questions): all its topics, first page
        return (gr.update(choices=_topics(bot, which), value=ALL_TOPICS), "",
                *on_change(ALL_TOPICS, "", which))  # fmt: skip

    common = {"api_visibility": "private", "show_progress": "hidden", "queue": False}
    which = [bank] if bank is not None else []
    topic.change(on_change, [topic, search, *which], [results, page], **common)
    search.change(on_change, [topic, search, *which], [results, page], trigger_mode="always_last",
                  **common)  # fmt: skip
    page.release(on_page, [topic, search, page, *which], results, **common)
    return Follower([topic, search, results, page], on_bank)
