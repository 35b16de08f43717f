"""The rules of a sales order (销售订单): its statuses, what may follow what, the credit check
before new goods, its number and its due date. Pure: store/orders applies them.

Statuses (``STATUSES``): placed 已下单 -> shipped 已发货 -> delivered 已签收, or partial 部分签收
when only some of the goods were signed for, or cancelled 已取消 (with a reason).

- An order is cancelled only before anything was delivered (placed or shipped); goods that were
  delivered come back as a return (store/orders/returns), never by cancelling.
- A partial order takes further deliveries (the rest makes it delivered) and returns of what was
  delivered; it cannot be cancelled, and what was never delivered is never billed.
- A delivered order takes returns and exchanges only. A cancelled order takes nothing.
- An order on credit hold, or with a price below the floor still waiting for the manager's
  decision (or refused), can be neither shipped nor delivered until a manager releases it or
  approves the price.

The credit check (``credit_holds``), the handbook's 送货收款: money overdue comes before new goods
("collection before new goods: ¥X overdue since D"), and the customer's open balance plus this
order may not pass the credit limit (a limit of 0 is no limit). Either holds the order, with the
figures, until a manager releases it.

Order numbers (``order_number``): ``SO-YYYYMMDD-SITE-NNN``. SITE names the database that
numbered the order: on a laptop the first 8 hex digits of its sync site id (or, before it joins
a team, of a random id kept in the file), on the team server itself ``HQ`` (never hex digits,
so it cannot equal a laptop's). NNN is that database's own sequence for the day, handed out
under its write lock. Two orders can therefore only share a number if two laptops' random site
ids share their first 8 hex digits (a 1 in 2^32 chance a pair); the team server's unique index
on the number would then refuse the second push rather than merge two orders into one.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .errors import Message, UserError, Words
from .money import format_money

PLACED, SHIPPED, DELIVERED, PARTIAL, CANCELLED = "placed", "shipped", "delivered", "partial", "cancelled"
STATUSES = (PLACED, SHIPPED, PARTIAL, DELIVERED, CANCELLED)
STATUS_LABELS = {
    PLACED: Words("已下单", "placed"),
    SHIPPED: Words("已发货", "shipped"),
    PARTIAL: Words("部分签收", "partial"),
    DELIVERED: Words("已签收", "delivered"),
    CANCELLED: Words("已取消", "cancelled"),
}
# what each status may become
TRANSITIONS = {
    PLACED: (SHIPPED, PARTIAL, DELIVERED, CANCELLED),
    SHIPPED: (PARTIAL, DELIVERED, CANCELLED),
    PARTIAL: (PARTIAL, DELIVERED),
    DELIVERED: (),
    CANCELLED: (),
}
HQ_SITE = "HQ"


def status_label(status: str) -> Words:
    return STATUS_LABELS.get(status, Words(status, status))


def parse_status(text: str) -> str:
    """A status typed by a user: its key or either label (``已签收``, ``delivered``)."""
    value = (text or "").strip().lower()
    for key, words in STATUS_LABELS.items():
        if value in (key, words.zh, words.en):
            return key
    raise UserError("orders.unknown_status", status=text, choices=", ".join(STATUSES))


def check_transition(status: str, to: str) -> None:
    """Refuse moving an order from STATUS to TO, saying why."""
    if to in TRANSITIONS.get(status, ()):
        return
    if to == CANCELLED and status in (PARTIAL, DELIVERED):
        raise UserError("orders.delivered_goods_are_returned", status=status_label(status))
    raise UserError("orders.cannot_move", status=status_label(status), to=status_label(to))


def can_return(status: str) -> bool:
    return status in (PARTIAL, DELIVERED)


def cancel_reason(reason: str) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise UserError("orders.cancel_needs_reason")
    return text


def delivered_status(ordered: dict[str, int], delivered: dict[str, int]) -> str:
    """PARTIAL while any line has goods still to deliver, else DELIVERED."""
    return DELIVERED if all(delivered.get(k, 0) >= q for k, q in ordered.items()) else PARTIAL


@dataclass(frozen=True)
class Hold:
    """Why the credit check holds an order. kind 'overdue': AMOUNT overdue since SINCE;
    kind 'limit': BALANCE owed now + ORDER = AFTER against LIMIT."""

    kind: str
    amount: int = 0
    since: _dt.date | None = None
    balance: int = 0
    order: int = 0
    limit: int = 0

    @property
    def after(self) -> int:
        return self.balance + self.order

    def message(self) -> Message:
        if self.kind == "overdue":
            return Message("orders.hold_overdue", amount=format_money(self.amount),
                           since=self.since.isoformat() if self.since else "")
        return Message("orders.hold_over_limit", after=format_money(self.after), balance=format_money(self.balance),
                       order=format_money(self.order), limit=format_money(self.limit))

    def encode(self) -> str:
        if self.kind == "overdue":
            return f"overdue:{self.amount}:{self.since.isoformat() if self.since else ''}"
        return f"limit:{self.balance}:{self.order}:{self.limit}"


def credit_holds(*, limit: int, balance: int, order_total: int, overdue: int,
                 overdue_since: _dt.date | None) -> list[Hold]:
    """The holds on an order of ORDER_TOTAL for a customer owing BALANCE (OVERDUE of it past
    due, the oldest due date OVERDUE_SINCE) with credit LIMIT (0: no limit). Empty: clear."""
    holds = []
    if overdue > 0:
        holds.append(Hold("overdue", amount=overdue, since=overdue_since))
    if limit > 0 and balance + order_total > limit:
        holds.append(Hold("limit", balance=balance, order=order_total, limit=limit))
    return holds


def encode_holds(holds: list[Hold]) -> str:
    """What sales_order.credit_hold stores: the holds with their figures, ';' between."""
    return ";".join(h.encode() for h in holds)


def decode_holds(text: str) -> list[Hold]:
    holds = []
    for part in (text or "").split(";"):
        bits = part.split(":")
        try:
            if bits[0] == "overdue" and len(bits) == 3:
                holds.append(Hold("overdue", amount=int(bits[1]),
                                  since=_dt.date.fromisoformat(bits[2]) if bits[2] else None))
            elif bits[0] == "limit" and len(bits) == 4:
                holds.append(Hold("limit", balance=int(bits[1]), order=int(bits[2]), limit=int(bits[3])))
        except ValueError:
            continue
    return holds


def hold_messages(text: str) -> list[Message]:
    return [h.message() for h in decode_holds(text)]


def site_fragment(site_id: str | None) -> str:
    """The SITE part of an order number: 8 hex digits of a laptop's site id, HQ on the server."""
    if not site_id:
        return HQ_SITE
    digits = "".join(c for c in site_id.lower() if c in "0123456789abcdef")[:8]
    if len(digits) < 8:
        raise ValueError(f"a site id needs 8 hex digits: {site_id!r}")
    return digits.upper()


def number_stem(day: _dt.date, site: str) -> str:
    return f"SO-{day:%Y%m%d}-{site}-"


def order_number(day: _dt.date, site: str, seq: int) -> str:
    """SO-20261203-3FA2C1D0-001: the day, the numbering database, its sequence that day."""
    if seq < 1:
        raise ValueError("an order's sequence starts at 1")
    return f"{number_stem(day, site)}{seq:03d}"


def receivable_number(order_number: str, delivery_index: int) -> str:
    """The receivable of an order's first delivery is numbered as the order; later deliveries
    of a partial order add /2, /3 ..."""
    return order_number if delivery_index <= 1 else f"{order_number}/{delivery_index}"


def order_number_of(receivable_number: str) -> str:
    """The order number a receivable number names (an imported invoice numbered as the order,
    or a later delivery's ``/N``)."""
    text = (receivable_number or "").strip()
    head, sep, tail = text.rpartition("/")
    return head if sep and tail.isdigit() else text


def due_date(delivered_on: _dt.date, credit_days: int) -> _dt.date:
    """Due CREDIT_DAYS (账期) after the delivery; 0 or less: due on delivery."""
    return delivered_on + _dt.timedelta(days=max(int(credit_days or 0), 0))


def to_units(qty: int, unit: str, product_fields: dict) -> int:
    """QTY typed in UNIT as base units of the product: its case unit (箱) counts case_size base
    units, its base unit (瓶) or no unit counts one. Any other unit is refused.
    (The same signature as domain/products.to_units of the product catalogue; one of the two
    goes at merge.)"""
    if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
        raise UserError("pricing.quantity_must_be_positive", qty=str(qty))
    unit = (unit or "").strip()
    base = product_fields.get("unit", "") or ""
    case_unit = product_fields.get("case_unit", "") or ""
    if not unit or unit == base:
        return qty
    if case_unit and unit == case_unit:
        return qty * max(int(product_fields.get("case_size") or 1), 1)
    raise UserError("orders.unknown_unit", unit=unit, units="/".join(u for u in (base, case_unit) if u))
