"""Files of an index folder: atomic writes, checksums, a build lock, an embedding cache.

The index folder holds ``builds/<stamp>/`` folders and a ``current`` symlink to the live one.
A build writes a new folder and then swaps the symlink with one atomic rename, so a build
killed at any moment leaves the previous index untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from interviewbot.errors import IndexProblem


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_json(path: Path, data: object) -> None:
    """Write JSON via a temporary file and rename, so readers never see half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


@contextlib.contextmanager
def build_lock(index_dir: Path, wait_seconds: float = 600.0) -> Iterator[None]:
    """Hold an exclusive lock on ``index_dir`` so two builds never interleave.

    A second build (thread or process) waits up to ``wait_seconds``, then gets IndexProblem.
    The lock is the OS's (``flock`` through :mod:`filelock`), so a killed build releases it.
    """
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file of that name, or a folder that cannot be written
        raise IndexProblem(
            f"cannot use {index_dir} as the index folder ({exc.strerror or exc}); pass "
            "--index DIR with a folder to build into"
        ) from None
    lock_path = index_dir / ".build.lock"
    lock = FileLock(lock_path, timeout=wait_seconds)
    try:
        lock.acquire()
    except Timeout:
        raise IndexProblem(
            f"another build holds {lock_path}; wait for it to finish and retry"
        ) from None
    try:
        yield
    finally:
        lock.release()


def new_build_dir(index_dir: Path) -> Path:
    """A fresh, empty folder to write one build into."""
    builds = index_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    path = builds / f"tmp-{stamp}"
    path.mkdir()
    return path


def publish(index_dir: Path, build_dir: Path) -> Path:
    """Make ``build_dir`` the live index with an atomic symlink swap; drop older builds."""
    final = build_dir.with_name(build_dir.name.removeprefix("tmp-"))
    os.replace(build_dir, final)
    _fsync_dir(final)
    link = index_dir / "current"
    tmp_link = index_dir / f".current-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp_link.unlink()
    os.symlink(Path("builds") / final.name, tmp_link)
    os.replace(tmp_link, link)
    _fsync_dir(index_dir)
    cleanup(index_dir, keep=final)
    return final


def cleanup(index_dir: Path, keep: Path | None = None) -> None:
    """Remove builds that are neither live nor ``keep`` (including killed, partial ones)."""
    builds = index_dir / "builds"
    if not builds.is_dir():
        return
    live = live_dir(index_dir)
    for child in builds.iterdir():
        if child == keep or (live is not None and child.resolve() == live.resolve()):
            continue
        if child.name.startswith("tmp-") and _recent(child):
            continue  # possibly another build in progress
        shutil.rmtree(child, ignore_errors=True)


def live_dir(index_dir: Path) -> Path | None:
    """The folder of the live index, or None when there is none."""
    link = index_dir / "current"
    if link.is_symlink() or link.is_dir():
        target = link.resolve()
        return target if target.is_dir() else None
    return None


def _recent(path: Path, seconds: float = 3600.0) -> bool:
    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return False


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class EmbeddingCache:
    """Vectors keyed by (model, text hash), kept as ``.npy`` + JSON keys (never pickle)."""

    def __init__(self, folder: Path, model_key: str) -> None:
        self.folder = folder
        tag = hashlib.sha1(model_key.encode()).hexdigest()[:12]
        self.vec_path = folder / f"emb-{tag}.npy"
        self.key_path = folder / f"emb-{tag}.json"
        self.vectors: dict[str, np.ndarray] = {}
        self.dirty = False
        self._load()

    def _load(self) -> None:
        try:
            keys = json.loads(self.key_path.read_text(encoding="utf-8"))
            vecs = np.load(self.vec_path, allow_pickle=False)
            if len(keys) == len(vecs):
                self.vectors = {k: vecs[i] for i, k in enumerate(keys)}
        except (OSError, ValueError):
            self.vectors = {}  # a missing or damaged cache is only slower, never wrong

    def get(self, key: str) -> np.ndarray | None:
        return self.vectors.get(key)

    def put(self, key: str, vec: np.ndarray) -> None:
        self.vectors[key] = vec
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        arr = np.stack([self.vectors[k] for k in keys]).astype(np.float32)
        tmp_vec = self.vec_path.with_name(self.vec_path.name + ".tmp.npy")
        np.save(tmp_vec, arr, allow_pickle=False)
        os.replace(tmp_vec, self.vec_path)
        write_json(self.key_path, keys)
        self.dirty = False
