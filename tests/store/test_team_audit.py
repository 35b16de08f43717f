"""The audit trail on a team server: each edit recorded by trigger with the login, the field, the old
and new value and the source; nobody but the server's owner can change it."""
from __future__ import annotations

import psycopg
import pytest

from tests.store.team_fixtures import make_team


@pytest.fixture(scope="module")
def team():
    yield from make_team()


def _as(team, who):
    from salesterm.store.db import open_database

    return open_database(team.url(who))


def test_a_sequence_of_edits_is_recorded_field_by_field(team):
    from salesterm.store import customers
    from salesterm.store.team import audit

    cid = team.customers["王伟"]
    db = _as(team, "王伟")
    try:
        customers.update_customer(cid, {"remark": "老客户"})
        customers.update_customer(cid, {"remark": "老客户，月结", "city": "佛山"})
        customers.add_contact(cid, {"name": "刘经理", "phone": "13900001111"})
        trail = audit.entries(cid)
    finally:
        db.close()
    mine = [e for e in trail if e.login == team.logins["王伟"]]
    changes = [(e.table, e.action, e.field, e.old, e.new) for e in mine]
    assert changes[:3] == [("customer", "update", "remark", "", "老客户"),  # one edit's fields in key order
                           ("customer", "update", "city", "广州", "佛山"),
                           ("customer", "update", "remark", "老客户", "老客户，月结")]
    assert changes[3][:2] == ("contact", "insert") and "刘经理" in changes[3][4]
    assert {e.source for e in mine} == {"app"}
    assert not any(e.field in ("updated_at", "py_full") for e in trail)
    # what the admin seeded is there too, under the admin's login: the payment, the note
    assert {"payment", "payment_allocation", "note", "receivable"} <= {e.table for e in trail}


def test_the_source_follows_the_session_setting(team):
    from salesterm.store import customers
    from salesterm.store.team import audit

    cid = team.customers["王伟"]
    db = _as(team, "王伟")
    try:
        audit.set_source("sync")
        customers.update_customer(cid, {"district": "南海"})
        assert audit.entries(cid)[-1].source == "sync"
        assert audit.entries(cid)[-1].field == "district"
    finally:
        db.close()


@pytest.mark.parametrize("who", ["王伟", "李娜"])
def test_reps_and_managers_cannot_change_the_trail(team, who):
    with team.connect(who) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] > 0
        for sql in ("UPDATE audit_log SET new_value = 'x'", "DELETE FROM audit_log",
                    "INSERT INTO audit_log (table_name, row_id, action) VALUES ('customer', 'x', 'update')",
                    "TRUNCATE audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)


def test_a_rep_reads_only_the_trail_of_their_customers(team):
    with team.connect("王伟") as conn:
        seen = {r[0] for r in conn.execute("SELECT DISTINCT customer_id FROM audit_log").fetchall()}
    assert seen == {team.customers["王伟"]}
