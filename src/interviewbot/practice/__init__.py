"""The practice history and what to ask next.

Every graded answer per profile (``store``) in SQLite or PostgreSQL (``db``: the two backends,
numbered migrations, the shared server secret); accounts for a shared server (``accounts``);
spaced repetition (FSRS), question choice and progress derived from those attempts
(``schedule``). May import only the top-level
``models``, ``errors`` and ``config``.
"""
