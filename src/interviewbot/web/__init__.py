"""The Gradio web app: assembly, tabs, launch policy and safe Markdown rendering.

A thin layer: each event handler calls :class:`~interviewbot.bot.Bot` or the practice store and
renders the result with ``render`` (pure, escaped Markdown). May import ``bot``, ``practice`` and
the top-level ``models``, ``errors`` and ``config``; nothing imports it.
"""
