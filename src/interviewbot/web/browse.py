"""The Browse tab: the question bank by topic and search words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewbot.web import render
from interviewbot.web.interview import ALL_TOPICS, topic_choices
from interviewbot.web.text import gradio, problem

if TYPE_CHECKING:  # pragma: no cover
    from interviewbot.bot import Bot


def browse_view(bot: Bot, topic: str | None, search: str | None) -> str:
    """Browse event: the matching bank questions as safe Markdown."""
    if isinstance(search, str) and len(search) > bot.settings.max_text_chars:
        return render.error_markdown(
            f"search is {len(search):,} characters; the limit is "
            f"{bot.settings.max_text_chars:,}, so shorten it"
        )
    try:
        items = bot.browse(topic if topic and topic != ALL_TOPICS else None, search or None)
    except Exception as exc:  # noqa: BLE001
        return render.error_markdown(problem(exc))
    return render.browse_markdown(items)


def build(bot: Bot) -> None:
    """The Browse tab's components and events (inside an open ``gr.Tab``)."""
    gr = gradio()
    with gr.Row():
        topic = gr.Dropdown(
            choices=[(f"All topics ({len(bot.bank)})", ALL_TOPICS), *topic_choices(bot)],
            value=ALL_TOPICS,
            label="Topic",
            scale=1,
            elem_id="browse-topic",
        )
        search = gr.Textbox(
            label="Search",
            placeholder="words in a question or answer, e.g. leaky relu",
            scale=2,
            elem_id="browse-search",
        )
    results = gr.Markdown(browse_view(bot, ALL_TOPICS, ""), elem_id="browse-results")

    def on_change(t, s):
        return browse_view(bot, t, s)

    common = {"api_visibility": "private", "show_progress": "hidden", "queue": False}
    topic.change(on_change, [topic, search], results, **common)
    search.change(on_change, [topic, search], results, trigger_mode="always_last", **common)
