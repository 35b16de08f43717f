"""Shared helpers of the collections store tests: customers and a ledger built by hand."""
from __future__ import annotations

from datetime import date, timedelta

from salesterm.store import customers
from salesterm.store.ledger import receivables as ledger

TODAY = date(2026, 11, 29)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def customer(name: str, rep: str = "王伟", **fields):
    raw = {"name": name, **{k: str(v) for k, v in fields.items()}}
    return customers.create_customer(raw, rep=rep, allow_duplicate=True)


def owe(c, number: str, overdue_days: int, amount: int, rep=None):
    due = days_ago(overdue_days)
    return ledger.record_receivable(c.id, number=number, issued=due - timedelta(days=30), due=due,
                                    amount=amount, rep=rep)
