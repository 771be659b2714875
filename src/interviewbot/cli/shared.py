"""What the CLI's commands share: settings from the common options, the bot, the history,
JSON lines on stdout."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from interviewbot.config import Settings
from interviewbot.errors import eprint as _eprint


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        corpus_dir=Path(args.corpus[0]).expanduser() if args.corpus else None,
        extra_corpus_dirs=tuple(Path(c).expanduser() for c in args.corpus[1:])
        if args.corpus and len(args.corpus) > 1
        else None,
        index_dir=Path(args.index).expanduser() if args.index else None,
        model=args.model,
    )


def _bot(args: argparse.Namespace):
    from interviewbot.bot import Bot

    return Bot(_settings(args), log=_eprint)


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


# -- practice history ---------------------------------------------------------------------
def _history(args: argparse.Namespace):
    from interviewbot.practice.store import History

    settings = _settings(args)
    return History(_db_path(args) or settings.database)


def _db_path(args: argparse.Namespace) -> Path | str | None:
    """The ``--db`` target, if one was given: a ``postgresql://`` URL or a SQLite file."""
    from interviewbot.practice.db import is_url

    if not args.db:
        return None
    return args.db if is_url(args.db) else Path(args.db).expanduser()
