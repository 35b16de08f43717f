"""salesterm handover on a laptop file and on a team server: the manager moves the customers, the
old rep's login no longer sees them, the new rep's does; a rep may not hand over."""
from __future__ import annotations

import json

import pytest

from tests.store.team_fixtures import make_team


@pytest.fixture(scope="module")
def team():
    yield from make_team()


def test_handover_on_a_file_prints_what_moved(run_cli, tmp_path):
    db = str(tmp_path / "h.db")
    run_cli("demo", "--customers", "40", db=db, check=True)
    reps = json.loads(run_cli("aging", "--by", "rep", "--json", db=db, check=True).stdout)["rows"]
    source = reps[0]["key"]
    target = next(r["key"] for r in reps if r["key"] != source)
    proc = run_cli("handover", "--from", source, "--to", target, "--reason", "离职", "--json", db=db, check=True)
    out = json.loads(proc.stdout)
    assert out["from"] == source and out["to"] == target and out["customers"]
    again = run_cli("handover", "--from", source, "--to", target, db=db)
    assert again.returncode == 1 and "no customers to hand over" in again.stderr
    typo = run_cli("handover", "--from", source, "--to", "不存在的人", db=db)
    assert typo.returncode == 1 and "no rep called" in typo.stderr


def test_a_manager_hands_over_and_each_login_sees_the_right_customers(team, run_cli):
    before = run_cli("search", "商行", "--json", db=team.url("张敏"), check=True).stdout
    assert "王伟的客户商行" not in before
    proc = run_cli("handover", "--from", "王伟", "--to", "张敏", "--reason", "离职", db=team.url("李娜"))
    assert proc.returncode == 0, proc.stderr
    assert "Handed over 1 customer from 王伟 to 张敏." in proc.stdout
    with team.connect("王伟") as conn:
        assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 0
    with team.connect("张敏") as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM customer").fetchall()}
        assert names == {"王伟的客户商行", "张敏的客户商行"}
        assert conn.execute("SELECT count(*) FROM payment").fetchone()[0] == 2  # the history came along
        [(by, why)] = conn.execute("SELECT done_by, reason FROM handover").fetchall()
        assert (by, why) == (team.logins["李娜"], "离职")


def test_a_rep_may_not_hand_over(team, run_cli):
    proc = run_cli("handover", "--from", "张敏", "--to", "王伟", db=team.url("张敏"))
    assert proc.returncode == 1 and "only a manager or an admin" in proc.stderr


def test_a_manager_cannot_hand_over_to_a_rep_outside_the_team(team, run_cli):
    proc = run_cli("handover", "--from", "张敏", "--to", "陈刚", db=team.url("李娜"))
    assert proc.returncode == 1 and "may not hand customers over to 陈刚" in proc.stderr
    with team.connect("陈刚") as conn:
        assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 1
