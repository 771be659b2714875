"""The command line: argument parsing and output only, a thin adapter over the bot.

``main`` (ask, grade, chat, browse, serve) turns domain errors into one-line messages and exit
codes; ``banks`` (build, banks) and ``practice`` (practice, history, users) hold the other
commands, ``shared`` the settings from the common options; ``terminal`` runs the mock interview in
a terminal. May import ``bot``, ``index`` (for ``build``), ``practice``, ``web`` (for ``serve``, and
``web.markup``'s Markdown reader for answers in the terminal) and the top-level ``models``,
``errors`` and ``config``; nothing imports it.
"""
