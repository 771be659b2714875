"""The Gradio web app: assembly (``app``), one module per tab (``ask``, ``interview`` with
``interview_start`` choosing its questions, ``progress`` with ``export``, ``browse``, ``banks``:
uploads and the Bank selector), the interview state (``interview_state``), the profile box
(``profile``), what a browser keeps across a reload (``session``), the web API (``api``), log-in
pages and the account-checked history (``accounts``), launch/host policy (``server``), fixed text
(``text``), safe Markdown rendering (``render``) and answers' Markdown as escaped HTML
(``markup``, whose reader the terminal interview shares).

A thin layer: each event handler calls :class:`~interviewbot.bot.Bot` or the practice store and
renders the result with ``render`` (pure, escaped Markdown). May import ``bot``, ``practice`` and
the top-level ``models``, ``errors`` and ``config``; nothing imports it.
"""
