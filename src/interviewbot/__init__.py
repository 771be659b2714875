"""interviewbot: an offline interview-practice assistant for deep-learning interviews.

The public Python API lives in :mod:`interviewbot.bot`; it is re-exported here lazily so that
``import interviewbot`` stays cheap (no torch, no FAISS until a function needs them).
"""

from __future__ import annotations

__version__ = "0.1.0"

_API = {"Bot", "ask", "grade", "build", "load_bank", "InterviewbotError"}


def __getattr__(name: str):
    if name in _API:
        from interviewbot import bot as api

        return getattr(api, name)
    raise AttributeError(f"module 'interviewbot' has no attribute {name!r}")


__all__ = sorted(_API | {"__version__"})
