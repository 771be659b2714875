"""Command line: a thin adapter over :mod:`interviewbot.bot`.

Domain errors become one-line messages on stderr and exit code 1; heavy libraries are
imported only by the commands that need them, so ``interviewbot --help`` is instant.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence

from interviewbot import __version__
from interviewbot.cli.banks import cmd_banks, cmd_build
from interviewbot.cli.practice import cmd_history, cmd_practice, cmd_users
from interviewbot.cli.shared import _bot, _db_path, _emit, _settings
from interviewbot.config import DEFAULT_HOST, DEFAULT_PORT
from interviewbot.errors import InputError, InterviewbotError
from interviewbot.errors import eprint as _eprint

BATCH_CHUNK = 64


# -- ask -------------------------------------------------------------------------------------
def _print_ask(res) -> None:
    if res.abstained:
        if res.missing_concept:  # the JSON's message says the same, with the suggestions inline
            print(f"I don't know: the question bank has no question on {res.missing_concept}.")
        else:
            print("I don't know: nothing in the question bank is close enough to that question.")
        if res.suggestions:
            print("Did you mean:")
            for h in res.suggestions:
                print(f"  - {h.question}")
        return
    for i, h in enumerate(res.hits, 1):
        print(f"[{i}] {h.question}  (score {h.score:.2f}, {h.topic}, {h.where})")
        print("    " + h.answer.replace("\n", "\n    "))
        print()


def _read_batch(path: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, object or None, error or None) for each non-empty line."""
    try:
        fh = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read batch file {path}: {exc.strerror}") from None
    with fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, None, f"line {number}: invalid JSON ({exc.msg})"
                continue
            if not isinstance(obj, dict):
                yield number, None, f"line {number}: expected a JSON object"
                continue
            yield number, obj, None


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def cmd_ask(args: argparse.Namespace) -> int:
    bot = _bot(args)
    if args.batch:
        for chunk in _chunks(list(_read_batch(args.batch)), BATCH_CHUNK):
            questions = [obj.get("question") for _, obj, err in chunk if err is None]
            outcomes = iter(bot.ask_batch(questions, top_k=args.top_k, bank=args.bank))
            for number, _, err in chunk:
                out = err or next(outcomes)
                if isinstance(out, InputError):
                    out = f"line {number}: {out}"
                _emit({"error": out} if isinstance(out, str) else out.to_dict())
        return 0
    if not args.question:
        raise InputError('no question given; usage: interviewbot ask "QUESTION"')
    res = bot.ask(" ".join(args.question), top_k=args.top_k, bank=args.bank)
    if args.json:
        _emit(res.to_dict())
    else:
        _print_ask(res)
    return 0


# -- grade -----------------------------------------------------------------------------------
def _print_grade(out) -> None:
    d = out.to_dict()
    verdict = "PASS" if d["passed"] else "FAIL"
    print(f"Score {d['score']}/100: {verdict} ({d['verdict']})")
    print(d["explanation"])
    if d.get("covered"):
        print("Covered:")
        for kp in d["covered"]:
            print(f'  + {kp["key_point"]}  <- "{kp.get("phrase", "")}"')
    if d.get("missed"):
        print("Missed:")
        for kp in d["missed"]:
            print(f"  - {kp['key_point']}")
    print("Model answer:")
    print("  " + d["reference"].replace("\n", "\n  "))


def cmd_grade(args: argparse.Namespace) -> int:
    bot = _bot(args)
    if args.batch:
        for number, obj, err in _read_batch(args.batch):
            if err:
                _emit({"error": err})
                continue
            try:
                out = bot.grade(obj.get("question"), obj.get("answer"), obj.get("reference"))
                _emit(out.to_dict())
            except InterviewbotError as exc:
                _emit({"error": f"line {number}: {exc}"})
        return 0
    if args.question is None or args.answer is None:
        raise InputError("grade needs --question and --answer (or --batch FILE.jsonl)")
    out = bot.grade(args.question, args.answer, args.reference)
    if args.json:
        _emit(out.to_dict())
    else:
        _print_grade(out)
    return 0


# -- chat ------------------------------------------------------------------------------------
def cmd_chat(args: argparse.Namespace) -> int:
    from interviewbot.bot import ChatContext

    bot = _bot(args)
    bot.questions(args.bank)  # an unknown --bank fails before the first prompt
    print("Ask a deep-learning interview question (empty line or Ctrl-D to quit).")
    context = ChatContext()  # the topic we are on; the same logic as the web chat's
    while True:
        try:
            line = input("you> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not line.strip():
            return 0
        try:
            res = bot.ask(line, top_k=args.top_k, context=context, bank=args.bank)
        except InterviewbotError as exc:
            print(f"error: {exc}")
            continue
        _print_ask(res)
        context = context.after(line, res)


# -- browse ----------------------------------------------------------------------------------
def cmd_browse(args: argparse.Namespace) -> int:
    bot = _bot(args)
    items = bot.browse(args.topic, " ".join(args.search) if args.search else None, args.bank)
    if args.json:
        for c in items:
            _emit(c.to_dict())
        return 0
    for c in items:
        print(
            f"{c.id}  [{c.topic}] {c.question}  "
            f"({len(c.variants)} phrasings, {len(c.answers)} answers)"
        )
    print(f"{len(items)} question(s)")
    return 0


# -- serve -----------------------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from interviewbot.practice.db import is_url
    from interviewbot.web.server import serve

    settings = _settings(args)
    db = _db_path(args)
    # servers sharing a PostgreSQL are replicas: the index is a build artefact they never rebuild
    shared = is_url(db if db is not None else settings.database)
    settings = replace(settings, replica=settings.replica or args.replica or shared)
    return serve(
        settings,
        host=args.host,
        port=args.port,
        auth=args.auth,
        allow_remote=args.allow_remote,
        db_path=_db_path(args),
        accounts=args.accounts,
    )


def _add_json(p: argparse.ArgumentParser, help: str = "print JSON") -> None:
    p.add_argument("--json", action="store_true", help=help)


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db", metavar="FILE|URL",
        help="practice database: a SQLite file or postgresql://user:pass@host/db "
             "(env INTERVIEWBOT_DB_PATH / INTERVIEWBOT_DB_URL)",
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--corpus",
        metavar="DIR",
        action="append",
        help="bank folder; repeat for several banks (default: corpus/raw)",
    )
    common.add_argument("--index", metavar="DIR", help="index folder (default: index/)")
    common.add_argument("--model", help="sentence-transformers model name or local path")
    one_bank = argparse.ArgumentParser(add_help=False)
    one_bank.add_argument(
        "--bank", metavar="NAME", help="only this bank's questions (see `interviewbot banks`)"
    )

    parser = argparse.ArgumentParser(
        prog="interviewbot",
        description="Offline interview practice for deep-learning interviews.",
    )
    parser.add_argument("--version", action="version", version=f"interviewbot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("banks", parents=[common], help="list the banks in the index with counts")
    p.add_argument("--json", action="store_true", help="one JSON object per bank")
    p.set_defaults(func=cmd_banks)

    p = sub.add_parser("build", parents=[common], help="parse the corpus and build the index")
    p.add_argument("--if-needed", action="store_true", help="skip when the index is up to date")
    _add_json(p, "print the build report as JSON")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("ask", parents=[common, one_bank], help="answer a question from the bank")
    p.add_argument("question", nargs="*", help="the question")
    p.add_argument("--top-k", type=int, default=3, help="how many answers (default 3)")
    _add_json(p)
    p.add_argument("--batch", metavar="FILE.jsonl", help='one {"question"} per line; "-" for stdin')
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("grade", parents=[common], help="grade an answer to a question")
    p.add_argument("--question", "-q", help="the interview question")
    p.add_argument("--answer", "-a", help="your answer")
    p.add_argument("--reference", "-r", help="grade against this model answer instead")
    _add_json(p)
    p.add_argument(
        "--batch", metavar="FILE.jsonl", help='one {"question","answer","reference"?} per line'
    )
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser(
        "chat", parents=[common, one_bank], help="interactive question answering in the terminal"
    )
    p.add_argument("--top-k", type=int, default=1)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("browse", parents=[common, one_bank], help="list the question bank")
    p.add_argument("search", nargs="*", help="words to look for")
    p.add_argument("--topic", help="only this topic")
    _add_json(p, "one canonical question per line as JSON")
    p.set_defaults(func=cmd_browse)

    practice = argparse.ArgumentParser(add_help=False)
    practice.add_argument("--profile", default="default", help="whose history (default: default)")
    _add_db(practice)

    p = sub.add_parser(
        "practice", parents=[common, practice, one_bank], help="mock interview in the terminal"
    )
    p.add_argument("-n", type=int, default=5, help="number of questions (default 5)")
    p.add_argument("--topic", action="append", help="only this topic (repeatable)")
    p.add_argument(
        "--mode", choices=["due", "new", "weakest", "random"], default="due",
        help="due for review (default), new only, weakest topics, or random",
    )  # fmt: skip
    p.set_defaults(func=cmd_practice)

    p = sub.add_parser("history", parents=[common, practice], help="progress and CSV export")
    p.add_argument("--export", metavar="FILE.csv", help='write the history as CSV ("-" for stdout)')
    p.add_argument("--all", action="store_true",
                   help="with --export: every profile, with a profile column (a class's progress)")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser(
        "users", parents=[common], help="accounts for a shared server (serve --accounts)"
    )
    p.add_argument("action", choices=["add", "list", "admin"],
                   help="add NAME (asks for a password), list, or make NAME an admin")
    p.add_argument("name", nargs="?", help="the username")
    p.add_argument("--admin", action="store_true", help="with add: the account is an admin")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    _add_db(p)
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("serve", parents=[common], help="start the web app")
    p.add_argument("--host", default=DEFAULT_HOST, help=f"bind address (default {DEFAULT_HOST})")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--auth", help="user:password required to use the app (env INTERVIEWBOT_AUTH)")
    p.add_argument("--allow-remote", action="store_true", help="allow binding beyond loopback")
    p.add_argument("--accounts", action="store_true",
                   help="people sign up and log in; each sees only their own history "
                        "(implied by --allow-remote without --auth)")  # fmt: skip
    p.add_argument("--replica", action="store_true",
                   help="never build the index; refuse a stale or mismatched one "
                        "(implied by a postgresql:// --db)")  # fmt: skip
    _add_db(p)
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "top_k", 1) < 1:  # argparse's usage error (exit 2), before any loading
        parser.error("--top-k must be at least 1")
    try:
        return int(args.func(args) or 0)
    except InterviewbotError as exc:
        _eprint(f"error: {exc}")
        return 1
    except KeyboardInterrupt:
        _eprint("interrupted")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
