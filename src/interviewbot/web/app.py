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

from interviewbot.errors import InputError
from interviewbot.practice.db import server_secret
from interviewbot.practice.store import History, check_profile
from interviewbot.web import api, ask, banks, browse, interview, interview_state, progress, session
from interviewbot.web.accounts import AccountHistory, logged_in_user
from interviewbot.web.profile import DEFAULT_PROFILE, profile_choices, profile_status
from interviewbot.web.text import TAGLINE, TITLE, gradio

if TYPE_CHECKING:  # pragma: no cover
    import gradio as gr

    from interviewbot.bot import Bot


def _header(accounts: bool = False) -> tuple[gr.Dropdown, gr.Markdown]:
    """Title, tagline and the profile box with its status line (with accounts: the account,
    fixed, and a log-out link)."""
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
                info="Your account: answers are saved under it." if accounts
                else "Pick or type a name; your answers are saved under it.",
                interactive=not accounts,
                elem_id="profile",
            )
            status = gr.Markdown(elem_id="profile-status")
            if accounts:
                # plain HTML: Gradio's Markdown opens links in a new tab
                gr.HTML('<a href="/logout" target="_self">Log out</a>', elem_id="logout")
    return profile, status


def build_app(bot: Bot, db_path: Path | str | None = None, accounts: bool = False) -> gr.Blocks:
    """The whole app over one loaded ``bot``. Tabs are independent builders.

    Practice history goes to one SQLite file or PostgreSQL database: ``db_path``, else
    ``bot.settings.database``. Each browser picks its own profile in it; the profile, a running
    interview (bound to its profile), the draft answer and the chat survive a reload
    (:mod:`~interviewbot.web.session`).
    """
    gr = gradio()
    bot.index  # noqa: B018 - load the index (and fail early) before building the UI
    history = History(db_path if db_path is not None else bot.settings.database)
    if accounts:  # each person logged in: the profile is the account, checked on every use
        history = AccountHistory(history)
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        # one key for every replica on this database (and across restarts): what one server
        # stored in the browser, another can read back
        secret = server_secret(history.db).hex()
        kept = {
            k: gr.BrowserState(None, storage_key=session.storage_key(k), secret=secret)
            for k in session.KEYS
        }
        profile, status = _header(accounts)
        bank = banks.selector(bot)  # shown once there are two banks
        with gr.Tabs(overflow_behavior="wrap"):  # every tab in sight on a phone too
            with gr.Tab("Ask", id="ask"):
                chat = ask.build(bot, bank)
            with gr.Tab("Mock interview", id="interview"):
                iv = interview.build(bot, history, profile, bank)
            with gr.Tab("Progress", id="progress") as progress_tab:
                progress_outputs, refresh = progress.build(history)
            with gr.Tab("Browse", id="browse"):
                browsing = browse.build(bot, bank)
            with gr.Tab("Banks", id="banks"):
                added = banks.build(bot, history, bank, accounts).added
        api.register(bot, history)
        common = {"api_visibility": "private", "show_progress": "hidden"}

        # -- the Bank selector: the tabs follow it, an upload or a page load refreshes it ----
        followers, on_bank = banks.follow(bank, [iv.follower, browsing])
        if added is not None:
            added.then(on_bank, [bank], followers, **common)

        def on_load_banks(which):  # the banks may have grown since this page was built
            return banks.selector_update(bot, which), *on_bank(which)

        demo.load(on_load_banks, [bank], [bank, *followers], **common)

        # -- the profile box: its own choice, unless a running interview holds it ------------
        def on_profile(who, st):
            if st.running and st.profile and _clean(who) != st.profile:
                held = interview_state.with_notice(
                    st,
                    f"This is an interview for {st.profile}: its answers are saved under "
                    f"{st.profile}. Finish it or press End interview to switch profile.",
                )
                keep = [gr.update()] * (1 + len(progress_outputs))  # status, Progress
                return (gr.update(value=st.profile), *keep, *iv.updates(held, False),
                        gr.update())  # fmt: skip
            unchanged = [gr.update()] * len(iv.outputs)
            chosen = _clean(who) or gr.update()
            return (gr.update(), profile_status(history, who), *refresh(who), *unchanged, chosen)

        profile_outputs = [profile, status, *progress_outputs, *iv.outputs, kept["profile"]]
        profile.change(on_profile, [profile, iv.state], profile_outputs, **common)

        def on_progress_tab(who):
            return (gr.update(choices=profile_choices(history)), profile_status(history, who),
                    *refresh(who))  # fmt: skip

        progress_tab.select(on_progress_tab, [profile], [profile, status, *progress_outputs],
                            **common)  # fmt: skip

        # -- what survives a reload -----------------------------------------------------------
        def on_saved(st, who):
            return profile_status(history, st.profile or who)

        for event in iv.events:  # the status line counts every answer as soon as it is saved
            event.then(interview_state.to_dict, [iv.state], [kept["interview"]], **common)
            event.then(on_saved, [iv.state, profile], [status], **common)
        iv.answer.change(session.draft, [iv.state, iv.answer], [kept["draft"]],
                        trigger_mode="always_last", **common)  # fmt: skip
        for event in chat.events:
            event.then(session.chat, [chat.chat, chat.previous], [kept["chat"]], **common)

        def on_load(*parts):
            back = session.restore(*parts, frozenset(c.id for c in bot.bank))
            who = logged_in_user() or back.profile  # with accounts: always the account
            return (
                gr.update(choices=profile_choices(history), value=who, interactive=not accounts),
                profile_status(history, who),
                *iv.updates(back.interview, True, back.draft),
                back.chat,
                back.previous,
            )

        load_outputs = [profile, status, *iv.outputs, chat.chat, chat.previous]
        demo.load(on_load, [kept[k] for k in session.KEYS], load_outputs, **common)
    return demo


def _clean(name: object) -> str:
    """The profile name as the store spells it ('' when it is not a valid name)."""
    try:
        return check_profile(name)
    except InputError:
        return ""
