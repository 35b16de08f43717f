"""The ledger: allocation oldest-first, reversals, write-offs, credit, credit limit (both backends)."""
from __future__ import annotations

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import consistency
from salesterm.store.ledger import receivables as ledger
from salesterm.store.models import CollectionState, Payment, PaymentAllocation, Receivable

from .collections_fixtures import TODAY, customer, days_ago, owe


def _paid(*receivables):
    return [Receivable.get_by_id(r.id).paid for r in receivables]


def test_payment_settles_oldest_due_first_and_paid_matches_allocations(db):
    c = customer("甲商贸")
    new = owe(c, "N1", 5, 100_00)
    old = owe(c, "O1", 50, 300_00)
    ledger.record_payment(c.id, amount=350_00, day=TODAY, method="现金")
    assert _paid(old, new) == [300_00, 50_00]
    assert ledger.open_balance(c.id) == 50_00
    assert consistency.problems(db) == []
    p = Payment.get()
    assert p.method == "cash"
    assert sorted(a.amount for a in PaymentAllocation.select()) == [50_00, 300_00]


def test_named_receivable_is_settled_first_then_oldest(db):
    c = customer("乙商贸")
    old = owe(c, "O1", 50, 300_00)
    new = owe(c, "N1", 5, 100_00)
    ledger.record_payment(c.id, amount=150_00, day=TODAY, receivable_id=new.id)
    assert _paid(old, new) == [50_00, 100_00]


def test_overpayment_is_credit_applied_to_the_next_receivable(db):
    c = customer("丙商贸")
    owe(c, "O1", 10, 100_00)
    ledger.record_payment(c.id, amount=180_00, day=TODAY)
    assert ledger.open_balance(c.id) == 0
    assert ledger.credit(c.id) == 80_00
    later = owe(c, "O2", -20, 200_00)
    assert _paid(later) == [80_00]
    assert ledger.credit(c.id) == 0
    assert ledger.open_balance(c.id) == 120_00
    assert consistency.problems(db) == []


def test_reversal_undoes_allocations_and_cannot_repeat(db):
    c = customer("丁商贸")
    a = owe(c, "A", 40, 100_00)
    b = owe(c, "B", 20, 100_00)
    p = ledger.record_payment(c.id, amount=150_00, day=days_ago(3))
    rev = ledger.reverse_payment(p.id, day=TODAY, note="支票退票")
    assert rev.amount == -150_00 and rev.reverses_id == p.id
    assert _paid(a, b) == [0, 0]
    assert ledger.open_balance(c.id) == 200_00
    assert Payment.select().count() == 2  # append-only: the original stays
    with pytest.raises(UserError, match="already reversed"):
        ledger.reverse_payment(p.id, day=TODAY, note="again")
    with pytest.raises(UserError, match="cannot itself be reversed"):
        ledger.reverse_payment(rev.id, day=TODAY, note="undo the undo")
    with pytest.raises(UserError, match="note is required"):
        ledger.reverse_payment(ledger.record_payment(c.id, amount=1, day=TODAY).id, day=TODAY, note=" ")
    assert consistency.problems(db) == []
    hist = ledger.payments(c.id)
    assert [h["reversed"] for h in hist if h["amount"] == 150_00] == [True]


def test_reversal_of_a_payment_whose_credit_was_applied_later(db):
    c = customer("戊商贸")
    p = ledger.record_payment(c.id, amount=100_00, day=days_ago(5))
    r = owe(c, "LATE", -10, 60_00)
    assert _paid(r) == [60_00]
    ledger.reverse_payment(p.id, day=TODAY, note="错账")
    assert _paid(r) == [0]
    assert ledger.credit(c.id) == 0
    assert ledger.open_balance(c.id) == 60_00


def test_write_off_with_reason_and_limits(db):
    c = customer("己商贸")
    r = owe(c, "W", 200, 500_00)
    ledger.record_payment(c.id, amount=100_00, day=TODAY)
    with pytest.raises(UserError, match="reason"):
        ledger.write_off(r.id, amount=10_00, reason="", day=TODAY)
    with pytest.raises(UserError, match="only 400.00 open"):
        ledger.write_off(r.id, amount=400_01, reason="倒闭", day=TODAY)
    w = ledger.write_off(r.id, amount=400_00, reason="客户倒闭", day=TODAY)
    assert (w.written_off, w.write_off_reason, w.write_off_on) == (400_00, "客户倒闭", TODAY)
    assert ledger.open_balance(c.id) == 0
    assert CollectionState.get(CollectionState.customer == c.id).balance == 0


def test_credit_limit_check(db):
    c = customer("庚商贸", credit_limit="1000")
    owe(c, "C1", 1, 900_00)
    assert not ledger.credit_check(c.id, 100_00).over
    check = ledger.credit_check(c.id, 100_01)
    assert check.over and "over the credit limit" in check.message
    unlimited = customer("辛商贸")
    assert not ledger.credit_check(unlimited.id, 10**9).over


def test_bad_input_is_refused_and_nothing_changes(db):
    c = customer("壬商贸")
    owe(c, "DUP", 1, 100)
    with pytest.raises(UserError, match="already exists"):
        owe(c, "DUP", 1, 100)
    with pytest.raises(UserError, match="more than zero"):
        owe(c, "ZERO", 1, 0)
    with pytest.raises(UserError, match="before the issue date"):
        ledger.record_receivable(c.id, number="X", issued=TODAY, due=days_ago(1), amount=1)
    with pytest.raises(UserError, match="future"):
        ledger.record_payment(c.id, amount=1, day=days_ago(-1))
    with pytest.raises(UserError, match="no customer"):
        ledger.record_payment("nope", amount=1, day=TODAY)
    assert Receivable.select().count() == 1 and Payment.select().count() == 0


def test_payment_in_a_visit_logs_an_attempt(db):
    from salesterm.store.ledger.attempts import attempts
    from salesterm.store.models import Visit

    c = customer("癸商贸")
    owe(c, "V1", 10, 100_00)
    v = Visit.create(customer=c.id, planned_date=TODAY)
    ledger.record_payment(c.id, amount=40_00, day=TODAY, method="cash", visit_id=v.id)
    assert [(a["outcome"], a["amount"]) for a in attempts(c.id)] == [("partly_paid", 40_00)]
