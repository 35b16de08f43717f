"""An import into a replica writes its outbox set-wise (store/bulk_capture, store/sync/capture):
the same ops the capture triggers write one row at a time, with clocks of their own."""
from __future__ import annotations

import contextlib
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
                f"SELECT tbl, kind, {capture.fields_sql(db)}, hlc, base_seq FROM sync_outbox o ORDER BY n").fetchall():
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


@contextlib.contextmanager
def _imported(tmp_path, rows: int, seed: int):
    """A replica (joined to no server) that imported ROWS customers of the bench's file: its db."""
    csv_path = tmp_path / "c.csv"
    write_customer_csv(csv_path, rows, seed=seed)
    db = store_db.open_database(str(tmp_path / "a.db"))
    try:
        replica.join("postgresql://nowhere.invalid/none", "bench")
        assert import_customers(csv_path).created == rows
        yield db
    finally:
        store_db.close_database()


def test_after_an_import_the_triggers_capture_the_next_edit(tmp_path):
    from salesterm.store.customers import update_customer

    with _imported(tmp_path, 30, seed=5) as db:
        names = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        assert {"sync_i_customer", "sync_u_customer", "sync_d_customer", "sync_i_contact"} <= names
        cid = db.execute_sql("SELECT id FROM customer LIMIT 1").fetchone()[0]
        update_customer(cid, {"remark": "导入后改的"})
        last = db.execute_sql("SELECT tbl, row_id, kind, fields FROM sync_outbox ORDER BY n DESC LIMIT 1").fetchone()
        assert last[:3] == ("customer", cid, "update") and json.loads(last[3])["remark"] == "导入后改的"


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


def _outbox(db) -> list[tuple]:
    return db.execute_sql(f"SELECT n, op_id, tbl, row_id, kind, {capture.fields_sql(db)} FROM sync_outbox o ORDER BY n"
                          ).fetchall()


def test_an_import_queues_each_row_once_parents_first_with_op_ids_of_their_own(tmp_path):
    csv_path = tmp_path / "c.csv"
    write_customer_csv(csv_path, 2500, seed=11)  # more than one batch of each table
    db = store_db.open_database(str(tmp_path / "a.db"))
    try:
        replica.join("postgresql://nowhere.invalid/none", "bench")
        assert import_customers(csv_path).created == 2500
        ops = _outbox(db)
        inserted = [(tbl, row) for _n, _op, tbl, row, kind, _f in ops if kind == "insert" and tbl != "rep"]
        assert sorted(inserted) == sorted(
            [("customer", r[0]) for r in db.execute_sql("SELECT id FROM customer").fetchall()]
            + [("contact", r[0]) for r in db.execute_sql("SELECT id FROM contact").fetchall()])
        op_ids = [op for _n, op, *_ in ops]
        assert len(set(op_ids)) == len(op_ids) and all(len(o) == 32 and int(o, 16) >= 0 for o in op_ids)
        at = {(tbl, row): n for n, _op, tbl, row, _k, _f in ops}
        for n, _op, tbl, _row, _k, fields in ops:  # a contact's customer and a customer's rep came first
            f = json.loads(fields)
            if tbl == "contact":
                assert at[("customer", f["customer_id"])] < n
            if tbl == "customer" and f["rep_id"]:
                assert at[("rep", f["rep_id"])] < n
    finally:
        store_db.close_database()


def test_a_refused_import_leaves_no_op_and_the_triggers_in_place(tmp_path):
    csv_path = tmp_path / "c.csv"
    write_customer_csv(csv_path, 2500, seed=11)
    lines = csv_path.read_text(encoding="gbk").splitlines(keepends=True)
    csv_path.write_text("".join(lines + [lines[1]]), encoding="gbk")  # the first row again, at the end
    db = store_db.open_database(str(tmp_path / "a.db"))
    try:
        replica.join("postgresql://nowhere.invalid/none", "bench")
        before = _outbox(db)
        report = import_customers(csv_path)
        assert report.errors and report.created == 0  # a batch of 2,000 was written before the bad row
        assert _outbox(db) == before
        assert db.execute_sql("SELECT count(*) FROM customer").fetchone()[0] == 0
        names = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        assert {"sync_i_customer", "sync_i_contact"} <= names
    finally:
        store_db.close_database()


def test_a_deferred_block_captures_its_other_writes_at_once_and_each_bulk_row_once(tmp_path):
    from salesterm.store.customers import create_customer
    from salesterm.store.io import bulk
    from salesterm.store.models import Customer
    from salesterm.store.transactions import write_transaction

    db = store_db.open_database(str(tmp_path / "a.db"))
    try:
        replica.join("postgresql://nowhere.invalid/none", "bench")
        db.execute_sql("DELETE FROM sync_outbox")

        def rows(names):
            return [{"id": bulk.new_id(), "name": n, "name_norm": n} for n in names]

        with write_transaction(), bulk_capture.deferred(db):
            bulk.insert(Customer, rows(["甲", "乙"]))
            typed = create_customer({"name": "丙商行", "city": "佛山"}, rep=None)
            assert [r[2:5] for r in _outbox(db)] == [("customer", typed.id, "insert")]  # by its trigger, at once
            bulk.insert(Customer, rows(["丁", "戊"]))
        ops = _outbox(db)
        assert sorted(r[3] for r in ops) == sorted(r[0] for r in db.execute_sql("SELECT id FROM customer").fetchall())
        assert [json.loads(r[5])["name"] for r in ops] == ["丙商行", "甲", "乙", "丁", "戊"]
        hlcs = [r[0] for r in db.execute_sql("SELECT hlc FROM sync_outbox ORDER BY n").fetchall()]
        assert hlcs == sorted(hlcs) and len(set(hlcs)) == 5
    finally:
        store_db.close_database()


def _written(db) -> dict[str, str]:
    """row id -> the fields column of its insert op as stored ('' while deferred)."""
    return dict(db.execute_sql("SELECT row_id, fields FROM sync_outbox WHERE kind = 'insert'").fetchall())


def test_an_imported_row_keeps_the_values_it_was_imported_with_through_an_edit_and_a_deletion(tmp_path):
    from salesterm.store.customers import update_customer

    with _imported(tmp_path, 40, seed=7) as db:
        (edited, name, remark), (gone_contact,) = (
            db.execute_sql("SELECT id, name, remark FROM customer ORDER BY code LIMIT 1").fetchone(),
            db.execute_sql("SELECT id FROM contact ORDER BY name LIMIT 1").fetchone())
        deferred = _written(db)
        assert deferred[edited] == "" and deferred[gone_contact] == ""  # written as the outbox is read
        before = {row[3]: json.loads(row[5]) for row in _outbox(db) if row[4] == "insert" and row[2] != "rep"}
        update_customer(edited, {"remark": "导入后改的", "name": name + "二店"})
        with db.atomic():
            db.execute_sql("DELETE FROM contact WHERE id = ?", (gone_contact,))
        written = _written(db)
        assert json.loads(written[edited]) == before[edited] and before[edited]["remark"] == remark
        assert json.loads(written[gone_contact]) == before[gone_contact]
        assert {row for row, v in written.items() if v and row in before} == {edited, gone_contact}
        ops = [(r[3], r[4], json.loads(r[5])) for r in _outbox(db)]
        (update,) = [f for row, kind, f in ops if row == edited and kind == "update"]
        assert update["remark"] == "导入后改的" and update["name"] == name + "二店"
        assert ops[-1] == (gone_contact, "delete", {})
        pushed = {op.row_id: op.fields for _n, op in replica.outbox(0, 10_000) if op.kind == "insert"}
        assert pushed[edited] == before[edited] and pushed[gone_contact] == before[gone_contact]
        assert {pushed[row]["name"] for row in pushed if row in before} == {f["name"] for f in before.values()}


def test_a_replica_made_before_deferred_inserts_gets_the_triggers_that_keep_them(tmp_path):
    db = store_db.open_database(str(tmp_path / "a.db"))
    try:
        replica.join("postgresql://nowhere.invalid/none", "bench")
        with db.atomic():
            for (name,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                          "AND name LIKE 'sync_f%'").fetchall():
                db.execute_sql(f'DROP TRIGGER "{name}"')
            db.execute_sql("UPDATE sync_site SET capture_version = capture_version / 100")  # as older ones wrote it
    finally:
        store_db.close_database()
    db = store_db.open_database(str(tmp_path / "a.db"))  # (the app and the commands open so)
    try:
        capture.after_open(db)
        names = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        assert {"sync_fu_customer", "sync_fd_customer", "sync_fu_payment", "sync_fd_contact"} <= names
    finally:
        store_db.close_database()
