"""Accounts on both backends: hashed passwords, one message for unknown names and wrong
passwords, a lock-out after repeated failures shared by every process, signed cookies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from interviewbot.errors import InputError
from interviewbot.practice.accounts import (
    MAX_FAILURES,
    Accounts,
    sign,
    verify_cookie,
)
from interviewbot.practice.store import History


@pytest.fixture(params=["sqlite", "postgresql"])
def accounts(request, tmp_path):
    target = tmp_path / "a.sqlite3" if request.param == "sqlite" else request.getfixturevalue(
        "pg_url"
    )
    history = History(target)
    yield Accounts(history.db)
    history.close()


def test_sign_up_then_log_in_stores_only_a_hash(accounts):
    accounts.sign_up("alice", "correct horse")
    assert accounts.log_in("alice", "correct horse").username == "alice"
    with accounts.db.transaction() as tx:
        (digest,) = tx.run("SELECT password_hash FROM users")[0]
    assert "correct horse" not in digest and digest.startswith("$argon2id$")


def test_unknown_name_and_wrong_password_say_the_same(accounts):
    accounts.sign_up("alice", "correct horse")
    with pytest.raises(InputError) as wrong:
        accounts.log_in("alice", "battery staple")
    with pytest.raises(InputError) as unknown:
        accounts.log_in("mallory", "battery staple")
    assert str(wrong.value) == str(unknown.value)


def test_taken_names_and_weak_passwords_are_refused(accounts):
    accounts.sign_up("alice", "correct horse")
    with pytest.raises(InputError, match="taken"):
        accounts.sign_up("alice", "another password")
    with pytest.raises(InputError, match="too short"):
        accounts.sign_up("bob", "short")
    with pytest.raises(InputError, match="not allowed"):
        accounts.sign_up("<script>", "long enough pw")
    assert [u.username for u in accounts.users()] == ["alice"]


def test_repeated_failures_lock_the_name_even_for_the_right_password(accounts):
    accounts.sign_up("alice", "correct horse")
    for _ in range(MAX_FAILURES):
        with pytest.raises(InputError, match="wrong username or password"):
            accounts.log_in("alice", "guess")
    with pytest.raises(InputError, match="too many failed log-ins"):
        accounts.log_in("alice", "correct horse")
    # another process on the same database sees the same count
    with pytest.raises(InputError, match="too many failed log-ins"):
        Accounts(accounts.db).log_in("alice", "correct horse")


def test_admins_and_the_shared_secret(accounts):
    accounts.sign_up("teacher", "correct horse", admin=True)
    accounts.sign_up("student", "correct horse")
    assert [(u.username, u.is_admin) for u in accounts.users()] == [
        ("student", False), ("teacher", True),
    ]  # fmt: skip
    accounts.set_admin("student")
    assert all(u.is_admin for u in accounts.users())
    assert accounts.secret() == Accounts(accounts.db).secret() and len(accounts.secret()) == 32


def test_cookies_are_signed_and_expire():
    key, other = b"k" * 32, b"o" * 32
    now = datetime(2026, 12, 1, tzinfo=UTC)
    cookie = sign(key, "alice", now=now)
    assert verify_cookie(key, cookie, now=now) == "alice"
    assert verify_cookie(other, cookie, now=now) is None
    assert verify_cookie(key, cookie.replace("alice", "admin"), now=now) is None
    assert verify_cookie(key, cookie, now=now + timedelta(days=15)) is None
    assert verify_cookie(key, None) is None and verify_cookie(key, "garbage") is None
