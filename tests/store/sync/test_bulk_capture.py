"""An import into a replica writes its outbox set-wise (store/bulk_capture, store/sync/capture):
the same ops the capture triggers write one row at a time, with clocks of their own."""
from __future__ import annotations

import json

import pytest

from salesterm.bench.importing import write_customer_csv
from salesterm.store import bulk_capture
from salesterm.store import db as store_db
from salesterm.store.io.importing import import_customers
from salesterm.store.sync import capture, replica

VOLATILE = {"id", "created_at", "updated_at", "customer_id", "rep_id"}  # random ids, times


def _import(path, csv_path) -> tuple[list[tuple], list[str], int]:
    db = store_db.open_database(str(path))
    try:
        replica.join("postgresql://nowhere.invalid/none", "bench")
        db.execute_sql("DELETE FROM sync_outbox")  # what joining queued (the reps, nothing else)
        report = import_customers(csv_path)
        assert report.ok and report.created == 1200
        code = dict(db.execute_sql("SELECT id, code FROM customer").fetchall())
        ops, clocks = [], []
        for tbl, kind, fields, hlc, base in db.execute_sql(
                "SELECT tbl, kind, fields, hlc, base_seq FROM sync_outbox ORDER BY n").fetchall():
            f = json.loads(fields)
            key = code.get(f["id"]) or code.get(f.get("customer_id"))
            ops.append((tbl, kind, key, base, json.dumps({k: v for k, v in f.items() if k not in VOLATILE},
                                                         sort_keys=True, ensure_ascii=False)))
            clocks.append(hlc)
        return ops, clocks, db.execute_sql("SELECT count(*) FROM contact").fetchone()[0]
    finally:
        store_db.close_database()


def test_an_import_on_a_replica_queues_the_same_ops_as_the_triggers(tmp_path, monkeypatch):
    csv_path = tmp_path / "c.csv"
    write_customer_csv(csv_path, 1200, seed=3)  # three batches of 500 and the rest
    setwise, clocks, contacts = _import(tmp_path / "a.db", csv_path)
    monkeypatch.setattr(bulk_capture, "_hook", None)  # the triggers, row by row
    by_trigger, trigger_clocks, _ = _import(tmp_path / "b.db", csv_path)
    assert sum(op[0] in ("customer", "contact") for op in setwise) == 1200 + contacts  # and the new reps
    assert sorted(setwise) == sorted(by_trigger)
    for found in (clocks, trigger_clocks):
        assert found == sorted(found) and len(set(found)) == len(found)  # each op its own clock, in order


def test_after_an_import_the_triggers_capture_the_next_edit(tmp_path):
    from salesterm.store.customers import update_customer

    csv_path = tmp_path / "c.csv"
    write_customer_csv(csv_path, 30, seed=5)
    db = store_db.open_database(str(tmp_path / "a.db"))
    try:
        replica.join("postgresql://nowhere.invalid/none", "bench")
        assert import_customers(csv_path).created == 30
        names = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        assert {"sync_i_customer", "sync_u_customer", "sync_d_customer", "sync_i_contact"} <= names
        cid = db.execute_sql("SELECT id FROM customer LIMIT 1").fetchone()[0]
        update_customer(cid, {"remark": "导入后改的"})
        last = db.execute_sql("SELECT tbl, row_id, kind, fields FROM sync_outbox ORDER BY n DESC LIMIT 1").fetchone()
        assert last[:3] == ("customer", cid, "update") and json.loads(last[3])["remark"] == "导入后改的"
    finally:
        store_db.close_database()


def test_the_hook_stands_aside_off_a_replica_and_while_a_pull_applies(tmp_path):
    db = store_db.open_database(str(tmp_path / "solo.db"))
    try:
        assert not capture.bulk_insert(db, "customer", "", [("x",)], 0)  # never joined: the plain insert
        replica.join("postgresql://nowhere.invalid/none", "bench")
        db.execute_sql("UPDATE sync_site SET applying = 1")
        assert not capture.bulk_insert(db, "customer", "", [("x",)], 0)
        assert not capture.bulk_insert(db, "customer_stats", "", [("x",)], 0)  # derived: never synced
    finally:
        store_db.close_database()


@pytest.fixture(autouse=True)
def _hook_loaded():
    assert bulk_capture._hook is capture.bulk_insert  # store.sync registers it when it is loaded
