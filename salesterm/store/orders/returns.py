"""After-sales (售后服务): goods that come back against an order line.

A return (退货) credits the customer: a payment row with source 'return' (the quantity at the
line's charged price), allocated through the ledger (store/ledger/receivables.record_payment) to
the order's receivable still open, the oldest first, so its balance drops (what is left goes to
the customer's other open receivables, oldest due first, or stays as credit), and a negative
sale line on the purchase log. An exchange (换货) moves no money and no sale. Never more than was
delivered and not yet returned comes back.
"""
from __future__ import annotations

import datetime as _dt

from peewee import fn

from salesterm.domain import order_rules
from salesterm.domain.errors import UserError
from salesterm.store import stats
from salesterm.store.ledger import receivables
from salesterm.store.models import OrderLine, OrderReturn, Product, Receivable
from salesterm.store.orders.lifecycle import delivered_qty, get_order
from salesterm.store.sales.orders import record_sale
from salesterm.store.transactions import lock_customers, retrying, write_transaction

KINDS = ("return", "exchange")


def returned_qty(line_id: str) -> int:
    value = OrderReturn.select(fn.COALESCE(fn.SUM(OrderReturn.qty), 0)).where(
        (OrderReturn.order_line == line_id) & (OrderReturn.kind == "return")
        & OrderReturn.deleted_at.is_null()).scalar()
    return int(value or 0)


def _open_receivable(order_id: str) -> str | None:
    for r in Receivable.live().where(Receivable.order_id == order_id).order_by(Receivable.due, Receivable.number):
        if receivables.open_amount(r) > 0:
            return r.id
    return None


@retrying
def return_goods(order_line_id: str, qty: int, reason: str, day: _dt.date, kind: str = "return") -> OrderReturn:
    """QTY base units of an order line come back on DAY, for REASON: returned (credited) or
    exchanged (replaced, no money)."""
    kind = (kind or "").strip().lower()
    if kind not in KINDS:
        raise UserError("orders.return_kind_unknown", kind=kind)
    why = " ".join((reason or "").split())
    if not why:
        raise UserError("orders.return_needs_reason")
    if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
        raise UserError("pricing.quantity_must_be_positive", qty=str(qty))
    with write_transaction():
        line = OrderLine.get_or_none((OrderLine.id == order_line_id) & OrderLine.deleted_at.is_null())
        if line is None:
            raise UserError("orders.no_such_line")
        lock_customers([get_order(line.order_id).customer_id])
        order = get_order(line.order_id)
        if not order_rules.can_return(order.status):
            raise UserError("orders.return_not_delivered", number=order.number,
                            status=order_rules.status_label(order.status))
        if day < order.day:
            raise UserError("orders.day_before_order", day=day.isoformat(), number=order.number,
                            placed=order.day.isoformat())
        left = delivered_qty([line.id]).get(line.id, 0) - returned_qty(line.id)
        product = Product.get_by_id(line.product_id)
        if qty > left:
            raise UserError("orders.return_too_much", product=product.name, left=left, qty=qty)
        amount = qty * line.price if kind == "return" else 0
        payment = None
        if amount > 0:
            payment = receivables.record_payment(
                order.customer_id, amount=amount, day=day, method="", number=None,
                receivable_id=_open_receivable(order.id), rep=order.rep_id or None,
                note=f"{order.number}: {why}", source="return")
        row = OrderReturn.create(order=order.id, order_line=line.id, kind=kind, qty=qty, amount=amount,
                                 reason=why, day=day, payment=payment.id if payment else None)
        if kind == "return":
            record_sale(order.customer_id, order.rep_id, day, [(product.name, -qty, -amount, line.id)],
                        note=f"{order.number} return")
    stats.refresh_stats([order.customer_id])
    return row

