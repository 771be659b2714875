"""One typed settings object. Every field can be set by an ``INTERVIEWBOT_*`` env var."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

DEFAULT_MODEL = "all-MiniLM-L6-v2"
MAX_TEXT_CHARS = 4000
# Where `interviewbot web` listens unless told otherwise: loopback only, Gradio's usual port.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def _project_root() -> Path:
    """The checkout root when running from the source tree, else the working directory."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "corpus").is_dir():
            return parent
    return Path.cwd()


def seed_corpus_dir() -> Path:
    """The bundled seed bank's folder."""
    return _project_root() / "corpus" / "raw"


def _default_cache() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("interviewbot"))


def _default_db() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("interviewbot")) / "practice.sqlite3"


@dataclass(frozen=True)
class Settings:
    """Paths, model and thresholds. Build one with :meth:`from_env`; override with ``replace``."""

    corpus_dir: Path = field(default_factory=seed_corpus_dir)
    extra_corpus_dirs: tuple[Path, ...] = ()  # more banks, each its own folder
    index_dir: Path = field(default_factory=lambda: _project_root() / "index")
    model: str = DEFAULT_MODEL
    top_k: int = 3
    max_text_chars: int = MAX_TEXT_CHARS
    db_path: Path | None = None
    db_url: str | None = None  # postgresql://… (several servers share it); wins over db_path
    cache_dir: Path | None = None
    replica: bool = False  # never build the index; refuse a stale or mismatched one
    fast_encoder: bool = True  # ONNX Runtime for query vectors when the export is available

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then ``INTERVIEWBOT_<FIELD>`` env vars, then explicit overrides."""
        base = cls()
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"INTERVIEWBOT_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            current = getattr(base, f.name)
            if f.name in {"corpus_dir", "index_dir", "db_path", "cache_dir"}:
                values[f.name] = Path(raw).expanduser()
            elif f.name == "extra_corpus_dirs":
                values[f.name] = tuple(Path(p).expanduser() for p in raw.split(os.pathsep) if p)
            elif isinstance(current, bool):
                values[f.name] = raw.strip().lower() not in {"0", "false", "no", "off"}
            elif isinstance(current, int):
                values[f.name] = int(raw)
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(base, **values)

    @property
    def corpus_dirs(self) -> tuple[Path, ...]:
        """Every bank folder: ``corpus_dir`` first, then ``extra_corpus_dirs``, then one
        folder per bank uploaded in the web app (:attr:`upload_dir`)."""
        uploads = self.upload_dir
        uploaded = sorted(p for p in uploads.iterdir() if p.is_dir()) if uploads.is_dir() else []
        return (self.corpus_dir, *self.extra_corpus_dirs, *uploaded)

    @property
    def upload_dir(self) -> Path:
        """Where the web app keeps uploaded banks (``<index>/uploads/<bank>/<file>``): with
        the index they are built into, so every command on that index sees them."""
        return self.index_dir / "uploads"

    @property
    def cache(self) -> Path:
        """Machine-wide cache (the exported ONNX encoder); user cache dir unless configured."""
        return self.cache_dir if self.cache_dir is not None else _default_cache()

    @property
    def database(self) -> Path | str:
        """Where practice history lives: a PostgreSQL URL, a SQLite file, else a file in the
        user data dir."""
        if self.db_url:
            return self.db_url
        return self.db_path if self.db_path is not None else _default_db()
