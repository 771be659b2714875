"""What one browser keeps across a reload: its profile, the running interview, the draft answer
and the chat. Each lives in its own ``gr.BrowserState`` (encrypted in localStorage), written by
one kind of event only, so two events in flight never overwrite each other's part. These pure
functions turn them into JSON-safe values and back.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewbot.errors import InputError
from interviewbot.practice.store import check_profile
from interviewbot.retrieval.follow_up import ChatContext
from interviewbot.web import interview_state as states
from interviewbot.web.interview_state import Interview
from interviewbot.web.profile import DEFAULT_PROFILE

KEYS = ("profile", "interview", "draft", "chat")  # one localStorage entry each
MAX_CHAT = 200  # messages kept for a reload; the oldest go first


def storage_key(part: str) -> str:
    """The localStorage key of one part of the session."""
    return f"interviewbot-{part}"


def draft(state: Interview, text: object) -> dict:
    """The answer being typed, tied to the question it answers."""
    qid = state.current_id if state.phase == "question" else None
    return {"id": qid, "text": text if isinstance(text, str) else ""}


def chat(messages: list | None, previous: ChatContext | None) -> dict:
    """The chat and its follow-up context (as plain JSON for the browser)."""
    context = previous.to_list() if previous is not None else None
    return {"messages": list(messages or [])[-MAX_CHAT:], "previous": context}


@dataclass(frozen=True)
class Restored:
    """A stored session, checked: safe to put back into the page."""

    profile: str
    interview: Interview
    draft: str | None  # None: leave the answer box empty
    chat: list
    previous: ChatContext | None


def restore(
    profile: object, interview: object, typed: object, talk: object, known: frozenset[str]
) -> Restored:
    """The four stored parts, with anything malformed replaced by its default. A running
    interview brings its own profile back with it; a draft only comes back to its question."""
    try:
        name = check_profile(profile)
    except InputError:
        name = DEFAULT_PROFILE
    state = states.from_dict(interview, known)
    if state.running and state.profile:
        name = state.profile
    text = None
    if (
        isinstance(typed, dict)
        and state.phase == "question"
        and typed.get("id") == state.current_id
    ):
        text = typed.get("text") if isinstance(typed.get("text"), str) else None
    talk = talk if isinstance(talk, dict) else {}
    messages = talk.get("messages")
    messages = [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []
    previous = ChatContext.from_list(talk.get("previous"), known)
    return Restored(name, state, text, messages, previous)
