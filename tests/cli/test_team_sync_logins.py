"""Team sync on a team server with row-level security (issues 12 and 13 together): `server init`
sets up both; every login syncs its share. A rep's direct write on the server is captured into the
change log; straight through psycopg a rep reads only the log entries of their own customers plus
the shared tables, a manager the team's, an admin all; `sync` downloads exactly that share.

(Until issue 12's share was built this file asserted that a rep's or manager's sync was refused
with `sync.login_may_not_sync`; that refusal is gone and these tests assert the share instead.)"""
from __future__ import annotations

import json

import psycopg
import pytest

from tests.store.team_fixtures import make_team


@pytest.fixture(scope="module")
def team():
    yield from make_team()


@pytest.fixture
def fresh_team():
    yield from make_team()


def _counts(run_cli, db) -> dict:
    return json.loads(run_cli("check", "--json", db=db, check=True).stdout)["counts"]


def _log_customers(conn) -> set:
    return {r[0] for r in conn.execute("SELECT DISTINCT customer_id FROM sync_log").fetchall()}


def test_server_init_sets_up_sync_and_each_login_reads_its_share_of_the_log(team, run_cli):
    done = run_cli("server", "init", team.admin_url, "--json", check=True)
    assert json.loads(done.stdout)["tables"] > 0
    mine, hers, other = team.customers["王伟"], team.customers["张敏"], team.customers["陈刚"]

    with team.connect("王伟") as conn:  # a direct write on the hub, as the rep
        conn.execute("UPDATE customer SET remark = '周三送货' WHERE id = %s", (mine,))
        assert _log_customers(conn) == {mine, None}
        tables = {r[0] for r in conn.execute("SELECT DISTINCT tbl FROM sync_log WHERE customer_id IS NULL")}
        assert tables == {"rep"}  # shared rows: every rep's name
        assert conn.execute("SELECT count(*) FROM sync_log WHERE customer_id = %s", (other,)).fetchone()[0] == 0
        kinds = {r[0] for r in conn.execute("SELECT DISTINCT tbl FROM sync_log WHERE customer_id = %s", (mine,))}
        assert {"customer", "receivable", "payment", "payment_allocation", "note"} <= kinds
        last = conn.execute("SELECT salesterm_sync_last_seq()").fetchone()[0]  # the whole log's
        seen = conn.execute("SELECT count(*) FROM sync_log").fetchone()[0]
        for forbidden in ("DELETE FROM sync_log", "UPDATE sync_log SET who = 'x'", "SELECT * FROM sync_login"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(forbidden)
    with team.connect("李娜") as conn:
        assert _log_customers(conn) == {mine, hers, None}
    with team.connect("赵总") as conn:
        assert _log_customers(conn) == {mine, hers, other, None}
        assert conn.execute("SELECT max(seq), count(*) FROM sync_log").fetchone() == (last, last) and seen < last
    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        logged = conn.execute("SELECT who, fields, customer_id FROM sync_log WHERE tbl = 'customer' AND row_id = %s "
                              "ORDER BY seq DESC LIMIT 1", (mine,)).fetchone()
    assert logged == (team.logins["王伟"], logged[1], mine) and logged[1]["remark"] == "周三送货"


def test_sync_downloads_the_rep_s_share_the_manager_s_team_and_the_admin_s_all(team, run_cli, tmp_path):
    run_cli("server", "init", team.admin_url, check=True)
    shares = {"王伟": 1, "李娜": 2, "赵总": 3}
    for who, customers in shares.items():
        laptop = str(tmp_path / f"{who}.db")
        out = json.loads(run_cli("sync", "--server", team.url(who), "--json", db=laptop, check=True).stdout)
        assert out["pulled"] > 0 and out["rejected"] == 0
        counts = _counts(run_cli, laptop)
        assert counts["customer"] == customers, who
        assert counts["payment"] == customers and counts["receivable"] == customers
        assert counts["rep"] == 5  # shared: every rep
    import sqlite3

    with sqlite3.connect(tmp_path / "王伟.db") as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM customer")}
        notes = {r[0] for r in conn.execute("SELECT title FROM note")}
    assert names == {"王伟的客户商行"} and notes == {"王伟的反馈"}

    # the laptop is the joining login's: signed as 王伟 with no --rep, and a rep cannot claim another
    from salesterm.store.db import close_database, open_database
    from salesterm.store.team.identity import identity

    me = identity(open_database(str(tmp_path / "王伟.db")))
    close_database()
    assert (me.login, me.rep, me.role) == (team.logins["王伟"], "王伟", "rep")
    claimed = run_cli("--rep", "张敏", "plan", db=str(tmp_path / "王伟.db"))
    assert claimed.returncode == 1 and "you are logged in as" in claimed.stderr

    manager_db = str(tmp_path / "李娜.db")  # the manager's edit of a team customer goes through
    with sqlite3.connect(manager_db) as conn:
        conn.execute("UPDATE customer SET remark = '经理已联系' WHERE id = ?", (team.customers["张敏"],))
    out = json.loads(run_cli("sync", "--server", team.url("李娜"), "--json", db=manager_db, check=True).stdout)
    assert out["pushed"] == 1 and out["rejected"] == 0
    with team.connect("张敏") as conn:
        assert conn.execute("SELECT remark FROM customer WHERE id = %s",
                            (team.customers["张敏"],)).fetchone()[0] == "经理已联系"


def test_a_push_on_a_row_not_the_login_s_is_rejected_with_its_reason_and_the_rest_apply(fresh_team, run_cli,
                                                                                      tmp_path):
    """The rep's laptop holds an op on another rep's customer (a contact typed for 陈刚's customer):
    the hub refuses it naming the customer, it stays in the outbox; the rep's own edit applies."""
    from salesterm.store.db import close_database, open_database

    team = fresh_team
    run_cli("server", "init", team.admin_url, check=True)
    laptop = str(tmp_path / "rep.db")
    run_cli("sync", "--server", team.url("王伟"), db=laptop, check=True)
    db = open_database(laptop)
    try:  # another rep's customer id, as a laptop could hold it from before a handover
        db.execute_sql("PRAGMA foreign_keys = OFF")
        db.execute_sql("INSERT INTO contact (id, customer_id, name, created_at, updated_at) "
                       "VALUES ('c-not-mine', ?, '老李', '2026-12-01 09:00:00', '2026-12-01 09:00:00')",
                       (team.customers["陈刚"],))
        db.execute_sql("UPDATE customer SET remark = '只收现金' WHERE id = ?", (team.customers["王伟"],))
    finally:
        close_database()
    out = json.loads(run_cli("sync", "--server", team.url("王伟"), "--json", db=laptop, check=True).stdout)
    assert out["rejected"] == 1 and out["pushed"] == 1
    db = open_database(laptop)
    try:
        rows = db.execute_sql("SELECT tbl, row_id, status, reason FROM sync_outbox").fetchall()
    finally:
        close_database()
    assert rows == [("contact", "c-not-mine", "rejected",
                     rows[0][3])] and rows[0][3].startswith("not yours: customer 陈刚的客户商行")
    assert "belongs to another rep" in rows[0][3]
    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM contact WHERE id = 'c-not-mine'").fetchone()[0] == 0
        remark = conn.execute("SELECT remark FROM customer WHERE id = %s", (team.customers["王伟"],)).fetchone()[0]
    assert remark == "只收现金"


def test_handover_reaches_both_laptops_and_the_manager_sees_who_is_in_sync(fresh_team, run_cli, tmp_path):
    team = fresh_team
    run_cli("server", "init", team.admin_url, check=True)
    a, b = str(tmp_path / "wangwei.db"), str(tmp_path / "zhangmin.db")
    run_cli("sync", "--server", team.url("王伟"), db=a, check=True)
    run_cli("sync", "--server", team.url("张敏"), db=b, check=True)
    moved = team.customers["王伟"]
    # offline on A: an edit of the customer about to be handed over, and a customer of A's own
    from salesterm.store.customers import create_customer
    from salesterm.store.db import close_database, open_database

    db = open_database(a)
    try:
        create_customer({"name": "城西五金店", "city": "广州"}, rep="王伟")
        db.execute_sql("UPDATE customer SET remark = '周五前回款' WHERE id = ?", (moved,))
    finally:
        close_database()

    done = run_cli("handover", "--from", "王伟", "--to", "张敏", "--query", "王伟的客户商行", "--reason", "离职",
                   db=team.url("李娜"))
    assert done.returncode == 0, done.stderr

    out = json.loads(run_cli("sync", "--server", team.url("王伟"), "--json", db=a, check=True).stdout)
    assert out["pushed"] >= 1 and out["rejected"] == 1, out  # the edit came too late: no longer A's
    counts = _counts(run_cli, a)
    assert counts["customer"] == 1 and counts["receivable"] == 0 and counts["payment"] == 0
    assert counts["payment_allocation"] == 0 and counts["note"] == 0 and counts["customer_stats"] == 1
    db = open_database(a)
    try:
        left = db.execute_sql("SELECT count(*) FROM customer WHERE id = ?", (moved,)).fetchone()[0]
        outbox = db.execute_sql("SELECT kind, status, reason FROM sync_outbox").fetchall()
    finally:
        close_database()
    assert left == 0
    assert outbox == [("update", "rejected", outbox[0][2])] and "not yours" in outbox[0][2]  # no delete captured

    told = run_cli("sync", "--server", team.url("张敏"), db=b, check=True).stdout
    assert "your share changed: 1 customer came to this laptop, 0 customers left it" in told
    counts = _counts(run_cli, b)
    assert counts["customer"] == 2 and counts["receivable"] == 2 and counts["payment"] == 2
    assert counts["note"] == 2 and counts["payment_allocation"] == 2  # the history came with the customer
    assert counts["customer_stats"] == 2  # and its summary, recomputed here
    with psycopg.connect(team.admin_url, autocommit=True) as conn:  # nothing was deleted on the hub
        assert conn.execute("SELECT count(*) FROM payment WHERE customer_id = %s", (moved,)).fetchone()[0] == 1

    listed = {u["login"]: u for u in json.loads(
        run_cli("server", "user", "list", "--json", db=team.admin_url, check=True).stdout)}
    a_state = listed[team.logins["王伟"]]["sync"]
    assert a_state["laptops"] == 1 and a_state["pushed"] >= 1 and a_state["last_push"] is not None
    # A's new customer took the next code of A's own counter, which another rep's customer holds on
    # the hub (one A cannot see): it became CODE-2, and the record of that is A's open conflict
    assert a_state["version"] and a_state["conflicts"] == 1
    assert listed[team.logins["陈刚"]]["sync"] is None
    text = run_cli("server", "user", "list", db=team.admin_url, check=True).stdout
    assert "never synced" in text and "Last push" in text

    # the manager (李娜) sees her team's laptops, not a rep outside her team; a rep sees none
    managed = {u["login"]: u for u in json.loads(
        run_cli("server", "user", "list", "--json", db=team.url("李娜"), check=True).stdout)}
    assert managed[team.logins["王伟"]]["sync"] == a_state
    with team.connect("王伟") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT count(*) FROM sync_login")
