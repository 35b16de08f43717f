"""The customer summary (customer_stats): balances, overdue, last and next visit, freshness."""
from __future__ import annotations

from datetime import date, timedelta

from salesterm.store import customers, stats
from salesterm.store.models import CustomerStats, Receivable, Visit

TODAY = date(2026, 11, 29)


def _receivable(cid, number, due, amount, paid=0, written_off=0, deleted=False):
    return Receivable.create(customer=cid, number=number, issued=due - timedelta(days=30), due=due,
                             amount=amount, paid=paid, written_off=written_off,
                             deleted_at=TODAY if deleted else None)


def test_refresh_computes_balances_and_visits(db):
    a = customers.create_customer({"name": "甲商行"})
    b = customers.create_customer({"name": "乙商行"})
    _receivable(a.id, "R1", TODAY - timedelta(days=10), 100_00, paid=30_00)   # overdue 70
    _receivable(a.id, "R2", TODAY + timedelta(days=5), 50_00)                 # open, not due
    _receivable(a.id, "R3", TODAY - timedelta(days=40), 20_00, paid=20_00)    # settled
    _receivable(a.id, "R4", TODAY - timedelta(days=40), 999_00, deleted=True)  # deleted
    _receivable(a.id, "R5", TODAY, 10_00, written_off=4_00)                   # due today: not overdue
    Visit.create(customer=a.id, planned_date=TODAY - timedelta(days=3), status="done")
    Visit.create(customer=a.id, planned_date=TODAY - timedelta(days=20), status="done")
    Visit.create(customer=a.id, planned_date=TODAY + timedelta(days=4), status="planned")
    Visit.create(customer=a.id, planned_date=TODAY + timedelta(days=2), status="cancelled")
    Visit.create(customer=a.id, planned_date=TODAY - timedelta(days=1), status="planned")  # missed, past
    assert stats.refresh_stats() == 2
    sa, sb = stats.stats_for(a.id), stats.stats_for(b.id)
    assert sa.open_balance == 70_00 + 50_00 + 6_00
    assert sa.overdue_amount == 70_00
    assert sa.oldest_due == TODAY - timedelta(days=10)
    assert sa.last_visit == TODAY - timedelta(days=3)
    assert sa.next_visit == TODAY + timedelta(days=4)
    assert (sb.open_balance, sb.overdue_amount, sb.last_visit, sb.next_visit) == (0, 0, None, None)
    assert sa.as_of == TODAY


def test_refresh_one_customer_leaves_others(db):
    a = customers.create_customer({"name": "甲商行"})
    b = customers.create_customer({"name": "乙商行"})
    stats.refresh_stats()
    _receivable(a.id, "R1", TODAY - timedelta(days=1), 5_00)
    _receivable(b.id, "R2", TODAY - timedelta(days=1), 7_00)
    assert stats.refresh_stats([a.id]) == 1
    assert stats.stats_for(a.id).overdue_amount == 5_00
    assert stats.stats_for(b.id).overdue_amount == 0  # not refreshed yet
    assert CustomerStats.select().count() == 2


def test_overdue_follows_the_day(db):
    a = customers.create_customer({"name": "甲商行"})
    _receivable(a.id, "R1", TODAY + timedelta(days=3), 5_00)
    stats.refresh_stats()
    assert stats.stats_for(a.id).overdue_amount == 0
    stats.refresh_stats(as_of=TODAY + timedelta(days=4))
    assert stats.stats_for(a.id).overdue_amount == 5_00


def test_staleness(db):
    assert not stats.is_stale()  # no customers: nothing to do
    a = customers.create_customer({"name": "甲商行"})
    assert stats.is_stale()  # a customer without a summary row
    assert stats.ensure_fresh() is True
    assert not stats.is_stale()
    assert stats.ensure_fresh() is False
    assert stats.is_stale(TODAY + timedelta(days=1))  # a new day
    customers.create_customer({"name": "乙商行"})
    assert stats.is_stale()
    stats.refresh_stats([a.id])
    assert stats.is_stale()
    stats.ensure_fresh()
    assert stats.stats_as_of() == TODAY


def test_many_ids_are_chunked(db):
    ids = [customers.create_customer({"name": f"商行{i}"}).id for i in range(3)]
    assert stats.refresh_stats(ids * 400) == 3
