"""Collection rules: allocation, slips, payday and best time, the priority and its reasons."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain import collection as c
from salesterm.domain.errors import UserError

TODAY = date(2026, 11, 29)


def test_allocate_oldest_first_with_preferred_and_leftover():
    items = [("old", 300), ("mid", 200), ("new", 100)]
    assert c.allocate(350, items) == ([("old", 300), ("mid", 50)], 0)
    assert c.allocate(150, items, "new") == ([("new", 100), ("old", 50)], 0)
    assert c.allocate(700, items) == ([("old", 300), ("mid", 200), ("new", 100)], 100)
    assert c.allocate(0, items) == ([], 0)


@given(st.integers(0, 10**9), st.lists(st.integers(1, 10**6), max_size=8))
def test_allocation_never_overpays_and_accounts_for_every_fen(amount, opens):
    items = [(str(i), v) for i, v in enumerate(opens)]
    plan, left = c.allocate(amount, items)
    assert sum(f for _, f in plan) + left == amount
    assert all(0 < f <= dict(items)[i] for i, f in plan)
    assert left == 0 or sum(f for _, f in plan) == sum(opens)


def test_second_slip_escalates_and_stays():
    assert c.add_slip(0, False) == (1, False)
    assert c.add_slip(1, False) == (2, True)
    assert c.add_slip(0, True) == (1, True)


@pytest.mark.parametrize("today,payday,expected", [
    (date(2026, 11, 29), 1, 2), (date(2026, 11, 29), 29, 0), (date(2026, 11, 29), 30, 1),
    (date(2026, 11, 29), 31, 1),  # the 31st falls on the 30th in November
    (date(2026, 12, 31), 31, 0), (date(2027, 2, 1), 31, 27), (date(2027, 1, 31), 30, 28),
    (date(2026, 11, 29), None, None),
    (date(2026, 11, 29), 0, None),
])
def test_days_to_payday(today, payday, expected):
    assert c.days_to_payday(today, payday) == expected


def test_best_time_is_payday_and_never_morning_when_flagged():
    assert c.best_time(TODAY, 5, True).text(TODAY) == "2026-12-05 (payday), afternoon"
    assert c.best_time(TODAY, 29, False).text(TODAY) == "today (payday), any time"
    assert c.best_time(TODAY, None, True).text(TODAY) == "any day, afternoon"


def test_outcomes_and_methods():
    assert c.parse_outcome("未见到人") == "not_met"
    assert c.parse_outcome("partly paid") == "partly_paid"
    with pytest.raises(UserError):
        c.parse_outcome("later")
    assert [c.parse_method(m) for m in ("现金", "Transfer", "支票", "", "银行承兑")] == [
        "cash", "transfer", "cheque", "", "acceptance"]


def _facts(**kw):
    base = dict(today=TODAY, days_overdue=122, balance=500_00)
    base.update(kw)
    return c.Facts(**base)


def test_priority_reasons_read_like_a_person():
    score, reasons = c.priority(_facts(slips=2, escalated=True, last_slip="broken_promise",
                                       credit_limit=100_00, due_level=3, handled_level=2, payday=1))
    texts = [r.text() for r in reasons]
    assert texts[0] == "122 days overdue"
    assert "second broken promise: escalated" in texts
    assert "over credit limit" in texts
    assert "follow-up level 3 due: the manager calls" in texts
    assert "payday in 2 days" in texts
    assert score == 122 + 100 + 20 + 15 + 10


def test_priority_orders_more_urgent_higher():
    calm, _ = c.priority(_facts(days_overdue=10))
    slipped, _ = c.priority(_facts(days_overdue=10, slips=1, last_slip="missed_collection"))
    escalated, reasons = c.priority(_facts(days_overdue=10, slips=2, escalated=True))
    assert calm < slipped < escalated
    assert reasons[0].text() == "second missed collection: escalated"
    _, before = c.priority(_facts(days_overdue=-2))
    assert before[-1].text() == "due in 2 days"


def test_reason_translation_hook():
    r = c.Reason("follow_up", 15, {"level": 2, "action": "visit to collect"})
    table = {"follow-up level {level} due: {action}": "第{level}级跟进到期：{action}",
             "visit to collect": "上门催收"}
    assert r.text(lambda m: table.get(m, m)) == "第2级跟进到期：上门催收"
