"""A push's row writes go to the hub set-wise (store/sync/hub_writes), in order: a run of writes of
one shape is one statement, a row written twice lands in the order written, and the hub ends
exactly as op-by-op writes would leave it."""
from __future__ import annotations

import json
from datetime import date

from salesterm.store.customers import create_customer, update_customer
from salesterm.store.ledger.receivables import record_payment, record_receivable
from salesterm.store.sync.hub_writes import Writes
from tests.store.sync.support import Replica, assert_converged, hub_rows


class _Cursor:
    def __init__(self):
        self.sent: list[tuple[str, list]] = []

    def execute(self, sql, params):
        self.sent.append((sql, params))


def _rows(params) -> list[dict]:
    return json.loads(params[0])


def test_a_run_of_one_shape_is_one_statement_and_a_row_twice_starts_another():
    cur = _Cursor()
    writes = Writes(cur)
    writes.add("update", "customer", "c1", {"remark": "a"})
    writes.add("update", "customer", "c2", {"remark": "b"})
    writes.add("update", "customer", "c1", {"remark": "c"})  # c1 again: after the first run
    writes.add("update", "customer", "c3", {"remark": "d", "city": "广州"})  # another shape
    writes.add("insert", "contact", "k1", {"id": "k1", "customer_id": "c3", "name": "王"})
    writes.add("delete", "contact", "k1", {})
    assert writes.touches("contact", "name") and not writes.touches("customer", "remark")
    writes.flush()
    kinds = [sql.split()[0] for sql, _ in cur.sent]
    assert kinds == ["UPDATE", "UPDATE", "UPDATE", "INSERT", "DELETE"]
    assert [r["id"] for r in _rows(cur.sent[0][1])] == ["c1", "c2"]
    assert _rows(cur.sent[1][1]) == [{"remark": "c", "id": "c1"}]
    assert "jsonb_populate_recordset(NULL::\"customer\"" in cur.sent[0][0]
    assert cur.sent[4][1] == [["k1"]]
    writes.flush()  # nothing held: nothing sent
    assert len(cur.sent) == 5 and writes.statements == 5


def test_a_batch_with_new_rows_and_repeated_edits_lands_on_the_hub_as_written(hub, tmp_path):
    a, b = Replica(tmp_path / "a.db", "alice"), Replica(tmp_path / "b.db", "bob")
    with a.open():
        ids = [create_customer({"name": f"顺序测试商行{i}", "city": "杭州"}, allow_duplicate=True).id for i in range(6)]
        for round_ in range(3):  # the same rows edited again and again, in one outbox
            for cid in ids:
                update_customer(cid, {"remark": f"第{round_}次", "address": f"路{round_}号"})
        update_customer(ids[0], {"remark": "最后"})
        record_receivable(ids[1], number="SO-SW-1", issued=date(2026, 11, 1), due=date(2026, 11, 30),
                          amount=500_00)
        record_payment(ids[1], amount=200_00, day=date(2026, 11, 20))
    assert a.sync(hub).rejected == 0
    b.sync(hub)
    rows = hub_rows(hub, "customer")
    assert rows[ids[0]]["remark"] == "最后" and rows[ids[5]]["remark"] == "第2次"
    assert {rows[c]["address"] for c in ids} == {"路2号"}
    assert_converged(hub, a, b)
