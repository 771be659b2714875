"""Accounts for a server many people share: sign-up, log-in, admins, a rate limit on failures.

Passwords are hashed with Argon2id (``argon2-cffi``); only the hash is stored. Accounts live in
the same database as the history (SQLite or PostgreSQL), so every server process sharing that
database knows every account, and failed log-ins are counted there too: the limit holds across
replicas. A user's profile name is their username, so each sees and writes only their own history.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from interviewbot.errors import InputError
from interviewbot.practice.db import Database, server_secret
from interviewbot.practice.store import check_profile

MIN_PASSWORD = 8
MAX_PASSWORD = 256
MAX_FAILURES = 5  # failed log-ins per username ...
FAILURE_WINDOW = timedelta(minutes=15)  # ... within this window lock the name until it passes


@dataclass(frozen=True)
class User:
    """One account (never carries the password or its hash)."""

    username: str
    is_admin: bool
    created_at: datetime


class Accounts:
    """Sign-up, log-in and admin listing over a history database."""

    def __init__(self, db: Database) -> None:
        from argon2 import PasswordHasher

        self.db = db
        self._hasher = PasswordHasher()

    def sign_up(self, username: str, password: str, *, admin: bool = False) -> User:
        """Create an account; InputError for a taken or malformed name or a weak password."""
        name = check_profile(username)
        _check_password(password)
        now = datetime.now(UTC)
        digest = self._hasher.hash(password)
        with self.db.transaction() as tx:
            if tx.run("SELECT 1 FROM users WHERE username = ?", (name,)):
                raise InputError(f"the username {name!r} is taken; choose another one")
            tx.run(
                "INSERT INTO users (username, password_hash, is_admin, created_at) "
                "VALUES (?, ?, ?, ?)",
                (name, digest, int(admin), now.isoformat()),
            )
        return User(name, admin, now)

    def log_in(self, username: str, password: str) -> User:
        """The account if the password is right; InputError (one message for an unknown name
        and a wrong password, so names cannot be probed) or a lock-out message after
        :data:`MAX_FAILURES` failures within :data:`FAILURE_WINDOW`."""
        name = " ".join(str(username or "").split())
        now = datetime.now(UTC)
        since = (now - FAILURE_WINDOW).isoformat()
        with self.db.transaction() as tx:
            failures = tx.run(
                "SELECT COUNT(*) FROM login_failures WHERE username = ? AND failed_at > ?",
                (name, since),
            )[0][0]
            row = tx.run(
                "SELECT password_hash, is_admin, created_at FROM users WHERE username = ?",
                (name,),
            )
        if failures >= MAX_FAILURES:
            minutes = int(FAILURE_WINDOW.total_seconds() // 60)
            raise InputError(
                f"too many failed log-ins for {name!r}; wait {minutes} minutes and try again"
            )
        if not row or not self._verify(row[0][0], str(password or "")):
            with self.db.transaction() as tx:
                tx.run(
                    "INSERT INTO login_failures (username, failed_at) VALUES (?, ?)",
                    (name, now.isoformat()),
                )
            raise InputError("wrong username or password; check both and try again")
        with self.db.transaction() as tx:
            tx.run("DELETE FROM login_failures WHERE username = ?", (name,))
        digest, is_admin, created = row[0]
        return User(name, bool(is_admin), datetime.fromisoformat(created))

    def _verify(self, digest: str, password: str) -> bool:
        from argon2.exceptions import VerificationError

        try:
            return self._hasher.verify(digest, password)
        except VerificationError:
            return False

    def users(self) -> list[User]:
        """Every account, by name."""
        with self.db.transaction() as tx:
            rows = tx.run("SELECT username, is_admin, created_at FROM users ORDER BY username")
        return [User(r[0], bool(r[1]), datetime.fromisoformat(r[2])) for r in rows]

    def set_admin(self, username: str, admin: bool = True) -> None:
        """Grant or take back the admin role; InputError for an unknown name."""
        name = check_profile(username)
        with self.db.transaction() as tx:
            changed = tx.count(
                "UPDATE users SET is_admin = ? WHERE username = ?", (int(admin), name)
            )
        if changed == 0:
            raise InputError(f"no account {name!r}; create it with `interviewbot users add`")

    def secret(self) -> bytes:
        """The key that signs log-in cookies (:func:`~interviewbot.practice.db.server_secret`),
        so a user stays logged in whichever replica answers."""
        return server_secret(self.db)


def _check_password(password: object) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InputError(f"the password is too short; use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"the password is too long; use at most {MAX_PASSWORD} characters")


def sign(secret: bytes, username: str, *, now: datetime | None = None, days: int = 14) -> str:
    """A log-in cookie value: the name, an expiry and an HMAC over both."""
    expires = int(((now or datetime.now(UTC)) + timedelta(days=days)).timestamp())
    payload = f"{username}|{expires}"
    mac = hmac.new(secret, payload.encode(), "sha256").hexdigest()
    return f"{payload}|{mac}"


def verify_cookie(secret: bytes, value: str | None, *, now: datetime | None = None) -> str | None:
    """The username a cookie from :func:`sign` vouches for, or None if forged or expired."""
    if not value or value.count("|") < 2:
        return None
    payload, mac = value.rsplit("|", 1)
    good = hmac.new(secret, payload.encode(), "sha256").hexdigest()
    if not hmac.compare_digest(good, mac):
        return None
    username, expires = payload.rsplit("|", 1)
    if not expires.isdigit() or int(expires) < (now or datetime.now(UTC)).timestamp():
        return None
    return username
