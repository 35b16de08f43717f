"""Who sees what on a team server, enforced by PostgreSQL itself: each login straight through
psycopg (ordinary login roles, not superusers), as `psql` would show it."""
from __future__ import annotations

import psycopg
import pytest

from tests.store.team_fixtures import make_team


@pytest.fixture(scope="module")
def team():
    yield from make_team()


def _names(conn, table="customer", column="name") -> set[str]:
    return {r[0] for r in conn.execute(f"SELECT {column} FROM {table}").fetchall()}


def _count(conn, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_rep_reads_only_their_own_customers_and_what_hangs_off_them(team):
    with team.connect("王伟") as conn:
        assert _names(conn) == {"王伟的客户商行"}
        assert _names(conn, "payment", "id") == {team.payments["王伟"]}
        assert _names(conn, "note", "id") == {team.notes["王伟"]}
        assert _count(conn, "receivable") == 1
        assert _count(conn, "payment_allocation") == 1
        assert _count(conn, "customer_stats") == 1
        assert _count(conn, "collection_state") == 1
        assert _names(conn, "search_visit", "customer_id") <= {team.customers["王伟"]}


def test_a_rep_cannot_read_or_change_another_reps_customer_payment_or_note(team):
    other = team.customers["张敏"]
    with team.connect("王伟") as conn:
        assert conn.execute("SELECT * FROM customer WHERE id = %s", (other,)).fetchall() == []
        changed = conn.execute("UPDATE customer SET remark = 'x' WHERE id = %s", (other,)).rowcount
        assert changed == 0
        assert conn.execute("UPDATE payment SET note = 'x' WHERE id = %s", (team.payments["张敏"],)).rowcount == 0
        assert conn.execute("UPDATE note SET body = 'x' WHERE id = %s", (team.notes["张敏"],)).rowcount == 0
        assert conn.execute("DELETE FROM note WHERE id = %s", (team.notes["张敏"],)).rowcount == 0
    with team.connect("张敏") as conn:
        assert _names(conn, "note", "body") == {"价格"}  # untouched


def test_inserting_a_row_for_another_reps_customer_fails(team):
    other = team.customers["陈刚"]
    with team.connect("王伟") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO payment (id, customer_id, day, amount, created_at, updated_at) "
                "VALUES ('p-forged', %s, '2026-11-29', 100, now(), now())", (other,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO note (id, customer_id, written_on, created_at, updated_at) "
                "VALUES ('n-forged', %s, '2026-11-29', now(), now())", (other,))


def test_a_rep_cannot_give_their_customer_away_or_make_one_for_someone_else(team):
    with team.connect("王伟") as conn:
        other_rep = conn.execute("SELECT id FROM rep WHERE name = '陈刚'").fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("UPDATE customer SET rep_id = %s WHERE id = %s", (other_rep, team.customers["王伟"]))


def test_shared_tables_are_read_only_for_a_rep(team):
    with team.connect("王伟") as conn:
        assert {"王伟", "张敏", "李娜", "陈刚", "赵总"} <= _names(conn, "rep")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE rep SET name = 'x' WHERE name = '陈刚'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO script (id, title, created_at, updated_at) VALUES ('s', 't', now(), now())")
        # their own cycle settings they may change, nobody else's
        assert conn.execute("UPDATE rep SET visits_per_day = 5 WHERE name = '王伟'").rowcount == 1
        assert conn.execute("UPDATE rep SET visits_per_day = 5 WHERE name = '陈刚'").rowcount == 0


def test_a_manager_sees_the_team_and_not_beyond(team):
    with team.connect("李娜") as conn:
        assert _names(conn) == {"王伟的客户商行", "张敏的客户商行"}
        assert _names(conn, "payment", "id") == {team.payments["王伟"], team.payments["张敏"]}
        assert conn.execute("UPDATE customer SET remark = 'seen' WHERE id = %s",
                            (team.customers["张敏"],)).rowcount == 1
        assert conn.execute("UPDATE customer SET remark = 'x' WHERE id = %s",
                            (team.customers["陈刚"],)).rowcount == 0


def test_an_admin_sees_everything(team):
    with team.connect("赵总") as conn:
        assert len(_names(conn)) == 3
        assert _count(conn, "payment") == 3 and _count(conn, "note") == 3


def test_no_login_is_a_superuser_or_bypasses_rls(team):
    with team.connect("赵总") as conn:
        row = conn.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").fetchone()
        assert row == (False, False)


def test_apply_is_idempotent(team):
    from salesterm.store.db import open_database
    from salesterm.store.team import schema

    db = open_database(team.admin_url)
    try:
        schema.apply(db)
        schema.apply(db)
    finally:
        db.close()
    with team.connect("王伟") as conn:
        assert _names(conn) == {"王伟的客户商行"}


def test_the_apps_writes_work_for_a_rep_on_their_own_customer(team):
    """What the app does through the store, as the rep's login under RLS: no grant is missing."""
    from datetime import date, timedelta

    from salesterm.store import customers
    from salesterm.store.db import open_database
    from salesterm.store.ledger import promises
    from salesterm.store.ledger.queue import queue_rows
    from salesterm.store.ledger.receivables import record_payment, record_receivable
    from salesterm.store.sales.deals import create_deal
    from salesterm.store.sales.notes import add_comment, create_note
    from salesterm.store.visits import log_visit, plan_visit
    from tests.conftest import TODAY

    db = open_database(team.url("王伟"))
    try:
        mine = team.customers["王伟"]
        new = customers.create_customer({"name": "王伟新开商行"}, rep="王伟")
        record_receivable(mine, number="SO-RLS-1", issued=date(2026, 11, 1), due=date(2026, 11, 20),
                          amount=80_00)
        record_payment(mine, amount=10_00, day=TODAY, rep="王伟")
        promises.make_promise(mine, promised_date=TODAY + timedelta(days=3), amount=20_00, rep="王伟")
        create_deal(new.id, title="首单", amount="500", rep="王伟")
        visit = plan_visit(mine, day=TODAY)
        log_visit(visit.id, notes="拜访了", day=TODAY)
        note = create_note({"kind": "market", "title": "竞品降价", "body": "降价 5%"}, rep="王伟", customer_id=mine)
        add_comment(note.id, "已知悉", who="王伟")
        assert {r.customer for r in queue_rows(limit=10)} <= {"王伟的客户商行", "王伟新开商行"}
    finally:
        db.close()
    with team.connect("张敏") as conn:
        assert conn.execute("SELECT count(*) FROM customer WHERE name = '王伟新开商行'").fetchone()[0] == 0


def test_every_table_of_the_team_database_has_a_rule(team):
    """A table without a rule gets no grant: a rep's app would fail on it. Every table the schema
    creates is governed by policies.TABLES, opened by policies.OPEN_TABLES, or kept to admins on
    purpose (policies.SYNC_TABLES, the sync change log); audit_log is protected by schema.apply."""
    from salesterm.store.team import policies

    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        tables = {r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()}
    covered = set(policies.TABLES) | set(policies.OPEN_TABLES) | set(policies.SYNC_TABLES) | {"audit_log"}
    assert tables - covered == set()
