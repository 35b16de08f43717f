"""What a manager types into the price system (价格体系): a discount (5 or 5% -> 500 basis
points), a customer grade, a date range, and when two dated prices overlap. Pure checks; the
store (store/pricing/admin) applies them before it writes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from .errors import UserError

GRADES = ("A", "B", "C", "D")
# customer kinds a price list or promotion may name ('' = any kind); domain/customer.KINDS has the labels
PRICED_KINDS = ("distributor", "wholesaler", "retailer")


def parse_discount(text: str) -> int:
    """'5', '5%', '5.5 %' or '５％' -> basis points (500, 550); between 0 and 100 percent,
    at most two decimals."""
    raw = str(text).strip().replace("％", "%").translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    number = raw.removesuffix("%").strip()
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise UserError("pricing.discount_not_percent", value=text) from None
    if not value.is_finite() or value <= 0 or value > 100:
        raise UserError("pricing.discount_out_of_range", value=text)
    bp = value * 100
    if bp != bp.to_integral_value():
        raise UserError("pricing.discount_out_of_range", value=text)
    return int(bp)


def discount_text(bp: int) -> str:
    """500 -> '5%', 550 -> '5.5%'."""
    whole, rest = divmod(int(bp), 100)
    return f"{whole}%" if not rest else f"{whole}.{rest:02d}".rstrip("0") + "%"


def parse_grade(text: str) -> str:
    """'' (any grade) or one of A-D, any case."""
    value = str(text or "").strip().upper()
    if value and value not in GRADES:
        raise UserError("pricing.unknown_grade", value=text)
    return value


def check_dates(starts: date | None, ends: date | None) -> None:
    if starts is not None and ends is not None and ends < starts:
        raise UserError("pricing.ends_before_starts", starts=starts.isoformat(), ends=ends.isoformat())


def check_price(price: int) -> int:
    if not isinstance(price, int) or isinstance(price, bool):
        raise UserError("pricing.price_not_whole_fen")
    if price < 0:
        raise UserError("pricing.price_negative")
    return price


def check_quantities(buy_qty: int, free_qty: int) -> None:
    if buy_qty < 1 or free_qty < 1:
        raise UserError("pricing.gift_needs_quantities")


@dataclass(frozen=True)
class Span:
    starts: date | None = None  # None: since always
    ends: date | None = None  # None: open-ended


def overlaps(a: Span, b: Span) -> bool:
    """Whether two date ranges (both ends included, None = unbounded) share a day."""
    a_start, a_end = a.starts or date.min, a.ends or date.max
    b_start, b_end = b.starts or date.min, b.ends or date.max
    return a_start <= b_end and b_start <= a_end


def span_text(span: Span) -> str:
    """'2026-01-01..2026-06-30', '..2026-06-30', '2026-01-01..', '..'."""
    return f"{span.starts.isoformat() if span.starts else ''}..{span.ends.isoformat() if span.ends else ''}"
