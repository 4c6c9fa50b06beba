"""Pytest plugin: a throwaway PostgreSQL server on loopback.

Register with ``pytest_plugins = ["tests.conftest_postgres"]``.

* ``postgres_url`` - a SQLAlchemy URL (``postgresql+psycopg://...``, with a password) of an
  empty database on a cluster started for the test session in a temporary folder:
  ``initdb``, ``pg_ctl start`` on a free port with ``listen_addresses=127.0.0.1`` and the
  socket in that folder, stopped and removed afterwards. Run as root, the cluster belongs
  to the ``postgres`` user (PostgreSQL refuses to run as root).

Without PostgreSQL's server binaries (Debian: ``apt-get install postgresql``) or psycopg the
tests that use it skip with the reason, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DATABASE = "sync_test"
USER = "okr"


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI)", pytrace=False)
    pytest.skip(reason)


def find_bindir() -> Path | None:
    """The newest PostgreSQL server bin folder holding initdb and pg_ctl."""
    candidates = []
    for folder in glob.glob("/usr/lib/postgresql/*/bin"):
        path = Path(folder)
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file():
            version = path.parent.name
            candidates.append((int(version) if version.isdigit() else 0, path))
    if candidates:
        return max(candidates)[1]
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(initdb).resolve().parent
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """A PostgreSQL cluster in ``root``, run as ``owner`` when we are root."""

    def __init__(self, bindir: Path, root: Path) -> None:
        self.bindir = bindir
        self.root = root
        self.data = root / "data"
        self.password = secrets.token_urlsafe(12)
        self.port = 0
        self.user: dict[str, Any] = {}
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                _missing("running as root and there is no 'postgres' user to own the cluster")
            os.chown(root, owner.pw_uid, owner.pw_gid)
            self.user = {"user": owner.pw_uid, "group": owner.pw_gid}

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(self.bindir / tool), *args], cwd=self.root,
                                capture_output=True, text=True, timeout=120, check=False,
                                **self.user)
        if result.returncode != 0:
            raise RuntimeError(f"{tool} failed ({result.returncode}): "
                               f"{result.stderr.strip() or result.stdout.strip()}")
        return result

    def init(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        if self.user:
            os.chown(pwfile, self.user["user"], self.user["group"])
        self.run("initdb", "-D", str(self.data), "-U", USER, "--pwfile", str(pwfile),
                 "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                 "--no-locale", "--no-sync")
        pwfile.unlink()

    def start(self) -> None:
        for _ in range(3):
            self.port = free_port()
            options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                       f"-c unix_socket_directories={self.root} -c fsync=off "
                       "-c full_page_writes=off -c synchronous_commit=off")
            try:
                self.run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w",
                         "-t", "60", "-o", options, "start")
                return
            except RuntimeError:
                continue
        log = self.root / "log"
        raise RuntimeError("PostgreSQL did not start: "
                           + (log.read_text(errors="replace")[-2000:] if log.exists() else ""))

    def stop(self) -> None:
        if self.port:
            try:
                self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            except (RuntimeError, subprocess.TimeoutExpired):
                pass

    def url(self, database: str) -> str:
        return (f"postgresql+psycopg://{USER}:{self.password}@127.0.0.1:{self.port}/"
                f"{database}")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The SQLAlchemy URL of an empty database on a throwaway PostgreSQL server."""
    bindir = find_bindir()
    if bindir is None:
        _missing("PostgreSQL server binaries not found (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
        import sqlalchemy
    except ImportError as exc:
        _missing(f"{exc.name} is not installed (pip install -e '.[dev]')")
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="sheets-okr-pg-"))
    cluster = Cluster(bindir, root)
    try:
        cluster.init()
        cluster.start()
        engine = sqlalchemy.create_engine(cluster.url("postgres"),
                                          isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {DATABASE}")
        engine.dispose()
        yield cluster.url(DATABASE)
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
