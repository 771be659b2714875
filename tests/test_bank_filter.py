"""Limiting a search, a browse or a mock interview to one bank (issue 15), on a real index
built from two small banks that share a word on purpose ("glazing" is a question in both)."""

from __future__ import annotations

import json

import pytest

from interviewbot.errors import InputError

POTTERY = """# Pottery

## Firing

### What is a kiln?

An oven that fires clay at a high temperature until it hardens into ceramic.

### What is glazing in pottery?

Coating a pot with a glassy layer of silica and pigments that melts onto it in the kiln.

## Shaping

### What is a potter's wheel?

A spinning disc on which wet clay is centred and thrown into a round pot.
"""

GLASS = """Q: What is annealing glass?
A: Cooling hot glass slowly in an oven so that stresses relax and it does not crack.

Q: What is glazing a window?
A: Fitting panes of glass into a window frame and sealing them with putty or beads.

Q: What is a glassblowing pipe?
A: A long hollow steel tube through which a glassblower inflates a gather of molten glass.
"""


@pytest.fixture(scope="module")
def two_banks(tmp_path_factory, embedder):
    """(command-line location flags, Bot) for one index over the pottery and glass banks."""
    from interviewbot.bot import Bot
    from interviewbot.config import Settings
    from interviewbot.index.build import build

    base = tmp_path_factory.mktemp("two")
    for name, text in (("pottery", POTTERY), ("glass", GLASS)):
        (base / name).mkdir()
        (base / name / "bank.md").write_text(text, encoding="utf-8")
    settings = Settings(
        corpus_dir=base / "pottery", extra_corpus_dirs=(base / "glass",), index_dir=base / "i"
    )
    build(settings, embedder=embedder)
    where = ["--corpus", str(base / "pottery"), "--corpus", str(base / "glass")]
    return [*where, "--index", str(base / "i")], Bot(settings, auto_build=False)


def _ask_json(capsys, argv):
    from interviewbot.cli.main import main

    assert main(argv) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_the_api_asks_within_one_bank(two_banks):
    _, bot = two_banks
    assert bot.banks() == [("pottery", 3), ("glass", 3)]
    question = "What is glazing in pottery?"
    both = [h.question for h in bot.ask(question, top_k=2).hits]
    assert both == ["What is glazing in pottery?", "What is glazing a window?"]
    for bank, expected in (("pottery", "What is glazing in pottery?"),
                           ("glass", "What is glazing a window?")):  # fmt: skip
        res = bot.ask(question, top_k=3, bank=bank)
        assert not res.abstained and res.hits[0].question == expected
        assert {bot.get(h.id).bank for h in res.hits} == {h.bank for h in res.hits} == {bank}


def test_the_web_api_asks_within_one_bank_and_names_an_unknown_one(two_banks):
    from interviewbot.web import api

    _, bot = two_banks
    question = "What is glazing in pottery?"
    for bank, expected in (("pottery", "What is glazing in pottery?"),
                           ("glass", "What is glazing a window?")):  # fmt: skip
        out = api.api_ask(bot, question, 3, bank)
        assert out["hits"][0]["question"] == expected
        assert {h["bank"] for h in out["hits"]} == {bank}
    assert len({h["bank"] for h in api.api_ask(bot, question, 3)["hits"]}) == 2  # every bank
    with pytest.raises(Exception, match="unknown bank 'metal'; known banks: pottery, glass"):
        api.api_ask(bot, question, 3, "metal")


def test_a_question_of_the_other_bank_is_not_answered_from_it(two_banks):
    _, bot = two_banks
    res = bot.ask("What is annealing glass?", top_k=3, bank="pottery")
    shown = [*res.hits, *res.suggestions]
    assert all(bot.get(h.id).bank == "pottery" for h in shown)
    assert bot.ask("What is annealing glass?", bank="glass").hits[0].question == (
        "What is annealing glass?"
    )


def test_ask_and_batch_on_the_command_line(two_banks, capsys, tmp_path):
    where, _ = two_banks
    question = "What is glazing in pottery?"
    (hit,) = _ask_json(capsys, ["ask", question, "--top-k", "1", "--bank", "pottery", "--json",
                                 *where])[0]["hits"]  # fmt: skip
    assert (hit["question"], hit["topic"], hit["bank"]) == (question, "Firing", "pottery")
    batch = tmp_path / "q.jsonl"
    batch.write_text(json.dumps({"question": question}) + '\n{"question": ""}\n')
    rows = _ask_json(capsys, ["ask", "--batch", str(batch), "--bank", "glass", *where])
    assert (rows[0]["hits"][0]["question"], rows[0]["hits"][0]["bank"]) == (
        "What is glazing a window?", "glass"
    )
    assert rows[1]["error"].startswith("line 2:")


def test_browse_topics_and_practice_within_one_bank(two_banks, capsys, tmp_path):
    from interviewbot.cli.terminal import mock_interview
    from interviewbot.practice.store import History

    where, bot = two_banks
    rows = _ask_json(capsys, ["browse", "--bank", "pottery", "--json", *where])
    assert [r["question"] for r in rows] == [
        "What is a kiln?", "What is glazing in pottery?", "What is a potter's wheel?"
    ]  # fmt: skip
    assert [c.question for c in bot.browse(search="glazing", bank="glass")] == [
        "What is glazing a window?"
    ]
    assert dict(bot.topics("pottery")) == {"Firing": 2, "Shaping": 1}
    asked: list[str] = []
    rows = mock_interview(bot, History(tmp_path / "h.sqlite3"), "ann", n=5, mode="random",
                          bank="glass", read=lambda _prompt: "q", write=asked.append)  # fmt: skip
    assert "3 question(s)" in asked[0]
    glass = [c.question for c in bot.questions("glass")]
    assert any(q in asked[1] for q in glass) and not rows  # quit at the first question


@pytest.mark.parametrize("command", [["ask", "what is a kiln"], ["browse"], ["chat"],
                                     ["practice", "-n", "1"]])  # fmt: skip
def test_an_unknown_bank_is_one_line_naming_the_banks(two_banks, capsys, command, tmp_path):
    from interviewbot.cli.main import main

    where, bot = two_banks
    db = ["--db", str(tmp_path / "h.sqlite3")] if command[0] == "practice" else []
    assert main([*command, "--bank", "ceramics", *where, *db]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "error: unknown bank 'ceramics'; known banks: pottery, glass"
    with pytest.raises(InputError, match="known banks: pottery, glass"):
        bot.ask("what is a kiln", bank="ceramics")


def test_nothing_due_names_the_next_review_of_the_chosen_bank(two_banks, tmp_path):
    """Every glass question is reviewed and not yet due: the notice names when the first glass
    question comes due, not an earlier date of a pottery question outside the chosen bank."""
    from datetime import UTC, datetime, timedelta

    from interviewbot.practice import schedule as practice
    from interviewbot.practice.store import History
    from interviewbot.web.interview_start import new_interview

    _, bot = two_banks
    history = History(tmp_path / "h.sqlite3")
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    answered = [(c, now - timedelta(hours=1)) for c in bot.questions("glass")]
    answered.append((bot.questions("pottery")[0], now - timedelta(days=30)))
    for c, when in answered:
        history.record("ann", question_id=c.id, question=c.question, topic=c.topic, answer="a",
                       score=95, passed=True, verdict="correct", when=when)  # fmt: skip
    due = practice.schedules(history.attempts("ann"))
    glass = min(due[c.id].due for c in bot.questions("glass"))
    assert due[bot.questions("pottery")[0].id].due < glass
    state = new_interview(bot, [], 3, mode="due", history=history, profile="ann", now=now,
                          bank="glass")  # fmt: skip
    assert state.phase == "setup"
    assert f"the next one is due {glass.astimezone():%Y-%m-%d %H:%M}" in state.notice
