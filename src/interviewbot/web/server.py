"""Starting the web app: who may connect (host and auth policy), launch options, the server loop.

:func:`serve` is what ``interviewbot serve`` calls; :func:`launch_options` is shared by it, the
tests and the screenshot script so every server runs with the same safety settings.
"""

from __future__ import annotations

import ipaddress
import os
import time
from pathlib import Path

from interviewbot.config import DEFAULT_HOST, DEFAULT_PORT, Settings
from interviewbot.errors import InputError, InterviewbotError
from interviewbot.errors import eprint as _eprint
from interviewbot.practice.db import is_url, redact
from interviewbot.practice.store import History
from interviewbot.web.text import CSS, HEAD, gradio

AUTH_ENV = "INTERVIEWBOT_AUTH"
MAX_UPLOAD = "5mb"  # bank files (corpus.upload.MAX_UPLOAD_BYTES); bigger is refused outright
CONCURRENCY = 32  # request threads per event; query encoding is batched


def launch_options(
    settings: Settings,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    auth: tuple[str, str] | None = None,
    db_path: Path | str | None = None,
) -> dict:
    """The ``launch()`` arguments every server uses (CLI, tests, screenshots)."""
    gr = gradio()
    blocked = [str(p.resolve()) for p in (settings.corpus_dir, settings.index_dir)]
    database = db_path if db_path is not None else settings.database
    if not is_url(database):  # the SQLite store and its WAL/journal files: never served
        where = str(Path(database).resolve())
        blocked += [where + suffix for suffix in ("", "-wal", "-shm", "-journal")]
    return {
        "server_name": host,
        "server_port": port,
        "share": False,  # never a public tunnel
        "auth": auth,
        "auth_message": "Interviewbot: sign in with the user:password given to --auth.",
        "show_error": False,
        "allowed_paths": [],  # serve nothing from disk beyond Gradio's own assets
        "blocked_paths": blocked,
        "max_file_size": MAX_UPLOAD,
        "footer_links": ["api"],
        "run_history": False,
        "enable_monitoring": False,
        "mcp_server": False,
        "ssr_mode": False,
        "pwa": False,
        "theme": gr.themes.Soft(primary_hue="indigo"),
        "css": CSS,
        "head": HEAD,
        "quiet": True,
    }


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """'user:password' -> (user, password); None when unset; InputError when malformed."""
    if value is None or not value.strip():
        return None
    user, sep, password = value.partition(":")
    if not sep or not user.strip() or not password:
        raise InputError(
            "auth must look like user:password (both parts non-empty); "
            f"set it with --auth or {AUTH_ENV}"
        )
    return user.strip(), password


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def host_policy(host: str, allow_remote: bool, has_auth: bool) -> tuple[int | None, str | None]:
    """(exit code or None to go on, one-line message or None) for binding to ``host``."""
    if is_loopback(host):
        return None, None
    if not allow_remote:
        return 2, (
            f"error: refusing to listen on {host}: other machines could reach the app; "
            "pass --allow-remote (with --auth user:password) to do it anyway"
        )
    if not has_auth:
        return None, (
            f"warning: listening on {host} without a password; anyone who can reach this "
            f"machine can use the app. Use --auth user:password (or {AUTH_ENV})."
        )
    return None, f"warning: listening on {host}; the app is reachable from other machines."


# launch() options that mount_gradio_app takes too (the rest are launch-only)
_MOUNT_OPTIONS = (
    "footer_links", "run_history", "show_error", "allowed_paths", "blocked_paths",
    "max_file_size", "enable_monitoring", "mcp_server", "ssr_mode", "pwa", "theme", "css",
)  # fmt: skip


def _serve_mounted(demo, database: Path | str, options: dict, shown: str) -> int:
    """Serve ``demo`` behind the log-in pages of :mod:`interviewbot.web.accounts` (uvicorn)."""
    import threading

    import uvicorn

    from interviewbot.practice.accounts import Accounts
    from interviewbot.web.accounts import accounts_app, current_user

    gr = gradio()
    accounts = Accounts(History(database).db)
    app, secret = accounts_app(accounts)
    gr.mount_gradio_app(
        app, demo, path="/", auth_dependency=lambda request: current_user(secret, request),
        **{k: options[k] for k in _MOUNT_OPTIONS},
    )  # fmt: skip
    config = uvicorn.Config(
        app, host=options["server_name"], port=options["server_port"], log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.05)
    if not server.started:
        _eprint(f"error: cannot listen on {shown.split('//')[1]}; try another --port")
        return 1
    _eprint(f"Interviewbot is running on {shown} with accounts: sign up at {shown}/signup "
            "(Ctrl-C to stop)")  # fmt: skip
    try:
        while thread.is_alive():
            thread.join(0.2)
    except KeyboardInterrupt:
        _eprint("stopping")
        server.should_exit = True
        thread.join(30)
    return 0


def serve(
    settings: Settings,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    auth: str | None = None,
    allow_remote: bool = False,
    db_path: Path | str | None = None,
    accounts: bool = False,
) -> int:
    """Start the web app and block until it is stopped. Returns the exit code.

    Practice history is kept in ``db_path``, else ``settings.database`` (env
    ``INTERVIEWBOT_DB_PATH`` / ``INTERVIEWBOT_DB_URL``, default in the user's data directory).
    With ``accounts`` (implied when serving beyond loopback without ``auth``) people sign up
    and log in, and each sees only their own history.
    """
    try:
        credentials = parse_auth(auth if auth is not None else os.environ.get(AUTH_ENV))
    except InputError as exc:
        _eprint(f"error: {exc}")
        return 2
    if credentials is not None and accounts:
        _eprint("error: --auth and --accounts exclude each other; choose one")
        return 2
    if allow_remote and credentials is None and not is_loopback(host):
        accounts = True  # served to others without a shared password: each person logs in
    code, message = host_policy(host, allow_remote, credentials is not None or accounts)
    if message:
        _eprint(message)
    if code is not None:
        return code
    if not 0 < port < 65536:
        _eprint(f"error: port {port} is out of range; use 1-65535")
        return 2

    from interviewbot.bot import Bot
    from interviewbot.web.app import build_app

    database = db_path if db_path is not None else settings.database
    try:
        History(database).close()  # a clear error now, not on the first answer
    except InterviewbotError as exc:
        _eprint(f"error: {exc}")
        return 1
    _eprint(f"practice history: {redact(str(database))}")
    # Concurrent users' questions meet in the micro-batcher and share forward passes.
    bot = Bot(settings, log=_eprint, batching=True)
    _eprint("loading the question bank and the model…")
    bot.index  # noqa: B018 - load once per process, before any user arrives
    bot.embedder.encode(["warm up"])
    bot.grade("What is dropout?", "Dropout turns off random neurons while training.")  # warm up
    demo = build_app(bot, db_path=database, accounts=accounts)
    demo.queue(default_concurrency_limit=CONCURRENCY)
    shown = f"[{host}]" if ":" in host else host
    if accounts:
        options = launch_options(settings, host, port, None, db_path=database)
        return _serve_mounted(demo, database, options, f"http://{shown}:{port}")
    try:
        try:
            demo.launch(
                prevent_thread_lock=True,
                **launch_options(settings, host, port, credentials, db_path=database),
            )
        except OSError as exc:
            _eprint(f"error: cannot listen on {host}:{port} ({exc}); try another --port")
            return 1
        _eprint(f"Interviewbot is running on http://{shown}:{port} (Ctrl-C to stop)")
        while demo.is_running:
            time.sleep(0.2)
    except KeyboardInterrupt:
        _eprint("stopping")
    finally:
        demo.close()
    return 0
