"""The price system (价格体系): which price a customer pays for a product on a day, and why.

Pure rules over plain values (store/pricing loads them). All prices are integer fen per base unit
of the product; quantities count base units.

The price, most specific first:
1. a price agreed with this customer (``customer``), valid on the day; the latest start wins;
2. a price list for the customer's kind and grade (``list``), valid on the day: a list naming both
   the kind and the grade beats one naming the kind, which beats one naming the grade, which beats
   a list for everyone; among equals the latest start, then the name;
3. the catalogue's list price (``catalogue``).
A price the rep types (``manual``) replaces all three. Promotions (``promotion``) apply to the
price from the price system, never to a typed one: a discount of basis points off the unit price
(rounded half up to the fen), or gift units (buy N get M, per full N). When several apply, the
one worth most to the customer is taken (ties: the promotion's name).
A base price under the product's floor needs a manager's approval (``below_floor``); a
promotion, set by the manager, never makes a line fall below the floor.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import UserError

SOURCES = ("customer", "list", "catalogue", "manual")
# (zh, en) labels of where a price came from
SOURCE_LABELS = {
    "customer": ("客户协议价", "customer price"),
    "list": ("价目表", "price list"),
    "catalogue": ("商品单价", "list price"),
    "manual": ("手工价", "typed price"),
}
PROMOTION_KINDS = ("gift", "discount")


@dataclass(frozen=True)
class Dated:
    starts: date | None = None
    ends: date | None = None

    def valid_on(self, day: date) -> bool:
        return (self.starts is None or self.starts <= day) and (self.ends is None or day <= self.ends)


@dataclass(frozen=True)
class CustomerPriceRule(Dated):
    price: int = 0


@dataclass(frozen=True)
class ListPriceRule(Dated):
    price: int = 0
    list_name: str = ""
    customer_kind: str = ""  # '' any kind
    grade: str = ""  # '' any grade


@dataclass(frozen=True)
class PromotionRule(Dated):
    id: str = ""
    name: str = ""
    kind: str = "gift"  # gift | discount
    buy_qty: int = 0
    free_qty: int = 0
    discount_bp: int = 0  # basis points: 500 = 5% off
    customer_kind: str = ""
    grade: str = ""


@dataclass(frozen=True)
class PriceContext:
    """What decides one customer's price for one product."""

    list_price: int
    floor_price: int | None = None
    customer_kind: str = ""
    grade: str = ""
    customer_prices: tuple[CustomerPriceRule, ...] = ()
    list_prices: tuple[ListPriceRule, ...] = ()
    promotions: tuple[PromotionRule, ...] = ()


@dataclass(frozen=True)
class Quote:
    price: int  # charged per base unit, after a discount
    base_price: int  # before promotions
    list_price: int  # the catalogue's
    source: str  # customer | list | catalogue | manual
    source_name: str = ""  # the price list's name
    promotion_id: str | None = None
    promotion_name: str = ""
    free_qty: int = 0
    qty: int = 0
    amount: int = 0  # qty * price, in fen
    below_floor: bool = False
    floor_price: int | None = None


def _matches(rule_kind: str, rule_grade: str, kind: str, grade: str) -> bool:
    return (not rule_kind or rule_kind == kind) and (not rule_grade or rule_grade == grade)


def _specificity(rule: ListPriceRule) -> int:
    return (2 if rule.customer_kind else 0) + (1 if rule.grade else 0)


def base_price(ctx: PriceContext, day: date) -> tuple[int, str, str]:
    """(price, source, source name) before promotions."""
    agreed = [r for r in ctx.customer_prices if r.valid_on(day)]
    if agreed:
        best = max(agreed, key=lambda r: (r.starts or date.min, -r.price))
        return best.price, "customer", ""
    lists = [r for r in ctx.list_prices
             if r.valid_on(day) and _matches(r.customer_kind, r.grade, ctx.customer_kind, ctx.grade)]
    if lists:
        best = min(lists, key=lambda r: (-_specificity(r), -(r.starts or date.min).toordinal(), r.list_name, r.price))
        return best.price, "list", best.list_name
    return ctx.list_price, "catalogue", ""


def discounted(price: int, discount_bp: int) -> int:
    """PRICE less DISCOUNT_BP basis points, rounded half up to the fen; never below 0."""
    bp = min(max(discount_bp, 0), 10_000)
    return max((price * (10_000 - bp) + 5_000) // 10_000, 0)


def gift_units(qty: int, promo: PromotionRule) -> int:
    if promo.buy_qty <= 0 or promo.free_qty <= 0 or qty < promo.buy_qty:
        return 0
    return (qty // promo.buy_qty) * promo.free_qty


def _value(promo: PromotionRule, qty: int, price: int) -> int:
    """What the promotion is worth to the customer on this line, in fen."""
    if promo.kind == "discount":
        return qty * (price - discounted(price, promo.discount_bp))
    return gift_units(qty, promo) * price


def applicable(ctx: PriceContext, day: date) -> list[PromotionRule]:
    """The promotions running on DAY for the customer's kind and grade (worth something or not)."""
    return [p for p in ctx.promotions
            if p.valid_on(day) and _matches(p.customer_kind, p.grade, ctx.customer_kind, ctx.grade)]


def best_promotion(ctx: PriceContext, qty: int, day: date, price: int) -> PromotionRule | None:
    """The promotion worth most on QTY units at PRICE (ties: the first name, then the id);
    None when none is worth anything."""
    offers = [(p, _value(p, qty, price)) for p in applicable(ctx, day)]
    offers = [(p, v) for p, v in offers if v > 0]
    if not offers:
        return None
    return min(offers, key=lambda pv: (-pv[1], pv[0].name, pv[0].id))[0]


def quote(ctx: PriceContext, qty: int, day: date, manual_price: int | None = None) -> Quote:
    """The price of QTY base units on DAY."""
    if qty <= 0:
        raise UserError("pricing.quantity_must_be_positive", qty=str(qty))
    if manual_price is not None and manual_price < 0:
        raise UserError("pricing.price_negative")
    if manual_price is not None:
        price, source, name = manual_price, "manual", ""
    else:
        price, source, name = base_price(ctx, day)
    below = ctx.floor_price is not None and price < ctx.floor_price
    promo = None
    if source != "manual":
        promo = best_promotion(ctx, qty, day, price)
    charged = discounted(price, promo.discount_bp) if promo and promo.kind == "discount" else price
    free = gift_units(qty, promo) if promo and promo.kind == "gift" else 0
    return Quote(
        price=charged, base_price=price, list_price=ctx.list_price, source=source, source_name=name,
        promotion_id=promo.id if promo else None, promotion_name=promo.name if promo else "",
        free_qty=free, qty=qty, amount=qty * charged, below_floor=below, floor_price=ctx.floor_price,
    )
