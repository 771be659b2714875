"""The follow-up policy: when a chat message is also read together with the topic we are
on, and which reading wins. Pure functions and one small frozen record.

A message that is complete on its own is read on its own. Only a message that is incomplete
or refers back ("and why?", "what about exploding?", "its drawback"), of at most
``follow_up_words`` words, whose own content words the bank knows, is also read together
with the chat's topic (:class:`ChatContext`): joined to the last answered message, to the
self-contained message that opened the topic, and to the canonical question shown, and the
message with the topic named in it ("what are its problems?" → "what are relu problems",
:func:`resolved`), the readings blended into one (:func:`blend`), without the question
already shown unless nothing else comes near it or nothing else is confident. So a chain
keeps its topic ("how does relu work" → "its main drawback?" → "how does the leaky version
fix that?"), and an off-domain message ("what about the capital of France?") is never
answered through the previous question. What makes a message lean on the previous one is
data: ``follow_up`` in ``data/query_terms.json``. The CLI chat and the web chat both keep a
:class:`ChatContext`; neither has its own rules.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass, replace

import numpy as np

from interviewbot.models import AskResult
from interviewbot.retrieval.decision import Decision, Signals, decide, fuse
from interviewbot.retrieval.normalize import STOPWORDS, QueryTerms, query_terms, words
from interviewbot.retrieval.params import DEFAULT_PARAMS, RetrievalParams
from interviewbot.textproc import stem

# Content words a question after "and"/"what about" needs to stand alone (fewer: it names an
# aspect of the previous topic, "and what are the drawbacks?"); compared on the tune chats.
WHOLE_QUESTION_WORDS = 2


def leans_on_previous(text: str, terms: QueryTerms | None = None) -> bool:
    """True when a message reads as a follow-up: it opens with "and"/"what about"/"so"… or
    points back with "it", "that", "this one"… (:func:`points_back`)."""
    return after_opening(text, terms) is not None or points_back(text, terms)


def after_opening(text: str, terms: QueryTerms | None = None) -> list[str] | None:
    """The words of a message after its follow-up opening ("and", "what about", "ok so"…),
    or None when it has none."""
    terms = terms or query_terms()
    toks = words(text)
    joined = " ".join(toks)
    for opening in terms.follow_up_openings:
        if " " in opening:
            if joined.startswith(opening + " ") or joined == opening:
                return toks[len(opening.split()):]
        elif toks[:1] == [opening]:
            return toks[1:]
        elif len(toks) > 1 and toks[0] in terms.follow_up_fillers and toks[1] == opening:
            return toks[2:]
    return None


def asks_aspect(text: str, terms: QueryTerms | None = None) -> bool:
    """True when a follow-up's words after its opening start with a preposition or "if"
    ("what about at test time?", "and for hidden layers?", "and if some data is missing?"):
    it asks about a side of the topic we are on, not about a topic of its own."""
    terms = terms or query_terms()
    rest = after_opening(text, terms)
    return bool(rest) and rest[0] in terms.follow_up_aspects


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
    """What the next message of a chat may lean on: the topic we are on.

    ``message`` is the last message that was answered and ``shown`` the canonical question
    shown for it (an id). When that message leaned on an earlier one ("its main drawback?"
    after "how does relu work"), ``topic`` keeps the self-contained message that opened the
    topic, across any chain of follow-ups, until a message complete on its own changes the
    topic; so "how does the leaky version fix that?" is still read with "how does relu work".
    The caller keeps it between messages (:meth:`after`) and resets it with
    ``ChatContext()`` (the web chat's Clear and trash buttons). A refusal leaves it as it
    was, so "and why?" after an off-topic aside still leans on the last real question."""

    message: str | None = None
    shown: str | None = None
    topic: str | None = None

    def after(self, message: str, result: AskResult) -> ChatContext:
        """The context once ``message`` got ``result``."""
        if result.abstained or not result.hits:
            return self
        return self.answered(message, result.hits[0].id)

    def answered(self, message: str, shown: str | None) -> ChatContext:
        """The context once ``message`` was answered with the question ``shown``: a message
        that leans on the previous one keeps its topic, any other one starts a new topic."""
        if self.message and is_incomplete(message):
            return ChatContext(message, shown, self.topic or self.message)
        return ChatContext(message, shown)

    def to_list(self) -> list[str | None]:
        """The context as plain JSON (``[message, shown, topic]``), for a browser to keep."""
        return [self.message, self.shown, self.topic]

    @classmethod
    def from_list(cls, kept: object, known: Container[str]) -> ChatContext | None:
        """The context :meth:`to_list` gave, checked: None when malformed; a ``shown`` id
        the bank no longer has is dropped. (Two items: a context kept before topics.)"""
        if not isinstance(kept, list) or len(kept) not in (2, 3) or not isinstance(kept[0], str):
            return None
        shown, topic = kept[1], kept[2] if len(kept) == 3 else None
        if not all(x is None or isinstance(x, str) for x in (shown, topic)):
            return None
        return cls(kept[0], shown if shown in known else None, topic or None)


def is_incomplete(text: str, terms: QueryTerms | None = None) -> bool:
    """True when a message cannot stand alone: it points back (:func:`points_back`: "its
    main drawback?"); or it opens as a follow-up with a fragment ("and leaky relu?", "what
    about at test time?", "and why?"), not with a whole question of its own ("and how do
    diffusion models work?" is read on its own) nor with nothing to ask ("and ?!", "and
    tell me about yourself"); or it is a bare question ("why?", "how so?": a question word
    and no content word). A whole question opens with a question word and has at least
    :data:`WHOLE_QUESTION_WORDS` content words: "and what are the drawbacks?" names only an
    aspect of the topic, so it still leans on it."""
    terms = terms or query_terms()
    if points_back(text, terms):
        return True
    toks = words(text)
    asks = any(w in terms.follow_up_questions for w in toks)
    content = content_words(text, terms)
    rest = after_opening(text, terms)
    if rest is not None and content:
        whole = bool(rest[:1]) and rest[0] in terms.follow_up_questions
        return not (whole and len(content) >= WHOLE_QUESTION_WORDS)
    return not content and asks


def content_words(text: str, terms: QueryTerms | None = None) -> list[str]:
    """The message's own content words: no stop words, no follow-up words ("same", "it"),
    no qualifiers that name no topic ("plain", "big")."""
    terms = terms or query_terms()
    skip = {*terms.follow_up_words, *terms.follow_up_qualifiers}
    return [w for w in words(text) if w not in STOPWORDS and w not in skip]


def joint_texts(text: str, context: ChatContext, shown_question: str | None = None) -> list[str]:
    """The readings of a follow-up ``text`` together with the topic we are on: joined to
    the last answered message, to the message that opened the topic (when the last one
    leaned on it) and to the canonical question shown (``shown_question``, its text); and
    the message with the topic named in it (:func:`resolved`)."""
    if not context.message:
        return []
    before = [context.message, context.topic, shown_question]
    out = [f"{b} {text}" for b in before if b]
    named = resolved(text, context.topic or context.message, shown_question)
    if named:
        out.append(named)
    return list(dict.fromkeys(out))


def topic_name(topic: str, shown_question: str | None = None,
               terms: QueryTerms | None = None) -> list[str]:
    """The words that name the topic we are on: the content words of the message that
    opened it which the question shown also uses ("what is batch normalization" shown
    "Explain the role of batch normalization…": batch normalization); all its content words
    when the two share none."""
    terms = terms or query_terms()
    own = [w for w in content_words(topic, terms) if w not in terms.follow_up_questions]
    if shown_question:
        shown = {stem(w) for w in words(shown_question)}
        shared = [w for w in own if stem(w) in shown]
        if shared:
            return shared
    return own


def resolved(text: str, topic: str, shown_question: str | None = None,
             terms: QueryTerms | None = None) -> str | None:
    """``text`` with the topic named in it: each word that points back replaced by the
    topic's name ("what are its problems?" after "what is relu": "what are relu
    problems"), or, when none does, the name put before what follows the opening ("what
    about at test time?" after dropout: "dropout at test time"). None without a name."""
    terms = terms or query_terms()
    name = topic_name(topic, shown_question, terms)
    if not name:
        return None
    toks = words(text)
    pointers = set(terms.follow_up_words)
    if any(w in pointers for w in toks):
        out: list[str] = []
        for w in toks:
            out.extend(name if w in pointers else [w])
        return " ".join(out)
    rest = after_opening(text, terms)
    return " ".join([*name, *(toks if rest is None else rest)])


def readings(
    text: str, context: ChatContext, joint: bool, shown_question: str | None = None
) -> list[str]:
    """The texts to encode for ``text``: itself; when ``joint``, its :func:`joint_texts`;
    and the context's message alone when a joint reading must learn which question was
    shown (a context given as bare text, without ``shown``)."""
    if not joint or not context.message:
        return [text]
    out = [text, *joint_texts(text, context, shown_question)]
    if context.shown is None:
        out.append(context.message)
    return out


def blend(readings: Sequence[Signals]) -> Signals:
    """One reading from several joint readings of a message: each signal's mean per
    question (what the readings agree on wins), the share of known words' mean, novel if
    any is; the rest (length, concepts) as the first reading has it."""
    if len(readings) == 1:
        return readings[0]
    n = float(len(readings))

    def mean(name: str) -> np.ndarray:
        return (sum(getattr(s, name) for s in readings) / n).astype(np.float32)

    first = readings[0]
    centroid = None if first.dense_centroid is None else mean("dense_centroid")
    return replace(
        first,
        dense_question=mean("dense_question"),
        dense_answer=mean("dense_answer"),
        lexical_question=mean("lexical_question"),
        lexical_answer=mean("lexical_answer"),
        dense_centroid=centroid,
        known=sum(s.known for s in readings) / n,
        novel=any(s.novel for s in readings),
        exact=None,
    )


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
    not off-domain on its own) together with the previous question, minus the question shown
    (``shown``) unless the message points at nothing else (:func:`keeps_shown`) or nothing
    else is confident enough to answer ("what about at test time?" after dropout: dropout's
    own answer). The joint reading wins unless it abstains and the lone reading does not. A
    message that leans only by how it opens (``pointing`` false: "what about layer norm?")
    names its own topic, so the joint reading checks the bank's coverage of the message's
    concepts as the lone reading does (the message's length, not the joint text's); "its
    main drawback?" points back, and its concepts are the previous topic's."""
    first = decide(alone, k, params, duplicates)
    if joint is None:
        return first
    if not pointing:
        joint = replace(joint, length=alone.length)
    second = decide(joint, k, params, duplicates, exclude=shown)
    if shown is not None and (second.abstain or keeps_shown(second, shown, params)):
        second = decide(joint, k, params, duplicates)
    if second.abstain and not first.abstain:
        return first
    if not pointing and not speaks_of(alone, second, params):
        return first
    return second


def speaks_of(alone: Signals, joint: Decision, params: RetrievalParams = DEFAULT_PARAMS) -> bool:
    """True when the joint reading's top hit speaks of the message itself: it shares a
    term with it (the lone reading's BM25 on its phrasings or answers), or the message's
    best cosine to its phrasings or answers is at least ``follow_up_cosine``; or the
    message has no term the bank has ("and why?"). "and what are the drawbacks?" after
    relu: cosine 0.33 to the relu drawbacks question; "and how are you doing today" after
    hidden layers: 0.03 to the hidden-layer question, so it is read on its own."""
    if not joint.ranked:
        return False
    top = joint.ranked[0][0]
    lexical = alone.lexical_question + alone.lexical_answer
    if not lexical.any() or lexical[top] > 0:
        return True
    dense = max(float(alone.dense_question[top]), float(alone.dense_answer[top]))
    return dense >= params.follow_up_cosine


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
