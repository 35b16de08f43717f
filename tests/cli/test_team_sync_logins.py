"""Team sync on a team server with row-level security (issues 12 and 13 together): `server init`
sets up both; a rep writing on the server directly is captured into the change log (the capture
trigger runs as its owner, so the rep needs no grant on the log) and cannot read the log; a rep's
or manager's `sync` is refused with one clear line until shares by rep exist, an admin's works."""
from __future__ import annotations

import json

import psycopg
import pytest

from tests.store.team_fixtures import make_team


@pytest.fixture(scope="module")
def team():
    yield from make_team()


def test_server_init_sets_up_sync_and_the_team_and_logins_see_only_their_share(team, run_cli, tmp_path):
    done = run_cli("server", "init", team.admin_url, "--json", check=True)
    assert json.loads(done.stdout)["tables"] > 0

    with team.connect("王伟") as conn:  # a direct write on the hub, as the rep
        conn.execute("UPDATE customer SET remark = '周三送货' WHERE id = %s", (team.customers["王伟"],))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM sync_log")
    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        logged = conn.execute("SELECT who, fields FROM sync_log WHERE tbl = 'customer' AND row_id = %s "
                              "ORDER BY seq DESC LIMIT 1", (team.customers["王伟"],)).fetchone()
    assert logged[0] == team.logins["王伟"] and logged[1]["remark"] == "周三送货"

    rep = run_cli("sync", "--server", team.url("王伟"), db=str(tmp_path / "rep.db"))
    assert rep.returncode == 1
    assert team.logins["王伟"] in rep.stderr and "may not sync" in rep.stderr
    assert "Team-Pass" not in rep.stderr and "Traceback" not in rep.stderr

    admin = run_cli("sync", "--server", team.url("赵总"), "--json", db=str(tmp_path / "admin.db"), check=True)
    assert json.loads(admin.stdout)["pulled"] > 0
