"""An order's life after it is placed (domain/order_rules has the rules): shipped (已发货),
delivered line by line (部分签收 / 已签收), or cancelled with a reason; a manager's release of a
credit hold and decision on a price below the floor.

Delivery bills what was delivered: a receivable through the ledger (store/ledger/receivables:
the balance, aging, the collection queue and the customer summary follow), numbered as the order
(a later delivery ``NUMBER/2`` ...), issued the day of delivery, due after the customer's credit
days (账期), its order_id set. When the team imports its receivables (settings.receivables_source
'import') a delivery bills nothing: the imported receivable is linked by its number instead.

Every write locks the customer's rows first (transactions.lock_customers), so two deliveries of
one order never both take the same goods.
"""
from __future__ import annotations

import datetime as _dt

from peewee import fn

from salesterm import clock
from salesterm.domain import order_rules
from salesterm.domain.errors import UserError
from salesterm.store import reps, stats
from salesterm.store.ledger import receivables
from salesterm.store.models import (
    Customer,
    OrderDelivery,
    OrderLine,
    PriceApproval,
    Product,
    Receivable,
    SalesOrder,
    TradeLine,
    database,
)
from salesterm.store.orders import settings
from salesterm.store.transactions import lock_customers, retrying, write_transaction

DECISIONS = ("approved", "refused")


def get_order(order_id: str) -> SalesOrder:
    o = SalesOrder.get_or_none((SalesOrder.id == order_id) & SalesOrder.deleted_at.is_null())
    if o is None:
        raise UserError("orders.no_such_order")
    return o


def _locked(order_id: str) -> SalesOrder:
    """The order, read again after its customer's rows are locked (inside a write)."""
    lock_customers([get_order(order_id).customer_id])
    return get_order(order_id)


def _lines(order_id: str) -> list[OrderLine]:
    return list(OrderLine.live().where(OrderLine.order == order_id)
                .order_by(OrderLine.position, OrderLine.created_at, OrderLine.id))


def delivered_qty(line_ids: list[str]) -> dict[str, int]:
    if not line_ids:
        return {}
    rows = (OrderDelivery.select(OrderDelivery.order_line, fn.SUM(OrderDelivery.qty))
            .where(OrderDelivery.order_line.in_(line_ids) & (OrderDelivery.stage == "delivered")
                   & OrderDelivery.deleted_at.is_null()).group_by(OrderDelivery.order_line).tuples())
    return {k: int(v or 0) for k, v in rows}


def price_state(order: SalesOrder) -> str:
    """'' when no price needs a decision, else the manager's latest: waiting | approved | refused."""
    if not OrderLine.live().where((OrderLine.order == order.id) & OrderLine.below_floor).exists():
        return ""
    last = (PriceApproval.live().where(PriceApproval.order == order.id)
            .order_by(PriceApproval.created_at.desc(), PriceApproval.id.desc()).first())
    return last.decision if last is not None else "waiting"


def check_ready(order: SalesOrder) -> None:
    """Refuse moving goods of an order held for credit or waiting for (or refused) a price."""
    if order.credit_hold:
        raise UserError("orders.on_credit_hold", number=order.number,
                        why=order_rules.hold_messages(order.credit_hold))
    state = price_state(order)
    if state == "waiting":
        raise UserError("orders.awaiting_price_approval", number=order.number)
    if state == "refused":
        raise UserError("orders.price_refused", number=order.number)


def _not_before(order: SalesOrder, day: _dt.date) -> None:
    if day < order.day:
        raise UserError("orders.day_before_order", day=day.isoformat(), number=order.number,
                        placed=order.day.isoformat())


def _manager(rep) -> str:
    """The id of the manager who decides: on a team server the login's own rep, who must be a
    manager or admin (whoever REP names); elsewhere REP, whose role must be manager or admin."""
    from salesterm.store.team.identity import identity

    me = identity(database.obj)
    if me is not None:
        if me.role not in ("manager", "admin"):
            raise UserError("orders.needs_manager", rep=me.rep)
        return reps.find_rep(me.rep).id
    who = reps.find_rep(rep)
    if who.role not in ("manager", "admin"):
        raise UserError("orders.needs_manager", rep=who.name)
    return who.id


@retrying
def ship(order_id: str, day: _dt.date) -> SalesOrder:
    """已发货: every line's goods leave (an OrderDelivery row at stage shipped for each)."""
    with write_transaction():
        order = _locked(order_id)
        order_rules.check_transition(order.status, order_rules.SHIPPED)
        check_ready(order)
        _not_before(order, day)
        for line in _lines(order.id):
            OrderDelivery.create(order=order.id, order_line=line.id, qty=line.qty, day=day, stage="shipped")
        SalesOrder.update(status=order_rules.SHIPPED, updated_at=clock.now()).where(
            SalesOrder.id == order.id).execute()
    return get_order(order_id)


@retrying
def deliver(order_id: str, day: _dt.date, quantities: dict[str, int] | None = None) -> SalesOrder:
    """签收: QUANTITIES (base units by order line id; None: everything not yet delivered) signed
    for on DAY. The order becomes partial or delivered, and what was delivered is billed."""
    with write_transaction():
        order = _locked(order_id)
        lines = _lines(order.id)
        done = delivered_qty([line.id for line in lines])
        if quantities is None:
            quantities = {line.id: line.qty - done.get(line.id, 0) for line in lines}
        by_id = {line.id: line for line in lines}
        for line_id, qty in quantities.items():
            if line_id not in by_id:
                raise UserError("orders.no_such_line")
            if isinstance(qty, bool) or not isinstance(qty, int) or qty < 0:
                raise UserError("orders.nothing_to_deliver")
        wanted = {k: v for k, v in quantities.items() if v > 0}
        if not wanted:
            raise UserError("orders.nothing_to_deliver")
        after = {line.id: done.get(line.id, 0) + wanted.get(line.id, 0) for line in lines}
        status = order_rules.delivered_status({line.id: line.qty for line in lines}, after)
        order_rules.check_transition(order.status, status)
        check_ready(order)
        _not_before(order, day)
        for line_id, qty in wanted.items():
            left = by_id[line_id].qty - done.get(line_id, 0)
            if qty > left:
                product = Product.get_by_id(by_id[line_id].product_id)
                raise UserError("orders.deliver_too_much", product=product.name, left=left, qty=qty)
        amount = 0
        for line_id, qty in wanted.items():
            OrderDelivery.create(order=order.id, order_line=line_id, qty=qty, day=day, stage="delivered")
            amount += qty * by_id[line_id].price
        SalesOrder.update(status=status, updated_at=clock.now()).where(SalesOrder.id == order.id).execute()
        if amount > 0 and settings.receivables_source() == "orders":
            _bill(order, day, amount)
    stats.refresh_stats([order.customer_id])
    return get_order(order_id)


def _bill(order: SalesOrder, day: _dt.date, amount: int) -> Receivable:
    customer = Customer.get_by_id(order.customer_id)
    billed = Receivable.select().where(Receivable.order_id == order.id).count()
    index = billed + 1
    while Receivable.select().where(Receivable.number == order_rules.receivable_number(order.number, index)).exists():
        index += 1
    return receivables.record_receivable(
        customer.id, number=order_rules.receivable_number(order.number, index), issued=day,
        due=order_rules.due_date(day, customer.credit_days), amount=amount, rep=order.rep_id or None,
        source="order", order_id=order.id)


@retrying
def cancel(order_id: str, reason: str) -> SalesOrder:
    """已取消, with a reason; only before any goods were delivered. Its sale lines leave the
    purchase log (soft-deleted)."""
    why = order_rules.cancel_reason(reason)
    with write_transaction():
        order = _locked(order_id)
        order_rules.check_transition(order.status, order_rules.CANCELLED)
        now = clock.now()
        SalesOrder.update(status=order_rules.CANCELLED, cancel_reason=why, updated_at=now).where(
            SalesOrder.id == order.id).execute()
        line_ids = [line.id for line in _lines(order.id)]
        if line_ids:
            TradeLine.update(deleted_at=now, updated_at=now).where(
                TradeLine.order_line_id.in_(line_ids) & TradeLine.deleted_at.is_null()).execute()
    stats.refresh_stats([order.customer_id])
    return get_order(order_id)


@retrying
def release(order_id: str, manager_rep_id, note: str = "") -> SalesOrder:
    """A manager lets a held order go: the hold is cleared, who and when recorded."""
    with write_transaction():
        who = _manager(manager_rep_id)
        order = _locked(order_id)
        if not order.credit_hold:
            raise UserError("orders.not_held", number=order.number)
        text = " ".join((note or "").split())
        SalesOrder.update(credit_hold="", released_by=who, released_at=clock.now(), updated_at=clock.now(),
                          note=f"{order.note}\n{text}".strip() if text else order.note).where(
            SalesOrder.id == order.id).execute()
    return get_order(order_id)


@retrying
def decide_price(order_id: str, manager_rep_id, decision: str, note: str = "") -> list[PriceApproval]:
    """A manager approves or refuses an order's prices below the floor, once: one PriceApproval
    row for each such line, with who decided (created_at: when)."""
    decision = (decision or "").strip().lower()
    if decision not in DECISIONS:
        raise UserError("orders.decision_unknown", decision=decision)
    with write_transaction():
        who = _manager(manager_rep_id)
        order = _locked(order_id)
        below = [line for line in _lines(order.id) if line.below_floor]
        if not below:
            raise UserError("orders.no_price_to_decide", number=order.number)
        if price_state(order) != "waiting":  # a decision is final: a refused order is cancelled and taken again
            raise UserError("orders.price_already_decided", number=order.number)
        text = " ".join((note or "").split())
        return [PriceApproval.create(order=order.id, order_line=line.id, rep=who, decision=decision, note=text)
                for line in below]
