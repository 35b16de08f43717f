"""The customers list: counting, paging, sorting and filtering against known data (both backends)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from salesterm.domain.list_filters import parse
from salesterm.store import customers, search, stats
from salesterm.store.customers.listing import ListQuery, open_list
from salesterm.store.models import Customer, Receivable, Visit

TODAY = date(2026, 11, 29)
CITIES = ("广州", "深圳", "北京")
REPS = ("王伟", "李娜")


@pytest.fixture
def known(db):
    """30 customers: i%4 grade, i%3 city, i%2 rep; i%5==0 overdue 100+i yuan; even i visited i days ago."""
    search.forget()
    ids = []
    for i in range(30):
        c = customers.create_customer({
            "name": f"{CITIES[i % 3]}测试商行{i:02d}", "grade_override": "ABCD"[i % 4],
            "grade_override_reason": "test", "kind": "distributor" if i % 2 else "retailer",
            "city": CITIES[i % 3], "tags": "重点 老客户" if i % 6 == 0 else "老客户",
            "phone": f"1390000{i:04d}"}, rep=REPS[i % 2])
        ids.append(c.id)
        if i % 5 == 0:
            Receivable.create(customer=c.id, number=f"R{i}", issued=TODAY - timedelta(days=50),
                              due=TODAY - timedelta(days=10), amount=(100 + i) * 100)
        if i % 2 == 0:
            Visit.create(customer=c.id, planned_date=TODAY - timedelta(days=i), status="done")
        if i % 3 == 0:
            Visit.create(customer=c.id, planned_date=TODAY + timedelta(days=30 - i), status="planned")
    stats.refresh_stats(as_of=TODAY)
    yield ids
    search.forget()


def _all(text="", **kw):
    lst = open_list(ListQuery(filters=parse(text), **kw), as_of=TODAY)
    rows = lst.rows(0, 1000)
    assert len(rows) == lst.count
    return lst, rows


def test_paging_covers_every_customer_once(known):
    lst = open_list(ListQuery(), as_of=TODAY)
    assert (lst.count, lst.total) == (30, 30)
    seen = []
    for offset in range(0, 30, 7):
        seen += [r.id for r in lst.rows(offset, 7)]
    assert sorted(seen) == sorted(known) and len(seen) == 30
    assert lst.rows(30, 7) == [] and lst.rows(-1, 5) == []


def test_sorts(known):
    _, rows = _all(sort="open_balance", descending=True)
    balances = [r.open_balance for r in rows]
    assert balances[:6] == [12500, 12000, 11500, 11000, 10500, 10000]
    assert balances == sorted(balances, reverse=True)
    _, rows = _all(sort="last_visit")
    visited = [r.last_visit for r in rows if r.last_visit]
    assert visited == sorted(visited) and len(visited) == 15
    assert rows[-1].last_visit is None  # never visited goes last, either way
    _, rows = _all(sort="last_visit", descending=True)
    assert rows[0].last_visit == TODAY and rows[-1].last_visit is None
    _, rows = _all(sort="grade")
    assert [r.grade for r in rows] == sorted(r.grade for r in rows)
    _, rows = _all(sort="rep", descending=True)
    assert rows[0].rep == "王伟" and rows[-1].rep == "李娜"
    _, rows = _all(sort="next_visit")
    assert rows[0].next_visit == TODAY + timedelta(days=3)


def test_filters_against_known_data(known):
    lst, rows = _all("grade:A")
    assert lst.count == 8 and {r.grade for r in rows} == {"A"}
    lst, rows = _all("grade:AB city:广州")
    assert {r.city for r in rows} == {"广州"} and lst.count == 5  # i in 0,3,...,27 with i%4 in (0,1)
    lst, rows = _all("overdue")
    assert lst.count == 6 and all(r.overdue_amount > 0 for r in rows)
    lst, rows = _all("idle:10")  # never visited (odd i) or visited more than 10 days ago (even i > 10)
    assert lst.count == 15 + 9
    lst, rows = _all("rep:李娜 kind:经销商")
    assert lst.count == 15 and {r.rep for r in rows} == {"李娜"}
    lst, rows = _all("tag:重点")
    assert lst.count == 5
    lst, rows = _all("tag:老")  # tags match whole words
    assert lst.count == 0


def test_free_text_uses_the_search_engine_and_filters(known):
    lst, rows = _all("测试商行07")
    assert [r.name for r in rows][:1] == ["深圳测试商行07"]
    lst, rows = _all("城市:北京 测试商行")
    assert lst.count == 10 and {r.city for r in rows} == {"北京"}
    lst, rows = _all("13900000012")
    assert [r.name for r in rows] == ["广州测试商行12"]
    lst, rows = _all("nothing-like-this")
    assert lst.count == 0 and rows == []


def test_archived_filter(known):
    Customer.update(deleted_at=TODAY).where(Customer.id == known[0]).execute()
    lst, rows = _all()
    assert (lst.count, lst.total) == (29, 29)
    lst, rows = _all("archived")
    assert [r.id for r in rows] == [known[0]] and rows[0].archived
