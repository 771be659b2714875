"""Sign-up and log-in pages in front of the app when it is served to others (``--accounts``).

The app is mounted on a FastAPI app whose ``/login``, ``/signup`` and ``/logout`` pages are
plain HTML forms. A successful log-in sets an HTTP-only cookie signed with the key kept in the
practice database (:meth:`Accounts.secret`), so every replica on that database accepts it and a
user stays logged in whichever one answers. Gradio reads the user from that cookie
(``auth_dependency``), so ``gr.Request.username`` is the account in every event handler.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from interviewbot.errors import InputError
from interviewbot.practice.accounts import Accounts, sign, verify_cookie

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI, Request

COOKIE = "interviewbot_session"
OPEN_PATHS = ("/login", "/signup", "/logout")
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Interviewbot · {title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}}
label{{display:block;margin:.8rem 0 .2rem}}input{{width:100%;padding:.5rem;font-size:1rem}}
button{{margin-top:1rem;padding:.5rem 1.2rem;font-size:1rem}}.err{{color:#b00020}}</style>
</head><body><h1>Interviewbot</h1><h2>{title}</h2>{message}
<form method="post" action="{action}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="{autocomplete}" required>
<button type="submit">{button}</button></form><p>{other}</p></body></html>"""


def page(kind: str, message: str = "") -> str:
    """The log-in or sign-up form, with an (escaped) error line."""
    login = kind == "login"
    return _PAGE.format(
        title="Log in" if login else "Sign up",
        action="/login" if login else "/signup",
        button="Log in" if login else "Create account",
        autocomplete="current-password" if login else "new-password",
        message=f'<p class="err" role="alert">{html.escape(message)}</p>' if message else "",
        other='No account yet? <a href="/signup">Sign up</a>' if login
        else 'Have an account? <a href="/login">Log in</a>',
    )


def current_user(secret: bytes, request: Request) -> str | None:
    """The account a request's cookie vouches for, or None (Gradio's ``auth_dependency``)."""
    return verify_cookie(secret, request.cookies.get(COOKIE))


def accounts_app(accounts: Accounts, *, secure_cookie: bool = False) -> tuple[FastAPI, bytes]:
    """A FastAPI app with the log-in pages and a guard that sends anyone not logged in to
    ``/login`` (HTML) or answers 401 (API); mount the Gradio app on it at ``/``."""
    from fastapi import FastAPI, Form
    from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    secret = accounts.secret()

    def submitted(kind: str, enter, failed_status: int, username: str, password: str):
        """A posted form: the account's cookie and the app, or the form again with the error."""
        try:
            user = enter(username, password)
        except InputError as exc:
            return HTMLResponse(page(kind, str(exc)), status_code=failed_status)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            COOKIE, sign(secret, user.username), max_age=14 * 24 * 3600, httponly=True,
            samesite="lax", secure=secure_cookie,
        )  # fmt: skip
        return response

    @app.middleware("http")
    async def guard(request, call_next):
        path = request.url.path
        if path in OPEN_PATHS or current_user(secret, request) is not None:
            return await call_next(request)
        if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            return RedirectResponse("/login", status_code=303)
        return JSONResponse({"error": "log in first at /login"}, status_code=401)

    @app.get("/login", response_class=HTMLResponse)
    def login_form():
        return page("login")

    @app.post("/login")
    def login(username: str = Form(""), password: str = Form("")):
        return submitted("login", accounts.log_in, 401, username, password)

    @app.get("/signup", response_class=HTMLResponse)
    def signup_form():
        return page("signup")

    @app.post("/signup")
    def signup(username: str = Form(""), password: str = Form("")):
        return submitted("signup", accounts.sign_up, 400, username, password)

    @app.get("/logout")
    def logout():
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    return app, secret


def logged_in_user() -> str | None:
    """The account of the event being handled (Gradio sets the request for every event), or
    None outside an event or without accounts."""
    from gradio.context import LocalContext

    request = LocalContext.request.get(None)
    return getattr(request, "username", None) if request is not None else None


class AccountHistory:
    """The practice history as one logged-in person may use it: every read and write is checked
    against the account of the event being handled, here, at the one place all tabs go through,
    so no value a browser sends can reach another person's history."""

    def __init__(self, history) -> None:
        self._history = history

    def __getattr__(self, name: str):
        return getattr(self._history, name)  # where, path, db, close: no profile involved

    def _own(self, profile: str) -> str:
        user = logged_in_user()
        if user is None:
            raise InputError("log in first: this server keeps a history per account")
        if " ".join(str(profile or "").split()) != user:
            raise InputError(f"you are logged in as {user!r}; only that history is yours")
        return user

    def record(self, profile: str, **fields):
        return self._history.record(self._own(profile), **fields)

    def set_override(self, profile: str, attempt_id: int, override: str | None) -> None:
        self._history.set_override(self._own(profile), attempt_id, override)

    def attempts(self, profile: str):
        return self._history.attempts(self._own(profile))

    def export_csv(self, profile: str) -> str:
        return self._history.export_csv(self._own(profile))

    def import_csv(self, profile: str, text: str) -> int:
        return self._history.import_csv(self._own(profile), text)

    def profiles(self) -> list[str]:
        user = logged_in_user()
        return [user] if user else []

    def export_class_csv(self) -> str:
        raise InputError("a class export is for admins: use `interviewbot history --all`")
