"""The replica's capture triggers (SQLite only, no server needed)."""
from __future__ import annotations

import json

import pytest

from salesterm.domain import hlc
from salesterm.store.customers import create_customer, update_customer
from salesterm.store.models import database
from salesterm.store.sync import capture, replica
from salesterm.store.transactions import write_transaction


@pytest.fixture
def joined(sqlite_db):
    replica.join("postgresql://hub.example/sales", "alice")
    return sqlite_db


def _ops():
    return [(t, r, k, json.loads(f), h, b) for t, r, k, f, h, b in database.execute_sql(
        f"SELECT tbl, row_id, kind, {capture.fields_sql(database)}, hlc, base_seq FROM sync_outbox o ORDER BY n"
    ).fetchall()]


def test_an_insert_is_captured_with_every_column_and_an_edit_with_the_changed_ones(joined):
    c = create_customer({"name": "杭州联华超市", "city": "杭州"})
    ops = [o for o in _ops() if o[0] == "customer"]
    assert ops[0][2] == "insert" and ops[0][3]["name"] == "杭州联华超市" and "remark" in ops[0][3]
    update_customer(c.id, {"remark": "周一拜访"})
    last = _ops()[-1]
    assert last[:3] == ("customer", c.id, "update")
    assert set(last[3]) <= {"remark", "updated_at"} and last[3]["remark"] == "周一拜访"


def test_a_save_that_changes_nothing_but_the_stamp_is_captured(joined):
    """The stamp ranks a customer in search: a "touch" syncs like any field (it was not captured
    before issue 12's last round, and replicas kept stamps the hub never had)."""
    c = create_customer({"name": "宁波三江", "city": "宁波"})
    before = len(_ops())
    with write_transaction():
        database.execute_sql("UPDATE customer SET updated_at = '2030-01-01 00:00:00' WHERE id = ?", (c.id,))
    assert len(_ops()) == before + 1
    assert _ops()[-1][:4] == ("customer", c.id, "update", {"updated_at": "2030-01-01 00:00:00"})
    with write_transaction():  # written again with the same value: no change, nothing captured
        database.execute_sql("UPDATE customer SET updated_at = '2030-01-01 00:00:00' WHERE id = ?", (c.id,))
    assert len(_ops()) == before + 1


def test_a_stamp_moved_with_a_derived_column_is_not_captured(joined):
    c = create_customer({"name": "宁波银泰", "city": "宁波"})
    with write_transaction():
        database.execute_sql("INSERT INTO receivable (id, created_at, updated_at, customer_id, number, issued, due, "
                             "amount) VALUES ('r2', '2026-01-01', '2026-01-01', ?, 'SO-2', '2026-01-01', "
                             "'2026-02-01', 100)", (c.id,))
    before = len(_ops())
    with write_transaction():  # a recompute of paid (an old writer that stamped it too)
        database.execute_sql("UPDATE receivable SET paid = 50, updated_at = '2026-01-02' WHERE id = 'r2'")
    assert len(_ops()) == before


def test_derived_columns_and_tables_are_never_captured(joined):
    c = create_customer({"name": "嘉兴华联", "city": "嘉兴"})
    with write_transaction():
        database.execute_sql("INSERT INTO receivable (id, created_at, updated_at, customer_id, number, issued, due, "
                             "amount) VALUES ('r1', '2026-01-01', '2026-01-01', ?, 'SO-1', '2026-01-01', "
                             "'2026-02-01', 100)", (c.id,))
    before = len(_ops())
    assert "paid" not in _ops()[-1][3]
    with write_transaction():
        database.execute_sql("UPDATE receivable SET paid = 50 WHERE id = 'r1'")
        database.execute_sql("UPDATE customer_stats SET open_balance = 1")
    assert len(_ops()) == before


def test_nothing_is_captured_while_a_pulled_page_is_applied(joined):
    c = create_customer({"name": "温州五马", "city": "温州"})
    before = len(_ops())
    replica.apply_page([(7, "customer", c.id, "update", {"remark": "from the hub"}, hlc.Clock(10**12).pack(),
                         "hub", "mgr")])
    assert len(_ops()) == before
    assert database.execute_sql("SELECT remark FROM customer WHERE id = ?", (c.id,)).fetchone()[0] == "from the hub"
    assert replica.site()["cursor"] == 7


def test_clocks_increase_and_the_base_is_the_cursor(joined):
    c = create_customer({"name": "湖州银泰", "city": "湖州"})
    for i in range(30):
        update_customer(c.id, {"remark": f"n{i}"})
    clocks = [o[4] for o in _ops()]
    assert clocks == sorted(clocks) and len(set(clocks)) == len(clocks)
    assert all(len(h) == len(hlc.ZERO) for h in clocks)
    assert {o[5] for o in _ops()} == {0}


def test_a_replica_that_holds_data_queues_it_when_it_joins(sqlite_db):
    create_customer({"name": "金华商城", "city": "金华"})
    assert replica.join("postgresql://hub.example/sales", "alice") >= 1
    assert any(o[0] == "customer" and o[2] == "insert" for o in _ops())


def test_demo_force_refuses_while_changes_wait(joined, run_cli, sqlite_db):
    create_customer({"name": "台州商厦", "city": "台州"})
    path = sqlite_db.salesterm_target.path
    result = run_cli("demo", "--force", "--customers", "5", db=str(path))
    assert result.returncode == 1 and "salesterm sync" in result.stderr


def test_a_bulk_import_is_captured(joined, run_cli, sqlite_db):
    from tests.conftest import FIXTURES

    before = len(_ops())
    result = run_cli("import", "customers", str(FIXTURES / "customers_utf8_bom.csv"),
                     db=str(sqlite_db.salesterm_target.path), check=True)
    database.initialize(sqlite_db)
    imported = database.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]
    assert imported > 0, result.stdout
    inserts = database.execute_sql("SELECT COUNT(*) FROM sync_outbox WHERE tbl = 'customer' AND kind = 'insert'"
                                   ).fetchone()[0]
    assert inserts == imported and len(_ops()) > before


def test_after_an_upgrade_the_triggers_follow_the_new_columns_at_once(joined):
    from salesterm.store.sync.capture import after_open

    c = create_customer({"name": "丽水百货", "city": "丽水"})
    with write_transaction():
        database.execute_sql("ALTER TABLE customer ADD COLUMN wechat TEXT NOT NULL DEFAULT ''")
        database.execute_sql("UPDATE sync_site SET capture_version = capture_version - 1")
    after_open(database.obj)
    with write_transaction():
        database.execute_sql("UPDATE customer SET wechat = 'lishui01' WHERE id = ?", (c.id,))
    assert _ops()[-1][3] == {"wechat": "lishui01"}
