"""Shared fixtures: a real SQLite file per test, and a real PostgreSQL 15 when
$SALESTERM_TEST_PG names a server (CI always starts one; on CI its absence fails the run)."""
from __future__ import annotations

import os
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest

from salesterm import clock, i18n

TODAY = date(2026, 11, 29)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# real company names (see tests/fixtures/README.md): the suite needs nothing outside the repository
LISTED_COMPANIES = FIXTURES / "cn_listed_companies.csv"
PG_URL = os.environ.get("SALESTERM_TEST_PG", "")
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Keep config, data and logs of every test inside its own folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local/state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("SALESTERM_DB", raising=False)
    monkeypatch.delenv("SALESTERM_TODAY", raising=False)
    monkeypatch.delenv("SALESTERM_CONFIG", raising=False)
    clock.set_today(TODAY)
    yield
    clock.set_today(None)


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """The interface language is process-wide: a test that chose Chinese must not leave it on."""
    yield
    i18n.set_language("en")


@pytest.fixture(scope="session")
def pg_database_url():
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("SALESTERM_TEST_PG is not set on CI: the PostgreSQL tests must run")
        pytest.skip("set SALESTERM_TEST_PG=postgresql://user@host:port/db to run the PostgreSQL tests")
    import psycopg
    from urllib.parse import urlparse, urlunparse

    name = f"salesterm_test_{uuid.uuid4().hex[:10]}"
    parsed = urlparse(PG_URL)
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield urlunparse(parsed._replace(path=f"/{name}"))
    from salesterm.store.db import close_database

    close_database()
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_all(db) -> None:
    from salesterm.store.models import ALL_MODELS

    names = ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS)
    extra = [t for t in db.get_tables() if t not in {m._meta.table_name for m in ALL_MODELS} | {"schema_version"}]
    names = ", ".join([names] + [f'"{t}"' for t in extra]) if extra else names
    db.execute_sql(f"TRUNCATE {names} CASCADE")


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A database URL on each backend: a new SQLite file, or the session's emptied PG database."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    url = request.getfixturevalue("pg_database_url")
    from salesterm.store.db import open_database

    db = open_database(url)
    _truncate_all(db)
    db.close()
    yield url


@pytest.fixture
def db(db_url):
    """An open, migrated database on each backend, bound to the models."""
    from salesterm.store.db import open_database

    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def sqlite_db(tmp_path):
    from salesterm.store.db import open_database

    database = open_database(str(tmp_path / "test.db"))
    yield database
    database.close()


@pytest.fixture
def run_cli(tmp_path):
    """Run `salesterm ARGS` in a subprocess, the way a user or a script does."""
    import subprocess

    def run(*args, input: str | None = None, db: str | None = None, env: dict | None = None, check=False):
        cmd = [sys.executable, "-m", "salesterm"]
        if db is not None:
            cmd += ["--db", db]
        cmd += [str(a) for a in args]
        full_env = dict(os.environ, **(env or {}))
        full_env.setdefault("SALESTERM_TODAY", TODAY.isoformat())
        proc = subprocess.run(cmd, input=input, capture_output=True, text=True, env=full_env, timeout=600)
        if check and proc.returncode != 0:
            raise AssertionError(f"{cmd} exited {proc.returncode}: {proc.stderr}")
        return proc

    return run
