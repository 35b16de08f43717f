"""The order rules: statuses, transitions, the credit check, numbers, due dates, units."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain import order_rules as r
from salesterm.domain.errors import UserError


def test_every_status_has_both_labels():
    assert {k: (w.zh, w.en) for k, w in r.STATUS_LABELS.items()} == {
        "placed": ("已下单", "placed"), "shipped": ("已发货", "shipped"), "partial": ("部分签收", "partial"),
        "delivered": ("已签收", "delivered"), "cancelled": ("已取消", "cancelled")}
    assert r.parse_status("已签收") == "delivered" and r.parse_status(" Partial ") == "partial"
    with pytest.raises(UserError):
        r.parse_status("lost")


def test_transitions():
    r.check_transition("placed", "shipped")
    r.check_transition("placed", "cancelled")
    r.check_transition("shipped", "cancelled")
    r.check_transition("shipped", "partial")
    r.check_transition("partial", "delivered")
    r.check_transition("partial", "partial")  # a second partial delivery
    for status in ("partial", "delivered"):
        with pytest.raises(UserError) as e:
            r.check_transition(status, "cancelled")
        assert e.value.msgid == "orders.delivered_goods_are_returned"
    for status, to in (("cancelled", "shipped"), ("delivered", "shipped"), ("shipped", "shipped"),
                       ("partial", "shipped")):
        with pytest.raises(UserError):
            r.check_transition(status, to)
    assert r.can_return("partial") and r.can_return("delivered") and not r.can_return("shipped")


def test_cancel_needs_a_reason():
    assert r.cancel_reason("  客户 不要了 ") == "客户 不要了"
    with pytest.raises(UserError):
        r.cancel_reason("   ")


def test_delivered_status():
    assert r.delivered_status({"a": 5, "b": 2}, {"a": 5, "b": 2}) == "delivered"
    assert r.delivered_status({"a": 5, "b": 2}, {"a": 5}) == "partial"


def test_overdue_money_holds_first_then_the_limit():
    holds = r.credit_holds(limit=100000, balance=80000, order_total=30000, overdue=20000,
                           overdue_since=date(2026, 10, 1))
    assert [str(h.message()) for h in holds] == [
        "collection before new goods: ¥200.00 overdue since 2026-10-01",
        "over the credit limit: 800.00 owed + this order 300.00 = 1,100.00, limit 1,000.00"]
    assert r.decode_holds(r.encode_holds(holds)) == holds


def test_limit_edges():
    assert r.credit_holds(limit=100000, balance=70000, order_total=30000, overdue=0, overdue_since=None) == []
    assert r.credit_holds(limit=100000, balance=70000, order_total=30001, overdue=0, overdue_since=None) != []
    assert r.credit_holds(limit=0, balance=10**12, order_total=10**9, overdue=0, overdue_since=None) == []


@given(st.integers(0, 10**11), st.integers(0, 10**11), st.integers(0, 10**11), st.integers(0, 10**9))
def test_holds_round_trip_and_hold_exactly_when_over(limit, balance, total, overdue):
    holds = r.credit_holds(limit=limit, balance=balance, order_total=total, overdue=overdue,
                           overdue_since=date(2026, 1, 2) if overdue else None)
    assert r.decode_holds(r.encode_holds(holds)) == holds
    assert any(h.kind == "limit" for h in holds) == (limit > 0 and balance + total > limit)
    assert any(h.kind == "overdue" for h in holds) == (overdue > 0)


def test_order_numbers():
    assert r.order_number(date(2026, 12, 3), "3FA2C1D0", 7) == "SO-20261203-3FA2C1D0-007"
    assert r.order_number(date(2026, 12, 3), "HQ", 1234) == "SO-20261203-HQ-1234"
    assert r.site_fragment("3fa2c1d0aa77") == "3FA2C1D0" and r.site_fragment(None) == "HQ"
    with pytest.raises(ValueError):
        r.order_number(date(2026, 12, 3), "HQ", 0)


@given(st.uuids(), st.uuids(), st.integers(1, 5000), st.integers(1, 5000))
def test_two_sites_never_make_the_same_number(a, b, i, j):
    fa, fb = r.site_fragment(a.hex), r.site_fragment(b.hex)
    day = date(2026, 12, 3)
    if fa != fb:
        assert r.order_number(day, fa, i) != r.order_number(day, fb, j)
    assert r.order_number(day, fa, i) != r.order_number(day, r.HQ_SITE, j)


def test_receivable_numbers_follow_the_order():
    assert r.receivable_number("SO-20261203-HQ-001", 1) == "SO-20261203-HQ-001"
    assert r.receivable_number("SO-20261203-HQ-001", 2) == "SO-20261203-HQ-001/2"
    assert r.order_number_of("SO-20261203-HQ-001/2") == "SO-20261203-HQ-001"
    assert r.order_number_of(" SO-20261203-HQ-001 ") == "SO-20261203-HQ-001"
    assert r.order_number_of("INV/A") == "INV/A"


def test_due_date_from_credit_days():
    assert r.due_date(date(2026, 11, 20), 30) == date(2026, 12, 20)
    assert r.due_date(date(2026, 11, 20), 0) == date(2026, 11, 20)
    assert r.due_date(date(2026, 11, 20), -5) == date(2026, 11, 20)


def test_units():
    p = {"unit": "瓶", "case_unit": "箱", "case_size": 6}
    assert r.to_units(5, "箱", p) == 30 and r.to_units(5, "瓶", p) == 5 and r.to_units(5, "", p) == 5
    with pytest.raises(UserError):
        r.to_units(5, "袋", p)
    with pytest.raises(UserError):
        r.to_units(0, "瓶", p)
