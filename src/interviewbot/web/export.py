"""The Progress tab's CSV export: one fresh file per request in Gradio's upload folder."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from interviewbot.errors import InputError
from interviewbot.practice.store import History, check_profile

EXPORT_MAX_AGE = 3600.0  # seconds an exported CSV stays in Gradio's upload folder


def _export_root() -> Path:
    """Gradio's own upload/cache folder: the only place the app serves files from."""
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()) / "interviewbot-exports"


def _clean_exports(root: Path, max_age: float = EXPORT_MAX_AGE) -> None:
    """Delete export folders older than ``max_age`` seconds (best effort)."""
    if not root.is_dir():
        return
    cutoff = time.time() - max_age
    for folder in root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def export_csv(history: History, profile: str | None, root: Path | None = None) -> Path | None:
    """The profile's history as a CSV file written for this request; None when there is none.

    Each export goes in a fresh folder under ``root`` (default: Gradio's upload folder, the
    only place the app serves files from); folders older than an hour are removed.
    """
    try:
        name = check_profile(profile)
    except InputError:
        return None
    text = history.export_csv(name)
    if text.count("\n") <= 1:  # the header only
        return None
    root = root or _export_root()
    root.mkdir(parents=True, exist_ok=True)
    _clean_exports(root)
    folder = Path(tempfile.mkdtemp(dir=root))
    slug = re.sub(r"[^\w.-]+", "_", name, flags=re.ASCII).strip("._") or "profile"
    path = folder / f"interviewbot-history-{slug}.csv"
    path.write_text(text, encoding="utf-8")
    return path
