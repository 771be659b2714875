"""The command line: argument parsing and output only, a thin adapter over the bot.

``main`` turns domain errors into one-line messages and exit codes; ``terminal`` runs the mock
interview in a terminal. May import ``bot``, ``index`` (for ``build``), ``practice``, ``web`` (for
``serve``) and the top-level ``models``, ``errors`` and ``config``; nothing imports it.
"""
