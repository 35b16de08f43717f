"""Aging exact to the fen at every bucket boundary (both backends), against hand-computed totals."""
from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesterm.store.ledger import aging
from salesterm.store.ledger import receivables as ledger
from salesterm.store.models import Receivable

from .collections_fixtures import TODAY, customer, days_ago, owe


@pytest.fixture
def book(db):
    a = customer("甲批发部", rep="王伟")
    b = customer("乙超市", rep="李娜")
    rs = {d: owe(a, f"R{d}", d, amt) for d, amt in [
        (-1, 10001), (0, 20002), (1, 30003), (30, 40004), (31, 50005),
        (60, 60006), (61, 70007), (90, 80008), (91, 90009)]}
    ledger.record_payment(a.id, amount=100000, day=days_ago(9))       # R91 all, R90 9991
    ledger.write_off(rs[61].id, amount=7, reason="零头", day=TODAY)     # R61 -> 70000
    ledger.record_payment(a.id, amount=12345, day=days_ago(2), receivable_id=rs[-1].id)  # R-1 0, R90 +2344
    p = ledger.record_payment(a.id, amount=5000, day=days_ago(1))
    ledger.reverse_payment(p.id, day=TODAY, note="退票")                 # net nothing
    ledger.record_payment(b.id, amount=5000, day=days_ago(1))           # unallocated credit
    owe(b, "B1", 100, 8000)                                              # credit applied: 3000 open
    return a, b


def test_every_boundary_to_the_fen(book):
    a, b = book
    rep = aging.aging()
    assert rep["as_of"] == TODAY.isoformat()
    assert rep["buckets"] == ["not_due", "1-30", "31-60", "61-90", "90+"]
    expected_a = {"not_due": 20002, "1-30": 30003 + 40004, "31-60": 50005 + 60006,
                  "61-90": 70000 + 67673, "90+": 0}
    rows = {r["key"]: r for r in rep["rows"]}
    assert {k: rows["甲批发部"][k] for k in expected_a} == expected_a
    assert rows["甲批发部"]["total"] == 337693 == ledger.open_balance(a.id)
    assert rows["乙超市"]["90+"] == 3000 and rows["乙超市"]["total"] == 3000
    assert rep["totals"] == {**{k: v for k, v in expected_a.items()}, "90+": 3000,
                             "total": 340693}
    assert rep["rows"][0]["key"] == "甲批发部"  # largest first


def test_by_rep_other_ranges_and_rep_filter(book):
    rep = aging.aging(by="rep", ranges=(1, 60))
    assert rep["buckets"] == ["not_due", "1-1", "2-60", "60+"]
    rows = {r["key"]: r for r in rep["rows"]}
    assert rows["王伟"]["1-1"] == 30003
    assert rows["王伟"]["2-60"] == 40004 + 50005 + 60006
    assert rows["王伟"]["60+"] == 70000 + 67673
    assert rows["李娜"]["60+"] == 3000
    only = aging.aging(rep="李娜")
    assert only["totals"]["total"] == 3000 and [r["key"] for r in only["rows"]] == ["乙超市"]


def test_json_money_strings(book):
    out = aging.to_json(aging.aging())
    assert out["totals"]["total"] == "3406.93"
    assert out["rows"][0]["61-90"] == "1376.73"


def test_deleted_and_settled_lines_do_not_count(book):
    a, _ = book
    Receivable.update(deleted_at=TODAY).where(Receivable.number == "R1").execute()
    assert aging.aging()["totals"]["1-30"] == 40004


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ranges=st.lists(st.integers(1, 400), min_size=1, max_size=6, unique=True).map(sorted),
       shift=st.integers(-120, 120))
def test_buckets_always_sum_to_the_open_balance(book, ranges, shift):
    a, b = book
    rep = aging.aging(ranges=tuple(ranges), as_of=TODAY + timedelta(days=shift))
    totals = rep["totals"]
    assert sum(v for k, v in totals.items() if k != "total") == totals["total"]
    assert totals["total"] == ledger.open_balance(a.id) + ledger.open_balance(b.id)
    for row in rep["rows"]:
        assert sum(row[k] for k in rep["buckets"]) == row["total"]


def test_first_page_by_customer_equals_the_full_report(book):
    full = aging.aging()
    for limit in (1, 2, 5):
        page = aging.aging(limit=limit)
        assert page["rows"] == full["rows"][:limit]
        assert page["totals"] == full["totals"]
