"""salesterm server user add/list/disable on a real team server: the password never on the command
line nor in any output but the one line that shows a generated one; disabled logins keep their data."""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
import pytest

from tests.store.team_fixtures import make_team

SECRET = "Sun-Li-Secret-77"


@pytest.fixture(scope="module")
def team():
    yield from make_team(seed=False)


def _logs() -> str:
    state = Path(os.environ["XDG_STATE_HOME"])
    return "".join(p.read_text(encoding="utf-8") for p in state.rglob("salesterm.log"))


def _login_url(team, login: str, password: str) -> str:
    parsed = urlparse(team.admin_url)
    return urlunparse(parsed._replace(netloc=f"{login}:{password}@{parsed.hostname}:{parsed.port}"))


def _new_login(team, who: str) -> str:
    login = f"{who}_{uuid.uuid4().hex[:8]}"
    team.logins[login] = login  # dropped with the team's roles
    return login


def test_add_reads_the_password_from_stdin_and_never_shows_it(team, run_cli):
    login = _new_login(team, "sunli")
    proc = run_cli("server", "user", "add", "孙丽", "--login", login, "--role", "rep", "--manager", "李娜",
                   db=team.admin_url, input=SECRET + "\n")
    assert proc.returncode == 0, proc.stderr
    assert f"Login {login} added for 孙丽 (rep)." in proc.stdout
    assert SECRET not in proc.stdout + proc.stderr + _logs()
    with psycopg.connect(_login_url(team, login, SECRET)) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == login
    listed = run_cli("server", "user", "list", "--json", db=team.admin_url, check=True).stdout
    assert (f'{{"login": "{login}", "rep": "孙丽", "role": "rep", "manager": "李娜", "disabled": false, '
            '"sync": null}') in listed  # never synced a laptop


def test_an_empty_password_is_generated_and_shown_once(team, run_cli):
    login = _new_login(team, "gen")
    proc = run_cli("server", "user", "add", "周杰", "--login", login, "--role", "manager",
                   db=team.admin_url, input="\n")
    assert proc.returncode == 0, proc.stderr
    shown = [line for line in proc.stdout.splitlines() if line.startswith("Password (shown once")]
    assert len(shown) == 1
    password = shown[0].rsplit(": ", 1)[1]
    assert len(password) >= 16 and password not in _logs()
    with psycopg.connect(_login_url(team, login, password)) as conn:
        assert conn.execute("SELECT pg_has_role(current_user, 'salesterm_manager', 'MEMBER')").fetchone()[0]


def test_list_shows_login_rep_role_manager_and_disabled(team, run_cli):
    proc = run_cli("server", "user", "list", db=team.admin_url, check=True)
    header, _rule, *rows = proc.stdout.splitlines()
    assert header.split() == ["Login", "Rep", "Role", "Manager", "Disabled",  # and who is in sync (issue 13)
                              "Last", "sync", "Last", "push", "Pushed", "Conflicts", "Version"]
    wang = next(r for r in rows if r.startswith(team.logins["王伟"]))
    assert wang.split() == [team.logins["王伟"], "王伟", "rep", "李娜", "never", "synced"]


def test_disable_stops_the_login_and_keeps_the_data(team, run_cli):
    login = _new_login(team, "leaver")
    run_cli("server", "user", "add", "吴离", "--login", login, "--role", "rep", db=team.admin_url,
            input=SECRET + "\n", check=True)
    proc = run_cli("server", "user", "disable", login, db=team.admin_url)
    assert proc.returncode == 0 and "can no longer log in" in proc.stdout
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(_login_url(team, login, SECRET)).close()
    listed = run_cli("server", "user", "list", "--json", db=team.admin_url, check=True).stdout
    assert f'"login": "{login}", "rep": "吴离", "role": "rep", "manager": "", "disabled": true' in listed


def test_a_password_is_not_an_option(team, run_cli):
    proc = run_cli("server", "user", "add", "x", "--login", "x1", "--role", "rep", "--password", SECRET,
                   db=team.admin_url)
    assert proc.returncode == 2 and "unrecognized arguments" in proc.stderr


def test_refusals_are_one_line(team, run_cli, tmp_path):
    proc = run_cli("server", "user", "add", "王伟", "--login", team.logins["王伟"], "--role", "rep",
                   db=team.admin_url, input=SECRET + "\n")
    assert proc.returncode == 1 and "already exists" in proc.stderr
    proc = run_cli("server", "user", "add", "x", "--login", "Bad Name", "--role", "rep", db=team.admin_url,
                   input=SECRET + "\n")
    assert proc.returncode == 1 and "cannot be a login name" in proc.stderr
    proc = run_cli("server", "user", "add", "x", "--login", "shorty", "--role", "rep", db=team.admin_url,
                   input="short\n")
    assert proc.returncode == 1 and "at least 8 characters" in proc.stderr
    proc = run_cli("server", "user", "disable", "nobody_here", db=team.admin_url)
    assert proc.returncode == 1 and "no login called 'nobody_here'" in proc.stderr
    proc = run_cli("server", "user", "list", db=str(tmp_path / "laptop.db"))
    assert proc.returncode == 1 and "needs a team server" in proc.stderr


def test_a_rep_cannot_add_logins(team, run_cli):
    url = _login_url(team, team.logins["王伟"], "Team-Pass-1234")
    proc = run_cli("server", "user", "add", "x", "--login", _new_login(team, "sneaky"), "--role", "admin",
                   db=url, input=SECRET + "\n")
    assert proc.returncode == 1 and proc.stderr.startswith("salesterm: ") and "Traceback" not in proc.stderr
    assert "Team-Pass-1234" not in proc.stderr + _logs()


def test_errors_show_the_server_url_without_its_password(run_cli):
    proc = run_cli("server", "user", "list", db=f"postgresql://admin:{SECRET}@127.0.0.1:1/sales")
    assert proc.returncode == 1 and "cannot reach the PostgreSQL server" in proc.stderr
    assert SECRET not in proc.stdout + proc.stderr + _logs()
