"""What sold (销售分析): the rules behind the sales report. Pure: store/reports/sales reads the
order lines and hands them here.

- A period is a month, a quarter or a year (``Period``), named ``2026-03``, ``2026-Q1``, ``2026``.
- An order counts on its order day; a cancelled order never counts.
- Per line: *ordered* is the line's amount (what the customer ordered, after the price system and
  promotions); *delivered* is the share of that amount for the units signed for,
  ``amount * min(delivered, qty) // qty``; since a line's amount is qty x its price, this is the
  delivered units times the price, what the deliveries billed as receivables; *returned* is the
  credit of the line's returns. Both figures are shown net of returns: ordered - returned and
  delivered - returned (never below zero).
- The rep's target (target.sales, months of the period summed) is compared with the delivered
  amount net of returns: what was sold and handed over, the sales a receivable stands for.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from .errors import UserError

BY = ("product", "category", "customer", "rep")
KINDS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | year
    year: int
    number: int = 0  # month 1-12, quarter 1-4, 0 for a year

    @property
    def months(self) -> range:
        if self.kind == "month":
            return range(self.number, self.number + 1)
        if self.kind == "quarter":
            return range(3 * self.number - 2, 3 * self.number + 1)
        return range(1, 13)

    @property
    def start(self) -> _dt.date:
        return _dt.date(self.year, self.months[0], 1)

    @property
    def end(self) -> _dt.date:
        last = self.months[-1]
        nxt = _dt.date(self.year + 1, 1, 1) if last == 12 else _dt.date(self.year, last + 1, 1)
        return nxt - _dt.timedelta(days=1)

    @property
    def name(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return f"{self.year}"

    def shifted(self, step: int) -> Period:
        """The period STEP periods later (earlier when negative), of the same kind."""
        if self.kind == "year":
            return Period("year", self.year + step)
        size = 12 if self.kind == "month" else 4
        index = self.year * size + self.number - 1 + step
        return Period(self.kind, index // size, index % size + 1)

    def of_kind(self, kind: str) -> Period:
        """The period of KIND that holds this one's first day."""
        return period_of(kind, self.start)


def period_of(kind: str, day: _dt.date) -> Period:
    """The month, quarter or year holding DAY."""
    if kind == "month":
        return Period("month", day.year, day.month)
    if kind == "quarter":
        return Period("quarter", day.year, (day.month - 1) // 3 + 1)
    if kind == "year":
        return Period("year", day.year)
    raise UserError("sales.unknown_period", period=kind)


_NAMED = re.compile(r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{1,2})|[Qq](?P<q>[1-4])))?$")


def parse_period(text: str) -> Period:
    """``2026-03`` (a month), ``2026-Q1`` (a quarter) or ``2026`` (a year)."""
    m = _NAMED.match((text or "").strip())
    if m is None or not 2000 <= int(m["y"]) <= 2100 or (m["m"] and not 1 <= int(m["m"]) <= 12):
        raise UserError("sales.bad_period", period=text)
    year = int(m["y"])
    if m["m"]:
        return Period("month", year, int(m["m"]))
    if m["q"]:
        return Period("quarter", year, int(m["q"]))
    return Period("year", year)


def delivered_amount(amount: int, qty: int, delivered: int) -> int:
    """The part of a line's AMOUNT for the DELIVERED of its QTY units (floored to the fen)."""
    if qty <= 0 or delivered <= 0:
        return 0
    return amount * min(delivered, qty) // qty


@dataclass(frozen=True)
class LineFact:
    """One order line as the report sees it (amounts in fen, quantities in base units)."""

    keys: dict[str, str]  # by -> the group's name (product, category, customer, rep)
    qty: int
    amount: int
    delivered_qty: int = 0
    returned_qty: int = 0
    returned: int = 0  # credit of the returns
    order_id: str = ""


@dataclass
class SalesRow:
    key: str
    orders: int = 0
    qty: int = 0
    ordered: int = 0  # net of returns
    delivered: int = 0  # net of returns
    returned: int = 0
    target: int | None = None  # by rep only
    order_ids: set = field(default_factory=set, repr=False)


def aggregate(facts, by: str) -> list[SalesRow]:
    """Group FACTS by BY: amounts net of returns, biggest delivered first, then by name."""
    if by not in BY:
        raise UserError("sales.unknown_by", by=by, choices=", ".join(BY))
    rows: dict[str, SalesRow] = {}
    for f in facts:
        key = f.keys.get(by) or "-"
        row = rows.get(key)
        if row is None:
            row = rows[key] = SalesRow(key)
        row.order_ids.add(f.order_id)
        row.qty += f.qty - f.returned_qty
        row.ordered += f.amount - f.returned
        row.delivered += delivered_amount(f.amount, f.qty, f.delivered_qty) - f.returned
        row.returned += f.returned
    for row in rows.values():
        row.orders = len(row.order_ids)
        row.ordered, row.delivered, row.qty = max(row.ordered, 0), max(row.delivered, 0), max(row.qty, 0)
    return sorted(rows.values(), key=lambda r: (-r.delivered, -r.ordered, r.key))


def totals(rows: list[SalesRow]) -> SalesRow:
    out = SalesRow("")
    for r in rows:
        out.qty += r.qty
        out.ordered += r.ordered
        out.delivered += r.delivered
        out.returned += r.returned
        out.order_ids |= r.order_ids
        if r.target is not None:
            out.target = (out.target or 0) + r.target
    out.orders = len(out.order_ids)
    return out


def short_amount(fen: int, lang: str) -> float:
    """An amount for a chart: 万元 (two decimals) in Chinese, yuan in English."""
    return round(fen / 1_000_000, 2) if lang == "zh" else fen / 100
