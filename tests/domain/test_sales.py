"""The rules of the sales report: periods and the delivered share of a line."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain.errors import UserError
from salesterm.domain.sales import LineFact, Period, aggregate, delivered_amount, parse_period, period_of


def test_periods_by_name_and_their_days():
    assert parse_period("2026-03") == Period("month", 2026, 3)
    assert parse_period("2026-q1") == Period("quarter", 2026, 1)
    assert parse_period(" 2026 ") == Period("year", 2026)
    q = parse_period("2024-Q1")
    assert (q.start, q.end, q.name) == (date(2024, 1, 1), date(2024, 3, 31), "2024-Q1")
    assert Period("month", 2024, 2).end == date(2024, 2, 29)
    assert Period("month", 2026, 12).end == date(2026, 12, 31)
    for bad in ("2026-13", "26-01", "2026-Q5", "march", ""):
        with pytest.raises(UserError):
            parse_period(bad)


def test_shifting_and_changing_kind():
    assert Period("month", 2026, 1).shifted(-1) == Period("month", 2025, 12)
    assert Period("quarter", 2026, 4).shifted(1) == Period("quarter", 2027, 1)
    assert Period("year", 2026).shifted(-2) == Period("year", 2024)
    assert period_of("quarter", date(2026, 11, 29)) == Period("quarter", 2026, 4)
    assert Period("month", 2026, 8).of_kind("quarter") == Period("quarter", 2026, 3)


def test_delivered_share_floors_to_the_fen():
    assert delivered_amount(1_000, 3, 1) == 333
    assert delivered_amount(1_000, 3, 5) == 1_000  # never more than the line
    assert delivered_amount(1_000, 3, 0) == 0


@given(st.integers(0, 10**12), st.integers(1, 10**5), st.integers(0, 10**5))
def test_delivered_share_is_between_nothing_and_the_line(amount, qty, delivered):
    share = delivered_amount(amount, qty, delivered)
    assert 0 <= share <= amount
    assert (share == amount) == (delivered >= qty or amount == 0)


def test_returns_are_netted_and_never_below_zero():
    facts = [LineFact({"product": "a"}, 10, 100_00, 10, 10, 120_00, "o1"),
             LineFact({"product": "b"}, 4, 40_00, 2, 0, 0, "o1")]
    rows = aggregate(facts, "product")
    assert [(r.key, r.ordered, r.delivered, r.orders) for r in rows] == [("b", 40_00, 20_00, 1), ("a", 0, 0, 1)]
    with pytest.raises(UserError):
        aggregate(facts, "colour")
