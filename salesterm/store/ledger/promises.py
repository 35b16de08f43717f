"""Promises to pay (承诺付款) and the slip counter.

A promise is kept once the customer has paid its amount between the day it was made and the
promised date; it is broken when the promised date has passed without that. A broken promise
or a missed collection adds one slip; the second slip escalates the customer to the manager.
A new promise replaces an open one (status ``replaced``), which is not a slip.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from peewee import fn

from salesterm import clock
from salesterm.domain import collection as rules
from salesterm.domain.errors import UserError, shown
from salesterm.domain.money import check_amount, format_money
from salesterm.store import reps
from salesterm.store.ledger import responsible, summary
from salesterm.store.models import CollectionState, Customer, Payment, Promise, Receivable
from salesterm.store.transactions import write_transaction

STATUSES = ("open", "kept", "broken", "replaced")


class PromiseError(UserError):
    pass


def make_promise(customer_id: str, *, promised_date: _dt.date, amount: int, rep=None,
                 note: str = "", receivable_id: str | None = None) -> Promise:
    """The customer promises to pay AMOUNT (fen) by PROMISED_DATE."""
    c = Customer.get_or_none((Customer.id == customer_id) & Customer.deleted_at.is_null())
    if c is None:
        raise PromiseError("customer.no_such_id", id=shown(customer_id))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise PromiseError("ledger.promise_needs_amount_more_zero")
    check_amount(amount)
    today = clock.today()
    if promised_date < today:
        raise PromiseError("ledger.promised_date_day_already_past", day=promised_date)
    if receivable_id is not None:
        r = Receivable.get_or_none(Receivable.id == receivable_id)
        if r is None or r.customer_id != c.id:
            raise PromiseError("ledger.receivable_does_not_belong_customer")
    with write_transaction():
        Promise.update(status="replaced", resolved_on=today, updated_at=clock.now()).where(
            (Promise.customer == c.id) & (Promise.status == "open")).execute()
        p = Promise.create(customer=c.id, receivable=receivable_id,
                           rep=reps.rep_id(rep, default=responsible.rep_id_of(c.id), create=True),
                           made_on=today, promised_date=promised_date, amount=amount,
                           note=(note or "").strip())
        s = summary.state_for(c.id)
        CollectionState.update(promise_date=promised_date, promise_amount=amount,
                               next_follow_up=promised_date, updated_at=clock.now()).where(
            CollectionState.id == s.id).execute()
    return p


def paid_between(customer_id: str, start: _dt.date, end: _dt.date) -> int:
    value = Payment.live(fn.COALESCE(fn.SUM(Payment.amount), 0)).where(
        (Payment.customer == customer_id) & (Payment.day >= start) & (Payment.day <= end)).scalar()
    return int(value or 0)


def add_slip(customer_id: str, kind: str) -> CollectionState:
    """One more slip (kind: broken_promise | missed_collection); the second escalates."""
    s = summary.state_for(customer_id)
    slips, escalated = rules.add_slip(s.slips, s.escalated)
    CollectionState.update(slips=slips, escalated=escalated, last_slip=kind,
                           updated_at=clock.now()).where(CollectionState.id == s.id).execute()
    return CollectionState.get_by_id(s.id)


def resolve(*, as_of: _dt.date | None = None,
            customer_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Mark open promises kept (paid in full) or broken (date passed). Returns counts."""
    today = as_of or clock.today()
    q = Promise.select().where((Promise.status == "open") & Promise.deleted_at.is_null())
    if customer_ids is not None:
        q = q.where(Promise.customer.in_(list(customer_ids)))
    else:
        q = q.where(Promise.promised_date < today)
    counts = {"kept": 0, "broken": 0}
    with write_transaction():
        for p in q.order_by(Promise.promised_date):
            paid = paid_between(p.customer_id, p.made_on, min(today, p.promised_date))
            if paid >= p.amount:
                status = "kept"
            elif p.promised_date < today:
                status = "broken"
            else:
                continue
            Promise.update(status=status, resolved_on=today, updated_at=clock.now()).where(
                Promise.id == p.id).execute()
            counts[status] += 1
            CollectionState.update(promise_date=None, promise_amount=0).where(
                CollectionState.customer == p.customer_id).execute()
            if status == "broken":
                add_slip(p.customer_id, "broken_promise")
    return counts


def promises(customer_id: str, *, limit: int = 50) -> list[dict]:
    rows = (Promise.live().where(Promise.customer == customer_id)
            .order_by(Promise.made_on.desc(), Promise.created_at.desc()).limit(limit))
    return [{"id": p.id, "made_on": p.made_on, "promised_date": p.promised_date,
             "amount": p.amount, "status": p.status, "resolved_on": p.resolved_on,
             "note": p.note, "text": f"{format_money(p.amount)} by {p.promised_date}"} for p in rows]


def open_promise(customer_id: str) -> Promise | None:
    return (Promise.live().where((Promise.customer == customer_id) & (Promise.status == "open"))
            .order_by(Promise.created_at.desc()).first())
