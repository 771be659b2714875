"""The CLI's practice commands: a mock interview in the terminal, progress and CSV export,
and accounts for a shared server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from interviewbot.cli.shared import _bot, _history
from interviewbot.errors import InputError
from interviewbot.errors import eprint as _eprint


def cmd_practice(args: argparse.Namespace) -> int:
    from interviewbot.cli.terminal import mock_interview
    from interviewbot.practice.store import check_profile

    profile = check_profile(args.profile)
    bot = _bot(args)
    topics = args.topic or []
    known = {t for t, _ in bot.topics(args.bank)}
    unknown = [t for t in topics if t not in known]
    if unknown:
        raise InputError(f"unknown topic {unknown[0]!r}; choose from: {', '.join(sorted(known))}")
    mock_interview(
        bot, _history(args), profile, n=args.n, topics=topics, mode=args.mode, bank=args.bank
    )
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from interviewbot.practice.schedule import progress
    from interviewbot.practice.store import check_profile

    if args.all:  # an admin's export of every profile (a class's progress)
        if not args.export:
            raise InputError("--all exports every profile; add --export FILE.csv (or -)")
        return _write_export(_history(args).export_class_csv(), args.export)
    profile = check_profile(args.profile)
    history = _history(args)
    if args.export:
        return _write_export(history.export_csv(profile), args.export)
    p = progress(history.attempts(profile))
    avg = "—" if p.average is None else f"{p.average:.0f}/100"
    print(
        f"{profile}: {p.attempts} attempt(s), average {avg}, {p.due_today} due today, "
        f"streak {p.streak} day(s)"
    )
    for topic, score in sorted(p.per_topic.items(), key=lambda kv: kv[1]):
        print(f"  {score:5.0f}  {topic}")
    for a in p.recent:
        missed = f" — missed: {a.missed[0]}" if a.missed else ""
        print(f"  {a.created_at:%Y-%m-%d %H:%M}  {a.score:>3}  {a.question}{missed}")
    if p.upcoming:
        print("Next reviews:")
        for due, question in p.upcoming[:10]:
            print(f"  {due.astimezone():%Y-%m-%d %H:%M}  {question}")
    return 0


def _write_export(text: str, target: str) -> int:
    import csv
    import io

    if target == "-":
        sys.stdout.write(text)
        return 0
    try:
        Path(target).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write {target}: {exc.strerror or exc}; pick a file in a folder that exists"
        ) from None
    rows = sum(1 for _ in csv.reader(io.StringIO(text))) - 1  # an answer may span lines
    _eprint(f"wrote {rows} attempt(s) to {target}")
    return 0


# -- users -----------------------------------------------------------------------------------
def cmd_users(args: argparse.Namespace) -> int:
    from interviewbot.practice.accounts import Accounts

    accounts = Accounts(_history(args).db)
    if args.action == "list":
        for user in accounts.users():
            role = "admin" if user.is_admin else "user"
            print(f"{user.username}\t{role}\t{user.created_at:%Y-%m-%d}")
        return 0
    if not args.name:
        raise InputError(f"`users {args.action}` needs a NAME")
    if args.action == "admin":
        accounts.set_admin(args.name, True)
        _eprint(f"{args.name} is now an admin")
        return 0
    password = _read_password(args.password_stdin)
    user = accounts.sign_up(args.name, password, admin=args.admin)
    _eprint(f"created {'admin ' if user.is_admin else ''}account {user.username}")
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    import getpass

    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise InputError("the two passwords differ; run the command again")
    return first
