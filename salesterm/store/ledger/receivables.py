"""The receivables ledger: what customers owe, the payments they make, reversals, write-offs.

- A receivable's ``paid`` is always the sum of its allocation rows (store/consistency checks it).
- Payments are append-only. A payment is allocated to the customer's open receivables oldest
  due date first (a named receivable first); what is left over is the customer's credit, applied
  to the next receivable recorded. A correction is a reversal: a negative payment whose negative
  allocation rows undo the original's.
- Open amount = amount - paid - written_off.
- After every write the customer's collection summary (store/ledger/summary) is brought up to date.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from peewee import fn

from salesterm import clock
from salesterm.domain import collection as rules
from salesterm.domain.errors import Message, UserError, shown
from salesterm.domain.money import MAX_FEN, format_money
from salesterm.store import reps
from salesterm.store.ledger import promises, responsible, summary
from salesterm.store.models import (
    CollectionAttempt,
    Customer,
    Payment,
    PaymentAllocation,
    Receivable,
)
from salesterm.store.transactions import lock_customers, retrying, write_transaction


class LedgerError(UserError):
    pass


def _customer(customer_id: str) -> Customer:
    c = Customer.get_or_none((Customer.id == customer_id) & Customer.deleted_at.is_null())
    if c is None:
        raise LedgerError("customer.no_such_id", id=shown(customer_id))
    return c


def _amount(amount: int, what: Message) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"{what} must be an int number of fen")
    if amount <= 0:
        raise LedgerError("ledger.what_must_more_zero_amount", what=what, amount=format_money(amount))
    if amount > MAX_FEN:
        raise LedgerError("ledger.what_too_large_amount", what=what, amount=format_money(amount),
                          most=format_money(MAX_FEN))
    return amount


def open_amount(r: Receivable) -> int:
    return r.amount - r.paid - r.written_off


def open_receivables(customer_id: str) -> list[Receivable]:
    """The customer's receivables with money still owed, oldest due date first."""
    return list(
        Receivable.live()
        .where((Receivable.customer == customer_id)
               & (Receivable.amount > Receivable.paid + Receivable.written_off))
        .order_by(*(getattr(Receivable, f) for f in rules.RECEIVABLE_ORDER))
    )


def open_balance(customer_id: str) -> int:
    """What the customer owes now (fen): the open amount of every receivable."""
    value = (Receivable.live(fn.COALESCE(fn.SUM(Receivable.amount - Receivable.paid
                                                - Receivable.written_off), 0))
             .where(Receivable.customer == customer_id).scalar())
    return int(value or 0)


def overdue_balance(customer_id: str, as_of: _dt.date | None = None) -> int:
    """What the customer owes past its due dates on AS_OF (default today)."""
    as_of = as_of or clock.today()
    return sum(open_amount(r) for r in open_receivables(customer_id) if r.due < as_of)


def credit(customer_id: str) -> int:
    """Money paid but not allocated to any receivable (fen), kept for the next one."""
    paid = Payment.live(fn.COALESCE(fn.SUM(Payment.amount), 0)).where(
        Payment.customer == customer_id).scalar() or 0
    allocated = (PaymentAllocation.select(fn.COALESCE(fn.SUM(PaymentAllocation.amount), 0))
                 .join(Payment).where((Payment.customer == customer_id)
                                      & PaymentAllocation.deleted_at.is_null()).scalar()) or 0
    return int(paid) - int(allocated)


@dataclass(frozen=True)
class CreditCheck:
    limit: int
    balance: int
    after: int

    @property
    def over(self) -> bool:
        return self.limit > 0 and self.after > self.limit

    @property
    def message(self) -> str:
        return (f"this takes the customer over the credit limit: {format_money(self.after)} owed "
                f"against a limit of {format_money(self.limit)}")


def credit_check(customer_id: str, extra: int = 0) -> CreditCheck:
    """Would EXTRA more (fen) take the customer over the credit limit? (0 = no limit)."""
    c = _customer(customer_id)
    balance = open_balance(customer_id)
    return CreditCheck(int(c.credit_limit or 0), balance, balance + extra)


def _add_allocation(payment_id: str, receivable: Receivable, amount: int) -> None:
    PaymentAllocation.create(payment=payment_id, receivable=receivable.id, amount=amount)
    # paid is derived (the sum of the allocation rows): its stamp is left alone, as a sync's
    # recompute leaves it, so every replica and the hub keep the same updated_at (store/sync/capture)
    Receivable.update(paid=Receivable.paid + amount).where(Receivable.id == receivable.id).execute()


def _payment_unallocated(payment_id: str, amount: int) -> int:
    allocated = PaymentAllocation.select(fn.COALESCE(fn.SUM(PaymentAllocation.amount), 0)).where(
        (PaymentAllocation.payment == payment_id) & PaymentAllocation.deleted_at.is_null()).scalar()
    return amount - int(allocated or 0)


def _apply_credit(customer_id: str) -> None:
    """Spread unallocated money of earlier payments over open receivables, oldest first
    (domain/collection.spread: the sync hub spreads credit by the same rule, store/sync/once)."""
    if credit(customer_id) <= 0:
        return
    reversed_ids = Payment.live(Payment.reverses).where(
        (Payment.customer == customer_id) & Payment.reverses.is_null(False))
    payments = (Payment.live().where((Payment.customer == customer_id) & (Payment.amount > 0)
                                     & Payment.id.not_in(reversed_ids))
                .order_by(*(getattr(Payment, f) for f in rules.CREDIT_ORDER)))
    credits = [(p.id, _payment_unallocated(p.id, p.amount)) for p in payments]
    opened = {r.id: r for r in open_receivables(customer_id)}
    for pid, rid, fen in rules.spread(credits, [(r.id, open_amount(r)) for r in opened.values()]):
        _add_allocation(pid, opened[rid], fen)


@retrying
def record_receivable(customer_id: str, *, number: str, issued: _dt.date, due: _dt.date,
                      amount: int, rep=None, source: str = "manual", order_id: str | None = None) -> Receivable:
    """A delivery or invoice the customer owes. NUMBER is unique across the ledger; ORDER_ID the
    sales order whose delivery it bills (store/orders/lifecycle)."""
    customer = _customer(customer_id)
    number = " ".join(str(number or "").split())
    if not number:
        raise LedgerError("ledger.receivable_needs_number")
    _amount(amount, Message("ledger.word_amount"))
    if due < issued:
        raise LedgerError("ledger.due_date_due_before_issue", due=due, issued=issued)
    with write_transaction():
        lock_customers([customer.id])  # before its credit is read and allocated
        if Receivable.select().where(Receivable.number == number).exists():
            raise LedgerError("ledger.receivable_number_already_exists", number=shown(number))
        r = Receivable.create(customer=customer.id, number=number, issued=issued, due=due,
                              amount=amount, source=source, order_id=order_id,
                              rep=reps.rep_id(rep, default=customer.rep_id, create=True))
        _apply_credit(customer.id)
        summary.refresh([customer.id])
    return Receivable.get_by_id(r.id)


def next_number(prefix: str = "SO") -> str:
    """A fresh receivable number for a delivery typed by hand: SO-20261129-001."""
    stem = f"{prefix}-{clock.today().strftime('%Y%m%d')}-"
    taken = {n for (n,) in Receivable.select(Receivable.number)
             .where(Receivable.number.startswith(stem)).tuples()}
    i = 1
    while f"{stem}{i:03d}" in taken:
        i += 1
    return f"{stem}{i:03d}"


def allocation_preview(customer_id: str, amount: int,
                       receivable_id: str | None = None) -> tuple[list[tuple[Receivable, int]], int]:
    """How AMOUNT would be allocated (receivable, fen) and what would be left as credit."""
    items = open_receivables(customer_id)
    by_id = {r.id: r for r in items}
    if receivable_id is not None and receivable_id not in by_id:
        r = Receivable.get_or_none(Receivable.id == receivable_id)
        if r is None or r.customer_id != customer_id:
            raise LedgerError("ledger.receivable_does_not_belong_customer")
        if open_amount(r) <= 0:
            raise LedgerError("ledger.receivable_number_already_settled", number=r.number)
    plan, left = rules.allocate(amount, [(r.id, open_amount(r)) for r in items], receivable_id)
    return [(by_id[i], fen) for i, fen in plan], left


@retrying
def record_payment(customer_id: str, *, amount: int, day: _dt.date, method: str = "",
                   number: str | None = None, receivable_id: str | None = None, rep=None,
                   note: str = "", visit_id: str | None = None, source: str = "manual",
                   dedupe_key: str | None = None) -> Payment:
    """Money received. Allocated oldest due first (RECEIVABLE_ID first when given); the rest
    stays as credit. Taken during a visit (VISIT_ID), it is also logged as an attempt."""
    customer = _customer(customer_id)
    _amount(amount, Message("ledger.word_payment"))
    if day > clock.today():
        raise LedgerError("ledger.payment_date_day_future", day=day)
    number = " ".join(str(number or "").split()) or None
    with write_transaction():
        lock_customers([customer.id])  # before the open amounts are read: no two payments allocate them at once
        plan, _left = allocation_preview(customer.id, amount, receivable_id)
        rep_id = reps.rep_id(rep, default=responsible.rep_id_of(customer.id), create=True)
        p = Payment.create(customer=customer.id, rep=rep_id, day=day, amount=amount,
                           method=rules.parse_method(method), number=number, note=note.strip(),
                           source=source, dedupe_key=dedupe_key)
        for r, fen in plan:
            _add_allocation(p.id, r, fen)
        if visit_id:
            outcome = "paid" if open_balance(customer.id) == 0 else "partly_paid"
            CollectionAttempt.create(customer=customer.id, rep=rep_id, visit=visit_id, day=day,
                                     outcome=outcome, amount=amount, note=note.strip())
        promises.resolve(customer_ids=[customer.id])
        summary.refresh([customer.id])
    return p


@retrying
def reverse_payment(payment_id: str, *, day: _dt.date, note: str) -> Payment:
    """Undo a payment by a negative entry; its allocations are undone row by row."""
    note = (note or "").strip()
    if not note:
        raise LedgerError("ledger.say_why_payment_reversed_note")
    with write_transaction():
        p = Payment.get_or_none((Payment.id == payment_id) & Payment.deleted_at.is_null())
        if p is None:
            raise LedgerError("ledger.no_such_payment")
        lock_customers([p.customer_id])  # before "already reversed" and the allocations are read
        if p.amount <= 0 or p.reverses_id is not None:
            raise LedgerError("ledger.reversal_cannot_itself_reversed")
        if Payment.live().where(Payment.reverses == p.id).exists():
            raise LedgerError("ledger.payment_amount_day_already_reversed", amount=format_money(p.amount), day=p.day)
        if day < p.day:
            raise LedgerError("ledger.reversal_date_day_before_payment", day=day, paid_on=p.day)
        rev = Payment.create(customer=p.customer_id, rep=p.rep_id, day=day, amount=-p.amount,
                             method=p.method, number=None, reverses=p.id, source="manual",
                             note=note)
        totals: dict[str, int] = {}
        for a in PaymentAllocation.select().where((PaymentAllocation.payment == p.id)
                                                  & PaymentAllocation.deleted_at.is_null()):
            totals[a.receivable_id] = totals.get(a.receivable_id, 0) + a.amount
        for receivable_id, fen in totals.items():
            if fen:
                _add_allocation(rev.id, Receivable.get_by_id(receivable_id), -fen)
        _apply_credit(p.customer_id)
        summary.refresh([p.customer_id])
    return rev


@retrying
def write_off(receivable_id: str, *, amount: int, reason: str, day: _dt.date) -> Receivable:
    """Write off (part of) what is still open on a receivable as bad debt, with a reason."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise LedgerError("ledger.write_off_needs_reason")
    _amount(amount, Message("ledger.word_write_off"))
    with write_transaction():
        r = Receivable.get_or_none((Receivable.id == receivable_id) & Receivable.deleted_at.is_null())
        if r is None:
            raise LedgerError("ledger.no_such_receivable")
        lock_customers([r.customer_id])
        r = Receivable.get_by_id(r.id)  # read again under the lock: what is open now
        if amount > open_amount(r):
            raise LedgerError("ledger.receivable_number_has_only_open", number=r.number,
                              open=format_money(open_amount(r)), amount=format_money(amount))
        reasons = f"{r.write_off_reason}; {reason}" if r.write_off_reason else reason
        Receivable.update(written_off=Receivable.written_off + amount, write_off_reason=reasons,
                          write_off_on=day, updated_at=clock.now()).where(
            Receivable.id == r.id).execute()
        summary.refresh([r.customer_id])
    return Receivable.get_by_id(r.id)


def payments(customer_id: str, *, limit: int = 200) -> list[dict]:
    """The customer's payments, newest first, with whether each was reversed."""
    reversed_ids = {pid for (pid,) in Payment.live(Payment.reverses)
                    .where((Payment.customer == customer_id) & Payment.reverses.is_null(False))
                    .tuples()}
    rows = (Payment.live().where(Payment.customer == customer_id)
            .order_by(Payment.day.desc(), Payment.created_at.desc()).limit(limit))
    return [{"id": p.id, "day": p.day, "amount": p.amount, "method": p.method,
             "number": p.number or "", "note": p.note, "is_reversal": p.reverses_id is not None,
             "reversed": p.id in reversed_ids} for p in rows]


def receivables(customer_id: str, *, open_only: bool = False) -> list[Receivable]:
    q = Receivable.live().where(Receivable.customer == customer_id)
    if open_only:
        q = q.where(Receivable.amount > Receivable.paid + Receivable.written_off)
    return list(q.order_by(Receivable.due, Receivable.issued, Receivable.number))


def ledger_view(customer_id: str) -> dict:
    """What the money forms show: the customer, balances, open receivables, payments."""
    c = _customer(customer_id)
    opened = open_receivables(c.id)
    today = clock.today()
    return {
        "id": c.id, "name": c.name, "credit_limit": int(c.credit_limit or 0),
        "balance": sum(open_amount(r) for r in opened),
        "overdue": sum(open_amount(r) for r in opened if r.due < today),
        "credit": credit(c.id),
        "open": [{"id": r.id, "number": r.number, "due": r.due, "amount": r.amount,
                  "open": open_amount(r)} for r in opened],
        "payments": payments(c.id),
    }


def preview_rows(customer_id: str, amount: int, receivable_id: str | None = None) -> dict:
    """allocation_preview as plain data for a form: [(number, due, open, allocated)], credit."""
    plan, left = allocation_preview(customer_id, amount, receivable_id)
    return {"rows": [(r.number, r.due, open_amount(r), fen) for r, fen in plan], "left": left}
