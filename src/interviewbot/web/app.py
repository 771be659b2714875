"""The Gradio web app: Ask, Mock interview, Progress and Browse tabs over one shared :class:`Bot`.

Layout: each tab is built by its own ``_*_tab`` function; each event is a plain function
taking the ``Bot`` (and the ``History``) first (testable without a browser); every bit of text
goes through :mod:`interviewbot.web.render`, which escapes corpus and user text. Per-user state
(the previous chat question, the running interview and its profile, the profile box) lives in
``gr.State`` or component values, never in module globals; the model and index live in the
one ``Bot`` and practice answers in the one SQLite ``History`` shared by every session.

Gradio is imported lazily, so importing this module (or ``interviewbot --help``) stays fast.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewbot.bot import ChatContext
from interviewbot.config import Settings
from interviewbot.errors import InputError, InterviewbotError
from interviewbot.practice import schedule as practice
from interviewbot.practice.store import Attempt, History, check_profile
from interviewbot.web import render

if TYPE_CHECKING:  # pragma: no cover
    import gradio as gr

    from interviewbot.bot import Bot

log = logging.getLogger(__name__)

AUTH_ENV = "INTERVIEWBOT_AUTH"
TITLE = "Interviewbot"
TAGLINE = (
    "Practise deep-learning interview questions offline: ask anything, run a graded mock "
    "interview, or browse the question bank. Every answer comes from the bank, with its source."
)
RELATED = 3  # related questions offered under an answer
DEFAULT_QUESTIONS = 5
MAX_QUESTIONS = 20
MAX_UPLOAD = "1mb"  # the app takes no uploads; anything bigger is refused outright
ALL_TOPICS = "all"
DEFAULT_PROFILE = "default"
MODE_NAMES = tuple(practice.MODE_LABELS.values())
SKIP_VERDICTS = ("skipped", "answer shown")  # saved as failed attempts, never overridden
RECENT = 10  # last answers listed in the Progress tab
EXPORT_MAX_AGE = 3600.0  # seconds an exported CSV stays in Gradio's upload folder
GENERIC_ERROR = "Something went wrong on our side; please try again."
GRADING_MISSING = "Grading is not available in this installation."
EXAMPLES = (
    "Why do we need activation functions?",
    "What is the vanishing gradient problem?",
    "How does dropout reduce overfitting?",
)
CSS = """
.ib-header h1 { margin-bottom: 0.1em; }
.ib-tagline { color: var(--body-text-color-subdued); margin-top: 0; }
.ib-progress { font-size: 1.05em; }
#profile-status { margin-top: -0.4em; }
#pr-recent th, #pr-recent td { word-break: normal; overflow-wrap: normal; }
#pr-recent :is(td, th):is(:nth-child(1), :nth-child(4), :nth-child(5)) { white-space: nowrap; }
footer { opacity: 0.6; }
#browse-results details {
  border: 1px solid var(--border-color-primary);
  border-radius: var(--radius-lg);
  padding: 0.4em 0.9em;
  margin: 0 0 0.5em 0;
  background: var(--background-fill-primary);
}
#browse-results summary { cursor: pointer; font-weight: 600; }
#browse-results summary small { font-weight: 400; color: var(--body-text-color-subdued); }
"""


# -- small shared helpers ---------------------------------------------------------------------
def _problem(exc: BaseException) -> str:
    """The one-line message a person sees for an exception (never a traceback)."""
    if isinstance(exc, InterviewbotError):
        return str(exc).splitlines()[0] if str(exc) else "invalid input"
    if isinstance(exc, ImportError):
        return GRADING_MISSING
    log.exception("unexpected error in the web app", exc_info=exc)
    return GENERIC_ERROR


def _gr():
    import gradio as gr

    return gr


# -- Ask --------------------------------------------------------------------------------------
def _message(role: str, content: str, **extra: Any) -> dict:
    msg: dict[str, Any] = {"role": role, "content": content}
    msg.update({k: v for k, v in extra.items() if v})
    return msg


def answer_messages(
    bot: Bot, message: str, previous: ChatContext | None
) -> tuple[list[dict], ChatContext | None]:
    """The assistant messages replying to ``message``, and the new chat context (what a
    follow-up may lean on; ``None`` = a fresh chat).

    A confident answer: the closest question and its best answer with a confidence cue,
    topic and source; the other reference answers in a collapsed block; related questions
    as clickable options. Otherwise: an honest "I don't know" with "did you mean" options.
    """
    try:
        result = bot.ask(message, top_k=1 + RELATED, context=previous or ChatContext())
    except Exception as exc:  # noqa: BLE001 - shown as one line, logged if unexpected
        return [_message("assistant", render.error_markdown(_problem(exc)))], previous
    if result.abstained:
        options = [{"value": h.question} for h in result.suggestions[:RELATED]]
        return [_message("assistant", render.abstain_markdown(result), options=options)], previous
    best, related = result.hits[0], result.hits[1:]
    msgs = [_message("assistant", render.hit_markdown(best))]
    try:
        canonical = bot.get(best.id)
    except InterviewbotError:
        canonical = None
    others = render.other_answers_markdown(canonical) if canonical is not None else None
    if others:
        n = len(canonical.answers) - 1
        title = f"{n} other reference answer{'s' if n != 1 else ''}"
        msgs.append(_message("assistant", others, metadata={"title": title, "status": "done"}))
    if related:
        msgs.append(
            _message(
                "assistant",
                "Related questions:",
                options=[{"value": h.question} for h in related[:RELATED]],
            )
        )
    return msgs, (previous or ChatContext()).after(message, result)


def respond(
    bot: Bot, message: str | None, history: list | None, previous: ChatContext | None
) -> tuple[list, str, ChatContext | None]:
    """Chat event: append the person's message and the reply; clear the textbox.

    Returns (history, textbox value, chat context). An empty message changes nothing.
    """
    history = list(history or [])
    text = message if isinstance(message, str) else ""
    if not text.strip():
        return history, "", previous
    shown = text if len(text) <= bot.settings.max_text_chars else text[:200] + " …"
    history.append(_message("user", render.escape(shown)))
    replies, previous = answer_messages(bot, text, previous)
    history.extend(replies)
    return history, "", previous


def ask_option(bot: Bot, history: list | None, previous: ChatContext | None, evt: Any) -> tuple:
    """A related / "did you mean" option was clicked: ask that question."""
    value = getattr(evt, "value", None)
    if isinstance(value, dict):
        value = value.get("value") or value.get("text")
    return respond(bot, value if isinstance(value, str) else "", history, previous)


def clear_chat() -> tuple[list, str, None]:
    return [], "", None


def _ask_tab(bot: Bot) -> None:
    gr = _gr()
    previous = gr.State(None)
    chat = gr.Chatbot(
        label="Ask",
        show_label=False,
        height=520,
        layout="bubble",
        sanitize_html=True,
        allow_tags=False,
        feedback_options=None,
        buttons=["copy"],
        placeholder=(
            "**Ask a deep-learning interview question.**\n\n"
            "I reply with the closest answer from the question bank and its source."
        ),
        examples=[{"text": q} for q in EXAMPLES],
        elem_id="ask-chat",
    )
    with gr.Row():
        box = gr.Textbox(
            placeholder="e.g. Why is ReLU preferred over sigmoid in hidden layers?",
            show_label=False,
            scale=6,
            lines=1,
            max_lines=6,
            submit_btn=False,
            elem_id="ask-input",
        )
        send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="ask-send")
        clear = gr.Button("Clear", scale=1, min_width=80)

    def on_send(message, history, prev):
        return respond(bot, message, history, prev)

    def on_pick(history, prev, evt: gr.SelectData):
        return ask_option(bot, history, prev, evt)

    # Gradio finds the event-data parameter by its real type; postponed annotations are strings.
    on_pick.__annotations__["evt"] = gr.SelectData
    outputs = [chat, box, previous]
    common = {"api_visibility": "private", "show_progress": "minimal"}
    box.submit(on_send, [box, chat, previous], outputs, **common)
    send.click(on_send, [box, chat, previous], outputs, **common)
    chat.option_select(on_pick, [chat, previous], outputs, **common)
    chat.example_select(on_pick, [chat, previous], outputs, **common)
    clear.click(clear_chat, None, outputs, api_visibility="private", queue=False)
    # The chat's own trash icon empties the messages; the follow-up context goes with them.
    chat.clear(clear_chat, None, outputs, api_visibility="private", queue=False)


# -- Profile ----------------------------------------------------------------------------------
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
        return render.error_markdown(_problem(exc))


# -- Mock interview ---------------------------------------------------------------------------
def _setup_notice(message: str) -> dict:
    return {"phase": "setup", "notice": message}


def _count(count: int | float | None) -> int:
    try:
        n = int(count or DEFAULT_QUESTIONS)
    except (TypeError, ValueError):
        n = DEFAULT_QUESTIONS
    return max(1, min(n, MAX_QUESTIONS))


def _nothing_left(mode: str, attempts: Sequence[Attempt], topics: Sequence[str], bot: Bot) -> str:
    """Why a mode found no questions, and what to pick instead."""
    if mode == "new":
        return "You have answered every question in those topics; try Due for review or Random."
    wanted = {c.id for c in bot.bank if not topics or c.topic in topics}
    upcoming = [s.due for qid, s in practice.schedules(attempts).items() if qid in wanted]
    when = f" (the next one is due {min(upcoming).astimezone():%Y-%m-%d %H:%M})" if upcoming else ""
    return f"Nothing is due for review in those topics{when}; try Weakest topics or Random."


def new_interview(
    bot: Bot,
    topics: Sequence[str] | None,
    count: int | float | None,
    rng: random.Random | None = None,
    *,
    mode: str = "random",
    history: History | None = None,
    profile: str | None = None,
    now: datetime | None = None,
) -> dict:
    """A fresh interview state: ``count`` questions from ``topics`` (empty: all) by ``mode``.

    With a ``history``, the profile's past answers drive the choice (``practice.choose``:
    due for review, new only, weakest topics or random) and each answer will be saved under
    that profile, fixed for the whole interview.
    """
    chosen = [t for t in (topics or []) if t and t != ALL_TOPICS]
    if not any(not chosen or c.topic in chosen for c in bot.bank):
        return _setup_notice("No questions in those topics; pick others.")
    if mode not in practice.MODES:
        return _setup_notice(f"Pick how to choose questions: {', '.join(MODE_NAMES)}.")
    name = None
    attempts: list[Attempt] = []
    if history is not None:
        try:
            name = check_profile(profile)
            attempts = history.attempts(name)
        except Exception as exc:  # noqa: BLE001 - one line above the Start button
            return _setup_notice(_problem(exc))
    seed = (rng or random.Random()).randrange(2**31)
    picked = practice.choose(bot.bank, attempts, mode, _count(count), chosen, now=now, seed=seed)
    if not picked:
        return _setup_notice(_nothing_left(mode, attempts, chosen, bot))
    return {
        "phase": "question",
        "ids": [c.id for c in picked],
        "index": 0,
        "results": [],
        "feedback": "",
        "profile": name,
        "mode": mode,
    }


def _current(bot: Bot, state: dict):
    return bot.get(state["ids"][state["index"]])


def _missed_points(grade: object) -> list[str]:
    out = []
    for item in getattr(grade, "missed", ()) or ():
        text = getattr(item, "text", None)
        if text is None and isinstance(item, dict):
            text = item.get("key_point") or item.get("text")
        out.append(str(text if text is not None else item))
    return out


def _save(history: History | None, state: dict, c, **fields: Any) -> tuple[int | None, str]:
    """Record one attempt for the interview's profile: (attempt id or None, problem or '')."""
    if history is None or not state.get("profile"):
        return None, ""
    try:
        attempt_id = history.record(
            state["profile"], question_id=c.id, question=c.question, topic=c.topic, **fields
        )
    except sqlite3.Error as exc:  # the grade is still shown; saving failed
        log.warning("cannot save an attempt to %s: %s", history.path, exc)
        return None, f"this answer was not saved: the practice database failed ({exc})"
    except Exception as exc:  # noqa: BLE001
        return None, f"this answer was not saved ({_problem(exc)})"
    return attempt_id, ""


def submit_answer(
    bot: Bot, state: dict, answer: str | None, history: History | None = None
) -> dict:
    """Grade the answer to the current question (and save it); the state moves to its feedback."""
    if state.get("phase") != "question":
        return state
    c = _current(bot, state)
    try:
        outcome = bot.grade(c.question, answer or "", question_id=c.id)
    except Exception as exc:  # noqa: BLE001 - a one-line notice, the question stays open
        msg = _problem(exc)
        if isinstance(exc, InputError) and "empty" in msg:
            msg = "Type an answer first, or press Skip."
        return {**state, "notice": msg}
    g = outcome.grade
    score = max(0, min(100, int(getattr(g, "score", 0) or 0)))
    passed = bool(getattr(g, "passed", False))
    verdict = str(getattr(g, "verdict", "") or ("pass" if passed else "fail"))
    attempt_id, problem = _save(
        history, state, c, answer=answer or "", score=score, passed=passed, verdict=verdict,
        missed=_missed_points(g),
    )  # fmt: skip
    row = {
        "id": c.id,
        "question": c.question,
        "score": score,
        "passed": passed,
        "verdict": verdict,
        "attempt_id": attempt_id,
        "override": None,
    }
    return {
        **state,
        "phase": "feedback",
        "results": [*state["results"], row],
        "feedback": render.grade_markdown(g),
        "notice": problem,
    }


def skip_question(
    bot: Bot, state: dict, *, reveal: bool = False, history: History | None = None
) -> dict:
    """Skip the current question (scored 0); with ``reveal`` its model answer is shown.

    A skip is saved as a failed attempt (score 0, verdict "skipped" or "answer shown"), so
    spaced repetition brings the question back soon instead of treating it as new.
    """
    if state.get("phase") != "question":
        return state
    c = _current(bot, state)
    verdict = "answer shown" if reveal else "skipped"
    attempt_id, problem = _save(
        history, state, c, answer="", score=0, passed=False, verdict=verdict
    )
    row = {
        "id": c.id,
        "question": c.question,
        "score": 0,
        "passed": False,
        "verdict": verdict,
        "attempt_id": attempt_id,
        "override": None,
    }
    feedback = render.model_answer_markdown(c) if reveal else ""
    new = {**state, "results": [*state["results"], row], "feedback": feedback, "notice": ""}
    if reveal:
        return {**new, "phase": "feedback", "notice": problem}
    moved = next_question(bot, {**new, "phase": "feedback"})
    return {**moved, "notice": problem} if problem else moved


def override_grade(history: History | None, state: dict, override: str) -> dict:
    """Mark the answer just graded "right" or "wrong": saved, and its schedule follows."""
    if state.get("phase") != "feedback" or not state.get("results"):
        return state
    row = state["results"][-1]
    if not _can_override(state):
        return {**state, "notice": "Only a graded answer that was saved can be marked."}
    try:
        history.set_override(state["profile"], row["attempt_id"], override)
    except Exception as exc:  # noqa: BLE001
        return {**state, "notice": _problem(exc)}
    return {**state, "results": [*state["results"][:-1], {**row, "override": override}],
            "notice": ""}  # fmt: skip


def _can_override(state: dict) -> bool:
    if state.get("phase") != "feedback" or not state.get("results"):
        return False
    row = state["results"][-1]
    return row.get("attempt_id") is not None and row.get("verdict") not in SKIP_VERDICTS


def next_question(bot: Bot, state: dict) -> dict:
    """After feedback: the next question, or the summary after the last one."""
    if state.get("phase") != "feedback":
        return state
    index = state["index"] + 1
    if index >= len(state["ids"]):
        return {**state, "phase": "done", "feedback": "", "notice": ""}
    return {**state, "phase": "question", "index": index, "feedback": "", "notice": ""}


def interview_view(bot: Bot, state: dict) -> dict:
    """What the interview tab shows for ``state``: plain values, no Gradio objects."""
    phase = state.get("phase", "setup")
    view = {
        "phase": phase,
        "notice": render.error_markdown(state["notice"]) if state.get("notice") else "",
        "progress": "",
        "question": "",
        "feedback": state.get("feedback", ""),
        "summary": "",
        "next_label": "Next question",
        "can_override": _can_override(state),
        "override": "",
    }
    if phase in {"question", "feedback"}:
        total = len(state["ids"])
        view["progress"] = render.progress_markdown(state["index"], total)
        if state.get("profile"):
            mode = practice.MODE_LABELS.get(state.get("mode", ""), "")
            view["progress"] += f" · {render.escape_inline(state['profile'])} · {mode}"
        view["question"] = render.question_markdown(_current(bot, state))
        if state["index"] + 1 >= total:
            view["next_label"] = "See summary"
    if view["can_override"]:
        view["override"] = render.override_markdown(state["results"][-1].get("override"))
    if phase == "done":
        view["summary"] = render.summary_markdown(state["results"])
        if state.get("profile") and any(r.get("attempt_id") for r in state["results"]):
            view["summary"] += (
                f"\n\nSaved to **{render.escape_inline(state['profile'])}**'s history: "
                "see the **Progress** tab."
            )
    return view


def _interview_updates(bot: Bot, state: dict, clear_answer: bool) -> tuple:
    gr = _gr()
    v = interview_view(bot, state)
    running = v["phase"] in {"question", "feedback"}
    asking = v["phase"] == "question"
    answer = gr.update(interactive=asking, **({"value": ""} if clear_answer else {}))
    return (
        state,
        gr.update(visible=not running),  # setup
        gr.update(visible=running),  # interview panel
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


def _topic_choices(bot: Bot) -> list[tuple[str, str]]:
    return [(f"{t} ({n})", t) for t, n in bot.topics()]


def _interview_tab(bot: Bot, history: History, profile: gr.Dropdown) -> None:
    gr = _gr()
    state = gr.State({"phase": "setup"})
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
                choices=_topic_choices(bot), label="Topics", scale=3, elem_id="iv-topics"
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
            placeholder="Answer as you would in the interview…",
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
        nxt = gr.Button("Next question", visible=False, variant="primary", elem_id="iv-next")
    summary = gr.Markdown(visible=False, elem_id="iv-summary")

    outputs = [state, setup, panel, progress, question, answer, actions, notice, feedback]
    outputs += [override_row, override_note, nxt, summary]
    common = {"api_visibility": "private", "show_progress": "minimal"}

    def on_start(who, how, topic_values, n):
        st = new_interview(bot, topic_values, n, mode=how, history=history, profile=who)
        shown = render.error_markdown(st["notice"]) if st.get("notice") else ""
        return (
            *_interview_updates(bot, st, True),
            gr.update(value=shown, visible=bool(shown)),
        )

    def on_submit(st, text):
        return _interview_updates(bot, submit_answer(bot, st, text, history), False)

    def on_skip(st):
        return _interview_updates(bot, skip_question(bot, st, history=history), True)

    def on_show(st):
        return _interview_updates(bot, skip_question(bot, st, reveal=True, history=history), False)

    def on_right(st):
        return _interview_updates(bot, override_grade(history, st, "right"), False)

    def on_wrong(st):
        return _interview_updates(bot, override_grade(history, st, "wrong"), False)

    def on_next(st):
        return _interview_updates(bot, next_question(bot, st), True)

    start.click(on_start, [profile, mode, topics, count], [*outputs, setup_notice], **common)
    submit.click(on_submit, [state, answer], outputs, **common, **GRADING_QUEUE)
    skip.click(on_skip, [state], outputs, **common)
    show.click(on_show, [state], outputs, **common)
    right.click(on_right, [state], outputs, **common)
    wrong.click(on_wrong, [state], outputs, **common)
    nxt.click(on_next, [state], outputs, **common)


# -- Progress ---------------------------------------------------------------------------------
def _local(when: datetime) -> datetime:
    return when.astimezone().replace(tzinfo=None)


def progress_view(history: History, profile: str | None, now: datetime | None = None) -> dict:
    """What the Progress tab shows for ``profile``: Markdown and pandas DataFrames.

    ``timeline`` has one row per saved answer, oldest first (``answer`` number, ``score``,
    ``when`` in server-local time, ``question``); ``topics`` one row per topic (``topic``,
    ``average``), weakest first.
    """
    import pandas as pd

    view: dict[str, Any] = {
        "notice": "",
        "profile": None,
        "attempts": 0,
        "stats": "",
        "timeline": pd.DataFrame({"answer": [], "score": [], "when": [], "question": []}),
        "topics": pd.DataFrame({"topic": [], "average": []}),
        "recent": "",
    }
    try:
        name = check_profile(profile)
        attempts = history.attempts(name)
    except Exception as exc:  # noqa: BLE001
        view["notice"] = render.error_markdown(_problem(exc))
        return view
    p = practice.progress(attempts, now=now, recent=RECENT)
    view.update(
        profile=name,
        attempts=p.attempts,
        stats=render.stats_markdown(p.attempts, p.average, p.due_today, p.streak),
        recent=render.recent_markdown(p.recent),
    )
    if attempts:
        questions = [a.question for a in sorted(attempts, key=lambda a: (a.created_at, a.id))]
        view["timeline"] = pd.DataFrame(
            {
                "answer": list(range(1, len(p.timeline) + 1)),
                "score": [int(s) for _, s in p.timeline],
                "when": [f"{_local(t):%Y-%m-%d %H:%M}" for t, _ in p.timeline],
                "question": questions,
            }
        )
        per_topic = sorted(p.per_topic.items(), key=lambda kv: (kv[1], kv[0]))
        view["topics"] = pd.DataFrame(
            {"topic": [t for t, _ in per_topic], "average": [round(v, 1) for _, v in per_topic]}
        )
    return view


def _export_root() -> Path:
    """Gradio's own upload/cache folder: the only place the app serves files from."""
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()) / "interviewbot-exports"


def _clean_exports(root: Path, max_age: float = EXPORT_MAX_AGE) -> None:
    """Delete export folders older than ``max_age`` seconds (best effort)."""
    if not root.is_dir():
        return
    cutoff = time.time() - max_age
    for folder in root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def export_csv(history: History, profile: str | None, root: Path | None = None) -> Path | None:
    """The profile's history as a CSV file written for this request; None when there is none.

    Each export goes in a fresh folder under ``root`` (default: Gradio's upload folder, the
    only place the app serves files from); folders older than an hour are removed.
    """
    try:
        name = check_profile(profile)
    except InputError:
        return None
    text = history.export_csv(name)
    if text.count("\n") <= 1:  # the header only
        return None
    root = root or _export_root()
    root.mkdir(parents=True, exist_ok=True)
    _clean_exports(root)
    folder = Path(tempfile.mkdtemp(dir=root))
    slug = re.sub(r"[^\w.-]+", "_", name, flags=re.ASCII).strip("._") or "profile"
    path = folder / f"interviewbot-history-{slug}.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _progress_updates(history: History, profile: str | None) -> tuple:
    gr = _gr()
    v = progress_view(history, profile)
    try:
        csv_path = export_csv(history, profile) if v["attempts"] else None
    except Exception as exc:  # noqa: BLE001 - the figures still show
        log.warning("CSV export failed: %s", exc)
        csv_path = None
    has = bool(v["attempts"])
    return (
        gr.update(value=v["notice"] or v["stats"]),
        gr.update(value=v["timeline"], visible=has),
        gr.update(value=v["topics"], visible=has),
        gr.update(value=v["recent"], visible=bool(v["recent"])),
        gr.update(value=str(csv_path) if csv_path else None, interactive=csv_path is not None),
    )


def _progress_tab(history: History) -> tuple[list, Any]:
    """The Progress tab's components; returns (outputs, refresh function taking a profile)."""
    gr = _gr()
    stats = gr.Markdown(elem_id="pr-stats")
    with gr.Row():
        timeline = gr.LinePlot(
            x="answer",
            y="score",
            title="Score over time",
            x_title="Answer (oldest first)",
            y_title="Score",
            y_lim=[0, 100],
            tooltip=["answer", "when", "score", "question"],
            height=340,
            visible=False,
            elem_id="pr-timeline",
        )
        topics = gr.BarPlot(
            x="topic",
            y="average",
            title="Average per topic",
            x_title="Topic",
            y_title="Average score",
            y_lim=[0, 100],
            sort="y",
            x_label_angle=-35,
            height=340,
            visible=False,
            elem_id="pr-topics",
        )
    recent = gr.Markdown(visible=False, elem_id="pr-recent")
    download = gr.DownloadButton(
        "Export CSV", value=None, interactive=False, size="sm", elem_id="pr-export"
    )
    return [stats, timeline, topics, recent, download], partial(_progress_updates, history)


# -- Browse -----------------------------------------------------------------------------------
def browse_view(bot: Bot, topic: str | None, search: str | None) -> str:
    """Browse event: the matching bank questions as safe Markdown."""
    if isinstance(search, str) and len(search) > bot.settings.max_text_chars:
        return render.error_markdown(
            f"search is {len(search):,} characters; the limit is "
            f"{bot.settings.max_text_chars:,}, so shorten it"
        )
    try:
        items = bot.browse(topic if topic and topic != ALL_TOPICS else None, search or None)
    except Exception as exc:  # noqa: BLE001
        return render.error_markdown(_problem(exc))
    return render.browse_markdown(items)


def _browse_tab(bot: Bot) -> None:
    gr = _gr()
    with gr.Row():
        topic = gr.Dropdown(
            choices=[(f"All topics ({len(bot.bank)})", ALL_TOPICS), *_topic_choices(bot)],
            value=ALL_TOPICS,
            label="Topic",
            scale=1,
            elem_id="browse-topic",
        )
        search = gr.Textbox(
            label="Search",
            placeholder="words in a question or answer, e.g. leaky relu",
            scale=2,
            elem_id="browse-search",
        )
    results = gr.Markdown(browse_view(bot, ALL_TOPICS, ""), elem_id="browse-results")

    def on_change(t, s):
        return browse_view(bot, t, s)

    common = {"api_visibility": "private", "show_progress": "hidden", "queue": False}
    topic.change(on_change, [topic, search], results, **common)
    search.change(on_change, [topic, search], results, trigger_mode="always_last", **common)


# -- the web API ------------------------------------------------------------------------------
def api_ask(bot: Bot, question: str, top_k: int = 3) -> dict:
    """``/ask``: like ``interviewbot ask --json``. Raises gr.Error with one line on bad input."""
    try:
        k = int(top_k)
        return bot.ask(question, top_k=max(1, min(k, 20))).to_dict()
    except Exception as exc:  # noqa: BLE001
        raise _gr().Error(_problem(exc), print_exception=False) from None


def api_grade(bot: Bot, question: str, answer: str) -> dict:
    """``/grade``: like ``interviewbot grade --json``."""
    try:
        return bot.grade(question, answer).to_dict()
    except Exception as exc:  # noqa: BLE001
        raise _gr().Error(_problem(exc), print_exception=False) from None


def _api(bot: Bot) -> None:
    gr = _gr()

    def ask(question: str, top_k: int = 3) -> dict:
        """Closest bank questions with their answers, or an abstention with suggestions."""
        return api_ask(bot, question, top_k)

    def grade(question: str, answer: str) -> dict:
        """Grade an answer against the model answers of the matching bank question."""
        return api_grade(bot, question, answer)

    # gr.api reads real types from the signature; postponed annotations are strings.
    ask.__annotations__ = {"question": str, "top_k": int, "return": dict}
    grade.__annotations__ = {"question": str, "answer": str, "return": dict}
    gr.api(ask, api_name="ask")
    gr.api(grade, api_name="grade", **GRADING_QUEUE)


# -- the app ----------------------------------------------------------------------------------
def build_app(bot: Bot, db_path: Path | str | None = None) -> gr.Blocks:
    """The whole app over one loaded ``bot``. Tabs are independent builders.

    Practice history goes to one SQLite file per server: ``db_path``, else
    ``bot.settings.database``. Each browser session picks its own profile in it.
    """
    gr = _gr()
    bot.index  # noqa: B018 - load the index (and fail early) before building the UI
    history = History(Path(db_path) if db_path is not None else bot.settings.database)
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        with gr.Row(equal_height=False):
            with gr.Column(scale=4, elem_classes=["ib-header"]):
                gr.Markdown(f"# {TITLE}")
                gr.Markdown(TAGLINE, elem_classes=["ib-tagline"])
            with gr.Column(scale=1, min_width=240):
                profile = gr.Dropdown(
                    choices=[DEFAULT_PROFILE],
                    value=DEFAULT_PROFILE,
                    allow_custom_value=True,
                    label="Profile",
                    info="Pick or type a name; your answers are saved under it.",
                    elem_id="profile",
                )
                status = gr.Markdown(elem_id="profile-status")
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                _ask_tab(bot)
            with gr.Tab("Mock interview", id="interview"):
                _interview_tab(bot, history, profile)
            with gr.Tab("Progress", id="progress") as progress_tab:
                progress_outputs, refresh = _progress_tab(history)
            with gr.Tab("Browse", id="browse"):
                _browse_tab(bot)
        _api(bot)

        def on_profile(who):
            return (profile_status(history, who), *refresh(who))

        def on_load(who):
            return gr.update(choices=profile_choices(history)), profile_status(history, who)

        def on_progress_tab(who):
            return (gr.update(choices=profile_choices(history)), *on_profile(who))

        # the Progress tab refreshes when it is opened and when the profile changes
        common = {"api_visibility": "private", "show_progress": "hidden"}
        profile.change(on_profile, [profile], [status, *progress_outputs], **common)
        progress_tab.select(on_progress_tab, [profile], [profile, status, *progress_outputs],
                            **common)  # fmt: skip
        demo.load(on_load, [profile], [profile, status], **common)
    return demo


def launch_options(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: tuple[str, str] | None = None,
    db_path: Path | str | None = None,
) -> dict:
    """The ``launch()`` arguments every server uses (CLI, tests, screenshots)."""
    gr = _gr()
    blocked = [str(p.resolve()) for p in (settings.corpus_dir, settings.index_dir)]
    database = Path(db_path if db_path is not None else settings.database).resolve()
    # the practice store and its WAL/journal files: never served, wherever they live
    blocked += [str(database) + suffix for suffix in ("", "-wal", "-shm", "-journal")]
    return {
        "server_name": host,
        "server_port": port,
        "share": False,  # never a public tunnel
        "auth": auth,
        "auth_message": "Interviewbot: sign in with the user:password given to --auth.",
        "show_error": False,
        "allowed_paths": [],  # serve nothing from disk beyond Gradio's own assets
        "blocked_paths": blocked,
        "max_file_size": MAX_UPLOAD,
        "footer_links": ["api"],
        "run_history": False,
        "enable_monitoring": False,
        "mcp_server": False,
        "ssr_mode": False,
        "pwa": False,
        "theme": gr.themes.Soft(primary_hue="indigo"),
        "css": CSS,
        "quiet": True,
    }


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """'user:password' -> (user, password); None when unset; InputError when malformed."""
    if value is None or not value.strip():
        return None
    user, sep, password = value.partition(":")
    if not sep or not user.strip() or not password:
        raise InputError(
            "auth must look like user:password (both parts non-empty); "
            f"set it with --auth or {AUTH_ENV}"
        )
    return user.strip(), password


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def host_policy(host: str, allow_remote: bool, has_auth: bool) -> tuple[int | None, str | None]:
    """(exit code or None to go on, one-line message or None) for binding to ``host``."""
    if is_loopback(host):
        return None, None
    if not allow_remote:
        return 2, (
            f"error: refusing to listen on {host}: other machines could reach the app; "
            "pass --allow-remote (with --auth user:password) to do it anyway"
        )
    if not has_auth:
        return None, (
            f"warning: listening on {host} without a password; anyone who can reach this "
            f"machine can use the app. Use --auth user:password (or {AUTH_ENV})."
        )
    return None, f"warning: listening on {host}; the app is reachable from other machines."


def _eprint(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


CONCURRENCY = 32  # request threads per event; query encoding is batched
# Grading runs the torch model under one lock: a small FIFO queue in front of it beats 32
# threads racing for the lock (measured p99 of 24 s with that race at 32 users).
GRADING_QUEUE = {"concurrency_limit": 2, "concurrency_id": "grading"}


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: str | None = None,
    allow_remote: bool = False,
    db_path: Path | str | None = None,
) -> int:
    """Start the web app and block until it is stopped. Returns the exit code.

    Practice history is kept in ``db_path``, else ``settings.database`` (env
    ``INTERVIEWBOT_DB_PATH``, default in the user's data directory).
    """
    try:
        credentials = parse_auth(auth if auth is not None else os.environ.get(AUTH_ENV))
    except InputError as exc:
        _eprint(f"error: {exc}")
        return 2
    code, message = host_policy(host, allow_remote, credentials is not None)
    if message:
        _eprint(message)
    if code is not None:
        return code
    if not 0 < port < 65536:
        _eprint(f"error: port {port} is out of range; use 1-65535")
        return 2

    from interviewbot.bot import Bot

    database = Path(db_path) if db_path is not None else settings.database
    try:
        History(database)  # a clear error now, not on the first answer
    except InterviewbotError as exc:
        _eprint(f"error: {exc}")
        return 1
    _eprint(f"practice history: {database}")
    # Concurrent users' questions meet in the micro-batcher and share forward passes.
    bot = Bot(settings, log=_eprint, batching=True)
    _eprint("loading the question bank and the model…")
    bot.index  # noqa: B018 - load once per process, before any user arrives
    bot.embedder.encode(["warm up"])
    bot.grade("What is dropout?", "Dropout turns off random neurons while training.")  # warm up
    demo = build_app(bot, db_path=database)
    demo.queue(default_concurrency_limit=CONCURRENCY)
    shown = f"[{host}]" if ":" in host else host
    try:
        try:
            demo.launch(
                prevent_thread_lock=True,
                **launch_options(settings, host, port, credentials, db_path=database),
            )
        except OSError as exc:
            _eprint(f"error: cannot listen on {host}:{port} ({exc}); try another --port")
            return 1
        _eprint(f"Interviewbot is running on http://{shown}:{port} (Ctrl-C to stop)")
        while demo.is_running:
            time.sleep(0.2)
    except KeyboardInterrupt:
        _eprint("stopping")
    finally:
        demo.close()
    return 0
