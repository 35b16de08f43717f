"""A visit logged with an order taken by keyboard (拟订单): the visit's log and the sales order
(store/orders/placing) written in one transaction, so a refusal of either leaves nothing
half-written. The visit's free-text order field stays for a team without a product catalogue
(`has_catalogue`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salesterm import clock
from salesterm.store.models import Product, Visit
from salesterm.store.orders import placing
from salesterm.store.transactions import write_transaction
from salesterm.store.visits import LogResult, get_visit, log_visit


@dataclass
class VisitOrderResult:
    log: LogResult
    order: object | None = None  # store.orders.placing.PlacedOrder, when lines were given


def has_catalogue() -> bool:
    """Whether any product can be ordered (a catalogue holds an active product)."""
    return Product.select(Product.id).where(Product.deleted_at.is_null(), Product.status == "active").exists()


def log_visit_with_order(visit_id: str, lines: list, *, note: str = "", day: date | None = None,
                         **log_values) -> VisitOrderResult:
    """Log the visit (log_values as store.visits.log_visit takes them) and, with LINES
    (placing.LineInput), place the customer's order from this visit: one write."""
    today = day or clock.today()
    with write_transaction():
        visit = get_visit(visit_id)
        customer_id, rep_id = visit.customer_id, visit.rep_id
        if lines:
            log_values = {**log_values, "order_amount": 0, "order_product": ""}
        logged = log_visit(visit_id, day=today, **log_values)
        placed = None
        if lines:
            placed = placing.place_order(customer_id, list(lines), today, rep_id=rep_id, visit_id=visit_id,
                                         note=note)
            Visit.update(order_amount=placed.total).where(Visit.id == visit_id).execute()
    return VisitOrderResult(logged, placed)
