"""salesterm audit CUSTOMER [--json] on a team server, as a rep's login; an import is marked as one."""
from __future__ import annotations

import json

import pytest

from tests.store.team_fixtures import make_team


@pytest.fixture(scope="module")
def team():
    yield from make_team()


def test_audit_prints_who_changed_what(team, run_cli, tmp_path):
    from salesterm.store import customers
    from salesterm.store.db import open_database

    db = open_database(team.url("王伟"))
    try:
        customers.update_customer(team.customers["王伟"], {"phone": "020-87654321"})
    finally:
        db.close()
    proc = run_cli("audit", "王伟的客户商行", "--json", db=team.url("王伟"), check=True)
    trail = json.loads(proc.stdout)
    phone = [e for e in trail if e["field"] == "phone"]
    assert phone == [{**phone[0], "login": team.logins["王伟"], "source": "app", "table": "customer",
                      "action": "update", "old": "", "new": "020-87654321"}]
    text = run_cli("audit", team.customers["王伟"], db=team.url("王伟"), check=True).stdout
    assert "Audit trail of 王伟的客户商行" in text and " → 020-87654321" in text


def test_another_reps_customer_cannot_be_audited(team, run_cli):
    proc = run_cli("audit", "张敏的客户商行", db=team.url("王伟"))
    assert proc.returncode == 1 and "no customer matches" in proc.stderr


def test_an_import_is_recorded_as_an_import(team, run_cli, tmp_path):
    csv = tmp_path / "c.csv"
    csv.write_text("客户名称,城市,业务员\n导入商行,深圳,王伟\n", encoding="utf-8")
    run_cli("import", "customers", str(csv), db=team.admin_url, check=True)
    trail = json.loads(run_cli("audit", "导入商行", "--json", db=team.admin_url, check=True).stdout)
    assert trail and {e["source"] for e in trail} == {"import"} and trail[0]["action"] == "insert"


def test_a_laptop_file_keeps_no_trail(run_cli, tmp_path):
    proc = run_cli("audit", "x", db=str(tmp_path / "laptop.db"))
    assert proc.returncode == 1 and "needs a team server" in proc.stderr
