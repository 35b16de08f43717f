"""Shared fixtures: a real SQLite file per test, and a real PostgreSQL 15 when
$SALESTERM_TEST_PG names a server (CI always starts one; on CI its absence fails the run)."""
from __future__ import annotations

import gc
import io
import os
import sys
import uuid
from dataclasses import dataclass
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
    from urllib.parse import urlparse, urlunparse

    import psycopg

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


@dataclass
class CliResult:
    """What a run of the command line left: the same fields as subprocess.CompletedProcess."""
    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def _argv(args, db: str | None) -> list[str]:
    return (["--db", db] if db is not None else []) + [str(a) for a in args]


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """Run `salesterm ARGS` in this process through salesterm.cli.main(argv), as a user or a script
    would see it (exit code, stdout, stderr), and put back what main() changes for the whole
    process: today's date, the language, the database the models are bound to, the search index."""
    from salesterm import cli
    from salesterm.store import search
    from salesterm.store.models import database

    def run(*args, input: str | None = None, db: str | None = None, env: dict | None = None, check=False):
        argv = _argv(args, db)
        day, lang, bound = clock._fixed_today, i18n.language(), database.obj
        capsys.readouterr()  # what the test printed before is not the command's
        with monkeypatch.context() as patch:
            patch.setenv("SALESTERM_TODAY", TODAY.isoformat())
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((input or "").encode()), encoding="utf-8"))
            patch.setattr(sys, "argv", ["salesterm", *argv])
            try:
                code = cli.main(argv)
            except SystemExit as exit_:  # argparse: --version, --help, usage errors
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        out, err = capsys.readouterr()
        if database.obj is not bound:
            if database.obj is not None and not database.obj.is_closed():
                database.obj.close()
            database.initialize(bound)
        search.forget()
        # a one-shot `search QUERY` turns the collector off and reads its index lazily for the
        # rest of the process: later tests in this worker must get the long-lived app's settings
        gc.enable()
        search._long_life = True  # what answer_once() turned off
        clock.set_today(day)
        i18n.set_language(lang)
        result = CliResult(["salesterm", *argv], code or 0, out, err)
        if check and result.returncode != 0:
            raise AssertionError(f"{result.args} exited {result.returncode}: {result.stderr}")
        return result

    return run


@pytest.fixture
def run_subprocess(tmp_path):
    """Run `python -m salesterm ARGS` in a subprocess: for what only a real process shows (its exit
    code through the interpreter, signals, a terminal). Most tests use the in-process run_cli."""
    import subprocess

    def run(*args, input: str | None = None, db: str | None = None, env: dict | None = None, check=False):
        cmd = [sys.executable, "-m", "salesterm", *_argv(args, db)]
        full_env = dict(os.environ, **(env or {}))
        full_env.setdefault("SALESTERM_TODAY", TODAY.isoformat())
        proc = subprocess.run(cmd, input=input, capture_output=True, text=True, env=full_env, timeout=600)
        if check and proc.returncode != 0:
            raise AssertionError(f"{cmd} exited {proc.returncode}: {proc.stderr}")
        return proc

    return run


@pytest.fixture
def hub_url():
    """A new team server (a PostgreSQL database made a hub by server init's code), dropped after:
    for the sync tests of the command line and the TUI (tests/store/sync has its own templates)."""
    if not PG_URL:
        pytest.skip("set SALESTERM_TEST_PG=postgresql://user@host:port/db to run the sync tests")
    from tests.store.sync.support import create_hub, drop_hub

    url = create_hub(PG_URL)
    yield url
    drop_hub(PG_URL, url)
