"""The web app without a browser: render helpers, event functions, the API functions, serve().

Real model and FAISS over a tiny corpus with hostile answers (see ``app_fixtures.py``).
"""

from __future__ import annotations

import random
import subprocess
import sys
from types import SimpleNamespace

import pytest

from app_data import (
    XSS_ANSWER,
    XSS_QUESTION,
)
from interviewbot.errors import InputError
from interviewbot.models import Hit
from interviewbot.web import api, app, ask, browse, interview, render, server
from interviewbot.web.interview_state import Answered

pytest_plugins = ["app_fixtures"]  # the app_* fixtures

RELU_Q = "What does the ReLU activation function compute?"


def _text(history: list) -> str:
    return "\n".join(str(m.get("content", "")) for m in history)


# -- render -----------------------------------------------------------------------------------
def test_escape_neutralises_html_and_markdown():
    out = render.escape(XSS_ANSWER + " [click](javascript:alert(1)) `code` # h *b*")
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=" in out
    assert "\\[click\\]" in out and "\\`code\\`" in out and "\\*b\\*" in out


def test_escape_keeps_quotes_and_lists_readable():
    out = render.escape('it\'s "dying ReLU"\n- one\n1. two')
    assert out == 'it\'s "dying ReLU"\n- one\n1. two'


def test_confidence_cue_follows_score():
    assert render.confidence(0.9) == "strong match"
    assert render.confidence(0.7) == "good match"
    assert render.confidence(0.56).startswith("partial match")


def test_hit_markdown_has_question_answer_cue_topic_source():
    hit = Hit("q1", "What is <b>x</b>?", "An <script>answer</script>", 0.83, "CNN", "a.md:3")
    md = render.hit_markdown(hit)
    assert "What is &lt;b&gt;x&lt;/b&gt;?" in md
    assert "&lt;script&gt;" in md and "<script" not in md
    assert "Strong match (0.83)" in md and "Topic: CNN" in md and "Source: a.md:3" in md


def test_key_point_line_reads_dicts_defensively():
    assert render.key_point_line({"key_point": "uses <b>", "phrase": "I said"}) == (
        'uses &lt;b&gt; — *you said: "I said"*'
    )
    assert render.key_point_line({"text": "a point", "match": ""}) == "a point"
    assert render.key_point_line(SimpleNamespace(text="from an object")) == "from an object"
    assert render.key_point_line("plain") == "plain"


def test_summary_table_and_average():
    rows = [
        Answered(id="q1", question="Q <1>", score=80, passed=True, verdict="correct"),
        Answered(id="q2", question="Q | 2", score=0, passed=False, verdict="skipped"),
        Answered(id="q3", question="Q3", score=40, passed=False, verdict="copies_question"),
    ]
    md = render.summary_markdown(rows)
    assert "| 1 | Q &lt;1&gt; | 80 | correct |" in md
    assert "Q \\| 2" in md and "copies question" in md
    assert "Average score: 40/100" in md and "passed 1 of 3" in md
    assert render.average([]) == 0.0


def test_progress_reads_question_n_of_m():
    assert render.progress_markdown(2, 5) == "**Question 3 of 5**"


def test_browse_markdown_escapes_inside_our_details(app_bot):
    md = render.browse_markdown(app_bot.browse(None, "onerror"))
    assert "<img" not in md and "<script" not in md and "<b>" not in md
    assert md.count("<details>") == 2 and md.startswith("**2 questions**")
    assert render.browse_markdown([]).startswith("No questions match")
    n = len(app_bot.bank)
    second = render.browse_markdown(app_bot.bank, page=2, per_page=3)
    assert second.count("<details>") == 3 and f"4–6, page 2 of {-(-n // 3)}" in second
    assert app_bot.bank[3].question[:20] in second and app_bot.bank[0].question[:20] not in second
    last = render.browse_markdown(app_bot.bank, page=99, per_page=3)  # clamped to the last page
    assert last.count("<details>") == n - 3 * (-(-n // 3) - 1)


# -- Ask --------------------------------------------------------------------------------------
def test_respond_answers_with_source_and_related_options(app_bot):
    history, box, previous = ask.respond(app_bot, "what does relu compute?", [], None)
    assert box == "" and app_bot.get(previous.shown).question == RELU_Q
    assert history[0] == {"role": "user", "content": "what does relu compute?"}
    first = history[1]["content"]
    assert RELU_Q in first and "Source: app, line " in first and "Topic:" in first
    expandable = [m for m in history if m.get("metadata")]
    assert len(expandable) == 1 and expandable[0]["metadata"]["status"] == "done"
    assert "1 other reference answer" == expandable[0]["metadata"]["title"]
    options = history[-1]["options"]
    assert 1 <= len(options) <= ask.RELATED and all(o["value"] for o in options)


def test_follow_up_uses_the_previous_question(app_bot):
    history, _, previous = ask.respond(app_bot, "what does relu compute?", [], None)
    history, _, previous = ask.respond(app_bot, "and leaky relu?", history, previous)
    assert app_bot.get(previous.shown).question == "What is leaky ReLU?"
    assert "What is leaky ReLU?" in history[-2]["content"] or "leaky" in _text(history[-3:])


def test_respond_abstains_with_did_you_mean(app_bot):
    q = "Who won the football world cup in the year nineteen sixty six?"
    history, _, previous = ask.respond(app_bot, q, [], None)
    reply = history[-1]
    assert previous is None
    assert "I don't have a good answer" in reply["content"]
    assert "Source:" not in _text(history)
    for option in reply.get("options", []):
        assert option["value"] in {c.question for c in app_bot.bank}


def test_respond_escapes_corpus_and_user_text(app_bot):
    history, _, _ = ask.respond(app_bot, XSS_QUESTION + " <script>x()</script>", [], None)
    text = _text(history)
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;window.pwned" in text


def test_respond_too_long_gets_a_clear_message(app_bot):
    history, box, previous = ask.respond(app_bot, "why " * 1500, [], "earlier")
    assert previous == "earlier" and box == "why " * 1500  # kept, to be shortened
    assert len(history[0]["content"]) < 300  # the echo is shortened
    assert "limit is 4,000" in history[-1]["content"]


def test_respond_ignores_empty_and_keeps_history(app_bot):
    before = [{"role": "user", "content": "hi"}]
    history, box, previous = ask.respond(app_bot, "   ", before, "p")
    assert history == before and history is not before and box == "" and previous == "p"


def test_option_click_asks_that_question(app_bot):
    evt = SimpleNamespace(value={"value": "What is leaky ReLU?"})
    history, _, previous = ask.ask_option(app_bot, [], None, evt)
    assert app_bot.get(previous.shown).question == "What is leaky ReLU?"
    assert history[0]["content"] == "What is leaky ReLU?"


def test_clear_chat_resets_history_and_context():
    assert ask.clear_chat() == ([], "", None)


# -- Mock interview ---------------------------------------------------------------------------
def test_new_interview_filters_topics_and_clamps_count(app_bot):
    state = interview.new_interview(app_bot, ["activation functions"], 10, random.Random(1))
    topics = {app_bot.get(i).topic for i in state.ids}
    assert topics == {"activation functions"} and len(state.ids) == 2
    everything = interview.new_interview(app_bot, [], 3, random.Random(1))
    assert len(everything.ids) == 3 and everything.phase == "question"
    empty = interview.new_interview(app_bot, ["no such topic"], 3)
    assert empty.phase == "setup" and "No questions" in empty.notice


def test_interview_grades_moves_on_and_sums_up(app_bot):
    state = interview.new_interview(app_bot, [], 2, random.Random(3))
    view = interview.interview_view(app_bot, state)
    assert "Question 1 of 2" in view["progress"] and view["question"]

    blank = interview.submit_answer(app_bot, state, "  ")
    assert blank.phase == "question" and "Type an answer first" in blank.notice

    first = app_bot.get(state.ids[0])
    graded = interview.submit_answer(app_bot, state, first.answer.text)  # the model answer itself
    assert graded.phase == "feedback" and state.results == ()  # input not mutated
    row = graded.results[0]
    assert 0 <= row.score <= 100 and row.passed is True
    assert "/100" in graded.feedback and "Model answer" in graded.feedback
    assert interview.submit_answer(app_bot, graded, "again") is graded  # no double grading

    second = interview.next_question(app_bot, graded)
    assert second.phase == "question" and second.index == 1
    view = interview.interview_view(app_bot, second)
    assert "Question 2 of 2" in view["progress"]
    revealed = interview.skip_question(app_bot, second, reveal=True)
    assert revealed.phase == "feedback" and "Model answer" in revealed.feedback
    assert interview.interview_view(app_bot, revealed)["next_label"] == "See summary"

    done = interview.next_question(app_bot, revealed)
    view = interview.interview_view(app_bot, done)
    assert done.phase == "done" and "Interview complete" in view["summary"]
    assert [r.verdict for r in done.results][1] == "answer shown"
    expected = (row.score + 0) / 2
    assert f"Average score: {expected:.0f}/100" in view["summary"]


def test_skip_shows_the_model_answer_even_on_the_last_question(app_bot):
    state = interview.new_interview(app_bot, [], 1, random.Random(0))
    skipped = interview.skip_question(app_bot, state)
    assert skipped.phase == "feedback" and skipped.results[0].verdict == "skipped"
    assert "Model answer" in skipped.feedback
    done = interview.next_question(app_bot, skipped)
    assert "| 0 | skipped |" in interview.interview_view(app_bot, done)["summary"]


def test_i_dont_know_is_not_graded(app_bot):
    state = interview.new_interview(app_bot, [], 1, random.Random(0))
    for text in ("I don't know", "  i’m NOT sure. ", "No idea!"):
        out = interview.submit_answer(app_bot, state, text)
        assert out.results[0].verdict == "not attempted" and "Model answer" in out.feedback
    assert not interview.is_non_attempt("I don't know why ReLU helps, but it keeps gradients")


def test_interview_too_long_answer_is_a_notice(app_bot):
    state = interview.new_interview(app_bot, [], 1, random.Random(0))
    out = interview.submit_answer(app_bot, state, "x " * 3000)
    assert out.phase == "question" and "limit is 4,000" in out.notice


# -- Browse -----------------------------------------------------------------------------------
def test_browse_by_topic_and_search(app_bot):
    assert browse.browse_view(app_bot, "all", "").startswith(f"**{len(app_bot.bank)} questions**")
    cnn = browse.browse_view(app_bot, "CNN", "")
    assert "convolutional" in cnn and "ReLU" not in cnn
    assert browse.browse_view(app_bot, "all", "leaky").startswith("**1 question**")
    assert "limit is" in browse.browse_view(app_bot, "all", "x" * 5000)


def test_browse_shows_every_answer_and_source(app_bot):
    md = browse.browse_view(app_bot, "all", "relu compute")
    assert "Answer 1 of 2" in md and "Answer 2 of 2" in md and md.count("app, line ") >= 2


# -- web API functions ------------------------------------------------------------------------
def test_api_ask_and_grade_return_json_safe_dicts(app_bot):
    import json

    out = api.api_ask(app_bot, "what is dropout?")
    assert out["abstained"] is False and out["hits"][0]["question"].startswith("What is dropout")
    json.dumps(out)
    graded = api.api_grade(app_bot, "what is dropout?", "It randomly drops neurons in training.")
    assert graded["question_id"] == out["hits"][0]["id"] and 0 <= graded["score"] <= 100
    json.dumps(graded)


def test_api_errors_are_one_line_gradio_errors(app_bot):
    import gradio as gr

    with pytest.raises(gr.Error) as err:
        api.api_ask(app_bot, "x" * 5000)
    assert "limit is 4,000" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(gr.Error, match="empty"):
        api.api_grade(app_bot, "what is dropout?", "")


def test_build_app_exposes_only_ask_grade_and_save_answer(app_bot):
    demo = app.build_app(app_bot)
    public = {
        fn.api_name for fn in demo.fns.values() if getattr(fn, "api_visibility", "") == "public"
    }
    assert public == {"ask", "grade", "save_answer"}


# -- serve ------------------------------------------------------------------------------------
def test_parse_auth():
    assert server.parse_auth(None) is None and server.parse_auth(" ") is None
    assert server.parse_auth("ann:se:cret") == ("ann", "se:cret")
    for bad in ("nocolon", ":pw", "user:"):
        with pytest.raises(InputError, match="user:password"):
            server.parse_auth(bad)


def test_is_loopback():
    assert all(server.is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "127.0.1.1"))
    assert not any(server.is_loopback(h) for h in ("0.0.0.0", "192.168.1.4", "example.com", "::"))


def test_serve_refuses_remote_without_flag(app_settings, capsys):
    assert server.serve(app_settings, host="0.0.0.0", port=7999) == 2
    err = capsys.readouterr().err
    assert "--allow-remote" in err and "--auth user:password" in err and len(err.splitlines()) == 1


def test_serve_rejects_bad_auth_from_env(app_settings, capsys, monkeypatch):
    monkeypatch.setenv(server.AUTH_ENV, "no-colon")
    assert server.serve(app_settings, port=7999) == 2
    assert "user:password" in capsys.readouterr().err


def test_importing_the_app_does_not_import_gradio():
    code = "import sys, interviewbot.web.app, interviewbot.cli.main; print('gradio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_host_policy_warns_on_remote_and_recommends_auth():
    assert server.host_policy("127.0.0.1", False, False) == (None, None)
    code, msg = server.host_policy("0.0.0.0", True, False)
    assert code is None and msg.startswith("warning:") and "--auth user:password" in msg
    assert server.AUTH_ENV in msg
    code, msg = server.host_policy("0.0.0.0", True, True)
    assert code is None and msg.startswith("warning:")


def test_launch_options_are_deliberate(app_settings):
    opts = server.launch_options(app_settings, "127.0.0.1", 7999, ("a", "b"))
    assert opts["share"] is False and opts["allowed_paths"] == [] and opts["auth"] == ("a", "b")
    assert str(app_settings.corpus_dir.resolve()) in opts["blocked_paths"]
    assert str(app_settings.index_dir.resolve()) in opts["blocked_paths"]
    assert opts["max_file_size"] and opts["show_error"] is False


def test_older_replies_lose_their_related_label_and_options(app_bot):
    history, _, previous = ask.respond(app_bot, "what does relu compute?", [], None)
    history, _, _ = ask.respond(app_bot, "what is dropout?", history, previous)
    labels = [m for m in history if m["content"] == ask.RELATED_LABEL]
    assert len(labels) == 1 and labels[0] is history[-1]
    assert [m for m in history if m.get("options")] == [history[-1]]


def test_a_covered_key_point_quotes_a_short_phrase():
    said = "word " * 30 + "dropout turns off random neurons while training " + "word " * 30
    line = render.key_point_line({"key_point": "turns off random neurons", "phrase": said})
    quoted = line.split('you said: "')[1].rstrip('"*')
    assert "turns off random neurons" in quoted and len(quoted.split()) <= render.EXCERPT_WORDS + 2
