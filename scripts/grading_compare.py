"""Run a grading eval script on an earlier commit's source, for a "previous grader" column.

In: a git revision and the script's own arguments. Out: the JSON the script writes with
``--rows-out`` when run on that revision's ``src/`` (extracted with ``git archive`` into a
temporary folder, so the working tree is untouched). The script must accept ``--src DIR``
(which source to import) and ``--rows-out FILE``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def use_source(argv: list[str]) -> None:
    """Put ``--src DIR`` (or this checkout's src/) first on sys.path, before any import of
    interviewbot, so an eval script can grade with another revision's code."""
    src = ROOT / "src"
    if "--src" in argv:
        src = Path(argv[argv.index("--src") + 1])
    sys.path.insert(0, str(src))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def run_previous(script: str, rev: str, args: list[str]) -> dict:
    """``script args`` run on revision ``rev``'s source; the JSON it wrote with --rows-out."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        out = Path(tmp) / "rows.json"
        env = dict(os.environ, PYTHONPATH=str(Path(tmp) / "src"))
        subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args, "--src",
                        str(Path(tmp) / "src"), "--rows-out", str(out)], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        return json.loads(out.read_text(encoding="utf-8"))
