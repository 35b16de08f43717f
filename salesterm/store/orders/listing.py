"""Orders read back: the list (`salesterm orders`, the orders screen) and one order's detail.

Each order is a dict in the shape DESIGN.md gives `salesterm orders --json` (id, number,
customer, rep, date, status, total, receivable, lines: product, qty, unit, price, price_source,
amount), with more fields beside; money in integer fen and dates as dates here (cmds/orders
writes money as strings). A line's qty counts the product's base unit (unit) and price is per
base unit, so qty x price = amount; what the rep typed (5箱) is typed_qty/typed_unit.
"receivable" is what is still open on the receivables the order's deliveries made.
"""
from __future__ import annotations

from peewee import JOIN, fn

from salesterm.domain import order_rules
from salesterm.store import reps
from salesterm.store.models import (
    Customer,
    Note,
    OrderDelivery,
    OrderLine,
    OrderReturn,
    PriceApproval,
    Product,
    Promotion,
    Receivable,
    Rep,
    SalesOrder,
)


def _sums(model, ids: list[str], *where) -> dict[str, int]:
    if not ids:
        return {}
    rows = (model.select(model.order_line, fn.SUM(model.qty)).where(
        model.order_line.in_(ids) & model.deleted_at.is_null(), *where).group_by(model.order_line).tuples())
    return {line_id: int(total or 0) for line_id, total in rows}


def _approval(order_ids: list[str]) -> dict[str, str]:
    """The latest price decision per order: approved | refused."""
    out: dict[str, str] = {}
    for a in PriceApproval.live().where(PriceApproval.order.in_(order_ids)).order_by(PriceApproval.created_at):
        out[a.order_id] = a.decision
    return out


def _lines(order_ids: list[str]) -> dict[str, list[dict]]:
    rows = list(OrderLine.live().join(Product, on=(OrderLine.product == Product.id))
                .where(OrderLine.order.in_(order_ids))
                .order_by(OrderLine.order, OrderLine.position, OrderLine.created_at, OrderLine.id)
                .select(OrderLine, Product))
    ids = [r.id for r in rows]
    delivered = _sums(OrderDelivery, ids, OrderDelivery.stage == "delivered")
    returned = _sums(OrderReturn, ids, OrderReturn.kind == "return")
    exchanged = _sums(OrderReturn, ids, OrderReturn.kind == "exchange")
    promoted = {r.promotion_id for r in rows if r.promotion_id}
    promotions = {p.id: p.name for p in Promotion.select(Promotion.id, Promotion.name)
                  .where(Promotion.id.in_(promoted))} if promoted else {}
    out: dict[str, list[dict]] = {}
    for r in rows:
        p = r.product
        case = r.unit and r.unit == p.case_unit and p.case_size > 1 and r.qty % p.case_size == 0
        out.setdefault(r.order_id, []).append({
            "id": r.id, "product": p.name, "product_id": p.id, "code": p.code, "spec": p.spec,
            "qty": r.qty, "unit": p.unit, "price": r.price, "price_source": r.price_source,
            "amount": r.amount, "typed_qty": r.qty // p.case_size if case else r.qty,
            "typed_unit": r.unit if case else p.unit, "free_qty": r.free_qty, "list_price": r.list_price,
            "promotion_id": r.promotion_id, "promotion": promotions.get(r.promotion_id, ""),
            "below_floor": bool(r.below_floor),
            "delivered": delivered.get(r.id, 0), "returned": returned.get(r.id, 0),
            "exchanged": exchanged.get(r.id, 0),
        })
    return out


def _receivables(order_ids: list[str]) -> dict[str, list[Receivable]]:
    out: dict[str, list[Receivable]] = {}
    for r in Receivable.live().where(Receivable.order_id.in_(order_ids)).order_by(Receivable.issued, Receivable.number):
        out.setdefault(r.order_id, []).append(r)
    return out


def _shape(o: SalesOrder, lines: list[dict], recs: list[Receivable], approval: str | None) -> dict:
    below = any(line["below_floor"] for line in lines)
    return {
        "id": o.id, "number": o.number, "customer": o.customer.name, "customer_id": o.customer_id,
        "rep": o.rep.name if o.rep_id else "", "rep_id": o.rep_id, "date": o.day, "status": o.status,
        "total": o.total,
        "receivable": sum(r.amount - r.paid - r.written_off for r in recs),
        "billed": sum(r.amount for r in recs),
        "receivables": [r.number for r in recs],
        "credit_hold": [str(m) for m in order_rules.hold_messages(o.credit_hold)],
        "held": bool(o.credit_hold),
        "price_approval": (approval or "waiting") if below else "",
        "cancel_reason": o.cancel_reason, "note": o.note, "visit_id": o.visit_id,
        "lines": lines,
    }


def _query():
    return (SalesOrder.live().join(Customer, on=(SalesOrder.customer == Customer.id))
            .switch(SalesOrder).join(Rep, JOIN.LEFT_OUTER, on=(SalesOrder.rep == Rep.id))
            .select(SalesOrder, Customer, Rep))


def _shaped(orders: list[SalesOrder]) -> list[dict]:
    ids = [o.id for o in orders]
    lines, recs, approvals = _lines(ids), _receivables(ids), _approval(ids)
    return [_shape(o, lines.get(o.id, []), recs.get(o.id, []), approvals.get(o.id)) for o in orders]


def list_orders(rep=None, status: str | None = None, customer_id: str | None = None,
                limit: int | None = None) -> list[dict]:
    """Orders newest first (by day, then number), with their lines; REP a name or id, STATUS a
    key or label (order_rules.parse_status)."""
    q = _query()
    if rep:
        q = q.where(SalesOrder.rep == reps.find_rep(rep).id)
    if status:
        q = q.where(SalesOrder.status == order_rules.parse_status(status))
    if customer_id:
        q = q.where(SalesOrder.customer == customer_id)
    q = q.order_by(SalesOrder.day.desc(), SalesOrder.number.desc())
    if limit is not None:
        q = q.limit(limit)
    return _shaped(list(q))


def awaiting_manager(rep=None) -> list[dict]:
    """The manager's queue: orders not cancelled that are held for credit or whose price below
    the floor waits for a decision, oldest first."""
    below = OrderLine.select(OrderLine.order).where(OrderLine.below_floor & OrderLine.deleted_at.is_null())
    q = _query().where((SalesOrder.status != order_rules.CANCELLED)
                       & ((SalesOrder.credit_hold != "") | SalesOrder.id.in_(below)))
    if rep:
        q = q.where(SalesOrder.rep == reps.find_rep(rep).id)
    rows = _shaped(list(q.order_by(SalesOrder.day, SalesOrder.number)))
    return [o for o in rows if o["held"] or o["price_approval"] == "waiting"]


def order_detail(order_id: str) -> dict:
    """One order as list_orders gives it, with its deliveries, returns, price decisions,
    receivables and complaints."""
    from salesterm.domain.errors import UserError

    o = SalesOrder.get_or_none((SalesOrder.id == order_id) & SalesOrder.deleted_at.is_null())
    if o is None:
        raise UserError("orders.no_such_order")
    ids = [o.id]
    detail = _shape(o, _lines(ids).get(o.id, []), _receivables(ids).get(o.id, []), _approval(ids).get(o.id))
    detail["deliveries"] = [
        {"id": d.id, "line_id": d.order_line_id, "qty": d.qty, "day": d.day, "stage": d.stage, "note": d.note}
        for d in OrderDelivery.live().where(OrderDelivery.order == o.id).order_by(OrderDelivery.day,
                                                                                   OrderDelivery.created_at)]
    detail["returns"] = [
        {"id": r.id, "line_id": r.order_line_id, "kind": r.kind, "qty": r.qty, "amount": r.amount,
         "reason": r.reason, "day": r.day, "payment_id": r.payment_id}
        for r in OrderReturn.live().where(OrderReturn.order == o.id).order_by(OrderReturn.day, OrderReturn.created_at)]
    detail["approvals"] = [
        {"id": a.id, "line_id": a.order_line_id, "rep": a.rep.name if a.rep_id else "", "decision": a.decision,
         "note": a.note, "at": a.created_at}
        for a in PriceApproval.live().where(PriceApproval.order == o.id).order_by(PriceApproval.created_at)]
    detail["receivable_rows"] = [
        {"id": r.id, "number": r.number, "issued": r.issued, "due": r.due, "amount": r.amount, "paid": r.paid,
         "written_off": r.written_off, "source": r.source}
        for r in _receivables(ids).get(o.id, [])]
    detail["complaints"] = [
        {"id": n.id, "day": n.written_on, "title": n.title, "body": n.body, "status": n.status}
        for n in Note.live().where(Note.order_id == o.id).order_by(Note.written_on, Note.created_at)]
    detail["released_by"] = o.released_by.name if o.released_by_id else ""
    detail["released_at"] = o.released_at
    return detail
