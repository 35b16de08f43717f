"""A logged visit as the customer file and the read-only view show it: the notes, stage, order
with its products, money collected and promise the log wrote, not the planned reason."""
from __future__ import annotations

import datetime as dt

from salesterm.store import visits
from salesterm.store.customers.file import load_file
from salesterm.store.ledger.receivables import record_receivable
from salesterm.store.visits.record import logged_visit
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer


def test_logged_visit_carries_everything_the_log_wrote(db):
    c = customer("永辉超市")
    record_receivable(c.id, number="SO-1", issued=TODAY - dt.timedelta(days=60),
                      due=TODAY - dt.timedelta(days=30), amount=500000)
    planned = visits.plan_visit(c.id, day=TODAY + dt.timedelta(days=2), reason="再约")
    v = visits.plan_visit(c.id, day=TODAY, reason="催款")
    visits.log_visit(v.id, stage_reached="present", order_amount="8,800", order_product="金龙鱼5L",
                     collected="1,000", promise_amount="2,000", promise_date=TODAY + dt.timedelta(days=5),
                     complaint_handled=True, notes="老板答应月底结清", revisit_date=TODAY + dt.timedelta(days=7))
    cf = load_file(c.id)
    row = next(x for x in cf.visits if x["id"] == v.id)
    assert row["notes"] == "老板答应月底结清" and row["stage_reached"] == "present"
    assert row["order_amount"] == 880000 and row["products"] == "金龙鱼5L"
    assert row["collected"] == 100000
    assert row["promise"]["amount"] == 200000 and row["promise"]["promised_date"] == TODAY + dt.timedelta(days=5)
    still_planned = next(x for x in cf.visits if x["id"] == planned.id)
    assert still_planned["collected"] == 0 and still_planned["promise"] is None
    record = logged_visit(v.id)
    assert record["customer"] == "永辉超市" and record["reason"] == "催款"
    assert record["notes"] == "老板答应月底结清" and record["complaint_handled"]
    assert record["revisit_date"] == TODAY + dt.timedelta(days=7)
