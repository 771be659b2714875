"""The Gradio web app: assembly (``app``), one module per tab (``ask``, ``interview``,
``progress``, ``browse``), the interview state (``interview_state``), the web API (``api``),
launch/host policy (``server``), fixed text (``text``) and safe Markdown rendering (``render``).

A thin layer: each event handler calls :class:`~interviewbot.bot.Bot` or the practice store and
renders the result with ``render`` (pure, escaped Markdown). May import ``bot``, ``practice`` and
the top-level ``models``, ``errors`` and ``config``; nothing imports it.
"""
