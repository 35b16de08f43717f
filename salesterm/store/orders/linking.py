"""Imported receivables matched to their orders (settings.receivables_source 'import': the
accounting system bills the deliveries). A receivable numbered as an order of the same customer
(or ``NUMBER/N``, a later delivery) gets that order's id, so the order shows what is owed on it."""
from __future__ import annotations

from salesterm import clock
from salesterm.domain import order_rules
from salesterm.store.models import Receivable, SalesOrder


def link_receivables(numbers: list[str]) -> int:
    """Link the receivables NUMBERS that have no order yet to the order their number names.
    Returns how many were linked (inside the caller's write transaction)."""
    linked = 0
    for start in range(0, len(numbers), 500):
        chunk = numbers[start:start + 500]
        rows = list(Receivable.live(Receivable.id, Receivable.number, Receivable.customer)
                    .where(Receivable.number.in_(chunk) & Receivable.order_id.is_null()).tuples())
        wanted = {order_rules.order_number_of(number) for _, number, _ in rows}
        orders = {(number, cid): oid for oid, number, cid in SalesOrder.live(
            SalesOrder.id, SalesOrder.number, SalesOrder.customer).where(SalesOrder.number.in_(list(wanted))).tuples()}
        for rid, number, cid in rows:
            order_id = orders.get((order_rules.order_number_of(number), cid))
            if order_id:
                linked += Receivable.update(order_id=order_id, updated_at=clock.now()).where(
                    Receivable.id == rid).execute()
    return linked
