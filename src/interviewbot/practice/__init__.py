"""The practice history and what to ask next.

Every graded answer per profile in SQLite (``store``); spaced repetition (FSRS), question choice
and progress derived from those attempts (``schedule``). May import only the top-level
``models``, ``errors`` and ``config``.
"""
