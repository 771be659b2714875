"""The ONNX query encoder gives the torch encoder's vectors without importing torch."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import numpy as np

from conftest import ROOT
from interviewbot.embedding.onnx import OnnxEncoder, available, ensure_export, onnx_dir

TEXTS = [
    "why do we need relu?",
    "A longer sentence about dropout, overfitting and regularization in deep networks.",
    "x",
    "ReLU’s ability " * 200,  # past the 256-token limit: truncated the same way
    "¿Qué es dropout? 什么是 dropout 🤔",
]


def test_onnx_vectors_equal_torch_vectors(seed_settings, embedder):
    folder = ensure_export(seed_settings.cache, seed_settings.model)
    assert folder is not None and available(folder)
    fast = OnnxEncoder(folder)
    a, b = fast.encode(TEXTS), embedder.encode(TEXTS)
    assert a.shape == b.shape == (len(TEXTS), 384)
    assert np.abs(a - b).max() < 1e-4
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert fast.encode([]).shape == (0, 384)


def test_length_groups_keep_order_and_values(seed_settings):
    """Texts are grouped by length to save padding; each row still belongs to its text and
    equals that text encoded alone (vectors and token outputs)."""
    fast = OnnxEncoder(ensure_export(seed_settings.cache, seed_settings.model))
    texts = [TEXTS[i % len(TEXTS)] + f" #{i}" for i in range(40)]
    groups = fast._buckets(texts, 64)
    assert 1 < len(groups) < len(texts)  # mixed lengths split, similar ones share a pass
    assert sorted(i for g in groups for i, _ in g) == list(range(len(texts)))
    together = fast.encode(texts)
    alone = np.vstack([fast.encode([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5
    toks = fast.encode_tokens(texts[:6])
    for t, out in zip(texts[:6], toks, strict=True):
        single = fast.encode_tokens([t])[0]
        assert out["token_embeddings"].shape == single["token_embeddings"].shape
        assert np.abs(out["token_embeddings"] - single["token_embeddings"]).max() < 1e-4
        assert out["offsets"] == single["offsets"]


def test_bot_answers_the_same_with_either_encoder(seed_settings, seed_bot):
    from interviewbot.bot import Bot
    from interviewbot.embedding.onnx import OnnxEncoder as Fast

    slow = Bot(replace(seed_settings, fast_encoder=False), auto_build=False)
    assert isinstance(seed_bot.embedder, Fast)
    assert not isinstance(slow.embedder, Fast)
    for q in ["why do we need relu?", "batchnorm", "how do I bake sourdough bread?"]:
        a, b = seed_bot.ask(q), slow.ask(q)
        assert a.abstained == b.abstained
        assert [h.id for h in a.hits] == [h.id for h in b.hits]


def test_cli_ask_does_not_import_torch(seed_settings):
    ensure_export(seed_settings.cache, seed_settings.model)
    stdout = _cli_without_torch(["ask", "why do we need relu?", "--json"], seed_settings)
    assert '"abstained": false' in stdout


def test_export_folder_is_keyed_by_model(tmp_path):
    assert onnx_dir(tmp_path, "all-MiniLM-L6-v2") != onnx_dir(tmp_path, "some/other-model")
    assert not available(tmp_path / "nothing-here")


def test_grading_gives_the_same_grades_on_either_encoder(seed_settings, embedder):
    from interviewbot.grading import grade_answer

    fast = OnnxEncoder(ensure_export(seed_settings.cache, seed_settings.model))
    refs = [
        "Dropout randomly disables a fraction of neurons during training so the network "
        "cannot rely on any single unit, which reduces overfitting.",
        "Dropout is a regularization technique: units are dropped at random while training.",
    ]
    for answer in [
        "It randomly disables neurons during training to reduce overfitting.",
        "Dropout makes the network rely on every single neuron, which increases overfitting.",
        "dropout, neurons, overfitting, training",
        "I like turtles",
    ]:
        a = grade_answer("What is dropout?", answer, refs, fast).to_dict()
        b = grade_answer("What is dropout?", answer, refs, embedder).to_dict()
        assert (a["score"], a["verdict"], a["passed"]) == (b["score"], b["verdict"], b["passed"])
        assert [c["key_point"] for c in a["covered"]] == [c["key_point"] for c in b["covered"]]


def test_bot_grades_without_torch_when_onnx_is_there(seed_settings):
    ensure_export(seed_settings.cache, seed_settings.model)
    argv = ["grade", "-q", "why do we need relu?", "-a", "it adds non-linearity", "--json"]
    assert '"score":' in _cli_without_torch(argv, seed_settings)


def _cli_without_torch(argv: list[str], settings) -> str:
    """The CLI's stdout for ``argv``, run in a fresh interpreter on the seed index; fails
    unless it exits 0 without ever importing torch."""
    code = (
        "import sys\nfrom interviewbot.cli.main import main\n"
        f"code = main({argv!r})\n"
        "print('TORCH' if 'torch' in sys.modules else 'NO-TORCH', file=sys.stderr)\n"
        "raise SystemExit(code)"
    )
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT / "src"),
        INTERVIEWBOT_CORPUS_DIR=str(settings.corpus_dir),
        INTERVIEWBOT_INDEX_DIR=str(settings.index_dir),
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().endswith("NO-TORCH"), out.stderr
    return out.stdout
