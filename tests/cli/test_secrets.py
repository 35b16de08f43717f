"""A password given in --db never shows: not on stdout or stderr, not in salesterm.log."""
from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

SECRET = "S3cretPW"


def _logs() -> str:
    state = Path(os.environ["XDG_STATE_HOME"])
    return "".join(p.read_text(encoding="utf-8") for p in state.rglob("salesterm.log"))


def _assert_hidden(proc) -> None:
    assert SECRET not in proc.stdout
    assert SECRET not in proc.stderr
    assert SECRET not in _logs()
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("args", [["check"], ["queue"], ["aging", "--json"], ["backup", "x.db"]])
def test_a_server_that_refuses_does_not_show_the_password(run_cli, args):
    proc = run_cli(*args, db=f"postgresql://rep:{SECRET}@127.0.0.1:1/x")
    assert proc.returncode == 1 and "cannot reach the PostgreSQL server" in proc.stderr
    _assert_hidden(proc)


def test_an_unsupported_url_is_refused_without_its_password(run_cli):
    proc = run_cli("check", db=f"mysql://rep:{SECRET}@127.0.0.1/x")
    assert proc.returncode == 1 and "rep:***@127.0.0.1/x" in proc.stderr
    _assert_hidden(proc)


@pytest.fixture
def ordinary_role(pg_database_url):
    """A login role with a password and no rights on the test database's tables; dropped after."""
    import psycopg

    admin = os.environ["SALESTERM_TEST_PG"]
    name = f"salesterm_sec_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD 'Right-{uuid.uuid4().hex}'")
    yield name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP OWNED BY "{name}"')
        conn.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.mark.parametrize("database", ["session", "missing"])
def test_a_wrong_password_on_the_real_server_is_not_shown(run_cli, pg_database_url, ordinary_role, database):
    parsed = urlparse(pg_database_url)
    path = parsed.path if database == "session" else f"/no_such_db_{uuid.uuid4().hex[:8]}"
    url = urlunparse(parsed._replace(netloc=f"{ordinary_role}:{SECRET}@{parsed.hostname}:{parsed.port}",
                                     path=path))
    for args in (["check"], ["queue"], ["export", "customers", "out.csv"]):
        proc = run_cli(*args, db=url)
        assert proc.returncode == 1 and proc.stderr.startswith("salesterm: "), proc.stderr
        _assert_hidden(proc)


def test_a_url_without_password_connects_with_pgpassword(run_cli, pg_database_url, ordinary_role):
    """The documented way: the password comes from PGPASSWORD (or ~/.pgpass, a service file)."""
    from salesterm.store.db import open_database

    open_database(pg_database_url).close()
    parsed = urlparse(pg_database_url)
    url = urlunparse(parsed._replace(netloc=f"{ordinary_role}@{parsed.hostname}:{parsed.port}"))
    proc = run_cli("check", db=url, env={"PGPASSWORD": SECRET})
    assert proc.returncode == 1 and "permission denied" in proc.stderr  # it logged in: the role has no rights
    _assert_hidden(proc)


def test_an_unexpected_error_logs_no_password(monkeypatch, capsys):
    from salesterm import cli
    from salesterm.cmds.context import Context

    url = f"postgresql://rep:{SECRET}@127.0.0.1:1/x"

    def boom(self, **kwargs):
        raise RuntimeError(f"could not use {url} (host=127.0.0.1 password={SECRET})")

    monkeypatch.setattr(Context, "open_db", boom)
    monkeypatch.setattr(sys, "argv", ["salesterm", "--db", url, "queue"])
    assert cli.main(sys.argv[1:]) == 1
    captured = capsys.readouterr()
    assert "unexpected error (RuntimeError" in captured.err
    log = _logs()
    assert "RuntimeError" in log and "--db postgresql://rep:***@127.0.0.1:1/x queue" in log
    assert SECRET not in captured.err + captured.out + log
    assert SECRET not in " ".join(sys.argv)  # not kept in argv once parsed


def test_a_url_naming_a_service_takes_user_and_password_from_the_service_file(run_cli, pg_database_url,
                                                                               ordinary_role, tmp_path):
    from salesterm.store.db import open_database

    open_database(pg_database_url).close()
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[sales]\nuser={ordinary_role}\npassword={SECRET}\n", encoding="utf-8")
    parsed = urlparse(pg_database_url)
    url = urlunparse(parsed._replace(netloc=f"{parsed.hostname}:{parsed.port}", query="service=sales"))
    proc = run_cli("check", db=url, env={"PGSERVICEFILE": str(services)})
    assert proc.returncode == 1 and "permission denied" in proc.stderr  # logged in as the service's role
    _assert_hidden(proc)


def test_a_target_never_shows_its_password():
    from salesterm.store.db import parse_target

    target = parse_target(f"postgresql://rep:{SECRET}@db.example:6543/sales?sslmode=prefer")
    assert target.dsn["password"] == SECRET and target.dsn["sslmode"] == "prefer"
    assert target.describe() == "postgresql://db.example:6543/sales"
    assert SECRET not in repr(target) and SECRET not in str(target)
