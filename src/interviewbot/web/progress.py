"""The Progress tab: one profile's figures, charts, last answers and CSV export.

:func:`progress_view` computes what to show as plain values (Markdown and pandas DataFrames);
:func:`build` lays out the tab and returns its outputs and a refresh function.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from interviewbot.practice import schedule as practice
from interviewbot.practice.store import History, check_profile
from interviewbot.web import render
from interviewbot.web.export import export_csv
from interviewbot.web.text import gradio, log, problem

RECENT = 10  # last answers listed in the Progress tab


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
        view["notice"] = render.error_markdown(problem(exc))
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


def _updates(history: History, profile: str | None) -> tuple:
    gr = gradio()
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


def build(history: History) -> tuple[list, Any]:
    """The Progress tab's components; returns (outputs, refresh function taking a profile)."""
    gr = gradio()
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
    return [stats, timeline, topics, recent, download], partial(_updates, history)
