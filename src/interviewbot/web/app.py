"""The Gradio web app: :func:`build_app` assembles the header and the four tabs over one ``Bot``.

Each tab is its own module (``ask``, ``interview``, ``progress``, ``browse``) with a ``build``
function that lays out its components and wires its events; ``api`` adds the two public
endpoints; ``server`` starts it all. To add a tab: write a module with a ``build`` function
and open one more ``gr.Tab`` in the ``with gr.Tabs()`` block below.

Per-user state (the previous chat question, the running interview and its profile, the profile
box) lives in ``gr.State`` or component values, never in module globals; the model and index
live in the one ``Bot`` and practice answers in the one SQLite ``History`` shared by every
session. Gradio is imported lazily, so importing this module (or ``interviewbot --help``) stays
fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from interviewbot.practice.store import History
from interviewbot.web import api, ask, browse, interview, progress
from interviewbot.web.profile import DEFAULT_PROFILE, profile_choices, profile_status
from interviewbot.web.text import TAGLINE, TITLE, gradio

if TYPE_CHECKING:  # pragma: no cover
    import gradio as gr

    from interviewbot.bot import Bot


def _header() -> tuple[gr.Dropdown, gr.Markdown]:
    """Title, tagline and the profile box with its status line."""
    gr = gradio()
    with gr.Row(equal_height=False):
        with gr.Column(scale=4, elem_classes=["ib-header"]):
            gr.Markdown(f"# {TITLE}")
            gr.Markdown(TAGLINE, elem_classes=["ib-tagline"])
        with gr.Column(scale=1, min_width=240):
            profile = gr.Dropdown(
                choices=[DEFAULT_PROFILE],
                value=DEFAULT_PROFILE,
                allow_custom_value=True,
                label="Profile",
                info="Pick or type a name; your answers are saved under it.",
                elem_id="profile",
            )
            status = gr.Markdown(elem_id="profile-status")
    return profile, status


def build_app(bot: Bot, db_path: Path | str | None = None) -> gr.Blocks:
    """The whole app over one loaded ``bot``. Tabs are independent builders.

    Practice history goes to one SQLite file per server: ``db_path``, else
    ``bot.settings.database``. Each browser session picks its own profile in it.
    """
    gr = gradio()
    bot.index  # noqa: B018 - load the index (and fail early) before building the UI
    history = History(Path(db_path) if db_path is not None else bot.settings.database)
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        profile, status = _header()
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                ask.build(bot)
            with gr.Tab("Mock interview", id="interview"):
                interview.build(bot, history, profile)
            with gr.Tab("Progress", id="progress") as progress_tab:
                progress_outputs, refresh = progress.build(history)
            with gr.Tab("Browse", id="browse"):
                browse.build(bot)
        api.register(bot)

        def on_profile(who):
            return (profile_status(history, who), *refresh(who))

        def on_load(who):
            return gr.update(choices=profile_choices(history)), profile_status(history, who)

        def on_progress_tab(who):
            return (gr.update(choices=profile_choices(history)), *on_profile(who))

        # the Progress tab refreshes when it is opened and when the profile changes
        common = {"api_visibility": "private", "show_progress": "hidden"}
        profile.change(on_profile, [profile], [status, *progress_outputs], **common)
        progress_tab.select(on_progress_tab, [profile], [profile, status, *progress_outputs],
                            **common)  # fmt: skip
        demo.load(on_load, [profile], [profile, status], **common)
    return demo
