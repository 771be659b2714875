"""Data and helpers shared by the web-app tests: a tiny corpus with hostile answers, the
browser settings, a free port. The fixtures that use them are in ``app_fixtures.py``.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]

XSS_QUESTION = "How does the app show an answer that contains markup?"
XSS_ANSWER = (
    'Markup is shown as text: <script>window.pwned = 1; document.title = "pwned"</script> '
    'and <img src=x onerror="window.pwned = 2"> stay visible and never run.'
)
XSS_QUESTION_2 = "What happens to <img src=x onerror=window.pwned=3> in a question?"

APP_CORPUS = [
    {
        "question": "What does the ReLU activation function compute?",
        "answer": "ReLU outputs the input when it is positive and zero otherwise, which keeps "
        "gradients alive for positive inputs and makes networks sparse.",
        "topic": "activation functions",
    },
    {
        "question": "What does the ReLU activation function compute?",
        "answer": "ReLU is max(0, x): negative inputs become zero and positive inputs pass "
        "through unchanged, so it is cheap and avoids saturating for positive values.",
        "topic": "activation functions",
    },
    {
        "question": "What is leaky ReLU?",
        "answer": "Leaky ReLU multiplies negative inputs by a small slope such as 0.01 instead "
        "of zeroing them, so neurons never die completely.",
        "topic": "activation functions",
    },
    {
        "question": "What is dropout in a neural network?",
        "answer": "Dropout randomly disables a fraction of neurons during training so the "
        "network cannot rely on any single unit, which reduces overfitting.",
        "topic": "overfitting & regularization",
    },
    {
        "question": "What is gradient descent?",
        "answer": "Gradient descent updates the weights against the gradient of the loss, "
        "step by step, scaled by the learning rate, to reduce the loss.",
        "topic": "optimizers",
    },
    {
        "question": "What is a convolutional layer?",
        "answer": "A convolutional layer slides learned filters over the input to detect local "
        "patterns such as edges, sharing weights across positions.",
        "topic": "CNN",
    },
    {"question": XSS_QUESTION, "answer": XSS_ANSWER, "topic": "fundamentals"},
    {
        "question": XSS_QUESTION_2,
        "answer": "It is escaped too: <b>bold</b> tags and <img src=x onerror=alert(1)> "
        "appear as plain characters.",
        "topic": "fundamentals",
    },
]


def write_app_corpus(folder: Path) -> Path:
    """The tiny hostile app corpus as one JSONL bank in ``folder``."""
    return write_corpus(folder, APP_CORPUS)


def app_corpus_settings(base: Path):
    """Settings over the app corpus written in ``base`` (index and practice store beside it)."""
    from interviewbot.config import Settings

    return Settings(
        corpus_dir=write_app_corpus(base / "corpus"),
        index_dir=base / "index",
        db_path=base / "practice.sqlite3",
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_running(proc, port: int) -> str:
    """Read a server subprocess's stderr up to its "is running on" line (or EOF if it died);
    assert it serves on 127.0.0.1:port and return what it printed."""
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if "is running on" in line:
            break
    text = "".join(seen)
    assert f"running on http://127.0.0.1:{port}" in text, text
    return text


# Answers written in Markdown (issue 18, rich answers): a fenced code block with a blank line in
# it, a "*" list, a table, and raw HTML beside a code block that shows the same HTML as code.
RICH_CODE = (
    "Use `np.maximum`, element-wise:\n\n```python\nimport numpy as np\n\n"
    "def relu(x):\n    return np.maximum(0, x)  # x where x > 0, else 0\n```\n\n"
    "It works on arrays of any shape."
)
RICH_LIST = (
    "The common ones are:\n\n* **Sigmoid** squashes to (0, 1).\n* **Tanh** squashes to (-1, 1)."
    "\n* **ReLU** is max(0, x).\n\nReLU is the usual default."
)
RICH_TABLE = (
    "| Function | Range | Cost |\n|---|---|---|\n| Sigmoid | (0, 1) | high |\n"
    "| Tanh | (-1, 1) | high |\n| ReLU | [0, inf) | low |\n\nReLU is the cheapest of the three."
)
RICH_HOSTILE = (
    'Raw HTML stays text: <img src=x onerror="window.pwned = 1"> and '
    "<script>window.pwned = 2</script>.\n\n"
    "* a [link](javascript:window.pwned=3) that goes nowhere\n* and `<b>code</b>` in a list\n\n"
    "```html\n<script>window.pwned = 4</script>\n```\n\nNothing here runs."
)
RICH_CORPUS = [
    {"question": "How do you write ReLU in NumPy?", "answer": RICH_CODE, "topic": "code"},
    {"question": "Which activation functions are common?", "answer": RICH_LIST,
     "topic": "lists"},  # fmt: skip
    {"question": "How do sigmoid, tanh and ReLU compare in cost?", "answer": RICH_TABLE,
     "topic": "tables"},  # fmt: skip
    {"question": "How is markup inside a Markdown answer shown?", "answer": RICH_HOSTILE,
     "topic": "markup"},  # fmt: skip
]


def write_corpus(folder: Path, rows: list[dict]) -> Path:
    """``rows`` (question, answer, topic) as one JSONL bank in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n".join(json.dumps(x) for x in rows) + "\n"
    (folder / "app.jsonl").write_text(text, encoding="utf-8")
    return folder
