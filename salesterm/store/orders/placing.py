"""Taking an order (拟订单): the lines priced by the price system, the total exact in fen, the
credit check before new goods (domain/order_rules), and, once placed, the order and its
insert-only lines, the purchase log's sale lines and the customer's deal won (签约) through
store/sales/orders, the path the visit log's orders take too.

`check_order` is the same computation as `place_order` without writing, for the form to show
before the rep confirms. A hold (money overdue, or the credit limit passed) and a price below the
floor do not refuse the order: it is placed, and waits for a manager (store/orders/lifecycle:
release, decide_price) before it can ship.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from salesterm.domain import order_rules, pricing
from salesterm.domain.errors import Message, UserError
from salesterm.domain.money import MAX_FEN, format_money
from salesterm.domain.orders import OrderItem
from salesterm.store import reps, stats
from salesterm.store.ledger import receivables
from salesterm.store.models import Customer, OrderLine, Product, SalesOrder, Visit
from salesterm.store.orders.numbers import next_order_number
from salesterm.store.pricing.quotes import quote
from salesterm.store.sales.orders import record_sale, win_deal
from salesterm.store.transactions import lock_customers, retrying, write_transaction


@dataclass(frozen=True)
class LineInput:
    product_id: str
    qty: int  # in UNIT
    unit: str = ""  # the product's case unit (箱) or base unit (瓶); '' = base unit
    manual_price: int | None = None  # fen per base unit, typed by the rep


@dataclass(frozen=True)
class CheckedLine:
    product_id: str
    code: str
    name: str
    spec: str
    unit: str  # as typed
    typed_qty: int
    qty: int  # base units
    base_unit: str
    quote: pricing.Quote

    @property
    def amount(self) -> int:
        return self.quote.amount


@dataclass(frozen=True)
class OrderCheck:
    lines: list[CheckedLine]
    total: int
    holds: list[order_rules.Hold] = field(default_factory=list)
    below_floor: list[int] = field(default_factory=list)  # indexes into lines

    @property
    def needs_approval(self) -> bool:
        return bool(self.below_floor)

    @property
    def hold_messages(self) -> list[Message]:
        return [h.message() for h in self.holds]


@dataclass(frozen=True)
class PlacedOrder:
    order_id: str
    number: str
    total: int
    holds: list[Message]  # why the credit check held it (str() in English, i18n.error_text translated)
    needs_approval: bool


def _customer(customer_id: str) -> Customer:
    c = Customer.get_or_none((Customer.id == customer_id) & Customer.deleted_at.is_null())
    if c is None:
        raise UserError("pricing.no_such_customer")
    return c


def _product(product_id: str) -> Product:
    p = Product.get_or_none((Product.id == product_id) & Product.deleted_at.is_null())
    if p is None:
        raise UserError("pricing.no_such_product")
    if p.status == "discontinued":
        raise UserError("orders.product_discontinued", product=p.name)
    return p


def customer_holds(customer: Customer, order_total: int, day: _dt.date) -> list[order_rules.Hold]:
    """The credit check of an order of ORDER_TOTAL for CUSTOMER on DAY, against its ledger now."""
    open_items = receivables.open_receivables(customer.id)
    overdue = [r for r in open_items if r.due < day]
    return order_rules.credit_holds(
        limit=int(customer.credit_limit or 0), balance=receivables.open_balance(customer.id),
        order_total=order_total, overdue=sum(receivables.open_amount(r) for r in overdue),
        overdue_since=min((r.due for r in overdue), default=None))


def check_order(customer_id: str, lines: list[LineInput], day: _dt.date) -> OrderCheck:
    """Each line priced, the total, the credit holds and the lines below the floor."""
    customer = _customer(customer_id)
    if not lines:
        raise UserError("orders.needs_a_line")
    checked = []
    for line in lines:
        product = _product(line.product_id)
        fields = {"unit": product.unit, "case_unit": product.case_unit, "case_size": product.case_size}
        units = order_rules.to_units(line.qty, line.unit, fields)
        q = quote(customer.id, product.id, units, day, line.manual_price)
        checked.append(CheckedLine(product.id, product.code, product.name, product.spec,
                                   (line.unit or "").strip() or product.unit, line.qty, units, product.unit, q))
    total = sum(c.amount for c in checked)
    if total > MAX_FEN:
        raise UserError("orders.total_too_large", total=format_money(total))
    return OrderCheck(lines=checked, total=total, holds=customer_holds(customer, total, day),
                      below_floor=[i for i, c in enumerate(checked) if c.quote.below_floor])


@retrying
def place_order(customer_id: str, lines: list[LineInput], day: _dt.date, rep_id: str | None = None,
                visit_id: str | None = None, note: str = "") -> PlacedOrder:
    """Place the order: checked again inside the write (the ledger may have moved since the form
    showed it), numbered, its lines written once, the sale on the purchase log, the deal won."""
    with write_transaction():
        customer = _customer(customer_id)
        lock_customers([customer.id])
        check = check_order(customer.id, lines, day)
        rep = reps.rep_id(rep_id, default=customer.rep_id)
        order = SalesOrder.create(number=next_order_number(day), customer=customer.id, rep=rep,
                                  visit=visit_id or None, day=day, status=order_rules.PLACED, total=check.total,
                                  note=(note or "").strip(), credit_hold=order_rules.encode_holds(check.holds))
        sale = []
        for position, c in enumerate(check.lines, start=1):
            q = c.quote
            row = OrderLine.create(order=order.id, position=position, product=c.product_id, qty=c.qty, unit=c.unit,
                                   free_qty=q.free_qty, price=q.price, list_price=q.list_price,
                                   price_source=q.source, promotion=q.promotion_id, amount=q.amount,
                                   below_floor=q.below_floor)
            sale.append((c.name, c.qty, q.amount, row.id))
        record_sale(customer.id, rep, day, sale, note=order.number)
        deal_id = None
        if visit_id:
            visit = Visit.get_or_none(Visit.id == visit_id)
            deal_id = visit.deal_id if visit else None
        rep_row = reps.lookup(rep) if rep else None
        win_deal(customer.id, deal_id, check.total, [OrderItem(c.name, c.qty) for c in check.lines],
                 rep=rep_row.name if rep_row else None, confirm_override=True)
        stats.refresh_stats([customer.id])
    return PlacedOrder(order.id, order.number, check.total, check.hold_messages, check.needs_approval)
