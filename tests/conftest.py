"""Shared fixtures: the real packaged model, a tiny corpus, and the real seed bank.

Everything is real (model, FAISS, files); indexes are built in temporary folders so the
tests never touch the repository's own ``index/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# A real PostgreSQL server (Debian binaries in a temporary folder) for the history tests.
pytest_plugins = ["pg_server"]

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "raw"

TINY_MD = """Here are some interview questions:

1. **What is dropout in a neural network?**
   - Dropout randomly disables a fraction of neurons during training so the network cannot
     rely on any single unit, which reduces overfitting.

**2. Question:** What does the ReLU activation function compute?

**Answer:** ReLU outputs the input when it is positive and zero otherwise, which keeps
gradients alive for positive inputs.

I hope these help!
"""

TINY_JSONL = [
    {
        "question": "What is a convolutional layer?",
        "answer": "A convolutional layer slides "
        "learned filters over the input to detect local patterns such as edges.",
        "topic": "CNN",
    },
    {
        "question": "Why do we use a validation set?",
        "answer": "A validation set measures "
        "generalization during training so we can tune hyperparameters and stop early.",
    },
]

TINY_CSV = (
    "question,answer\n"
    '"What is gradient descent?","Gradient descent updates weights against the gradient '
    'of the loss to reduce it step by step."\n'
)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No INTERVIEWBOT_* settings leak in; the practice store lives in tmp."""
    for key in list(os.environ):
        if key.startswith("INTERVIEWBOT_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("INTERVIEWBOT_DB_PATH", str(tmp_path / "practice.sqlite3"))


@pytest.fixture(scope="session")
def embedder():
    from interviewbot.embedding.sentence import get_embedder

    return get_embedder()


def write_tiny_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.md").write_text(TINY_MD, encoding="utf-8")
    (folder / "extra.jsonl").write_text(
        "\n".join(json.dumps(x) for x in TINY_JSONL) + "\n", encoding="utf-8"
    )
    (folder / "more.csv").write_text(TINY_CSV, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def tiny_settings(tmp_path_factory, embedder):
    """Settings for a tiny corpus with a built index (session-wide, read-only)."""
    from interviewbot.config import Settings
    from interviewbot.index.build import build

    base = tmp_path_factory.mktemp("tiny")
    settings = Settings(corpus_dir=write_tiny_corpus(base / "corpus"), index_dir=base / "index")
    build(settings, embedder=embedder)
    return settings


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory, embedder):
    """Settings for the real seed corpus, indexed once per test session in a temp folder."""
    from interviewbot.config import Settings
    from interviewbot.index.build import build

    base = tmp_path_factory.mktemp("seeds")
    settings = Settings(corpus_dir=SEEDS, index_dir=base / "index")
    build(settings, embedder=embedder)
    return settings


@pytest.fixture(scope="session")
def seed_bot(seed_settings):
    from interviewbot.bot import Bot

    return Bot(seed_settings, auto_build=False)


@pytest.fixture(scope="session")
def tiny_bot(tiny_settings):
    from interviewbot.bot import Bot

    return Bot(tiny_settings, auto_build=False)
