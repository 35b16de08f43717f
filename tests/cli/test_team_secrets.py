"""Secrets of the team commands: a password in a URL (on the command line or in the config's
`server`) never shows in the output, the errors or salesterm.log; `sslmode=require` in the URL
reaches libpq."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from tests.store.team_fixtures import make_team

SECRET = "Hidden-Pw-4242"


@pytest.fixture(scope="module")
def team():
    yield from make_team(seed=False)


def _logs() -> str:
    state = Path(os.environ["XDG_STATE_HOME"])
    return "".join(p.read_text(encoding="utf-8") for p in state.rglob("salesterm.log"))


def _with_password(url: str, login: str, password: str, query: str = "") -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(netloc=f"{login}:{password}@{parsed.hostname}:{parsed.port}", query=query))


@pytest.mark.parametrize("args", [["server", "user", "list"], ["handover", "--from", "王伟", "--to", "张敏"],
                                  ["audit", "x"], ["report", "weekly"]])
def test_a_password_in_the_url_never_shows(team, run_cli, args):
    """Whether the server checks it (scram) or not (a test server that trusts local connections),
    the command runs or refuses in one line, and the password is nowhere."""
    url = _with_password(team.admin_url, team.logins["王伟"], SECRET)
    proc = run_cli(*args, db=url)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0 or proc.stderr.startswith("salesterm: ")
    assert SECRET not in proc.stdout + proc.stderr + _logs()


def test_a_password_in_the_configs_server_never_shows(team, run_cli, tmp_path):
    config = tmp_path / "config.toml"
    url = _with_password(team.admin_url, "nobody_here", SECRET)
    config.write_text(f'server = "{url}"\n', encoding="utf-8")
    proc = run_cli("server", "user", "list", db=str(tmp_path / "laptop.db"), env={"SALESTERM_CONFIG": str(config)})
    assert proc.returncode == 1 and SECRET not in proc.stdout + proc.stderr + _logs()


def test_a_password_typed_for_a_new_login_is_not_logged_when_the_add_fails(team, run_cli):
    proc = run_cli("server", "user", "add", "孙丽", "--login", "pg_bad", "--role", "rep", db=team.admin_url,
                   input=SECRET + "\n")
    assert proc.returncode == 1 and SECRET not in proc.stdout + proc.stderr + _logs()


def test_sslmode_require_in_the_url_reaches_libpq(team, run_cli):
    from salesterm.store.db import parse_target

    url = _with_password(team.admin_url, "postgres", SECRET, query="sslmode=require")
    assert parse_target(url).dsn["sslmode"] == "require"
    proc = run_cli("server", "user", "list", db=url)
    # a server without TLS refuses the connection (libpq says why); one with TLS answers over it
    assert proc.returncode == 0 or "SSL" in proc.stderr, proc.stderr
    assert SECRET not in proc.stdout + proc.stderr + _logs()
