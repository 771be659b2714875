"""A real PostgreSQL server for the tests: Debian's binaries, a temporary cluster, a free port.

``initdb`` and ``pg_ctl`` refuse to run as root, so as root the cluster belongs to the
``postgres`` user that Debian's package creates and the binaries run through ``runuser``.
A missing server is a failure (``make postgres`` installs it), never a skip.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def pg_bin() -> Path:
    """The newest installed server's bin folder, or a test failure saying how to install it."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if not found:
        pytest.fail("PostgreSQL server binaries not found; run `make postgres` (apt-get install "
                    "postgresql)", pytrace=False)  # fmt: skip
    return Path(found[-1]).parent


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throwaway cluster on 127.0.0.1; yield a superuser URL; stop and delete it."""
    binaries = pg_bin()
    base = Path(tempfile.mkdtemp(prefix="interviewbot-pg-"))
    data = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    port = free_port()
    run = lambda *cmd: subprocess.run(  # noqa: E731
        _as_owner([str(binaries / cmd[0]), *cmd[1:]]), check=True, capture_output=True, text=True
    )
    try:
        run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-sync")  # fmt: skip
        run("pg_ctl", "-D", str(data), "-w", "-t", "60", "-l", str(base / "server.log"),
            "-o", f"-h 127.0.0.1 -p {port} -k {base} -c fsync=off -c max_connections=200",
            "start")  # fmt: skip
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    except subprocess.CalledProcessError as exc:
        log = (base / "server.log").read_text() if (base / "server.log").exists() else ""
        pytest.fail(f"PostgreSQL did not start: {exc.stderr or exc.stdout}\n{log}", pytrace=False)
    finally:
        subprocess.run(
            _as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """One PostgreSQL server for the whole test session."""
    with postgres_server() as url:
        yield url


@pytest.fixture()
def pg_url(pg_server_url: str) -> str:
    """A fresh, empty database on the session's server."""
    return fresh_database(pg_server_url)
