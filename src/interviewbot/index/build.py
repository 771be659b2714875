"""Build, save and load the FAISS index with its entries and manifest.

Vectors are unit length, so FAISS inner product equals cosine similarity. The index covers
every question variant, every descriptive phrasing of ``descriptions.json`` (searched like a
phrasing, never shown) and every answer chunk; each row maps back to a canonical question.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from interviewbot import __version__
from interviewbot.bank.grouping import BankReport, build_banks, load_standalone
from interviewbot.config import Settings
from interviewbot.corpus.clean import norm_key, plain
from interviewbot.corpus.files import (
    DESCRIPTIONS_FILE,
    STANDALONE_FILE,
    TITLES_FILE,
    corpus_files,
    json_object,
    read_corpus,
    side_file,
)
from interviewbot.embedding.base import Encoder
from interviewbot.embedding.sentence import get_embedder, model_fingerprint, text_key
from interviewbot.errors import CorpusError, IndexProblem
from interviewbot.index.files import (
    EmbeddingCache,
    build_lock,
    live_dir,
    new_build_dir,
    publish,
    sha256_file,
    write_json,
)
from interviewbot.models import Canonical, ParseProblem
from interviewbot.textproc import sentences

# A question phrasing, a plain-words description of the question, or a chunk of an answer.
EntryKind = Literal["question", "description", "answer"]
FORMAT = 4  # bump when the index layout or the bank logic changes: forces a rebuild
FILES = ("vectors.faiss", "entries.jsonl", "bank.jsonl")
CHUNK_WORDS = 60


@dataclass(frozen=True)
class Entry:
    """One indexed vector: a question variant or an answer chunk of a canonical question."""

    row: int
    qid: str
    kind: EntryKind
    text: str


@dataclass
class LoadedIndex:
    """A live index in memory: FAISS, the rows it maps to, the bank and the manifest."""

    faiss_index: object
    entries: list[Entry]
    bank: list[Canonical]
    manifest: dict
    path: Path
    by_id: dict[str, Canonical] = field(default_factory=dict)
    row_qidx: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __post_init__(self) -> None:
        self.by_id = {c.id: c for c in self.bank}
        pos = {c.id: i for i, c in enumerate(self.bank)}
        self.row_qidx = np.array([pos[e.qid] for e in self.entries], dtype=np.int64)


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` did, for the report a person reads."""

    path: Path | None
    skipped: bool
    files: tuple[tuple[str, int], ...]
    report: BankReport | None
    problems: tuple[ParseProblem, ...]
    vectors: int
    seconds: float
    embedded: int = 0
    reason: str = ""


def corpus_hash(settings: Settings) -> str:
    """SHA-256 over every corpus file (name and bytes), the source titles, the standalone
    phrasings and FORMAT."""
    h = hashlib.sha256(f"format={FORMAT};version={__version__}".encode())
    for n, folder in enumerate(settings.corpus_dirs):
        if n:
            h.update(f"bank {n}\0".encode())
        for path in corpus_files(folder):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
        titles = side_file(folder, TITLES_FILE)
        if titles is not None:  # titles are shown with every hit: a change rebuilds
            h.update(b"titles\0" + titles.read_bytes())
    for name in (STANDALONE_FILE, DESCRIPTIONS_FILE):
        extra = beside_corpus(settings, name)
        if extra is not None:
            h.update(name.encode() + b"\0" + extra.read_bytes())
    return h.hexdigest()


def beside_corpus(settings: Settings, name: str) -> Path | None:
    """The file ``name`` inside or beside the corpus folder, if there is one."""
    return side_file(settings.corpus_dir, name)


def standalone_path(settings: Settings) -> Path | None:
    """``standalone.json`` beside or inside the corpus folder, if there is one."""
    return beside_corpus(settings, STANDALONE_FILE)


def load_descriptions(path: Path | None) -> dict[str, list[str]]:
    """Descriptive phrasings keyed by the ``norm_key`` of a question phrasing (no file: none);
    CorpusError for a file that is not ``{"question": ["description", …]}``."""
    if path is None:
        return {}
    out: dict[str, list[str]] = {}
    for k, v in json_object(path, '{"question": ["description", ...]}').items():
        if k.startswith("_"):
            continue
        if not (isinstance(v, list) and all(isinstance(d, str) for d in v)):
            raise CorpusError(
                f"{path}: the descriptions of {k!r} are not a list of strings; write them as "
                '["description", ...]'
            )
        out[norm_key(k)] = v
    return out


def descriptions_of(canonical: Canonical, descriptions: dict[str, list[str]]) -> list[str]:
    """The descriptive phrasings listed under any phrasing of ``canonical``."""
    texts = (canonical.question, *(v.text for v in canonical.variants))
    keys = dict.fromkeys(norm_key(t) for t in texts)
    return list(dict.fromkeys(d for k in keys for d in descriptions.get(k, ())))


def chunk_answer(answer: str, max_words: int = CHUNK_WORDS) -> list[str]:
    """Split an answer into passages of whole sentences, at most ~``max_words`` words each."""
    chunks: list[str] = []
    current: list[str] = []
    for sentence in sentences(answer):
        words = len(" ".join(current + [sentence]).split())
        if current and words > max_words:
            chunks.append(plain(" ".join(current)))
            current = []
        current.append(sentence)
    if current:
        chunks.append(plain(" ".join(current)))
    return [c for c in chunks if c]


class CachedEncoder:
    """Encode texts through the embedding cache; load the model only on a cache miss."""

    def __init__(self, settings: Settings, embedder: Encoder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self.cache = EmbeddingCache(settings.index_dir / "cache", model_fingerprint(settings.model))
        self.misses = 0

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if self.cache.get(k) is None))
        if missing:
            if self._embedder is None:
                self._embedder = get_embedder(self.settings.model)
            vecs = self._embedder.encode(missing)
            for text, vec in zip(missing, vecs):
                self.cache.put(text_key(text), vec)
            self.misses += len(missing)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.cache.get(k) for k in keys]).astype(np.float32)


def build(
    settings: Settings,
    *,
    if_needed: bool = False,
    embedder: Encoder | None = None,
    log: Callable[[str], None] = lambda _msg: None,
) -> BuildResult:
    """Parse the corpus, group it, embed it and publish a new index atomically."""
    start = time.perf_counter()
    with build_lock(settings.index_dir):
        digest = corpus_hash(settings)
        if if_needed:
            reason = staleness(settings, digest)
            if reason is None:
                _fast_encoder(settings, log)
                return BuildResult(None, True, (), None, (), 0, time.perf_counter() - start)
            log(f"index needs a rebuild: {reason}")
        read = read_corpus(settings.corpus_dirs)
        encode = CachedEncoder(settings, embedder)
        overrides = load_standalone(standalone_path(settings))
        descriptions = load_descriptions(beside_corpus(settings, DESCRIPTIONS_FILE))
        bank, report = build_banks(read.pairs, read.pair_banks, encode, overrides)
        entries: list[Entry] = []
        for c in bank:
            for text in dict.fromkeys(v.text for v in c.variants):
                entries.append(Entry(len(entries), c.id, "question", text))
            for text in descriptions_of(c, descriptions):
                entries.append(Entry(len(entries), c.id, "description", text))
            for ref in c.answers:
                for chunk in chunk_answer(ref.text):
                    entries.append(Entry(len(entries), c.id, "answer", chunk))
        vectors = encode([e.text for e in entries])
        encode.cache.save()
        out = new_build_dir(settings.index_dir)
        _write(out, bank, entries, vectors)
        manifest = {
            "format": FORMAT,
            "package_version": __version__,
            "model": settings.model,
            "model_fingerprint": model_fingerprint(settings.model),
            "dim": int(vectors.shape[1]),
            "metric": "inner_product_on_unit_vectors (= cosine)",
            "corpus_hash": digest,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "counts": {
                "files": len(read.files),
                "pairs": report.pairs,
                "exact_duplicates": report.exact_duplicates,
                "truncated": report.truncated,
                "canonical": report.canonical,
                "variants": report.variants,
                "references": report.references,
                "vectors": len(entries),
                "twins_merged": report.twins_merged,
            },
            "per_file": dict(read.per_file),
            "per_topic": dict(report.per_topic),
            "per_bank": dict(report.per_bank),
            "problems": [str(p) for p in read.problems],
            "checksums": {name: sha256_file(out / name) for name in FILES},
        }
        write_json(out / "manifest.json", manifest)
        final = publish(settings.index_dir, out)
        _fast_encoder(settings, log)
        return BuildResult(
            final,
            False,
            read.per_file,
            report,
            read.problems,
            len(entries),
            time.perf_counter() - start,
            embedded=encode.misses,
        )


def _fast_encoder(settings: Settings, log: Callable[[str], None]) -> None:
    """Make sure the ONNX query encoder is exported (once per machine and model)."""
    if settings.fast_encoder:
        from interviewbot.embedding.onnx import ensure_export

        ensure_export(settings.cache, settings.model, log)


def _write(out: Path, bank: list[Canonical], entries: list[Entry], vectors: np.ndarray) -> None:
    import faiss

    from interviewbot.index import ann

    faiss.write_index(ann.make_index(vectors), str(out / "vectors.faiss"))
    with (out / "entries.jsonl").open("w", encoding="utf-8") as fh:
        for e in entries:
            fh.write(
                json.dumps({"row": e.row, "qid": e.qid, "kind": e.kind, "text": e.text}) + "\n"
            )
    with (out / "bank.jsonl").open("w", encoding="utf-8") as fh:
        for c in bank:
            fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")


def read_manifest(path: Path) -> dict:
    """The manifest of an index folder; IndexProblem if missing or unreadable."""
    mpath = path / "manifest.json"
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
        return manifest
    except FileNotFoundError:
        raise IndexProblem(f"{mpath} is missing; run `interviewbot build`") from None
    except (OSError, ValueError) as exc:
        raise IndexProblem(f"{mpath} is corrupt ({exc}); run `interviewbot build`") from None


def staleness(settings: Settings, digest: str | None = None) -> str | None:
    """Why the live index can't serve ``settings`` (missing, other model, changed corpus)."""
    path = live_dir(settings.index_dir)
    if path is None:
        return f"no index in {settings.index_dir}"
    try:
        manifest = read_manifest(path)
    except IndexProblem as exc:
        return str(exc)
    if manifest.get("format") != FORMAT:
        return "index format changed"
    if manifest.get("model") != settings.model:
        return f"built with model {manifest.get('model')!r}, not {settings.model!r}"
    if manifest.get("model_fingerprint") != model_fingerprint(settings.model):
        return "model weights changed"
    if manifest.get("corpus_hash") != (digest or corpus_hash(settings)):
        return "corpus changed"
    return None


def check_servable(settings: Settings) -> None:
    """For a replica, which never builds: IndexProblem unless the live index serves
    ``settings`` as built (present, same model and format, same corpus when the corpus folder
    is on this machine; checksums are checked by :func:`load`)."""
    where = settings.index_dir
    path = live_dir(where)
    if path is None:
        raise IndexProblem(
            f"no index in {where}; run `interviewbot build --index {where}` once and share or "
            "copy the folder (a replica never builds)"
        )
    digest = None if settings.corpus_dir.is_dir() else read_manifest(path).get("corpus_hash")
    reason = staleness(settings, digest)
    if reason:
        raise IndexProblem(
            f"the index in {where} cannot be served ({reason}); run `interviewbot build` once "
            "and share or copy the folder (a replica never builds)"
        )


def load(settings: Settings, *, verify: bool = True) -> LoadedIndex:
    """Load the live index, checking the manifest and file checksums first."""
    import faiss

    path = live_dir(settings.index_dir)
    if path is None:
        raise IndexProblem(f"no index in {settings.index_dir}; run `interviewbot build`")
    manifest = read_manifest(path)
    for name in FILES:
        fpath = path / name
        if not fpath.is_file():
            raise IndexProblem(f"{fpath} is missing; run `interviewbot build`")
        expected = manifest.get("checksums", {}).get(name)
        if verify and expected and sha256_file(fpath) != expected:
            raise IndexProblem(
                f"{fpath} is corrupt (checksum mismatch); run `interviewbot build` to rebuild it"
            )
    try:
        faiss_index = faiss.read_index(str(path / "vectors.faiss"))
        entries = [
            Entry(d["row"], d["qid"], d["kind"], d["text"])
            for d in map(json.loads, _lines(path / "entries.jsonl"))
        ]
        bank = [Canonical.from_dict(json.loads(line)) for line in _lines(path / "bank.jsonl")]
        loaded = LoadedIndex(faiss_index, entries, bank, manifest, path)
    except (RuntimeError, ValueError, KeyError, TypeError) as exc:
        raise IndexProblem(
            f"index in {path} is corrupt ({exc.__class__.__name__}); run `interviewbot build`"
        ) from None
    if faiss_index.ntotal != len(entries) or faiss_index.d != manifest.get("dim"):
        raise IndexProblem(
            f"{path / 'vectors.faiss'} has {faiss_index.ntotal} vectors but entries.jsonl has "
            f"{len(entries)}; run `interviewbot build`"
        )
    return loaded


def _lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
