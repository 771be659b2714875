"""The profile box in the page header: which profiles to offer and the status line under it."""

from __future__ import annotations

from interviewbot.practice.store import History, check_profile
from interviewbot.web import render
from interviewbot.web.text import log, problem

DEFAULT_PROFILE = "default"


def profile_choices(history: History) -> list[str]:
    """The profiles offered in the profile box: every one with saved answers, and the default."""
    try:
        names = set(history.profiles())
    except Exception:  # noqa: BLE001 - an unreadable store must not break the page
        log.exception("cannot list practice profiles")
        names = set()
    return sorted(names | {DEFAULT_PROFILE}, key=str.casefold)


def profile_status(history: History, profile: str | None) -> str:
    """The line under the profile box: whose history is in use, or what is wrong with the name."""
    try:
        name = check_profile(profile)
        return render.profile_markdown(name, len(history.attempts(name)))
    except Exception as exc:  # noqa: BLE001
        return render.error_markdown(problem(exc))
