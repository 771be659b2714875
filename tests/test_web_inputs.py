"""Bad and odd input through the web API (gradio_client against a live loopback server).

Each case gets a clear one-line message or a normal answer: never a traceback, never a hang.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["app_fixtures"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(app_server):
    from gradio_client import Client

    return Client(app_server, verbose=False)


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        ("\x00\x01\x7f", "empty"),
        ("why relu " * 125_000, "limit is 4,000"),  # about 1 MB
    ],
)
@pytest.mark.parametrize("endpoint", ["/ask", "/grade"])
def test_bad_text_gets_one_clear_line(client, endpoint, text, message):
    from gradio_client.exceptions import AppError

    args = (text,) if endpoint == "/ask" else ("What is dropout?", text)
    with pytest.raises(AppError) as info:
        client.predict(*args, api_name=endpoint)
    msg = str(info.value)
    assert message in msg
    assert "Traceback" not in msg and "\n" not in msg.strip()


@pytest.mark.parametrize(
    "text",
    [
        "what is dropout\x00 in a network?",
        "¿Qué es dropout? 🤔🧠",
        "什么是 dropout？",
        "<script>alert(1)</script> what is dropout?",
        "**what** is [dropout](javascript:alert(1))?",
    ],
)
def test_odd_text_is_answered_or_refused_cleanly(client, text):
    out = client.predict(text, api_name="/ask")
    assert isinstance(out["abstained"], bool)
    assert "\x00" not in out["question"]
    graded = client.predict("What is dropout?", text, api_name="/grade")
    assert 0 <= graded["score"] <= 100 and isinstance(graded["passed"], bool)
