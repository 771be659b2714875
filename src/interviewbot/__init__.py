"""interviewbot: an offline interview-practice assistant for deep-learning interviews.

The public Python API: :class:`Bot` (load an index, ``ask``, ``grade``, ``browse``), the results
it returns (:class:`AskResult` of :class:`Hit`\\ s, :class:`GradeOutcome` holding a
:class:`GradeResult`), :class:`Settings` and the errors it raises. Every name is imported on
first use, so ``import interviewbot`` stays cheap (no torch, no FAISS until a function needs
them).
"""

from __future__ import annotations

__version__ = "0.1.0"

# public name -> the module that defines it
_API = {
    "Bot": "interviewbot.bot",
    "GradeOutcome": "interviewbot.bot",
    "ask": "interviewbot.bot",
    "grade": "interviewbot.bot",
    "build": "interviewbot.bot",
    "load_bank": "interviewbot.bot",
    "AskResult": "interviewbot.models",
    "Hit": "interviewbot.models",
    "Canonical": "interviewbot.models",
    "GradeResult": "interviewbot.grading.result",
    "KeyPointMatch": "interviewbot.grading.result",
    "Verdict": "interviewbot.grading.result",
    "Settings": "interviewbot.config",
    "InterviewbotError": "interviewbot.errors",
    "InputError": "interviewbot.errors",
    "CorpusError": "interviewbot.errors",
    "IndexProblem": "interviewbot.errors",
}


def __getattr__(name: str):
    if name in _API:
        from importlib import import_module

        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'interviewbot' has no attribute {name!r}")


__all__ = sorted([*_API, "__version__"])
