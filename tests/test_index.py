"""The index folder: manifest, staleness, integrity, atomic builds, FAISS vs brute force."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace

import numpy as np
import pytest

from conftest import ROOT, write_tiny_corpus
from interviewbot.config import Settings
from interviewbot.errors import IndexProblem
from interviewbot.index.build import build, chunk_answer, live_dir, load, staleness


@pytest.fixture()
def own_settings(tmp_path, tiny_settings):
    """A private copy of the tiny corpus and index that a test may damage."""
    corpus = write_tiny_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    shutil.copytree(tiny_settings.index_dir, index, symlinks=True)
    return Settings(corpus_dir=corpus, index_dir=index)


def test_manifest_describes_the_build(tiny_settings):
    loaded = load(tiny_settings)
    m = loaded.manifest
    assert m["model"] == "all-MiniLM-L6-v2" and m["dim"] == 384
    assert len(m["corpus_hash"]) == 64 and m["package_version"]
    assert m["counts"]["vectors"] == loaded.faiss_index.ntotal == len(loaded.entries)
    assert m["counts"]["canonical"] == len(loaded.bank) == 5
    assert set(m["per_file"]) == {"tiny.md", "extra.jsonl", "more.csv"}
    assert staleness(tiny_settings) is None


def test_faiss_top_k_equals_brute_force_cosine(seed_settings, embedder):
    import faiss

    loaded = load(seed_settings)
    vectors = loaded.faiss_index.reconstruct_n(0, loaded.faiss_index.ntotal)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    queries = embedder.encode(["why relu", "what is overfitting", "sourdough bread", "adam vs sgd"])
    scores, rows = loaded.faiss_index.search(queries, 10)
    brute = queries @ vectors.T
    for qi in range(len(queries)):
        expected = np.argsort(-brute[qi], kind="stable")[:10]
        assert np.allclose(scores[qi], brute[qi][expected], atol=1e-5)
        assert set(rows[qi]) == set(expected) or np.allclose(
            np.sort(brute[qi][rows[qi]]), np.sort(brute[qi][expected]), atol=1e-5
        )
    assert isinstance(loaded.faiss_index, faiss.IndexFlatIP)


def test_changed_corpus_is_stale_and_rebuilt(own_settings, embedder):
    assert staleness(own_settings) is None
    with (own_settings.corpus_dir / "tiny.md").open("a", encoding="utf-8") as fh:
        fh.write("\n## What is a tensor?\n\nA tensor is a multi-dimensional array of numbers.\n")
    assert staleness(own_settings) == "corpus changed"
    result = build(own_settings, if_needed=True, embedder=embedder)
    assert not result.skipped and result.report.canonical == 6
    assert staleness(own_settings) is None
    assert build(own_settings, if_needed=True).skipped


def test_other_model_is_stale(own_settings):
    other = replace(own_settings, model="sentence-transformers/all-MiniLM-L6-v2")
    assert "built with model" in staleness(other)


def test_unchanged_rebuild_uses_the_embedding_cache(own_settings):
    result = build(own_settings)  # no embedder passed: a cache miss would load the model
    assert result.embedded == 0 and not result.skipped


@pytest.mark.parametrize("name", ["vectors.faiss", "entries.jsonl", "bank.jsonl"])
def test_corrupt_file_gives_a_clear_error(own_settings, name):
    target = live_dir(own_settings.index_dir) / name
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexProblem, match=rf"{name} is corrupt.*interviewbot build"):
        load(own_settings)


def test_corrupt_manifest_and_missing_index(own_settings, tmp_path):
    (live_dir(own_settings.index_dir) / "manifest.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(IndexProblem, match="manifest.json is corrupt"):
        load(own_settings)
    with pytest.raises(IndexProblem, match="no index in"):
        load(replace(own_settings, index_dir=tmp_path / "nowhere"))


def test_chunks_keep_whole_sentences():
    answer = " ".join(f"Sentence number {i} has exactly seven words." for i in range(30))
    chunks = chunk_answer(answer, max_words=30)
    assert len(chunks) > 3 and all(c.endswith(".") for c in chunks)
    assert all(len(c.split()) <= 30 for c in chunks)


@pytest.mark.slow
def test_build_killed_midway_leaves_the_previous_index_usable(own_settings):
    before = load(own_settings).manifest["corpus_hash"]
    (own_settings.corpus_dir / "big.md").write_text(
        "\n\n".join(
            f"## What is concept {i}?\n\nConcept {i} is idea number {i}." for i in range(400)
        ),
        encoding="utf-8",
    )
    env = dict(
        os.environ,
        INTERVIEWBOT_CORPUS_DIR=str(own_settings.corpus_dir),
        INTERVIEWBOT_INDEX_DIR=str(own_settings.index_dir),
        PYTHONPATH=str(ROOT / "src"),
    )
    for delay in (0.5, 3.0, 6.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "interviewbot", "build"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        loaded = load(own_settings)
        assert loaded.manifest["corpus_hash"] in {before, staleness_free_hash(own_settings)}
        assert loaded.faiss_index.ntotal == len(loaded.entries)


def staleness_free_hash(settings):
    from interviewbot.index.build import corpus_hash

    return corpus_hash(settings)


def test_a_second_build_waits_for_the_lock_and_a_killed_holder_frees_it(tmp_path):
    from interviewbot.index.files import build_lock

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom pathlib import Path\n"
         "from interviewbot.index.files import build_lock\n"
         "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(120)",
         str(tmp_path)],
        stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(IndexProblem, match="another build holds .*; wait for it to finish"):
            with build_lock(tmp_path, wait_seconds=0.5):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    with build_lock(tmp_path, wait_seconds=30):  # the OS dropped the dead holder's lock
        assert (tmp_path / ".build.lock").exists()


def test_an_index_path_that_is_a_file_is_one_line(tmp_path):
    """--index naming a file is a clear IndexProblem naming it, not a FileExistsError."""
    from interviewbot.bot import Bot

    taken = tmp_path / "notes.txt"
    taken.write_text("not an index")
    with pytest.raises(IndexProblem, match=f"cannot use {taken} as the index folder"):
        Bot(Settings(index_dir=taken)).bank
