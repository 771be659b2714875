"""The follow-up policy: when a chat message is also read together with the previous
question, and which reading wins. Pure functions and one small frozen record.

A message that is complete on its own is read on its own. Only a message that is incomplete
or refers back ("and why?", "what about exploding?", "its drawback"), of at most
``follow_up_words`` words, whose own content words the bank knows, is also read joined to the
last answered message (:class:`ChatContext`), without the question already shown; so an
off-domain message ("what about the capital of France?") is never answered through the
previous question. What makes a message lean on the previous one is data: ``follow_up`` in
``data/query_terms.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from interviewbot.models import AskResult
from interviewbot.retrieval.decision import Decision, Signals, decide, fuse
from interviewbot.retrieval.normalize import STOPWORDS, QueryTerms, query_terms, words
from interviewbot.retrieval.params import DEFAULT_PARAMS, RetrievalParams


def leans_on_previous(text: str, terms: QueryTerms | None = None) -> bool:
    """True when a message reads as a follow-up: it opens with "and"/"what about"/"so"… or
    points back with "it", "that", "this one"… (:func:`points_back`)."""
    terms = terms or query_terms()
    toks = words(text)
    joined = " ".join(toks)
    for opening in terms.follow_up_openings:
        if " " in opening:
            if joined.startswith(opening + " ") or joined == opening:
                return True
        elif toks[:1] == [opening] or (
            len(toks) > 1 and toks[0] in terms.follow_up_fillers and toks[1] == opening
        ):
            return True
    return points_back(text, terms)


def points_back(text: str, terms: QueryTerms | None = None) -> bool:
    """True when a message has a word that points back ("its drawback", "this one") or
    ends with one ("what's wrong with tanh there?")."""
    terms = terms or query_terms()
    toks = words(text)
    if toks[-1:] and toks[-1] in terms.follow_up_closings:
        return True
    return any(word in toks for word in terms.follow_up_words)


@dataclass(frozen=True)
class ChatContext:
    """What the next message of a chat may lean on: the last message that was answered
    (``message``) and the canonical question shown for it (``shown``, an id). The caller
    keeps it between messages (:meth:`after`) and resets it with ``ChatContext()`` (the web
    chat's Clear and trash buttons). A refusal leaves it as it was, so "and why?" after an
    off-topic aside still leans on the last real question."""

    message: str | None = None
    shown: str | None = None

    def after(self, message: str, result: AskResult) -> ChatContext:
        """The context once ``message`` got ``result``."""
        if result.abstained or not result.hits:
            return self
        return ChatContext(message, result.hits[0].id)


def is_incomplete(text: str, terms: QueryTerms | None = None) -> bool:
    """True when a message cannot stand alone: it leans on the previous one
    (:func:`leans_on_previous`), or it is a bare question ("why?", "how so?": a question
    word and no content word; "tell me about yourself" is not)."""
    terms = terms or query_terms()
    if leans_on_previous(text, terms):
        return True
    bare = not content_words(text, terms)
    return bare and any(w in terms.follow_up_questions for w in words(text))


def content_words(text: str, terms: QueryTerms | None = None) -> list[str]:
    """The message's own content words: no stop words, no follow-up words ("same", "it"),
    no qualifiers that name no topic ("plain", "big")."""
    terms = terms or query_terms()
    skip = {*terms.follow_up_words, *terms.follow_up_qualifiers}
    return [w for w in words(text) if w not in STOPWORDS and w not in skip]


def readings(text: str, context: ChatContext, joint: bool) -> list[str]:
    """The texts to encode for ``text``: itself; joined to the context's message when
    ``joint``; and the context's message alone when a joint reading must learn which
    question was shown (a context given as bare text, without ``shown``)."""
    if not joint or not context.message:
        return [text]
    out = [text, f"{context.message} {text}"]
    if context.shown is None:
        out.append(context.message)
    return out


def decide_in_context(
    alone: Signals,
    joint: Signals | None,
    shown: int | None,
    k: int,
    params: RetrievalParams = DEFAULT_PARAMS,
    duplicates: np.ndarray | None = None,
    pointing: bool = True,
) -> Decision:
    """A message read alone, or (``joint`` given: it leans on the previous question and is
    not off-domain on its own) together with the previous question, minus the question
    already shown (``shown``) unless the message points at nothing else
    (:func:`keeps_shown`). The joint reading wins unless it abstains and the lone reading
    does not. A message that leans only by how it opens (``pointing`` false: "what about
    layer norm?") names its own topic, so the joint reading checks the bank's coverage of
    the message's concepts as the lone reading does (the message's length, not the joint
    text's); "its main drawback?" points back, and its concepts are the previous topic's."""
    first = decide(alone, k, params, duplicates)
    if joint is None:
        return first
    if not pointing:
        joint = replace(joint, length=alone.length)
    second = decide(joint, k, params, duplicates, exclude=shown)
    if shown is not None and keeps_shown(second, shown, params):
        second = decide(joint, k, params, duplicates)
    if second.abstain and not first.abstain:
        return first
    return second


def keeps_shown(excluded: Decision, shown: int, params: RetrievalParams) -> bool:
    """True when the joint reading, with the question already shown left out
    (``excluded``), finds nothing that comes near it: its best other question scores below
    ``keep_shown_below`` times the shown one's (whose score it recomputes from the joint
    signals). Then the follow-up asks about the same question ("give me some real
    applications of it", "why is it better than a plain rnn?"), not a new one."""
    if params.keep_shown_below <= 0 or not excluded.ranked or excluded.signals is None:
        return False
    kept = float(fuse(excluded.signals, params)[shown])
    return excluded.ranked[0][1] < params.keep_shown_below * kept
