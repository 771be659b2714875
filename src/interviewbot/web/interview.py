"""The Mock interview tab: its events (grade, save, skip, override) and its components.
Choosing the questions of a new interview is :mod:`~interviewbot.web.interview_start`.

Each event takes the ``Bot`` (and the ``History``) first and an :class:`Interview` state, does
the work, and returns the next state from a pure transition in
:mod:`~interviewbot.web.interview_state`; :func:`interview_view` turns a state into plain
values. All of it runs without a browser.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass
from functools import partial
from importlib import resources
from typing import TYPE_CHECKING, Any

from interviewbot.errors import InputError
from interviewbot.practice import schedule as practice
from interviewbot.practice.store import History
from interviewbot.web import interview_state as states
from interviewbot.web import render
from interviewbot.web.interview_start import (
    DEFAULT_QUESTIONS,
    MAX_QUESTIONS,
    new_interview,
    topic_choices,
)
from interviewbot.web.interview_state import Answered, Interview
from interviewbot.web.text import FOCUS_ANSWER, gradio, log, problem

if TYPE_CHECKING:  # pragma: no cover
    import gradio as gr

    from interviewbot.bot import Bot

# Grading runs the torch model under one lock: a small FIFO queue in front of it beats 32
# threads racing for the lock (measured p99 of 24 s with that race at 32 users).
GRADING_QUEUE = {"concurrency_limit": 2, "concurrency_id": "grading"}


@functools.cache
def _non_attempts() -> frozenset[str]:
    data = resources.files("interviewbot.data").joinpath("non_attempts.json").read_text("utf-8")
    return frozenset(json.loads(data)["phrases"])


def is_non_attempt(answer: str | None) -> bool:
    """True when the whole answer says "I don't know" (``data/non_attempts.json``)."""
    text = " ".join((answer or "").lower().replace("\u2019", "'").split()).rstrip(" .!")
    return bool(text) and text in _non_attempts()


def _missed_points(grade: object) -> list[str]:
    out = []
    for item in getattr(grade, "missed", ()) or ():
        text = getattr(item, "text", None)
        if text is None and isinstance(item, dict):
            text = item.get("key_point") or item.get("text")
        out.append(str(text if text is not None else item))
    return out


def _save(history: History | None, state: Interview, c, **fields: Any) -> tuple[int | None, str]:
    """Record one attempt for the interview's profile: (attempt id or None, problem or '')."""
    if history is None or not state.profile:
        return None, ""
    try:
        attempt_id = history.record(
            state.profile, question_id=c.id, question=c.question, topic=c.topic, **fields
        )
    except sqlite3.Error as exc:  # the grade is still shown; saving failed
        log.warning("cannot save an attempt to %s: %s", history.where, exc)
        return None, f"this answer was not saved: the practice database failed ({exc})"
    except Exception as exc:  # noqa: BLE001
        return None, f"this answer was not saved ({problem(exc)})"
    return attempt_id, ""


def submit_answer(
    bot: Bot, state: Interview, answer: str | None, history: History | None = None
) -> Interview:
    """Grade the answer to the current question (and save it); the state moves to its feedback."""
    if state.phase != "question":
        return state
    if is_non_attempt(answer):
        return skip_question(
            bot, state, history=history, verdict=states.NOT_ATTEMPTED, answer=answer or ""
        )
    c = bot.get(state.current_id)
    try:
        outcome = bot.grade(c.question, answer or "", question_id=c.id)
    except Exception as exc:  # noqa: BLE001 - a one-line notice, the question stays open
        msg = problem(exc)
        if isinstance(exc, InputError) and "empty" in msg:
            msg = "Type an answer first, or press Skip."
        return states.with_notice(state, msg)
    g = outcome.grade
    score = max(0, min(100, int(getattr(g, "score", 0) or 0)))
    passed = bool(getattr(g, "passed", False))
    verdict = str(getattr(g, "verdict", "") or ("pass" if passed else "fail"))
    attempt_id, trouble = _save(
        history, state, c, answer=answer or "", score=score, passed=passed, verdict=verdict,
        missed=_missed_points(g),
    )  # fmt: skip
    row = Answered(c.id, c.question, score, passed, verdict, attempt_id)
    return states.answered(state, row, render.grade_markdown(g), trouble)


def skip_question(
    bot: Bot,
    state: Interview,
    *,
    reveal: bool = False,
    history: History | None = None,
    verdict: str | None = None,
    answer: str = "",
) -> Interview:
    """Skip the current question (scored 0) and show its model answer before moving on.

    A skip is saved as a failed attempt (score 0, verdict "skipped", "answer shown" with
    ``reveal``, or the ``verdict`` given, e.g. "not attempted"), so spaced repetition brings the
    question back soon instead of treating it as new.
    """
    if state.phase != "question":
        return state
    c = bot.get(state.current_id)
    verdict = verdict or ("answer shown" if reveal else "skipped")
    attempt_id, trouble = _save(
        history, state, c, answer=answer, score=0, passed=False, verdict=verdict
    )
    row = Answered(c.id, c.question, 0, False, verdict, attempt_id)
    note = {
        "skipped": "Skipped: here is the model answer; this question comes back soon.",
        states.NOT_ATTEMPTED: "Fair enough: here is the model answer; this question comes "
        "back soon.",
    }.get(verdict, "")
    feedback = (f"*{note}*\n\n" if note else "") + render.model_answer_markdown(c)
    return states.skipped(state, row, feedback, notice=trouble)


def override_grade(history: History | None, state: Interview, override: str) -> Interview:
    """Mark the answer just graded "right" or "wrong": saved, and its schedule follows."""
    if state.phase != "feedback" or not state.results:
        return state
    if not states.can_override(state):
        return states.with_notice(state, "Only a graded answer that was saved can be marked.")
    try:
        history.set_override(state.profile, state.results[-1].attempt_id, override)
    except Exception as exc:  # noqa: BLE001
        return states.with_notice(state, problem(exc))
    return states.marked(state, override)


def end_interview(bot: Bot, state: Interview) -> Interview:
    """The End interview button: the summary of what was answered so far (nothing is lost:
    every answer was saved when it was graded)."""
    return states.ended(state)


def next_question(bot: Bot, state: Interview) -> Interview:
    """After feedback: the next question, or the summary after the last one."""
    return states.advanced(state)


def interview_view(bot: Bot, state: Interview) -> dict:
    """What the interview tab shows for ``state``: plain values, no Gradio objects."""
    view = {
        "phase": state.phase,
        "notice": render.error_markdown(state.notice) if state.notice else "",
        "progress": "",
        "question": "",
        "feedback": state.feedback,
        "summary": "",
        "next_label": "Next question",
        "can_override": states.can_override(state),
        "override": "",
    }
    if state.running:
        view["progress"] = render.progress_markdown(state.index, len(state.ids))
        if state.profile:
            mode = practice.MODE_LABELS.get(state.mode, "")
            view["progress"] += f" · {render.escape_inline(state.profile)} · {mode}"
        view["question"] = render.question_markdown(bot.get(state.current_id))
        if state.last:
            view["next_label"] = "See summary"
    if view["can_override"]:
        view["override"] = render.override_markdown(state.results[-1].override)
    if state.phase == "done":
        view["summary"] = render.summary_markdown(state.results)
        if state.profile and any(r.attempt_id for r in state.results):
            view["summary"] += (
                f"\n\nSaved to **{render.escape_inline(state.profile)}**'s history: "
                "see the **Progress** tab."
            )
    return view


# -- the tab ----------------------------------------------------------------------------------
def _updates(bot: Bot, state: Interview, clear_answer: bool, draft: str | None = None) -> tuple:
    """Component updates for ``state``; the answer box is emptied (``clear_answer``), set to
    ``draft``, or left as typed."""
    gr = gradio()
    v = interview_view(bot, state)
    asking = v["phase"] == "question"
    value = {"value": draft} if draft is not None else {"value": ""} if clear_answer else {}
    answer = gr.update(interactive=asking, **value)
    return (
        state,
        gr.update(visible=not state.running),  # setup
        gr.update(visible=state.running),  # interview panel
        gr.update(value=v["progress"]),
        gr.update(value=v["question"]),
        answer,
        gr.update(visible=asking),  # submit / skip / show answer row
        gr.update(value=v["notice"], visible=bool(v["notice"])),
        gr.update(value=v["feedback"], visible=bool(v["feedback"])),
        gr.update(visible=v["can_override"]),  # "I was right" / "I was wrong" row
        gr.update(value=v["override"], visible=bool(v["override"])),
        gr.update(visible=v["phase"] == "feedback", value=v["next_label"]),
        gr.update(value=v["summary"], visible=v["phase"] == "done"),
    )


@dataclass(frozen=True)
class InterviewTab:
    """What the app needs of the built tab: the state, the answer box, the outputs every
    event updates (in :func:`_updates` order), and the events that change the state."""

    state: Any
    answer: Any
    outputs: list
    events: list
    updates: Any  # (state, clear_answer, draft=None) -> tuple for ``outputs``
    follower: Any = None  # the topics, following the Bank selector (web.banks.Follower)


def build(bot: Bot, history: History, profile: gr.Dropdown, bank: Any = None) -> InterviewTab:
    """The Mock interview tab's components and events (inside an open ``gr.Tab``); with
    ``bank`` (the Bank selector) questions come from the selected bank."""
    from interviewbot.web.banks import Follower, chosen

    gr = gradio()
    state = gr.State(states.setup())
    with gr.Column(visible=True) as setup:
        gr.Markdown(
            "Pick how to choose questions, topics (none picked means all) and how many. I ask "
            "one at a time, grade each answer against the bank's model answers, save it to your "
            "profile's history, and sum up at the end."
        )
        mode = gr.Radio(
            choices=[(practice.MODE_LABELS[m], m) for m in practice.MODES],
            value="due",
            label="Questions",
            info="Due for review: spaced repetition (weak answers come back sooner), then new "
            "ones · New only: never answered · Weakest topics: lowest average first",
            elem_id="iv-mode",
        )
        with gr.Row():
            topics = gr.CheckboxGroup(
                choices=topic_choices(bot), label="Topics", scale=3, elem_id="iv-topics"
            )
            with gr.Column(scale=1, min_width=200):
                count = gr.Slider(
                    1,
                    MAX_QUESTIONS,
                    value=DEFAULT_QUESTIONS,
                    step=1,
                    label="Number of questions",
                    elem_id="iv-count",
                )
                start = gr.Button("Start interview", variant="primary", elem_id="iv-start")
        setup_notice = gr.Markdown(visible=False, elem_id="iv-setup-notice")
    with gr.Column(visible=False) as panel:
        progress = gr.Markdown(elem_classes=["ib-progress"], elem_id="iv-progress")
        question = gr.Markdown(elem_id="iv-question")
        answer = gr.Textbox(
            label="Your answer",
            lines=6,
            max_lines=16,
            placeholder="Answer as you would in the interview… (Ctrl+Enter or ⌘+Enter submits)",
            elem_id="iv-answer",
        )
        with gr.Row() as actions:
            submit = gr.Button("Submit answer", variant="primary", elem_id="iv-submit")
            skip = gr.Button("Skip", elem_id="iv-skip")
            show = gr.Button("Show answer", elem_id="iv-show")
        notice = gr.Markdown(visible=False, elem_id="iv-notice")
        feedback = gr.Markdown(visible=False, elem_id="iv-feedback")
        with gr.Row(visible=False, equal_height=True) as override_row:
            gr.Markdown("*Think the grade is off? Your call is saved and steers the reviews.*")
            right = gr.Button("I was right", size="sm", scale=0, min_width=140, elem_id="iv-right")
            wrong = gr.Button("I was wrong", size="sm", scale=0, min_width=140, elem_id="iv-wrong")
        override_note = gr.Markdown(visible=False, elem_id="iv-override")
        with gr.Row():
            nxt = gr.Button("Next question", visible=False, variant="primary", elem_id="iv-next")
            end = gr.Button("End interview", size="sm", scale=0, min_width=140, elem_id="iv-end")
    summary = gr.Markdown(visible=False, elem_id="iv-summary")

    outputs = [state, setup, panel, progress, question, answer, actions, notice, feedback]
    outputs += [override_row, override_note, nxt, summary]
    common = {"api_visibility": "private", "show_progress": "minimal"}

    def on_start(who, how, topic_values, n, which=None):
        st = new_interview(bot, topic_values, n, mode=how, history=history, profile=who,
                           bank=chosen(which))  # fmt: skip
        shown = render.error_markdown(st.notice) if st.notice else ""
        return (*_updates(bot, st, True), gr.update(value=shown, visible=bool(shown)))

    def on_submit(st, text):
        return _updates(bot, submit_answer(bot, st, text, history), False)

    def on_skip(st):
        return _updates(bot, skip_question(bot, st, history=history), True)

    def on_show(st):
        return _updates(bot, skip_question(bot, st, reveal=True, history=history), False)

    def on_right(st):
        return _updates(bot, override_grade(history, st, "right"), False)

    def on_wrong(st):
        return _updates(bot, override_grade(history, st, "wrong"), False)

    def on_next(st):
        return _updates(bot, next_question(bot, st), True)

    def on_end(st):
        return _updates(bot, end_interview(bot, st), True)

    events = [
        start.click(on_start, [profile, mode, topics, count, *([bank] if bank else [])],
                    [*outputs, setup_notice], **common),  # fmt: skip
        submit.click(on_submit, [state, answer], outputs, **common, **GRADING_QUEUE),
        skip.click(on_skip, [state], outputs, **common),
        show.click(on_show, [state], outputs, **common),
        right.click(on_right, [state], outputs, **common),
        wrong.click(on_wrong, [state], outputs, **common),
        nxt.click(on_next, [state], outputs, **common),
        end.click(on_end, [state], outputs, **common),
    ]
    for moved in (events[0], events[6]):  # start, next: a new question
        moved.then(None, js=FOCUS_ANSWER)
    def on_bank(which):
        return (gr.update(choices=topic_choices(bot, which), value=[]),)

    follower = Follower([topics], on_bank)
    return InterviewTab(state, answer, outputs, events, partial(_updates, bot), follower)
